//! `bench rekonsiliasi`: SIMKOPDES reconciliation (issue 18) of a
//! 107-row export (Palembang only) and of an 80,000-row national export
//! (Palembang's 107 among 79,893 rows of other regions), as CSV and as
//! XLSX. First the reading and matching alone in this process, a workbook
//! with the function the reader process runs (time, peak resident memory
//! reset before each case); then the service's whole
//! path on the demo's data in a SQLite file: keep the file, preview it
//! (a workbook through the reader process), store it with its
//! discrepancies. Prints numbers; asserts nothing.

use anyhow::Result;
use data::berkas::impor::{Batas, Terbaca};
use data::inti::rekonsiliasi::{NilaiNasional, Pencocok, Peta};
use std::time::Instant;

/// The city's rows as SIMKOPDES would hold them (values made up).
fn kota(w: &data::inti::wilayah::Wilayah) -> Vec<(String, String, String, NilaiNasional)> {
    w.kelurahan
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let kec = w
                .kecamatan(&k.kecamatan_code)
                .map_or("", |c| c.nama.as_str());
            (
                k.code.clone(),
                k.nama.clone(),
                kec.to_string(),
                NilaiNasional {
                    badan_hukum: Some(i % 5 != 0),
                    anggota: Some(50 + i as i64 * 3),
                    gerai: (i % 3 != 0).then_some(i as i64 % 4),
                    tahap_pinjaman: None,
                },
            )
        })
        .collect()
}

/// The CSV as a workbook's first sheet, in inline strings.
fn xlsx(csv: &[u8]) -> Vec<u8> {
    let mut isi = String::new();
    let mut lebar = 0;
    let mut n = 0;
    for (i, r) in csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv)
        .records()
        .flatten()
        .enumerate()
    {
        isi.push_str(&format!("<row r=\"{}\">", i + 1));
        for (j, c) in r.iter().enumerate() {
            isi.push_str(&format!(
                "<c r=\"{}{}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                data::berkas::impor::kolom_huruf(j),
                i + 1,
                c.replace('&', "&amp;").replace('<', "&lt;")
            ));
        }
        isi.push_str("</row>");
        lebar = lebar.max(r.len());
        n = i + 1;
    }
    let ujung = format!("A1:{}{n}", data::berkas::impor::kolom_huruf(lebar - 1));
    data::berkas::jebakan::buku(
        &[("Ekspor".into(), data::berkas::jebakan::lembar(&ujung, &isi))],
        None,
    )
}

pub async fn jalankan() -> Result<()> {
    let w = data::inti::wilayah::Wilayah::embedded()?;
    let peta = Peta::bawaan();
    let pencocok = Pencocok::baru(&w);
    let baris = kota(&w);
    let kasus: Vec<(&str, Vec<u8>)> = vec![
        (
            "107 baris",
            data::berkas::rekonsiliasi::contoh_csv(0, &baris),
        ),
        (
            "80.000 baris",
            data::berkas::rekonsiliasi::contoh_csv(80_000 - baris.len(), &baris),
        ),
    ];
    println!(
        "Membaca dan mencocokkan di proses ini (median 5 kali; buku kerja dengan fungsi yang dipakai proses pembaca):"
    );
    println!(
        "  {:<20} {:>10} {:>10} {:>9} {:>10} {:>14}",
        "berkas", "ukuran KB", "ms", "cocok", "di luar", "puncak RSS MB"
    );
    for (nama, csv) in &kasus {
        for (jenis, isi) in [("CSV", csv.clone()), ("XLSX", xlsx(csv))] {
            let nama_berkas = format!("simkopdes.{}", jenis.to_lowercase());
            let _ = std::fs::write("/proc/self/clear_refs", "5");
            let mut waktu = Vec::new();
            let mut hasil = None;
            for _ in 0..5 {
                let t = Instant::now();
                let terbaca = if jenis == "CSV" {
                    Terbaca::Csv
                } else {
                    match data::berkas::xlsx::baca(
                        &isi,
                        &nama_berkas,
                        Batas::default(),
                        data::berkas::xlsx::Pilih::Pertama,
                    ) {
                        Ok(l) => Terbaca::Xlsx(l),
                        Err(t) => Terbaca::Ditolak(t),
                    }
                };
                let p = data::berkas::rekonsiliasi::baca(
                    &isi,
                    &terbaca,
                    &nama_berkas,
                    &peta,
                    &pencocok,
                    Batas::default(),
                );
                waktu.push(t.elapsed().as_secs_f64() * 1e3);
                hasil = Some(p);
            }
            waktu.sort_by(f64::total_cmp);
            let p = hasil.expect("ran");
            println!(
                "  {:<20} {:>10} {:>10.1} {:>9} {:>10} {:>14.1}",
                format!("{nama} {jenis}"),
                isi.len() / 1024,
                waktu[2],
                p.baris.len(),
                p.di_luar_kota,
                crate::impor::puncak_rss_mb()
            );
        }
    }

    let dir =
        std::env::temp_dir().join(format!("pantau-bench-rekonsiliasi-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = data::simpan::Db::connect(&format!("sqlite://{}/a.sqlite", dir.display())).await?;
    let pantau = data::Pantau::new(db.clone(), 10).await?.dengan_pembaca(
        data::layanan::pembaca::Pembaca::proses(
            std::env::current_exe()?,
            &[data::layanan::pembaca::PERINTAH],
        ),
    );
    pantau
        .muat_demo(&data::inti::demo::DemoConfig::default())
        .await?
        .map_err(anyhow::Error::msg)?;
    let pelaku = data::inti::jejak::Pelaku {
        pengguna: "bench".into(),
        peran: "admin".into(),
        alamat: "127.0.0.1".into(),
    };
    println!(
        "Jalur layanan (SQLite, data demo): simpan berkas sementara, pratinjau, simpan dengan selisihnya:"
    );
    println!(
        "  {:<20} {:>10} {:>12} {:>12} {:>12} {:>8}",
        "berkas", "ukuran KB", "unggah ms", "pratinjau ms", "simpan ms", "selisih"
    );
    for (nama, csv) in &kasus {
        for (jenis, isi) in [("CSV", csv.clone()), ("XLSX", xlsx(csv))] {
            let nama_berkas = format!("simkopdes.{}", jenis.to_lowercase());
            let t = Instant::now();
            let token = pantau
                .unggah_rekonsiliasi(&nama_berkas, &isi, "bench")
                .await?
                .map_err(|e| anyhow::anyhow!(e.pesan()))?;
            let unggah = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let p = pantau.pratinjau_rekonsiliasi(&token, "bench").await?;
            let pratinjau = t.elapsed().as_secs_f64() * 1e3;
            if !p.galat.is_empty() {
                println!("  {nama} {jenis}: {:?}", p.galat);
                continue;
            }
            let t = Instant::now();
            pantau
                .simpan_rekonsiliasi(&token, &Default::default(), &pelaku)
                .await?;
            let simpan = t.elapsed().as_secs_f64() * 1e3;
            println!(
                "  {:<20} {:>10} {:>12.1} {:>12.1} {:>12.1} {:>8}",
                format!("{nama} {jenis}"),
                isi.len() / 1024,
                unggah,
                pratinjau,
                simpan,
                p.selisih
            );
        }
    }
    println!(
        "  (puncak RSS proses ini: {:.0} MB)",
        crate::impor::puncak_rss_mb()
    );
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
