//! The closed vocabularies of the monthly report and of its derived
//! statuses. Each value has a stable code (stored in the database, used in
//! files and URLs) and a label in Bahasa Indonesia (shown to people).

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order of the program's stages.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every (code, label) pair, in the same order: what a select
            /// or a spreadsheet dropdown offers.
            pub const PILIHAN: &'static [(&'static str, &'static str)] = &[$(($code, $label)),+];

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value for a stored code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

vocabulary! {
    /// State of one business unit (gerai).
    GeraiStatus {
        BelumAda = "belum_ada" => "Belum ada",
        Persiapan = "persiapan" => "Persiapan",
        Beroperasi = "beroperasi" => "Beroperasi",
    }
}

vocabulary! {
    /// The seven business units named by Inpres 9/2025.
    JenisGerai {
        Kantor = "kantor" => "Kantor koperasi",
        Sembako = "sembako" => "Gerai sembako",
        SimpanPinjam = "simpan_pinjam" => "Simpan pinjam",
        Klinik = "klinik" => "Klinik",
        Apotek = "apotek" => "Apotek",
        ColdStorage = "cold_storage" => "Cold storage / pergudangan",
        Logistik = "logistik" => "Logistik",
    }
}

vocabulary! {
    /// Land for the gerai building.
    Lahan {
        BelumAda = "belum_ada" => "Belum ada",
        Diusulkan = "diusulkan" => "Diusulkan",
        MemenuhiSyarat = "memenuhi_syarat" => "Memenuhi 4 syarat",
    }
}

vocabulary! {
    /// Construction of the gerai building.
    Pembangunan {
        Belum = "belum" => "Belum",
        Berjalan = "berjalan" => "Berjalan",
        Selesai = "selesai" => "Selesai",
    }
}

vocabulary! {
    /// Stage of the Himbara loan (PMK 49/2025).
    PinjamanTahap {
        Belum = "belum" => "Belum",
        Proposal = "proposal" => "Proposal",
        Disetujui = "disetujui" => "Disetujui Wali Kota",
        PenilaianBank = "penilaian_bank" => "Penilaian bank",
        Akad = "akad" => "Akad",
        Cair = "cair" => "Cair",
    }
}

vocabulary! {
    /// Operating status, as the ministry splits it: derived, never typed.
    StatusOperasi {
        Penuh = "penuh" => "Beroperasi penuh",
        Terbatas = "terbatas" => "Beroperasi terbatas",
        Belum = "belum" => "Belum beroperasi",
    }
}

vocabulary! {
    /// Progress against a target's straight trajectory.
    StatusTarget {
        Tercapai = "tercapai" => "Tercapai",
        SesuaiJalur = "sesuai_jalur" => "Sesuai jalur",
        Berisiko = "berisiko" => "Berisiko",
        Tertinggal = "tertinggal" => "Tertinggal",
    }
}

vocabulary! {
    /// Whether a month's report arrived by the deadline.
    StatusLaporan {
        TepatWaktu = "tepat_waktu" => "Tepat waktu",
        Terlambat = "terlambat" => "Terlambat",
        TidakAda = "tidak_ada" => "Belum masuk",
    }
}

impl StatusOperasi {
    /// How many operating business units make a cooperative "penuh": three or
    /// more of the six business gerai (the office does not count) plus any
    /// other unit; one or two is "terbatas".
    pub const PENUH_MIN_UNIT: i64 = 3;

    pub fn from_units(units: i64) -> Self {
        match units {
            u if u >= Self::PENUH_MIN_UNIT => StatusOperasi::Penuh,
            u if u >= 1 => StatusOperasi::Terbatas,
            _ => StatusOperasi::Belum,
        }
    }
}

impl JenisGerai {
    /// Whether the unit is a business that can make the cooperative operate
    /// (all but the office).
    pub fn is_usaha(self) -> bool {
        self != JenisGerai::Kantor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_roundtrip() {
        for s in PinjamanTahap::ALL {
            assert_eq!(PinjamanTahap::from_code(s.code()), Some(*s));
        }
        assert_eq!(GeraiStatus::from_code("buka"), None);
    }

    #[test]
    fn operating_status_thresholds() {
        assert_eq!(StatusOperasi::from_units(0), StatusOperasi::Belum);
        assert_eq!(StatusOperasi::from_units(2), StatusOperasi::Terbatas);
        assert_eq!(StatusOperasi::from_units(3), StatusOperasi::Penuh);
    }
}

/// Where a (KKMP, month) report stands in the approval workflow: the
/// operator submits, the camat verifies or returns it, Dinas accepts it
/// (and only then does it count by default). An accepted month is locked
/// until Dinas reopens it with a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Persetujuan {
    Diajukan,
    Diverifikasi,
    Dikembalikan,
    Diterima,
    Dibuka,
}

impl Persetujuan {
    pub const ALL: [Persetujuan; 5] = [
        Persetujuan::Diajukan,
        Persetujuan::Diverifikasi,
        Persetujuan::Dikembalikan,
        Persetujuan::Diterima,
        Persetujuan::Dibuka,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Persetujuan::Diajukan => "diajukan",
            Persetujuan::Diverifikasi => "diverifikasi",
            Persetujuan::Dikembalikan => "dikembalikan",
            Persetujuan::Diterima => "diterima",
            Persetujuan::Dibuka => "dibuka",
        }
    }

    pub fn from_code(code: &str) -> Option<Persetujuan> {
        Persetujuan::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Persetujuan::Diajukan => "Menunggu verifikasi camat",
            Persetujuan::Diverifikasi => "Terverifikasi, menunggu Dinas",
            Persetujuan::Dikembalikan => "Dikembalikan untuk diperbaiki",
            Persetujuan::Diterima => "Diterima Dinas (terkunci)",
            Persetujuan::Dibuka => "Dibuka kembali oleh Dinas",
        }
    }

    /// The step's verb, for histories ("diverifikasi oleh …").
    pub fn langkah(self) -> &'static str {
        match self {
            Persetujuan::Diajukan => "Diajukan",
            Persetujuan::Diverifikasi => "Diverifikasi",
            Persetujuan::Dikembalikan => "Dikembalikan",
            Persetujuan::Diterima => "Diterima",
            Persetujuan::Dibuka => "Dibuka kembali",
        }
    }
}
