//! Migrations, master data, the demo generator through the database, and
//! report versions.

use data::inti::demo;
use data::inti::demo::DemoConfig;
use data::inti::laporan::Pengiriman;
use data::inti::wilayah::Wilayah;
use data::simpan::laporan;
use data::{DataError, Pantau, on_db};
use pantau_tests::{Backend, TestApp, TestDb, on_both};

async fn counts(db: &data::simpan::Db) -> (i64, i64, i64) {
    on_db!(db, p => {
        let kec: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM kecamatan").fetch_one(p).await.unwrap();
        let kel: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM kelurahan").fetch_one(p).await.unwrap();
        let kkmp: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM kkmp").fetch_one(p).await.unwrap();
        (kec, kel, kkmp)
    })
}

on_both!(
    migrations_and_master_data_are_idempotent,
    |backend: Backend| async move {
        let Some(t) = TestDb::new(backend).await else {
            return;
        };
        let db = t.connect().await;
        assert_eq!(
            counts(&db).await,
            (0, 0, 0),
            "fresh database has no master data"
        );
        // Twice: migrations and loading must not duplicate anything.
        let _ = Pantau::new(db.clone(), 10).await.unwrap();
        db.migrate().await.unwrap();
        let pantau = Pantau::new(db.clone(), 10).await.unwrap();
        assert_eq!(counts(&db).await, (18, 107, 107));
        let stored = data::simpan::wilayah::baca(&db).await.unwrap();
        assert_eq!(
            stored,
            Wilayah::embedded().unwrap(),
            "what is stored is what is embedded"
        );
        assert_eq!(
            pantau.wilayah().kecamatan("16.71.15").unwrap().nama,
            "Alang-alang Lebar"
        );
        assert_eq!(db.revisi().await.unwrap(), (0, false));
        t.drop_db(db).await;
    }
);

on_both!(
    demo_loads_once_and_is_marked,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let (revisi, demo) = app.db.revisi().await.unwrap();
        assert!(demo, "demo flag set");
        assert!(revisi > 0);
        // A second load into a non-empty database changes nothing.
        assert_eq!(
            app.pantau.muat_demo(&DemoConfig::default()).await.unwrap(),
            Err("basis data ini pernah berisi akun nyata: data contoh tidak pernah dimuat ke dalamnya".to_string())
        );
        assert_eq!(app.db.revisi().await.unwrap().0, revisi);
        let generated = demo::generate(app.pantau.wilayah(), &DemoConfig::default());
        let current = laporan::terkini(&app.db, true).await.unwrap();
        let firsts = generated
            .laporan
            .iter()
            .filter(|(_, p)| p.alasan.is_none())
            .count();
        assert_eq!(
            current.len(),
            firsts,
            "one current version per submitted (KKMP, month)"
        );
        app.finish().await;
    }
);

// The same seed stored in two databases gives the same current reports,
// field for field (ids aside), on either back end.
on_both!(
    generator_is_deterministic_through_storage,
    |backend: Backend| async move {
        let Some(a) = TestApp::new(backend, true).await else {
            return;
        };
        let Some(b) = TestApp::new(Backend::Sqlite, true).await else {
            return;
        };
        let strip = |rows: Vec<data::inti::laporan::LaporanTersimpan>| {
            rows.into_iter()
                .map(|r| (r.versi, r.pengiriman, r.pertama_dikirim, r.isi))
                .collect::<Vec<_>>()
        };
        let ra = strip(laporan::terkini(&a.db, true).await.unwrap());
        let rb = strip(laporan::terkini(&b.db, true).await.unwrap());
        assert!(!ra.is_empty());
        assert_eq!(ra, rb);
        a.finish().await;
        b.finish().await;
    }
);

on_both!(
    a_correction_is_a_new_version_and_needs_a_reason,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let current = laporan::terkini(&app.db, true).await.unwrap();
        let menunggu = data::simpan::persetujuan::dalam_status(
            &app.db,
            &[model::status::Persetujuan::Diajukan],
            None,
        )
        .await
        .unwrap();
        let is_menunggu = |r: &&data::inti::laporan::LaporanTersimpan| {
            menunggu.iter().any(|k| {
                k.kelurahan_code == r.isi.kelurahan_code && k.periode == r.isi.periode.to_string()
            })
        };
        // An accepted month is locked, reason or not.
        let diterima = current
            .iter()
            .find(|r| !is_menunggu(r) && r.versi == 1)
            .unwrap();
        let kirim = Pengiriman {
            alasan: Some("Perbaikan".into()),
            ..diterima.pengiriman.clone()
        };
        let err = laporan::simpan(
            &app.db,
            &[(diterima.isi.clone(), kirim)],
            pantau_tests::uji(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, DataError::Invalid(ref m) if m.contains("dikunci")),
            "{err}"
        );
        let first = current
            .iter()
            .filter(is_menunggu)
            .find(|r| r.versi == 1 && r.isi.omzet > 0)
            .unwrap()
            .clone();
        let before = app.db.revisi().await.unwrap().0;

        // Without a reason: refused, and nothing written.
        let mut fixed = first.isi.clone();
        fixed.omzet += 1_000_000;
        let mut kirim = Pengiriman {
            alasan: None,
            ..first.pengiriman.clone()
        };
        let err = laporan::simpan(
            &app.db,
            &[(fixed.clone(), kirim.clone())],
            pantau_tests::uji(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, DataError::Invalid(ref m) if m.contains("wajib disertai alasan")),
            "{err}"
        );
        assert_eq!(app.db.revisi().await.unwrap().0, before);
        assert_eq!(
            laporan::riwayat(&app.db, &first.isi.kelurahan_code, first.isi.periode)
                .await
                .unwrap()
                .len(),
            1
        );

        // With a reason: version 2 becomes current, version 1 stays as it was.
        kirim.alasan = Some("Salah ketik omzet".into());
        laporan::simpan(&app.db, &[(fixed.clone(), kirim)], pantau_tests::uji())
            .await
            .unwrap();
        let history = laporan::riwayat(&app.db, &first.isi.kelurahan_code, first.isi.periode)
            .await
            .unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].isi, first.isi, "version 1 untouched");
        assert_eq!((history[1].versi, history[1].isi.omzet), (2, fixed.omzet));
        assert_eq!(
            history[1].pertama_dikirim, first.pertama_dikirim,
            "timeliness keeps the first submission"
        );
        let now = laporan::terkini(&app.db, true).await.unwrap();
        let cur = now
            .iter()
            .find(|r| {
                r.isi.kelurahan_code == first.isi.kelurahan_code
                    && r.isi.periode == first.isi.periode
            })
            .unwrap();
        assert_eq!(cur.versi, 2);
        assert!(app.db.revisi().await.unwrap().0 > before);
        app.finish().await;
    }
);
