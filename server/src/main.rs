//! `server`: runs Pantau KKMP, or one of its maintenance commands.

use anyhow::{Context, Result};
use data::Pantau;
use data::inti::demo::DemoConfig;
use data::simpan::Db;
use server::config::Config;
use server::{AppState, leptos_options, router};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "Pantau KKMP — dasbor Koperasi Kelurahan Merah Putih Kota Palembang

Penggunaan:
  server [serve]     jalankan aplikasi web (bawaan)
  server migrate     buat/migrasikan basis data dan muat data induk, lalu keluar
  server demo        muat data contoh ke basis data yang masih kosong, lalu keluar
  server user create --role <peran> --username <nama> [--name \"Nama Lengkap\"] [--scope <kode>]
                     buat akun; kata sandi ditanyakan (atau dibaca dari stdin)
                     peran: admin, operator, lurah, camat, pimpinan, inspektorat
                     cakupan: kode kecamatan (camat) atau kode kelurahan (operator, lurah)
  server user list   daftar akun
  server audit verify periksa rantai hash jejak audit, isi data yang terikat padanya, dan
                     jangkar di luar basis data; keluar dengan kode 1 bila ada yang rusak
  server audit head [--tambat]
                     kepala rantai bertanda tangan Ed25519 (nomor, hash, tanda tangan, kunci
                     publik); --tambat juga menambahkannya ke berkas jangkar
  server backup <berkas>
                     salinan SQLite yang konsisten selagi aplikasi berjalan (VACUUM INTO),
                     lalu diperiksa penuh dan dicatat di jejak audit (PostgreSQL: pg_dump)
  server restore <berkas>
                     ganti basis data SQLite dengan cadangan yang lolos pemeriksaan penuh;
                     server harus berhenti; basis data lama disimpan di sampingnya,
                     pemulihan dicatat di jejak audit dan di berkas jangkar.
                     PostgreSQL: sesudah pg_restore <berkas> ke basis data DATABASE_URL,
                     periksa penuh lalu catat pemulihannya (entri + baris PULIH bertanda tangan)
  server bukti verify <berkas.zip>
                     periksa paket bukti Inspektorat (manifest SHA-256, isi, struktur ZIP);
                     keluar dengan kode 1 bila ada yang berubah
  server kotak-keluar jalankan [--tanggal YYYY-MM-DD]
                     satu putaran aturan pesan untuk tanggal itu (bawaan: hari ini, WIB) dan
                     satu putaran pengiriman lewat saluran yang dikonfigurasi (PANTAU_SMTP_*,
                     PANTAU_WA_*); mis. untuk menguji saluran atau menyusul hari yang terlewat
  server help        tampilkan bantuan ini

Konfigurasi lewat variabel lingkungan: lihat .env.example.";

fn main() -> Result<()> {
    // The workbook reader runs before anything else starts: no runtime, no
    // threads, only the limits it sets itself (data::layanan::pembaca).
    data::layanan::pembaca::layani_bila_diminta();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("tokio runtime")?
        .block_on(jalankan())
}

async fn jalankan() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    match command.as_str() {
        "serve" => serve(Config::from_env()?).await,
        "migrate" => {
            let (_, pantau) = open(&Config::from_env()?).await?;
            println!(
                "Basis data siap: {} kecamatan, {} kelurahan.",
                pantau.wilayah().kecamatan.len(),
                pantau.wilayah().kelurahan.len()
            );
            Ok(())
        }
        "demo" => {
            let (_, pantau) = open(&Config::from_env()?).await?;
            match pantau.muat_demo(&DemoConfig::default()).await? {
                Ok(()) => {
                    println!("Data contoh dimuat.");
                    Ok(())
                }
                Err(sebab) => {
                    eprintln!("Data contoh tidak dimuat: {sebab}.");
                    std::process::exit(1);
                }
            }
        }
        "bukti" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            server::cli::bukti(&args)
        }
        "user" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let (_, pantau) = open(&Config::from_env()?).await?;
            server::cli::pengguna(&pantau, &args).await
        }
        "kotak-keluar" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let config = Config::from_env()?;
            let (_, pantau) = open(&config).await?;
            server::cli::kotak_keluar(&pantau, config.addr, &args).await
        }
        "audit" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let (_, pantau) = open(&Config::from_env()?).await?;
            server::cli::audit(&pantau, &args).await
        }
        "backup" => {
            let Some(tujuan) = std::env::args().nth(2) else {
                anyhow::bail!("penggunaan: server backup <berkas>");
            };
            let (_, pantau) = open(&Config::from_env()?).await?;
            let b = pantau
                .cadangkan(
                    std::path::Path::new(&tujuan),
                    &data::inti::jejak::Pelaku::sistem("cli"),
                )
                .await?;
            server::cli::cetak_cadangan("Cadangan dibuat dan diperiksa", &b);
            Ok(())
        }
        "restore" => {
            let Some(asal) = std::env::args().nth(2) else {
                anyhow::bail!("penggunaan: server restore <berkas>");
            };
            let config = Config::from_env()?;
            let jangkar = match &config.jangkar {
                Some((kunci, berkas)) => Some(
                    data::layanan::jangkar::KonfigJangkar::buka(kunci, berkas.clone())
                        .context("kunci jejak audit")?,
                ),
                None => None,
            };
            let pelaku = data::inti::jejak::Pelaku::sistem("cli");
            let h = if config.database_url.starts_with("sqlite:") {
                data::layanan::cadangan::pulihkan(
                    &config.database_url,
                    std::path::Path::new(&asal),
                    jangkar.as_ref(),
                    config.hari_batas,
                    &pelaku,
                )
                .await?
            } else {
                // PostgreSQL: pg_restore has put the dump back; this
                // verifies it and records the restore (docs/operasi.md).
                data::layanan::cadangan::catat_pulih_postgres(
                    &config.database_url,
                    std::path::Path::new(&asal),
                    jangkar.as_ref(),
                    config.hari_batas,
                    &pelaku,
                )
                .await?
            };
            server::cli::cetak_pulih(&h);
            // The restored database, verified in full as `audit verify`.
            let (_, pantau) = open(&config).await?;
            server::cli::audit(&pantau, &["verify".to_string()]).await
        }
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("Perintah tidak dikenal: '{other}'\n\n{USAGE}");
            std::process::exit(2);
        }
    }
}

async fn open(config: &Config) -> Result<(Db, Arc<Pantau>)> {
    let db = if config.tanpa_migrasi {
        Db::connect_tanpa_migrasi(&config.database_url).await
    } else {
        Db::connect(&config.database_url).await
    };
    let db = db.with_context(|| {
        format!(
            "tidak dapat membuka basis data {}",
            redact(&config.database_url)
        )
    })?;
    let mut pantau = Pantau::new(db.clone(), config.hari_batas)
        .await
        .context("memuat data induk")?;
    if let Some(peta) = &config.peta_simkopdes {
        pantau = pantau.dengan_peta_simkopdes(peta.clone());
    }
    if let Some((kunci, berkas)) = &config.jangkar {
        pantau = pantau.dengan_jangkar(
            data::layanan::jangkar::KonfigJangkar::buka(kunci, berkas.clone())
                .context("kunci jejak audit")?,
        );
    }
    Ok((db, Arc::new(pantau)))
}

/// The URL without its password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

/// Starts the outbox's worker: every `PANTAU_KOTAK_KELUAR_DETIK` seconds
/// (default 60; 0: none) the rules queue what today calls for and the due
/// messages are sent. A channel that is down delays its messages, never a
/// request: the worker is its own task, and a message waits in the
/// database, not in memory.
fn kotak_keluar(config: &Config, pantau: &std::sync::Arc<data::Pantau>) -> Result<()> {
    let pesan = server::config::KonfigurasiPesan::dari_env(config.addr)?;
    if pesan.detik == 0 {
        tracing::info!("outbox worker off (PANTAU_KOTAK_KELUAR_DETIK=0)");
        return Ok(());
    }
    let pengirim = data::kirim::Pengirim::baru(
        pesan.smtp.clone(),
        pesan.webhook.clone(),
        std::time::Duration::from_secs(20),
    )
    .map_err(anyhow::Error::msg)?;
    let aktif = pengirim.aktif();
    tracing::info!(
        surel = aktif.surel,
        whatsapp = aktif.whatsapp,
        "outbox worker every {} s{}",
        pesan.detik,
        if aktif == Default::default() {
            " (no channel configured: messages go to the log)"
        } else {
            ""
        }
    );
    let p = pantau.clone();
    tokio::spawn(async move {
        let mut jam = tokio::time::interval(std::time::Duration::from_secs(pesan.detik));
        jam.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            jam.tick().await;
            match p
                .jalankan_aturan(chrono::Utc::now(), &pengirim, &pesan.url)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(messages = n, "outbox: messages queued by the rules"),
                Err(e) => tracing::warn!(error = %e, "outbox: the rules' pass failed"),
            }
            if pesan.paket_briefing {
                match p
                    .jalankan_paket(chrono::Utc::now(), &pengirim, &pesan.url)
                    .await
                {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(messages = n, "outbox: weekly briefing pack queued"),
                    Err(e) => tracing::warn!(error = %e, "outbox: the briefing pack failed"),
                }
            }
            match p.kirim_antrean(&pengirim, chrono::Utc::now()).await {
                Ok(h) if h == Default::default() => {}
                Ok(h) => tracing::info!(
                    sent = h.terkirim,
                    retry = h.dicoba_lagi,
                    failed = h.gagal,
                    "outbox: delivery pass"
                ),
                Err(e) => tracing::warn!(error = %e, "outbox: the delivery pass failed"),
            }
        }
    });
    Ok(())
}

async fn serve(config: Config) -> Result<()> {
    // One server per SQLite file, and no restore under a running one: the
    // lock is held until the process ends.
    let _kunci = match data::layanan::cadangan::berkas_sqlite(&config.database_url) {
        Ok(jalur) => Some(data::layanan::cadangan::kunci_pakai(&jalur)?),
        Err(_) => None,
    };
    let (db, pantau) = open(&config).await?;
    if config.demo {
        match pantau.muat_demo(&DemoConfig::default()).await? {
            Ok(()) => tracing::info!("demo data loaded into the empty database"),
            Err(_) if db.revisi().await?.1 => tracing::info!("demo data already loaded"),
            Err(sebab) => tracing::warn!(
                "PANTAU_DEMO is set but the demo data is not loaded: {sebab}. \
                 The demo only ever goes into a new, empty database."
            ),
        }
    }
    pasang_batas(&config, &pantau).await?;
    if pantau.jumlah_pengguna().await? == 0 {
        tracing::warn!(
            "no accounts yet: create the first admin with `server user create --role admin --username <name>`"
        );
    }
    match pantau.konfig_jangkar() {
        Some(k) => tracing::info!(
            file = %k.berkas().display(),
            public_key = %k.kunci_publik(),
            "the audit head is signed and anchored outside the database"
        ),
        None => tracing::warn!(
            "the audit head is not anchored: set PANTAU_KUNCI_JEJAK and PANTAU_JANGKAR_JEJAK \
             (files outside the database), or truncation and rollback of the trail go unnoticed"
        ),
    }
    if config.percaya_proxy {
        tracing::info!("client addresses are taken from X-Forwarded-For (PANTAU_PROXY_TEPERCAYA)");
    }
    // Every ten minutes, whatever the traffic: expired temporary rows,
    // sessions, devices and old failed sign-ins are purged, and the whole
    // audit chain is re-verified.
    let bersih = pantau.clone();
    tokio::spawn(async move {
        let mut jam = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            jam.tick().await;
            match bersih.bersihkan().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rows = n, "expired temporary rows purged"),
                Err(e) => tracing::warn!(error = %e, "purging expired rows failed"),
            }
            // The whole audit chain and every bound row, re-verified here
            // rather than on the request path of /jejak and /audit.
            match bersih.periksa_jejak_penuh().await {
                Ok(h) => {
                    match &h.rantai.rusak {
                        None => tracing::debug!(entries = h.rantai.jumlah, "audit chain intact"),
                        Some((id, sebab)) => {
                            tracing::error!(entry = id, "audit chain broken: {sebab}")
                        }
                    }
                    for m in &h.isi.masalah {
                        tracing::error!("bound content does not match the audit trail: {m}");
                    }
                    // Only an intact chain is anchored: a signature must
                    // never vouch for a broken one.
                    if h.utuh() {
                        match bersih.tambatkan().await {
                            Ok(Some(j)) => tracing::info!(entry = j.nomor, "audit head anchored"),
                            Ok(None) => {}
                            Err(e) => {
                                tracing::error!(error = %e, "anchoring the audit head failed")
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "audit chain check failed"),
            }
        }
    });
    kotak_keluar(&config, &pantau)?;
    let state = AppState {
        leptos_options: leptos_options(&config.site_root, config.addr),
        pantau,
        keamanan: server::keamanan::Keamanan {
            cookie_aman: config.cookie_aman,
            percaya_proxy: config.percaya_proxy,
        },
        halaman: Default::default(),
        terbuka: std::sync::Arc::new(server::terbuka::Terbuka::baru(
            &server::config::KonfigurasiPesan::dari_env(config.addr)?.url,
            config.terbuka_per_menit,
        )),
    };
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("tidak dapat mendengarkan di {}", config.addr))?;
    tracing::info!(addr = %config.addr, database = db.backend(), "Pantau KKMP siap: http://{}", config.addr);
    // Leptos streams a page in several writes: without TCP_NODELAY, Nagle's
    // algorithm and delayed ACKs add ~40 ms to every response.
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Installs the configured boundary files, unless the same file (by hash)
/// is already installed. A file that cannot be read or is refused stops the
/// start with the reason.
async fn pasang_batas(config: &Config, pantau: &Pantau) -> Result<()> {
    for (var, path) in &config.batas {
        let bytes = std::fs::read(path)
            .with_context(|| format!("{var}: berkas {} tidak dapat dibaca", path.display()))?;
        let nama = path.file_name().map_or_else(
            || "batas.geojson".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        let Some((tingkat, n)) = pantau
            .pasang_batas_baru(
                &nama,
                &bytes,
                &format!("konfigurasi {var}"),
                &data::inti::jejak::Pelaku::sistem("konfigurasi"),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{var}: {e}"))?
        else {
            continue;
        };
        tracing::info!(file = %path.display(), level = tingkat.code(), areas = n, "boundary file installed");
    }
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: no new connections; requests in flight finish");
    // Requests in flight get this long; a hung one must not keep a
    // restart waiting for ever. Committed writes are safe either way.
    tokio::spawn(async {
        tokio::time::sleep(BATAS_BERHENTI).await;
        tracing::error!(
            "requests still running {} s after the stop signal: exiting",
            BATAS_BERHENTI.as_secs()
        );
        std::process::exit(1);
    });
}

/// How long requests in flight may run after SIGTERM or Ctrl-C.
const BATAS_BERHENTI: std::time::Duration = std::time::Duration::from_secs(30);
