//! Reports coming in: the monthly form, file uploads and their preview.

#[cfg(feature = "ssr")]
use super::{jawab, pantau, periode};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::{izinkan, pelaku, periksa_csrf};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;
use model::view::*;
use std::collections::HashMap;

#[server(endpoint = "formulir", input = GetUrl)]
pub async fn ambil_formulir(
    code: String,
    bulan: String,
    draf: Option<String>,
) -> Result<FormulirLaporan, AppError> {
    jawab(async {
        let akun = izinkan(|a| a.kirim_laporan(code.trim()))?;
        let p = periode(Some(bulan))?
            .ok_or_else(|| AppError::Permintaan("Bulan laporan wajib diisi.".into()))?;
        let mut f = pantau()?
            .formulir(
                code.trim(),
                p,
                draf.as_deref().filter(|d| !d.is_empty()),
                &akun.nama_pengguna,
            )
            .await?;
        f.pelapor = akun.tampil();
        Ok(f)
    })
    .await
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
    alasan: String,
    csrf: String,
    /// The version the form was opened on ("0": none); anything that is
    /// not a number is as if not sent.
    #[server(default)]
    versi_dasar: Option<String>,
) -> Result<(), AppError> {
    use data::layanan::penerimaan::HasilKirim;
    use data::layanan::penerimaan::KirimanFormulir;
    let kode = kode.trim().to_string();
    let periode = periode.trim().to_string();
    let result = jawab(async {
        periksa_csrf(&csrf)?;
        let akun = izinkan(|a| a.kirim_laporan(&kode))?;
        let kiriman = KirimanFormulir {
            kelurahan_code: kode.clone(),
            periode: periode.clone(),
            isian,
            pelapor: akun.tampil(),
            alasan,
            dasar: versi_dasar.and_then(|v| v.trim().parse().ok()),
        };
        Ok(pantau()?.kirim_formulir(kiriman, &pelaku(&akun)).await?)
    })
    .await;
    match result? {
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

#[server(endpoint = "halaman_unggah", input = GetUrl)]
pub async fn ambil_halaman_unggah(tersimpan: Option<i64>) -> Result<HalamanUnggah, AppError> {
    jawab(async {
        let akun = izinkan(Akun::unggah)?;
        let mut h = pantau()?.halaman_unggah(tersimpan).await?;
        // An operator or lurah sees its own template and its own uploads.
        if let Some(k) = cakupan_unggah(&akun) {
            h.kelurahan = Some(k);
            let saya = akun.tampil();
            h.terakhir.retain(|u| u.diunggah_oleh == saya);
            h.tersimpan = h.tersimpan.filter(|u| u.diunggah_oleh == saya);
        }
        Ok(h)
    })
    .await
}

/// The kelurahan an uploading account is bound to (None: Dinas, any).
#[cfg(feature = "ssr")]
fn cakupan_unggah(a: &Akun) -> Option<String> {
    (a.peran != model::akun::Peran::Admin).then(|| a.cakupan.clone().unwrap_or_default())
}

#[server(endpoint = "pratinjau", input = GetUrl)]
pub async fn ambil_pratinjau(token: String) -> Result<PratinjauUnggahan, AppError> {
    jawab(async {
        let akun = izinkan(Akun::unggah)?;
        Ok(pantau()?
            .pratinjau_unggahan(token.trim(), cakupan_unggah(&akun), &akun.nama_pengguna)
            .await?)
    })
    .await
}

/// Commits an upload, all or nothing. Redirects to the upload page with the
/// stored upload, or back to the preview with the reason it was refused.
#[server(endpoint = "simpan_unggahan")]
pub async fn simpan_unggahan(token: String, alasan: String, csrf: String) -> Result<(), AppError> {
    let token = token.trim().to_string();
    let result = jawab(async {
        periksa_csrf(&csrf)?;
        let akun = izinkan(Akun::unggah)?;
        let cakupan = cakupan_unggah(&akun);
        Ok(pantau()?
            .simpan_unggahan(
                &token,
                &akun.tampil(),
                &alasan,
                cakupan.as_deref(),
                &pelaku(&akun),
            )
            .await?)
    })
    .await;
    match result? {
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
