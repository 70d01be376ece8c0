//! The findings register's file endpoints: `POST /temuan/langkah` (a step
//! with its evidence file, multipart: a follow-up by the responsible
//! office, or the Inspektorat closing or reopening) and `GET
//! /temuan/berkas/{id}` (a step's evidence, as an attachment, to whoever
//! sees the finding).

use crate::AppState;
use crate::berkas::{FormRusak, galat_data, izinkan, izinkan_unduh, teks};
use app::keamanan::Pengunjung;
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use data::DataError;
use data::inti::jejak::Pelaku;
use model::akun::Akun;
use model::temuan::LANGKAH_TINDAK;

/// The body limit of a step: its evidence at the largest, and the text.
pub const BATAS_BODY_LANGKAH: usize = data::inti::temuan::UKURAN_BUKTI_MAKS + 1024 * 1024;

/// `POST /temuan/langkah`.
pub async fn langkah(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    mut form: Multipart,
) -> Response {
    let akun = match izinkan(&p, |a| {
        a.peran == model::akun::Peran::Inspektorat
            || a.peran == model::akun::Peran::Admin
            || a.peran == model::akun::Peran::Camat
    }) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let terlalu_besar = format!(
        "Bukti terlalu besar: paling besar {} MB.",
        data::inti::temuan::UKURAN_BUKTI_MAKS / 1_048_576
    );
    let f = match crate::berkas::baca_form_semua(&mut form, 8).await {
        Ok(f) => f,
        Err(FormRusak::TerlaluBesar(t)) => {
            return kembali(
                &state,
                t.get("temuan_id").map_or("", String::as_str),
                &terlalu_besar,
            )
            .await;
        }
        Err(FormRusak::TerlaluBanyak(_)) => return crate::berkas::terlalu_banyak(),
        Err(FormRusak::Rusak(m)) => return teks(StatusCode::BAD_REQUEST, m),
    };
    let get = |k: &str| f.teks.get(k).map_or("", String::as_str);
    let (id, jenis, uraian) = (get("temuan_id").trim(), get("jenis").trim(), get("uraian"));
    let berkas = f
        .berkas
        .into_iter()
        .rfind(|(field, _, _)| field == "berkas")
        .map(|(_, nama, isi)| (nama, isi));
    let Some(n) = id.parse::<i64>().ok().filter(|_| id.len() <= 18) else {
        return teks(StatusCode::NOT_FOUND, "Temuan tidak ada.");
    };
    let wilayah = match state.pantau.wilayah_temuan(n).await {
        Ok(w) => w,
        Err(DataError::NotFound(m)) => return teks(StatusCode::NOT_FOUND, m),
        Err(e) => return galat_data(e),
    };
    // A camat outside the finding's area does not learn it exists.
    if !akun.baca_satu_temuan(&wilayah) {
        return teks(StatusCode::NOT_FOUND, format!("Temuan #{n} tidak ada."));
    }
    let boleh = if jenis == LANGKAH_TINDAK {
        akun.tindak_temuan(&wilayah)
    } else {
        akun.kelola_temuan()
    };
    if !boleh {
        return teks(
            StatusCode::FORBIDDEN,
            if jenis == LANGKAH_TINDAK {
                "Tindak lanjut dilaporkan oleh Dinas atau camat wilayah temuan itu."
            } else {
                "Hanya Inspektorat yang menutup atau membuka lagi temuan."
            },
        );
    }
    match state
        .pantau
        .langkah_temuan(n, jenis, uraian, berkas, &Pelaku::akun(&akun, &p.alamat))
        .await
    {
        Ok(_) => Redirect::to(&format!("/temuan/{n}?langkah={jenis}")).into_response(),
        Err(DataError::Invalid(m)) => kembali(&state, id, &m).await,
        Err(e) => galat_data(e),
    }
}

async fn kembali(state: &AppState, id: &str, pesan: &str) -> Response {
    let id: String = id.chars().filter(char::is_ascii_digit).take(18).collect();
    match state.pantau.simpan_pesan(pesan).await {
        Ok(t) => Redirect::to(&format!("/temuan/{id}?galat={t}")).into_response(),
        Err(e) => galat_data(e),
    }
}

/// `GET /temuan/berkas/{id}`: a step's evidence as stored, as a download
/// (never shown inline), rationed like every download.
pub async fn berkas(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    Path(id): Path<String>,
) -> Response {
    let akun = match izinkan_unduh(&state, &p, Akun::baca_temuan) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let tidak_ada = || teks(StatusCode::NOT_FOUND, "Bukti tidak ada.");
    let Some(id) = id.parse::<i64>().ok().filter(|_| id.len() <= 18) else {
        return tidak_ada();
    };
    let (wilayah, nama, jenis, isi) = match state.pantau.berkas_temuan(id).await {
        Ok(x) => x,
        Err(DataError::NotFound(_)) => return tidak_ada(),
        Err(e) => return galat_data(e),
    };
    if !akun.baca_satu_temuan(&wilayah) {
        return tidak_ada();
    }
    let jenis = match jenis.as_str() {
        "application/pdf" => "application/pdf",
        "image/png" => "image/png",
        _ => "image/jpeg",
    };
    let mut res = crate::berkas::unduhan(isi, jenis, &nama);
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    res
}
