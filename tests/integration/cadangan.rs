//! Backup and restore (issue 15): `server backup` copies the running
//! SQLite database and verifies the copy; `server restore` puts a verified
//! backup in place, keeps the replaced database, and records the rollback
//! in the trail and in the anchor file. The drill: write, back up, write
//! more, restore, verify.

use data::inti::akun::PenggunaBaru;
use data::inti::demo::DemoConfig;
use data::inti::jejak::Pelaku;
use data::layanan::Pantau;
use data::layanan::cadangan::{kunci_pakai, periksa_cadangan, pulihkan};
use data::layanan::jangkar::KonfigJangkar;
use data::simpan::Db;
use pantau_tests::{Backend, TestDb};
use std::path::{Path, PathBuf};

fn folder() -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "pantau-cadangan-{}-{}",
        std::process::id(),
        data::inti::sandi::hex(&data::inti::sandi::acak::<6>())
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

async fn buka(url: &str, jangkar: &KonfigJangkar) -> (Db, Pantau) {
    let db = Db::connect(url).await.unwrap();
    let p = Pantau::new(db.clone(), 10)
        .await
        .unwrap()
        .dengan_pembaca(pantau_tests::pembaca())
        .dengan_jangkar(jangkar.clone());
    (db, p)
}

async fn akun_baru(p: &Pantau, nama: &str) {
    p.buat_pengguna(
        PenggunaBaru {
            nama_pengguna: nama.into(),
            nama: "Staf Dinas".into(),
            peran: "admin".into(),
            cakupan: String::new(),
            sandi: pantau_tests::SANDI_UJI.into(),
        },
        &Pelaku::sistem("uji"),
    )
    .await
    .unwrap()
    .unwrap();
}

fn sha(p: &Path) -> String {
    data::inti::sandi::sha256_hex(&std::fs::read(p).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_back_up_write_more_restore_verify() {
    pantau_tests::with_timeout(|| async {
        let dir = folder();
        let db_path = dir.join("pantau.sqlite");
        let url = format!("sqlite://{}", db_path.display());
        let jangkar = KonfigJangkar::buka(&dir.join("kunci"), dir.join("jangkar")).unwrap();
        let pelaku = Pelaku::sistem("uji");

        // Write (the demo), anchor, back up while the database is open.
        let (db, p) = buka(&url, &jangkar).await;
        p.muat_demo(&DemoConfig::default()).await.unwrap().unwrap();
        p.tambatkan().await.unwrap().expect("anchored");
        let cadangan = dir.join("cadangan").join("pantau-1.sqlite");
        let b = p.cadangkan(&cadangan, &pelaku).await.unwrap();
        let (nomor_cadangan, _) = data::simpan::jejak::kepala(&db).await.unwrap();
        assert_eq!(
            b.nomor + 1,
            nomor_cadangan,
            "the backup entry follows its head"
        );
        assert!(b.baris_terikat > 1000, "{b:?}");
        assert_eq!(b.sha256, sha(&cadangan));
        // A backup never overwrites a file.
        let e = p.cadangkan(&cadangan, &pelaku).await.unwrap_err();
        assert!(e.to_string().contains("sudah ada"), "{e}");

        // Write more, and anchor it.
        akun_baru(&p, "staf.setelah.cadangan").await;
        p.tambatkan().await.unwrap().expect("anchored");
        let (nomor_lama, hash_lama) = data::simpan::jejak::kepala(&db).await.unwrap();
        let jangkar_sebelum = std::fs::read_to_string(jangkar.berkas()).unwrap();
        db.close().await;

        // A restore under a running server is refused.
        let kunci = kunci_pakai(&db_path).unwrap();
        let e = pulihkan(&url, &cadangan, Some(&jangkar), 10, &pelaku)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("sedang dipakai"), "{e}");
        drop(kunci);

        // A backup edited behind the app's back is refused, and nothing
        // changes.
        let rusak = dir.join("rusak.sqlite");
        std::fs::copy(&cadangan, &rusak).unwrap();
        {
            let r = Db::connect(&format!("sqlite://{}", rusak.display()))
                .await
                .unwrap();
            pantau_tests::sql(
                &r,
                "UPDATE laporan SET anggota = anggota + 500 WHERE id = 7",
            )
            .await
            .unwrap();
            r.close().await;
        }
        let sebelum = sha(&db_path);
        let e = pulihkan(&url, &rusak, Some(&jangkar), 10, &pelaku)
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("tidak cocok dengan jejak audit"),
            "{e}"
        );
        assert_eq!(sha(&db_path), sebelum, "the database was not touched");
        let sisa: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".pulih-"))
            .collect();
        assert!(sisa.is_empty(), "no half-made copy left: {sisa:?}");

        // The restore.
        let h = pulihkan(&url, &cadangan, Some(&jangkar), 10, &pelaku)
            .await
            .unwrap();
        assert_eq!(h.kepala_lama, Some((nomor_lama, hash_lama.clone())));
        assert_eq!(h.cadangan.nomor, b.nomor);
        assert!(h.ditambatkan);
        let lama = h.disimpan_sebagai.clone().expect("kept");
        assert!(lama.exists(), "the replaced database is kept");

        // The restored database: what was written after the backup is gone,
        // everything verifies, and the rollback is shown, not hidden.
        let (db, p) = buka(&url, &jangkar).await;
        let nama: Vec<String> = p
            .pengguna()
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.nama_pengguna)
            .collect();
        assert!(!nama.contains(&"staf.setelah.cadangan".to_string()));
        let v = p.periksa_jejak().await.unwrap();
        assert!(v.utuh(), "{:?} {:?}", v.rantai.rusak, v.jangkar);
        let j = v.jangkar.expect("anchors checked");
        assert!(
            j.pemulihan
                .iter()
                .any(|m| m.contains("dipulihkan dari cadangan")),
            "{:?}",
            j.pemulihan
        );
        assert!(
            j.pemulihan
                .iter()
                .any(|m| m.contains(&format!("entri nomor {nomor_lama}"))
                    && m.contains("dibatalkan")),
            "{:?}",
            j.pemulihan
        );
        let entri = data::simpan::jejak::daftar(&db, None, Some("cadangan.pulih"), 5)
            .await
            .unwrap();
        assert_eq!(entri.len(), 1, "the restore is in the trail");
        // The audit trail page shows it too, after the full check the
        // server runs every ten minutes.
        assert!(
            p.halaman_jejak(None, None)
                .await
                .unwrap()
                .pemulihan
                .is_empty(),
            "nothing shown before a full check"
        );
        p.periksa_jejak_penuh().await.unwrap();
        let halaman = p.halaman_jejak(None, None).await.unwrap();
        assert!(
            halaman
                .pemulihan
                .iter()
                .any(|m| m.contains("dipulihkan dari cadangan")),
            "{:?}",
            halaman.pemulihan
        );

        // The same rollback done by copying the file over, without the
        // restore line: the anchors name it.
        let publik = jangkar.kunci_verifikasi();
        let salin = dir.join("salin.sqlite");
        std::fs::copy(&cadangan, &salin).unwrap();
        let (db2, p2) = buka(&format!("sqlite://{}", salin.display()), &jangkar).await;
        let r = p2
            .periksa_jangkar_dari(&jangkar_sebelum, &publik)
            .await
            .unwrap();
        assert!(
            r.masalah
                .iter()
                .any(|m| m.contains("dikembalikan ke cadangan lama")),
            "{:?}",
            r.masalah
        );
        db2.close().await;
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_points_to_pg_dump() {
    pantau_tests::with_timeout(|| async {
        let Some(test_db) = TestDb::new(Backend::Postgres).await else {
            return;
        };
        let db = test_db.connect().await;
        let p = Pantau::new(db.clone(), 10).await.unwrap();
        let dir = folder();
        let e = p
            .cadangkan(&dir.join("x.sqlite"), &Pelaku::sistem("uji"))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("pg_dump"), "{e}");
        let e = pulihkan(
            "postgres://postgres@127.0.0.1:5432/test",
            &dir.join("x.sqlite"),
            None,
            10,
            &Pelaku::sistem("uji"),
        )
        .await
        .unwrap_err();
        assert!(e.to_string().contains("pg_dump"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
        test_db.drop_db(db).await;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_or_foreign_file_is_no_backup() {
    pantau_tests::with_timeout(|| async {
        let dir = folder();
        let e = periksa_cadangan(&dir.join("tidak-ada.sqlite"))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("tidak ada"), "{e}");
        let asing = dir.join("asing.sqlite");
        std::fs::write(&asing, b"bukan basis data SQLite sama sekali").unwrap();
        assert!(periksa_cadangan(&asing).await.is_err());
        let _ = std::fs::remove_dir_all(&dir);
    })
    .await
}

#[test]
fn the_first_start_takes_the_lock_in_a_folder_not_yet_made() {
    // `make run` on a new machine: `var/` does not exist yet when `serve`
    // takes the lock on `var/pantau-kkmp.sqlite.kunci`.
    let dir = folder().join("var").join("belum-ada");
    let db = dir.join("pantau-kkmp.sqlite");
    let kunci = kunci_pakai(&db).expect("the folder is made and the lock taken");
    assert!(dir.join("pantau-kkmp.sqlite.kunci").exists());
    // A second server on the same file is refused while the first runs.
    let e = kunci_pakai(&db).unwrap_err();
    assert!(e.to_string().contains("sedang dipakai"), "{e}");
    drop(kunci);
    assert!(kunci_pakai(&db).is_ok(), "free again once the first stops");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap().parent().unwrap());
}

/// PostgreSQL: write, anchor, `pg_dump`, write more, anchor; `pg_restore`
/// into a new database; unrecorded, the anchors name the rollback; after
/// `catat_pulih_postgres` the chain verifies, the rollback is shown, and
/// the restore is in the trail and in the anchor file. A dump edited behind
/// the app's back is refused and nothing is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_dump_restore_is_verified_and_recorded() {
    pantau_tests::with_timeout(|| async {
        use data::layanan::cadangan::catat_pulih_postgres;
        let Some(asal) = TestDb::new(Backend::Postgres).await else {
            return;
        };
        if std::process::Command::new("pg_dump")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!(
                "\n!!! PERINGATAN: pg_dump tidak ada; latihan pemulihan PostgreSQL DILEWATI.\n"
            );
            return;
        }
        let dir = folder();
        let jangkar = KonfigJangkar::buka(&dir.join("kunci"), dir.join("jangkar")).unwrap();
        let pelaku = Pelaku::sistem("uji");
        let (db, p) = buka(&asal.url, &jangkar).await;
        p.muat_demo(&DemoConfig::default()).await.unwrap().unwrap();
        p.tambatkan().await.unwrap().expect("anchored");
        let dump = dir.join("pantau.dump");
        let ok = std::process::Command::new("pg_dump")
            .args(["-Fc", "-f"])
            .arg(&dump)
            .arg(&asal.url)
            .status()
            .unwrap();
        assert!(ok.success());
        let (nomor_dump, _) = data::simpan::jejak::kepala(&db).await.unwrap();
        akun_baru(&p, "staf.setelah.dump").await;
        p.tambatkan().await.unwrap().expect("anchored");

        // Restored with pg_restore into a new database.
        let pulih = TestDb::new(Backend::Postgres).await.unwrap();
        let ok = std::process::Command::new("pg_restore")
            .args(["--no-owner", "-d"])
            .arg(&pulih.url)
            .arg(&dump)
            .status()
            .unwrap();
        assert!(ok.success());
        let (db2, p2) = buka(&pulih.url, &jangkar).await;
        let v = p2.periksa_jejak().await.unwrap();
        assert!(
            !v.utuh(),
            "an unrecorded rollback fails against the anchors"
        );

        // A copy of it edited behind the app's back is refused, untouched.
        let rusak = TestDb::new(Backend::Postgres).await.unwrap();
        assert!(
            std::process::Command::new("pg_restore")
                .args(["--no-owner", "-d"])
                .arg(&rusak.url)
                .arg(&dump)
                .status()
                .unwrap()
                .success()
        );
        let db3 = rusak.connect().await;
        pantau_tests::sql(
            &db3,
            "UPDATE laporan SET anggota = anggota + 500 WHERE id = 7",
        )
        .await
        .unwrap();
        let sebelum = pantau_tests::dump(&db3).await;
        let e = catat_pulih_postgres(&rusak.url, &dump, Some(&jangkar), 10, &pelaku)
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("tidak cocok dengan jejak audit"),
            "{e}"
        );
        assert_eq!(pantau_tests::dump(&db3).await, sebelum, "nothing written");
        rusak.drop_db(db3).await;

        // Recorded: verifies, the rollback shown, the restore in the trail.
        let h = catat_pulih_postgres(&pulih.url, &dump, Some(&jangkar), 10, &pelaku)
            .await
            .unwrap();
        assert_eq!(h.cadangan.nomor, nomor_dump);
        assert_eq!(h.cadangan.sha256, sha(&dump));
        assert!(h.ditambatkan);
        let v = p2.periksa_jejak().await.unwrap();
        assert!(v.utuh(), "{:?} {:?}", v.rantai.rusak, v.jangkar);
        let j = v.jangkar.expect("anchors checked");
        assert!(
            j.pemulihan.iter().any(|m| m.contains("dibatalkan")),
            "{:?}",
            j.pemulihan
        );
        let entri = data::simpan::jejak::daftar(&db2, None, Some("cadangan.pulih"), 5)
            .await
            .unwrap();
        assert_eq!(entri.len(), 1);
        assert!(entri[0].sesudah.contains("pg_restore"));
        drop(p2);
        pulih.drop_db(db2).await;
        drop(p);
        asal.drop_db(db).await;
        let _ = std::fs::remove_dir_all(&dir);
    })
    .await;
}
