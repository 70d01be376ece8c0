//! The wire types of the three rooms (docs/domain.md §2): the Wali Kota's
//! briefing, the Sekda's coordination meeting and the Inspektorat's audit,
//! plus the city's support interventions that all three look at.

use crate::Periode;
use crate::view::{BarisKkmp, BarisLiga, BarisWilayah, Capaian, Grafik, Konteks, Ringkasan};
use serde::{Deserialize, Serialize};

/// The figures of one moment, as frozen in a snapshot. Its canonical JSON
/// is what the snapshot's hash covers, so every total of a pack can be
/// recomputed from the per-KKMP rows it carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Isi {
    pub periode: Option<Periode>,
    pub kota: Ringkasan,
    pub target_kota: Vec<Capaian>,
    pub kecamatan: Vec<IsiKecamatan>,
    pub kkmp: Vec<IsiKkmp>,
    /// The evidence grade of the "beroperasi" figure (field visits);
    /// absent from snapshots frozen before visits existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bukti: Option<crate::lapangan::BuktiLapangan>,
}

/// One kecamatan in a snapshot: its totals and every targeted indicator.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IsiKecamatan {
    pub code: String,
    pub nama: String,
    pub ringkasan: Ringkasan,
    pub target: Vec<Capaian>,
}

/// One KKMP in a snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IsiKkmp {
    pub kecamatan_code: String,
    pub kecamatan_nama: String,
    pub baris: BarisKkmp,
}

/// A stored snapshot (a briefing given or a meeting held), as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cuplikan {
    pub id: i64,
    /// "briefing" or "rapat".
    pub jenis: String,
    pub judul: String,
    /// The day of the briefing or meeting, "29 November 2026".
    pub tanggal: String,
    pub tanggal_iso: String,
    pub periode: Periode,
    /// The data cut-off, in WIB.
    pub cutoff: String,
    pub hash: String,
    pub dibuat_oleh: String,
    /// A meeting's participants: the roles its pack was sent to when it was
    /// frozen (their labels); empty for a briefing.
    #[serde(default)]
    pub peserta: Vec<String>,
    /// The stored figures still hash to the stored hash.
    pub utuh: bool,
}

/// A headline figure then and now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerubahanAngka {
    pub label: String,
    pub sebelum: String,
    pub sesudah: String,
    /// "+3", "−1", "tetap".
    pub selisih: String,
    /// Whether the change is good news (for the arrow's word).
    pub naik_baik: bool,
    pub beda: f64,
}

/// KKMP that moved in one respect since the last snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KelompokPerubahan {
    pub judul: String,
    /// (kelurahan code, "KKMP name (kecamatan)").
    pub kkmp: Vec<(String, String)>,
}

/// What changed between two snapshots (or a snapshot and now).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Perubahan {
    /// The earlier snapshot, when there is one.
    pub sejak: Option<Cuplikan>,
    pub angka: Vec<PerubahanAngka>,
    pub kelompok: Vec<KelompokPerubahan>,
}

/// The city's support per kind, as totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RekapDukungan {
    pub jenis: String,
    pub label: String,
    pub kegiatan: i64,
    pub kkmp: i64,
    pub nilai: i64,
    pub peserta: i64,
}

/// The Wali Kota's briefing screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Briefing {
    pub konteks: Konteks,
    pub hash: String,
    pub kota: Ringkasan,
    pub target_kota: Vec<Capaian>,
    pub kecamatan: Vec<BarisWilayah>,
    pub indikator_nama: String,
    pub grafik: Grafik,
    pub peta: Grafik,
    pub terbaik: Vec<BarisLiga>,
    pub terburuk: Vec<BarisLiga>,
    pub perubahan: Perubahan,
    pub dukungan: Vec<RekapDukungan>,
    /// Earlier briefings, newest first.
    pub riwayat: Vec<Cuplikan>,
    /// The city targets' projections: (indicator name, sentence).
    #[serde(default)]
    pub proyeksi: Vec<(String, String)>,
    /// The evidence grade of the "beroperasi" figure (field visits).
    #[serde(default)]
    pub bukti: Option<crate::lapangan::BuktiLapangan>,
    /// Today in WIB, YYYY-MM-DD (the default of date fields).
    pub hari_ini: String,
}

/// One follow-up item of a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TindakLanjut {
    pub id: i64,
    pub rapat_id: i64,
    pub rapat_judul: String,
    pub uraian: String,
    pub kecamatan_code: Option<String>,
    pub kelurahan_code: Option<String>,
    /// "Kecamatan Sukarami", "Kelurahan Sukodadi (Sukarami)", "Kota".
    pub wilayah: String,
    pub indikator: Option<String>,
    pub indikator_nama: String,
    pub penanggung_jawab: String,
    pub tenggat: String,
    pub tenggat_iso: String,
    /// "terbuka", "proses", "selesai".
    pub status: String,
    pub catatan: String,
    /// Past its due date and not done, at the meeting's (or today's) date.
    pub lewat: bool,
    pub riwayat: String,
}

/// A kecamatan's row in the meeting table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisRapat {
    pub code: String,
    pub nama: String,
    pub kkmp: i64,
    /// One cell per indicator of [`DetailRapat::indikator`].
    pub capaian: Vec<Option<Capaian>>,
    pub laporan_masuk: i64,
    pub tepat_waktu: i64,
    /// Indicators behind target.
    pub tertinggal: i64,
}

/// One meeting: its frozen figures, the ledger and the changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetailRapat {
    pub rapat: Cuplikan,
    /// (code, name) of the indicator columns.
    pub indikator: Vec<(String, String)>,
    pub kecamatan: Vec<BarisRapat>,
    pub kota: Ringkasan,
    /// Kecamatan with the most indicators behind, worst first.
    pub tertinggal: Vec<BarisRapat>,
    pub tindak_lanjut: Vec<TindakLanjut>,
    /// Open items of earlier meetings, carried into this one.
    pub terbawa: Vec<TindakLanjut>,
    pub perubahan: Perubahan,
    /// The frozen evidence grade (meetings frozen since field visits).
    #[serde(default)]
    pub bukti: Option<crate::lapangan::BuktiLapangan>,
}

/// The meeting room: the meetings held and one of them in full.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanRapat {
    pub demo: bool,
    pub rapat: Vec<Cuplikan>,
    pub detail: Option<DetailRapat>,
    /// (code, name) for the ledger form's choices.
    pub wilayah: Vec<(String, String)>,
    pub indikator: Vec<(String, String)>,
    pub periode_terbaru: Option<Periode>,
    /// Today in WIB, YYYY-MM-DD.
    pub hari_ini: String,
    /// The "what if" (`?andai=N`): N, and per city target not reached
    /// (indicator name, sentence).
    #[serde(default)]
    pub andai: (i64, Vec<(String, String)>),
    /// The Inspektorat's findings past their due date, not closed (live,
    /// not frozen with the meeting).
    #[serde(default)]
    pub temuan_lewat: Vec<crate::temuan::Temuan>,
    /// Where SIMKOPDES and the accepted reports still disagree (live: the
    /// newest import's unresolved discrepancies).
    #[serde(default)]
    pub selisih: crate::rekonsiliasi::SelisihRapat,
}

/// One anomaly for the Inspektorat (docs/domain.md §6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Anomali {
    /// Stable across recomputation: kind/kelurahan/month/field.
    pub kunci: String,
    pub jenis: String,
    pub jenis_label: String,
    pub kelurahan_code: String,
    pub kkmp_nama: String,
    pub kecamatan_nama: String,
    pub periode: Option<Periode>,
    pub uraian: String,
    /// The page that shows the evidence.
    pub bukti: String,
    pub bobot: i64,
    /// The latest follow-up: (note, by, when).
    pub tindak: Option<(String, String, String)>,
}

/// A KKMP's audit risk score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarisRisiko {
    pub peringkat: i64,
    pub kelurahan_code: String,
    pub kkmp_nama: String,
    pub kecamatan_nama: String,
    pub skor: i64,
    /// "3 pencilan, 1 diubah setelah diterima, …".
    pub rincian: String,
    pub terbuka: i64,
}

/// The Inspektorat's room.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanAudit {
    pub demo: bool,
    pub dihitung: String,
    pub anomali: Vec<Anomali>,
    /// (kind, label, count, open).
    pub per_jenis: Vec<(String, String, i64, i64)>,
    pub risiko: Vec<BarisRisiko>,
    pub jumlah: i64,
    pub terbuka: i64,
    /// The audit trail's chain check: entries and the first broken one.
    pub jejak_utuh: bool,
    pub jejak_entri: i64,
    pub jejak_pesan: String,
    pub periode: Vec<Periode>,
    /// (code, "KKMP name (kecamatan)") for the evidence export form.
    pub kkmp: Vec<(String, String)>,
}

/// One logged support to a KKMP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Intervensi {
    pub id: i64,
    pub kelurahan_code: String,
    pub kkmp_nama: String,
    pub kecamatan_nama: String,
    pub tanggal: String,
    pub tanggal_iso: String,
    pub jenis: String,
    pub jenis_label: String,
    pub nilai: Option<i64>,
    pub peserta: Option<i64>,
    pub catatan: String,
    pub dicatat_oleh: String,
}

/// Support against outcome: do supported KKMP operate more, and did the
/// support come before the first operating month?
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DampakDukungan {
    pub jenis: String,
    pub label: String,
    pub didukung: i64,
    pub didukung_beroperasi: i64,
    pub tidak_didukung: i64,
    pub tidak_didukung_beroperasi: i64,
    /// Supported KKMP that operate, whose first support came before the
    /// first month they reported an operating unit.
    pub sebelum_beroperasi: i64,
}

/// The interventions page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HalamanIntervensi {
    pub demo: bool,
    pub daftar: Vec<Intervensi>,
    pub rekap: Vec<RekapDukungan>,
    pub dampak: Vec<DampakDukungan>,
    /// (code, label) of the ten kinds.
    pub jenis: Vec<(String, String)>,
    pub kkmp: Vec<(String, String)>,
    pub periode: Option<Periode>,
    /// Today in WIB, YYYY-MM-DD.
    pub hari_ini: String,
}

/// The statuses of a tindak lanjut item: code and label.
pub const STATUS_TINDAK: &[(&str, &str)] = &[
    ("terbuka", "Terbuka"),
    ("proses", "Dalam proses"),
    ("selesai", "Selesai"),
];

/// The ten support efforts of the city (docs/domain.md §1).
pub const JENIS_INTERVENSI: &[(&str, &str)] = &[
    ("pelatihan", "Pelatihan & pendampingan SDM"),
    ("bantuan_modal", "Bantuan modal"),
    ("akses_pasar", "Fasilitasi akses pasar"),
    ("infrastruktur", "Penyediaan infrastruktur"),
    ("perizinan", "Penyederhanaan perizinan"),
    ("produk_unggulan", "Pengembangan produk unggulan lokal"),
    ("sertifikasi", "Peningkatan kualitas produk (sertifikasi)"),
    ("kerja_sama", "Jaringan kerja sama"),
    ("pengawasan", "Pengawasan (kunjungan)"),
    ("penghargaan", "Penghargaan"),
];

/// The label of an intervention kind.
pub fn label_intervensi(code: &str) -> &str {
    JENIS_INTERVENSI
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, l)| l)
}

/// The kinds of anomaly, their label and weight in the risk score.
pub const JENIS_ANOMALI: &[(&str, &str, i64)] = &[
    ("pencilan_riwayat", "Lonjakan terhadap riwayat sendiri", 3),
    ("pencilan_sejawat", "Pencilan terhadap KKMP sekecamatan", 2),
    ("nilai_kembar", "Nilai identik antar-kelurahan", 3),
    ("nilai_bulat", "Nilai bulat mencurigakan", 1),
    ("omzet_tanpa_gerai", "Omzet tanpa gerai beroperasi", 3),
    ("ubah_setelah_diterima", "Diubah setelah diterima", 4),
    (
        "satu_akun_banyak_kkmp",
        "Satu akun mengirim untuk banyak KKMP",
        2,
    ),
    ("terlambat", "Laporan terlambat", 1),
    ("tidak_lapor", "Laporan tidak masuk", 2),
];

/// Label and weight of an anomaly kind.
pub fn jenis_anomali(code: &str) -> (&str, i64) {
    JENIS_ANOMALI
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or((code, 1), |(_, l, w)| (l, *w))
}
