//! Abuse of the service's resources and of what one role may learn
//! (issue 14): body limits per route, quotas on pending uploads and
//! drafts, the download allowance, the demo data that goes only into a new
//! database, and the peer figures an operator's warnings never quote.

use axum::body::Body;
use data::inti::demo::DemoConfig;
use data::inti::jejak::Pelaku;
use data::layanan::Pantau;
use http::Request;
use model::Periode;
use model::akun::Peran;
use pantau_tests::{Backend, TestApp, TestDb, on_both};

const KEL: &str = "16.71.07.1011";

fn p(s: &str) -> Periode {
    Periode::parse(s).unwrap()
}

/// A multipart upload of `isi` to `path`, as the signed-in account.
fn unggahan(app: &TestApp, path: &str, isi: Vec<u8>, panjang: Option<u64>) -> Request<Body> {
    let sesi = app.sesi().expect("signed in");
    let boundary = "----batas";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"target.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n",
        sesi.csrf
    )
    .into_bytes();
    body.extend_from_slice(&isi);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut b = Request::builder()
        .method("POST")
        .uri(path)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("cookie", format!("pantau_sesi={}", sesi.token));
    if let Some(n) = panjang {
        b = b.header("content-length", n.to_string());
    }
    b.body(Body::from(body)).unwrap()
}

on_both!(
    each_file_route_reads_no_more_than_its_own_limit,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let before = pantau_tests::dump(&app.db).await;
        // /target/impor takes 4 MB: 5 MB is refused by the security layer
        // before any handler (it used to buffer up to 33 MB first).
        let (status, _, _) = app
            .mentah(unggahan(&app, "/target/impor", vec![b'x'; 5 << 20], None))
            .await;
        assert_eq!(status, 413);
        // A declared length over the limit is refused before reading.
        let (status, _, _) = app
            .mentah(unggahan(
                &app,
                "/target/impor",
                b"a;b\n".to_vec(),
                Some(1 << 30),
            ))
            .await;
        assert_eq!(status, 413);
        assert_eq!(pantau_tests::dump(&app.db).await, before, "nothing stored");
        // Under the limit it reaches the handler, which answers about the file.
        let (status, _, _) = app
            .mentah(unggahan(&app, "/target/impor", vec![b'x'; 3 << 20], None))
            .await;
        assert_ne!(status, 413);
        // The table is the one source: every file route's limit is what
        // the layer enforces.
        for (path, n) in server::berkas::BATAS_BODY_BERKAS {
            assert_eq!(server::berkas::batas_body(path), Some(n));
        }
        assert_eq!(server::berkas::batas_body("/api/kirim_target"), None);
        app.finish().await;
    }
);

on_both!(
    pending_uploads_and_drafts_are_bounded_per_account,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        app.masuk_sebagai(Peran::Operator, Some(KEL)).await;
        let csv = format!("kelurahan_code;periode;anggota\n{KEL};2026-10;10\n");
        for i in 0..data::simpan::sementara::BERKAS_PER_AKUN {
            let (status, location) = app.unggah(&format!("rekap-{i}.csv"), csv.as_bytes()).await;
            assert_eq!(status, 303);
            assert!(location.starts_with("/unggah/"), "{location}");
            assert!(!location.contains("galat"), "{location}");
        }
        let (status, location) = app.unggah("satu-lagi.csv", csv.as_bytes()).await;
        assert_eq!(
            (status.as_u16(), location.as_str()),
            (303, "/unggah?galat=penuh")
        );
        let (_, page) = app.get(&location).await;
        assert!(
            page.contains("unggahan yang belum disimpan"),
            "the page says why: {page}"
        );
        // Another account is not held back by this one's uploads.
        app.masuk_sebagai(Peran::Operator, Some("16.71.01.1001"))
            .await;
        let (_, location) = app.unggah("rekap.csv", csv.as_bytes()).await;
        assert!(!location.contains("galat"), "{location}");

        // By size: 40 MB pending, then 30 MB more is refused.
        let jenis = "berkas:uji.besar";
        let besar = vec![b'x'; 40 << 20];
        let r = data::simpan::sementara::simpan_berkas(&app.db, jenis, "a.csv", &besar)
            .await
            .unwrap();
        assert!(r.is_ok());
        let r = data::simpan::sementara::simpan_berkas(&app.db, jenis, "b.csv", &besar[..30 << 20])
            .await
            .unwrap();
        assert_eq!(r, Err(data::simpan::sementara::Penuh::Akun));

        // Drafts and messages: the newest few per account are kept.
        for i in 0..(data::simpan::sementara::ENTRI_PER_JENIS + 15) {
            data::simpan::sementara::simpan(
                &app.db,
                "draf:uji.banyak",
                "",
                format!("{i}").as_bytes(),
            )
            .await
            .unwrap();
        }
        let n: i64 = match &app.db {
            data::simpan::Db::Sqlite(p) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM sementara WHERE jenis = 'draf:uji.banyak'")
                    .fetch_one(p)
                    .await
                    .unwrap()
            }
            data::simpan::Db::Postgres(p) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM sementara WHERE jenis = 'draf:uji.banyak'")
                    .fetch_one(p)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(n, data::simpan::sementara::ENTRI_PER_JENIS);
        app.finish().await;
    }
);

on_both!(
    downloads_are_rationed_per_account,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        for i in 0..data::layanan::UNDUH_MAKS {
            let (status, _) = app.get("/ekspor/laporan.csv").await;
            assert_eq!(status, 200, "download {i}");
        }
        let req = Request::builder()
            .uri("/ekspor/laporan.csv")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = app.kirim(req).await;
        assert_eq!(status, 429);
        assert!(headers.contains_key("retry-after"));
        assert!(
            String::from_utf8_lossy(&body).contains("Terlalu banyak unduhan"),
            "{}",
            String::from_utf8_lossy(&body)
        );
        // Another account has its own allowance.
        app.masuk_sebagai(Peran::Inspektorat, None).await;
        assert_eq!(app.get("/ekspor/laporan.csv").await.0, 200);
        app.finish().await;
    }
);

on_both!(
    the_demo_goes_only_into_a_new_database,
    |backend: Backend| async move {
        // A new, empty database takes it, with the DATA CONTOH flag.
        let Some(test_db) = TestDb::new(backend).await else {
            return;
        };
        let db = test_db.connect().await;
        let pantau = Pantau::new(db.clone(), 10)
            .await
            .unwrap()
            .dengan_pembaca(pantau_tests::pembaca());
        pantau
            .muat_demo(&DemoConfig::default())
            .await
            .unwrap()
            .unwrap();
        assert!(db.revisi().await.unwrap().1, "flagged as demo");
        assert_eq!(
            pantau.muat_demo(&DemoConfig::default()).await.unwrap(),
            Err("basis data sudah berisi laporan".to_string())
        );
        test_db.drop_db(db).await;

        // A database with a real account (even a new one without reports)
        // refuses it, and stays exactly as it was.
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let before = pantau_tests::dump(&app.db).await;
        let r = app.pantau.muat_demo(&DemoConfig::default()).await.unwrap();
        assert_eq!(
            r,
            Err("basis data ini pernah berisi akun nyata: data contoh tidak pernah dimuat ke dalamnya".to_string())
        );
        assert_eq!(pantau_tests::dump(&app.db).await, before, "nothing written");
        assert!(!app.db.revisi().await.unwrap().1, "no DATA CONTOH flag");
        app.finish().await;
    }
);

on_both!(
    an_operator_is_warned_without_other_kelurahan_figures,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        use data::layanan::penerimaan::HasilKirim;
        use data::layanan::penerimaan::KirimanFormulir;
        // Another kelurahan's revenue for October 2026, typed as this one's.
        let terkini = data::simpan::laporan::terkini(&app.db, true).await.unwrap();
        let kembar = terkini
            .iter()
            .filter(|r| r.isi.periode == p("2026-10") && r.isi.kelurahan_code != KEL)
            .find(|r| r.isi.omzet > 0 && r.isi.omzet % 5_000_000 != 0)
            .expect("a report to copy");
        let omzet = kembar.isi.omzet.to_string();
        for (peran, boleh_lihat) in [("operator", false), ("lurah", false), ("admin", true)] {
            let pelaku = Pelaku {
                pengguna: format!("uji.{peran}"),
                peran: peran.into(),
                alamat: "10.0.0.1".into(),
            };
            let form = app
                .pantau
                .formulir(KEL, p("2026-10"), None, &pelaku.pengguna)
                .await
                .unwrap();
            let mut isian: std::collections::HashMap<String, String> =
                form.isian.iter().cloned().collect();
            isian.insert("omzet".into(), omzet.clone());
            let k = KirimanFormulir {
                kelurahan_code: KEL.into(),
                periode: "2026-10".into(),
                isian,
                pelapor: "Sekretaris".into(),
                alasan: String::new(),
                dasar: None,
            };
            let HasilKirim::Kembali { token } =
                app.pantau.kirim_formulir(k, &pelaku).await.unwrap()
            else {
                panic!("{peran}: a warning sends the form back");
            };
            let back = app
                .pantau
                .formulir(KEL, p("2026-10"), Some(&token), &pelaku.pengguna)
                .await
                .unwrap();
            let pesan = back
                .peringatan
                .iter()
                .find(|w| w.pesan.contains("sama persis"))
                .unwrap_or_else(|| panic!("{peran}: {:?}", back.peringatan))
                .pesan
                .clone();
            // Dinas: which kelurahan; operator and lurah: not a code, not a name.
            assert_eq!(pesan.contains("16.71."), boleh_lihat, "{peran}: {pesan}");
        }
        app.finish().await;
    }
);

on_both!(
    a_demo_load_that_fails_halfway_leaves_nothing,
    |backend: Backend| async move {
        // A database that may take the demo, but holds an active target
        // the demo's own targets collide with: the load fails at its
        // targets, after every report, approval step and binding of the
        // same transaction was written.
        let Some(test_db) = TestDb::new(backend).await else {
            return;
        };
        let db = test_db.connect().await;
        let pantau = Pantau::new(db.clone(), 10)
            .await
            .unwrap()
            .dengan_pembaca(pantau_tests::pembaca());
        let demo = data::inti::demo::generate(pantau.wilayah(), &DemoConfig::default());
        data::simpan::target::terapkan(
            &db,
            &[data::inti::target::Perubahan {
                id: None,
                target: demo.target[0].clone(),
                aktif: true,
            }],
            "buat",
            "uji",
            chrono::Utc::now(),
            "",
            &Pelaku::sistem("uji"),
        )
        .await
        .unwrap();
        let before = pantau_tests::dump(&db).await;
        let e = pantau
            .muat_demo(&DemoConfig::default())
            .await
            .expect_err("the colliding target stops the load");
        assert!(e.to_string().contains("Sudah ada target aktif"), "{e}");
        assert_eq!(
            pantau_tests::dump(&db).await,
            before,
            "no report, account, room, audit entry or DATA CONTOH flag left behind"
        );
        assert!(!db.revisi().await.unwrap().1);
        test_db.drop_db(db).await;
    }
);

on_both!(
    a_demo_load_cut_off_at_any_point_leaves_nothing,
    |backend: Backend| async move {
        // The load is cut off (its future dropped, as a crash drops its
        // connection) after 25 ms, 50 ms, 100 ms, … until one attempt has
        // the time to finish: every cut leaves the database as it was, and
        // the database still takes the demo afterwards.
        let Some(test_db) = TestDb::new(backend).await else {
            return;
        };
        let db = test_db.connect().await;
        let pantau = Pantau::new(db.clone(), 10)
            .await
            .unwrap()
            .dengan_pembaca(pantau_tests::pembaca());
        let before = pantau_tests::dump(&db).await;
        let mut batas = std::time::Duration::from_millis(25);
        let mut terpotong = 0;
        loop {
            match tokio::time::timeout(batas, pantau.muat_demo(&DemoConfig::default())).await {
                Ok(r) => {
                    r.unwrap().unwrap();
                    break;
                }
                Err(_) => {
                    terpotong += 1;
                    // A dropped transaction is rolled back when its
                    // connection is next used or closed.
                    let sekarang = pantau_tests::dump(&db).await;
                    // A cut that lands while the commit is on its way may
                    // find it done: then the whole demo is there, never a
                    // part of it.
                    if sekarang != before && db.revisi().await.unwrap().1 {
                        assert!(db.jumlah_laporan().await.unwrap() > 1000, "all of it");
                        break;
                    }
                    assert_eq!(sekarang, before, "cut off after {batas:?}: nothing stored");
                    assert!(!db.revisi().await.unwrap().1, "no DATA CONTOH flag");
                    batas *= 2;
                }
            }
        }
        assert!(terpotong >= 3, "cut off {terpotong} times");
        assert!(db.revisi().await.unwrap().1, "flagged as demo");
        assert!(db.jumlah_laporan().await.unwrap() > 1000);
        let h = data::simpan::jejak::periksa(&db).await.unwrap();
        assert_eq!(h.rusak, None, "the audit chain is intact");
        let isi = data::simpan::ikatan::periksa(&db).await.unwrap();
        assert!(isi.masalah.is_empty(), "{:?}", isi.masalah);
        test_db.drop_db(db).await;
    }
);
