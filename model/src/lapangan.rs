//! Field verification visits (`/verifikasi-lapangan`): what an officer of
//! the Dinas or a camat saw at a KKMP, with photos, set against what the
//! KKMP reports about itself; and the evidence grade of the headline
//! "beroperasi" figure.

use crate::periode::Periode;
use serde::{Deserialize, Serialize};

/// The four things a visit checks, in the order of the form: (field name,
/// Bahasa label, what it means on site).
pub const TONGGAK_LAPANGAN: [(&str, &str, &str); 4] = [
    (
        "gerai_buka",
        "Gerai buka",
        "gerai sembako atau unit usaha lain buka dan melayani saat dikunjungi",
    ),
    (
        "stok_ada",
        "Stok barang ada",
        "barang dagangan tersedia di gerai, bukan rak kosong",
    ),
    (
        "petugas_ada",
        "Pengurus/petugas ada",
        "pengurus, pengelola atau pegawai KKMP hadir di tempat",
    ),
    (
        "pembukuan_ada",
        "Pembukuan ada",
        "buku kas atau catatan penjualan bulan berjalan dapat ditunjukkan",
    ),
];

/// How many months a visit counts as evidence for the headline figure:
/// the three before the report's month, the month, and the two after it
/// (when its report arrives, is accepted and is checked on site).
pub const BULAN_BUKTI: u32 = 6;

/// A visit's photos at most, and each photo's size at most.
pub const FOTO_MAKS: usize = 4;
pub const UKURAN_FOTO_MAKS: usize = 8 * 1024 * 1024;

/// A photo taken farther than this from the kelurahan's centroid (and not
/// inside its installed boundary) is flagged.
pub const JARAK_WAJAR_M: i64 = 2_000;

/// What the visit found against the KKMP's own report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HasilKunjungan {
    /// Seen operating and reported operating, or seen not operating and
    /// reported not operating.
    Mengonfirmasi,
    /// Reported operating but not seen operating (or the reverse).
    Membantah,
    /// No report of the month or before to compare with.
    TanpaLaporan,
}

impl HasilKunjungan {
    pub fn code(self) -> &'static str {
        match self {
            HasilKunjungan::Mengonfirmasi => "mengonfirmasi",
            HasilKunjungan::Membantah => "membantah",
            HasilKunjungan::TanpaLaporan => "tanpa_laporan",
        }
    }

    pub fn from_code(c: &str) -> Option<Self> {
        [
            HasilKunjungan::Mengonfirmasi,
            HasilKunjungan::Membantah,
            HasilKunjungan::TanpaLaporan,
        ]
        .into_iter()
        .find(|h| h.code() == c)
    }

    pub fn label(self) -> &'static str {
        match self {
            HasilKunjungan::Mengonfirmasi => "Mengonfirmasi laporan",
            HasilKunjungan::Membantah => "Membantah laporan",
            HasilKunjungan::TanpaLaporan => "Tidak ada laporan pembanding",
        }
    }
}

/// One photo of a visit, as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FotoKunjungan {
    pub id: i64,
    pub jenis: String,
    pub ukuran: i64,
    pub lebar: i64,
    pub tinggi: i64,
    pub sha256: String,
    /// From EXIF, degrees; None when the photo carries no position.
    pub lintang: Option<f64>,
    pub bujur: Option<f64>,
    /// EXIF DateTimeOriginal as written by the camera (local time), id-ID.
    pub waktu: Option<String>,
    /// Metres from the kelurahan's centroid (0 inside its boundary).
    pub jarak_m: Option<i64>,
    /// What to look at: "jauh dari kelurahan", "tanpa lokasi", "diambil
    /// 12 hari sebelum kunjungan", "foto yang sama dipakai di kunjungan #4".
    pub tanda: Vec<String>,
}

/// One visit, as listed and shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kunjungan {
    pub id: i64,
    pub kelurahan_code: String,
    pub kkmp_nama: String,
    pub kecamatan_nama: String,
    /// The visit's day, id-ID text, and ISO.
    pub tanggal: String,
    pub tanggal_iso: String,
    /// Who went (names as typed).
    pub petugas: String,
    /// For each of [`TONGGAK_LAPANGAN`], what was seen.
    pub temuan: Vec<(String, bool)>,
    pub catatan: String,
    /// The self-reported status it was set against: (month, status label).
    pub laporan: Option<(Periode, String)>,
    pub hasil: HasilKunjungan,
    pub dicatat_oleh: String,
    pub dicatat_pada: String,
    pub foto: Vec<FotoKunjungan>,
    /// Photos with a flag, for the list.
    pub foto_bertanda: usize,
}

impl Kunjungan {
    /// Whether what was seen makes the KKMP operating: a gerai open, with
    /// stock, and someone of the cooperative there.
    pub fn terlihat_beroperasi(&self) -> bool {
        terlihat_beroperasi(&self.temuan)
    }
}

/// [`Kunjungan::terlihat_beroperasi`] over the milestones seen.
pub fn terlihat_beroperasi(temuan: &[(String, bool)]) -> bool {
    ["gerai_buka", "stok_ada", "petugas_ada"]
        .iter()
        .all(|k| temuan.iter().any(|(t, v)| t == k && *v))
}

/// The evidence grade of a "beroperasi" figure: of the KKMP that report
/// operating at the month, how many a visit in the [`BULAN_BUKTI`] months
/// up to its end saw operating, how many it did not, and how many rest on
/// their own report only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BuktiLapangan {
    pub beroperasi: i64,
    pub terkonfirmasi: i64,
    pub dibantah: i64,
    pub laporan_saja: i64,
    /// KKMP visited in the window, whatever their status.
    pub dikunjungi: i64,
    /// The window's first and last day, ISO.
    pub dari: String,
    pub sampai: String,
}

impl BuktiLapangan {
    /// The grade in one line, as the packs print it: "Bukti lapangan: 12
    /// dari 71 KKMP beroperasi terkonfirmasi kunjungan; 2 dibantah; 57
    /// hanya laporan sendiri."
    pub fn kalimat(&self) -> String {
        format!(
            "Bukti lapangan: {} dari {} KKMP beroperasi terkonfirmasi kunjungan; {} dibantah; {} hanya laporan sendiri.",
            crate::format::angka(self.terkonfirmasi),
            crate::format::angka(self.beroperasi),
            crate::format::angka(self.dibantah),
            crate::format::angka(self.laporan_saja)
        )
    }
}

/// The `/verifikasi-lapangan` page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanLapangan {
    pub kunjungan: Vec<Kunjungan>,
    /// The KKMP the signed-in person may record a visit to.
    pub kkmp: Vec<(String, String)>,
    /// The city's grade at the newest accepted month.
    pub bukti: Option<(Periode, BuktiLapangan)>,
    pub hari_ini: String,
    /// The kecamatan filter, when one is applied.
    pub kecamatan: Option<String>,
    pub kecamatan_pilihan: Vec<(String, String)>,
}
