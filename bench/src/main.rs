//! `bench`: the benchmarks of Pantau KKMP. They print numbers (see
//! BENCHMARKS.md); they are not tests and are not part of the server binary.
//! Build with `cargo build --release -p bench`, run `target/release/bench`.

mod analitik;
mod beban;
mod impor;
mod jebakan;
mod lapangan;
mod masuk;
mod pesan;
mod rekonsiliasi;
mod ruang;
mod sintetis;
mod terbuka;

use anyhow::Result;

const USAGE: &str = "Pengukuran kinerja Pantau KKMP (lihat BENCHMARKS.md)

Penggunaan:
  bench impor     kecepatan dan memori impor laporan (rekap XLSX, CSV besar)
  bench analitik  analitik: data contoh, skala nasional (~3 juta laporan), SQL GROUP BY
  bench masuk     hash kata sandi argon2id (hash/detik) dan masuk ujung ke ujung
  bench ruang     Bahan Briefing (PDF), paket rapat (XLSX, PDF), paket bukti (ZIP)
  bench jebakan   berkas Excel jahat: waktu dan memori sampai ditolak
  bench pesan     kotak keluar: pesan aturan untuk 107 KKMP dan 18 camat, 500 surel ke server SMTP lokal
  bench lapangan  kunjungan lapangan: pemeriksaan foto (8 MB, bom dekompresi), mencatat kunjungan
  bench rekonsiliasi
                  rekonsiliasi SIMKOPDES: ekspor 107 dan 80.000 baris (CSV, XLSX), waktu dan memori
  bench terbuka [URL [detik] [klien]]
                  data terbuka: membuat semua berkas (dingin, cache); dengan URL:
                  kkmp.json di bawah beban terhadap server yang berjalan
  bench beban URL[,URL…] DATABASE_URL [detik]
                  hari batas: 107 operator, 18 camat, Dinas, 20 pembaca serentak
                  terhadap server yang berjalan (scripts/bench_beban.sh)";

fn main() -> Result<()> {
    // `bench impor` reads workbooks the way the server does: in a reader
    // process, which is this binary with the reader's command.
    data::layanan::pembaca::layani_bila_diminta();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(perintah())
}

async fn perintah() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(2).collect();
    match std::env::args().nth(1).as_deref() {
        Some("impor") => impor::jalankan(&args).await,
        Some("analitik") => analitik::jalankan(&args).await,
        Some("masuk") => masuk::jalankan().await,
        Some("ruang") => ruang::jalankan().await,
        Some("jebakan") => jebakan::jalankan(&args).await,
        Some("beban") => beban::jalankan(&args).await,
        Some("pesan") => pesan::jalankan().await,
        Some("terbuka") => terbuka::jalankan(&args).await,
        Some("lapangan") => lapangan::jalankan().await,
        Some("rekonsiliasi") => rekonsiliasi::jalankan().await,
        Some("help" | "-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => {
            eprintln!("Perintah tidak dikenal: '{other}'\n\n{USAGE}");
            std::process::exit(2);
        }
    }
}
