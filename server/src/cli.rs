//! Command-line maintenance: accounts (`server user …`) and the audit
//! trail (`server audit verify`). The first admin can only be created here:
//! the app has no default password.

use anyhow::{Context, Result, bail};
use data::Pantau;
use data::inti::akun::PenggunaBaru;
use data::inti::jejak::Pelaku;
use std::io::{BufRead, IsTerminal};

/// `--flag value` pairs.
fn opsi<'a>(args: &'a [String], nama: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == nama)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

/// The password: prompted twice without echo on a terminal, else the first
/// line of stdin (for scripts: `echo "$PW" | server user create …`).
fn baca_sandi() -> Result<String> {
    if std::io::stdin().is_terminal() {
        let a = rpassword::prompt_password("Kata sandi baru: ")?;
        let b = rpassword::prompt_password("Ulangi kata sandi: ")?;
        if a != b {
            bail!("kedua kata sandi tidak sama");
        }
        Ok(a)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("membaca kata sandi dari stdin")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

pub async fn pengguna(pantau: &Pantau, args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("create") => {
            let (Some(peran), Some(nama_pengguna)) =
                (opsi(args, "--role"), opsi(args, "--username"))
            else {
                bail!(
                    "penggunaan: server user create --role <peran> --username <nama> [--name \"Nama\"] [--scope <kode>]"
                );
            };
            let sandi = baca_sandi()?;
            let baru = PenggunaBaru {
                nama_pengguna: nama_pengguna.to_string(),
                nama: opsi(args, "--name").unwrap_or(nama_pengguna).to_string(),
                peran: peran.to_string(),
                cakupan: opsi(args, "--scope").unwrap_or("").to_string(),
                sandi,
            };
            match pantau.buat_pengguna(baru, &Pelaku::sistem("cli")).await? {
                Ok(id) => {
                    println!("Akun '{nama_pengguna}' ({peran}) dibuat, nomor {id}.");
                    Ok(())
                }
                Err(m) => bail!("{m}"),
            }
        }
        Some("list") => {
            for p in pantau.pengguna().await? {
                println!(
                    "{:>4}  {:<24} {:<12} {:<16} {}{}",
                    p.id,
                    p.nama_pengguna,
                    p.peran,
                    p.cakupan.as_deref().unwrap_or("-"),
                    p.nama,
                    if p.aktif { "" } else { "  [nonaktif]" }
                );
            }
            Ok(())
        }
        _ => bail!("penggunaan: server user create … | server user list (lihat: server help)"),
    }
}

/// `server kotak-keluar jalankan [--tanggal YYYY-MM-DD]`: the outbox
/// worker's two passes once, by hand: the rules for the date (default
/// today; 10.00 WIB on that day) and the delivery of what is due now, with
/// the configured channels.
pub async fn kotak_keluar(
    pantau: &Pantau,
    addr: std::net::SocketAddr,
    args: &[String],
) -> Result<()> {
    if args.first().map(String::as_str) != Some("jalankan") {
        bail!("penggunaan: server kotak-keluar jalankan [--tanggal YYYY-MM-DD]");
    }
    let kini = match opsi(args, "--tanggal") {
        None => chrono::Utc::now(),
        Some(t) => {
            let d = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .with_context(|| format!("--tanggal harus YYYY-MM-DD, tertulis '{t}'"))?;
            d.and_hms_opt(3, 0, 0).expect("valid time").and_utc()
        }
    };
    let cfg = crate::config::KonfigurasiPesan::dari_env(addr)?;
    let pengirim =
        data::kirim::Pengirim::baru(cfg.smtp, cfg.webhook, std::time::Duration::from_secs(20))
            .map_err(anyhow::Error::msg)?;
    let mut n = pantau.jalankan_aturan(kini, &pengirim, &cfg.url).await?;
    if cfg.paket_briefing {
        n += pantau.jalankan_paket(kini, &pengirim, &cfg.url).await?;
    }
    // A date in the future (trying the channels) is delivered now too.
    let h = pantau
        .kirim_antrean(&pengirim, kini.max(chrono::Utc::now()))
        .await?;
    println!(
        "Aturan {}: {n} pesan baru masuk antrean. Pengiriman: {} terkirim, {} dicoba lagi nanti, {} gagal.",
        kini.with_timezone(&data::inti::waktu::wib()).date_naive(),
        h.terkirim,
        h.dicoba_lagi,
        h.gagal
    );
    Ok(())
}

pub async fn audit(pantau: &Pantau, args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("verify") => {
            let p = pantau.periksa_jejak().await?;
            let h = &p.rantai;
            match &h.rusak {
                None => println!(
                    "Jejak audit utuh: {} entri diperiksa, hash terakhir {}.",
                    h.jumlah, h.hash_terakhir
                ),
                Some((id, why)) => eprintln!(
                    "JEJAK AUDIT RUSAK di entri nomor {id}: {why} ({} entri sebelumnya utuh).",
                    h.jumlah
                ),
            }
            if p.isi.jumlah_masalah == 0 {
                println!(
                    "Isi data terikat utuh: {} baris (versi laporan, langkah persetujuan, unggahan, target dan riwayatnya, briefing dan rapat, tindak lanjut, dukungan, tindak anomali, kunjungan lapangan dan fotonya, temuan dan langkahnya, rekonsiliasi SIMKOPDES dan selisihnya) cocok dengan jejak audit.",
                    p.isi.baris
                );
            } else {
                eprintln!(
                    "ISI DATA TIDAK COCOK DENGAN JEJAK AUDIT: {} masalah pada {} baris diperiksa.",
                    p.isi.jumlah_masalah, p.isi.baris
                );
                for m in &p.isi.masalah {
                    eprintln!("  - {m}");
                }
                let sisa = p.isi.jumlah_masalah - p.isi.masalah.len() as i64;
                if sisa > 0 {
                    eprintln!("  … dan {sisa} masalah lain.");
                }
            }
            for m in p.jangkar.iter().flat_map(|j| &j.pemulihan) {
                println!("Pemulihan: {m}.");
            }
            match &p.jangkar {
                None => println!(
                    "Jangkar: tidak ada berkas jangkar (PANTAU_KUNCI_JEJAK / PANTAU_JANGKAR_JEJAK), pemotongan rantai tidak dapat diperiksa."
                ),
                Some(j) if j.masalah.is_empty() => println!(
                    "Jangkar utuh: {} kepala bertanda tangan di luar basis data cocok dengan rantai.",
                    j.jangkar
                ),
                Some(j) => {
                    eprintln!("JANGKAR TIDAK COCOK ({} baris jangkar):", j.jangkar);
                    for m in &j.masalah {
                        eprintln!("  - {m}");
                    }
                }
            }
            if !p.utuh() {
                std::process::exit(1);
            }
            Ok(())
        }
        Some("head") => {
            let tambat = args.get(1).map(String::as_str) == Some("--tambat");
            let Some(k) = pantau.konfig_jangkar() else {
                bail!(
                    "kunci jejak audit tidak dikonfigurasi (PANTAU_KUNCI_JEJAK, PANTAU_JANGKAR_JEJAK)"
                );
            };
            let baru = if tambat {
                if !pantau.periksa_jejak().await?.utuh() {
                    bail!(
                        "rantai tidak utuh: kepala tidak ditambatkan (jalankan server audit verify)"
                    );
                }
                pantau.tambatkan().await?
            } else {
                None
            };
            let ditambatkan = baru.is_some();
            let j = match baru {
                Some(j) => j,
                None => pantau
                    .kepala_bertanda()
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("kunci jejak audit tidak dikonfigurasi"))?,
            };
            println!("Nomor entri terakhir: {}", j.nomor);
            println!("Hash: {}", j.hash);
            println!("Waktu: {}", j.pada);
            println!("Tanda tangan (Ed25519): {}", j.tanda_tangan);
            println!("Kunci publik: {}", k.kunci_publik());
            println!("Baris jangkar: {}", j.baris());
            if ditambatkan {
                println!("Ditambatkan ke {}", k.berkas().display());
            } else if tambat {
                println!("Kepala ini sudah ditambatkan di {}", k.berkas().display());
            }
            Ok(())
        }
        _ => bail!("penggunaan: server audit verify | server audit head [--tambat]"),
    }
}

/// `server bukti verify FILE.zip`: checks an evidence package offline —
/// every file against its manifest hash, nothing missing or added, and the
/// archive byte for byte. Exit code 1 and every problem when it fails.
pub fn bukti(args: &[String]) -> Result<()> {
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("verify"), Some(path)) => {
            let bytes = std::fs::read(path)
                .map_err(|e| anyhow::anyhow!("tidak dapat membaca {path}: {e}"))?;
            match data::berkas::bukti::verifikasi(&bytes) {
                Ok(h) => {
                    println!("Paket bukti UTUH: {path}");
                    println!("  {}", h.manifest.judul);
                    println!(
                        "  KKMP {} ({}), {} sampai {}",
                        h.manifest.kkmp,
                        h.manifest.kelurahan_code,
                        h.manifest.dari,
                        h.manifest.sampai
                    );
                    println!(
                        "  dibuat {} oleh {}",
                        h.manifest.dibuat, h.manifest.dibuat_oleh
                    );
                    println!(
                        "  {} berkas cocok dengan manifest SHA-256",
                        h.manifest.berkas.len()
                    );
                    println!(
                        "  SHA-256 arsip: {} (cocokkan dengan jejak audit 'bukti.ekspor')",
                        h.sha256_zip
                    );
                    Ok(())
                }
                Err(masalah) => {
                    eprintln!("PAKET BUKTI TIDAK UTUH: {path}");
                    for m in masalah {
                        eprintln!("  - {m}");
                    }
                    std::process::exit(1);
                }
            }
        }
        _ => bail!("penggunaan: server bukti verify BERKAS.zip"),
    }
}

/// Prints a verified database file (`server backup`, `server restore`).
pub fn cetak_cadangan(judul: &str, b: &data::layanan::cadangan::Berkas) {
    println!("{judul}: {}", b.jalur.display());
    println!(
        "  {} byte, SHA-256 {}",
        model::format::angka(b.ukuran as i64),
        b.sha256
    );
    println!(
        "  jejak audit utuh: {} entri, hash terakhir {}",
        b.nomor, b.hash
    );
    println!(
        "  isi data terikat utuh: {} baris cocok dengan jejak audit",
        b.baris_terikat
    );
}

/// Prints what `server restore` did.
pub fn cetak_pulih(h: &data::layanan::cadangan::HasilPulih) {
    cetak_cadangan("Dipulihkan dari cadangan", &h.cadangan);
    if let Some((nomor, hash)) = &h.kepala_lama {
        println!("  basis data yang diganti berakhir di entri {nomor} (hash {hash})");
        if *nomor > h.cadangan.nomor {
            println!(
                "  PERHATIAN: {} entri jejak audit sesudah cadangan tidak ada di data yang dipulihkan",
                nomor - h.cadangan.nomor
            );
        }
    }
    if let Some(p) = &h.disimpan_sebagai {
        println!("  basis data yang diganti disimpan sebagai {}", p.display());
    }
    println!(
        "  pemulihan dicatat sebagai entri {} (hash {})",
        h.kepala_baru.0, h.kepala_baru.1
    );
    if h.ditambatkan {
        println!("  baris PULIH bertanda tangan ditambahkan ke berkas jangkar");
    }
}
