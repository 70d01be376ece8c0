//! The field verification visits' file endpoints: `POST
//! /verifikasi-lapangan/catat` (the visit form with its photos, multipart,
//! so it works from a phone without JavaScript) and `GET
//! /verifikasi-lapangan/foto/{id}` (a stored photo, for whoever reads its
//! kecamatan). Both check role and scope first; the security layer has
//! checked the form's CSRF token and its body limit.

use crate::AppState;
use crate::berkas::{FormRusak, galat_data, izinkan, teks};
use app::keamanan::Pengunjung;
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use data::DataError;
use data::inti::jejak::Pelaku;
use data::inti::lapangan::KunjunganBaru;
use model::akun::Akun;
use model::lapangan::{FOTO_MAKS, TONGGAK_LAPANGAN, UKURAN_FOTO_MAKS};
use std::collections::HashMap;

/// The body limit of the visit form: its photos at their largest, and
/// room for the fields.
pub const BATAS_BODY_KUNJUNGAN: usize = FOTO_MAKS * UKURAN_FOTO_MAKS + 1024 * 1024;

/// Parts of a visit form read at most: the fields and a few photos more
/// than allowed (so the message can say how many came), never thousands.
const BAGIAN_MAKS: usize = 32;

/// Photos read from the database at once (see [`foto`]).
pub const FOTO_SERENTAK: usize = 8;

/// The text fields kept for the form when it is refused.
const ISIAN: [&str; 4] = ["kelurahan_code", "tanggal", "petugas", "catatan"];

/// `POST /verifikasi-lapangan/catat`: records a visit, then shows it; a
/// refusal goes back to the form with every problem and what was typed.
pub async fn catat(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    mut form: Multipart,
) -> Response {
    // Who may record at all, before the body is read.
    let akun = match izinkan(&p, |a| {
        a.peran == model::akun::Peran::Admin || a.peran == model::akun::Peran::Camat
    }) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let (teks_form, foto) = match crate::berkas::baca_form_semua(&mut form, BAGIAN_MAKS).await {
        Ok(f) => {
            let foto: Vec<(String, Vec<u8>)> = f
                .berkas
                .into_iter()
                .filter(|(field, _, _)| field == "foto")
                .map(|(_, nama, isi)| (nama, isi))
                .collect();
            (f.teks, foto)
        }
        Err(FormRusak::TerlaluBesar(t)) => return terlalu_besar(&state, &t).await,
        Err(FormRusak::TerlaluBanyak(t)) => {
            return kembali(
                &state,
                &format!(
                    "Formulir berisi lebih dari {BAGIAN_MAKS} bagian; kirim paling banyak {FOTO_MAKS} foto."
                ),
                &t,
            )
            .await;
        }
        Err(FormRusak::Rusak(m)) => return teks(StatusCode::BAD_REQUEST, m),
    };
    let get = |k: &str| teks_form.get(k).cloned().unwrap_or_default();
    let k = KunjunganBaru {
        kelurahan_code: get("kelurahan_code"),
        tanggal: get("tanggal"),
        petugas: get("petugas"),
        temuan: TONGGAK_LAPANGAN
            .iter()
            .filter(|(kode, _, _)| teks_form.contains_key(*kode))
            .map(|(kode, _, _)| (kode.to_string(), get(kode)))
            .collect(),
        catatan: get("catatan"),
    };
    // The scope, once the KKMP is known: a camat records in their own
    // kecamatan only.
    let code = k.kelurahan_code.trim();
    if state.pantau.wilayah().kelurahan(code).is_some() && !akun.catat_kunjungan(code) {
        return teks(
            StatusCode::FORBIDDEN,
            "Akun ini tidak boleh mencatat kunjungan ke KKMP itu: camat hanya di kecamatannya sendiri.",
        );
    }
    match state
        .pantau
        .catat_kunjungan(&k, foto, &Pelaku::akun(&akun, &p.alamat))
        .await
    {
        Ok(id) => Redirect::to(&format!("/verifikasi-lapangan?tersimpan={id}")).into_response(),
        Err(DataError::Invalid(m)) => kembali(&state, &m, &teks_form).await,
        Err(e) => galat_data(e),
    }
}

async fn terlalu_besar(state: &AppState, teks_form: &HashMap<String, String>) -> Response {
    kembali(
        state,
        &format!(
            "Kiriman terlalu besar: paling banyak {FOTO_MAKS} foto, masing-masing {} MB. Kecilkan resolusi kamera atau kirim lebih sedikit foto.",
            UKURAN_FOTO_MAKS / (1024 * 1024)
        ),
        teks_form,
    )
    .await
}

/// Back to the form with the refusal kept under a token and what was
/// typed in the address (photos must be chosen again).
async fn kembali(state: &AppState, pesan: &str, teks_form: &HashMap<String, String>) -> Response {
    let token = match state.pantau.simpan_pesan(pesan).await {
        Ok(t) => t,
        Err(e) => return galat_data(e),
    };
    let mut url = url_form(&[("galat", token.as_str())]);
    let kunci: Vec<(&str, &str)> = teks_form
        .iter()
        .filter(|(n, _)| {
            ISIAN.contains(&n.as_str()) || TONGGAK_LAPANGAN.iter().any(|t| t.0 == n.as_str())
        })
        .map(|(n, v)| {
            let n = if n == "kelurahan_code" {
                "kel"
            } else {
                n.as_str()
            };
            (n, v.as_str())
        })
        .collect();
    if !kunci.is_empty() {
        url.push('&');
        url.push_str(&url_form(&kunci)[1..]);
    }
    Redirect::to(&format!("/verifikasi-lapangan{url}")).into_response()
}

/// `?a=b&c=d`, percent-encoded.
fn url_form(pasangan: &[(&str, &str)]) -> String {
    let isi: Vec<String> = pasangan
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                model::format::url_aman(k),
                model::format::url_aman(v)
            )
        })
        .collect();
    format!("?{}", isi.join("&"))
}

/// `GET /verifikasi-lapangan/foto/{id}`: a stored photo, as stored, to
/// whoever reads its KKMP's kecamatan (404 for anyone else, so its
/// existence is not told either). Immutable: an id names fixed bytes.
pub async fn foto(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    Path(id): Path<String>,
) -> Response {
    let akun = match izinkan(&p, Akun::baca_lapangan) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let tidak_ada = || teks(StatusCode::NOT_FOUND, "Foto tidak ada.");
    let Some(id) = id
        .parse::<i64>()
        .ok()
        .filter(|_| id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit()))
    else {
        return tidak_ada();
    };
    // At most this many photos (8 MB each at most) are read from the
    // database at once, whoever asks: a client looping over photo
    // addresses waits its turn instead of filling the memory.
    static SERENTAK: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(FOTO_SERENTAK);
    let Ok(_giliran) = SERENTAK.acquire().await else {
        return teks(
            StatusCode::SERVICE_UNAVAILABLE,
            "Layanan foto sedang ditutup.",
        );
    };
    let (kelurahan, jenis, sha, isi) = match state.pantau.foto_kunjungan(id).await {
        Ok(x) => x,
        Err(DataError::NotFound(_)) => return tidak_ada(),
        Err(e) => return galat_data(e),
    };
    if !akun.baca_kunjungan(&kelurahan) {
        return tidak_ada();
    }
    let jenis = match jenis.as_str() {
        "image/png" => "image/png",
        _ => "image/jpeg",
    };
    let ekstensi = if jenis == "image/png" { "png" } else { "jpg" };
    let mut res = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(jenis)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            ),
        ],
        isi,
    )
        .into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{sha}\"")) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!(
        "inline; filename=\"kunjungan-foto-{id}.{ekstensi}\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
