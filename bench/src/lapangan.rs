//! `bench lapangan`: field visits (issue 18). The photo checks on the
//! largest photo allowed (8 MB), on a decompression bomb and on a file
//! that is no photo; then, on the demo's data in a SQLite file, recording
//! a visit with one small photo and with four 8 MB photos (check,
//! distance, one transaction with its audit entry), and the evidence grade
//! computed cold. Prints numbers; asserts nothing.

use anyhow::Result;
use data::berkas::foto::{ContohExif, contoh_jpeg, contoh_png, periksa, png_bom};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ukur(n: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..n)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

/// A JPEG of the largest size allowed: its structure, then padding.
fn jpeg_besar(exif: &ContohExif, salt: u8) -> Vec<u8> {
    let mut b = contoh_jpeg(4000, 3000, Some(exif));
    let eoi = b.split_off(b.len() - 2);
    b.resize(model::lapangan::UKURAN_FOTO_MAKS - 2, salt);
    b.extend(eoi);
    b
}

pub async fn jalankan() -> Result<()> {
    let exif = ContohExif {
        lintang: Some(-2.9761),
        bujur: Some(104.7754),
        waktu: Some("2026:11:20 09:15:00".into()),
    };
    let besar = jpeg_besar(&exif, 0);
    let kecil = contoh_png(320, 240, [200, 40, 40], Some(&exif));
    let bom = png_bom(100_000, 100_000);
    let bukan = vec![0x47u8; 8 * 1024 * 1024];
    println!("Pemeriksaan foto (median 21 kali):");
    for (nama, b) in [
        ("JPEG 8 MB dengan EXIF", &besar),
        ("PNG 320×240 dengan EXIF", &kecil),
        ("bom dekompresi (PNG 100.000×100.000)", &bom),
        ("8 MB bukan foto", &bukan),
    ] {
        let t = ukur(21, || {
            let _ = periksa(b);
        });
        println!(
            "  {nama:<40} {:>9} byte  {:>8.3} ms  {}",
            b.len(),
            t.as_secs_f64() * 1e3,
            if periksa(b).is_ok() {
                "diterima"
            } else {
                "ditolak"
            }
        );
    }

    let dir = std::env::temp_dir().join(format!("pantau-bench-lapangan-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = data::simpan::Db::connect(&format!("sqlite://{}/a.sqlite", dir.display())).await?;
    let pantau = data::Pantau::new(db.clone(), 10).await?;
    pantau
        .muat_demo(&data::inti::demo::DemoConfig::default())
        .await?
        .map_err(anyhow::Error::msg)?;
    let pelaku = data::inti::jejak::Pelaku {
        pengguna: "bench".into(),
        peran: "admin".into(),
        alamat: "127.0.0.1".into(),
    };
    let kel = pantau.wilayah().kelurahan[4].code.clone();
    let baru = data::inti::lapangan::KunjunganBaru {
        kelurahan_code: kel,
        tanggal: data::inti::waktu::hari_ini().to_string(),
        petugas: "Bench".into(),
        temuan: model::lapangan::TONGGAK_LAPANGAN
            .iter()
            .map(|t| (t.0.to_string(), "ya".to_string()))
            .collect(),
        catatan: String::new(),
    };
    println!("Mencatat kunjungan (SQLite, data demo; median 9 kali):");
    for (nama, n, ukuran_besar) in [
        ("1 foto PNG kecil", 1usize, false),
        ("4 foto JPEG 8 MB", 4, true),
    ] {
        let mut waktu = Vec::new();
        for i in 0..9u8 {
            let foto: Vec<(String, Vec<u8>)> = (0..n)
                .map(|j| {
                    let salt = i.wrapping_mul(7).wrapping_add(j as u8 + 1);
                    let b = if ukuran_besar {
                        jpeg_besar(&exif, salt)
                    } else {
                        contoh_png(320, 240, [salt, 40, 40], Some(&exif))
                    };
                    (format!("f{j}"), b)
                })
                .collect();
            let t = Instant::now();
            pantau.catat_kunjungan(&baru, foto, &pelaku).await?;
            waktu.push(t.elapsed());
        }
        println!("  {nama:<20} {:>8.1} ms", median(waktu).as_secs_f64() * 1e3);
    }
    pantau.kosongkan_cache();
    let t = Instant::now();
    let kota = pantau.dashboard_kota(None, None, None, false).await?;
    println!(
        "Dasbor kota dingin dengan tingkat bukti: {:.0} ms ({} terkonfirmasi dari {} beroperasi)",
        t.elapsed().as_secs_f64() * 1e3,
        kota.bukti.terkonfirmasi,
        kota.bukti.beroperasi
    );
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
