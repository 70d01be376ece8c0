//! The outbox page's server function.

#[cfg(feature = "ssr")]
use super::{isi, jawab, pantau};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::izinkan;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;

/// The outbox (`/kotak-keluar`), for the Dinas: the newest messages, of
/// one status if `status` is given.
#[server(endpoint = "kotak_keluar", input = GetUrl)]
pub async fn ambil_kotak_keluar(
    status: Option<String>,
) -> Result<model::view::KotakKeluar, AppError> {
    let status = isi(status);
    jawab(async {
        izinkan(Akun::baca_kotak_keluar)?;
        Ok(pantau()?.kotak_keluar(status.as_deref()).await?)
    })
    .await
}
