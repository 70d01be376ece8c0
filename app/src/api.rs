//! Server functions: thin adapters that take the data service from context,
//! check the input, call one function of the data layer and return a wire
//! type. Every one of them is a public HTTP endpoint under `/api/`.

use crate::error::AppError;
use leptos::prelude::*;
use model::view::{
    DashboardKecamatan, DashboardKota, DetailKkmp, DetailTarget, DetailVersi, FormulirLaporan,
    HalamanBatas, HalamanTarget, HalamanUnggah, PratinjauUnggahan,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What every page's frame needs to know.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InfoAplikasi {
    /// True while the database holds generated demo data.
    pub demo: bool,
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

#[server(endpoint = "info")]
pub async fn ambil_info() -> Result<InfoAplikasi, AppError> {
    let result: Result<_, AppError> = async { Ok(pantau()?.db().revisi().await?.1) }.await;
    respond(result.map(|demo| InfoAplikasi { demo }))
}

/// A query value as given, trimmed; blank means absent.
#[cfg(feature = "ssr")]
fn isi(v: Option<String>) -> Option<String> {
    v.map(|i| i.trim().to_string()).filter(|i| !i.is_empty())
}

#[server(endpoint = "dashboard_kota")]
pub async fn ambil_dashboard_kota(
    bulan: Option<String>,
    indikator: Option<String>,
    peta: Option<String>,
) -> Result<DashboardKota, AppError> {
    let (indikator, peta) = (isi(indikator), isi(peta));
    let result: Result<_, AppError> = async {
        Ok(pantau()?
            .dashboard_kota(periode(bulan)?, indikator.as_deref(), peta.as_deref())
            .await?)
    }
    .await;
    respond(result.map(|d| (*d).clone()))
}

#[server(endpoint = "dashboard_kecamatan")]
pub async fn ambil_dashboard_kecamatan(
    code: String,
    bulan: Option<String>,
) -> Result<DashboardKecamatan, AppError> {
    let result: Result<_, AppError> = async {
        Ok(pantau()?
            .dashboard_kecamatan(code.trim(), periode(bulan)?)
            .await?)
    }
    .await;
    respond(result.map(|d| (*d).clone()))
}

#[server(endpoint = "detail_kkmp")]
pub async fn ambil_detail_kkmp(code: String) -> Result<DetailKkmp, AppError> {
    let result: Result<_, AppError> = async { Ok(pantau()?.detail_kkmp(code.trim()).await?) }.await;
    respond(result)
}

#[server(endpoint = "formulir")]
pub async fn ambil_formulir(
    code: String,
    bulan: String,
    draf: Option<String>,
) -> Result<FormulirLaporan, AppError> {
    let result: Result<_, AppError> = async {
        let p = periode(Some(bulan))?
            .ok_or_else(|| AppError::Permintaan("Bulan laporan wajib diisi.".into()))?;
        Ok(pantau()?
            .formulir(code.trim(), p, draf.as_deref().filter(|d| !d.is_empty()))
            .await?)
    }
    .await;
    respond(result)
}

/// Sends the monthly form. Whatever happens, the answer is a redirect, so
/// that the same request works from a plain HTML form: stored → the KKMP
/// page; unchanged → the KKMP page saying so; refused → back to the form
/// with what was typed and a message at each field.
#[server(endpoint = "kirim_laporan")]
pub async fn kirim_laporan(
    kode: String,
    periode: String,
    isian: HashMap<String, String>,
    pelapor: String,
    alasan: String,
) -> Result<(), AppError> {
    use data::penerimaan::{HasilKirim, KirimanFormulir};
    let kode = kode.trim().to_string();
    let periode = periode.trim().to_string();
    let kiriman = KirimanFormulir {
        kelurahan_code: kode.clone(),
        periode: periode.clone(),
        isian,
        pelapor,
        alasan,
    };
    let result: Result<_, AppError> = async { Ok(pantau()?.kirim_formulir(kiriman).await?) }.await;
    match respond(result)? {
        HasilKirim::Tersimpan { versi } => {
            leptos_axum::redirect(&format!("/kkmp/{kode}?tersimpan={periode}&versi={versi}"))
        }
        HasilKirim::TidakBerubah { versi } => {
            leptos_axum::redirect(&format!("/kkmp/{kode}?sama={periode}&versi={versi}"))
        }
        HasilKirim::Kembali { token } => {
            leptos_axum::redirect(&format!("/laporan/{kode}/{periode}?draf={token}"))
        }
    }
    Ok(())
}

#[server(endpoint = "halaman_unggah")]
pub async fn ambil_halaman_unggah(tersimpan: Option<i64>) -> Result<HalamanUnggah, AppError> {
    let result: Result<_, AppError> =
        async { Ok(pantau()?.halaman_unggah(tersimpan).await?) }.await;
    respond(result)
}

#[server(endpoint = "pratinjau")]
pub async fn ambil_pratinjau(token: String) -> Result<PratinjauUnggahan, AppError> {
    let result: Result<_, AppError> =
        async { Ok(pantau()?.pratinjau_unggahan(token.trim()).await?) }.await;
    respond(result)
}

/// Commits an upload, all or nothing. Redirects to the upload page with the
/// stored upload, or back to the preview with the reason it was refused.
#[server(endpoint = "simpan_unggahan")]
pub async fn simpan_unggahan(token: String, oleh: String, alasan: String) -> Result<(), AppError> {
    let token = token.trim().to_string();
    if oleh.trim().is_empty() {
        leptos_axum::redirect(&format!("/unggah/{token}?galat=oleh"));
        return Ok(());
    }
    let result: Result<_, AppError> =
        async { Ok(pantau()?.simpan_unggahan(&token, &oleh, &alasan).await?) }.await;
    match respond(result)? {
        Ok(id) => leptos_axum::redirect(&format!("/unggah?tersimpan={id}")),
        Err(view) => {
            let why = if view.sudah_diunggah.is_some() {
                "ganda"
            } else if view.jumlah_galat > 0 {
                "galat"
            } else {
                "alasan"
            };
            leptos_axum::redirect(&format!("/unggah/{token}?galat={why}"))
        }
    }
    Ok(())
}

#[server(endpoint = "halaman_target")]
pub async fn ambil_halaman_target(
    draf: Option<String>,
    galat: Option<String>,
) -> Result<HalamanTarget, AppError> {
    let (draf, galat) = (isi(draf), isi(galat));
    let result: Result<_, AppError> = async {
        Ok(pantau()?
            .halaman_target(draf.as_deref(), galat.as_deref())
            .await?)
    }
    .await;
    respond(result)
}

#[server(endpoint = "detail_target")]
pub async fn ambil_detail_target(
    id: String,
    draf: Option<String>,
) -> Result<DetailTarget, AppError> {
    let draf = isi(draf);
    let result: Result<_, AppError> = async {
        let id: i64 = id
            .trim()
            .parse()
            .map_err(|_| AppError::TidakDitemukan(format!("Target '{}' tidak ada.", id.trim())))?;
        Ok(pantau()?.detail_target(id, draf.as_deref()).await?)
    }
    .await;
    respond(result)
}

/// Adds a target (`id` empty) or changes one. Always a redirect: stored →
/// the target's page; refused → back to the form with its messages.
#[server(endpoint = "kirim_target")]
pub async fn kirim_target(
    id: Option<String>,
    isian: HashMap<String, String>,
    oleh: String,
    alasan: String,
) -> Result<(), AppError> {
    use data::kelola::{HasilTarget, KirimanTarget};
    let id = match isi(id) {
        None => None,
        Some(t) => Some(
            t.parse::<i64>()
                .map_err(|_| AppError::Permintaan(format!("Nomor target '{t}' tidak sah.")))?,
        ),
    };
    let kiriman = KirimanTarget {
        isian,
        oleh,
        alasan,
    };
    let result: Result<_, AppError> =
        async { Ok(pantau()?.kirim_target(id, kiriman).await?) }.await;
    match (respond(result)?, id) {
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
pub async fn nonaktifkan_target(id: i64, oleh: String, alasan: String) -> Result<(), AppError> {
    let result = pantau()?.nonaktifkan_target(id, &oleh, &alasan).await;
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

#[server(endpoint = "halaman_batas")]
pub async fn ambil_halaman_batas(galat: Option<String>) -> Result<HalamanBatas, AppError> {
    let galat = isi(galat);
    let result: Result<_, AppError> =
        async { Ok(pantau()?.halaman_batas(galat.as_deref()).await?) }.await;
    respond(result)
}

#[server(endpoint = "versi_laporan")]
pub async fn ambil_versi_laporan(
    code: String,
    bulan: String,
    versi: String,
) -> Result<DetailVersi, AppError> {
    let result: Result<_, AppError> = async {
        let p = periode(Some(bulan))?
            .ok_or_else(|| AppError::Permintaan("Bulan laporan wajib diisi.".into()))?;
        let v: i64 = versi.trim().trim_start_matches('v').parse().map_err(|_| {
            AppError::TidakDitemukan(format!("Versi '{}' tidak ada.", versi.trim()))
        })?;
        Ok(pantau()?.versi_laporan(code.trim(), p, v).await?)
    }
    .await;
    respond(result)
}
