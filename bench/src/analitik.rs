//! `bench analitik`: how fast the analytics core answers, on the
//! 107-KKMP demo and on a national-scale synthetic workload, against the
//! same roll-up written as SQL `GROUP BY` on SQLite and PostgreSQL. Not a
//! test: it prints medians and peak memory (see BENCHMARKS.md).
//!
//! Every case runs in a process of its own (this binary, re-executed), so
//! that the peak resident memory it reports belongs to that case alone.
//!
//! - `demo`: the core pipeline (state per KKMP → roll-up per kecamatan →
//!   progress and status → funnel) over the demo's current versions, warm;
//!   and the whole city dashboard computed from scratch (cache emptied).
//! - `nasional`: the same pipeline over ~3 million synthetic reports, with
//!   the current version known on write (filter on the stored flag) and,
//!   for comparison, resolved at read; plus the roll-up per (kecamatan,
//!   month) joined with the targets, the query the SQL cases run.
//! - `sqlite`, `postgres`: that roll-up as SQL `GROUP BY` over the same
//!   rows loaded into a table.

use crate::impor::puncak_rss_mb;
use crate::sintetis::{self, Ukuran};
use anyhow::{Context, Result, bail};
use data::Pantau;
use data::analitik;
use data::analitik::dasbor::Bingkai;
use data::analitik::kol;
use data::inti::demo::DemoConfig;
use data::inti::target::{Cakupan, Target};
use data::inti::wilayah::{Kecamatan, Wilayah};
use data::simpan::Db;
use model::Periode;
use polars::prelude::*;
use std::time::Instant;

fn median_ms(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2] * 1000.0
}

/// Times `f` `runs` times after one warm-up run; the median in ms.
fn waktu<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<f64> {
    f()?;
    let mut xs = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f()?);
        xs.push(t.elapsed().as_secs_f64());
    }
    Ok(median_ms(xs))
}

fn baris(kasus: &str, ukuran: &str, langkah: &str, ms: f64, runs: usize) {
    println!(
        "{kasus:<9} {ukuran:>22} {langkah:<44} {ms:>10.2} ms  (median {runs}) RSS puncak {:>6.0} MB",
        puncak_rss_mb()
    );
}

async fn demo() -> Result<()> {
    let dir = std::env::temp_dir().join("pantau-kkmp-bench");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("analitik-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let db = Db::connect(&format!("sqlite://{}", path.display())).await?;
    let pantau = Pantau::new(db.clone(), 10).await?;
    pantau
        .muat_demo(&DemoConfig::default())
        .await?
        .map_err(anyhow::Error::msg)?;
    let rows = data::simpan::laporan::terkini(&db, true).await?;
    let p = rows
        .iter()
        .map(|r| r.isi.periode)
        .max()
        .context("demo tanpa laporan")?;
    let first = rows
        .iter()
        .map(|r| r.isi.periode)
        .min()
        .context("demo tanpa laporan")?;
    let targets = data::simpan::target::semua(&db).await?;
    let bingkai = Bingkai::baru(&rows, pantau.wilayah(), 10)?;
    let runs = 51;
    let ukuran = format!("{} laporan", rows.len());
    let ms = waktu(runs, || {
        Ok(analitik::dasbor::kota(
            &bingkai,
            pantau.wilayah(),
            &targets,
            (p, first),
            "gerai_sembako",
            &[],
        )?)
    })?;
    baris(
        "demo",
        &ukuran,
        "analitik dasbor kota (tanpa grafik, tanpa DB)",
        ms,
        runs,
    );
    let mut xs = Vec::new();
    for _ in 0..15 {
        pantau.kosongkan_cache();
        let t = Instant::now();
        pantau.dashboard_kota(Some(p), None, None, false).await?;
        xs.push(t.elapsed().as_secs_f64());
    }
    baris(
        "demo",
        &ukuran,
        "dasbor kota utuh, tanpa cache (+baca DB)",
        median_ms(xs),
        15,
    );
    let mut xs = Vec::new();
    for _ in 0..51 {
        let t = Instant::now();
        pantau.dashboard_kota(Some(p), None, None, false).await?;
        xs.push(t.elapsed().as_secs_f64());
    }
    baris(
        "demo",
        &ukuran,
        "dasbor kota dari cache (cek revisi)",
        median_ms(xs),
        51,
    );
    db.close().await;
    let _ = std::fs::remove_file(&path);
    Ok(())
}

fn nasional() -> Result<()> {
    let t = Instant::now();
    let n = sintetis::nasional(Ukuran::NASIONAL)?;
    let total = n.semua_versi.height();
    let kec = n.master.column(kol::KEC)?.n_unique()?;
    println!(
        "nasional: {} KKMP, {} kecamatan, {} bulan, {} laporan (termasuk koreksi) dibangkitkan dalam {:.1} s",
        n.master.height(),
        kec,
        Ukuran::NASIONAL.bulan,
        total,
        t.elapsed().as_secs_f64()
    );
    // `BENCH_EKSPOR=DIR`: the same rows as CSV for the DuckDB comparison
    // (scripts/bench_nasional.sh), and this run's roll-up times as JSON.
    let ekspor = std::env::var_os("BENCH_EKSPOR")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from);
    if let Some(dir) = &ekspor {
        let t = Instant::now();
        let rows = sintetis::tulis_csv(&n, dir)?;
        println!(
            "nasional: {rows} baris ditulis ke {} dalam {:.1} s (tidak diukur)",
            dir.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let mut hasil: Vec<(&str, f64)> = Vec::new();
    let p = n.awal + Ukuran::NASIONAL.bulan - 1;
    let target = sintetis::target_per_kecamatan(
        &n.master,
        data::inti::waktu::hari(chrono::NaiveDate::from_ymd_opt(2025, 7, 1).expect("valid")),
        data::inti::waktu::hari(chrono::NaiveDate::from_ymd_opt(2026, 3, 31).expect("valid")),
    )?;
    let pada = Periode::from_index(p).context("bulan")?;
    let hari_p = data::inti::waktu::hari(
        chrono::NaiveDate::from_ymd_opt(pada.year(), pada.month(), 28).expect("valid"),
    );
    let ind = ["gerai_sembako", "beroperasi"];
    let ukuran = format!("{total} laporan");
    let runs = 7;

    // The current version known on write: the frame the app builds from
    // `laporan_terkini` holds only current versions (built once per data
    // revision, as the app's cache does).
    let t = Instant::now();
    let terkini_df = n
        .semua_versi
        .clone()
        .lazy()
        .filter(col("terkini"))
        .collect()?;
    println!(
        "nasional: frame versi terkini ({} baris) disiapkan dalam {:.0} ms (sekali per revisi data)",
        terkini_df.height(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let terkini = || terkini_df.clone().lazy();

    // The city dashboard's own computation, as the page runs it: the same
    // function over a national master (kecamatan named by their codes) and
    // one city-wide target per indicator.
    let kecamatan: Vec<Kecamatan> = {
        let kec = n.master.column(kol::KEC)?.str()?;
        let mut codes: Vec<String> = (0..kec.len())
            .filter_map(|i| kec.get(i))
            .map(str::to_string)
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
            .into_iter()
            .map(|code| Kecamatan {
                nama: code.clone(),
                code,
            })
            .collect()
    };
    let wilayah = Wilayah {
        kecamatan,
        kelurahan: Vec::new(),
    };
    let targets: Vec<Target> = ind
        .iter()
        .map(|i| Target {
            indikator: i.to_string(),
            cakupan: Cakupan::Kota,
            nilai_awal: 0.0,
            tgl_awal: chrono::NaiveDate::from_ymd_opt(2025, 7, 1).expect("valid"),
            nilai_target: 1.0,
            tenggat: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).expect("valid"),
            keterangan: String::new(),
        })
        .collect();
    let bingkai = Bingkai::dari_frame(terkini_df.clone(), n.master.clone());
    let first = Periode::from_index(n.awal).context("bulan")?;
    let ms = waktu(runs, || {
        Ok(analitik::dasbor::kota(
            &bingkai,
            &wilayah,
            &targets,
            (pada, first),
            "gerai_sembako",
            &[],
        )?)
    })?;
    drop(bingkai);
    baris(
        "nasional",
        &ukuran,
        "analitik dasbor kota (fungsi yang sama dengan halaman)",
        ms,
        runs,
    );
    let ms = waktu(runs, || {
        Ok(analitik::pipa(
            terkini(),
            n.master.clone().lazy(),
            target.clone().lazy(),
            p,
            hari_p,
            &ind,
        )?)
    })?;
    baris(
        "nasional",
        &ukuran,
        "pipa inti, versi terkini diketahui saat tulis",
        ms,
        runs,
    );
    hasil.push(("pipa_terkini", ms));

    let ms = waktu(runs, || {
        Ok(analitik::pipa(
            analitik::versi_terkini(n.semua_versi.clone())?,
            n.master.clone().lazy(),
            target.clone().lazy(),
            p,
            hari_p,
            &ind,
        )?)
    })?;
    baris(
        "nasional",
        &ukuran,
        "pipa inti, versi diselesaikan saat baca",
        ms,
        runs,
    );
    hasil.push(("pipa_resolusi", ms));

    let rollup = |laporan: LazyFrame| -> Result<DataFrame> {
        Ok(analitik::laporan_per_kecamatan_bulan(laporan, &n.master)?
            .join(
                target
                    .clone()
                    .lazy()
                    .filter(col(kol::INDIKATOR).eq(lit("gerai_sembako"))),
                [col(kol::KEC)],
                [col(kol::WILAYAH)],
                JoinArgs::new(JoinType::Left),
            )
            .collect()?)
    };
    let mut rows = 0;
    let ms = waktu(runs, || {
        let df = rollup(terkini())?;
        rows = df.height();
        Ok(df)
    })?;
    baris(
        "nasional",
        &ukuran,
        &format!("rollup kec×bulan + target ({rows} baris)"),
        ms,
        runs,
    );
    hasil.push(("rollup_terkini", ms));
    let ms = waktu(runs, || {
        rollup(analitik::versi_terkini(n.semua_versi.clone())?)
    })?;
    baris(
        "nasional",
        &ukuran,
        "rollup kec×bulan, versi diselesaikan saat baca",
        ms,
        runs,
    );
    hasil.push(("rollup_resolusi", ms));
    if let Some(dir) = &ekspor {
        let isi: Vec<String> = hasil
            .iter()
            .map(|(k, ms)| format!("\"{k}\": {ms:.3}"))
            .collect();
        std::fs::write(dir.join("polars.json"), format!("{{{}}}\n", isi.join(", ")))?;
    }
    Ok(())
}

async fn sql(kasus: &str) -> Result<()> {
    let url = match kasus {
        "sqlite" => {
            let dir = std::env::temp_dir().join("pantau-kkmp-bench");
            std::fs::create_dir_all(&dir)?;
            let path = dir.join(format!("sql-{}.sqlite", std::process::id()));
            let _ = std::fs::remove_file(&path);
            format!("sqlite://{}", path.display())
        }
        _ => std::env::var("BENCH_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into()),
    };
    let n = sintetis::nasional(Ukuran::NASIONAL)?;
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("membuka {kasus}"))?;
    let t = Instant::now();
    let rows = sintetis::muat_sql(&db, &n).await?;
    println!(
        "{kasus}: {rows} baris dimuat dalam {:.1} s",
        t.elapsed().as_secs_f64()
    );
    drop(n);
    let runs = 7;
    sintetis::rollup_sql(&db).await?;
    let mut xs = Vec::new();
    let mut hasil = 0;
    for _ in 0..runs {
        let t = Instant::now();
        hasil = sintetis::rollup_sql(&db).await?;
        xs.push(t.elapsed().as_secs_f64());
    }
    baris(
        kasus,
        &format!("{rows} laporan"),
        &format!("SQL GROUP BY kec×bulan + target ({hasil} baris)"),
        median_ms(xs),
        runs,
    );
    sintetis::hapus_sql(&db).await?;
    db.close().await;
    Ok(())
}

/// `server bench-analitik [demo | nasional | sqlite | postgres …]`.
pub async fn jalankan(args: &[String]) -> Result<()> {
    match args {
        [mode, kasus] if mode == "kasus" => match kasus.as_str() {
            "demo" => demo().await,
            "nasional" => nasional(),
            "sqlite" | "postgres" => sql(kasus).await,
            other => bail!("kasus tidak dikenal: {other}"),
        },
        _ => {
            let cases: Vec<String> = if args.is_empty() {
                ["demo", "nasional", "sqlite", "postgres"]
                    .map(String::from)
                    .to_vec()
            } else {
                args.to_vec()
            };
            println!(
                "Analitik: median waktu dinding di mesin ini; RSS puncak = memori proses kasus itu.\n"
            );
            let exe = std::env::current_exe()?;
            for kasus in cases {
                let status = std::process::Command::new(&exe)
                    .args(["analitik", "kasus", &kasus])
                    .env("RUST_LOG", "warn")
                    .status()?;
                if !status.success() {
                    bail!("kasus {kasus} gagal");
                }
            }
            Ok(())
        }
    }
}
