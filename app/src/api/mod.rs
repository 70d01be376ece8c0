//! Server functions: thin adapters that take the data service from context,
//! check the input, call one function of the data layer and return a wire
//! type. Every one of them is a public HTTP endpoint under `/api/`, so each
//! checks the caller's role and scope itself ([`izinkan`] with a rule of
//! `model::akun`) before it touches data. Reads are GET; every POST changes
//! something and carries the form's CSRF token (checked by the server's
//! security layer, and again here).

mod akun;
mod dasbor;
mod kelola;
pub mod lapangan;
mod laporan;
mod persetujuan;
mod pesan;
pub mod rekonsiliasi;
pub mod ruang;
pub mod temuan;

pub use akun::*;
pub use dasbor::*;
pub use kelola::*;
pub use laporan::*;
pub use persetujuan::*;
pub use pesan::*;

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use model::akun::Akun;
use serde::{Deserialize, Serialize};

/// What every page's frame needs to know.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InfoAplikasi {
    /// True while the database holds generated demo data.
    pub demo: bool,
    /// The signed-in account, if any.
    pub akun: Option<Akun>,
    /// The CSRF token every form of this visitor carries.
    pub csrf: String,
}

#[cfg(feature = "ssr")]
fn pantau() -> Result<std::sync::Arc<data::Pantau>, AppError> {
    use_context::<std::sync::Arc<data::Pantau>>()
        .ok_or_else(|| AppError::Server("Layanan data belum siap.".into()))
}

/// `?bulan=` as given: absent or blank means "the newest month".
#[cfg(feature = "ssr")]
fn periode(bulan: Option<String>) -> Result<Option<model::Periode>, AppError> {
    match bulan.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => model::Periode::parse(text)
            .map(Some)
            .map_err(|e| AppError::Permintaan(e.to_string())),
    }
}

/// Runs a server function's body and, when it fails, sets the HTTP status
/// of its error (400, 403, 404, 500) before returning it.
#[cfg(feature = "ssr")]
async fn jawab<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    respond(body.await)
}

/// Sets the HTTP status of a failed call (400, 404, 500) before returning it.
#[cfg(feature = "ssr")]
fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result
        && let Some(resp) = use_context::<leptos_axum::ResponseOptions>()
    {
        resp.set_status(
            http::StatusCode::from_u16(e.status())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    result
}

/// Open to everybody: whether demo data is loaded, who is signed in, and
/// the visitor's CSRF token.
#[server(endpoint = "info", input = GetUrl)]
pub async fn ambil_info() -> Result<InfoAplikasi, AppError> {
    let result = jawab(async { Ok(pantau()?.revisi().await?.1) }).await;
    let p = crate::keamanan::pengunjung();
    result.map(|demo| InfoAplikasi {
        demo,
        akun: p
            .as_ref()
            .and_then(|p| p.sesi.as_ref())
            .map(|s| s.akun.clone()),
        csrf: p.map(|p| p.csrf).unwrap_or_default(),
    })
}

/// `?status=semua` includes reports awaiting verification.
#[cfg(feature = "ssr")]
fn semua(status: &Option<String>) -> bool {
    status.as_deref().map(str::trim) == Some("semua")
}

/// A query value as given, trimmed; blank means absent.
#[cfg(feature = "ssr")]
fn isi(v: Option<String>) -> Option<String> {
    v.map(|i| i.trim().to_string()).filter(|i| !i.is_empty())
}

/// A message kept under a token (`?galat=` of the version page).
#[server(endpoint = "pesan", input = GetUrl)]
pub async fn ambil_pesan(token: String) -> Result<String, AppError> {
    jawab(async {
        crate::keamanan::akun()?;
        Ok(pantau()?.baca_pesan(token.trim()).await?)
    })
    .await
}
