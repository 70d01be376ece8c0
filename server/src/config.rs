//! Typed configuration, read once from the environment at startup.
//! `.env.example` at the repository root lists every variable.

use anyhow::{Context, Result, bail};
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (default `sqlite://var/pantau-kkmp.sqlite`) or `postgres://…`.
    pub database_url: String,
    /// Where to listen (`PANTAU_ADDR`, default 127.0.0.1:3000).
    pub addr: SocketAddr,
    /// The folder cargo-leptos built the site into (`LEPTOS_SITE_ROOT`).
    pub site_root: String,
    /// Reporting deadline: this day of the following month (`PANTAU_HARI_BATAS`, default 10).
    pub hari_batas: u32,
    /// Load the demo data into an empty database at start (`PANTAU_DEMO`).
    pub demo: bool,
    /// Boundary GeoJSON files to install at start (`PANTAU_BATAS_KELURAHAN`,
    /// `PANTAU_BATAS_KECAMATAN`): (variable, path).
    pub batas: Vec<(&'static str, std::path::PathBuf)>,
    /// Cookies with `Secure`, and HSTS (`PANTAU_COOKIE_AMAN`): set when the
    /// app is served over HTTPS (through a TLS-terminating proxy).
    pub cookie_aman: bool,
    /// Trust `X-Forwarded-For` for the client address
    /// (`PANTAU_PROXY_TEPERCAYA`): only behind a proxy that sets it.
    pub percaya_proxy: bool,
    /// Do not migrate at start (`PANTAU_TANPA_MIGRASI`): the app runs as a
    /// PostgreSQL role without DDL rights (docs/postgres-peran-aplikasi.sql);
    /// the owner role runs `server migrate`.
    pub tanpa_migrasi: bool,
    /// The audit head's signing key file (`PANTAU_KUNCI_JEJAK`, created
    /// when missing) and the append-only anchor file
    /// (`PANTAU_JANGKAR_JEJAK`). For a SQLite file both default to files
    /// next to it; otherwise None (not anchored) unless both are set.
    pub jangkar: Option<(std::path::PathBuf, std::path::PathBuf)>,
    /// Open-data requests a minute per client address
    /// (`PANTAU_DATA_TERBUKA_PER_MENIT`, default 120).
    pub terbuka_per_menit: usize,
    /// SIMKOPDES' column mapping (`PANTAU_SIMKOPDES_KOLOM`, a
    /// `bidang,judul` CSV file; the embedded `data/master/simkopdes_kolom.csv`
    /// when unset), read and checked at startup.
    pub peta_simkopdes: Option<data::inti::rekonsiliasi::Peta>,
}

fn var(name: &str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => Ok(Some(v.trim().to_string())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(e) => bail!("{name}: {e}"),
    }
}

fn flag(name: &str) -> Result<bool> {
    match var(name)?
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("0" | "false" | "no" | "tidak") => Ok(false),
        Some("1" | "true" | "yes" | "ya") => Ok(true),
        Some(other) => bail!("{name} harus true atau false, tertulis '{other}'"),
    }
}

impl Config {
    pub fn from_env() -> Result<Config> {
        let addr = var("PANTAU_ADDR")?
            .or(var("LEPTOS_SITE_ADDR")?)
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let hari_batas = match var("PANTAU_HARI_BATAS")? {
            None => 10,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=28).contains(d))
                .with_context(|| format!("PANTAU_HARI_BATAS harus 1–28, tertulis '{v}'"))?,
        };
        let database_url =
            var("DATABASE_URL")?.unwrap_or_else(|| "sqlite://var/pantau-kkmp.sqlite".into());
        let dekat = |akhiran: &str| {
            data::layanan::cadangan::berkas_sqlite(&database_url)
                .ok()
                .map(|p| format!("{}.{akhiran}", p.display()))
        };
        let jangkar = match (
            var("PANTAU_KUNCI_JEJAK")?.or_else(|| dekat("kunci-jejak")),
            var("PANTAU_JANGKAR_JEJAK")?.or_else(|| dekat("jangkar-jejak")),
        ) {
            (Some(k), Some(j)) => Some((k.into(), j.into())),
            (None, None) => None,
            _ => bail!("PANTAU_KUNCI_JEJAK dan PANTAU_JANGKAR_JEJAK harus diisi keduanya"),
        };
        let terbuka_per_menit = match var("PANTAU_DATA_TERBUKA_PER_MENIT")? {
            None => crate::terbuka::PER_MENIT,
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=1_000_000).contains(n))
                .with_context(|| {
                    format!("PANTAU_DATA_TERBUKA_PER_MENIT harus 1–1000000, tertulis '{v}'")
                })?,
        };
        let peta_simkopdes = match var("PANTAU_SIMKOPDES_KOLOM")? {
            None => None,
            Some(path) => {
                let teks = std::fs::read_to_string(&path).with_context(|| {
                    format!("PANTAU_SIMKOPDES_KOLOM: tidak dapat membaca {path}")
                })?;
                match data::inti::rekonsiliasi::Peta::dari_csv(&teks, &path) {
                    Ok(p) => Some(p),
                    Err(g) => bail!("PANTAU_SIMKOPDES_KOLOM:\n{}", g.join("\n")),
                }
            }
        };
        Ok(Config {
            peta_simkopdes,
            jangkar,
            terbuka_per_menit,
            database_url,
            addr: addr.parse().with_context(|| {
                format!("PANTAU_ADDR bukan alamat host:port, tertulis '{addr}'")
            })?,
            site_root: var("LEPTOS_SITE_ROOT")?.unwrap_or_else(|| "target/site".into()),
            hari_batas,
            demo: flag("PANTAU_DEMO")?,
            tanpa_migrasi: flag("PANTAU_TANPA_MIGRASI")?,
            batas: ["PANTAU_BATAS_KELURAHAN", "PANTAU_BATAS_KECAMATAN"]
                .into_iter()
                .map(|name| Ok(var(name)?.map(|p| (name, std::path::PathBuf::from(p)))))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .flatten()
                .collect(),
            cookie_aman: flag("PANTAU_COOKIE_AMAN")?,
            percaya_proxy: flag("PANTAU_PROXY_TEPERCAYA")?,
        })
    }
}

/// The outbox's channels and schedule (`PANTAU_SMTP_*`, `PANTAU_WA_*`,
/// `PANTAU_URL`, `PANTAU_KOTAK_KELUAR_DETIK`).
#[derive(Clone, Debug)]
pub struct KonfigurasiPesan {
    pub smtp: Option<data::kirim::KonfigurasiSmtp>,
    pub webhook: Option<data::kirim::KonfigurasiWebhook>,
    /// The app's public address, for the links in messages.
    pub url: String,
    /// Seconds between two passes of the worker (0: no worker).
    pub detik: u64,
    /// Send the "Bahan Briefing" PDF to the pimpinan every Monday from
    /// 07.00 WIB (`PANTAU_PAKET_BRIEFING`, default true).
    pub paket_briefing: bool,
}

impl KonfigurasiPesan {
    pub fn dari_env(addr: SocketAddr) -> Result<KonfigurasiPesan> {
        let smtp = match var("PANTAU_SMTP_HOST")? {
            None => None,
            Some(host) => {
                let tls = match var("PANTAU_SMTP_TLS")? {
                    None => data::kirim::TlsSmtp::StartTls,
                    Some(t) => data::kirim::TlsSmtp::dari_teks(&t).with_context(|| {
                        format!("PANTAU_SMTP_TLS harus starttls, tls atau tidak, tertulis '{t}'")
                    })?,
                };
                let port_bawaan = match tls {
                    data::kirim::TlsSmtp::Langsung => 465,
                    data::kirim::TlsSmtp::StartTls => 587,
                    data::kirim::TlsSmtp::Tanpa => 25,
                };
                let port = match var("PANTAU_SMTP_PORT")? {
                    None => port_bawaan,
                    Some(p) => p.parse().with_context(|| {
                        format!("PANTAU_SMTP_PORT bukan nomor port, tertulis '{p}'")
                    })?,
                };
                let masuk = match (var("PANTAU_SMTP_PENGGUNA")?, var("PANTAU_SMTP_SANDI")?) {
                    (Some(u), Some(s)) => Some((u, s)),
                    (None, None) => None,
                    _ => bail!("PANTAU_SMTP_PENGGUNA dan PANTAU_SMTP_SANDI harus diisi keduanya"),
                };
                let dari = var("PANTAU_SMTP_DARI")?.context(
                    "PANTAU_SMTP_DARI (alamat pengirim) wajib diisi bila PANTAU_SMTP_HOST diisi",
                )?;
                Some(data::kirim::KonfigurasiSmtp {
                    host,
                    port,
                    tls,
                    masuk,
                    dari,
                })
            }
        };
        let webhook =
            var("PANTAU_WA_URL")?.map(|url| data::kirim::KonfigurasiWebhook { url, token: None });
        let webhook = match webhook {
            Some(mut w) => {
                w.token = var("PANTAU_WA_TOKEN")?;
                Some(w)
            }
            None => None,
        };
        let detik = match var("PANTAU_KOTAK_KELUAR_DETIK")? {
            None => 60,
            Some(d) => d.parse().with_context(|| {
                format!("PANTAU_KOTAK_KELUAR_DETIK bukan bilangan detik, tertulis '{d}'")
            })?,
        };
        let paket_briefing = match var("PANTAU_PAKET_BRIEFING")? {
            None => true,
            Some(_) => flag("PANTAU_PAKET_BRIEFING")?,
        };
        Ok(KonfigurasiPesan {
            paket_briefing,
            smtp,
            webhook,
            url: var("PANTAU_URL")?.unwrap_or_else(|| format!("http://{addr}")),
            detik,
        })
    }
}
