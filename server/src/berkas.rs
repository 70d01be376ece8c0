//! File endpoints, plain HTTP because they carry files rather than data for
//! a page: the upload (a multipart form that works without JavaScript and
//! leads to the preview page), the XLSX templates, and the CSV/XLSX exports.
//! Each is a thin adapter over one function of [`data::Pantau`], and checks
//! the visitor's role and scope first (the security layer has already
//! checked the CSRF token of every POST). Exports are written to the audit
//! trail.

use crate::AppState;
use app::keamanan::Pengunjung;
use axum::Extension;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use data::DataError;
use data::berkas::impor::Batas;
use data::inti::jejak::Pelaku;
use data::layanan::penerimaan::Penuh;
use model::Periode;
use model::akun::Akun;
use serde::Deserialize;
use std::collections::HashMap;

/// The request body limit of the upload route: the importer's own limit
/// plus room for the form around the file, so that a file just over the
/// limit still reaches the importer and gets its message.
pub const BATAS_BODY_UNGGAH: usize = Batas::default_ukuran() + 1024 * 1024;

/// The body limit of every route that takes a file: the one table both the
/// router (`DefaultBodyLimit`, [`crate::rute_berkas`]) and the security
/// layer, which reads the body before any handler, take their limit from.
/// A file route not in this table takes only a form's body.
pub const BATAS_BODY_BERKAS: [(&str, usize); 6] = [
    ("/unggah/berkas", BATAS_BODY_UNGGAH),
    ("/target/impor", 4 * 1024 * 1024),
    (
        "/batas/berkas",
        data::inti::batas::UKURAN_MAKS + 1024 * 1024,
    ),
    (
        "/verifikasi-lapangan/catat",
        crate::lapangan::BATAS_BODY_KUNJUNGAN,
    ),
    ("/temuan/langkah", crate::temuan::BATAS_BODY_LANGKAH),
    (
        "/rekonsiliasi/unggah",
        crate::rekonsiliasi::BATAS_BODY_REKONSILIASI,
    ),
];

/// The body limit of the file route `path`, if it is one.
pub fn batas_body(path: &str) -> Option<usize> {
    BATAS_BODY_BERKAS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, n)| *n)
}

/// A plain-text answer in Bahasa with a status.
pub(crate) fn teks(status: StatusCode, pesan: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        pesan.into(),
    )
        .into_response()
}

/// The signed-in account if `boleh` allows it; else 401 or 403.
#[expect(clippy::result_large_err, reason = "the error is the response itself")]
pub(crate) fn izinkan(p: &Pengunjung, boleh: impl FnOnce(&Akun) -> bool) -> Result<Akun, Response> {
    app::keamanan::izinkan_pengunjung(Some(p), boleh).map_err(|e| {
        teks(
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN),
            e.pesan().to_string(),
        )
    })
}

/// [`izinkan`] for a download: also takes one from the account's download
/// allowance (every download is written to the audit trail, which must not
/// be floodable); past it, 429 with `Retry-After`.
#[expect(clippy::result_large_err, reason = "the error is the response itself")]
pub(crate) fn izinkan_unduh(
    state: &AppState,
    p: &Pengunjung,
    boleh: impl FnOnce(&Akun) -> bool,
) -> Result<Akun, Response> {
    let akun = izinkan(p, boleh)?;
    match state.pantau.izin_unduh(&akun.nama_pengguna) {
        Ok(()) => Ok(akun),
        Err(detik) => {
            let mut res = teks(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Terlalu banyak unduhan dalam waktu singkat (batas {} unduhan per {} menit per akun). Coba lagi dalam {} detik.",
                    data::layanan::UNDUH_MAKS,
                    data::layanan::UNDUH_JENDELA.as_secs() / 60,
                    detik
                ),
            );
            if let Ok(v) = axum::http::HeaderValue::from_str(&detik.to_string()) {
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
            Err(res)
        }
    }
}

pub(crate) fn galat_data(e: DataError) -> Response {
    match e {
        DataError::NotFound(m) => teks(StatusCode::NOT_FOUND, m),
        DataError::Invalid(m) => teks(StatusCode::BAD_REQUEST, m),
        DataError::TidakTersedia(m) => teks(StatusCode::SERVICE_UNAVAILABLE, m),
        other => {
            tracing::error!(error = %other, "file endpoint failed");
            teks(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Terjadi gangguan saat menyiapkan berkas. Silakan coba lagi; bila berulang, hubungi Dinas Koperasi.",
            )
        }
    }
}

/// A file download with a safe file name.
pub(crate) fn unduhan(bytes: Vec<u8>, content_type: &'static str, nama: &str) -> Response {
    let safe: String = nama
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The file name as the browser sent it, reduced to its last path part.
fn nama_berkas(raw: Option<&str>) -> String {
    let name = raw
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect::<String>();
    let name = name.trim().to_string();
    if name.is_empty() || name == "." || name == ".." {
        "berkas".to_string()
    } else {
        name
    }
}

/// Why a multipart form could not be read.
/// The form's limits carry the text fields read before the refusal, so a
/// form can come back with what was typed.
pub(crate) enum FormRusak {
    TerlaluBesar(HashMap<String, String>),
    /// More parts than the form may have.
    TerlaluBanyak(HashMap<String, String>),
    Rusak(String),
}

/// Parts of a multipart form read at most: every form's fields and a few
/// files, never thousands.
pub(crate) const BAGIAN_MAKS: usize = 32;

/// A multipart form read whole.
pub(crate) struct Form {
    /// The files in order: (field name, file name as sent, reduced to its
    /// last path part, bytes). A file field sent without a file is left out.
    pub berkas: Vec<(String, String, Vec<u8>)>,
    pub teks: HashMap<String, String>,
}

/// Reads a multipart form whole: every part with a file name (and the
/// field `berkas`) is a file, every other part a text field; at most
/// `maks` parts.
pub(crate) async fn baca_form_semua(form: &mut Multipart, maks: usize) -> Result<Form, FormRusak> {
    let mut out = Form {
        berkas: Vec::new(),
        teks: HashMap::new(),
    };
    let mut bagian = 0;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                bagian += 1;
                if bagian > maks {
                    return Err(FormRusak::TerlaluBanyak(out.teks));
                }
                let name = field.name().unwrap_or_default().to_string();
                let berkas = field.file_name().is_some() || name == "berkas";
                let kosong = field.file_name().unwrap_or("").is_empty();
                let nama = nama_berkas(field.file_name());
                match field.bytes().await {
                    // A form sent without choosing a file carries an empty,
                    // unnamed part.
                    Ok(bytes) if berkas && bytes.is_empty() && kosong => {}
                    Ok(bytes) if berkas => out.berkas.push((name, nama, bytes.to_vec())),
                    Ok(bytes) => {
                        out.teks
                            .insert(name, String::from_utf8_lossy(&bytes).into_owned());
                    }
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err(FormRusak::TerlaluBesar(out.teks));
                    }
                    Err(e) => {
                        return Err(FormRusak::Rusak(format!(
                            "Unggahan terputus atau rusak: {e}. Silakan unggah lagi."
                        )));
                    }
                }
            }
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(FormRusak::TerlaluBesar(out.teks));
            }
            Err(e) => {
                return Err(FormRusak::Rusak(format!(
                    "Formulir unggahan tidak dapat dibaca: {e}."
                )));
            }
        }
    }
    Ok(out)
}

/// The answer to a form of too many parts.
pub(crate) fn terlalu_banyak() -> Response {
    teks(
        StatusCode::BAD_REQUEST,
        "Formulir berisi terlalu banyak bagian.",
    )
}

/// A multipart form with one file, field `berkas`: (its name and bytes,
/// the text fields).
async fn baca_form(
    form: &mut Multipart,
) -> Result<(Option<(String, Vec<u8>)>, HashMap<String, String>), FormRusak> {
    let f = baca_form_semua(form, BAGIAN_MAKS).await?;
    let file = f
        .berkas
        .into_iter()
        .rfind(|(field, _, _)| field == "berkas")
        .map(|(_, nama, isi)| (nama, isi));
    Ok((file, f.teks))
}

/// `POST /unggah`: keeps the file and sends the browser to its preview.
pub async fn unggah(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    mut form: Multipart,
) -> Response {
    let akun = match izinkan(&p, Akun::unggah) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let file = match baca_form(&mut form).await {
        Ok((file, _)) => file,
        Err(FormRusak::TerlaluBesar(_)) => {
            return Redirect::to("/unggah?galat=besar").into_response();
        }
        Err(FormRusak::Rusak(m)) => return teks(StatusCode::BAD_REQUEST, m),
        Err(FormRusak::TerlaluBanyak(_)) => return terlalu_banyak(),
    };
    let Some((nama, bytes)) = file else {
        return Redirect::to("/unggah?galat=kosong").into_response();
    };
    match state
        .pantau
        .unggah(&nama, &bytes, &akun.nama_pengguna)
        .await
    {
        Ok(Ok(token)) => Redirect::to(&format!("/unggah/{token}")).into_response(),
        Ok(Err(Penuh::Akun)) => Redirect::to("/unggah?galat=penuh").into_response(),
        Ok(Err(Penuh::Server)) => Redirect::to("/unggah?galat=server-penuh").into_response(),
        Err(e) => galat_data(e),
    }
}

/// Sends the browser back to `halaman` with a refusal kept under a token
/// (`?galat=`), or answers 500 when even that fails.
async fn kembali_dengan_pesan(state: &AppState, halaman: &str, pesan: &str) -> Response {
    match state.pantau.simpan_pesan(pesan).await {
        Ok(token) => Redirect::to(&format!("{halaman}?galat={token}")).into_response(),
        Err(e) => galat_data(e),
    }
}

/// `POST /target/impor`: a CSV of targets (fields `berkas`, `oleh`,
/// `alasan`), all or nothing; back to `/target` with the counts or the
/// located problems.
pub async fn impor_target(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    mut form: Multipart,
) -> Response {
    let akun = match izinkan(&p, Akun::kelola_data) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let (file, f) = match baca_form(&mut form).await {
        Ok(x) => x,
        Err(FormRusak::TerlaluBesar(_)) => {
            return kembali_dengan_pesan(
                &state,
                "/target",
                "Berkas terlalu besar untuk daftar target.",
            )
            .await;
        }
        Err(FormRusak::Rusak(m)) => return teks(StatusCode::BAD_REQUEST, m),
        Err(FormRusak::TerlaluBanyak(_)) => return terlalu_banyak(),
    };
    let Some((nama, bytes)) = file else {
        return kembali_dengan_pesan(
            &state,
            "/target",
            "Pilih berkas CSV target sebelum mengimpor.",
        )
        .await;
    };
    let get = |k: &str| f.get(k).map_or("", String::as_str);
    match state
        .pantau
        .impor_target(
            &nama,
            &bytes,
            &akun.tampil(),
            get("alasan"),
            &Pelaku::akun(&akun, &p.alamat),
        )
        .await
    {
        Ok((tambah, ubah)) => {
            Redirect::to(&format!("/target?ditambah={tambah}&diubah={ubah}")).into_response()
        }
        Err(DataError::Invalid(m)) => kembali_dengan_pesan(&state, "/target", &m).await,
        Err(e) => galat_data(e),
    }
}

/// `GET /target/target.csv`: the active targets, in the import layout.
pub async fn ekspor_target(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
) -> Response {
    let akun = match izinkan_unduh(&state, &p, Akun::baca_target) {
        Ok(a) => a,
        Err(res) => return res,
    };
    match state
        .pantau
        .ekspor_target(&Pelaku::akun(&akun, &p.alamat))
        .await
    {
        Ok(csv) => unduhan(
            csv.into_bytes(),
            "text/csv; charset=utf-8",
            "target-kkmp.csv",
        ),
        Err(e) => galat_data(e),
    }
}

/// `POST /batas/berkas`: installs a GeoJSON boundary file (fields
/// `berkas`, `oleh`).
pub async fn pasang_batas(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    mut form: Multipart,
) -> Response {
    let akun = match izinkan(&p, Akun::kelola_data) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let (file, _) = match baca_form(&mut form).await {
        Ok(x) => x,
        Err(FormRusak::TerlaluBesar(_)) => {
            return kembali_dengan_pesan(
                &state,
                "/batas",
                "Berkas batas wilayah paling besar 20 MB.",
            )
            .await;
        }
        Err(FormRusak::Rusak(m)) => return teks(StatusCode::BAD_REQUEST, m),
        Err(FormRusak::TerlaluBanyak(_)) => return terlalu_banyak(),
    };
    let Some((nama, bytes)) = file else {
        return kembali_dengan_pesan(&state, "/batas", "Pilih berkas GeoJSON sebelum memasang.")
            .await;
    };
    match state
        .pantau
        .pasang_batas(
            &nama,
            &bytes,
            &akun.tampil(),
            &Pelaku::akun(&akun, &p.alamat),
        )
        .await
    {
        Ok((tingkat, n)) => {
            Redirect::to(&format!("/batas?dipasang={}&wilayah={n}", tingkat.code())).into_response()
        }
        Err(DataError::Invalid(m)) => kembali_dengan_pesan(&state, "/batas", &m).await,
        Err(e) => galat_data(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct QueryTemplat {
    pub kelurahan: Option<String>,
    /// Only for `/templat/unduh?bulan=`, the month chosen in a plain form.
    pub bulan: Option<String>,
}

/// A month from the URL; `Err` carries the message for a 400.
fn periode_dari(text: &str) -> Result<Periode, String> {
    Periode::parse(text).map_err(|e| e.to_string())
}

/// `GET /templat/<YYYY-MM>.xlsx[?kelurahan=<code>]`: the recap or one KKMP.
pub async fn templat(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    Path(file): Path<String>,
    Query(q): Query<QueryTemplat>,
) -> Response {
    if file == "unduh" {
        let bulan = q.bulan.as_deref().unwrap_or("").trim();
        return match periode_dari(bulan) {
            Ok(p) => match q
                .kelurahan
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
            {
                Some(k) => {
                    Redirect::to(&format!("/templat/{p}.xlsx?kelurahan={k}")).into_response()
                }
                None => Redirect::to(&format!("/templat/{p}.xlsx")).into_response(),
            },
            Err(m) => teks(StatusCode::BAD_REQUEST, m),
        };
    }
    let Some(bulan) = file.strip_suffix(".xlsx") else {
        return teks(StatusCode::NOT_FOUND, "Templat tersedia sebagai .xlsx.");
    };
    let periode = match periode_dari(bulan) {
        Ok(p) => p,
        Err(m) => return teks(StatusCode::BAD_REQUEST, m),
    };
    let kel = q
        .kelurahan
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty());
    let akun = match izinkan_unduh(&state, &p, |a| a.unduh_templat(kel)) {
        Ok(a) => a,
        Err(res) => return res,
    };
    match state
        .pantau
        .templat(kel, periode, &Pelaku::akun(&akun, &p.alamat))
        .await
    {
        Ok(bytes) => {
            let nama = match kel {
                Some(k) => format!("templat-laporan-kkmp-{k}-{periode}.xlsx"),
                None => format!("templat-rekap-107-kkmp-{periode}.xlsx"),
            };
            unduhan(bytes, XLSX, &nama)
        }
        Err(e) => galat_data(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct QueryEkspor {
    pub bulan: Option<String>,
    /// `semua`: include reports awaiting verification.
    pub status: Option<String>,
}

/// `GET /ekspor/laporan.csv|.xlsx[?bulan=YYYY-MM]`: current versions.
pub async fn ekspor(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    Path(file): Path<String>,
    Query(q): Query<QueryEkspor>,
) -> Response {
    // Everybody signed in, but only the rows of their scope.
    let akun = match izinkan_unduh(&state, &p, |_| true) {
        Ok(a) => a,
        Err(res) => return res,
    };
    let cakupan = akun.cakupan_ekspor();
    let xlsx = match file.as_str() {
        "laporan.csv" => false,
        "laporan.xlsx" => true,
        _ => {
            return teks(
                StatusCode::NOT_FOUND,
                "Ekspor tersedia sebagai laporan.csv atau laporan.xlsx.",
            );
        }
    };
    let periode = match q.bulan.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => match periode_dari(b) {
            Ok(p) => Some(p),
            Err(m) => return teks(StatusCode::BAD_REQUEST, m),
        },
        None => None,
    };
    let semua = q.status.as_deref().map(str::trim) == Some("semua");
    match state
        .pantau
        .ekspor(
            periode,
            xlsx,
            cakupan.as_deref(),
            semua,
            &Pelaku::akun(&akun, &p.alamat),
        )
        .await
    {
        Ok(bytes) => {
            let suffix = periode.map_or("semua".to_string(), |p| p.to_string());
            if xlsx {
                unduhan(bytes, XLSX, &format!("laporan-kkmp-{suffix}.xlsx"))
            } else {
                unduhan(
                    bytes,
                    "text/csv; charset=utf-8",
                    &format!("laporan-kkmp-{suffix}.csv"),
                )
            }
        }
        Err(e) => galat_data(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_lose_their_paths() {
        assert_eq!(nama_berkas(Some("../../etc/passwd")), "passwd");
        assert_eq!(
            nama_berkas(Some("C:\\Users\\ani\\rekap okt.xlsx")),
            "rekap okt.xlsx"
        );
        assert_eq!(nama_berkas(Some("..")), "berkas");
        assert_eq!(nama_berkas(Some("a\u{0}b\nc.csv")), "abc.csv");
        assert_eq!(nama_berkas(None), "berkas");
    }
}
