//! File endpoints of the three rooms: the "Bahan Briefing" PDF, a meeting's
//! PDF and XLSX packs, and the Inspektorat's evidence ZIP. Thin adapters
//! like [`crate::berkas`]: check the role, call one function of
//! [`data::Pantau`] (which logs the download with the file's hash), send
//! the bytes.

use crate::AppState;
use crate::berkas::{XLSX, galat_data, izinkan_unduh, teks, unduhan};
use app::keamanan::Pengunjung;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use data::inti::jejak::Pelaku;
use model::Periode;
use model::akun::Akun;
use serde::Deserialize;

type Jawaban = Result<Response, Response>;

/// `GET /briefing/bahan.pdf`: the briefing pack of the figures now.
pub async fn briefing_pdf(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
) -> Jawaban {
    let akun = izinkan_unduh(&state, &p, Akun::baca_ruang)?;
    let (nama, bytes) = state
        .pantau
        .pdf_briefing(&Pelaku::akun(&akun, &p.alamat))
        .await
        .map_err(galat_data)?;
    Ok(unduhan(bytes, "application/pdf", &nama))
}

/// `GET /rapat/{id}/paket.pdf` and `paket.xlsx`: a meeting's pack.
pub async fn rapat_paket(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    Path((id, berkas)): Path<(i64, String)>,
) -> Jawaban {
    let akun = izinkan_unduh(&state, &p, Akun::baca_ruang)?;
    let xlsx = match berkas.as_str() {
        "paket.pdf" => false,
        "paket.xlsx" => true,
        _ => {
            return Err(teks(
                StatusCode::NOT_FOUND,
                format!("Berkas '{berkas}' tidak ada: pilih paket.pdf atau paket.xlsx."),
            ));
        }
    };
    let (nama, bytes) = state
        .pantau
        .paket_rapat(id, xlsx, &Pelaku::akun(&akun, &p.alamat))
        .await
        .map_err(galat_data)?;
    let jenis = if xlsx { XLSX } else { "application/pdf" };
    Ok(unduhan(bytes, jenis, &nama))
}

#[derive(Deserialize)]
pub struct MintaBukti {
    kelurahan: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
}

#[expect(clippy::result_large_err, reason = "the error is the response itself")]
fn bulan(nama: &str, v: Option<&str>) -> Result<Periode, Response> {
    let v = v.map(str::trim).unwrap_or("");
    if v.is_empty() {
        return Err(teks(
            StatusCode::BAD_REQUEST,
            format!("Parameter '{nama}': bulan wajib diisi (TTTT-BB)."),
        ));
    }
    Periode::parse(v).map_err(|e| teks(StatusCode::BAD_REQUEST, format!("Parameter '{nama}': {e}")))
}

/// `GET /audit/bukti.zip?kelurahan=…&dari=YYYY-MM&sampai=YYYY-MM`.
pub async fn bukti_zip(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    Query(q): Query<MintaBukti>,
) -> Jawaban {
    let akun = izinkan_unduh(&state, &p, Akun::audit)?;
    let kel = q.kelurahan.as_deref().map(str::trim).unwrap_or("");
    if kel.is_empty() {
        return Err(teks(
            StatusCode::BAD_REQUEST,
            "Parameter 'kelurahan': kode kelurahan wajib diisi.",
        ));
    }
    let dari = bulan("dari", q.dari.as_deref())?;
    let sampai = bulan("sampai", q.sampai.as_deref())?;
    let (nama, bytes) = state
        .pantau
        .paket_bukti(kel, dari, sampai, &Pelaku::akun(&akun, &p.alamat))
        .await
        .map_err(galat_data)?;
    Ok(unduhan(bytes, "application/zip", &nama))
}
