//! The approval workflow and the audit trail.

#[cfg(feature = "ssr")]
use super::{isi, jawab, pantau, periode, respond};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::{izinkan, pelaku, periksa_csrf};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;

/// The verification queue: a camat's kecamatan, or the whole city for Dinas.
#[server(endpoint = "antrean", input = GetUrl)]
pub async fn ambil_antrean() -> Result<model::view::HalamanAntrean, AppError> {
    jawab(async {
        let akun = izinkan(Akun::antrean)?;
        let kec = (akun.peran == model::akun::Peran::Camat)
            .then(|| akun.cakupan.clone())
            .flatten();
        Ok(pantau()?.antrean(kec.as_deref()).await?)
    })
    .await
}

/// One step of the approval workflow on the current version of a KKMP's
/// month: `langkah` is `diverifikasi` or `dikembalikan` (camat of the
/// kecamatan), `diterima`, `dikembalikan` or `dibuka` (Dinas). Back to the
/// version page, saying what happened or why not.
#[server(endpoint = "langkah_laporan")]
pub async fn langkah_laporan(
    kode: String,
    bulan: String,
    versi: i64,
    langkah: String,
    catatan: String,
    csrf: String,
) -> Result<(), AppError> {
    use model::status::Persetujuan;
    respond(periksa_csrf(&csrf))?;
    let kode = kode.trim().to_string();
    let ke = respond(
        Persetujuan::from_code(langkah.trim())
            .ok_or_else(|| AppError::Permintaan(format!("Langkah '{langkah}' tidak dikenal."))),
    )?;
    let akun = respond(izinkan(|a| a.langkah(ke, &kode)))?;
    let p = respond(
        periode(Some(bulan))?.ok_or_else(|| AppError::Permintaan("Bulan wajib diisi.".into())),
    )?;
    let result = pantau()?
        .langkah(&akun, &pelaku(&akun), (&kode, p, versi), ke, &catatan)
        .await;
    let halaman = format!("/kkmp/{kode}/{p}/v{versi}");
    match result {
        Ok(()) => leptos_axum::redirect(&format!("{halaman}?langkah={}", ke.code())),
        Err(data::DataError::Invalid(m)) => {
            let t = respond(pantau()?.simpan_pesan(&m).await.map_err(AppError::from))?;
            leptos_axum::redirect(&format!("{halaman}?galat={t}#persetujuan"))
        }
        Err(e) => return respond(Err(e.into())),
    }
    Ok(())
}

/// The audit trail with its verification (Inspektorat, Dinas).
#[server(endpoint = "jejak", input = GetUrl)]
pub async fn ambil_jejak(
    sebelum: Option<i64>,
    cari: Option<String>,
) -> Result<model::view::HalamanJejak, AppError> {
    let cari = isi(cari);
    jawab(async {
        izinkan(Akun::baca_jejak)?;
        Ok(pantau()?.halaman_jejak(sebelum, cari.as_deref()).await?)
    })
    .await
}
