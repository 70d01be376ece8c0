//! The server: configuration, startup, the axum router around the Leptos
//! app, and the command line. HTTP handlers here are thin; all data work is
//! in the `data` crate, all pages in `app`.

pub mod berkas;
pub mod cache;
pub mod cli;
pub mod config;
pub mod keamanan;
pub mod lapangan;
pub mod paket;
pub mod rekonsiliasi;
pub mod temuan;
pub mod terbuka;

use app::{App, shell};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::{HeaderName, HeaderValue};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Json, Router};
use data::Pantau;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The output name cargo-leptos gives the wasm, JS and CSS files
/// (`[[workspace.metadata.leptos]] name`).
pub const OUTPUT_NAME: &str = "pantau-kkmp";

/// Everything a request handler may need.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pantau: Arc<Pantau>,
    pub keamanan: keamanan::Keamanan,
    /// Finished city and kecamatan pages ([`cache`]).
    pub halaman: Arc<cache::CacheHalaman>,
    /// The open data's address and allowance ([`terbuka`]).
    pub terbuka: Arc<terbuka::Terbuka>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Leptos options for a site built into `site_root`.
pub fn leptos_options(site_root: &str, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(leptos::config::Env::PROD)
        .build()
}

/// The app's page routes. Generated once per process: while Leptos
/// generates the route list it suppresses resource loading process-wide, so
/// a page rendering at that moment (another router in the same process, as
/// in the tests) would wait forever (leptos-rs/leptos#4773).
pub fn rute() -> &'static [leptos_axum::AxumRouteListing] {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App))
}

/// The plain HTTP routes beside the pages and server functions: the health
/// check and the file endpoints, each with its body limit. The router
/// registers exactly these, and the access-matrix test fails for one it
/// has no row for.
pub fn rute_berkas() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/healthz", get(healthz)),
        (
            "/unggah/berkas",
            post(berkas::unggah).layer(batas("/unggah/berkas")),
        ),
        ("/templat/{file}", get(berkas::templat)),
        ("/ekspor/{file}", get(berkas::ekspor)),
        ("/target/target.csv", get(berkas::ekspor_target)),
        ("/briefing/bahan.pdf", get(paket::briefing_pdf)),
        ("/rapat/{id}/{berkas}", get(paket::rapat_paket)),
        ("/audit/bukti.zip", get(paket::bukti_zip)),
        ("/data-terbuka/{berkas}", get(terbuka::berkas)),
        (
            "/verifikasi-lapangan/catat",
            post(lapangan::catat).layer(batas("/verifikasi-lapangan/catat")),
        ),
        ("/verifikasi-lapangan/foto/{id}", get(lapangan::foto)),
        (
            "/temuan/langkah",
            post(temuan::langkah).layer(batas("/temuan/langkah")),
        ),
        ("/temuan/berkas/{id}", get(temuan::berkas)),
        (
            "/rekonsiliasi/unggah",
            post(rekonsiliasi::unggah).layer(batas("/rekonsiliasi/unggah")),
        ),
        ("/rekonsiliasi/simpan", post(rekonsiliasi::simpan)),
        (
            "/target/impor",
            post(berkas::impor_target).layer(batas("/target/impor")),
        ),
        (
            "/batas/berkas",
            post(berkas::pasang_batas).layer(batas("/batas/berkas")),
        ),
    ]
}

/// The body limit of a file route, from [`berkas::BATAS_BODY_BERKAS`].
fn batas(path: &str) -> DefaultBodyLimit {
    DefaultBodyLimit::max(berkas::batas_body(path).unwrap_or(BODY_FORM_MAKS))
}

/// The largest body of any request that is not a file upload.
pub const BODY_FORM_MAKS: usize = 2 * 1024 * 1024;

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let routes = rute().to_vec();
    let pantau = state.pantau.clone();
    let context = move || provide_context(pantau.clone());
    let options = state.leptos_options.clone();
    let mut app = Router::new().route("/api/{*fn_name}", get(server_fn).post(server_fn));
    for (pola, rute) in rute_berkas() {
        app = app.route(pola, rute);
    }
    app.leptos_routes_with_context(&state, routes, context.clone(), move || {
        shell(options.clone())
    })
    .fallback(leptos_axum::file_and_error_handler_with_context::<
        AppState,
        _,
    >(context, shell))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        keamanan::lapisan,
    ))
    // gzip at its fastest level for the pages the page cache does not
    // keep (compressed on every request): level 1 costs a fraction of the
    // default level's CPU for a few percent more bytes (BENCHMARKS.md,
    // "Pages sent once, small bundle, phones"). Cached pages arrive already
    // compressed and pass through.
    .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
    .layer(security_header("x-content-type-options", "nosniff"))
    .layer(security_header("referrer-policy", "same-origin"))
    .layer(security_header("x-frame-options", "DENY"))
    .layer(security_header(
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ))
    .layer(axum::extract::DefaultBodyLimit::max(BODY_FORM_MAKS))
    .layer(TraceLayer::new_for_http())
    .with_state(state)
}

/// A response header set when the handler did not set it.
fn security_header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    let pantau = state.pantau.clone();
    handle_server_fns_with_context(move || provide_context(pantau.clone()), req).await
}

/// Liveness and database reachability, for load balancers.
async fn healthz(State(state): State<AppState>) -> Response {
    let pantau = &state.pantau;
    match pantau.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok", "database": pantau.backend() }))
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "error", "database": pantau.backend() })),
            )
                .into_response()
        }
    }
}
