//! The server-side core of Pantau KKMP, in layers (see ARCHITECTURE.md):
//!
//! ```text
//! model ← inti ← { simpan, analitik, berkas, grafik } ← layanan ← app, server, tests
//! ```
//!
//! - [`inti`]: the pure domain (reports, rules, periods, regions, targets,
//!   approval states, audit-entry hashing, anomalies, the demo generator);
//! - [`simpan`]: storage, every sqlx query and the migrations;
//! - [`analitik`]: the polars aggregations;
//! - [`berkas`]: file formats in and out (XLSX, CSV, GeoJSON, ZIP, PDF);
//! - [`grafik`]: the plotters charts, as SVG strings;
//! - [`kirim`]: delivery of the outbox's messages (SMTP, the WhatsApp
//!   gateway's webhook, the log);
//! - [`layanan`]: [`Pantau`], the one facade the web layer calls: access to
//!   storage, the cache and its freshness, orchestration of the layers.
//!
//! The four middle layers do not import each other, and nothing below
//! `layanan` names `Pantau`; `tests/layers.rs` reads the sources and fails
//! on an import against these directions. Nothing here is compiled for the
//! browser and nothing here knows Leptos.
//!
//! `inti` and `berkas` need none of storage, polars or plotters: without
//! the default feature `lengkap` the crate is those two layers alone, which
//! is what the fuzz targets (`fuzz/`) build.

#[cfg(feature = "lengkap")]
pub mod analitik;
pub mod berkas;
pub mod error;
#[cfg(feature = "lengkap")]
pub mod grafik;
pub mod inti;
#[cfg(feature = "lengkap")]
pub mod kirim;
#[cfg(feature = "lengkap")]
pub mod layanan;
#[cfg(feature = "lengkap")]
pub mod simpan;

pub use error::DataError;
pub use error::Result;
#[cfg(feature = "lengkap")]
pub use layanan::Pantau;
