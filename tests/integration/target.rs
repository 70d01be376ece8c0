//! Targets and progress: the target form and its history, the CSV import
//! (all or nothing), the boundary files of the map, and the analytics the
//! city page shows (league tables, change from last month, small multiples)
//! against an independent recomputation. Through HTTP, as a browser without
//! JavaScript sends it.

use data::inti::target::Cakupan;
use data::inti::target::Target;
use data::simpan::laporan;
use model::Periode;
use model::status::{GeraiStatus, JenisGerai};
use model::view::{DashboardKecamatan, DashboardKota};
use pantau_tests::{Backend, TestApp, dump, enc, on_both};

/// The target form's body: the fields of `data::inti::target::KOLOM`, who, why.
fn form(id: Option<i64>, isian: [&str; 8], oleh: &str, alasan: &str) -> String {
    let mut parts = vec![format!(
        "id={}",
        id.map(|i| i.to_string()).unwrap_or_default()
    )];
    for (k, v) in data::inti::target::KOLOM.iter().zip(isian) {
        parts.push(format!("{}={}", enc(&format!("isian[{k}]")), enc(v)));
    }
    parts.push(format!("oleh={}", enc(oleh)));
    parts.push(format!("alasan={}", enc(alasan)));
    parts.join("&")
}

/// Everything stored except the short-lived drafts and messages.
async fn data_tersimpan(app: &TestApp) -> Vec<String> {
    let mut d = dump(&app.db).await;
    if let Some(i) = d.iter().position(|l| l.starts_with("-- sementara")) {
        d.truncate(i);
    }
    d
}

async fn kota(app: &TestApp, form: &str) -> DashboardKota {
    let (status, body) = app.api("/api/dashboard_kota", form).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn kecamatan(app: &TestApp, form: &str) -> DashboardKecamatan {
    let (status, body) = app.api("/api/dashboard_kecamatan", form).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

on_both!(
    a_target_is_added_changed_and_retired_with_its_history,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // The dashboard is computed (and cached) before the writes below.
        let before = kota(&app, "bulan=2026-03").await;
        let row = before
            .kecamatan
            .iter()
            .find(|r| r.code == "16.71.01")
            .unwrap();
        assert_eq!(row.capaian.as_ref().unwrap().cakupan, "kota");

        let isian = [
            "gerai_sembako",
            "kecamatan",
            "16.71.01",
            "0",
            "1/7/2025",
            "100",
            "30/4/2026",
            "<script>alert(1)</script> percontohan",
        ];
        let (status, location) = app
            .post_html(
                "/api/kirim_target",
                &form(None, isian, "Budi, Dinas Koperasi", ""),
                "/target",
            )
            .await;
        assert_eq!(status, 302, "{location}");
        let id: i64 = location
            .strip_prefix("/target/")
            .and_then(|r| r.split('?').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{location}"));
        assert!(location.ends_with("?tersimpan=1"), "{location}");

        // The next read uses the new target: its own scope, its deadline,
        // and the status the target rules give for the value shown.
        let t = Target {
            indikator: "gerai_sembako".into(),
            cakupan: Cakupan::Kecamatan("16.71.01".into()),
            nilai_awal: 0.0,
            tgl_awal: d("2025-07-01"),
            nilai_target: 1.0,
            tenggat: d("2026-04-30"),
            keterangan: String::new(),
        };
        let after = kota(&app, "bulan=2026-03").await;
        assert!(after.konteks.revisi > before.konteks.revisi);
        let c = after
            .kecamatan
            .iter()
            .find(|r| r.code == "16.71.01")
            .and_then(|r| r.capaian.clone())
            .unwrap();
        assert_eq!(
            (c.cakupan.as_str(), c.tenggat.as_str()),
            ("16.71.01", "2026-04-30")
        );
        assert_eq!(c.status, t.status(c.aktual, d("2026-03-31")));
        assert!((c.harapan - t.harapan(d("2026-03-31"))).abs() < 1e-9);

        // A change without a reason is refused at its field; nothing changes.
        let stored = data_tersimpan(&app).await;
        let mut changed = isian;
        changed[5] = "80";
        let (status, location) = app
            .post_html(
                "/api/kirim_target",
                &form(Some(id), changed, "Budi", ""),
                "/target",
            )
            .await;
        assert_eq!(status, 302);
        assert!(
            location.starts_with(&format!("/target/{id}?draf=")),
            "{location}"
        );
        let (status, html) = app.get(location.split('#').next().unwrap()).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Tulis alasan perubahan target"),
            "message at the field"
        );
        assert!(html.contains("value=\"80\""), "what was typed comes back");
        assert_eq!(
            data_tersimpan(&app).await,
            stored,
            "a refused change stores nothing"
        );

        // With a reason it is stored, and the history says what changed.
        let (_, location) = app
            .post_html(
                "/api/kirim_target",
                &form(Some(id), changed, "Budi", "SK Wali Kota 12/2026"),
                "/target",
            )
            .await;
        assert_eq!(location, format!("/target/{id}?tersimpan=1"));
        let c = kota(&app, "bulan=2026-03")
            .await
            .kecamatan
            .into_iter()
            .find(|r| r.code == "16.71.01")
            .and_then(|r| r.capaian)
            .unwrap();
        assert!(
            (c.target - 0.8).abs() < 1e-12,
            "fresh after the write: {}",
            c.target
        );
        let (status, html) = app.get(&format!("/target/{id}")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Nilai target: 100 → 80"),
            "the change is listed"
        );
        assert!(html.contains("SK Wali Kota 12/2026"));
        assert!(!html.contains("<script>alert(1)"), "text is escaped");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; percontohan"));

        // Retired: the kecamatan falls back to the city's target.
        let (_, location) = app
            .post_html(
                "/api/nonaktifkan_target",
                &format!("id={id}&oleh=Budi&alasan=dicabut"),
                &format!("/target/{id}"),
            )
            .await;
        assert_eq!(location, format!("/target/{id}?nonaktif=1"));
        let c = kota(&app, "bulan=2026-03")
            .await
            .kecamatan
            .into_iter()
            .find(|r| r.code == "16.71.01")
            .and_then(|r| r.capaian)
            .unwrap();
        assert_eq!(c.cakupan, "kota");
        let (_, html) = app.get(&format!("/target/{id}")).await;
        assert_eq!(
            html.matches("<li><strong>").count(),
            3,
            "created, changed, retired"
        );
        app.finish().await;
    }
);

on_both!(
    a_target_csv_is_imported_all_or_nothing,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let stored = data_tersimpan(&app).await;
        let bad = "indikator;cakupan;kode_wilayah;nilai_awal;tgl_awal;nilai_target;tenggat;keterangan\n\
                   gerai_sembako;kecamatan;16.71.02;0;1/7/2025;100;31/3/2026;ok\n\
                   beroperasi;kecamatan;16.71.99;0;1/7/2025;100;31/3/2026;kode salah\n";
        let (status, location) = app
            .multipart(
                "/target/impor",
                "target.csv",
                bad.as_bytes(),
                &[("oleh", "Budi")],
            )
            .await;
        assert_eq!(status, 303, "{location}");
        assert!(location.starts_with("/target?galat="), "{location}");
        let (_, html) = app.get(&location).await;
        assert!(
            html.contains("Baris 3, kolom C (kode_wilayah): kecamatan dengan kode &#x27;16.71.99&#x27; tidak ada")
                || html.contains("Baris 3, kolom C (kode_wilayah): kecamatan dengan kode '16.71.99' tidak ada"),
            "located error on the page"
        );
        assert_eq!(
            data_tersimpan(&app).await,
            stored,
            "a refused file stores nothing"
        );

        // The export reads back unchanged; a changed row and a new row apply.
        let (status, csv) = app.get("/target/target.csv").await;
        assert_eq!(status, 200);
        let (_, location) = app
            .multipart(
                "/target/impor",
                "target.csv",
                csv.as_bytes(),
                &[("oleh", "Budi")],
            )
            .await;
        assert_eq!(location, "/target?ditambah=0&diubah=0");
        let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with("rekening;"))
            .unwrap();
        lines[i] = lines[i].replace(";100;", ";90;");
        lines.push("anggota_rata;kelurahan;16.71.01.1001;40;1/5/2025;200;31/12/2026;".into());
        let (_, location) = app
            .multipart(
                "/target/impor",
                "target.csv",
                lines.join("\n").as_bytes(),
                &[("oleh", "Budi"), ("alasan", "revisi RPJMD")],
            )
            .await;
        assert_eq!(location, "/target?ditambah=1&diubah=1");
        let targets = data::simpan::target::semua(&app.db).await.unwrap();
        let rek = targets.iter().find(|t| t.indikator == "rekening").unwrap();
        assert!((rek.nilai_target - 0.9).abs() < 1e-12);
        assert!(
            targets
                .iter()
                .any(|t| t.cakupan == Cakupan::Kelurahan("16.71.01.1001".into()))
        );
        let riwayat: i64 = match &app.db {
            data::simpan::Db::Sqlite(p) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM target_riwayat WHERE aksi = 'impor'")
                    .fetch_one(p)
                    .await
                    .unwrap()
            }
            data::simpan::Db::Postgres(p) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM target_riwayat WHERE aksi = 'impor'")
                    .fetch_one(p)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(riwayat, 2);
        // The KKMP page judges the KKMP against its own kelurahan target.
        let (_, body) = app.api("/api/detail_kkmp", "code=16.71.01.1001").await;
        let kkmp: model::view::DetailKkmp = serde_json::from_str(&body).unwrap();
        let c = kkmp
            .target
            .iter()
            .find(|c| c.indikator == "anggota_rata")
            .unwrap();
        assert_eq!((c.cakupan.as_str(), c.target), ("16.71.01.1001", 200.0));
        app.finish().await;
    }
);

/// A boundary file made from the master data: a small square around every
/// kelurahan centroid, codes without dots.
fn geojson(app: &TestApp) -> String {
    let features: Vec<String> = app
        .pantau
        .wilayah()
        .kelurahan
        .iter()
        .map(|k| {
            let (x, y, r) = (k.lng, k.lat, 0.004);
            format!(
                r#"{{"type":"Feature","properties":{{"KODE":"{}","nama":"{}"}},"geometry":{{"type":"Polygon","coordinates":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}}}"#,
                k.code.replace('.', ""),
                k.nama,
                x - r, y - r, x + r, y - r, x + r, y + r, x - r, y + r, x - r, y - r
            )
        })
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

on_both!(
    boundary_files_draw_the_map_and_bad_ones_are_refused,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let d0 = kota(&app, "bulan=2026-03").await;
        assert!(!d0.peta_batas);
        assert_eq!(d0.peta.svg.matches("<polygon").count(), 0);

        let stored = data_tersimpan(&app).await;
        let (status, location) = app
            .multipart(
                "/batas/berkas",
                "salah.geojson",
                b"{\"type\":\"Point\"}",
                &[("oleh", "GIS")],
            )
            .await;
        assert_eq!(status, 303);
        assert!(location.starts_with("/batas?galat="), "{location}");
        let (_, html) = app.get(&location).await;
        assert!(
            html.contains("salah.geojson: harus GeoJSON FeatureCollection"),
            "message shown"
        );
        assert_eq!(data_tersimpan(&app).await, stored);

        let (_, location) = app
            .multipart(
                "/batas/berkas",
                "kelurahan.geojson",
                geojson(&app).as_bytes(),
                &[("oleh", "GIS")],
            )
            .await;
        assert_eq!(location, "/batas?dipasang=kelurahan&wilayah=107");
        let d1 = kota(&app, "bulan=2026-03").await;
        assert!(d1.peta_batas);
        assert_eq!(
            d1.peta.svg.matches("<polygon").count(),
            107,
            "one area per kelurahan"
        );
        // By indicator: areas shaded, no status marks, classes in the legend.
        let d2 = kota(
            &app,
            "bulan=2026-03&indikator=gerai_sembako&peta=gerai_sembako",
        )
        .await;
        assert_eq!(d2.peta_mode, "gerai_sembako");
        let sudah = d2.kota.gerai_sembako;
        assert!(
            d2.peta.svg.contains(&format!("Sudah ({sudah} KKMP)")),
            "yes/no legend"
        );
        assert!(
            d2.peta.judul.contains(&format!("{sudah} dari 107 KKMP")),
            "{}",
            d2.peta.judul
        );
        assert_eq!(d2.peta.tabel.baris.len(), 107);
        let (status, _) = app.api("/api/dashboard_kota", "peta=omzet").await;
        assert_eq!(status, 400);
        let (_, html) = app.get("/batas").await;
        assert!(html.contains("kelurahan.geojson") && html.contains("data-testid=\"tabel-batas\""));
        app.finish().await;
    }
);

on_both!(
    league_tables_and_changes_match_a_recomputation,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let rows = laporan::terkini(&app.db, true).await.unwrap();
        let wilayah = app.pantau.wilayah().clone();
        let p = Periode::parse("2026-03").unwrap();
        // The share of KKMP with gerai sembako operating, per kecamatan, at
        // a month: plain loops over the latest report of each KKMP.
        let share = |kec: &str, m: Periode| {
            let kel: Vec<_> = wilayah
                .kelurahan
                .iter()
                .filter(|k| k.kecamatan_code == kec)
                .collect();
            let yes = kel
                .iter()
                .filter(|k| {
                    rows.iter()
                        .filter(|r| r.isi.kelurahan_code == k.code && r.isi.periode <= m)
                        .max_by_key(|r| r.isi.periode)
                        .is_some_and(|r| {
                            r.isi.gerai(JenisGerai::Sembako) == GeraiStatus::Beroperasi
                        })
                })
                .count();
            yes as f64 / kel.len() as f64
        };
        let d = kota(&app, "bulan=2026-03&indikator=gerai_sembako").await;
        assert_eq!(d.liga.len(), 18);
        let ranks: Vec<i64> = d.liga.iter().map(|r| r.peringkat).collect();
        assert_eq!(ranks, (1..=18).collect::<Vec<_>>());
        let values: Vec<f64> = d.liga.iter().map(|r| share(&r.code, p)).collect();
        assert!(
            values.windows(2).all(|w| w[0] >= w[1]),
            "best first: {values:?}"
        );
        for r in &d.liga {
            let now = share(&r.code, p);
            assert_eq!(r.nilai, model::format::persen(now), "{}", r.code);
            let mom = (now - share(&r.code, p.prev())) * 100.0;
            let text = format!("{} poin", model::format::desimal(mom, 1));
            let text = if mom > 0.0 { format!("+{text}") } else { text };
            assert_eq!(r.mom.as_deref(), Some(text.as_str()), "{}", r.code);
        }
        // No data a year before March 2026 in the demo's first months? The
        // demo starts in 2025, so March 2025 exists only if reported.
        let has_year_before = rows
            .iter()
            .any(|r| r.isi.periode == Periode::parse("2025-03").unwrap());
        assert_eq!(d.liga[0].yoy.is_some(), has_year_before);
        assert_eq!(d.liga_ketepatan.len(), 18);
        assert_eq!(d.lama_tahapan.len(), 18);
        assert_eq!(d.lama_tahapan[0].sel.len(), d.tahapan.len());
        for k in &wilayah.kecamatan {
            assert!(
                d.kelipatan.svg.contains(&format!(">{}<", k.nama)),
                "panel for {}",
                k.nama
            );
        }
        assert_eq!(d.kelipatan.tabel.baris.len(), 18);
        // The kecamatan page: its rank on each indicator agrees.
        let kec = kecamatan(&app, "code=16.71.04&bulan=2026-03").await;
        let rank = kec
            .peringkat
            .iter()
            .find(|(n, _)| n == "Gerai sembako beroperasi")
            .map(|(_, r)| *r)
            .unwrap();
        let listed = d
            .liga
            .iter()
            .find(|r| r.code == "16.71.04")
            .unwrap()
            .peringkat;
        assert_eq!(rank, listed);
        assert!(kec.tren.svg.contains("<title>Kecamatan "));
        let (status, html) = app
            .get("/?bulan=2026-03&indikator=beroperasi&peta=beroperasi")
            .await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Median anggota") && html.contains("Median omzet"),
            "medians shown"
        );
        for id in [
            "liga-indikator",
            "liga-ketepatan",
            "grafik-kelipatan",
            "tabel-lama-tahapan",
            "angka-peta",
        ] {
            assert!(
                html.contains(&format!("data-testid=\"{id}\"")),
                "{id} on the page"
            );
        }
        app.finish().await;
    }
);
