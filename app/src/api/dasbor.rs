//! The dashboards' and the version page's server functions.

#[cfg(feature = "ssr")]
use super::{isi, jawab, pantau, periode, semua};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::izinkan;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;
use model::view::*;

#[server(endpoint = "dashboard_kota", input = GetUrl)]
pub async fn ambil_dashboard_kota(
    bulan: Option<String>,
    indikator: Option<String>,
    peta: Option<String>,
    status: Option<String>,
) -> Result<DashboardKota, AppError> {
    let (indikator, peta) = (isi(indikator), isi(peta));
    let result = jawab(async {
        izinkan(Akun::baca_kota)?;
        Ok(pantau()?
            .dashboard_kota(
                periode(bulan)?,
                indikator.as_deref(),
                peta.as_deref(),
                semua(&status),
            )
            .await?)
    })
    .await;
    result.map(|d| (*d).clone())
}

#[server(endpoint = "dashboard_kecamatan", input = GetUrl)]
pub async fn ambil_dashboard_kecamatan(
    code: String,
    bulan: Option<String>,
    status: Option<String>,
) -> Result<DashboardKecamatan, AppError> {
    let result = jawab(async {
        izinkan(|a| a.baca_kecamatan(code.trim()))?;
        Ok(pantau()?
            .dashboard_kecamatan(code.trim(), periode(bulan)?, semua(&status))
            .await?)
    })
    .await;
    result.map(|d| (*d).clone())
}

#[server(endpoint = "detail_kkmp", input = GetUrl)]
pub async fn ambil_detail_kkmp(code: String) -> Result<DetailKkmp, AppError> {
    jawab(async {
        izinkan(|a| a.baca_kkmp(code.trim()))?;
        Ok(pantau()?.detail_kkmp(code.trim()).await?)
    })
    .await
}

#[server(endpoint = "versi_laporan", input = GetUrl)]
pub async fn ambil_versi_laporan(
    code: String,
    bulan: String,
    versi: String,
) -> Result<DetailVersi, AppError> {
    jawab(async {
        izinkan(|a| a.baca_kkmp(code.trim()))?;
        let p = periode(Some(bulan))?
            .ok_or_else(|| AppError::Permintaan("Bulan laporan wajib diisi.".into()))?;
        let v: i64 = versi.trim().trim_start_matches('v').parse().map_err(|_| {
            AppError::TidakDitemukan(format!("Versi '{}' tidak ada.", versi.trim()))
        })?;
        Ok(pantau()?.versi_laporan(code.trim(), p, v).await?)
    })
    .await
}
