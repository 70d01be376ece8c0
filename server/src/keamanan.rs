//! The security layer every request passes through, before any handler:
//!
//! - **Who**: the `pantau_sesi` cookie is looked up in the shared session
//!   table; the result (or nobody) goes into the request as an
//!   [`app::keamanan::Pengunjung`], read by every server function and file
//!   endpoint, which then check role and scope themselves.
//! - **CSRF**: every request that is not GET/HEAD/OPTIONS must carry the
//!   visitor's token — the session's, or for a visitor not signed in the
//!   token of the `pantau_csrf` cookie (double submit, for the sign-in form)
//!   — in the `x-csrf-token` header, or as the form field `csrf` of a
//!   url-encoded or multipart body. An `Origin` header, when sent, must be
//!   this site. Refused: 403, nothing runs.
//! - **Headers**: a Content-Security-Policy that allows the page head's
//!   inline scripts by hash (`crate::cache::csp_html`), `frame-ancestors
//!   'none'`, and `no-store` for pages and data.
//! - **Page cache**: a signed-in visitor's city and kecamatan pages are
//!   served from `crate::cache` while the data revision is unchanged.

use crate::AppState;
use app::keamanan::{COOKIE_CSRF, COOKIE_PERANGKAT, COOKIE_SESI, Pengunjung};
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, Multipart, State};
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use data::inti::sandi::sama;
use data::inti::sandi::token_baru;
use data::inti::sandi::token_sah;
use std::net::SocketAddr;

/// Settings of the layer, from the configuration.
#[derive(Clone, Copy, Debug, Default)]
pub struct Keamanan {
    /// Cookies get `Secure` and responses HSTS (`PANTAU_COOKIE_AMAN`).
    pub cookie_aman: bool,
    /// Take the client address from `X-Forwarded-For` (`PANTAU_PROXY_TEPERCAYA`):
    /// only behind a proxy that sets it.
    pub percaya_proxy: bool,
}

pub const HEADER_CSRF: &str = "x-csrf-token";
pub const FIELD_CSRF: &str = "csrf";

/// A visitor not signed in only ever sends the sign-in form.
const BODY_ANONIM_MAKS: usize = 64 * 1024;

/// Cookie `name`'s value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(::cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

fn alamat(req: &Request<Body>, percaya_proxy: bool) -> String {
    if percaya_proxy
        && let Some(xff) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
        && let Some(last) = xff.rsplit(',').next().map(str::trim)
        && last.parse::<std::net::IpAddr>().is_ok()
    {
        return last.to_string();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "tidak-diketahui".into())
}

/// Warns once, loudly, when requests carry forwarding headers although
/// `PANTAU_PROXY_TEPERCAYA` is off: behind a reverse proxy every visitor
/// then has the proxy's address, and the per-address sign-in throttle
/// holds back the whole city together (known devices still pass).
fn peringatan_proxy(headers: &HeaderMap) {
    static SUDAH: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if (headers.contains_key("x-forwarded-for") || headers.contains_key(header::FORWARDED))
        && !SUDAH.swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        tracing::warn!(
            "requests arrive with X-Forwarded-For/Forwarded but PANTAU_PROXY_TEPERCAYA is not set: \
             every visitor is counted as the proxy's address for sign-in throttling. Behind a \
             reverse proxy that sets X-Forwarded-For, set PANTAU_PROXY_TEPERCAYA=true; otherwise \
             the header is ignored, as it should be."
        );
    }
}

fn ditolak(status: StatusCode, pesan: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        pesan.to_string(),
    )
        .into_response()
}

/// The largest body of any other request (forms, server functions).
const BODY_FORM_MAKS: usize = crate::BODY_FORM_MAKS;

/// The request's CSRF token: the header, or the `csrf` field of a
/// url-encoded or multipart body. The body is read whole here and handed on
/// unchanged; larger than its limit is refused with 413 before any handler
/// runs. Limits: a file to a file route by a signed-in account
/// its route's limit ([`crate::berkas::BATAS_BODY_BERKAS`]), anything else
/// signed in [`BODY_FORM_MAKS`], not signed in
/// [`BODY_ANONIM_MAKS`].
async fn token_permintaan(
    req: Request<Body>,
    masuk: bool,
) -> Result<(Option<String>, Request<Body>), Response> {
    // As sent: a multipart boundary is case-sensitive.
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let jenis = ct.to_ascii_lowercase();
    let form = jenis.starts_with("application/x-www-form-urlencoded");
    let multipart = jenis.starts_with("multipart/form-data");
    let header_token = req
        .headers()
        .get(HEADER_CSRF)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (parts, body) = req.into_parts();
    let maks = match (
        masuk,
        multipart,
        crate::berkas::batas_body(parts.uri.path()),
    ) {
        (false, _, _) => BODY_ANONIM_MAKS,
        (true, true, Some(n)) => n,
        (true, _, _) => BODY_FORM_MAKS,
    };
    // A declared length over the limit is refused before a byte is read.
    let panjang = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if panjang.is_some_and(|n| n > maks as u64) {
        return Err(ditolak(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Permintaan terlalu besar untuk diterima.",
        ));
    }
    let bytes = axum::body::to_bytes(body, maks).await.map_err(|_| {
        ditolak(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Permintaan terlalu besar untuk diterima.",
        )
    })?;
    let token = if header_token.is_some() {
        header_token
    } else if form {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|kv| {
                kv.into_iter()
                    .find(|(k, _)| k == FIELD_CSRF)
                    .map(|(_, v)| v)
            })
    } else if multipart {
        let copy = Request::builder()
            .header(header::CONTENT_TYPE, ct.as_str())
            .body(Body::from(bytes.clone()))
            .map_err(|_| ditolak(StatusCode::BAD_REQUEST, "Permintaan tidak sah."))?;
        let mut token = None;
        if let Ok(mut mp) = Multipart::from_request(copy, &()).await {
            while let Ok(Some(field)) = mp.next_field().await {
                if field.name() == Some(FIELD_CSRF) {
                    token = field.text().await.ok();
                    break;
                }
            }
        }
        token
    } else {
        None
    };
    Ok((token, Request::from_parts(parts, Body::from(bytes))))
}

/// Whether an `Origin` header (when sent) names this host.
fn asal_sah(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

/// Paths that never need a session: the built site's files.
fn statis(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path == "/favicon.svg"
        || path == "/healthz"
        // The open data: public, cacheable, no session and no cookie.
        || path.starts_with("/data-terbuka/")
}

/// The layer itself (`axum::middleware::from_fn_with_state`).
pub async fn lapisan(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let k = state.keamanan;
    let path = req.uri().path().to_string();
    let alamat = alamat(&req, k.percaya_proxy);
    if !k.percaya_proxy {
        peringatan_proxy(req.headers());
    }
    let perangkat = cookie(req.headers(), COOKIE_PERANGKAT).filter(|t| token_sah(t));
    let sesi = match cookie(req.headers(), COOKIE_SESI) {
        Some(t) if !statis(&path) => match state.pantau.sesi(&t).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return ditolak(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Terjadi gangguan pada server. Silakan coba lagi.",
                );
            }
        },
        _ => None,
    };
    let mut cookie_baru = None;
    let csrf = match &sesi {
        Some(s) => s.csrf.clone(),
        None => match cookie(req.headers(), COOKIE_CSRF).filter(|t| token_sah(t)) {
            Some(t) => t,
            None => {
                let t = token_baru();
                cookie_baru = Some(t.clone());
                t
            }
        },
    };
    let mut req = req;
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        if !asal_sah(req.headers()) {
            return ditolak(
                StatusCode::FORBIDDEN,
                "Permintaan dari situs lain ditolak (Origin tidak cocok).",
            );
        }
        let (token, r) = match token_permintaan(req, sesi.is_some()).await {
            Ok(x) => x,
            Err(res) => return res,
        };
        if !token.is_some_and(|t| sama(&t, &csrf)) {
            tracing::warn!(path, alamat, "CSRF token missing or wrong");
            return ditolak(
                StatusCode::FORBIDDEN,
                "Token keamanan (CSRF) tidak ada atau tidak cocok. Muat ulang halaman, lalu kirim lagi.",
            );
        }
        req = r;
    }
    let pengunjung = Pengunjung {
        sesi,
        csrf,
        alamat,
        cookie_aman: k.cookie_aman,
        perangkat,
    };
    let kunci = crate::cache::kunci(&req, &pengunjung);
    req.extensions_mut().insert(pengunjung);
    let mut res = match kunci {
        Some(kunci) => crate::cache::layani(&state.halaman, &state.pantau, kunci, req, next).await,
        None => crate::cache::dengan_csp(next.run(req).await).await,
    };
    let h = res.headers_mut();
    if !statis(&path) && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    if k.cookie_aman {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if let Some(t) = cookie_baru
        && !statis(&path)
        && let Ok(v) =
            HeaderValue::from_str(&app::keamanan::cookie_ketat(COOKIE_CSRF, &t, k.cookie_aman))
    {
        h.append(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; pantau_sesi=abc ; b=2"),
        );
        assert_eq!(cookie(&h, "pantau_sesi").as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn origin_must_be_this_host() {
        let mut h = HeaderMap::new();
        h.insert(
            header::HOST,
            HeaderValue::from_static("kkmp.palembang.go.id"),
        );
        assert!(asal_sah(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://kkmp.palembang.go.id"),
        );
        assert!(asal_sah(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!asal_sah(&h));
    }
}
