//! The Inspektorat's findings register (`/temuan`): a finding, its
//! recommendation, the responsible office's follow-ups with evidence, and
//! the Inspektorat's closing. Append only: every step is a new row, the
//! status is read from the steps.

use serde::{Deserialize, Serialize};

/// Where a finding came from.
pub const SUMBER_TEMUAN: [(&str, &str); 3] = [
    ("anomali", "Anomali data"),
    ("kunjungan", "Kunjungan lapangan"),
    ("pemeriksaan", "Pemeriksaan Inspektorat"),
];

pub fn label_sumber(kode: &str) -> &'static str {
    SUMBER_TEMUAN
        .iter()
        .find(|(k, _)| *k == kode)
        .map_or("Lainnya", |(_, l)| l)
}

/// A finding's status, read from its steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusTemuan {
    /// Opened (or reopened); no follow-up since.
    Terbuka,
    /// The responsible office has reported a follow-up; the Inspektorat
    /// has not closed it yet.
    Ditindaklanjuti,
    /// Closed by the Inspektorat.
    Ditutup,
}

impl StatusTemuan {
    pub fn code(self) -> &'static str {
        match self {
            StatusTemuan::Terbuka => "terbuka",
            StatusTemuan::Ditindaklanjuti => "ditindaklanjuti",
            StatusTemuan::Ditutup => "ditutup",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusTemuan::Terbuka => "Terbuka",
            StatusTemuan::Ditindaklanjuti => "Ditindaklanjuti, menunggu Inspektorat",
            StatusTemuan::Ditutup => "Ditutup",
        }
    }
}

/// The kinds of step: a follow-up by the office, closing and reopening
/// by the Inspektorat.
pub const LANGKAH_TINDAK: &str = "tindak_lanjut";
pub const LANGKAH_TUTUP: &str = "ditutup";
pub const LANGKAH_BUKA: &str = "dibuka_lagi";

/// One step of a finding, as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LangkahTemuan {
    pub id: i64,
    pub jenis: String,
    pub uraian: String,
    pub oleh: String,
    pub pada: String,
    /// The evidence attached: (file name, type, size, SHA-256).
    pub berkas: Option<(String, String, i64, String)>,
}

/// One finding, as listed and shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Temuan {
    pub id: i64,
    pub judul: String,
    /// What was found (the condition).
    pub uraian: String,
    pub rekomendasi: String,
    /// The office responsible for the follow-up.
    pub penanggung_jawab: String,
    /// A kelurahan or kecamatan code; empty for the city.
    pub wilayah_code: String,
    /// "Kelurahan Sukodadi (Sukarami)", "Kecamatan Sukarami", "Kota".
    pub wilayah: String,
    pub sumber: String,
    pub sumber_label: String,
    /// The anomaly's key or the visit's id.
    pub sumber_ref: String,
    pub tenggat: String,
    pub tenggat_iso: String,
    pub status: StatusTemuan,
    /// Past its due date and not closed.
    pub lewat: bool,
    pub dibuka_oleh: String,
    pub dibuka_pada: String,
    pub langkah: Vec<LangkahTemuan>,
}

/// The `/temuan` page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanTemuan {
    pub temuan: Vec<Temuan>,
    /// (code, label) of the areas a finding can be about.
    pub wilayah: Vec<(String, String)>,
    pub hari_ini: String,
    /// Counts: open, followed up, closed, overdue.
    pub jumlah: (i64, i64, i64, i64),
}
