//! The pure domain: what a monthly report is, the rules it must satisfy, the
//! periods and clocks it is judged by, the regions it belongs to, targets and
//! their trajectories, the approval states, the audit entry and its hash,
//! anomalies, the rooms' comparisons and the demo generator.
//!
//! Nothing here touches the database, a file format, polars or plotters,
//! and nothing here knows [`crate::layanan::Pantau`]: these are functions
//! from values to values, tested on their own. Every other layer may use
//! this one; this one uses only `model` and the error type.

pub mod akun;
pub mod anomali;
pub mod batas;
pub mod demo;
pub mod ikatan;
pub mod intervensi;
pub mod isian;
pub mod jangkar;
pub mod jejak;
pub mod lapangan;
pub mod laporan;
pub mod persetujuan;
pub mod pesan;
pub mod proyeksi;
pub mod rekonsiliasi;
pub mod ruang;
pub mod sandi;
pub mod statistik;
pub mod target;
pub mod teks;
pub mod temuan;
pub mod validasi;
pub mod waktu;
pub mod wilayah;
