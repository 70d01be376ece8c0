//! Server functions of the SIMKOPDES reconciliation. The export's upload
//! and the preview's confirmation are plain endpoints of the server
//! (`POST /rekonsiliasi/unggah`, `POST /rekonsiliasi/simpan`).

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::{izinkan, pelaku, periksa_csrf};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;
use model::rekonsiliasi::{HalamanRekonsiliasi, PratinjauRekonsiliasi};

#[cfg(feature = "ssr")]
use super::{jawab, pantau, respond};

/// The newest import's discrepancies the reader may see (a camat: those
/// of their kecamatan's kelurahan), and every import.
#[server(endpoint = "rekonsiliasi", input = GetUrl)]
pub async fn ambil_halaman_rekonsiliasi() -> Result<HalamanRekonsiliasi, AppError> {
    jawab(async {
        let akun = izinkan(Akun::baca_rekonsiliasi)?;
        Ok(pantau()?
            .halaman_rekonsiliasi(|k| akun.baca_satu_temuan(k))
            .await?)
    })
    .await
}

/// What storing a pending export would do; only its uploader sees it.
#[server(endpoint = "pratinjau_rekonsiliasi", input = GetUrl)]
pub async fn ambil_pratinjau_rekonsiliasi(
    token: String,
) -> Result<PratinjauRekonsiliasi, AppError> {
    jawab(async {
        let akun = izinkan(Akun::kelola_rekonsiliasi)?;
        let token: String = token
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(128)
            .collect();
        Ok(pantau()?
            .pratinjau_rekonsiliasi(&token, &akun.nama_pengguna)
            .await?)
    })
    .await
}

/// A step on a discrepancy: a follow-up (the Dinas, or the camat of its
/// kecamatan), resolving or reopening it (the Dinas). Back to the list.
#[server(endpoint = "langkah_selisih")]
pub async fn langkah_selisih(
    selisih_id: i64,
    jenis: String,
    uraian: String,
    csrf: String,
) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::baca_rekonsiliasi))?;
    let p = pantau()?;
    let kelurahan = respond(
        p.kelurahan_selisih(selisih_id)
            .await
            .map_err(AppError::from),
    )?;
    // Outside the reader's scope the discrepancy does not exist.
    if !akun.baca_satu_temuan(&kelurahan) {
        return respond(Err(AppError::TidakDitemukan(format!(
            "Selisih #{selisih_id} tidak ada."
        ))));
    }
    let boleh = if jenis == model::temuan::LANGKAH_TINDAK {
        akun.tindak_selisih(&kelurahan)
    } else {
        akun.kelola_rekonsiliasi()
    };
    if !boleh {
        return respond(Err(AppError::Terlarang(
            "Tindak lanjut dilaporkan Dinas atau camat wilayahnya; hanya Dinas yang menyelesaikan atau membuka lagi selisih."
                .into(),
        )));
    }
    match p
        .langkah_selisih(selisih_id, &jenis, &uraian, &pelaku(&akun))
        .await
    {
        Ok(_) => leptos_axum::redirect(&format!(
            "/rekonsiliasi?langkah={selisih_id}#selisih-{selisih_id}"
        )),
        Err(data::DataError::Invalid(m)) => {
            let token = respond(p.simpan_pesan(&m).await.map_err(AppError::from))?;
            leptos_axum::redirect(&format!("/rekonsiliasi?galat={token}#selisih-{selisih_id}"));
        }
        Err(e) => return respond(Err(e.into())),
    }
    Ok(())
}
