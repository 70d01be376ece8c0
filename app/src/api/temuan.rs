//! Server functions of the findings register. A step with its evidence
//! file is a multipart form, so it is a file endpoint of the server
//! (`POST /temuan/langkah`), as is the evidence download.

// Opening a finding takes one argument per field of its form.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::{izinkan, pelaku, periksa_csrf};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;
use model::temuan::{HalamanTemuan, Temuan};

#[cfg(feature = "ssr")]
use super::{jawab, pantau, respond};

/// The register: every finding the reader may see (a camat: those about
/// their kecamatan and its kelurahan).
#[server(endpoint = "temuan", input = GetUrl)]
pub async fn ambil_halaman_temuan() -> Result<HalamanTemuan, AppError> {
    jawab(async {
        let akun = izinkan(Akun::baca_temuan)?;
        Ok(pantau()?
            .halaman_temuan(|w| akun.baca_satu_temuan(w))
            .await?)
    })
    .await
}

/// One finding with its steps; outside the reader's scope it is "not
/// found".
#[server(endpoint = "satu_temuan", input = GetUrl)]
pub async fn ambil_temuan(id: i64) -> Result<Temuan, AppError> {
    jawab(async {
        let akun = izinkan(Akun::baca_temuan)?;
        let t = pantau()?.temuan(id).await?;
        if !akun.baca_satu_temuan(&t.wilayah_code) {
            return Err(AppError::TidakDitemukan(format!("Temuan #{id} tidak ada.")));
        }
        Ok(t)
    })
    .await
}

/// Opens a finding (Inspektorat only); back to it, or to the form with
/// every problem and what was typed.
#[server(endpoint = "buka_temuan")]
pub async fn buka_temuan(
    judul: String,
    uraian: String,
    rekomendasi: String,
    penanggung_jawab: String,
    wilayah_code: String,
    sumber: String,
    sumber_ref: String,
    tenggat: String,
    csrf: String,
) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_temuan))?;
    let t = data::inti::temuan::TemuanBaru {
        judul,
        uraian,
        rekomendasi,
        penanggung_jawab,
        wilayah_code,
        sumber,
        sumber_ref,
        tenggat,
    };
    let p = pantau()?;
    match p.buka_temuan(&t, &pelaku(&akun)).await {
        Ok(id) => leptos_axum::redirect(&format!("/temuan/{id}?dibuka=1")),
        Err(data::DataError::Invalid(m)) => {
            let token = respond(p.simpan_pesan(&m).await.map_err(AppError::from))?;
            let q: String = [
                ("galat", token.as_str()),
                ("judul", t.judul.as_str()),
                ("uraian", t.uraian.as_str()),
                ("rekomendasi", t.rekomendasi.as_str()),
                ("pj", t.penanggung_jawab.as_str()),
                ("wilayah", t.wilayah_code.as_str()),
                ("sumber", t.sumber.as_str()),
                ("ref", t.sumber_ref.as_str()),
                ("tenggat", t.tenggat.as_str()),
            ]
            .iter()
            .map(|(k, v)| format!("{k}={}", model::format::url_aman(v)))
            .collect::<Vec<_>>()
            .join("&");
            leptos_axum::redirect(&format!("/temuan?{q}#buka"));
        }
        Err(e) => return respond(Err(e.into())),
    }
    Ok(())
}
