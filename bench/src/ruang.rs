//! `bench ruang`: what the three rooms' packs cost on the 107-KKMP
//! demo data (SQLite file) — the briefing PDF, a meeting's XLSX and PDF, and
//! one KKMP's evidence ZIP over all its months. Cold (first call after a
//! write, caches empty) and warm medians. Prints numbers; asserts nothing.

use anyhow::Result;
use data::inti::demo::DemoConfig;
use data::inti::jejak::Pelaku;
use std::time::Instant;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

async fn ukur<F, Fut>(label: &str, n: usize, mut f: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize>>,
{
    let mut ms = Vec::with_capacity(n);
    let mut ukuran = 0;
    for _ in 0..n {
        let t0 = Instant::now();
        ukuran = f().await?;
        ms.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{label:<44} median {:>8.1} ms  (min {:.1}, maks {:.1}, n = {n}, {} KB)",
        median(ms.clone()),
        ms.iter().copied().fold(f64::INFINITY, f64::min),
        ms.iter().copied().fold(0.0, f64::max),
        ukuran / 1024
    );
    Ok(())
}

pub async fn jalankan() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("pantau-bench-ruang-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = data::simpan::Db::connect(&format!("sqlite://{}/b.sqlite", dir.display())).await?;
    let pantau = data::Pantau::new(db.clone(), 10).await?;
    let t0 = Instant::now();
    pantau
        .muat_demo(&DemoConfig::default())
        .await?
        .map_err(anyhow::Error::msg)?;
    println!(
        "data contoh dimuat dalam {:.1} s (107 KKMP, 18 bulan)",
        t0.elapsed().as_secs_f64()
    );
    let pelaku = Pelaku::sistem("bench");
    let id = pantau
        .simpan_cuplikan("rapat", "Rapat uji", "2026-11-29", &[], &pelaku)
        .await?;
    let periode = data::simpan::laporan::periode_tersedia(&db).await?;
    let (dari, sampai) = (*periode.last().expect("months"), periode[0]);
    let kel = "16.71.07.1011";
    let n = 15;
    println!("— dingin: cache dikosongkan sebelum setiap ukuran —");
    ukur("Bahan Briefing (PDF)", n, || async {
        pantau.kosongkan_cache();
        Ok(pantau.pdf_briefing(&pelaku).await?.1.len())
    })
    .await?;
    ukur("Paket rapat (XLSX)", n, || async {
        pantau.kosongkan_cache();
        Ok(pantau.paket_rapat(id, true, &pelaku).await?.1.len())
    })
    .await?;
    println!("— hangat: angka dasbor sudah di cache —");
    ukur("Bahan Briefing (PDF)", n, || async {
        Ok(pantau.pdf_briefing(&pelaku).await?.1.len())
    })
    .await?;
    ukur("Paket rapat (XLSX)", n, || async {
        Ok(pantau.paket_rapat(id, true, &pelaku).await?.1.len())
    })
    .await?;
    ukur("Paket rapat (PDF)", n, || async {
        Ok(pantau.paket_rapat(id, false, &pelaku).await?.1.len())
    })
    .await?;
    ukur(
        &format!("Paket bukti ZIP {kel}, {} bulan", periode.len()),
        n,
        || async {
            Ok(pantau
                .paket_bukti(kel, dari, sampai, &pelaku)
                .await?
                .1
                .len())
        },
    )
    .await?;
    let (_, zip) = pantau.paket_bukti(kel, dari, sampai, &pelaku).await?;
    ukur(
        "Verifikasi paket bukti (server bukti verify)",
        n,
        || async {
            data::berkas::bukti::verifikasi(&zip).map_err(|e| anyhow::anyhow!(e.join("; ")))?;
            Ok(zip.len())
        },
    )
    .await?;
    ukur("Daftar anomali + peringkat risiko", n, || async {
        Ok(pantau.halaman_audit().await?.anomali.len())
    })
    .await?;
    db.close().await;
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
