use chrono::DateTime;
use chrono::NaiveDate;
use chrono::Utc;
use model::Periode;
use model::status::GeraiStatus;
use model::status::JenisGerai;
use model::status::Lahan;
use model::status::Pembangunan;
use model::status::PinjamanTahap;

/// The content of one monthly report (docs/domain.md §4).
#[derive(Clone, Debug, PartialEq)]
pub struct Laporan {
    pub kelurahan_code: String,
    pub periode: Periode,
    // Legal and administrative status.
    pub badan_hukum: bool,
    pub tgl_badan_hukum: Option<NaiveDate>,
    pub nib: bool,
    pub npwp: bool,
    pub rekening: bool,
    pub simkopdes: bool,
    // Membership.
    pub anggota: i64,
    pub anggota_pria: i64,
    pub anggota_wanita: i64,
    pub pengurus: i64,
    pub pengawas: i64,
    // Capital, cumulative Rupiah.
    pub simpanan_pokok: i64,
    pub simpanan_wajib: i64,
    pub simpanan_sukarela: i64,
    pub hibah: i64,
    /// The seven gerai, in the order of [`JenisGerai::ALL`].
    pub gerai: [GeraiStatus; 7],
    /// Other units (pangkalan LPG, pupuk, …), free text, and how many operate.
    pub unit_lain: String,
    pub unit_lain_beroperasi: i64,
    // Land and building.
    pub lahan: Lahan,
    pub pembangunan: Pembangunan,
    /// A rented place in use while no own building is finished.
    pub tempat_sewa: bool,
    // Himbara loan.
    pub pinjaman_tahap: PinjamanTahap,
    pub pinjaman_plafon: i64,
    pub pinjaman_cair: i64,
    pub pinjaman_outstanding: i64,
    // Governance.
    pub rat: bool,
    pub tgl_rat: Option<NaiveDate>,
    // Flows in the month.
    pub omzet: i64,
    pub shu: i64,
    pub tenaga_kerja: i64,
    pub transaksi_anggota: i64,
}

impl Laporan {
    pub fn gerai(&self, jenis: JenisGerai) -> GeraiStatus {
        let i = JenisGerai::ALL
            .iter()
            .position(|j| *j == jenis)
            .unwrap_or(0);
        self.gerai[i]
    }

    /// Business units operating: the six business gerai plus other units.
    pub fn unit_usaha_beroperasi(&self) -> i64 {
        JenisGerai::ALL
            .iter()
            .zip(self.gerai)
            .filter(|(j, s)| j.is_usaha() && *s == GeraiStatus::Beroperasi)
            .count() as i64
            + self.unit_lain_beroperasi
    }
}

/// Who sent a version, when, how and why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pengiriman {
    pub dikirim_pada: DateTime<Utc>,
    pub dikirim_oleh: String,
    /// "demo", "formulir", "xlsx", "csv".
    pub sumber: String,
    /// Required for corrections (version 2 and later) and for accepting
    /// soft warnings.
    pub alasan: Option<String>,
    /// The soft warnings accepted with this version, one per line.
    pub peringatan: String,
    /// The uploaded file this version came from, if any.
    pub unggahan_id: Option<i64>,
}

/// A file whose rows are being stored: recorded in the same transaction so
/// that the file, its hash and its reports land together or not at all.
#[derive(Clone, Debug)]
pub struct UnggahanBaru<'a> {
    pub sha256: &'a str,
    pub nama_berkas: &'a str,
    pub isi: &'a [u8],
    pub diunggah_pada: DateTime<Utc>,
    pub diunggah_oleh: &'a str,
}

/// A stored version of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct LaporanTersimpan {
    pub id: i64,
    pub versi: i64,
    pub pengiriman: Pengiriman,
    /// When version 1 of this (KKMP, month) arrived: timeliness counts it.
    pub pertama_dikirim: DateTime<Utc>,
    pub isi: Laporan,
}

/// The refusal for a report whose month is accepted and locked.
pub fn pesan_terkunci(kelurahan_code: &str, periode: &str) -> String {
    format!(
        "Laporan {kelurahan_code} periode {periode} sudah diterima Dinas Koperasi dan dikunci: \
         minta Dinas membukanya kembali (dengan alasan) sebelum mengirim perbaikan"
    )
}

/// The refusal for a form based on a version that is no longer current:
/// someone else stored a version of the month after the sender opened (or
/// checked) the form. The form comes back with what was typed.
pub fn pesan_diubah(kelurahan_code: &str, periode: &str, kini: i64) -> String {
    format!(
        "Laporan {kelurahan_code} periode {periode} baru saja diubah orang lain (kini versi {kini}). \
         Isian Anda tetap di formulir ini: bandingkan dengan versi terbaru di halaman KKMP, lalu kirim lagi."
    )
}

/// A committed upload, without its content.
#[derive(Clone, Debug, PartialEq)]
pub struct Unggahan {
    pub id: i64,
    pub sha256: String,
    pub nama_berkas: String,
    pub ukuran: i64,
    pub jumlah_laporan: i64,
    pub diunggah_pada: DateTime<Utc>,
    pub diunggah_oleh: String,
}
