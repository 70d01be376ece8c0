//! Wire types: what server functions return to pages. Plain data, already
//! aggregated; pages only format and lay it out.

use crate::akun::Peran;
use crate::periode::Periode;
use crate::status::{
    GeraiStatus, Persetujuan, PinjamanTahap, StatusLaporan, StatusOperasi, StatusTarget,
};
use serde::{Deserialize, Serialize};

/// Headline figures for one scope (the city, a kecamatan) and one month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ringkasan {
    pub kkmp: i64,
    pub badan_hukum: i64,
    pub nib: i64,
    pub npwp: i64,
    pub rekening: i64,
    pub gerai_sembako: i64,
    pub operasi_penuh: i64,
    pub operasi_terbatas: i64,
    pub operasi_belum: i64,
    pub formalitas: i64,
    pub pinjaman_cair: i64,
    pub anggota: i64,
    /// Revenue in the month, from that month's reports only.
    pub omzet: i64,
    pub laporan_masuk: i64,
    pub laporan_tepat_waktu: i64,
    /// Median members per KKMP (latest reports).
    pub anggota_median: f64,
    /// Median revenue per KKMP that reported for the month.
    pub omzet_median: f64,
}

impl Ringkasan {
    pub fn beroperasi(&self) -> i64 {
        self.operasi_penuh + self.operasi_terbatas
    }

    /// `part` as a share of the KKMP in scope (0 when the scope is empty).
    pub fn share(&self, part: i64) -> f64 {
        if self.kkmp == 0 {
            0.0
        } else {
            part as f64 / self.kkmp as f64
        }
    }
}

/// Progress of one scope against one target, at the end of a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Capaian {
    pub indikator: String,
    pub indikator_nama: String,
    /// Where the target comes from: "kota" or the kecamatan's own target.
    pub cakupan: String,
    pub aktual: f64,
    /// Where the straight trajectory stands at the end of the month.
    pub harapan: f64,
    pub target: f64,
    /// The deadline, ISO date.
    pub tenggat: String,
    pub status: StatusTarget,
    /// True when the value is a share of KKMP (0..=1).
    pub persen: bool,
}

/// One row of a table of areas (kecamatan on the city page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisWilayah {
    pub code: String,
    pub nama: String,
    pub ringkasan: Ringkasan,
    /// Progress on the page's main target.
    pub capaian: Option<Capaian>,
}

/// A chart as an SVG document, with the finding as its title and the same
/// numbers as a table (for screen readers and print).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Grafik {
    pub judul: String,
    pub svg: String,
    pub tabel: Tabel,
}

/// A table of formatted values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tabel {
    pub kolom: Vec<String>,
    /// True for numeric columns (aligned right).
    pub angka: Vec<bool>,
    pub baris: Vec<Vec<String>>,
}

/// One row of a league table of kecamatan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisLiga {
    pub peringkat: i64,
    pub code: String,
    pub nama: String,
    /// The value, formatted.
    pub nilai: String,
    /// Change from the month before and from a year before, formatted with
    /// a sign; None when that month has no data.
    pub mom: Option<String>,
    pub yoy: Option<String>,
    pub status: Option<StatusTarget>,
}

/// Median months KKMP of one kecamatan spend in each program stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisLamaTahapan {
    pub code: String,
    pub nama: String,
    /// Per stage of `DashboardKota::tahapan`: KKMP that entered it, and the
    /// median months in it (None when none entered).
    pub sel: Vec<(i64, Option<f64>)>,
}

/// Shared facts every page shows in its header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Konteks {
    pub periode: Periode,
    /// Months that have reports, newest first.
    pub periode_tersedia: Vec<Periode>,
    /// The demo banner: true while the database holds generated demo data.
    pub demo: bool,
    /// When the figures were computed (id-ID text, WIB).
    pub dihitung: String,
    /// Revision of the stored data the figures were computed from.
    pub revisi: i64,
    /// Reporting deadline: this day of the following month.
    pub batas_hari: u32,
    /// True when reports awaiting verification are counted too; false:
    /// accepted reports only (the default).
    pub semua: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardKota {
    pub konteks: Konteks,
    /// The indicator of the per-kecamatan chart and status column (`?indikator=`).
    pub indikator: String,
    pub indikator_nama: String,
    pub kota: Ringkasan,
    pub bulan_lalu: Option<Ringkasan>,
    /// City-level progress on every target.
    pub target_kota: Vec<Capaian>,
    pub kecamatan: Vec<BarisWilayah>,
    pub grafik: Grafik,
    /// The 107 KKMP on a map, by operating status.
    pub peta: Grafik,
    /// The main indicator month by month against its target trajectory.
    pub tren: Grafik,
    /// The program funnel: how many KKMP reached each milestone, in order.
    pub tahapan: Vec<(String, i64)>,
    pub grafik_tahapan: Grafik,
    pub kelengkapan: KelengkapanKota,
    /// The map's colouring: "status" or the page's indicator (`?peta=`).
    pub peta_mode: String,
    /// True when an admin installed boundary polygons.
    pub peta_batas: bool,
    /// Every kecamatan's trend of the page's indicator, one small panel each.
    pub kelipatan: Grafik,
    /// Kecamatan ranked by the page's indicator, best first.
    pub liga: Vec<BarisLiga>,
    /// Kecamatan ranked by reports on time over the last twelve months.
    pub liga_ketepatan: Vec<BarisLiga>,
    pub lama_tahapan: Vec<BarisLamaTahapan>,
    /// How many of the KKMP reported operating a field visit confirmed.
    #[serde(default)]
    pub bukti: crate::lapangan::BuktiLapangan,
}

/// Reporting per kecamatan over the last twelve months.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KelengkapanKota {
    pub periode: Vec<Periode>,
    pub baris: Vec<BarisKelengkapanKecamatan>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisKelengkapanKecamatan {
    pub code: String,
    pub nama: String,
    pub kkmp: i64,
    /// Per month: (reports in, of which on time).
    pub sel: Vec<(i64, i64)>,
}

/// One cooperative's row on a kecamatan page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisKkmp {
    pub kelurahan_code: String,
    pub kelurahan_nama: String,
    pub kkmp_nama: String,
    /// The month of the latest report up to the selected month.
    pub periode_data: Option<Periode>,
    pub badan_hukum: bool,
    pub rekening: bool,
    pub gerai_sembako: Option<GeraiStatus>,
    pub unit_beroperasi: i64,
    pub status_operasi: StatusOperasi,
    pub formalitas: bool,
    pub pinjaman: Option<PinjamanTahap>,
    pub anggota: i64,
    /// Revenue in the selected month; None when that month's report is missing.
    pub omzet: Option<i64>,
    pub laporan: StatusLaporan,
    /// Days past the deadline, for late reports.
    pub hari_terlambat: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardKecamatan {
    pub konteks: Konteks,
    pub code: String,
    pub nama: String,
    pub ringkasan: Ringkasan,
    pub bulan_lalu: Option<Ringkasan>,
    pub target: Vec<Capaian>,
    pub kkmp: Vec<BarisKkmp>,
    pub grafik: Grafik,
    pub kelengkapan: Kelengkapan,
    /// The kecamatan's figures month by month against its targets.
    pub tren: Grafik,
    /// Where the kecamatan stands among the 18 on each targetable indicator:
    /// (indicator name, rank).
    pub peringkat: Vec<(String, i64)>,
    /// Each target's projection from the newest accepted month:
    /// (indicator name, sentence).
    #[serde(default)]
    pub proyeksi: Vec<(String, String)>,
    /// How many of its KKMP reported operating a field visit confirmed.
    #[serde(default)]
    pub bukti: crate::lapangan::BuktiLapangan,
}

/// Reporting completeness and timeliness: KKMP × months.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kelengkapan {
    /// The columns, oldest first.
    pub periode: Vec<Periode>,
    pub baris: Vec<BarisKelengkapan>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisKelengkapan {
    pub kelurahan_code: String,
    pub kelurahan_nama: String,
    /// One cell per column of [`Kelengkapan::periode`]: the status and, when
    /// late, the days past the deadline.
    pub sel: Vec<(StatusLaporan, Option<i64>)>,
}

/// One stored version of a report, as the KKMP page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersiLaporan {
    pub periode: Periode,
    pub versi: i64,
    /// True for the version the figures use.
    pub terkini: bool,
    /// "4 September 2025, 10.15 WIB".
    pub dikirim: String,
    pub dikirim_oleh: String,
    pub sumber: String,
    pub alasan: Option<String>,
    /// For a correction: what changed from the version before, per field.
    pub perubahan: Vec<String>,
    /// Soft warnings the sender accepted with this version.
    pub peringatan: Vec<String>,
    pub laporan: StatusLaporan,
    pub hari_terlambat: Option<i64>,
    /// The month's approval state, on its current version.
    pub persetujuan: Option<Persetujuan>,
    pub badan_hukum: bool,
    pub rekening: bool,
    pub gerai_sembako: GeraiStatus,
    pub unit_beroperasi: i64,
    pub status_operasi: StatusOperasi,
    pub pinjaman: PinjamanTahap,
    pub anggota: i64,
    pub omzet: i64,
    pub shu: i64,
}

/// One cooperative: where it is and every report it sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetailKkmp {
    pub demo: bool,
    pub kelurahan_code: String,
    pub kelurahan_nama: String,
    pub kecamatan_code: String,
    pub kecamatan_nama: String,
    pub kkmp_nama: String,
    pub lat: f64,
    pub lng: f64,
    /// Months from the first to the last month with reports in the city,
    /// newest first: the months this KKMP should have reported.
    pub periode_wajib: Vec<Periode>,
    /// Every version, newest month first.
    pub versi: Vec<VersiLaporan>,
    /// Months a report can be sent for now, newest first: the three months
    /// that ended last (the current month is reported after it ends).
    pub periode_lapor: Vec<Periode>,
    /// The program's milestones and the month this KKMP first reported
    /// each (None: not yet).
    pub tahapan: Vec<(String, Option<Periode>)>,
    /// This KKMP against the targets that apply to it (its own, its
    /// kecamatan's or the city's), at its latest report.
    pub target: Vec<Capaian>,
}

/// A problem or warning at one field of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatatanIsian {
    /// The field's code ("pelapor", "alasan" for the sender and reason).
    pub kolom: String,
    pub pesan: String,
}

/// The monthly report form of one KKMP and month, filled in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormulirLaporan {
    pub demo: bool,
    pub kelurahan_code: String,
    pub kelurahan_nama: String,
    pub kecamatan_code: String,
    pub kecamatan_nama: String,
    pub kkmp_nama: String,
    pub periode: Periode,
    /// "10 November 2026": the deadline of this month's report.
    pub batas: String,
    /// The version already stored for this month: the form then sends a
    /// correction, which needs a reason.
    pub versi_tersimpan: Option<i64>,
    /// Where the values come from, in words.
    pub sumber_isian: String,
    /// Field code → text, for every field of `model::isian::BIDANG`.
    pub isian: Vec<(String, String)>,
    pub pelapor: String,
    pub alasan: String,
    pub galat: Vec<CatatanIsian>,
    pub peringatan: Vec<CatatanIsian>,
}

/// One problem in an uploaded file, located.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemuanBerkas {
    /// "Lembar Laporan, baris 14, kolom Jumlah anggota" (empty: the file).
    pub lokasi: String,
    pub pesan: String,
}

/// What an uploaded file holds and what storing it would do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PratinjauUnggahan {
    pub demo: bool,
    pub token: String,
    pub nama_berkas: String,
    pub ukuran: String,
    pub format: Option<String>,
    pub lembar: Option<String>,
    pub sha256: String,
    pub baris_data: u64,
    pub baru: u64,
    pub perbaikan: u64,
    pub sama: u64,
    pub kelurahan: usize,
    pub periode: Vec<Periode>,
    pub galat: Vec<TemuanBerkas>,
    pub jumlah_galat: u64,
    pub peringatan: Vec<TemuanBerkas>,
    pub jumlah_peringatan: u64,
    pub perlu_alasan: u64,
    /// Set when the same file was already stored: when, by whom.
    pub sudah_diunggah: Option<String>,
    /// No errors, not a duplicate, something to store (reasons aside).
    pub layak: bool,
}

/// A stored upload, for the list of recent uploads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnggahanTersimpan {
    pub id: i64,
    pub nama_berkas: String,
    pub sha256: String,
    pub ukuran: String,
    pub jumlah_laporan: i64,
    pub diunggah: String,
    pub diunggah_oleh: String,
}

/// The upload page: months to offer templates for, recent uploads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanUnggah {
    pub demo: bool,
    /// Newest first: the current month and the months before it.
    pub periode: Vec<Periode>,
    pub terakhir: Vec<UnggahanTersimpan>,
    /// The upload just stored, when the page follows a commit.
    pub tersimpan: Option<UnggahanTersimpan>,
    /// The one kelurahan an operator or lurah reports for (its own
    /// template); None for Dinas (the city recap).
    pub kelurahan: Option<String>,
}

/// One target as the admin page lists it; values formatted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisTarget {
    pub id: i64,
    pub indikator: String,
    pub indikator_nama: String,
    /// "Kota Palembang", "Kecamatan Ilir Barat I", "Kelurahan 35 Ilir".
    pub cakupan: String,
    pub nilai_awal: String,
    pub tgl_awal: String,
    pub nilai_target: String,
    pub tenggat: String,
    pub keterangan: String,
    pub aktif: bool,
    /// "4 September 2025, 10.15 WIB oleh Budi".
    pub dibuat: String,
    pub diubah: Option<String>,
    /// When it is reached at the pace of the last 3 and 6 months (city and
    /// kecamatan targets; active ones).
    #[serde(default)]
    pub proyeksi: Option<String>,
    /// The same in a full sentence (the target's own page).
    #[serde(default)]
    pub proyeksi_kalimat: Option<String>,
}

/// One change in a target's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiwayatTarget {
    /// "Dibuat", "Diubah", "Diimpor", "Dinonaktifkan".
    pub aksi: String,
    pub pada: String,
    pub oleh: String,
    pub alasan: String,
    /// What changed from the state before, one line per field.
    pub perubahan: Vec<String>,
}

/// The targets page: every target, the form to add one, and what a form or
/// an import sent back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanTarget {
    pub demo: bool,
    pub target: Vec<BarisTarget>,
    /// Targetable indicators: (code, name, unit label).
    pub indikator: Vec<(String, String, String)>,
    /// Kecamatan and kelurahan codes with names, for the scope field.
    pub wilayah: Vec<(String, String)>,
    /// The form's fields as sent back (empty for a new form), in the order
    /// of `data::target::KOLOM`, with sender and reason.
    pub isian: Vec<(String, String)>,
    pub galat: Vec<CatatanIsian>,
    /// Why the last CSV import was refused, one located problem per line.
    pub galat_impor: Vec<String>,
}

/// One target with its history, and the edit form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetailTarget {
    pub demo: bool,
    pub target: BarisTarget,
    pub riwayat: Vec<RiwayatTarget>,
    pub indikator: Vec<(String, String, String)>,
    pub wilayah: Vec<(String, String)>,
    pub isian: Vec<(String, String)>,
    pub galat: Vec<CatatanIsian>,
}

/// An installed boundary file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatasTerpasang {
    pub tingkat: String,
    pub nama_berkas: String,
    pub sha256: String,
    pub jumlah_wilayah: i64,
    pub dipasang: String,
}

/// The boundary page: installed files and the upload form's messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanBatas {
    pub demo: bool,
    pub terpasang: Vec<BatasTerpasang>,
    /// Why the last file was refused, one problem per line.
    pub galat: Vec<String>,
}

/// One field of a report version as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsianVersi {
    pub label: String,
    pub nilai: String,
    /// The value of the version before, when this version changed it.
    pub sebelumnya: Option<String>,
}

/// One stored version of one KKMP's report for one month, every field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetailVersi {
    pub demo: bool,
    pub kelurahan_code: String,
    pub kelurahan_nama: String,
    pub kecamatan_code: String,
    pub kecamatan_nama: String,
    pub kkmp_nama: String,
    pub periode: Periode,
    pub versi: i64,
    /// Every version number stored for this month, oldest first.
    pub semua_versi: Vec<i64>,
    /// True for the version the figures use.
    pub terkini: bool,
    pub dikirim: String,
    pub dikirim_oleh: String,
    pub sumber: String,
    pub alasan: Option<String>,
    pub peringatan: Vec<String>,
    pub laporan: StatusLaporan,
    pub hari_terlambat: Option<i64>,
    /// Sections of the report with their fields.
    pub bagian: Vec<(String, Vec<IsianVersi>)>,
    /// Where the month stands in the approval workflow.
    pub persetujuan: Option<Persetujuan>,
    /// Every workflow step taken on this month, oldest first.
    pub langkah: Vec<LangkahPersetujuan>,
}

/// One report waiting in the approval workflow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisAntrean {
    pub kelurahan_code: String,
    pub kelurahan_nama: String,
    pub kecamatan_nama: String,
    pub periode: Periode,
    pub versi: i64,
    pub status: Persetujuan,
    /// Since when it is in this state (WIB text).
    pub sejak: String,
    pub hari_menunggu: i64,
    pub dikirim_oleh: String,
}

/// The verification queue (`/verifikasi`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanAntrean {
    pub demo: bool,
    /// The camat's kecamatan; None for Dinas (the whole city).
    pub kecamatan: Option<String>,
    pub baris: Vec<BarisAntrean>,
}

/// One step of the approval workflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangkahPersetujuan {
    pub langkah: Persetujuan,
    pub versi: i64,
    pub oleh: String,
    pub pada: String,
    pub catatan: String,
}

/// One account, as the user management page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarisPengguna {
    pub id: i64,
    pub nama_pengguna: String,
    pub nama: String,
    pub peran: Peran,
    pub cakupan: Option<String>,
    /// The scope's name ("Kecamatan Ilir Timur I", "Kelurahan 35 Ilir").
    pub cakupan_nama: String,
    pub aktif: bool,
    pub diubah: String,
    /// Contacts for the app's own messages (empty: none) and whether the
    /// account wants them on each channel.
    pub surel: String,
    pub whatsapp: String,
    pub terima_surel: bool,
    pub terima_whatsapp: bool,
}

/// User management (`/pengguna`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HalamanPengguna {
    pub pengguna: Vec<BarisPengguna>,
    /// (code, name) of every kecamatan and kelurahan, for the scope choice.
    pub wilayah: Vec<(String, String)>,
    /// A message after a change (or the reason it was refused).
    pub pesan: Option<String>,
    pub galat: Option<String>,
}

/// One entry of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarisJejak {
    pub id: i64,
    /// WIB text.
    pub pada: String,
    pub pengguna: String,
    pub peran: String,
    pub alamat: String,
    pub aksi: String,
    pub objek: String,
    pub sebelum: String,
    pub sesudah: String,
    pub alasan: String,
    pub hash: String,
}

/// The bound content's verification (every report version and approval
/// step against the audit entry that wrote it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriksaIsi {
    /// Rows checked (report versions, approval steps).
    pub baris: i64,
    /// The first problems, each naming its row or entry.
    pub masalah: Vec<String>,
    pub jumlah_masalah: i64,
    /// When (WIB).
    pub pada: String,
}

/// The audit trail page (`/jejak`): the chain's verification and entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HalamanJejak {
    /// The bound content as the last full check found it (None until the
    /// first one has run).
    pub isi: Option<PeriksaIsi>,
    /// Restores from a backup the anchor file records (what each rolled
    /// back), as the last full check found them: not problems, but never
    /// hidden.
    pub pemulihan: Vec<String>,
    pub jumlah: i64,
    /// The last entry's hash when the chain is intact.
    pub hash_terakhir: String,
    /// The first broken entry and why.
    pub rusak: Option<(i64, String)>,
    pub diperiksa: String,
    pub baris: Vec<BarisJejak>,
    /// The id to page on (older entries), if any.
    pub berikutnya: Option<i64>,
    pub cari: String,
}

/// One message of the outbox (`/kotak-keluar`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarisPesan {
    pub id: i64,
    pub dibuat: String,
    /// The rule's label ("Pengingat H-3").
    pub aturan: String,
    pub periode: String,
    /// The recipient's user name.
    pub penerima: String,
    /// The channel's label.
    pub saluran: String,
    pub alamat: String,
    pub judul: String,
    pub isi: String,
    pub tautan: String,
    /// Code (`antre`, `mengirim`, `terkirim`, `gagal`) and label.
    pub status: String,
    pub status_label: String,
    pub percobaan: i32,
    /// When the next attempt is due, for a message waiting after a failure.
    pub berikut: Option<String>,
    /// The last failure's reason.
    pub alasan: String,
    /// The attached file's name, if any.
    pub lampiran: String,
    pub terkirim: Option<String>,
    /// The data revision the message was made at.
    pub revisi: i64,
}

/// The outbox page (`/kotak-keluar`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KotakKeluar {
    pub pesan: Vec<BarisPesan>,
    /// (code, label, count) per status.
    pub jumlah: Vec<(String, String, i64)>,
    /// The status filter, if any.
    pub status: Option<String>,
}
