//! `bench jebakan`: how fast and in how much memory each hostile workbook
//! (`data::berkas::jebakan`) is refused. Not a test: it prints numbers
//! (see BENCHMARKS.md).
//!
//! Two measures per file: the check in this process (`xlsx::baca`, which
//! refuses before calamine reads anything; peak resident memory reset
//! before each file through `/proc/self/clear_refs`), and the whole
//! round trip through a reader process as the server does it (spawn,
//! limits, answer).

use anyhow::Result;
use data::berkas::impor::Batas;
use data::berkas::impor::Terbaca;
use data::berkas::xlsx;
use data::layanan::pembaca::{PERINTAH, Pembaca};
use std::time::Instant;

/// `bench jebakan [--tulis DIR]`: with `--tulis`, only writes the files to
/// DIR (to feed another build's reader, e.g. the release server's
/// `baca-berkas`).
pub async fn jalankan(args: &[String]) -> Result<()> {
    if let [flag, dir] = args
        && flag == "--tulis"
    {
        std::fs::create_dir_all(dir)?;
        for (nama, bytes) in data::berkas::jebakan::semua() {
            std::fs::write(
                std::path::Path::new(dir).join(format!("{nama}.xlsx")),
                bytes,
            )?;
        }
        return Ok(());
    }
    let pembaca = Pembaca::proses(std::env::current_exe()?, &[PERINTAH]);
    println!(
        "{:<22} {:>10} {:>12} {:>14} {:>16}  hasil",
        "berkas", "ukuran KB", "periksa ms", "puncak RSS MB", "lewat proses ms"
    );
    for (nama, bytes) in data::berkas::jebakan::semua() {
        let nama_berkas = format!("{nama}.xlsx");
        // Reset the peak (VmHWM) to the current resident set.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let t0 = Instant::now();
        let hasil = xlsx::baca(&bytes, &nama_berkas, Batas::default(), xlsx::Pilih::Laporan);
        let periksa = t0.elapsed().as_secs_f64() * 1000.0;
        let rss = crate::impor::puncak_rss_mb();
        let t1 = Instant::now();
        let lewat = pembaca.baca(&bytes, &nama_berkas, Batas::default()).await;
        let proses = t1.elapsed().as_secs_f64() * 1000.0;
        let ringkas = match (&hasil, &lewat) {
            (Err(t), Terbaca::Ditolak(_)) => {
                let p: String = t.pesan.chars().take(60).collect();
                format!("ditolak: {p}…")
            }
            (Ok(l), _) => format!("terbaca ({} baris data)", l.baris.len()),
            (Err(_), _) => "ditolak di sini, diterima proses pembaca (!)".into(),
        };
        println!(
            "{:<22} {:>10} {:>12.1} {:>14.1} {:>16.1}  {}",
            nama,
            bytes.len() / 1024,
            periksa,
            rss,
            proses,
            ringkas
        );
    }
    Ok(())
}
