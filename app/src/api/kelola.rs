//! The Dinas' reference data: targets and boundary files.

#[cfg(feature = "ssr")]
use super::{isi, jawab, pantau, respond};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::{izinkan, pelaku, periksa_csrf};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;
use model::view::*;
use std::collections::HashMap;

#[server(endpoint = "halaman_target", input = GetUrl)]
pub async fn ambil_halaman_target(
    draf: Option<String>,
    galat: Option<String>,
) -> Result<HalamanTarget, AppError> {
    let (draf, galat) = (isi(draf), isi(galat));
    jawab(async {
        izinkan(Akun::baca_target)?;
        Ok(pantau()?
            .halaman_target(draf.as_deref(), galat.as_deref())
            .await?)
    })
    .await
}

#[server(endpoint = "detail_target", input = GetUrl)]
pub async fn ambil_detail_target(
    id: String,
    draf: Option<String>,
) -> Result<DetailTarget, AppError> {
    let draf = isi(draf);
    jawab(async {
        izinkan(Akun::baca_target)?;
        let id: i64 = id
            .trim()
            .parse()
            .map_err(|_| AppError::TidakDitemukan(format!("Target '{}' tidak ada.", id.trim())))?;
        Ok(pantau()?.detail_target(id, draf.as_deref()).await?)
    })
    .await
}

/// Adds a target (`id` empty) or changes one. Always a redirect: stored →
/// the target's page; refused → back to the form with its messages.
#[server(endpoint = "kirim_target")]
pub async fn kirim_target(
    id: Option<String>,
    isian: HashMap<String, String>,
    alasan: String,
    csrf: String,
) -> Result<(), AppError> {
    use data::layanan::kelola::HasilTarget;
    use data::layanan::kelola::KirimanTarget;
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_data))?;
    let id = match isi(id) {
        None => None,
        Some(t) => Some(
            t.parse::<i64>()
                .map_err(|_| AppError::Permintaan(format!("Nomor target '{t}' tidak sah.")))?,
        ),
    };
    let kiriman = KirimanTarget {
        isian,
        oleh: akun.tampil(),
        alasan,
    };
    let result =
        jawab(async { Ok(pantau()?.kirim_target(id, kiriman, &pelaku(&akun)).await?) }).await;
    match (result?, id) {
        (HasilTarget::Tersimpan { id }, _) => {
            leptos_axum::redirect(&format!("/target/{id}?tersimpan=1"))
        }
        (HasilTarget::Kembali { token }, Some(id)) => {
            leptos_axum::redirect(&format!("/target/{id}?draf={token}#ubah"))
        }
        (HasilTarget::Kembali { token }, None) => {
            leptos_axum::redirect(&format!("/target?draf={token}#baru"))
        }
    }
    Ok(())
}

/// Retires a target (it stops counting; its history stays).
#[server(endpoint = "nonaktifkan_target")]
pub async fn nonaktifkan_target(id: i64, alasan: String, csrf: String) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_data))?;
    let result = pantau()?
        .nonaktifkan_target(id, &akun.tampil(), &alasan, &pelaku(&akun))
        .await;
    match result {
        Ok(()) => leptos_axum::redirect(&format!("/target/{id}?nonaktif=1")),
        // Name and reason missing: back to the page, which says so.
        Err(data::DataError::Invalid(_)) => {
            leptos_axum::redirect(&format!("/target/{id}?nonaktif=galat#nonaktifkan"))
        }
        Err(e) => return respond(Err(e.into())),
    }
    Ok(())
}

#[server(endpoint = "halaman_batas", input = GetUrl)]
pub async fn ambil_halaman_batas(galat: Option<String>) -> Result<HalamanBatas, AppError> {
    let galat = isi(galat);
    jawab(async {
        izinkan(Akun::baca_target)?;
        Ok(pantau()?.halaman_batas(galat.as_deref()).await?)
    })
    .await
}
