//! File formats: what comes in as a file (XLSX/CSV reports, target CSV,
//! boundary GeoJSON, an evidence ZIP to verify) and what goes out as one
//! (templates and exports, the rooms' PDF and XLSX packs, the evidence ZIP).
//!
//! Functions from bytes to domain values and back. Nothing here touches the
//! database or the async runtime; reading a file never stores it (that is
//! [`crate::layanan`]'s job, in one transaction with its audit entry).

pub mod acak;
pub mod batas;
pub mod bukti;
pub mod ekspor;
pub mod foto;
pub mod impor;
pub mod jebakan;
pub mod paket;
pub mod pdf;
pub mod rekonsiliasi;
pub mod target_csv;
pub mod terbuka;
pub mod xlsx;
