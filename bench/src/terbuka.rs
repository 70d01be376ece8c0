//! `bench terbuka`: the open data (issue 18). In process, on the demo's
//! data in a SQLite file: the time to make every file (cold: all months
//! computed) and to serve them again (cached), and the files' sizes. With
//! a URL, against a running server: N clients fetch
//! `/data-terbuka/kkmp.json` (every month, every KKMP) without pause for a
//! set time, with and without gzip: requests per second, p50 and p99. The
//! server needs `PANTAU_DATA_TERBUKA_PER_MENIT` above the load (one
//! address). Prints numbers; asserts nothing.

use anyhow::{Result, bail};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

pub async fn jalankan(args: &[String]) -> Result<()> {
    match args.first() {
        None => di_proses().await,
        Some(url) => {
            let detik: u64 = args.get(1).map_or(Ok(10), |s| s.parse())?;
            let klien: usize = args.get(2).map_or(Ok(16), |s| s.parse())?;
            for gzip in [false, true] {
                beban(url.trim_end_matches('/'), detik, klien, gzip).await?;
            }
            Ok(())
        }
    }
}

async fn di_proses() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("pantau-bench-terbuka-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = data::simpan::Db::connect(&format!("sqlite://{}/a.sqlite", dir.display())).await?;
    let pantau = data::Pantau::new(db.clone(), 10).await?;
    pantau
        .muat_demo(&data::inti::demo::DemoConfig::default())
        .await?
        .map_err(anyhow::Error::msg)?;
    let url = "https://pantau.example";
    let t0 = Instant::now();
    let f = pantau.data_terbuka(url).await?;
    let dingin = t0.elapsed();
    let n = 1000;
    let t0 = Instant::now();
    for _ in 0..n {
        pantau.data_terbuka(url).await?;
    }
    let hangat = t0.elapsed() / n;
    let bulan = data::simpan::laporan::periode_tersedia(&db).await?.len();
    println!(
        "Data demo ({bulan} bulan): semua berkas dibuat dalam {:.0} ms (dingin); dari cache {:.1} µs per permintaan",
        dingin.as_secs_f64() * 1e3,
        hangat.as_secs_f64() * 1e6
    );
    for b in &f.berkas {
        println!("  {:<16} {:>9} byte", b.nama, b.isi.len());
    }
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

async fn beban(url: &str, detik: u64, n: usize, gzip: bool) -> Result<()> {
    let klien: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(n)
        .build_http();
    let target = format!("{url}/data-terbuka/kkmp.json");
    let akhir = Instant::now() + Duration::from_secs(detik);
    let mut tugas = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (k, target) = (klien.clone(), target.clone());
        tugas.spawn(async move {
            let mut waktu = Vec::new();
            let mut byte = 0usize;
            while Instant::now() < akhir {
                let t0 = Instant::now();
                let req = hyper::Request::get(&target)
                    .header("accept-encoding", if gzip { "gzip" } else { "identity" })
                    .body(Full::new(Bytes::new()))?;
                let res = k.request(req).await?;
                let status = res.status();
                let isi = res.into_body().collect().await?.to_bytes();
                if status != 200 {
                    bail!(
                        "{target}: {status} {}",
                        String::from_utf8_lossy(&isi[..isi.len().min(200)])
                    );
                }
                byte += isi.len();
                waktu.push(t0.elapsed());
            }
            Ok::<_, anyhow::Error>((waktu, byte))
        });
    }
    let mut semua = Vec::new();
    let mut byte = 0;
    while let Some(r) = tugas.join_next().await {
        let (w, b) = r??;
        semua.extend(w);
        byte += b;
    }
    semua.sort();
    let p = |q: f64| semua[((semua.len() as f64 * q) as usize).min(semua.len() - 1)];
    println!(
        "kkmp.json, {n} klien, {detik} s, {}: {} permintaan, {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, {:.0} KB per jawaban",
        if gzip { "gzip" } else { "tanpa kompresi" },
        semua.len(),
        semua.len() as f64 / detik as f64,
        p(0.5).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        byte as f64 / semua.len().max(1) as f64 / 1024.0
    );
    Ok(())
}
