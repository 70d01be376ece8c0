//! `bench impor`: how fast reports come in from files, and how much
//! memory it takes. Not a test: it prints numbers (see BENCHMARKS.md).
//!
//! Every case runs in a process of its own (this binary, re-executed), so
//! that the peak resident memory it reports (`VmHWM`) belongs to that case
//! alone; generating the input file is a separate process too.
//!
//! - `rekap`: the city recap, 107 rows, as the XLSX template prefilled from
//!   the demo, checked (preview) and stored into a database holding the demo.
//! - `csv N`: a CSV of about N rows (synthetic KKMP × 25 months, generated
//!   by the demo generator over a synthetic master), checked and stored into
//!   a fresh database with that master.

use anyhow::{Context, Result, bail};
use chrono::Utc;
use data::Pantau;
use data::berkas::impor;
use data::berkas::impor::Batas;
use data::berkas::impor::Konteks;
use data::berkas::impor::Opsi;
use data::inti::demo;
use data::inti::demo::DemoConfig;
use data::inti::laporan::LaporanTersimpan;
use data::inti::laporan::Pengiriman;
use data::inti::wilayah::Kecamatan;
use data::inti::wilayah::Kelurahan;
use data::inti::wilayah::Wilayah;
use data::layanan::penerimaan::bulan_ini;
use data::simpan::Db;
use model::Periode;
use std::path::{Path, PathBuf};
use std::time::Instant;

const BULAN: i32 = 25;

/// Peak resident memory of this process so far (VmHWM), MB.
pub fn puncak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// A master of `n` synthetic kelurahan, 20 per kecamatan, codes sorted.
fn wilayah_sintetis(n: usize) -> Wilayah {
    let kecamatan: Vec<Kecamatan> = (0..n.div_ceil(20))
        .map(|k| Kecamatan {
            code: format!("91.01.{k:03}"),
            nama: format!("Kecamatan Sintetis {k}"),
        })
        .collect();
    let kelurahan = (0..n)
        .map(|i| {
            let kec = format!("91.01.{:03}", i / 20);
            Kelurahan {
                code: format!("{kec}.{:04}", 1001 + i % 20),
                kecamatan_code: kec,
                nama: format!("Kelurahan Sintetis {i}"),
                kkmp_nama: format!("KKMP Sintetis {i}"),
                lat: -3.0,
                lng: 104.7,
            }
        })
        .collect();
    Wilayah {
        kecamatan,
        kelurahan,
    }
}

fn bulan(s: &str) -> Periode {
    Periode::parse(s).expect("valid month")
}

async fn db_baru(dir: &Path, nama: &str) -> Result<Db> {
    let path = dir.join(format!("{nama}-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&path);
    Ok(Db::connect(&format!("sqlite://{}", path.display())).await?)
}

/// Writes the input file of a case; returns its path.
async fn buat(kasus: &str, n: usize, dir: &Path) -> Result<PathBuf> {
    match kasus {
        "rekap" => {
            let db = db_baru(dir, "buat").await?;
            let pantau = Pantau::new(db, 10).await?;
            pantau
                .muat_demo(&DemoConfig::default())
                .await?
                .map_err(anyhow::Error::msg)?;
            let bytes = pantau
                .templat(
                    None,
                    bulan("2026-11"),
                    &data::inti::jejak::Pelaku::sistem("bench"),
                )
                .await?;
            let path = dir.join("rekap-107.xlsx");
            std::fs::write(&path, bytes)?;
            Ok(path)
        }
        "csv" => {
            let w = wilayah_sintetis(n.div_ceil(BULAN as usize));
            let cfg = DemoConfig {
                awal: bulan("2024-10"),
                akhir: bulan("2026-10"),
                ..DemoConfig::default()
            };
            // One row per (KKMP, month): the last version of each.
            let mut rows: Vec<(data::inti::laporan::Laporan, Pengiriman)> =
                demo::generate(&w, &cfg).laporan;
            rows.reverse();
            let mut seen = std::collections::HashSet::new();
            rows.retain(|(l, _)| seen.insert((l.kelurahan_code.clone(), l.periode)));
            rows.reverse();
            let stored: Vec<LaporanTersimpan> = rows
                .into_iter()
                .enumerate()
                .map(|(i, (isi, pengiriman))| LaporanTersimpan {
                    id: i as i64,
                    versi: 1,
                    pertama_dikirim: pengiriman.dikirim_pada,
                    pengiriman: Pengiriman {
                        alasan: None,
                        ..pengiriman
                    },
                    isi,
                })
                .collect();
            let bytes = data::berkas::ekspor::csv_laporan(&stored, &w)?;
            let path = dir.join(format!("laporan-{n}.csv"));
            std::fs::write(&path, bytes)?;
            Ok(path)
        }
        other => bail!("kasus tidak dikenal: {other}"),
    }
}

/// Imports the file of a case `runs` times into fresh databases and prints
/// one line of results.
async fn ukur(kasus: &str, n: usize, path: &Path, runs: usize, dir: &Path) -> Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("membaca {}", path.display()))?;
    let nama = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let w = if kasus == "rekap" {
        Wilayah::embedded()?
    } else {
        wilayah_sintetis(n.div_ceil(BULAN as usize))
    };
    let batas = Batas {
        ukuran: 64 * 1024 * 1024,
        ..Batas::default()
    };
    let pembaca = data::layanan::pembaca::Pembaca::proses(
        std::env::current_exe()?,
        &[data::layanan::pembaca::PERINTAH],
    );
    let rss_awal = puncak_rss_mb();
    let (mut t_pratinjau, mut t_simpan) = (Vec::new(), Vec::new());
    let mut rss_pratinjau = f64::NAN;
    let mut baris = 0;
    for run in 0..runs {
        let db = db_baru(dir, &format!("ukur{run}")).await?;
        let terkini = if kasus == "rekap" {
            let pantau = Pantau::new(db.clone(), 10).await?;
            pantau
                .muat_demo(&DemoConfig::default())
                .await?
                .map_err(anyhow::Error::msg)?;
            data::simpan::laporan::terkini(&db, true).await?
        } else {
            data::simpan::wilayah::muat(&db, &Wilayah::embedded()?).await?;
            data::simpan::wilayah::muat(&db, &w).await?;
            Vec::new()
        };
        let now = Utc::now();
        let opsi = Opsi {
            oleh: "bench",
            alasan_umum: Some("bench"),
            bulan_ini: bulan_ini(now),
            sekarang: now,
            cakupan: None,
            terkunci: &Default::default(),
        };
        let konteks = Konteks {
            wilayah: &w,
            terkini: &terkini,
        };
        // As the service does: a workbook is read in a reader process.
        let t = Instant::now();
        let terbaca = pembaca.baca(&bytes, &nama, batas).await;
        let pr = impor::pratinjau(&bytes, &terbaca, &nama, &konteks, &opsi, batas);
        t_pratinjau.push(t.elapsed().as_secs_f64());
        if run == 0 {
            rss_pratinjau = puncak_rss_mb();
        }
        if pr.jumlah_galat > 0 {
            bail!("berkas bench bermasalah: {:?}", pr.galat.first());
        }
        baris = pr.baris_data;
        let t = Instant::now();
        let terbaca = pembaca.baca(&bytes, &nama, batas).await;
        match data::layanan::impor::simpan(
            &db,
            data::layanan::impor::BerkasMasuk {
                bytes: &bytes,
                nama: &nama,
                terbaca: &terbaca,
            },
            &konteks,
            &opsi,
            batas,
            &data::inti::jejak::Pelaku::sistem("bench"),
        )
        .await?
        {
            impor::HasilUnggah::Tersimpan { .. } => {}
            impor::HasilUnggah::Ditolak(p) => bail!("ditolak: {:?}", p.galat.first()),
        }
        t_simpan.push(t.elapsed().as_secs_f64());
        db.close().await;
    }
    let (p, s) = (median(t_pratinjau), median(t_simpan));
    println!(
        "{:<8} {:>9} {:>8.1} MB {:>10.0} ms {:>10.0} ms {:>12.0} {:>9.0} MB {:>9.0} MB {:>9.0} MB  (median of {runs})",
        kasus,
        baris,
        bytes.len() as f64 / 1_048_576.0,
        p * 1000.0,
        s * 1000.0,
        baris as f64 / s,
        rss_awal,
        rss_pratinjau,
        puncak_rss_mb()
    );
    Ok(())
}

/// `server bench-impor [rekap | csv N …]`.
pub async fn jalankan(args: &[String]) -> Result<()> {
    let dir = std::env::temp_dir().join("pantau-kkmp-bench");
    std::fs::create_dir_all(&dir)?;
    match args {
        [mode, kasus, n] if mode == "buat" => {
            let path = buat(kasus, n.parse()?, &dir).await?;
            println!("{}", path.display());
            Ok(())
        }
        [mode, kasus, n, path, runs] if mode == "ukur" => {
            ukur(kasus, n.parse()?, Path::new(path), runs.parse()?, &dir).await
        }
        _ => {
            let cases: Vec<(String, usize, usize)> = if args.is_empty() {
                vec![
                    ("rekap".into(), 107, 7),
                    ("csv".into(), 10_000, 3),
                    ("csv".into(), 50_000, 3),
                    ("csv".into(), 100_000, 3),
                ]
            } else {
                args.chunks(2)
                    .map(|c| {
                        let n = c.get(1).and_then(|n| n.parse().ok()).unwrap_or(107);
                        (c[0].clone(), n, 3)
                    })
                    .collect()
            };
            let exe = std::env::current_exe()?;
            println!(
                "Impor laporan dari berkas: SQLite (berkas), mesin ini; waktu = median; RSS = puncak resident memory proses kasus itu.\n"
            );
            println!(
                "{:<8} {:>9} {:>11} {:>13} {:>13} {:>12} {:>12} {:>12} {:>12}",
                "kasus",
                "baris",
                "berkas",
                "pratinjau",
                "simpan",
                "baris/detik",
                "RSS awal",
                "+pratinjau",
                "+simpan"
            );
            for (kasus, n, runs) in cases {
                let out = std::process::Command::new(&exe)
                    .args(["impor", "buat", &kasus, &n.to_string()])
                    .env("RUST_LOG", "warn")
                    .output()?;
                if !out.status.success() {
                    bail!(
                        "membuat berkas {kasus}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
                let path = String::from_utf8(out.stdout)?.trim().to_string();
                let status = std::process::Command::new(&exe)
                    .args([
                        "impor",
                        "ukur",
                        &kasus,
                        &n.to_string(),
                        &path,
                        &runs.to_string(),
                    ])
                    .env("RUST_LOG", "warn")
                    .status()?;
                if !status.success() {
                    bail!("mengukur {kasus} gagal");
                }
            }
            Ok(())
        }
    }
}
