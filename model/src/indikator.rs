//! The indicator registry: every figure the dashboard shows or a target can
//! name has a code, a Bahasa name, a unit and a written definition. The
//! registry is versioned so that an export can say which definitions it used.

use serde::{Deserialize, Serialize};

/// Bumped whenever a definition below changes meaning.
pub const VERSI_DEFINISI: &str = "2026.1";

/// How an indicator's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Satuan {
    /// A share of the KKMP in scope, 0..=1, shown as a percentage.
    PersenKkmp,
    /// A number of people.
    Orang,
    /// Rupiah.
    Rupiah,
    /// A number of cooperatives.
    Kkmp,
}

impl Satuan {
    pub fn label(self) -> &'static str {
        match self {
            Satuan::PersenKkmp => "% KKMP",
            Satuan::Orang => "orang",
            Satuan::Rupiah => "Rp",
            Satuan::Kkmp => "KKMP",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indikator {
    pub code: &'static str,
    pub nama: &'static str,
    pub satuan: Satuan,
    pub definisi: &'static str,
}

/// Indicators a target can be set on.
pub const TARGETABLE: &[&str] = &[
    "badan_hukum",
    "rekening",
    "gerai_sembako",
    "beroperasi",
    "anggota_rata",
    "pinjaman_cair",
];

pub const REGISTRY: &[Indikator] = &[
    Indikator {
        code: "kkmp",
        nama: "Jumlah KKMP",
        satuan: Satuan::Kkmp,
        definisi: "Koperasi Kelurahan Merah Putih yang terdaftar di data induk: satu untuk setiap kelurahan.",
    },
    Indikator {
        code: "badan_hukum",
        nama: "KKMP berbadan hukum",
        satuan: Satuan::PersenKkmp,
        definisi: "Bagian KKMP yang laporan terakhirnya (sampai bulan terpilih) menyatakan SK AHU telah terbit.",
    },
    Indikator {
        code: "rekening",
        nama: "KKMP dengan rekening bank",
        satuan: Satuan::PersenKkmp,
        definisi: "Bagian KKMP yang laporan terakhirnya menyatakan rekening bank atas nama koperasi telah dibuka.",
    },
    Indikator {
        code: "gerai_sembako",
        nama: "Gerai sembako beroperasi",
        satuan: Satuan::PersenKkmp,
        definisi: "Bagian KKMP yang laporan terakhirnya menyatakan gerai sembako berstatus beroperasi.",
    },
    Indikator {
        code: "beroperasi",
        nama: "KKMP beroperasi",
        satuan: Satuan::PersenKkmp,
        definisi: "Bagian KKMP dengan sedikitnya satu unit usaha beroperasi (beroperasi penuh atau terbatas).",
    },
    Indikator {
        code: "status_operasi",
        nama: "Status operasi",
        satuan: Satuan::Kkmp,
        definisi: "Dihitung dari laporan terakhir: beroperasi penuh bila 3 unit usaha atau lebih beroperasi, terbatas bila 1–2, belum beroperasi bila tidak ada. Unit usaha adalah enam gerai Inpres 9/2025 selain kantor koperasi, ditambah unit lain (pangkalan LPG, pupuk, …).",
    },
    Indikator {
        code: "formalitas",
        nama: "Hanya formalitas",
        satuan: Satuan::Kkmp,
        definisi: "KKMP yang sudah berbadan hukum sejak sedikitnya 3 bulan, tetapi dalam laporan 3 bulan terakhir tidak punya unit usaha beroperasi dan tidak mencatat omzet.",
    },
    Indikator {
        code: "anggota",
        nama: "Jumlah anggota",
        satuan: Satuan::Orang,
        definisi: "Jumlah anggota menurut laporan terakhir setiap KKMP sampai bulan terpilih, dijumlahkan.",
    },
    Indikator {
        code: "anggota_rata",
        nama: "Rata-rata anggota per KKMP",
        satuan: Satuan::Orang,
        definisi: "Jumlah anggota dibagi jumlah KKMP dalam cakupan.",
    },
    Indikator {
        code: "omzet",
        nama: "Omzet bulan ini",
        satuan: Satuan::Rupiah,
        definisi: "Jumlah omzet dari laporan bulan terpilih saja; KKMP yang belum melapor tidak dihitung.",
    },
    Indikator {
        code: "pinjaman_cair",
        nama: "Pinjaman Himbara cair",
        satuan: Satuan::PersenKkmp,
        definisi: "Bagian KKMP yang pinjaman Himbara-nya sudah cair menurut laporan terakhir.",
    },
    Indikator {
        code: "laporan_masuk",
        nama: "Laporan masuk",
        satuan: Satuan::Kkmp,
        definisi: "KKMP yang laporan bulan terpilihnya sudah diterima (versi terakhir).",
    },
    Indikator {
        code: "tepat_waktu",
        nama: "Laporan tepat waktu",
        satuan: Satuan::Kkmp,
        definisi: "Laporan yang versi pertamanya masuk paling lambat tanggal batas (bawaan: tanggal 10 bulan berikutnya, WIB).",
    },
    Indikator {
        code: "status_target",
        nama: "Status terhadap target",
        satuan: Satuan::PersenKkmp,
        definisi: "Capaian dibandingkan dengan lintasan lurus dari nilai awal ke target pada tenggatnya, dihitung pada akhir bulan terpilih: tercapai bila capaian ≥ target; sesuai jalur bila ≥ nilai lintasan; berisiko bila ≥ 75% nilai lintasan; selain itu tertinggal.",
    },
];

/// The registry entry for a code.
pub fn cari(code: &str) -> Option<&'static Indikator> {
    REGISTRY.iter().find(|i| i.code == code)
}

/// Whether the indicator `code` is a share of the KKMP in scope (0..=1,
/// shown as a percentage); false for unknown codes.
pub fn persen_kkmp(code: &str) -> bool {
    cari(code).is_some_and(|i| i.satuan == Satuan::PersenKkmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_targetable_indicator_is_defined_once() {
        for code in TARGETABLE {
            assert!(cari(code).is_some(), "{code} missing");
        }
        let mut codes: Vec<_> = REGISTRY.iter().map(|i| i.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), REGISTRY.len());
    }
}
