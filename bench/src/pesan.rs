//! `bench pesan`: the outbox at city scale. Generating the deadline
//! rules' messages for all 107 KKMP (an operator and a lurah each, with an
//! e-mail address), the 18 camat, the Dinas and the pimpinan: time and
//! count per rule; then sending 500 queued e-mails through a real SMTP
//! server on a local port (`data::kirim::penampung`): messages per second,
//! end to end (claim, SMTP conversation, marking, audit entry per pass);
//! then one pass of every rule on the demo's data (the target statuses of
//! two months compared, the weekly digest). On a SQLite file. Prints
//! numbers; asserts nothing.

use anyhow::Result;
use chrono::{TimeZone, Utc};
use data::inti::akun::{PenggunaBaru, Perubahan};
use data::inti::jejak::Pelaku;
use data::inti::pesan::{Aturan, Kontak, PesanBaru, Saluran};
use data::kirim::{KonfigurasiSmtp, Pengirim, TlsSmtp};
use std::time::Instant;

pub async fn jalankan() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("pantau-bench-pesan-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let hasil = ukur(&dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    hasil
}

async fn ukur(dir: &std::path::Path) -> Result<()> {
    let db = data::simpan::Db::connect(&format!("sqlite://{}/a.sqlite", dir.display())).await?;
    let pantau = data::Pantau::new(db.clone(), 10).await?;
    let pelaku = Pelaku::sistem("bench");
    // The accounts: one password hash for all (argon2id is not measured here).
    let phc = data::simpan::akun::hash_sandi("kata-sandi-bench-panjang").await?;
    let mut akun: Vec<(String, &str, String)> = vec![
        ("dinas".into(), "admin", String::new()),
        ("sekda".into(), "pimpinan", String::new()),
    ];
    for kec in &pantau.wilayah().kecamatan {
        akun.push((
            format!("camat.{}", kec.code.replace('.', "-")),
            "camat",
            kec.code.clone(),
        ));
    }
    for kel in &pantau.wilayah().kelurahan {
        let k = kel.code.replace('.', "-");
        akun.push((format!("op.{k}"), "operator", kel.code.clone()));
        akun.push((format!("lurah.{k}"), "lurah", kel.code.clone()));
    }
    let mut tx = db.mulai().await?;
    for (nama, peran, cakupan) in &akun {
        let b = PenggunaBaru {
            nama_pengguna: nama.clone(),
            nama: format!("Bench {nama}"),
            peran: (*peran).into(),
            cakupan: cakupan.clone(),
            sandi: String::new(),
        };
        data::simpan::akun::simpan_baru_dalam(&mut tx, &b, &phc, &pelaku, true).await?;
    }
    tx.selesai().await?;
    for p in data::simpan::akun::daftar(&db).await? {
        let k = Kontak {
            surel: format!("{}@palembang.go.id", p.nama_pengguna),
            whatsapp: String::new(),
            terima_surel: true,
            terima_whatsapp: true,
        };
        data::simpan::akun::ubah(&db, p.id, &Perubahan::Kontak(k), &pelaku, "bench").await?;
    }
    let penampung = data::kirim::penampung::Penampung::mulai().await?;
    let pengirim = Pengirim::baru(
        Some(KonfigurasiSmtp {
            host: "127.0.0.1".into(),
            port: penampung.port,
            tls: TlsSmtp::Tanpa,
            masuk: None,
            dari: "Pantau KKMP <pantau@palembang.go.id>".into(),
        }),
        None,
        std::time::Duration::from_secs(20),
    )
    .map_err(anyhow::Error::msg)?;
    println!(
        "{} akun dengan surel; tidak ada laporan November 2026 (batas 10 Desember)",
        akun.len()
    );
    for (hari, nama) in [
        (7, "H-3 pengingat"),
        (11, "H+1 terlambat"),
        (15, "H+5 eskalasi"),
    ] {
        let kini = Utc.with_ymd_and_hms(2026, 12, hari, 3, 0, 0).unwrap();
        let t0 = Instant::now();
        let n = pantau
            .jalankan_aturan(kini, &pengirim, "https://pantau.example")
            .await?;
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        let t1 = Instant::now();
        let lagi = pantau
            .jalankan_aturan(kini, &pengirim, "https://pantau.example")
            .await?;
        println!(
            "{nama}: {n} pesan dibuat dan masuk antrean dalam {ms:.1} ms; putaran kedua (tidak ada yang baru: {lagi}) {:.1} ms",
            t1.elapsed().as_secs_f64() * 1e3
        );
    }
    db.close().await;

    // Sending: 500 e-mails queued on a fresh database.
    let db = data::simpan::Db::connect(&format!("sqlite://{}/b.sqlite", dir.display())).await?;
    let pantau = data::Pantau::new(db.clone(), 10).await?;
    let periode = "2026-11".parse()?;
    let pesan: Vec<PesanBaru> = (0..500)
        .map(|i| PesanBaru {
            kunci: format!("bench/{i}"),
            aturan: Aturan::PengingatH3,
            periode,
            penerima: format!("bench.{i}"),
            saluran: Saluran::Surel,
            alamat: format!("bench.{i}@palembang.go.id"),
            judul: format!("Pengingat bench {i}"),
            isi: "Yth. Bapak/Ibu,\n\nlaporan bulanan belum masuk.\n\nPesan otomatis.".into(),
            tautan: "https://pantau.example/".into(),
            lampiran: None,
        })
        .collect();
    let kini = Utc::now();
    let t0 = Instant::now();
    data::simpan::pesan::antrekan(&db, &pesan, kini, &pelaku).await?;
    let antre_ms = t0.elapsed().as_secs_f64() * 1e3;
    let sebelum = penampung.diterima().len();
    let t0 = Instant::now();
    let mut terkirim = 0;
    let mut putaran = 0;
    loop {
        let h = pantau.kirim_antrean(&pengirim, kini).await?;
        if h.terkirim + h.dicoba_lagi + h.gagal == 0 {
            break;
        }
        terkirim += h.terkirim;
        putaran += 1;
    }
    let detik = t0.elapsed().as_secs_f64();
    println!(
        "500 surel masuk antrean dalam {antre_ms:.1} ms; terkirim {terkirim} (diterima server SMTP: {}) dalam {putaran} putaran, {:.2} s: {:.0} pesan/detik",
        penampung.diterima().len() - sebelum,
        detik,
        terkirim as f64 / detik
    );
    db.close().await;

    // The rules on the demo's data: each pass compares every kecamatan's
    // targets in the newest month and the month before (the fall to
    // tertinggal) and, from Monday 07.00, builds the Sekda's digest.
    let db = data::simpan::Db::connect(&format!("sqlite://{}/c.sqlite", dir.display())).await?;
    let pantau = data::Pantau::new(db.clone(), 10).await?;
    pantau
        .muat_demo(&data::inti::demo::DemoConfig::default())
        .await?
        .map_err(anyhow::Error::msg)?;
    let senin = Utc.with_ymd_and_hms(2026, 12, 7, 3, 0, 0).unwrap();
    let log = Pengirim::log_saja();
    for putaran in [
        "pertama (angka dihitung)",
        "kedua (cache)",
        "ketiga (cache)",
    ] {
        pantau.kosongkan_cache();
        let t0 = Instant::now();
        let n = pantau
            .jalankan_aturan(senin, &log, "https://pantau.example")
            .await?;
        println!(
            "Data demo, putaran {putaran}, cache halaman dikosongkan: {n} pesan baru, {:.1} ms",
            t0.elapsed().as_secs_f64() * 1e3
        );
    }
    let t0 = Instant::now();
    pantau
        .jalankan_aturan(senin, &log, "https://pantau.example")
        .await?;
    println!(
        "Data demo, putaran dengan cache halaman hangat: {:.1} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    let k = pantau.kotak_keluar(None).await?;
    for a in [
        Aturan::Tertinggal,
        Aturan::RingkasanPekanan,
        Aturan::PaketRapat,
    ] {
        println!(
            "  {}: {} pesan",
            a.label(),
            k.pesan.iter().filter(|p| p.aturan == a.label()).count()
        );
    }
    db.close().await;
    Ok(())
}
