//! Server functions: thin adapters that take the data service from context,
//! check the input, call one function of the data layer and return a wire
//! type. Every one of them is a public HTTP endpoint under `/api/`.

use crate::error::AppError;
use leptos::prelude::*;
use model::view::{DashboardKecamatan, DashboardKota, DetailKkmp};
use serde::{Deserialize, Serialize};

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

#[server(endpoint = "dashboard_kota")]
pub async fn ambil_dashboard_kota(
    bulan: Option<String>,
    indikator: Option<String>,
) -> Result<DashboardKota, AppError> {
    let indikator = indikator
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty());
    let result: Result<_, AppError> = async {
        Ok(pantau()?
            .dashboard_kota(periode(bulan)?, indikator.as_deref())
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
