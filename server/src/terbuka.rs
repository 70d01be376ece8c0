//! `/data-terbuka/{berkas}`: the open data's files, for anyone, without an
//! account (issue 18). Read-only, from [`data::Pantau::data_terbuka`]
//! (made once per change of the accepted data); per client address at most
//! [`Terbuka::per_menit`] requests a minute (429 with `Retry-After`
//! beyond); an unchanged file answers `If-None-Match` with 304; shared
//! caches may keep a file five minutes; a client that takes gzip gets the
//! file compressed once per version, not once per request.

use crate::AppState;
use app::keamanan::Pengunjung;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The open data's settings and allowance.
pub struct Terbuka {
    /// The app's public address, for the links inside the files.
    pub url: String,
    pub per_menit: usize,
    jatah: data::layanan::jatah::Jatah,
    /// Each file version compressed once, by its ETag.
    gzip: std::sync::Mutex<std::collections::HashMap<String, axum::body::Bytes>>,
}

/// Compressed versions kept before the oldest are dropped (seven files,
/// two versions of each).
const GZIP_MAKS: usize = 14;

impl Terbuka {
    pub fn baru(url: &str, per_menit: usize) -> Terbuka {
        Terbuka {
            url: url.trim_end_matches('/').to_string(),
            per_menit,
            jatah: data::layanan::jatah::Jatah::baru(
                per_menit.max(1),
                std::time::Duration::from_secs(60),
            ),
            gzip: Default::default(),
        }
    }

    /// `f` gzip-compressed, made once per version.
    fn gzip(&self, f: &data::layanan::terbuka::Berkas) -> axum::body::Bytes {
        if let Ok(peta) = self.gzip.lock()
            && let Some(b) = peta.get(&f.etag)
        {
            return b.clone();
        }
        let b = crate::cache::gzip(&f.isi);
        if let Ok(mut peta) = self.gzip.lock() {
            if peta.len() >= GZIP_MAKS {
                peta.clear();
            }
            peta.insert(f.etag.clone(), b.clone());
        }
        b
    }
}

/// Requests a minute per address when not configured
/// (`PANTAU_DATA_TERBUKA_PER_MENIT`).
pub const PER_MENIT: usize = 120;

fn teks(status: StatusCode, pesan: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        pesan,
    )
        .into_response()
}

pub async fn berkas(
    State(state): State<AppState>,
    Extension(p): Extension<Pengunjung>,
    Path(nama): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(tunggu) = state.terbuka.jatah.ambil(&p.alamat) {
        let detik = tunggu.as_secs().max(1);
        let mut r = teks(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Terlalu banyak permintaan data terbuka dari alamat ini (paling banyak {} per menit). \
                 Coba lagi dalam {detik} detik.",
                state.terbuka.per_menit
            ),
        );
        if let Ok(v) = HeaderValue::from_str(&detik.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    let semua = match state.pantau.data_terbuka(&state.terbuka.url).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "open data failed");
            return teks(
                StatusCode::SERVICE_UNAVAILABLE,
                "Data terbuka sedang tidak dapat disiapkan. Coba lagi nanti.".into(),
            );
        }
    };
    let Some(f) = semua.cari(&nama) else {
        let ada: Vec<&str> = semua.berkas.iter().map(|f| f.nama).collect();
        return teks(
            StatusCode::NOT_FOUND,
            format!(
                "Berkas data terbuka '{}' tidak ada. Yang tersedia: {}.",
                data::inti::teks::potong(&nama, 60),
                ada.join(", ")
            ),
        );
    };
    // A strong ETag per representation: the compressed one is another.
    let gz = crate::cache::terima_gzip(&headers);
    let etag = if gz {
        format!("{}-gz\"", f.etag.trim_end_matches('"'))
    } else {
        f.etag.clone()
    };
    let sama = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut h = HeaderMap::new();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if sama {
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(f.jenis));
    if gz {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        return (StatusCode::OK, h, state.terbuka.gzip(f)).into_response();
    }
    (StatusCode::OK, h, f.isi.clone()).into_response()
}
