//! The field verification visits' file endpoints: `POST
//! /verifikasi-lapangan/catat` (the visit form with its photos, multipart,
//! so it works from a phone without JavaScript) and `GET
//! /verifikasi-lapangan/foto/{id}` (a stored photo, for whoever reads its
//! kecamatan). Both check role and scope first; the security layer has
//! checked the form's CSRF token and its body limit.

use crate::AppState;
use crate::berkas::{galat_data, izinkan, teks};
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

/// The body limit of the visit form: its photos at their largest, and
/// room for the fields.
pub const BATAS_BODY_KUNJUNGAN: usize = FOTO_MAKS * UKURAN_FOTO_MAKS + 1024 * 1024;

/// Photos read from the database at once (see [`foto`]).
pub const FOTO_SERENTAK: usize = 8;

/// Parts of a form read at most: the fields and a few photos more than
/// allowed (so the message can say how many came), never thousands.
const BAGIAN_MAKS: usize = 32;

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
    let mut teks_form: Vec<(String, String)> = Vec::new();
    let mut foto: Vec<(String, Vec<u8>)> = Vec::new();
    let mut bagian = 0;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                bagian += 1;
                if bagian > BAGIAN_MAKS {
                    return kembali(
                        &state,
                        &format!("Formulir berisi lebih dari {BAGIAN_MAKS} bagian; kirim paling banyak {FOTO_MAKS} foto."),
                        &teks_form,
                    )
                    .await;
                }
                let name = field.name().unwrap_or_default().to_string();
                let nama_berkas = field.file_name().map(|n| {
                    n.rsplit(['/', '\\'])
                        .next()
                        .unwrap_or("")
                        .chars()
                        .filter(|c| !c.is_control())
                        .take(120)
                        .collect::<String>()
                });
                match field.bytes().await {
                    Ok(b) if name == "foto" => {
                        // A form sent without choosing a photo carries an
                        // empty, unnamed part.
                        if !(b.is_empty() && nama_berkas.as_deref().unwrap_or("").is_empty()) {
                            foto.push((nama_berkas.unwrap_or_else(|| "foto".into()), b.to_vec()));
                        }
                    }
                    Ok(b) if name != "csrf" && b.len() <= 64 * 1024 => {
                        teks_form.push((name, String::from_utf8_lossy(&b).into_owned()));
                    }
                    Ok(_) => {}
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return terlalu_besar(&state, &teks_form).await;
                    }
                    Err(e) => {
                        return teks(
                            StatusCode::BAD_REQUEST,
                            format!("Kiriman terputus atau rusak: {e}. Silakan kirim lagi."),
                        );
                    }
                }
            }
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return terlalu_besar(&state, &teks_form).await;
            }
            Err(e) => {
                return teks(
                    StatusCode::BAD_REQUEST,
                    format!("Formulir kunjungan tidak dapat dibaca: {e}."),
                );
            }
        }
    }
    let get = |k: &str| {
        teks_form
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let k = KunjunganBaru {
        kelurahan_code: get("kelurahan_code"),
        tanggal: get("tanggal"),
        petugas: get("petugas"),
        temuan: TONGGAK_LAPANGAN
            .iter()
            .filter(|(kode, _, _)| teks_form.iter().any(|(n, _)| n == kode))
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

async fn terlalu_besar(state: &AppState, teks_form: &[(String, String)]) -> Response {
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
async fn kembali(state: &AppState, pesan: &str, teks_form: &[(String, String)]) -> Response {
    let token = match state.pantau.simpan_pesan(pesan).await {
        Ok(t) => t,
        Err(e) => return galat_data(e),
    };
    let mut url = url_form(&[("galat", token.as_str())]);
    let kunci: Vec<(&str, &str)> = teks_form
        .iter()
        .filter(|(n, _)| ISIAN.contains(&n.as_str()) || TONGGAK_LAPANGAN.iter().any(|t| t.0 == n))
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
