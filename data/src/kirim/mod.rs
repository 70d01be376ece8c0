//! Delivery of the outbox's messages: e-mail over SMTP (`lettre`), a
//! WhatsApp/HTTP gateway (a webhook the city points at its provider), and
//! the server log. Imports `inti` only; `layanan` decides what to send and
//! records the outcome.
//!
//! The webhook's request: `POST <url>` with `Content-Type:
//! application/json`, `Authorization: Bearer <token>` (when a token is
//! configured), `Idempotency-Key: <key>` and the body
//!
//! ```json
//! {"kunci": "terlambat-h1/2026-10/camat.ilir.barat.i/whatsapp",
//!  "ke": "+6281234567890", "judul": "…", "isi": "…", "tautan": "https://…",
//!  "aturan": "terlambat-h1", "periode": "2026-10"}
//! ```
//!
//! Any 2xx answer is delivery; anything else, or no answer within the
//! time limit, is a failure to retry.

pub mod penampung;

use crate::inti::pesan::Saluran;
use std::time::Duration;

/// How SMTP is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsSmtp {
    /// Plain text: only for a relay on the same host or network.
    Tanpa,
    /// STARTTLS on the submission port (587), required.
    StartTls,
    /// TLS from the first byte (465).
    Langsung,
}

impl TlsSmtp {
    pub fn dari_teks(s: &str) -> Option<TlsSmtp> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tidak" | "tanpa" | "none" => Some(TlsSmtp::Tanpa),
            "starttls" => Some(TlsSmtp::StartTls),
            "tls" | "langsung" => Some(TlsSmtp::Langsung),
            _ => None,
        }
    }
}

/// SMTP settings (`PANTAU_SMTP_*`).
#[derive(Clone, Debug)]
pub struct KonfigurasiSmtp {
    pub host: String,
    pub port: u16,
    pub tls: TlsSmtp,
    /// User name and password, when the server asks for them.
    pub masuk: Option<(String, String)>,
    /// The sender: `Pantau KKMP <pantau@palembang.go.id>`.
    pub dari: String,
}

/// Gateway settings (`PANTAU_WA_URL`, `PANTAU_WA_TOKEN`).
#[derive(Clone, Debug)]
pub struct KonfigurasiWebhook {
    pub url: String,
    pub token: Option<String>,
}

type Klien = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    http_body_util::Full<bytes::Bytes>,
>;

/// The configured channels.
pub struct Pengirim {
    smtp: Option<(
        lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
        lettre::message::Mailbox,
    )>,
    webhook: Option<(KonfigurasiWebhook, http::Uri, Klien)>,
    batas_waktu: Duration,
}

/// A message as the channels take it.
pub struct Kiriman<'a> {
    pub kunci: &'a str,
    pub aturan: &'a str,
    pub periode: &'a str,
    pub saluran: Saluran,
    pub alamat: &'a str,
    pub judul: &'a str,
    pub isi: &'a str,
    pub tautan: &'a str,
    /// A file sent with an e-mail: (name, bytes). The gateway gets the link.
    pub lampiran: Option<(&'a str, &'a [u8])>,
}

impl Pengirim {
    /// Only the log: nothing configured.
    pub fn log_saja() -> Pengirim {
        Pengirim {
            smtp: None,
            webhook: None,
            batas_waktu: Duration::from_secs(20),
        }
    }

    /// The channels of the configuration, checked: a setting that cannot
    /// work is an error at start, not a failed message later.
    pub fn baru(
        smtp: Option<KonfigurasiSmtp>,
        webhook: Option<KonfigurasiWebhook>,
        batas_waktu: Duration,
    ) -> Result<Pengirim, String> {
        let smtp = match smtp {
            None => None,
            Some(k) => {
                use lettre::transport::smtp::client::{Tls, TlsParameters};
                let dari: lettre::message::Mailbox = k.dari.parse().map_err(|e| {
                    format!("PANTAU_SMTP_DARI \"{}\" bukan alamat surel: {e}", k.dari)
                })?;
                let tls = |wajib: bool| -> Result<Tls, String> {
                    let p = TlsParameters::new(k.host.clone())
                        .map_err(|e| format!("TLS untuk {}: {e}", k.host))?;
                    Ok(if wajib {
                        Tls::Required(p)
                    } else {
                        Tls::Wrapper(p)
                    })
                };
                let mut b =
                    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(
                        &k.host,
                    )
                    .port(k.port)
                    .timeout(Some(batas_waktu));
                b = match k.tls {
                    TlsSmtp::Tanpa => b.tls(Tls::None),
                    TlsSmtp::StartTls => b.tls(tls(true)?),
                    TlsSmtp::Langsung => b.tls(tls(false)?),
                };
                if let Some((u, s)) = k.masuk {
                    b = b.credentials(lettre::transport::smtp::authentication::Credentials::new(
                        u, s,
                    ));
                }
                Some((b.build(), dari))
            }
        };
        let webhook = match webhook {
            None => None,
            Some(k) => {
                let uri: http::Uri = k
                    .url
                    .parse()
                    .map_err(|e| format!("PANTAU_WA_URL \"{}\" bukan URL: {e}", k.url))?;
                if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
                    return Err(format!(
                        "PANTAU_WA_URL \"{}\" harus http:// atau https:// dengan host",
                        k.url
                    ));
                }
                let https = hyper_rustls::HttpsConnectorBuilder::new()
                    .with_webpki_roots()
                    .https_or_http()
                    .enable_http1()
                    .build();
                let klien = hyper_util::client::legacy::Client::builder(
                    hyper_util::rt::TokioExecutor::new(),
                )
                .build(https);
                Some((k, uri, klien))
            }
        };
        Ok(Pengirim {
            smtp,
            webhook,
            batas_waktu,
        })
    }

    /// Which channels are configured.
    pub fn aktif(&self) -> crate::inti::pesan::SaluranAktif {
        crate::inti::pesan::SaluranAktif {
            surel: self.smtp.is_some(),
            whatsapp: self.webhook.is_some(),
        }
    }

    /// Sends one message, within the time limit; the error says why not,
    /// in Bahasa Indonesia (it is shown at `/kotak-keluar`).
    pub async fn kirim(&self, k: &Kiriman<'_>) -> Result<(), String> {
        let kerja = async {
            match k.saluran {
                Saluran::Log => {
                    tracing::info!(kunci = k.kunci, judul = k.judul, "pesan (saluran log)");
                    Ok(())
                }
                Saluran::Surel => self.surel(k).await,
                Saluran::WhatsApp => self.whatsapp(k).await,
            }
        };
        match tokio::time::timeout(self.batas_waktu, kerja).await {
            Ok(r) => r,
            Err(_) => Err(format!(
                "tidak ada jawaban dalam {} detik",
                self.batas_waktu.as_secs()
            )),
        }
    }

    async fn surel(&self, k: &Kiriman<'_>) -> Result<(), String> {
        use lettre::AsyncTransport;
        let Some((smtp, dari)) = &self.smtp else {
            return Err("saluran surel tidak dikonfigurasi (PANTAU_SMTP_HOST)".into());
        };
        let ke: lettre::message::Mailbox = k
            .alamat
            .parse()
            .map_err(|e| format!("alamat surel \"{}\" ditolak: {e}", k.alamat))?;
        let domain = dari.email.domain().to_string();
        let pesan = lettre::Message::builder()
            .from(dari.clone())
            .to(ke)
            .subject(k.judul)
            // The idempotency key names the message: a repeat after a crash
            // carries the same Message-ID.
            .message_id(Some(format!(
                "<{}@{domain}>",
                crate::inti::sandi::sha256_hex(k.kunci.as_bytes())
            )));
        let teks = lettre::message::SinglePart::plain(k.isi.to_string());
        let pesan = match k.lampiran {
            None => pesan.singlepart(teks),
            Some((nama, isi)) => {
                let jenis = if nama.ends_with(".pdf") {
                    "application/pdf"
                } else {
                    "application/octet-stream"
                };
                let jenis = lettre::message::header::ContentType::parse(jenis)
                    .map_err(|e| format!("jenis lampiran: {e}"))?;
                pesan.multipart(
                    lettre::message::MultiPart::mixed()
                        .singlepart(teks)
                        .singlepart(
                            lettre::message::Attachment::new(nama.to_string())
                                .body(isi.to_vec(), jenis),
                        ),
                )
            }
        }
        .map_err(|e| format!("surel tidak dapat disusun: {e}"))?;
        smtp.send(pesan)
            .await
            .map(|_| ())
            .map_err(|e| format!("server SMTP menolak atau tidak terjangkau: {e}"))
    }

    async fn whatsapp(&self, k: &Kiriman<'_>) -> Result<(), String> {
        let Some((cfg, uri, klien)) = &self.webhook else {
            return Err("saluran WhatsApp tidak dikonfigurasi (PANTAU_WA_URL)".into());
        };
        let body = serde_json::json!({
            "kunci": k.kunci, "ke": k.alamat, "judul": k.judul, "isi": k.isi,
            "tautan": k.tautan, "aturan": k.aturan, "periode": k.periode,
        });
        let mut req = http::Request::post(uri.clone())
            .header(http::header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", k.kunci);
        if let Some(t) = &cfg.token {
            req = req.header(http::header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = req
            .body(http_body_util::Full::new(bytes::Bytes::from(
                body.to_string(),
            )))
            .map_err(|e| format!("permintaan gateway tidak dapat disusun: {e}"))?;
        let res = klien
            .request(req)
            .await
            .map_err(|e| format!("gateway WhatsApp tidak terjangkau: {e}"))?;
        let status = res.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("gateway WhatsApp menjawab {status}"))
        }
    }
}
