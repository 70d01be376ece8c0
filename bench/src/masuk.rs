//! `bench masuk`: what signing in costs with the chosen argon2id
//! parameters — hashes per second on one core and on all, and sign-ins per
//! second end to end (throttle check, password check, session and audit
//! entry) on a SQLite file. Prints numbers; asserts nothing.

use anyhow::Result;
use data::inti::akun::HasilMasuk;
use data::inti::akun::PenggunaBaru;
use data::simpan::akun;
use data::simpan::akun::PARAM;
use std::time::Instant;

pub async fn jalankan() -> Result<()> {
    let (m, t, p) = PARAM;
    println!("argon2id m={m} KiB, t={t}, p={p}");
    let phc = akun::hash_sandi("kata-sandi-uji-panjang").await?;
    // One at a time.
    let n = 20;
    let t0 = Instant::now();
    for _ in 0..n {
        assert!(akun::cocok_sandi("kata-sandi-uji-panjang", &phc).await?);
    }
    let seq = n as f64 / t0.elapsed().as_secs_f64();
    println!(
        "verifikasi berurutan: {seq:.1} per detik ({:.1} ms per hash)",
        1000.0 / seq
    );
    // As many at once as the server allows.
    let n = 40;
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..n {
        let phc = phc.clone();
        tasks.push(tokio::spawn(async move {
            akun::cocok_sandi("kata-sandi-uji-panjang", &phc).await
        }));
    }
    for task in tasks {
        assert!(task.await??);
    }
    let par = n as f64 / t0.elapsed().as_secs_f64();
    println!(
        "verifikasi serentak (maks {} sekaligus, {} inti): {par:.1} per detik",
        akun::HASH_SEJAJAR,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // End to end on a SQLite file.
    let dir = std::env::temp_dir().join(format!("pantau-bench-masuk-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = data::simpan::Db::connect(&format!("sqlite://{}/b.sqlite", dir.display())).await?;
    let pantau = data::Pantau::new(db.clone(), 10).await?;
    let baru = PenggunaBaru {
        nama_pengguna: "bench".into(),
        nama: "Bench".into(),
        peran: "pimpinan".into(),
        cakupan: String::new(),
        sandi: "kata-sandi-uji-panjang".into(),
    };
    pantau
        .buat_pengguna(baru, &data::inti::jejak::Pelaku::sistem("bench"))
        .await?
        .map_err(anyhow::Error::msg)?;
    let n = 20;
    let t0 = Instant::now();
    for i in 0..n {
        let r = akun::masuk(
            &db,
            "bench",
            "kata-sandi-uji-panjang",
            &format!("10.0.0.{i}"),
            None,
        )
        .await?;
        assert!(matches!(r, HasilMasuk::Berhasil { .. }));
    }
    let e2e = n as f64 / t0.elapsed().as_secs_f64();
    println!("masuk ujung ke ujung (SQLite, berurutan): {e2e:.1} per detik");
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
