//! The pages: the city dashboard and the kecamatan page, their figures
//! against an independent recomputation from the stored reports, and
//! freshness after a write.

use chrono::Datelike;
use data::inti::laporan::LaporanTersimpan;
use data::inti::laporan::Pengiriman;
use data::inti::wilayah::Wilayah;
use data::simpan::laporan;
use model::Periode;
use model::format::{angka, rupiah};
use model::status::{GeraiStatus, JenisGerai, PinjamanTahap};
use model::view::{DashboardKecamatan, DashboardKota, DetailKkmp, Ringkasan};
use pantau_tests::{Backend, TestApp, on_both};
use std::collections::BTreeMap;

/// The figures of every kecamatan at month `p`, recomputed with plain loops
/// from the definitions (no polars), to check the analytics against.
fn recompute(
    rows: &[LaporanTersimpan],
    wilayah: &Wilayah,
    p: Periode,
) -> BTreeMap<String, Ringkasan> {
    let mut out: BTreeMap<String, Ringkasan> = BTreeMap::new();
    for kel in &wilayah.kelurahan {
        let mine: Vec<&LaporanTersimpan> = rows
            .iter()
            .filter(|r| r.isi.kelurahan_code == kel.code)
            .collect();
        let latest = mine
            .iter()
            .filter(|r| r.isi.periode <= p)
            .max_by_key(|r| r.isi.periode);
        let this_month = mine.iter().find(|r| r.isi.periode == p);
        let window: Vec<_> = mine
            .iter()
            .filter(|r| r.isi.periode <= p && r.isi.periode >= p.prev().prev())
            .collect();
        let r = out.entry(kel.kecamatan_code.clone()).or_default();
        r.kkmp += 1;
        if let Some(l) = latest.map(|x| &x.isi) {
            let units = l.unit_usaha_beroperasi();
            r.badan_hukum += l.badan_hukum as i64;
            r.nib += l.nib as i64;
            r.npwp += l.npwp as i64;
            r.rekening += l.rekening as i64;
            r.gerai_sembako += (l.gerai(JenisGerai::Sembako) == GeraiStatus::Beroperasi) as i64;
            r.pinjaman_cair += (l.pinjaman_tahap == PinjamanTahap::Cair) as i64;
            r.anggota += l.anggota;
            match units {
                0 => r.operasi_belum += 1,
                1 | 2 => r.operasi_terbatas += 1,
                _ => r.operasi_penuh += 1,
            }
            let legal_since = l
                .tgl_badan_hukum
                .and_then(|d| Periode::new(d.year(), d.month()))
                .is_some_and(|since| since <= p.prev().prev());
            let idle = window
                .iter()
                .all(|w| w.isi.unit_usaha_beroperasi() == 0 && w.isi.omzet == 0);
            r.formalitas += (l.badan_hukum && legal_since && idle) as i64;
        } else {
            r.operasi_belum += 1;
        }
        if let Some(m) = this_month {
            r.omzet += m.isi.omzet;
            r.laporan_masuk += 1;
            r.laporan_tepat_waktu +=
                (data::inti::waktu::hari_terlambat(p, 10, m.pertama_dikirim) <= 0) as i64;
        }
    }
    for (code, r) in out.iter_mut() {
        (r.anggota_median, r.omzet_median) = medians(rows, wilayah, p, Some(code));
    }
    out
}

/// The median the way statistics define it: the middle value, or the mean
/// of the two middle values; 0 for no values.
fn median(mut xs: Vec<i64>) -> f64 {
    xs.sort_unstable();
    match xs.len() {
        0 => 0.0,
        n if n % 2 == 1 => xs[n / 2] as f64,
        n => (xs[n / 2 - 1] + xs[n / 2]) as f64 / 2.0,
    }
}

/// Median members (latest report; 0 without one) and median revenue of the
/// month's reports, over the KKMP of `kecamatan` (None: the city).
fn medians(
    rows: &[LaporanTersimpan],
    wilayah: &Wilayah,
    p: Periode,
    kecamatan: Option<&str>,
) -> (f64, f64) {
    let (mut anggota, mut omzet) = (Vec::new(), Vec::new());
    for kel in wilayah
        .kelurahan
        .iter()
        .filter(|k| kecamatan.is_none_or(|c| k.kecamatan_code == c))
    {
        let mine = rows.iter().filter(|r| r.isi.kelurahan_code == kel.code);
        let latest = mine
            .clone()
            .filter(|r| r.isi.periode <= p)
            .max_by_key(|r| r.isi.periode);
        anggota.push(latest.map_or(0, |r| r.isi.anggota));
        if let Some(m) = mine.clone().find(|r| r.isi.periode == p) {
            omzet.push(m.isi.omzet);
        }
    }
    (median(anggota), median(omzet))
}

fn sum(rows: &BTreeMap<String, Ringkasan>) -> Ringkasan {
    let mut t = Ringkasan::default();
    for r in rows.values() {
        t.kkmp += r.kkmp;
        t.badan_hukum += r.badan_hukum;
        t.nib += r.nib;
        t.npwp += r.npwp;
        t.rekening += r.rekening;
        t.gerai_sembako += r.gerai_sembako;
        t.operasi_penuh += r.operasi_penuh;
        t.operasi_terbatas += r.operasi_terbatas;
        t.operasi_belum += r.operasi_belum;
        t.formalitas += r.formalitas;
        t.pinjaman_cair += r.pinjaman_cair;
        t.anggota += r.anggota;
        t.omzet += r.omzet;
        t.laporan_masuk += r.laporan_masuk;
        t.laporan_tepat_waktu += r.laporan_tepat_waktu;
    }
    t
}

async fn api_kota(app: &TestApp, bulan: Option<&str>) -> DashboardKota {
    api_kota_status(app, bulan, "").await
}

/// The city dashboard; `status` "semua" includes reports awaiting verification.
async fn api_kota_status(app: &TestApp, bulan: Option<&str>, status: &str) -> DashboardKota {
    let mut form = bulan.map(|b| format!("bulan={b}")).unwrap_or_default();
    if !status.is_empty() {
        form.push_str(&format!("&status={status}"));
    }
    let (status, body) = app.api("/api/dashboard_kota", &form).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

on_both!(
    dashboard_shows_all_kecamatan_and_a_chart,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let (status, html) = app.get("/").await;
        assert_eq!(status, 200);
        assert!(html.contains("DATA CONTOH"), "demo banner");
        assert!(html.contains("Dasbor KKMP Kota Palembang — Oktober 2026"));
        for kec in &app.pantau.wilayah().kecamatan {
            assert!(
                html.contains(&format!("href=\"/kecamatan/{}?bulan=2026-10\"", kec.code)),
                "{} missing",
                kec.nama
            );
            assert!(html.contains(&kec.nama), "{} missing", kec.nama);
        }
        let chart = html
            .split("data-testid=\"grafik-kecamatan\"")
            .nth(1)
            .expect("chart container");
        assert!(
            chart[chart.find('>').unwrap()..].starts_with("><svg"),
            "inline SVG chart"
        );
        assert!(chart.contains("<title>") && chart.contains("kecamatan"));
        // One bar label per kecamatan inside the SVG.
        let svg = &chart[..chart.find("</svg>").expect("svg end")];
        for kec in &app.pantau.wilayah().kecamatan {
            assert!(
                svg.contains(&format!(">{}<", kec.nama)),
                "bar for {}",
                kec.nama
            );
        }
        app.finish().await;
    }
);

on_both!(
    dashboard_figures_equal_a_direct_recomputation,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let rows = laporan::terkini(&app.db, false).await.unwrap();
        let wilayah = app.pantau.wilayah().clone();
        for bulan in [None, Some("2025-09"), Some("2026-03")] {
            let d = api_kota(&app, bulan).await;
            let p = bulan.map_or(Periode::new(2026, 10).unwrap(), |b| {
                Periode::parse(b).unwrap()
            });
            assert_eq!(d.konteks.periode, p);
            let expected = recompute(&rows, &wilayah, p);
            assert_eq!(d.kecamatan.len(), 18);
            for row in &d.kecamatan {
                assert_eq!(
                    &row.ringkasan,
                    expected.get(&row.code).unwrap(),
                    "kecamatan {} at {p}",
                    row.code
                );
            }
            let (anggota_median, omzet_median) = medians(&rows, &wilayah, p, None);
            assert_eq!(
                d.kota,
                Ringkasan {
                    anggota_median,
                    omzet_median,
                    ..sum(&expected)
                },
                "kota at {p}"
            );
            // The trend ends at this month with the same share.
            let share = model::format::persen(d.kota.share(d.kota.gerai_sembako));
            let line = d
                .tren
                .svg
                .split("Gerai sembako beroperasi: ")
                .nth(1)
                .expect("series described");
            let line = &line[..line.find(". ").expect("series end")];
            assert!(
                line.ends_with(&format!("{} {share}", p.short_label())),
                "trend at {p}: {line}"
            );
            assert_eq!(
                line.split(", ").count() as i32,
                p.index() - Periode::new(2025, 5).unwrap().index() + 1
            );
            assert_eq!(d.kota.kkmp, 107);
            // The page shows the same figures.
            let (_, html) = app.get(&format!("/?bulan={p}")).await;
            assert!(
                html.contains(&angka(d.kota.anggota)),
                "total anggota on the page"
            );
            assert!(html.contains(&rupiah(d.kota.omzet)), "omzet on the page");
            assert!(html.contains(&format!("{} dari 107", angka(d.kota.laporan_masuk))));
        }
        app.finish().await;
    }
);

on_both!(
    kecamatan_page_lists_its_kkmp,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let (status, html) = app.get("/kecamatan/16.71.01?bulan=2026-03").await;
        assert_eq!(status, 200);
        assert!(html.contains("Kecamatan Ilir Barat II — Maret 2026"));
        let kel: Vec<_> = app
            .pantau
            .wilayah()
            .kelurahan
            .iter()
            .filter(|k| k.kecamatan_code == "16.71.01")
            .collect();
        assert_eq!(kel.len(), 7);
        for k in kel {
            assert!(html.contains(&k.code), "{} missing", k.code);
        }
        assert!(html.contains("data-testid=\"grafik-target\""));
        let (status, body) = app
            .api("/api/dashboard_kecamatan", "code=16.71.01&bulan=2026-03")
            .await;
        assert_eq!(status, 200, "{body}");
        let d: DashboardKecamatan = serde_json::from_str(&body).unwrap();
        let expected = recompute(
            &laporan::terkini(&app.db, false).await.unwrap(),
            app.pantau.wilayah(),
            d.konteks.periode,
        );
        assert_eq!(&d.ringkasan, expected.get("16.71.01").unwrap());
        assert_eq!(d.kkmp.len(), 7);
        assert_eq!(
            d.kkmp.iter().filter(|r| r.omzet.is_some()).count() as i64,
            d.ringkasan.laporan_masuk
        );
        app.finish().await;
    }
);

on_both!(
    dashboard_is_fresh_after_a_write,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let before = api_kota(&app, None).await;
        // Warm the cache twice: the second read must come from the cache and agree.
        assert_eq!(api_kota(&app, None).await.kota, before.kota);
        let semua_before = api_kota_status(&app, None, "semua").await;
        let rows = laporan::terkini(&app.db, true).await.unwrap();
        let last = before.konteks.periode;
        // A month still waiting for the camat (not counted by default yet).
        let menunggu: Vec<_> = data::simpan::persetujuan::dalam_status(
            &app.db,
            &[model::status::Persetujuan::Diajukan],
            None,
        )
        .await
        .unwrap();
        let target = rows
            .iter()
            .find(|r| {
                r.isi.periode == last
                    && r.isi.omzet > 0
                    && menunggu.iter().any(|k| {
                        k.kelurahan_code == r.isi.kelurahan_code && k.periode == last.to_string()
                    })
            })
            .unwrap();
        let mut fixed = target.isi.clone();
        fixed.omzet += 123_456_000;
        let kirim = Pengiriman {
            alasan: Some("Koreksi setelah verifikasi".into()),
            ..target.pengiriman.clone()
        };
        laporan::simpan(&app.db, &[(fixed.clone(), kirim)], pantau_tests::uji())
            .await
            .unwrap();
        // With the switch on, the new version counts at once.
        let semua_after = api_kota_status(&app, None, "semua").await;
        assert_eq!(
            semua_after.kota.omzet,
            semua_before.kota.omzet + 123_456_000,
            "no stale figures after a write"
        );
        assert!(semua_after.konteks.semua);
        // By default only accepted data counts: unchanged until accepted.
        let after = api_kota(&app, None).await;
        assert!(!after.konteks.semua);
        assert_eq!(after.kota.omzet, before.kota.omzet);
        // Not even recomputed: a submission cannot change that view, so its
        // figures still say the revision they were computed at.
        assert_eq!(after.konteks.revisi, before.konteks.revisi);
        assert!(semua_after.konteks.revisi > before.konteks.revisi);
        // The camat verifies, Dinas accepts: now it counts by default.
        let p = data::inti::jejak::Pelaku::sistem("uji");
        for ke in [
            model::status::Persetujuan::Diverifikasi,
            model::status::Persetujuan::Diterima,
        ] {
            data::simpan::persetujuan::langkah(
                &app.db,
                &fixed.kelurahan_code,
                last,
                2,
                ke,
                "uji",
                &p,
                "",
            )
            .await
            .unwrap();
        }
        let accepted = api_kota(&app, None).await;
        assert!(accepted.konteks.revisi > semua_after.konteks.revisi);
        assert_eq!(
            accepted.kota.omzet,
            before.kota.omzet + fixed.omzet,
            "accepted, it counts"
        );
        app.finish().await;
    }
);

on_both!(
    an_empty_database_still_renders,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let (status, html) = app.get("/").await;
        assert_eq!(status, 200);
        assert!(
            !html.contains("DATA CONTOH"),
            "no demo banner without demo data"
        );
        assert!(html.contains("Ilir Barat II"));
        let d = api_kota(&app, None).await;
        assert_eq!(
            (d.kota.kkmp, d.kota.badan_hukum, d.kota.laporan_masuk),
            (107, 0, 0)
        );
        app.finish().await;
    }
);

on_both!(
    map_marks_every_kkmp_by_status,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let d = api_kota(&app, Some("2026-03")).await;
        let svg = &d.peta.svg;
        assert!(
            svg.contains(&format!(
                "Beroperasi penuh ({})",
                angka(d.kota.operasi_penuh)
            )),
            "legend count"
        );
        assert!(svg.contains(&format!(
            "Beroperasi terbatas ({})",
            angka(d.kota.operasi_terbatas)
        )));
        assert!(svg.contains(&format!(
            "Belum beroperasi ({})",
            angka(d.kota.operasi_belum)
        )));
        assert!(svg.contains(&format!("hanya formalitas ({})", angka(d.kota.formalitas))));
        // Every kelurahan is described, so the map reads without sight too.
        for k in &app.pantau.wilayah().kelurahan {
            assert!(
                svg.contains(&format!("{}: ", k.nama)),
                "{} not on the map",
                k.nama
            );
        }
        let (_, html) = app.get("/?bulan=2026-03").await;
        assert!(html.contains("data-testid=\"grafik-peta\""));
        app.finish().await;
    }
);

on_both!(
    kkmp_page_lists_every_version,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // A KKMP with a correction in the demo data.
        let rows = laporan::terkini(&app.db, true).await.unwrap();
        let corrected = rows
            .iter()
            .find(|r| r.versi == 2)
            .expect("demo has corrections");
        let code = corrected.isi.kelurahan_code.clone();
        let (status, body) = app.api("/api/detail_kkmp", &format!("code={code}")).await;
        assert_eq!(status, 200, "{body}");
        let d: DetailKkmp = serde_json::from_str(&body).unwrap();
        let stored: usize = {
            let mut n = 0;
            for r in rows.iter().filter(|r| r.isi.kelurahan_code == code) {
                n += laporan::riwayat(&app.db, &code, r.isi.periode)
                    .await
                    .unwrap()
                    .len();
            }
            n
        };
        assert_eq!(d.versi.len(), stored, "every version listed");
        assert_eq!(
            d.versi.iter().filter(|v| v.terkini).count(),
            rows.iter().filter(|r| r.isi.kelurahan_code == code).count()
        );
        let v2 = d.versi.iter().find(|v| v.versi == 2).unwrap();
        assert!(v2.terkini && v2.alasan.is_some());
        assert_eq!(d.periode_wajib.len(), 18);
        let (status, html) = app.get(&format!("/kkmp/{code}")).await;
        assert_eq!(status, 200);
        assert!(html.contains(&d.kkmp_nama));
        assert!(html.contains("Alasan: "), "reason of the correction shown");
        assert!(html.contains("diganti"), "superseded version marked");
        // The kecamatan page links to it.
        let (_, kec) = app.get(&format!("/kecamatan/{}", d.kecamatan_code)).await;
        assert!(kec.contains(&format!("href=\"/kkmp/{code}\"")));
        app.finish().await;
    }
);

on_both!(
    funnel_counts_equal_a_direct_recomputation,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let rows = laporan::terkini(&app.db, false).await.unwrap();
        for bulan in ["2025-09", "2026-10"] {
            let p = Periode::parse(bulan).unwrap();
            let d = api_kota(&app, Some(bulan)).await;
            let mut expected = [0i64; 9];
            for kel in &app.pantau.wilayah().kelurahan {
                let Some(l) = rows
                    .iter()
                    .filter(|r| r.isi.kelurahan_code == kel.code && r.isi.periode <= p)
                    .max_by_key(|r| r.isi.periode)
                    .map(|r| &r.isi)
                else {
                    continue;
                };
                let stage = PinjamanTahap::ALL
                    .iter()
                    .position(|t| *t == l.pinjaman_tahap)
                    .unwrap();
                let reached = [
                    l.badan_hukum,
                    l.nib && l.npwp && l.rekening,
                    stage >= 1,
                    stage >= 2,
                    l.pinjaman_tahap == PinjamanTahap::Cair,
                    l.lahan == model::status::Lahan::MemenuhiSyarat,
                    l.pembangunan == model::status::Pembangunan::Selesai,
                    l.unit_usaha_beroperasi() >= 1,
                    l.rat,
                ];
                for (n, r) in expected.iter_mut().zip(reached) {
                    *n += r as i64;
                }
            }
            let got: Vec<i64> = d.tahapan.iter().map(|(_, n)| *n).collect();
            assert_eq!(got, expected, "funnel at {bulan}");
            assert_eq!(d.tahapan[0].0, "Berbadan hukum");
            assert!(
                d.grafik_tahapan
                    .svg
                    .contains(&format!("Berbadan hukum: {}", angka(expected[0])))
            );
        }
        app.finish().await;
    }
);

on_both!(
    the_chart_indicator_lives_in_the_url,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let (status, body) = app
            .api("/api/dashboard_kota", "bulan=2026-03&indikator=beroperasi")
            .await;
        assert_eq!(status, 200, "{body}");
        let d: DashboardKota = serde_json::from_str(&body).unwrap();
        assert_eq!(d.indikator, "beroperasi");
        assert!(
            d.grafik.judul.contains("KKMP beroperasi"),
            "{}",
            d.grafik.judul
        );
        for row in &d.kecamatan {
            let c = row
                .capaian
                .as_ref()
                .expect("a city target applies to every kecamatan");
            assert_eq!(c.indikator, "beroperasi");
            // JSON carries floats to within an ulp.
            let expected = row.ringkasan.share(row.ringkasan.beroperasi());
            assert!(
                (c.aktual - expected).abs() < 1e-12,
                "{}: {} vs {expected}",
                row.code,
                c.aktual
            );
        }
        // The default stays the national milestone, and the page honours the parameter.
        assert_eq!(
            api_kota(&app, Some("2026-03")).await.indikator,
            "gerai_sembako"
        );
        let (status, html) = app.get("/?bulan=2026-03&indikator=rekening").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("target KKMP dengan rekening bank"),
            "chart title follows the indicator"
        );
        let (status, html) = app.get("/?indikator=jumlah_sapi").await;
        assert_eq!(status, 400);
        assert!(html.contains("Indikator 'jumlah_sapi' tidak dikenal"));
        app.finish().await;
    }
);

on_both!(
    city_completeness_grid_adds_up,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        for bulan in [None, Some("2026-03")] {
            let d = api_kota(&app, bulan).await;
            let k = &d.kelengkapan;
            assert_eq!(k.baris.len(), 18);
            assert_eq!(k.periode.last(), Some(&d.konteks.periode));
            assert!(k.periode.len() <= 12);
            assert_eq!(k.baris.iter().map(|b| b.kkmp).sum::<i64>(), 107);
            let last = k.periode.len() - 1;
            let masuk: i64 = k.baris.iter().map(|b| b.sel[last].0).sum();
            let tepat: i64 = k.baris.iter().map(|b| b.sel[last].1).sum();
            assert_eq!(masuk, d.kota.laporan_masuk, "the grid equals the headline");
            assert_eq!(tepat, d.kota.laporan_tepat_waktu);
            for (b, row) in k.baris.iter().zip(&d.kecamatan) {
                assert_eq!(b.code, row.code);
                assert_eq!(b.sel[last].0, row.ringkasan.laporan_masuk, "{}", b.nama);
            }
        }
        let (_, html) = app.get("/").await;
        assert!(html.contains("data-testid=\"grid-kelengkapan-kota\""));
        assert!(html.contains("KKMP melapor"));
        app.finish().await;
    }
);

on_both!(
    one_report_version_shows_every_field,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let (status, html) = app.get("/kkmp/16.71.04.1001/2026-03/1").await;
        assert_eq!(status, 200, "{html}");
        for b in model::isian::BIDANG {
            assert!(
                html.contains(b.label) || html.contains(&b.label.replace('&', "&amp;")),
                "{} missing",
                b.label
            );
        }
        let (status, body) = app
            .api(
                "/api/versi_laporan",
                "code=16.71.04.1001&bulan=2026-03&versi=1",
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let v: model::view::DetailVersi = serde_json::from_str(&body).unwrap();
        let fields: usize = v.bagian.iter().map(|(_, f)| f.len()).sum();
        assert_eq!(fields, model::isian::BIDANG.len());
        assert_eq!(v.semua_versi.first(), Some(&1));
        let stored = laporan::semua_versi(&app.db, "16.71.04.1001")
            .await
            .unwrap();
        let r = stored
            .iter()
            .find(|r| r.isi.periode == v.periode && r.versi == 1)
            .unwrap();
        let anggota = v
            .bagian
            .iter()
            .flat_map(|(_, f)| f)
            .find(|f| f.label.starts_with("Jumlah anggota"))
            .unwrap();
        assert_eq!(anggota.nilai, angka(r.isi.anggota));
        let (status, _) = app.get("/kkmp/16.71.04.1001/2026-03/9").await;
        assert_eq!(status, 404);
        // The KKMP page links each version to its page.
        let (_, html) = app.get("/kkmp/16.71.04.1001").await;
        assert!(html.contains("href=\"/kkmp/16.71.04.1001/2026-03/1\""));
        app.finish().await;
    }
);

on_both!(
    requests_arriving_together_on_a_cold_page_compute_it_once,
    |backend: Backend| async move {
        let Some(app) = pantau_tests::TestApp::new(backend, true).await else {
            return;
        };
        let p = model::Periode::parse("2026-09").ok();
        let awal = app.pantau.jumlah_perhitungan();
        let mut semua = tokio::task::JoinSet::new();
        for i in 0..32 {
            let pantau = app.pantau.clone();
            semua.spawn(async move {
                if i % 2 == 0 {
                    pantau
                        .dashboard_kecamatan("16.71.07", p, false)
                        .await
                        .map(|d| d.ringkasan.kkmp)
                } else {
                    pantau
                        .dashboard_kota(p, None, None, false)
                        .await
                        .map(|d| d.kota.kkmp)
                }
            });
        }
        while let Some(r) = semua.join_next().await {
            assert!(r.unwrap().unwrap() > 0);
        }
        assert_eq!(
            app.pantau.jumlah_perhitungan() - awal,
            2,
            "one computation for the kecamatan page, one for the city page"
        );
        app.finish().await;
    }
);
