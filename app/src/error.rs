//! The error every server function returns.
//!
//! Policy: `TidakDitemukan` (404), `Permintaan` (400), `BelumMasuk` (401)
//! and `Terlarang` (403) carry a message in
//! Bahasa Indonesia meant for the person who asked; `Server` (500) carries a
//! generic message only: the cause is logged on the server, never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    TidakDitemukan(String),
    Permintaan(String),
    /// Not signed in (401).
    BelumMasuk(String),
    /// Signed in, but the role or scope does not allow it (403).
    Terlarang(String),
    /// The database cannot take the write now (disk full, restarting):
    /// nothing was stored (503).
    TidakTersedia(String),
    Server(String),
}

impl AppError {
    /// The HTTP status the page answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::TidakDitemukan(_) => 404,
            AppError::Permintaan(_) => 400,
            AppError::BelumMasuk(_) => 401,
            AppError::Terlarang(_) => 403,
            AppError::TidakTersedia(_) => 503,
            AppError::Server(_) => 500,
        }
    }

    pub fn judul(&self) -> &'static str {
        match self {
            AppError::TidakDitemukan(_) => "Data tidak ditemukan",
            AppError::Permintaan(_) => "Permintaan tidak dapat diproses",
            AppError::BelumMasuk(_) => "Silakan masuk",
            AppError::Terlarang(_) => "Akses ditolak",
            AppError::TidakTersedia(_) => "Belum dapat disimpan",
            AppError::Server(_) => "Terjadi gangguan pada server",
        }
    }

    pub fn pesan(&self) -> &str {
        match self {
            AppError::TidakDitemukan(m)
            | AppError::Permintaan(m)
            | AppError::BelumMasuk(m)
            | AppError::Terlarang(m)
            | AppError::TidakTersedia(m)
            | AppError::Server(m) => m,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.judul(), self.pesan())
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::Permintaan(format!("Parameter tidak valid: {m}"))
            }
            other => AppError::Server(format!("Gagal menghubungi server: {other}")),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<data::DataError> for AppError {
    fn from(e: data::DataError) -> Self {
        match e {
            data::DataError::NotFound(m) => AppError::TidakDitemukan(m),
            data::DataError::Invalid(m) => AppError::Permintaan(m),
            data::DataError::TidakTersedia(m) => AppError::TidakTersedia(m),
            other => {
                tracing::error!(error = %other, "data layer error");
                AppError::Server("Terjadi gangguan saat mengolah data. Silakan coba lagi; bila berulang, hubungi Dinas Koperasi.".into())
            }
        }
    }
}
