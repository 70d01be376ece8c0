//! The vocabulary shared by the browser and the server: reporting periods,
//! the statuses of the monthly report, id-ID formatting, and the wire types
//! that server functions return.
//!
//! This crate compiles for `wasm32` and for the server. It does no I/O and
//! depends on nothing but serde, so both sides agree on every word without
//! the browser build ever seeing sqlx, tokio, polars or plotters.

pub mod akun;
pub mod format;
pub mod indikator;
pub mod isian;
pub mod lapangan;
pub mod parse;
pub mod periode;
pub mod rekonsiliasi;
pub mod ruang;
pub mod status;
pub mod temuan;
pub mod terbuka;
pub mod view;

pub use periode::{Periode, PeriodeError};
