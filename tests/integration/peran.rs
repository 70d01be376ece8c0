//! The PostgreSQL role the app runs as (issue 15): created with
//! docs/postgres-peran-aplikasi.sql exactly as an administrator would, it
//! runs the app (the whole demo load, sign-ins, verification) but cannot
//! drop or disable the append-only triggers, edit or delete a stored
//! report, approval step, binding or snapshot, or create a table; and the
//! app started without migrations refuses a database that lacks one.

use data::inti::demo::DemoConfig;
use data::layanan::Pantau;
use data::simpan::Db;
use pantau_tests::{Backend, TestDb, sql};
use sqlx::Connection;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_role_cannot_drop_the_triggers_or_edit_a_report() {
    pantau_tests::with_timeout(|| async {
        let Some(test_db) = TestDb::new(Backend::Postgres).await else {
            return;
        };
        // The owner migrates.
        let pemilik = test_db.connect().await;
        let peran = format!(
            "pantau_app_{}_{}",
            std::process::id(),
            data::inti::sandi::hex(&data::inti::sandi::acak::<4>())
        );
        let mut admin = sqlx::PgConnection::connect(&pantau_tests::admin_url())
            .await
            .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE ROLE {peran} LOGIN")))
            .execute(&mut admin)
            .await
            .unwrap();
        let skrip =
            include_str!("../../docs/postgres-peran-aplikasi.sql").replace("pantau_app", &peran);
        match &pemilik {
            Db::Postgres(p) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(skrip))
                    .execute(p)
                    .await
                    .unwrap();
            }
            Db::Sqlite(_) => unreachable!(),
        }
        // The app, as that role, without migrating.
        let (awal, sisa) = test_db.url.split_once("://").unwrap();
        let host = sisa.split_once('@').map_or(sisa, |(_, h)| h);
        let url = format!("{awal}://{peran}@{host}");
        let db = Db::connect_tanpa_migrasi(&url).await.unwrap();
        let pantau = Pantau::new(db.clone(), 10)
            .await
            .unwrap()
            .dengan_pembaca(pantau_tests::pembaca());
        pantau
            .muat_demo(&DemoConfig::default())
            .await
            .unwrap()
            .unwrap();
        let p = pantau.periksa_jejak().await.unwrap();
        assert!(p.utuh(), "{:?} {:?}", p.rantai.rusak, p.isi.masalah);
        for q in [
            "DROP TRIGGER jejak_audit_tolak_ubah ON jejak_audit",
            "ALTER TABLE jejak_audit DISABLE TRIGGER ALL",
            "ALTER TABLE jejak_ikatan DISABLE TRIGGER ALL",
            "UPDATE laporan SET anggota = anggota + 500 WHERE id = 7",
            "DELETE FROM laporan WHERE id = 7",
            "DELETE FROM laporan_langkah WHERE id = 1",
            "UPDATE jejak_ikatan SET hash_isi = 'x'",
            "DELETE FROM jejak_ikatan",
            "UPDATE unggahan SET nama_berkas = 'x'",
            "UPDATE cuplikan SET judul = 'x' WHERE id = 1",
            "DELETE FROM intervensi WHERE id = 1",
            "UPDATE foto_kunjungan SET isi = isi WHERE id = 1",
            "UPDATE kunjungan SET hasil = 'mengonfirmasi'",
            "DELETE FROM kunjungan WHERE id = 1",
            "UPDATE target_riwayat SET alasan = 'x'",
            "TRUNCATE jejak_audit",
            "CREATE TABLE curang (a INT)",
            "DROP TABLE tindak_anomali",
        ] {
            let e = sql(&db, q).await.expect_err(q);
            assert!(
                e.contains("permission denied") || e.contains("must be owner"),
                "{q}: {e}"
            );
        }
        let p = pantau.periksa_jejak().await.unwrap();
        assert!(p.utuh(), "nothing changed: {:?}", p.isi.masalah);
        db.close().await;

        // A database one migration behind is refused by name.
        let Some(kosong) = TestDb::new(Backend::Postgres).await else {
            return;
        };
        let e = Db::connect_tanpa_migrasi(&kosong.url).await.unwrap_err();
        assert!(e.to_string().contains("belum dimigrasi"), "{e}");
        let d = Db::connect(&kosong.url).await.unwrap();
        kosong.drop_db(d).await;

        test_db.drop_db(pemilik).await;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP ROLE {peran}")))
            .execute(&mut admin)
            .await
            .unwrap();
    })
    .await
}
