//! The page cache, and the Content-Security-Policy of every response.
//!
//! **Why a page cache.** The figures of the city and kecamatan pages are
//! cached per data revision in `Pantau`, but rendering and compressing the
//! city page (about 190 KB of HTML) still cost ~3.7 ms of CPU per request:
//! one server on two cores served ~530 requests/s. These pages are a pure
//! function of the data revision, the address (path and query) and the
//! visitor, so their finished HTML is kept here, gzip-compressed once, and
//! a repeat view costs the session lookup, one revision query and a copy.
//!
//! **Per session, per revision.** A page carries its visitor's name,
//! navigation, scope and CSRF token, so an entry is keyed by the session
//! (its stored id, the hash of its token), the account as looked up for
//! this very request (a role or scope changed by an admin is another key),
//! the WIB date and the address; it is served only while the data revision
//! it was rendered at is still current (every write bumps it, in the
//! write's transaction): for a page of the default, accepted-only view the
//! revision's `diterima` number, which submissions do not move
//! ([`data::layanan::Revisi`]). An entry is never served to another session.
//! Only complete `200` HTML pages without cookies are kept; at most
//! [`ENTRI_MAKS`] entries, a full cache dropping entries of older revisions
//! first, then the oldest.
//!
//! **A policy without a nonce.** A page served twice cannot carry a
//! per-response nonce, so every HTML page allows its inline scripts by
//! their SHA-256 ([`csp_html`]): the inline scripts of the document's
//! `<head>`, which Leptos writes (the hydration loader) and which holds no
//! visitor content but the escaped title; and in the body only Leptos'
//! bootstrap lines, scripts that do nothing but set globals to empty arrays
//! (`__RESOLVED_RESOURCES=[];…`), recognised by their form. Any other
//! inline script — one injected into the page included — is not allowed:
//! hashing whatever the body holds would allow an injected script too.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Entries kept at most (a few per active session; ~40 KB each).
pub const ENTRI_MAKS: usize = 512;
/// The largest HTML response the policy reads whole (pages are ≤ 1 MB).
const HTML_MAKS: usize = 32 * 1024 * 1024;
/// The largest compressed page kept.
const GZIP_MAKS: usize = 1024 * 1024;

/// The policy's parts around the script sources.
const CSP_AWAL: &str = "default-src 'self'; script-src 'self'";
const CSP_AKHIR: &str = " 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// One finished page.
struct Entri {
    /// The revision it was rendered at, and which of its numbers it stays
    /// valid for ([`data::layanan::Revisi::kunci`]).
    revisi: data::layanan::Revisi,
    semua: bool,
    /// The response's headers as rendered (content type and any other the
    /// page set), without length or encoding.
    header: HeaderMap,
    gzip: Bytes,
    csp: HeaderValue,
    /// Insertion order, for dropping the oldest.
    urutan: u64,
}

impl Entri {
    /// Whether the page may still be served when the data is at `kini`.
    fn berlaku(&self, kini: &data::layanan::Revisi) -> bool {
        self.revisi.kunci(self.semua) == kini.kunci(self.semua)
    }

    fn jawaban(&self) -> Response {
        let mut res = Response::new(Body::from(self.gzip.clone()));
        *res.headers_mut() = self.header.clone();
        let h = res.headers_mut();
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(self.gzip.len()));
        h.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        res
    }
}

/// The cache of finished pages (one per server process).
#[derive(Default)]
pub struct CacheHalaman {
    peta: Mutex<HashMap<String, Arc<Entri>>>,
    urutan: AtomicU64,
    kena: AtomicU64,
    luput: AtomicU64,
}

impl CacheHalaman {
    /// (hits, misses) since start.
    pub fn statistik(&self) -> (u64, u64) {
        (
            self.kena.load(Ordering::Relaxed),
            self.luput.load(Ordering::Relaxed),
        )
    }

    /// Entries held now.
    pub fn jumlah(&self) -> usize {
        self.peta.lock().map(|p| p.len()).unwrap_or(0)
    }

    fn ambil(&self, kunci: &str, revisi: &data::layanan::Revisi) -> Option<Arc<Entri>> {
        let peta = self.peta.lock().ok()?;
        peta.get(kunci).filter(|e| e.berlaku(revisi)).cloned()
    }

    fn simpan(&self, kunci: String, entri: Arc<Entri>) {
        let Ok(mut peta) = self.peta.lock() else {
            return;
        };
        if peta.len() >= ENTRI_MAKS && !peta.contains_key(&kunci) {
            let revisi = entri.revisi;
            peta.retain(|_, e| e.berlaku(&revisi));
            if peta.len() >= ENTRI_MAKS
                && let Some(tertua) = peta
                    .iter()
                    .min_by_key(|(_, e)| e.urutan)
                    .map(|(k, _)| k.clone())
            {
                peta.remove(&tertua);
            }
        }
        peta.insert(kunci, entri);
    }
}

/// Whether the request's path is a page this cache keeps: the city page
/// and a kecamatan page (their figures come from `Pantau`'s revision-keyed
/// caches; the pages write nothing).
fn halaman_tersimpan(path: &str) -> bool {
    path == "/"
        || path
            .strip_prefix("/kecamatan/")
            .is_some_and(|kode| !kode.is_empty() && !kode.contains('/'))
}

/// Whether the client takes gzip (`Accept-Encoding`, not `q=0`).
pub(crate) fn terima_gzip(h: &HeaderMap) -> bool {
    h.get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| {
            let mut bagian = e.split(';').map(str::trim);
            let nama = bagian.next().unwrap_or("");
            (nama.eq_ignore_ascii_case("gzip") || nama == "*")
                && !bagian.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                })
        })
}

/// Whether a page's address asks for every latest version (the
/// `status=semua` view), whose figures move with every report sent; the
/// default view shows accepted reports only and stays valid across
/// submissions. Decided on the safe side: any query naming `status`, or
/// written with a percent escape that might spell it, counts as that view.
fn lihat_semua(query: Option<&str>) -> bool {
    query.is_some_and(|q| q.contains("status") || q.contains('%'))
}

/// The request's cache key, when its page may be served from the cache.
pub fn kunci(req: &Request<Body>, p: &app::keamanan::Pengunjung) -> Option<String> {
    let sesi = p.sesi.as_ref()?;
    if req.method() != axum::http::Method::GET
        || !halaman_tersimpan(req.uri().path())
        || !terima_gzip(req.headers())
    {
        return None;
    }
    Some(format!(
        "{}\n{:?}\n{}\n{}",
        sesi.id,
        sesi.akun,
        data::inti::waktu::hari_ini(),
        req.uri().path_and_query().map_or("/", |pq| pq.as_str()),
    ))
}

/// Serves the page of `kunci` from the cache, or renders it (`next`) and
/// keeps it. When the revision cannot be read the page is rendered and not
/// kept.
pub async fn layani(
    cache: &CacheHalaman,
    pantau: &data::Pantau,
    kunci: String,
    req: Request<Body>,
    next: Next,
) -> Response {
    let semua = lihat_semua(req.uri().query());
    let revisi = match pantau.revisi_lengkap().await {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::warn!(error = %e, "page cache: revision unreadable, rendering uncached");
            None
        }
    };
    if let Some(r) = revisi
        && let Some(e) = cache.ambil(&kunci, &r)
    {
        cache.kena.fetch_add(1, Ordering::Relaxed);
        return e.jawaban();
    }
    let res = next.run(req).await;
    let layak = res.status() == StatusCode::OK
        && html(res.headers())
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING);
    let Some(revisi) = revisi.filter(|_| layak) else {
        return dengan_csp(res).await;
    };
    cache.luput.fetch_add(1, Ordering::Relaxed);
    let (mut parts, isi) = match baca_html(res).await {
        Ok(x) => x,
        Err(res) => return res,
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    let entri = Arc::new(Entri {
        revisi,
        semua,
        header: parts.headers,
        gzip: gzip(&isi),
        csp: csp_html(&isi),
        urutan: cache.urutan.fetch_add(1, Ordering::Relaxed),
    });
    if entri.gzip.len() <= GZIP_MAKS {
        cache.simpan(kunci, entri.clone());
    }
    entri.jawaban()
}

/// Sets the response's Content-Security-Policy (unless the handler did):
/// an HTML page's allows its own inline scripts ([`skrip_diizinkan`]) by
/// hash; any other response's allows no inline script.
pub async fn dengan_csp(mut res: Response) -> Response {
    if res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        return res;
    }
    if !html(res.headers()) || res.headers().contains_key(header::CONTENT_ENCODING) {
        // No document to read: no script allowed.
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp_html(b""));
        return res;
    }
    let (mut parts, isi) = match baca_html(res).await {
        Ok(x) => x,
        Err(res) => return res,
    };
    parts
        .headers
        .insert(header::CONTENT_SECURITY_POLICY, csp_html(&isi));
    Response::from_parts(parts, Body::from(isi))
}

/// The whole body of an HTML response (at most [`HTML_MAKS`]), or the 500
/// to answer when it cannot be read.
async fn baca_html(res: Response) -> Result<(axum::http::response::Parts, Bytes), Response> {
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, HTML_MAKS).await {
        Ok(isi) => Ok((parts, isi)),
        Err(e) => {
            tracing::error!(error = %e, "page body could not be read");
            Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Terjadi gangguan pada server. Silakan coba lagi.",
            )
                .into_response())
        }
    }
}

fn html(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
}

/// `isi` compressed with gzip at the default level (once per cached page,
/// so the bytes count more than the CPU).
pub(crate) fn gzip(isi: &[u8]) -> Bytes {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(isi.len() / 4),
        flate2::Compression::default(),
    );
    enc.write_all(isi)
        .and_then(|()| enc.finish())
        .map(Bytes::from)
        .expect("gzip into memory")
}

/// The inline scripts of an HTML document (content as written), each with
/// whether it stands in the `<head>`.
fn skrip_inline(html: &[u8]) -> Vec<(bool, &[u8])> {
    let kepala_akhir = cari(html, b"</head>").unwrap_or(0);
    let mut skrip = Vec::new();
    let mut pos = 0;
    while let Some(i) = cari(&html[pos..], b"<script") {
        let awal = pos + i;
        let rest = &html[awal + b"<script".len()..];
        let Some(tutup_tag) = rest.iter().position(|&b| b == b'>') else {
            break;
        };
        let tag = &rest[..tutup_tag];
        let isi_awal = awal + b"<script".len() + tutup_tag + 1;
        let Some(akhir) = cari(&html[isi_awal..], b"</script>") else {
            break;
        };
        if cari(tag, b"src=").is_none() {
            skrip.push((awal < kepala_akhir, &html[isi_awal..isi_awal + akhir]));
        }
        pos = isi_awal + akhir + b"</script>".len();
    }
    skrip
}

/// Leptos' bootstrap line at the end of a body: only `__NAME=[];`
/// statements (globals set to empty arrays), which can do nothing else.
fn bootstrap_leptos(isi: &[u8]) -> bool {
    !isi.is_empty()
        && isi.split_inclusive(|&b| b == b';').all(|stmt| {
            stmt.strip_prefix(b"__")
                .and_then(|s| s.strip_suffix(b"=[];"))
                .is_some_and(|nama| {
                    !nama.is_empty() && nama.iter().all(|&b| b.is_ascii_uppercase() || b == b'_')
                })
        })
}

/// The inline scripts the page's policy allows: the head's, and the
/// body's Leptos bootstrap lines.
pub fn skrip_diizinkan(html: &[u8]) -> Vec<&[u8]> {
    skrip_inline(html)
        .into_iter()
        .filter(|(kepala, isi)| *kepala || bootstrap_leptos(isi))
        .map(|(_, isi)| isi)
        .collect()
}

/// The policy of an HTML page: its allowed inline scripts
/// ([`skrip_diizinkan`]) by SHA-256, each once.
pub fn csp_html(html: &[u8]) -> HeaderValue {
    let mut sumber = String::new();
    let mut skrip = skrip_diizinkan(html);
    skrip.sort_unstable();
    skrip.dedup();
    for s in skrip {
        let digest = data::inti::sandi::sha256(s);
        sumber.push_str(" 'sha256-");
        sumber.push_str(&base64::engine::general_purpose::STANDARD.encode(digest));
        sumber.push('\'');
    }
    HeaderValue::from_str(&format!("{CSP_AWAL}{sumber}{CSP_AKHIR}"))
        .expect("base64 and the fixed policy are header values")
}

fn cari(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_heads_scripts_and_leptos_bootstrap_are_allowed() {
        let html = b"<html><head><script src=\"/pkg/a.js\"></script>\
            <script type=\"module\">import('/pkg/a.js')</script><title>x</title></head>\
            <body><p title=\"<script>alert(2)</script>\"></p><script>alert(1)</script>\
            <script>__RESOLVED_RESOURCES=[];__PENDING_RESOURCES=[];</script>\
            <script>__X=[];alert(3);</script><script>__INCOMPLETE_CHUNKS=[];</script></body></html>";
        let s = skrip_diizinkan(html);
        assert_eq!(
            s,
            vec![
                &b"import('/pkg/a.js')"[..],
                &b"__RESOLVED_RESOURCES=[];__PENDING_RESOURCES=[];"[..],
                &b"__INCOMPLETE_CHUNKS=[];"[..],
            ]
        );
        let csp = csp_html(html);
        let csp = csp.to_str().unwrap();
        for isi in s {
            let digest =
                base64::engine::general_purpose::STANDARD.encode(data::inti::sandi::sha256(isi));
            assert!(csp.contains(&format!("'sha256-{digest}'")), "{csp}");
        }
        assert_eq!(csp.matches("'sha256-").count(), 3, "{csp}");
        let script_src = csp.split(';').find(|d| d.contains("script-src")).unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        // No head: nothing but bootstrap lines allowed.
        assert!(skrip_diizinkan(b"<body><script>x</script></body>").is_empty());
        assert!(!bootstrap_leptos(b""));
        assert!(!bootstrap_leptos(b"__A=[1];"));
        assert!(!bootstrap_leptos(b"__a=[];"));
        assert!(!bootstrap_leptos(b"__A=[];x"));
    }

    #[test]
    fn gzip_is_recognised_in_accept_encoding() {
        let mut h = HeaderMap::new();
        assert!(!terima_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br"),
        );
        assert!(terima_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br;q=1.0, gzip;q=0"),
        );
        assert!(!terima_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("identity"),
        );
        assert!(!terima_gzip(&h));
    }

    #[test]
    fn only_the_city_and_kecamatan_pages_are_kept() {
        assert!(halaman_tersimpan("/"));
        assert!(halaman_tersimpan("/kecamatan/16.71.07"));
        assert!(!halaman_tersimpan("/kecamatan/"));
        assert!(!halaman_tersimpan("/kecamatan/16.71.07/x"));
        assert!(!halaman_tersimpan("/kkmp/16.71.07.1001"));
        assert!(!halaman_tersimpan("/jejak"));
    }

    fn r(nomor: i64, diterima: i64) -> data::layanan::Revisi {
        data::layanan::Revisi {
            nomor,
            diterima,
            demo: false,
        }
    }

    fn entri(revisi: data::layanan::Revisi, semua: bool, urutan: u64) -> Arc<Entri> {
        Arc::new(Entri {
            revisi,
            semua,
            header: HeaderMap::new(),
            gzip: Bytes::new(),
            csp: HeaderValue::from_static("x"),
            urutan,
        })
    }

    #[test]
    fn a_full_cache_drops_old_revisions_then_the_oldest() {
        let c = CacheHalaman::default();
        let e = |n, urutan| entri(r(n, n), false, urutan);
        for i in 0..ENTRI_MAKS as u64 {
            c.simpan(format!("k{i}"), e(if i < 10 { 1 } else { 2 }, i));
        }
        assert_eq!(c.jumlah(), ENTRI_MAKS);
        c.simpan("baru".into(), e(2, 10_000));
        assert_eq!(c.jumlah(), ENTRI_MAKS - 10 + 1, "revision 1 dropped");
        assert!(c.ambil("k0", &r(1, 1)).is_none() && c.ambil("k10", &r(2, 2)).is_some());
        for i in 0..9 {
            c.simpan(format!("lagi{i}"), e(2, 20_000 + i));
        }
        assert_eq!(c.jumlah(), ENTRI_MAKS);
        c.simpan("penuh".into(), e(2, 30_000));
        assert_eq!(c.jumlah(), ENTRI_MAKS);
        assert!(c.ambil("k10", &r(2, 2)).is_none(), "the oldest dropped");
        assert!(c.ambil("penuh", &r(2, 2)).is_some());
        // A stale revision is a miss.
        assert!(c.ambil("penuh", &r(3, 3)).is_none());
    }

    #[test]
    fn an_accepted_only_page_outlives_a_submission_and_the_full_view_does_not() {
        let c = CacheHalaman::default();
        c.simpan("diterima".into(), entri(r(5, 2), false, 0));
        c.simpan("semua".into(), entri(r(5, 2), true, 1));
        // A report sent: `nomor` moves alone.
        assert!(c.ambil("diterima", &r(6, 2)).is_some());
        assert!(c.ambil("semua", &r(6, 2)).is_none());
        // An acceptance moves both.
        assert!(c.ambil("diterima", &r(7, 3)).is_none());
    }

    #[test]
    fn the_full_view_is_recognised_on_the_safe_side() {
        assert!(!lihat_semua(None));
        assert!(!lihat_semua(Some("bulan=2025-09&indikator=gerai")));
        assert!(lihat_semua(Some("status=semua")));
        assert!(lihat_semua(Some("bulan=2025-09&status=+semua")));
        assert!(lihat_semua(Some("st%61tus=semua")));
        // Not the view, but named: kept under the stricter number, never wrong.
        assert!(lihat_semua(Some("status=diterima")));
    }
}
