//! Fault drills (issue 15), on both back ends: a process that imports a
//! file, or migrates a fresh database, is killed with SIGKILL at doubling
//! moments; afterwards nothing is half-written, the chain and every bound
//! row verify, and the work can simply be done again. A full disk during an
//! import is refused with a clear message and changes nothing.

use pantau_tests::{Backend, TestApp, TestDb, dump, on_both};
use std::time::Duration;
use tokio::io::AsyncBufReadExt;

const IMPOR: &str = env!("CARGO_BIN_EXE_pantau-impor");

/// Every table but the short-lived `sementara` (each upload adds a row).
async fn data_tetap(db: &data::simpan::Db) -> Vec<String> {
    let mut di_sementara = false;
    dump(db)
        .await
        .into_iter()
        .filter(|l| {
            if l.starts_with("-- ") {
                di_sementara = l.starts_with("-- sementara");
            }
            !di_sementara
        })
        .collect()
}

/// New reports for every KKMP for five months the demo left empty
/// (January to April 2025, November 2026): each KKMP's latest demo figures.
/// A file of 535 rows, long enough to store that kills land inside it.
/// With the (kelurahan, month) of each report.
async fn berkas_baru() -> (std::path::PathBuf, Vec<(String, String)>) {
    let terakhir = pantau_tests::demo_terakhir();
    let mut laporan = Vec::new();
    for bulan in ["2025-01", "2025-02", "2025-03", "2025-04", "2026-11"] {
        for l in terakhir.values() {
            laporan.push(data::inti::laporan::Laporan {
                periode: model::Periode::parse(bulan).unwrap(),
                ..l.clone()
            });
        }
    }
    let dir = std::env::temp_dir().join("pantau-kkmp-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!(
        "baru-{}-{}.csv",
        std::process::id(),
        pantau_tests::unik()
    ));
    std::fs::write(&path, pantau_tests::csv_laporan(&laporan)).unwrap();
    let baru = laporan
        .iter()
        .map(|l| (l.kelurahan_code.clone(), l.periode.to_string()))
        .collect();
    (path, baru)
}

/// The current version number of every (kelurahan, month).
async fn versi_terkini(db: &data::simpan::Db) -> std::collections::HashMap<(String, String), i64> {
    data::simpan::laporan::terkini(db, true)
        .await
        .unwrap()
        .into_iter()
        .map(|r| ((r.isi.kelurahan_code, r.isi.periode.to_string()), r.versi))
        .collect()
}

on_both!(
    kill_9_during_an_import_leaves_nothing_half_written,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let (berkas, baru) = berkas_baru().await;
        let sebelum = data_tetap(&app.db).await;
        let awal = app.db.jumlah_laporan().await.unwrap();
        let mut jeda = Duration::from_millis(5);
        let mut terbunuh = Vec::new();
        for n in 0.. {
            let mut anak = tokio::process::Command::new(IMPOR)
                .arg(app.url())
                .arg(&berkas)
                .arg(n.to_string())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .kill_on_drop(true)
                .spawn()
                .expect("the importer starts");
            let mut baris = tokio::io::BufReader::new(anak.stdout.take().unwrap()).lines();
            assert_eq!(
                baris.next_line().await.unwrap().as_deref(),
                Some("siap"),
                "the importer uploaded the file"
            );
            tokio::time::sleep(jeda).await;
            if let Some(status) = anak.try_wait().unwrap() {
                let keluaran = anak.wait_with_output().await.unwrap();
                assert!(
                    status.success(),
                    "{}",
                    String::from_utf8_lossy(&keluaran.stderr)
                );
                break;
            }
            anak.kill().await.unwrap();
            let p = app.pantau.periksa_jejak().await.unwrap();
            assert_eq!(p.rantai.rusak, None);
            assert!(p.isi.masalah.is_empty(), "{:?}", p.isi.masalah);
            if data_tetap(&app.db).await != sebelum {
                // Killed after its commit (while printing and exiting):
                // then all of it must be there, checked below.
                eprintln!("killed {jeda:?} after the upload, just after the commit");
                break;
            }
            // Killed before its commit: nothing of it is stored.
            terbunuh.push(jeda);
            jeda *= 2;
            assert!(jeda < Duration::from_secs(60), "the import never finished");
        }
        eprintln!("kill -9 during the import at {terbunuh:?} left nothing; then it completed");
        assert!(
            terbunuh.len() >= 3,
            "at least three kills landed before the import finished: {terbunuh:?}"
        );
        // The completed import stored every report, once.
        let sesudah = versi_terkini(&app.db).await;
        for (k, p) in &baru {
            assert_eq!(sesudah[&(k.clone(), p.clone())], 1, "{k} {p}: one version");
        }
        assert_eq!(
            app.db.jumlah_laporan().await.unwrap(),
            awal + baru.len() as i64,
            "the import whole, once"
        );
        let _ = std::fs::remove_file(&berkas);
        app.finish().await;
    }
);

on_both!(
    kill_9_during_migrations_then_the_next_start_completes_them,
    |backend: Backend| async move {
        let mut jeda = Duration::from_millis(1);
        let mut terbunuh = Vec::new();
        loop {
            let Some(t) = TestDb::new(backend).await else {
                return;
            };
            let mut anak = tokio::process::Command::new(IMPOR)
                .arg(&t.url)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .expect("the process starts");
            tokio::time::sleep(jeda).await;
            let selesai = match anak.try_wait().unwrap() {
                Some(status) => {
                    assert!(status.success());
                    true
                }
                None => {
                    anak.kill().await.unwrap();
                    terbunuh.push(jeda);
                    false
                }
            };
            // The next start migrates what is missing; the database then
            // takes the demo and verifies intact.
            let db = t.connect().await;
            let pantau = data::Pantau::new(db.clone(), 10).await.unwrap();
            pantau
                .muat_demo(&data::inti::demo::DemoConfig::default())
                .await
                .unwrap()
                .expect("a fresh database takes the demo");
            let p = pantau.periksa_jejak().await.unwrap();
            assert_eq!(p.rantai.rusak, None, "after a kill at {jeda:?}");
            assert!(p.isi.masalah.is_empty(), "{:?}", p.isi.masalah);
            drop(pantau);
            t.drop_db(db).await;
            if selesai {
                break;
            }
            jeda *= 2;
            assert!(jeda < Duration::from_secs(30), "migrations never finished");
        }
        eprintln!("kill -9 during start-up and migrations at {terbunuh:?}");
        assert!(terbunuh.len() >= 3, "{terbunuh:?}");
    }
);

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    /// `None` (and a loud note) where mounting is not allowed: the drill
    /// needs root, which the project's machines and CI have.
    fn pasang(ukuran_mb: u32) -> Option<Tmpfs> {
        let dir = std::env::temp_dir().join(format!("pantau-kkmp-penuh-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={ukuran_mb}m"), "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!(
                "\n!!! PERINGATAN: tidak dapat memasang tmpfs (butuh root); latihan disk penuh DILEWATI.\n"
            );
            return None;
        }
        Some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// SQLite on a small tmpfs that is then filled: storing an import needs
/// room the disk no longer has. The import is refused with a message that
/// says the server's storage is full and nothing was stored; every table
/// is as it was; with room again the same import goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_during_an_import_changes_nothing_and_says_so() {
    use data::inti::jejak::Pelaku;
    use std::io::Write;
    let Some(tmpfs) = Tmpfs::pasang(48) else {
        return;
    };
    let url = format!("sqlite://{}/penuh.sqlite", tmpfs.0.display());
    let db = data::simpan::Db::connect(&url).await.unwrap();
    let pantau = data::Pantau::new(db.clone(), 10)
        .await
        .unwrap()
        .dengan_pembaca(pantau_tests::pembaca());
    pantau
        .muat_demo(&data::inti::demo::DemoConfig::default())
        .await
        .unwrap()
        .unwrap();
    let (berkas, baru) = berkas_baru().await;
    let pelaku = Pelaku::sistem("dinas");
    let token = pantau
        .unggah(
            "koreksi.csv",
            &std::fs::read(&berkas).unwrap(),
            &pelaku.pengguna,
        )
        .await
        .unwrap()
        .unwrap();
    // The WAL back to nothing, so the import has to grow it.
    pantau_tests::sql(&db, "PRAGMA wal_checkpoint(TRUNCATE)")
        .await
        .unwrap();
    let sebelum = data_tetap(&db).await;
    // Fill the disk, then leave 64 KB: less than the import writes.
    let isi = tmpfs.0.join("pengisi");
    let mut f = std::fs::File::create(&isi).unwrap();
    let blok = vec![0u8; 1 << 16];
    let mut tertulis = 0u64;
    while f.write_all(&blok).is_ok() {
        tertulis += blok.len() as u64;
    }
    drop(f);
    let f = std::fs::OpenOptions::new().write(true).open(&isi).unwrap();
    f.set_len(tertulis.saturating_sub(1 << 16)).unwrap();
    drop(f);

    let hasil = pantau
        .simpan_unggahan(
            &token,
            "Dinas Koperasi",
            "Rekap bulan yang belum dilaporkan",
            None,
            &pelaku,
        )
        .await;
    match hasil {
        Err(data::DataError::TidakTersedia(m)) => {
            assert!(m.contains("penuh"), "{m}");
            assert!(m.contains("tidak ada yang disimpan"), "{m}");
        }
        other => panic!("a full disk must refuse the import with its reason: {other:?}"),
    }
    assert_eq!(data_tetap(&db).await, sebelum, "nothing half-written");

    // Room again: the same upload goes through, whole.
    std::fs::remove_file(&isi).unwrap();
    let id = pantau
        .simpan_unggahan(
            &token,
            "Dinas Koperasi",
            "Rekap bulan yang belum dilaporkan",
            None,
            &pelaku,
        )
        .await
        .unwrap()
        .expect("stored once there is room");
    assert!(id > 0);
    let versi = versi_terkini(&db).await;
    for (k, p) in &baru {
        assert_eq!(versi[&(k.clone(), p.clone())], 1);
    }
    let p = pantau.periksa_jejak().await.unwrap();
    assert_eq!(p.rantai.rusak, None);
    assert!(p.isi.masalah.is_empty(), "{:?}", p.isi.masalah);
    let _ = std::fs::remove_file(&berkas);
    drop(pantau);
    db.close().await;
    drop(tmpfs);
}
