#![recursion_limit = "256"]
//! The Leptos application: the route table, the pages, the server-function
//! declarations and the shell. Compiled twice: with `ssr` into the server
//! (server functions run their bodies there) and with `hydrate` into the
//! browser bundle.
//!
//! Leptos runs in islands mode: every page is rendered on the server and
//! sent as plain HTML (links and GET/POST forms that work without
//! JavaScript); only the components in [`pulau`] are hydrated, so neither
//! the page data nor its charts travel twice and the browser bundle holds
//! only those few components.
//!
//! Pages never touch SQL or dataframes: they call the server functions in
//! [`api`], which call the data layer and return `model::view` types.

pub mod api;
pub mod components;
pub mod error;
pub mod keamanan;
pub mod pages;
pub mod pulau;

use components::Kerangka;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // No per-response nonce: a page may be served again from the page
    // cache, so the server allows the head's inline scripts by their hash
    // (`server::cache::csp_html`). leptos_axum gives every render a random
    // nonce, which would make every page unique; this fixed word replaces
    // it. The policy does not list it (it grants nothing); Leptos also
    // writes it as the preload links' `crossorigin`, where "anonymous" is
    // what those links need (the bundle is fetched in CORS mode).
    #[cfg(feature = "ssr")]
    provide_context(leptos::nonce::Nonce::from_value("anonymous"));
    view! {
        <!DOCTYPE html>
        <html lang="id">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The route table. Data pages render with `SsrMode::Async`: the server
/// waits for their data and sends complete HTML, so they work without
/// JavaScript and print as they are.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/pantau-kkmp.css"/>
        <Title formatter=|t: String| if t.is_empty() { "Pantau KKMP · Kota Palembang".to_string() } else { format!("{t} · Pantau KKMP") }/>
        <Router>
            <Kerangka>
                <Routes fallback=pages::TidakDitemukan>
                    <Route path=path!("/") view=pages::kota::HalamanKota ssr=SsrMode::Async/>
                    <Route path=path!("/kecamatan/:code") view=pages::kecamatan::HalamanKecamatan ssr=SsrMode::Async/>
                    <Route path=path!("/kkmp/:code") view=pages::kkmp::HalamanKkmp ssr=SsrMode::Async/>
                    <Route path=path!("/kkmp/:code/:bulan/:versi") view=pages::versi::HalamanVersi ssr=SsrMode::Async/>
                    <Route path=path!("/definisi") view=pages::definisi::HalamanDefinisi ssr=SsrMode::Async/>
                    <Route path=path!("/data-terbuka") view=pages::terbuka::HalamanDataTerbuka ssr=SsrMode::Async/>
                    <Route path=path!("/laporan/:code/:bulan") view=pages::laporan::HalamanLaporan ssr=SsrMode::Async/>
                    <Route path=path!("/unggah") view=pages::unggah::HalamanUnggahLaporan ssr=SsrMode::Async/>
                    <Route path=path!("/unggah/:token") view=pages::unggah::HalamanPratinjau ssr=SsrMode::Async/>
                    <Route path=path!("/target") view=pages::target::HalamanDaftarTarget ssr=SsrMode::Async/>
                    <Route path=path!("/target/:id") view=pages::target::HalamanDetailTarget ssr=SsrMode::Async/>
                    <Route path=path!("/batas") view=pages::target::HalamanBatasWilayah ssr=SsrMode::Async/>
                    <Route path=path!("/masuk") view=pages::akun::HalamanMasuk ssr=SsrMode::Async/>
                    <Route path=path!("/pengguna") view=pages::akun::HalamanPengguna ssr=SsrMode::Async/>
                    <Route path=path!("/kotak-keluar") view=pages::kotak_keluar::HalamanKotakKeluar ssr=SsrMode::Async/>
                    <Route path=path!("/verifikasi") view=pages::verifikasi::HalamanVerifikasi ssr=SsrMode::Async/>
                    <Route path=path!("/jejak") view=pages::jejak::HalamanJejak ssr=SsrMode::Async/>
                    <Route path=path!("/briefing") view=pages::briefing::HalamanBriefing ssr=SsrMode::Async/>
                    <Route path=path!("/rapat") view=pages::rapat::HalamanRapat ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=pages::audit::HalamanAudit ssr=SsrMode::Async/>
                    <Route path=path!("/intervensi") view=pages::intervensi::HalamanIntervensi ssr=SsrMode::Async/>
                    <Route path=path!("/verifikasi-lapangan") view=pages::lapangan::HalamanLapangan ssr=SsrMode::Async/>
                    <Route path=path!("/verifikasi-lapangan/:id") view=pages::lapangan::HalamanKunjungan ssr=SsrMode::Async/>
                    <Route path=path!("/temuan") view=pages::temuan::HalamanDaftarTemuan ssr=SsrMode::Async/>
                    <Route path=path!("/temuan/:id") view=pages::temuan::HalamanSatuTemuan ssr=SsrMode::Async/>
                    <Route path=path!("/rekonsiliasi") view=pages::rekonsiliasi::HalamanRekonsiliasiSimkopdes ssr=SsrMode::Async/>
                    <Route path=path!("/rekonsiliasi/pratinjau/:token") view=pages::rekonsiliasi::HalamanPratinjauRekonsiliasi ssr=SsrMode::Async/>
                </Routes>
            </Kerangka>
        </Router>
    }
}
