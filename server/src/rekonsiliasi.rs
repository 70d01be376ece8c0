//! The SIMKOPDES reconciliation's plain endpoints: `POST
//! /rekonsiliasi/unggah` (the national export, multipart: kept until it is
//! confirmed, then to its preview) and `POST /rekonsiliasi/simpan` (the
//! preview's form: the pending file's token and a decision, `ya` or
//! `bukan`, for each unsure row as `baris_<n>`; form fields repeat, which
//! a server function's arguments cannot carry).

use crate::AppState;
use crate::berkas::{FormRusak, galat_data, izinkan, teks};
use app::keamanan::Pengunjung;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use data::DataError;
use data::inti::jejak::Pelaku;
use model::akun::Akun;
use std::collections::HashMap;

/// The body limit of an export: the import's file limit and a little.
pub const BATAS_BODY_REKONSILIASI: usize = crate::berkas::BATAS_BODY_UNGGAH;

/// Decisions a preview form may carry: far more than the city's rows.
const KEPUTUSAN_MAKS: usize = 2_000;

/// `POST /rekonsiliasi/unggah`.
pub async fn unggah(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    mut form: Multipart,
) -> Response {
    let akun = match izinkan(&p, Akun::kelola_rekonsiliasi) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let f = match crate::berkas::baca_form_semua(&mut form, 8).await {
        Ok(f) => f,
        Err(FormRusak::TerlaluBesar(_)) => {
            return kembali(
                &state,
                "/rekonsiliasi",
                &format!(
                    "Berkas terlalu besar: paling besar {} MB. Saring ekspor SIMKOPDES per provinsi.",
                    data::berkas::impor::Batas::default_ukuran() / 1_048_576
                ),
            )
            .await;
        }
        Err(FormRusak::TerlaluBanyak(_)) => return crate::berkas::terlalu_banyak(),
        Err(FormRusak::Rusak(m)) => return teks(StatusCode::BAD_REQUEST, m),
    };
    let Some((_, nama, isi)) = f
        .berkas
        .into_iter()
        .rfind(|(field, _, _)| field == "berkas")
    else {
        return kembali(
            &state,
            "/rekonsiliasi",
            "Pilih berkas ekspor SIMKOPDES (CSV atau XLSX).",
        )
        .await;
    };
    if isi.is_empty() {
        return kembali(&state, "/rekonsiliasi", &format!("Berkas {nama} kosong.")).await;
    }
    match state
        .pantau
        .unggah_rekonsiliasi(&nama, &isi, &akun.nama_pengguna)
        .await
    {
        Ok(Ok(token)) => Redirect::to(&format!("/rekonsiliasi/pratinjau/{token}")).into_response(),
        Ok(Err(penuh)) => kembali(&state, "/rekonsiliasi", &penuh.pesan()).await,
        Err(e) => galat_data(e),
    }
}

/// `POST /rekonsiliasi/simpan`.
pub async fn simpan(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    body: Bytes,
) -> Response {
    let akun = match izinkan(&p, Akun::kelola_rekonsiliasi) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let Ok(pasangan) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return teks(StatusCode::BAD_REQUEST, "Isian formulir rusak.");
    };
    let mut token = String::new();
    let mut keputusan: HashMap<u64, bool> = HashMap::new();
    for (k, v) in &pasangan {
        if k == "token" {
            token = v
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(128)
                .collect();
        } else if let Some(n) = k.strip_prefix("baris_").and_then(|n| n.parse::<u64>().ok()) {
            if keputusan.len() >= KEPUTUSAN_MAKS {
                return teks(
                    StatusCode::BAD_REQUEST,
                    "Terlalu banyak keputusan dalam satu formulir.",
                );
            }
            match v.as_str() {
                "ya" => keputusan.insert(n, true),
                "bukan" => keputusan.insert(n, false),
                _ => {
                    return teks(
                        StatusCode::BAD_REQUEST,
                        format!("Keputusan baris {n} harus 'ya' atau 'bukan'."),
                    );
                }
            };
        }
    }
    match state
        .pantau
        .simpan_rekonsiliasi(&token, &keputusan, &Pelaku::akun(&akun, &p.alamat))
        .await
    {
        Ok(id) => Redirect::to(&format!("/rekonsiliasi?tersimpan={id}")).into_response(),
        Err(DataError::Invalid(m)) => {
            kembali(&state, &format!("/rekonsiliasi/pratinjau/{token}"), &m).await
        }
        Err(DataError::NotFound(m)) => kembali(&state, "/rekonsiliasi", &m).await,
        Err(e) => galat_data(e),
    }
}

async fn kembali(state: &AppState, halaman: &str, pesan: &str) -> Response {
    match state.pantau.simpan_pesan(pesan).await {
        Ok(t) => Redirect::to(&format!("{halaman}?galat={t}")).into_response(),
        Err(e) => galat_data(e),
    }
}
