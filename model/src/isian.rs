//! The fields of the monthly report (docs/domain.md §4), described once.
//!
//! One [`Bidang`] per reported field drives everything that shows or reads
//! a report field by field: the web form (sections, inputs, selects), the
//! Excel template (header, dropdowns), the importer (which column is which),
//! the exports and the definitions page. The code of a field is its column
//! name in the database and in files, so it never changes once released.

use crate::status::{GeraiStatus, Lahan, Pembangunan, PinjamanTahap};

/// The sections of the report, in the order of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bagian {
    Hukum,
    Anggota,
    Modal,
    Gerai,
    Lahan,
    Pinjaman,
    TataKelola,
    Kegiatan,
}

impl Bagian {
    pub const ALL: [Bagian; 8] = [
        Bagian::Hukum,
        Bagian::Anggota,
        Bagian::Modal,
        Bagian::Gerai,
        Bagian::Lahan,
        Bagian::Pinjaman,
        Bagian::TataKelola,
        Bagian::Kegiatan,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Bagian::Hukum => "Status hukum dan administrasi",
            Bagian::Anggota => "Keanggotaan",
            Bagian::Modal => "Permodalan",
            Bagian::Gerai => "Unit usaha (gerai)",
            Bagian::Lahan => "Lahan dan bangunan",
            Bagian::Pinjaman => "Pinjaman Himbara",
            Bagian::TataKelola => "Tata kelola",
            Bagian::Kegiatan => "Kegiatan bulan ini",
        }
    }
}

/// What kind of value a field holds, and so how it is typed and read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jenis {
    /// Yes or no ("ya" / "tidak").
    YaTidak,
    /// A calendar date, optional.
    Tanggal,
    /// A whole count (people, units, transactions).
    Bilangan,
    /// Rupiah, whole.
    Rupiah,
    /// One value of a closed vocabulary: (code, label) pairs.
    Pilihan(&'static [(&'static str, &'static str)]),
    /// Free text, optional.
    Teks,
}

impl Jenis {
    /// Whether an empty value is acceptable. An empty amount of money reads
    /// as zero (recaps leave such cells blank); an empty count, yes/no or
    /// choice is a question left unanswered.
    pub fn boleh_kosong(self) -> bool {
        matches!(self, Jenis::Tanggal | Jenis::Teks | Jenis::Rupiah)
    }

    /// The unit or the form of the answer, for the definitions page and
    /// the spreadsheet's data dictionary.
    pub fn satuan(self) -> String {
        match self {
            Jenis::YaTidak => "ya / tidak".to_string(),
            Jenis::Tanggal => "tanggal".to_string(),
            Jenis::Bilangan => "bilangan bulat ≥ 0".to_string(),
            Jenis::Rupiah => "Rp".to_string(),
            Jenis::Pilihan(options) => options
                .iter()
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join(" / "),
            Jenis::Teks => "teks".to_string(),
        }
    }

    /// The label of a stored choice code (the code itself when unknown).
    pub fn label_pilihan(self, code: &'static str) -> &'static str {
        match self {
            Jenis::Pilihan(options) => options
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(code, |(_, label)| *label),
            _ => code,
        }
    }

    /// Whether the value is a number (written right-aligned, as a number).
    pub fn angka(self) -> bool {
        matches!(self, Jenis::Bilangan | Jenis::Rupiah)
    }

    /// The label of a choice code, or of a code-or-label typed by a person
    /// (any case). `None` when the text is neither.
    pub fn pilihan(self, text: &str) -> Option<&'static str> {
        let Jenis::Pilihan(options) = self else {
            return None;
        };
        let t = text.trim().to_lowercase();
        options
            .iter()
            .find(|(code, label)| *code == t || label.to_lowercase() == t)
            .map(|(code, _)| *code)
    }
}

/// One field of the monthly report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bidang {
    /// The column name in the database and in files.
    pub code: &'static str,
    /// The label on the form and in the spreadsheet header.
    pub label: &'static str,
    pub bagian: Bagian,
    pub jenis: Jenis,
    /// What exactly to report, in one or two sentences.
    pub definisi: &'static str,
}

const fn b(
    code: &'static str,
    label: &'static str,
    bagian: Bagian,
    jenis: Jenis,
    definisi: &'static str,
) -> Bidang {
    Bidang {
        code,
        label,
        bagian,
        jenis,
        definisi,
    }
}

const GERAI: Jenis = Jenis::Pilihan(GeraiStatus::PILIHAN);
const GERAI_DEF: &str = "Keadaan unit pada akhir bulan: belum ada, persiapan (tempat, barang atau petugas sedang disiapkan), atau beroperasi (melayani anggota/masyarakat).";

/// Every reported field, in the order of the form and of the spreadsheet.
#[rustfmt::skip]
pub const BIDANG: &[Bidang] = &[
    b("badan_hukum", "Berbadan hukum (SK AHU terbit)", Bagian::Hukum, Jenis::YaTidak,
      "Ya bila Surat Keputusan Kementerian Hukum (SK AHU) pengesahan badan hukum koperasi sudah terbit."),
    b("tgl_badan_hukum", "Tanggal SK AHU", Bagian::Hukum, Jenis::Tanggal,
      "Tanggal SK AHU, bila sudah terbit."),
    b("nib", "NIB terbit", Bagian::Hukum, Jenis::YaTidak,
      "Ya bila Nomor Induk Berusaha (OSS) koperasi sudah terbit."),
    b("npwp", "NPWP terdaftar", Bagian::Hukum, Jenis::YaTidak,
      "Ya bila koperasi sudah punya NPWP badan."),
    b("rekening", "Rekening bank atas nama koperasi", Bagian::Hukum, Jenis::YaTidak,
      "Ya bila rekening di bank (Himbara atau lainnya) atas nama koperasi sudah dibuka."),
    b("simkopdes", "Akun SIMKOPDES aktif", Bagian::Hukum, Jenis::YaTidak,
      "Ya bila akun koperasi di sistem SIMKOPDES aktif."),
    b("anggota", "Jumlah anggota", Bagian::Anggota, Jenis::Bilangan,
      "Anggota terdaftar pada akhir bulan; harus sama dengan anggota pria ditambah anggota wanita."),
    b("anggota_pria", "Anggota pria", Bagian::Anggota, Jenis::Bilangan,
      "Anggota laki-laki pada akhir bulan."),
    b("anggota_wanita", "Anggota wanita", Bagian::Anggota, Jenis::Bilangan,
      "Anggota perempuan pada akhir bulan."),
    b("pengurus", "Pengurus", Bagian::Anggota, Jenis::Bilangan,
      "Jumlah pengurus; pengurus dan pengawas juga anggota."),
    b("pengawas", "Pengawas", Bagian::Anggota, Jenis::Bilangan,
      "Jumlah pengawas."),
    b("simpanan_pokok", "Simpanan pokok (Rp)", Bagian::Modal, Jenis::Rupiah,
      "Jumlah simpanan pokok seluruh anggota sejak berdiri (kumulatif)."),
    b("simpanan_wajib", "Simpanan wajib (Rp)", Bagian::Modal, Jenis::Rupiah,
      "Jumlah simpanan wajib sejak berdiri (kumulatif)."),
    b("simpanan_sukarela", "Simpanan sukarela (Rp)", Bagian::Modal, Jenis::Rupiah,
      "Saldo simpanan sukarela pada akhir bulan."),
    b("hibah", "Hibah/bantuan modal (Rp)", Bagian::Modal, Jenis::Rupiah,
      "Hibah atau bantuan modal yang sudah diterima sejak berdiri (kumulatif)."),
    b("gerai_kantor", "Kantor koperasi", Bagian::Gerai, GERAI, GERAI_DEF),
    b("gerai_sembako", "Gerai sembako", Bagian::Gerai, GERAI, GERAI_DEF),
    b("gerai_simpan_pinjam", "Simpan pinjam", Bagian::Gerai, GERAI, GERAI_DEF),
    b("gerai_klinik", "Klinik", Bagian::Gerai, GERAI, GERAI_DEF),
    b("gerai_apotek", "Apotek", Bagian::Gerai, GERAI, GERAI_DEF),
    b("gerai_cold_storage", "Cold storage / pergudangan", Bagian::Gerai, GERAI, GERAI_DEF),
    b("gerai_logistik", "Logistik", Bagian::Gerai, GERAI, GERAI_DEF),
    b("unit_lain", "Unit usaha lain (sebutkan)", Bagian::Gerai, Jenis::Teks,
      "Unit di luar tujuh gerai Inpres 9/2025, misalnya pangkalan LPG atau pupuk."),
    b("unit_lain_beroperasi", "Unit lain yang beroperasi", Bagian::Gerai, Jenis::Bilangan,
      "Berapa dari unit lain itu yang beroperasi pada akhir bulan."),
    b("lahan", "Lahan gerai", Bagian::Lahan, Jenis::Pilihan(Lahan::PILIHAN),
      "Memenuhi 4 syarat: status hukum jelas, luas ≥ 1.000 m², strategis dan mudah dijangkau, siap bangun dan tidak rawan bencana."),
    b("pembangunan", "Pembangunan gerai", Bagian::Lahan, Jenis::Pilihan(Pembangunan::PILIHAN),
      "Keadaan pembangunan gedung gerai pada akhir bulan."),
    b("tempat_sewa", "Memakai tempat sewa/pinjam", Bagian::Lahan, Jenis::YaTidak,
      "Ya bila unit usaha berjalan di tempat sewa atau pinjaman selama gedung sendiri belum selesai."),
    b("pinjaman_tahap", "Tahap pinjaman Himbara", Bagian::Pinjaman, Jenis::Pilihan(PinjamanTahap::PILIHAN),
      "Tahap terakhir yang sudah dicapai pada akhir bulan (PMK 49/2025)."),
    b("pinjaman_plafon", "Plafon pinjaman (Rp)", Bagian::Pinjaman, Jenis::Rupiah,
      "Plafon yang diajukan atau disetujui; paling banyak Rp3 miliar."),
    b("pinjaman_cair", "Pinjaman cair (Rp)", Bagian::Pinjaman, Jenis::Rupiah,
      "Jumlah yang sudah dicairkan bank (kumulatif); tidak boleh melebihi plafon."),
    b("pinjaman_outstanding", "Sisa pinjaman (Rp)", Bagian::Pinjaman, Jenis::Rupiah,
      "Pokok pinjaman yang belum dilunasi pada akhir bulan."),
    b("rat", "RAT tahun ini sudah dilaksanakan", Bagian::TataKelola, Jenis::YaTidak,
      "Ya bila Rapat Anggota Tahunan tahun berjalan sudah dilaksanakan."),
    b("tgl_rat", "Tanggal RAT", Bagian::TataKelola, Jenis::Tanggal,
      "Tanggal RAT, bila sudah dilaksanakan."),
    b("omzet", "Omzet bulan ini (Rp)", Bagian::Kegiatan, Jenis::Rupiah,
      "Pendapatan usaha seluruh unit dalam bulan laporan saja."),
    b("shu", "SHU/laba bulan ini (Rp)", Bagian::Kegiatan, Jenis::Rupiah,
      "Sisa hasil usaha bulan laporan; boleh negatif bila rugi."),
    b("tenaga_kerja", "Tenaga kerja", Bagian::Kegiatan, Jenis::Bilangan,
      "Orang yang bekerja di unit usaha koperasi pada akhir bulan (digaji atau relawan tetap)."),
    b("transaksi_anggota", "Transaksi anggota", Bagian::Kegiatan, Jenis::Bilangan,
      "Jumlah transaksi anggota di seluruh unit dalam bulan laporan."),
];

/// The field with this code.
pub fn cari(code: &str) -> Option<&'static Bidang> {
    BIDANG.iter().find(|b| b.code == code)
}

/// The field a spreadsheet header names: its code or its label, any case,
/// spaces trimmed.
pub fn dari_judul(judul: &str) -> Option<&'static Bidang> {
    let j = judul.trim().to_lowercase();
    BIDANG
        .iter()
        .find(|b| b.code == j || b.label.to_lowercase() == j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_are_unique() {
        let mut codes: Vec<_> = BIDANG.iter().map(|b| b.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), BIDANG.len());
        let mut labels: Vec<_> = BIDANG.iter().map(|b| b.label.to_lowercase()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), BIDANG.len());
    }

    #[test]
    fn every_section_has_fields_in_order() {
        for bagian in Bagian::ALL {
            assert!(BIDANG.iter().any(|b| b.bagian == bagian), "{bagian:?}");
        }
        assert!(BIDANG.windows(2).all(|w| w[0].bagian <= w[1].bagian));
    }

    #[test]
    fn headers_and_choices_read_codes_and_labels() {
        assert_eq!(
            dari_judul(" Jumlah Anggota ").map(|b| b.code),
            Some("anggota")
        );
        assert_eq!(dari_judul("omzet").map(|b| b.code), Some("omzet"));
        assert!(dari_judul("anggota baru").is_none());
        let gerai = cari("gerai_sembako").unwrap().jenis;
        assert_eq!(gerai.pilihan("Beroperasi "), Some("beroperasi"));
        assert_eq!(gerai.pilihan("belum_ada"), Some("belum_ada"));
        assert_eq!(gerai.pilihan("buka"), None);
    }
}
