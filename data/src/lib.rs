//! The server-side core of Pantau KKMP: storage (sqlx on SQLite or
//! PostgreSQL), master data, the demo generator, the polars analytics and the
//! plotters charts.
//!
//! It is not an HTTP layer and knows nothing of Leptos: the `app` crate's
//! server functions call [`service::Pantau`] and get back the wire types of
//! the `model` crate. Nothing here is compiled for the browser.

pub mod akun;
pub mod analytics;
pub mod anomali;
pub mod batas;
pub mod bukti;
pub mod charts;
pub mod db;
pub mod demo;
pub mod ekspor;
pub mod error;
pub mod impor;
pub mod intervensi;
pub mod isian;
pub mod jejak;
pub mod kelola;
pub mod laporan;
pub mod master;
pub mod paket;
pub mod pdf;
pub mod penerimaan;
pub mod persetujuan;
pub mod ruang;
pub mod sementara;
pub mod service;
pub mod sintetis;
pub mod target;
pub mod validasi;

pub use db::Db;
pub use error::{DataError, Result};
pub use service::Pantau;
