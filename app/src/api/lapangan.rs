//! Server functions of the field verification pages. Recording a visit is
//! a multipart form with photos, so it is a file endpoint of the server
//! (`POST /verifikasi-lapangan/catat`), as are the photos themselves.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::izinkan;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;
use model::lapangan::{HalamanLapangan, Kunjungan};

#[cfg(feature = "ssr")]
use super::{jawab, pantau};

/// The visits (a camat's own kecamatan only; the city's readers all, or
/// one kecamatan with `?kecamatan=`) and the form's choices.
#[server(endpoint = "lapangan", input = GetUrl)]
pub async fn ambil_lapangan(kecamatan: Option<String>) -> Result<HalamanLapangan, AppError> {
    jawab(async {
        let akun = izinkan(Akun::baca_lapangan)?;
        let p = pantau()?;
        let wilayah = if akun.baca_kota() {
            kecamatan
                .map(|k| k.trim().to_string())
                .filter(|k| p.wilayah().kecamatan(k).is_some())
        } else {
            akun.cakupan.clone()
        };
        let mut h = p
            .halaman_lapangan(wilayah.as_deref(), |c| akun.catat_kunjungan(c))
            .await?;
        if !akun.baca_kota() {
            // A camat sees their own kecamatan only: no filter to offer.
            h.kecamatan_pilihan.clear();
        }
        Ok(h)
    })
    .await
}

/// One visit with its photos; a visit outside the reader's scope is "not
/// found", not "forbidden", so its existence is not told either.
#[server(endpoint = "kunjungan", input = GetUrl)]
pub async fn ambil_kunjungan(id: i64) -> Result<Kunjungan, AppError> {
    jawab(async {
        let akun = izinkan(Akun::baca_lapangan)?;
        let k = pantau()?.kunjungan(id).await?;
        if !akun.baca_kunjungan(&k.kelurahan_code) {
            return Err(AppError::TidakDitemukan(format!(
                "Kunjungan #{id} tidak ada."
            )));
        }
        Ok(k)
    })
    .await
}

/// One KKMP's visits (the KKMP page), for whoever reads its kecamatan.
#[server(endpoint = "kunjungan_kkmp", input = GetUrl)]
pub async fn ambil_kunjungan_kkmp(kode: String) -> Result<Vec<Kunjungan>, AppError> {
    let kode = kode.trim().to_string();
    jawab(async {
        izinkan(|a| a.baca_kunjungan(&kode))?;
        Ok(pantau()?.kunjungan_kkmp(&kode).await?)
    })
    .await
}
