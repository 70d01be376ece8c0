//! The open data (`/data-terbuka`, issue 18): public, read-only, no
//! account; only accepted reports; every response checked against the
//! published column list, and nothing personal in it (the sender of a
//! report, an account's name and number); the catalogue a Satu Data portal
//! harvests; rate-limited per address; cached until an acceptance.

use axum::body::Body;
use chrono::Utc;
use http::{Request, StatusCode, header};
use model::akun::Peran;
use model::terbuka::{KECAMATAN, KKMP, Tabel};
use pantau_tests::{Backend, TestApp, on_both};
use std::collections::BTreeSet;

/// GET `path` as a visitor without an account: status, headers, body.
async fn ambil(app: &TestApp, path: &str) -> (StatusCode, http::HeaderMap, Vec<u8>) {
    app.mentah(Request::builder().uri(path).body(Body::empty()).unwrap())
        .await
}

/// Checks a table's CSV and JSON against its column list; returns the
/// JSON rows.
async fn periksa(app: &TestApp, t: &Tabel) -> Vec<serde_json::Value> {
    let nama: Vec<&str> = t.kolom.iter().map(|k| k.nama).collect();
    let (status, h, csv) = ambil(app, &format!("/data-terbuka/{}.csv", t.kode)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let mut r = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), nama);
    let mut n_csv = 0;
    for rec in r.records() {
        assert_eq!(rec.unwrap().len(), nama.len());
        n_csv += 1;
    }
    let (status, h, json) = ambil(app, &format!("/data-terbuka/{}.json", t.kode)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "application/json");
    assert_eq!(h[header::CACHE_CONTROL], "public, max-age=300");
    assert!(
        h.get(header::SET_COOKIE).is_none(),
        "no cookie on open data"
    );
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let kunci: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        kunci,
        BTreeSet::from([
            "tabel",
            "judul",
            "penerbit",
            "lisensi",
            "diubah",
            "periode_awal",
            "periode_akhir",
            "kamus",
            "jumlah_baris",
            "data"
        ])
    );
    let data = v["data"].as_array().unwrap().clone();
    assert_eq!(data.len(), n_csv);
    assert_eq!(v["jumlah_baris"], n_csv);
    let harap: BTreeSet<&str> = nama.iter().copied().collect();
    for baris in &data {
        let k: BTreeSet<&str> = baris
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(k, harap, "exactly the published columns");
    }
    data
}

on_both!(
    open_data_shows_accepted_reports_only_in_its_columns_and_nothing_personal,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // An operator with a name and a number, who sends a report for the
        // month after the newest accepted one: not accepted yet.
        let terbaru = app.pantau.isi(None).await.unwrap().periode.unwrap();
        let bulan = terbaru.next();
        let (kel, mut l) = pantau_tests::demo_terakhir().into_iter().next().unwrap();
        app.sesi_untuk("op.rahasia", Peran::Operator, Some(&kel))
            .await;
        let op = data::simpan::akun::daftar(&app.db)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.nama_pengguna == "op.rahasia")
            .unwrap();
        data::simpan::akun::ubah(
            &app.db,
            op.id,
            &data::inti::akun::Perubahan::Kontak(data::inti::pesan::Kontak {
                surel: "siti.rahasia@contoh.id".into(),
                whatsapp: "+6281299990000".into(),
                terima_surel: true,
                terima_whatsapp: true,
            }),
            &data::inti::jejak::Pelaku::sistem("uji"),
            "uji",
        )
        .await
        .unwrap();
        l.periode = bulan;
        l.anggota = 98_765;
        let kirim = data::inti::laporan::Pengiriman {
            dikirim_pada: Utc::now(),
            dikirim_oleh: "op.rahasia".into(),
            sumber: "formulir".into(),
            alasan: None,
            peringatan: String::new(),
            unggahan_id: None,
        };
        data::simpan::laporan::simpan(&app.db, &[(l, kirim)], pantau_tests::uji())
            .await
            .unwrap();
        app.anonim();
        let kec = periksa(&app, &KECAMATAN).await;
        let kkmp = periksa(&app, &KKMP).await;
        assert_eq!(kec.len() % 18, 0);
        assert_eq!(kkmp.len() % 107, 0);
        assert!(
            kkmp.iter().all(|b| b["periode"] != bulan.to_string()),
            "the unaccepted month is not there"
        );
        assert!(kkmp.iter().all(|b| b["anggota"] != 98_765));
        assert!(kkmp.iter().any(|b| b["periode"] == terbaru.to_string()));
        // Nothing personal anywhere: not the sender, not the accounts.
        for f in [
            "kecamatan.csv",
            "kecamatan.json",
            "kkmp.csv",
            "kkmp.json",
            "kamus.json",
            "katalog.json",
            "openapi.json",
        ] {
            let (s, _, b) = ambil(&app, &format!("/data-terbuka/{f}")).await;
            assert_eq!(s, StatusCode::OK, "{f}");
            let b = String::from_utf8(b).unwrap();
            for pribadi in [
                "op.rahasia",
                op.nama.as_str(),
                "uji.admin",
                "siti.rahasia@contoh.id",
                "6281299990000",
            ] {
                assert!(!b.contains(pribadi), "{f} contains {pribadi}");
            }
        }
        // Accepted: the month appears, and the cache follows the change.
        pantau_tests::terima_semua(&app.db).await;
        let kkmp = periksa(&app, &KKMP).await;
        let baru: Vec<_> = kkmp
            .iter()
            .filter(|b| b["periode"] == bulan.to_string())
            .collect();
        assert_eq!(baru.len(), 107, "every KKMP has a row for the month");
        let b = baru
            .iter()
            .find(|b| b["kode_kelurahan"] == kel.as_str())
            .unwrap();
        assert_eq!(b["anggota"], 98_765);
        assert_eq!(b["periode_data"], bulan.to_string());
        assert!(
            baru.iter()
                .filter(|b| b["kode_kelurahan"] != kel.as_str())
                .all(|b| b["omzet"].is_null() && b["status_laporan"] == "tidak_ada"),
            "no report for the month: no omzet, and said so"
        );
        // The catalogue a portal harvests.
        let (_, _, k) = ambil(&app, "/data-terbuka/katalog.json").await;
        let k: serde_json::Value = serde_json::from_slice(&k).unwrap();
        assert_eq!(
            k["conformsTo"],
            "https://project-open-data.cio.gov/v1.1/schema"
        );
        let ds = k["dataset"].as_array().unwrap();
        assert_eq!(ds.len(), 2);
        for d in ds {
            for f in [
                "title",
                "description",
                "modified",
                "license",
                "spatial",
                "temporal",
                "identifier",
            ] {
                assert!(
                    d[f].is_string() && !d[f].as_str().unwrap().is_empty(),
                    "{f}: {d}"
                );
            }
            assert_eq!(d["publisher"]["name"], model::terbuka::PENERBIT);
            assert!(
                d["temporal"].as_str().unwrap().contains(&format!(
                    "/{}-{:02}-",
                    bulan.year(),
                    bulan.month()
                )),
                "the coverage runs to the newest accepted month: {}",
                d["temporal"]
            );
            for dist in d["distribution"].as_array().unwrap() {
                assert!(
                    dist["downloadURL"]
                        .as_str()
                        .unwrap()
                        .starts_with("https://pantau.example/data-terbuka/")
                );
            }
        }
        // An unchanged file: 304 for its ETag.
        let (_, h, _) = ambil(&app, "/data-terbuka/kkmp.json").await;
        let etag = h[header::ETAG].to_str().unwrap().to_string();
        let (s, _, b) = app
            .mentah(
                Request::builder()
                    .uri("/data-terbuka/kkmp.json")
                    .header(header::IF_NONE_MATCH, &etag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(s, StatusCode::NOT_MODIFIED);
        assert!(b.is_empty());
        // gzip: compressed once, the same bytes inside, its own ETag.
        let gz = || {
            Request::builder()
                .uri("/data-terbuka/kkmp.json")
                .header(header::ACCEPT_ENCODING, "gzip, br")
                .body(Body::empty())
                .unwrap()
        };
        let (s, h, z) = app.mentah(gz()).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(h[header::CONTENT_ENCODING], "gzip");
        assert_ne!(h[header::ETAG].to_str().unwrap(), etag);
        let mut asli = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(z.as_slice()), &mut asli)
            .unwrap();
        let (_, _, polos) = ambil(&app, "/data-terbuka/kkmp.json").await;
        assert_eq!(asli, polos);
        assert_eq!(app.mentah(gz()).await.2, z, "the same compressed bytes");
        // The page describing it, without an account.
        let (s, html) = app.get("/data-terbuka").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("katalog.json") && html.contains("nama_kkmp"));
        app.finish().await;
    }
);

on_both!(
    open_data_is_rate_limited_per_address_and_names_only_its_files,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        app.anonim();
        // No accepted report yet: empty tables, still well-formed.
        assert!(periksa(&app, &KKMP).await.is_empty());
        for salah in [
            "/data-terbuka/..%2F..%2Fetc%2Fpasswd",
            "/data-terbuka/laporan.csv",
            &format!("/data-terbuka/{}", "a".repeat(5000)),
        ] {
            let (s, _, b) = ambil(&app, salah).await;
            assert_eq!(
                s,
                StatusCode::NOT_FOUND,
                "{}",
                &salah[..40.min(salah.len())]
            );
            let b = String::from_utf8(b).unwrap();
            assert!(
                b.contains("Yang tersedia: kecamatan.csv") && b.len() < 400,
                "{b}"
            );
        }
        // 120 a minute from one address (5 so far), then 429 with a wait.
        for _ in 5..server::terbuka::PER_MENIT {
            assert_eq!(
                ambil(&app, "/data-terbuka/kamus.json").await.0,
                StatusCode::OK
            );
        }
        let (s, h, b) = ambil(&app, "/data-terbuka/kamus.json").await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
        assert!(
            h[header::RETRY_AFTER]
                .to_str()
                .unwrap()
                .parse::<u64>()
                .unwrap()
                >= 1
        );
        assert!(
            String::from_utf8(b)
                .unwrap()
                .contains("Terlalu banyak permintaan")
        );
        // The rest of the app is not held back.
        assert_eq!(app.get("/data-terbuka").await.0, StatusCode::OK);
        app.finish().await;
    }
);
