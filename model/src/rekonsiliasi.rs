//! Reconciliation with SIMKOPDES, the national system's own record of
//! each KKMP: an export is imported, its rows matched to the city's
//! kelurahan, and every field where the national record and the city's
//! accepted reports disagree becomes a discrepancy (selisih) with an owner
//! and a status. Append only: a discrepancy's status is read from its
//! steps, with the same steps as a finding (`model::temuan`).

use crate::temuan::StatusTemuan;
use serde::{Deserialize, Serialize};

/// The fields compared, with their labels.
pub const BIDANG_SELISIH: [(&str, &str); 5] = [
    ("terdaftar", "Terdaftar di SIMKOPDES"),
    ("badan_hukum", "Berbadan hukum"),
    ("anggota", "Jumlah anggota"),
    ("gerai", "Gerai beroperasi"),
    ("tahap_pinjaman", "Tahap pinjaman Himbara"),
];

pub fn label_bidang(kode: &str) -> &'static str {
    BIDANG_SELISIH
        .iter()
        .find(|(k, _)| *k == kode)
        .map_or("Lainnya", |(_, l)| l)
}

/// Members differ only when the two counts are further apart than this
/// share of the larger one (the national record lags the monthly report).
pub const TOLERANSI_ANGGOTA_PERSEN: i64 = 10;

/// A discrepancy's status, in the register's words.
pub fn label_status(s: StatusTemuan) -> &'static str {
    match s {
        StatusTemuan::Terbuka => "Terbuka",
        StatusTemuan::Ditindaklanjuti => "Ditindaklanjuti, menunggu Dinas",
        StatusTemuan::Ditutup => "Selesai",
    }
}

/// How a row of the national file was tied to a kelurahan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaraCocok {
    /// By its Kemendagri code.
    Kode,
    /// By its name (an official 2022 or 2025 form) in its kecamatan.
    Nama,
    /// A near spelling, or a name without its kecamatan: a person
    /// confirmed it before the import was stored.
    Dikonfirmasi,
}

/// A row the matcher was unsure of, for a person to confirm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CocokRagu {
    /// The row number as the spreadsheet program shows it.
    pub baris: u64,
    /// What the row says: "Kec. Sukarame, Kel. Sukodadi".
    pub tertulis: String,
    pub kelurahan_code: String,
    /// "Sukodadi (Sukarami)".
    pub kelurahan: String,
    /// Why it is unsure.
    pub alasan: String,
}

/// A located problem in the national file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GalatRekonsiliasi {
    /// "baris 14, kolom Kelurahan" (empty for the whole file).
    pub lokasi: String,
    pub pesan: String,
}

/// What importing the file would do: `/rekonsiliasi/pratinjau/<token>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PratinjauRekonsiliasi {
    pub token: String,
    pub nama_berkas: String,
    pub sha256: String,
    pub baris_data: u64,
    /// Rows outside Kota Palembang, skipped.
    pub di_luar_kota: u64,
    /// Rows matched for certain.
    pub cocok: u64,
    pub ragu: Vec<CocokRagu>,
    /// KKMP the file does not have.
    pub tidak_ada: Vec<String>,
    pub galat: Vec<GalatRekonsiliasi>,
    /// Problems beyond those listed.
    pub galat_lain: u64,
    /// The city month compared: the newest month with accepted reports.
    pub periode: Option<String>,
    /// Discrepancies storing it would record (with every unsure row
    /// confirmed).
    pub selisih: u64,
}

/// One step of a discrepancy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LangkahSelisih {
    pub jenis: String,
    pub uraian: String,
    pub oleh: String,
    pub pada: String,
}

/// One discrepancy, as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Selisih {
    pub id: i64,
    pub rekonsiliasi_id: i64,
    pub kelurahan_code: String,
    pub kelurahan: String,
    pub kecamatan_code: String,
    pub kecamatan: String,
    pub bidang: String,
    pub bidang_label: String,
    /// The city's value (its accepted report) and SIMKOPDES', as text.
    pub nilai_kota: String,
    pub nilai_nasional: String,
    /// The row of the national file (0 when the KKMP is missing from it).
    pub baris: u64,
    pub pemilik: String,
    pub status: StatusTemuan,
    pub status_label: String,
    pub langkah: Vec<LangkahSelisih>,
}

/// One stored import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rekonsiliasi {
    pub id: i64,
    pub nama_berkas: String,
    pub sha256: String,
    pub baris_data: i64,
    pub cocok: i64,
    pub dikonfirmasi: i64,
    pub periode: String,
    pub jumlah_selisih: i64,
    pub oleh: String,
    pub pada: String,
}

/// The `/rekonsiliasi` page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanRekonsiliasi {
    /// Newest first; the first is the one whose discrepancies are listed.
    pub riwayat: Vec<Rekonsiliasi>,
    pub selisih: Vec<Selisih>,
    /// Open, followed up, resolved.
    pub jumlah: (i64, i64, i64),
    /// (field label, open count).
    pub per_bidang: Vec<(String, i64)>,
    /// The column headers the mapping accepts, per field, as the page
    /// explains them.
    pub kolom: Vec<(String, String)>,
}

/// The meeting room's part: open discrepancies per kecamatan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SelisihRapat {
    /// The import compared: "simkopdes-nov.csv, 3 Desember 2026".
    pub sumber: String,
    /// (kecamatan, open, of which followed up).
    pub per_kecamatan: Vec<(String, i64, i64)>,
    /// The open ones, kecamatan by kecamatan.
    pub terbuka: Vec<Selisih>,
}
