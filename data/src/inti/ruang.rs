//! The briefing and meeting rooms: snapshots of the figures at a cut-off
//! (`cuplikan`), what changed between two of them, the meeting's tindak
//! lanjut ledger, and the briefing screen. `impl Pantau`, like `kelola.rs`.
//!
//! A snapshot stores the canonical JSON of [`Isi`] — the per-kecamatan and
//! per-KKMP figures exactly as the dashboards show them for accepted reports
//! — and its SHA-256. Packs print that hash, and [`Cuplikan::utuh`] says
//! whether the stored figures still match it. Totals are never typed: they
//! come from the same dashboard functions the pages use.

use crate::error::DataError;
use crate::error::Result;
use crate::inti::sandi::sha256_hex;
use chrono::NaiveDate;
use model::ruang::Cuplikan;
pub use model::ruang::Isi;
use model::ruang::IsiKkmp;
use model::ruang::KelompokPerubahan;
use model::ruang::Perubahan;
use model::ruang::PerubahanAngka;
use model::status::GeraiStatus;
use model::status::PinjamanTahap;
use model::status::StatusLaporan;
use model::status::StatusOperasi;
use model::view::Ringkasan;
use std::collections::HashMap;

/// The two kinds of snapshot.
pub const BRIEFING: &str = "briefing";

pub const RAPAT: &str = "rapat";

/// What a snapshot freezes the figures for: a briefing given or a meeting
/// held, on `hari`, its pack sent to the roles in `peserta`.
#[derive(Clone, Copy, Debug)]
pub struct Acara<'a> {
    pub jenis: &'a str,
    pub judul: &'a str,
    pub hari: NaiveDate,
    pub peserta: &'a [model::akun::Peran],
}

/// The roles a meeting's pack may be sent to: the people at the table.
pub const PESERTA_BOLEH: [model::akun::Peran; 4] = [
    model::akun::Peran::Pimpinan,
    model::akun::Peran::Admin,
    model::akun::Peran::Camat,
    model::akun::Peran::Inspektorat,
];

/// The canonical text of the figures and its SHA-256 (hex).
pub fn kanonik(isi: &Isi) -> Result<(String, String)> {
    let teks = serde_json::to_string(isi).map_err(|e| DataError::Internal(e.to_string()))?;
    let hash = sha256_hex(teks.as_bytes());
    Ok((teks, hash))
}

pub fn tanggal(d: NaiveDate) -> String {
    model::format::tanggal_iso(&d.to_string())
}

/// What changed from `lama` to `kini`: the headline figures and the KKMP
/// that moved, in the order the Wali Kota asks about them.
pub fn perubahan(sejak: Option<(Cuplikan, &Isi)>, kini: &Isi) -> Perubahan {
    let Some((cuplikan, lama)) = sejak else {
        return Perubahan::default();
    };
    type Ambil = fn(&Ringkasan) -> i64;
    let angka: [(&str, Ambil, bool); 7] = [
        ("KKMP berbadan hukum", |r| r.badan_hukum, true),
        ("KKMP punya rekening bank", |r| r.rekening, true),
        ("Gerai sembako beroperasi", |r| r.gerai_sembako, true),
        (
            "KKMP beroperasi (penuh atau terbatas)",
            Ringkasan::beroperasi,
            true,
        ),
        ("Pinjaman Himbara sudah cair", |r| r.pinjaman_cair, true),
        ("KKMP formalitas", |r| r.formalitas, false),
        ("Laporan masuk bulan ini", |r| r.laporan_masuk, true),
    ];
    let angka = angka
        .iter()
        .map(|(label, f, naik_baik)| {
            let (a, b) = (f(&lama.kota), f(&kini.kota));
            let d = b - a;
            PerubahanAngka {
                label: label.to_string(),
                sebelum: model::format::angka(a),
                sesudah: model::format::angka(b),
                selisih: match d {
                    0 => "tetap".into(),
                    d if d > 0 => format!("+{}", model::format::angka(d)),
                    d => format!("−{}", model::format::angka(-d)),
                },
                naik_baik: *naik_baik,
                beda: d as f64,
            }
        })
        .collect();
    let dulu: HashMap<&str, &IsiKkmp> = lama
        .kkmp
        .iter()
        .map(|k| (k.baris.kelurahan_code.as_str(), k))
        .collect();
    type Uji = fn(&IsiKkmp, &IsiKkmp) -> bool;
    let aturan: [(&str, Uji); 6] = [
        ("Berbadan hukum baru", |a, b| {
            !a.baris.badan_hukum && b.baris.badan_hukum
        }),
        ("Gerai sembako mulai beroperasi", |a, b| {
            a.baris.gerai_sembako != Some(GeraiStatus::Beroperasi)
                && b.baris.gerai_sembako == Some(GeraiStatus::Beroperasi)
        }),
        ("Mulai beroperasi", |a, b| {
            a.baris.status_operasi == StatusOperasi::Belum
                && b.baris.status_operasi != StatusOperasi::Belum
        }),
        ("Pinjaman Himbara cair", |a, b| {
            a.baris.pinjaman != Some(PinjamanTahap::Cair)
                && b.baris.pinjaman == Some(PinjamanTahap::Cair)
        }),
        ("Berhenti beroperasi", |a, b| {
            a.baris.status_operasi != StatusOperasi::Belum
                && b.baris.status_operasi == StatusOperasi::Belum
        }),
        ("Laporan kini terlambat atau belum masuk", |a, b| {
            a.baris.laporan == StatusLaporan::TepatWaktu
                && b.baris.laporan != StatusLaporan::TepatWaktu
        }),
    ];
    let kelompok = aturan
        .iter()
        .map(|(judul, uji)| KelompokPerubahan {
            judul: judul.to_string(),
            kkmp: kini
                .kkmp
                .iter()
                .filter(|b| {
                    dulu.get(b.baris.kelurahan_code.as_str())
                        .is_some_and(|a| uji(a, b))
                })
                .map(|b| {
                    (
                        b.baris.kelurahan_code.clone(),
                        format!("{} ({})", b.baris.kkmp_nama, b.kecamatan_nama),
                    )
                })
                .collect(),
        })
        .collect();
    Perubahan {
        sejak: Some(cuplikan),
        angka,
        kelompok,
    }
}

/// A new tindak lanjut item as typed in the meeting.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct TindakBaru {
    pub rapat_id: i64,
    pub uraian: String,
    /// A kecamatan or kelurahan code, or "" for the whole city.
    pub wilayah: String,
    pub indikator: String,
    pub penanggung_jawab: String,
    /// YYYY-MM-DD.
    pub tenggat: String,
    pub catatan: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inti::sandi::sha256_hex;
    use model::Periode;
    use model::view::BarisKkmp;

    fn kkmp(code: &str, bh: bool, sembako: GeraiStatus, lapor: StatusLaporan) -> IsiKkmp {
        IsiKkmp {
            kecamatan_code: "16.71.07".into(),
            kecamatan_nama: "Sukarami".into(),
            baris: BarisKkmp {
                kelurahan_code: code.into(),
                kelurahan_nama: code.into(),
                kkmp_nama: format!("KKMP {code}"),
                periode_data: None,
                badan_hukum: bh,
                rekening: false,
                gerai_sembako: Some(sembako),
                unit_beroperasi: (sembako == GeraiStatus::Beroperasi) as i64,
                status_operasi: if sembako == GeraiStatus::Beroperasi {
                    StatusOperasi::Terbatas
                } else {
                    StatusOperasi::Belum
                },
                formalitas: false,
                pinjaman: None,
                anggota: 10,
                omzet: None,
                laporan: lapor,
                hari_terlambat: None,
            },
        }
    }

    fn cuplikan() -> Cuplikan {
        Cuplikan {
            id: 1,
            jenis: RAPAT.into(),
            judul: "Rapat 1".into(),
            tanggal: String::new(),
            tanggal_iso: String::new(),
            periode: Periode::new(2026, 9).expect("valid"),
            cutoff: String::new(),
            hash: String::new(),
            dibuat_oleh: String::new(),
            peserta: vec![],
            utuh: true,
        }
    }

    #[test]
    fn changes_name_the_kkmp_that_moved_and_the_figures() {
        use GeraiStatus::*;
        use StatusLaporan::*;
        let lama = Isi {
            kota: Ringkasan {
                badan_hukum: 1,
                gerai_sembako: 0,
                ..Ringkasan::default()
            },
            kkmp: vec![
                kkmp("a", false, Persiapan, TepatWaktu),
                kkmp("b", true, BelumAda, TepatWaktu),
                kkmp("c", true, Beroperasi, TepatWaktu),
            ],
            ..Isi::default()
        };
        let kini = Isi {
            kota: Ringkasan {
                badan_hukum: 3,
                gerai_sembako: 1,
                ..Ringkasan::default()
            },
            kkmp: vec![
                kkmp("a", true, Beroperasi, TepatWaktu),
                kkmp("b", true, BelumAda, Terlambat),
                kkmp("c", true, Beroperasi, TidakAda),
                // Not in the earlier snapshot: not a change.
                kkmp("d", true, Beroperasi, TepatWaktu),
            ],
            ..Isi::default()
        };
        let p = perubahan(Some((cuplikan(), &lama)), &kini);
        let grup = |j: &str| -> Vec<String> {
            p.kelompok
                .iter()
                .find(|k| k.judul == j)
                .map(|k| k.kkmp.iter().map(|(c, _)| c.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(grup("Berbadan hukum baru"), ["a"]);
        assert_eq!(grup("Gerai sembako mulai beroperasi"), ["a"]);
        assert_eq!(grup("Mulai beroperasi"), ["a"]);
        assert_eq!(grup("Laporan kini terlambat atau belum masuk"), ["b", "c"]);
        assert!(grup("Berhenti beroperasi").is_empty());
        let bh = &p.angka[0];
        assert_eq!(
            (
                bh.sebelum.as_str(),
                bh.sesudah.as_str(),
                bh.selisih.as_str()
            ),
            ("1", "3", "+2")
        );
        assert_eq!(p.angka[5].selisih, "tetap");
        // No earlier snapshot: nothing to compare.
        assert_eq!(perubahan(None, &kini), Perubahan::default());
        // The same figures: every count "tetap", every group empty.
        let same = perubahan(Some((cuplikan(), &kini)), &kini);
        assert!(same.angka.iter().all(|a| a.selisih == "tetap"));
        assert!(same.kelompok.iter().all(|k| k.kkmp.is_empty()));
    }

    #[test]
    fn the_hash_covers_every_figure() {
        let a = Isi::default();
        let mut b = Isi::default();
        b.kota.anggota = 1;
        let (ta, ha) = kanonik(&a).expect("json");
        let (_, hb) = kanonik(&b).expect("json");
        assert_ne!(ha, hb);
        assert_eq!(sha256_hex(ta.as_bytes()), ha);
        assert_eq!(ha.len(), 64);
    }
}
