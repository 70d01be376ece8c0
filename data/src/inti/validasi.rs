//! Data-quality rules for one monthly report (docs/domain.md §6).
//!
//! Hard errors block a report; soft warnings let it in with a written
//! reason. Every message is in Bahasa, names the field, and says why. The
//! outlier checks use robust statistics (median and MAD), never mean and
//! standard deviation, so one wild value cannot hide another.
//!
//! A second report for the same KKMP and month is not a rule here: storage
//! refuses it unless it is a correction with a reason ([`crate::simpan::laporan::simpan`]).
use crate::inti::laporan::Laporan;
use crate::inti::statistik::median;
use crate::inti::statistik::pencilan;
use crate::inti::wilayah::Wilayah;
use model::Periode;
use model::akun::kecamatan_dari;
use model::format::rupiah;
use model::status::GeraiStatus;
use model::status::JenisGerai;
use model::status::Pembangunan;

/// The largest Himbara loan a KKMP can get (PMK 49/2025).
pub const PLAFON_MAKS: i64 = 3_000_000_000;

/// One problem with a report: a stable code, the field it concerns, and a
/// sentence for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Masalah {
    pub kode: &'static str,
    pub kolom: &'static str,
    pub pesan: String,
}

fn masalah(kode: &'static str, kolom: &'static str, pesan: String) -> Masalah {
    Masalah { kode, kolom, pesan }
}

/// The numeric fields that can never be negative, with their labels.
fn angka(l: &Laporan) -> [(&'static str, &'static str, i64); 16] {
    [
        ("anggota", "Jumlah anggota", l.anggota),
        ("anggota_pria", "Anggota pria", l.anggota_pria),
        ("anggota_wanita", "Anggota wanita", l.anggota_wanita),
        ("pengurus", "Pengurus", l.pengurus),
        ("pengawas", "Pengawas", l.pengawas),
        ("simpanan_pokok", "Simpanan pokok", l.simpanan_pokok),
        ("simpanan_wajib", "Simpanan wajib", l.simpanan_wajib),
        (
            "simpanan_sukarela",
            "Simpanan sukarela",
            l.simpanan_sukarela,
        ),
        ("hibah", "Hibah/bantuan modal", l.hibah),
        (
            "unit_lain_beroperasi",
            "Unit lain beroperasi",
            l.unit_lain_beroperasi,
        ),
        ("pinjaman_plafon", "Plafon pinjaman", l.pinjaman_plafon),
        ("pinjaman_cair", "Pinjaman cair", l.pinjaman_cair),
        (
            "pinjaman_outstanding",
            "Sisa pinjaman",
            l.pinjaman_outstanding,
        ),
        ("omzet", "Omzet", l.omzet),
        ("tenaga_kerja", "Tenaga kerja", l.tenaga_kerja),
        (
            "transaksi_anggota",
            "Transaksi anggota",
            l.transaksi_anggota,
        ),
    ]
}

/// Why a report for `periode` cannot be sent yet in `bulan_ini`: a month is
/// reported after it ends (by the 10th of the next month).
pub fn pesan_belum_berakhir(periode: Periode, bulan_ini: Periode) -> String {
    let kata = if periode == bulan_ini {
        "belum berakhir"
    } else {
        "belum terjadi"
    };
    format!(
        "Periode {} {kata}: laporan sebuah bulan dikirim setelah bulan itu selesai; paling jauh untuk {}",
        periode.label(),
        bulan_ini.prev().label()
    )
}

/// Hard errors: a report with any of these is refused. `bulan_ini` is the
/// current month (WIB); a report describes a month that has ended, so it
/// may be for an earlier month only.
pub fn periksa(l: &Laporan, wilayah: &Wilayah, bulan_ini: Periode) -> Vec<Masalah> {
    let mut out = Vec::new();
    if wilayah.kelurahan(&l.kelurahan_code).is_none() {
        out.push(masalah(
            "kode_kelurahan",
            "kelurahan_code",
            format!(
                "Kode kelurahan '{}' tidak dikenal di Kota Palembang",
                l.kelurahan_code
            ),
        ));
    }
    if l.periode >= bulan_ini {
        out.push(masalah(
            "periode_masa_depan",
            "periode",
            pesan_belum_berakhir(l.periode, bulan_ini),
        ));
    }
    // SHU may be a loss (it is not in the list); every other amount and count is ≥ 0.
    for (kolom, nama, nilai) in angka(l) {
        if nilai < 0 {
            out.push(masalah(
                "negatif",
                kolom,
                format!("{nama} tidak boleh negatif, tertulis {nilai}"),
            ));
        }
    }
    if l.pengurus + l.pengawas > l.anggota {
        out.push(masalah(
            "pengurus_pengawas",
            "pengurus",
            format!(
                "Pengurus ({}) dan pengawas ({}) berjumlah {}, lebih dari jumlah anggota ({})",
                l.pengurus,
                l.pengawas,
                l.pengurus + l.pengawas,
                l.anggota
            ),
        ));
    }
    if l.anggota_pria + l.anggota_wanita != l.anggota {
        out.push(masalah(
            "anggota_jenis_kelamin",
            "anggota",
            format!(
                "Anggota pria ({}) ditambah wanita ({}) harus sama dengan jumlah anggota ({})",
                l.anggota_pria, l.anggota_wanita, l.anggota
            ),
        ));
    }
    let beroperasi: Vec<&str> = JenisGerai::ALL
        .iter()
        .zip(l.gerai)
        .filter(|(_, s)| *s == GeraiStatus::Beroperasi)
        .map(|(j, _)| j.label())
        .collect();
    if !beroperasi.is_empty() && l.pembangunan != Pembangunan::Selesai && !l.tempat_sewa {
        out.push(masalah(
            "gerai_tanpa_tempat",
            "tempat_sewa",
            format!(
                "{} tercatat beroperasi, tetapi bangunan gerai belum selesai dan tidak ada tempat sewa",
                beroperasi.join(", ")
            ),
        ));
    }
    if l.pinjaman_plafon > PLAFON_MAKS {
        out.push(masalah(
            "plafon_maks",
            "pinjaman_plafon",
            format!(
                "Plafon {} melebihi batas {} (PMK 49/2025)",
                rupiah(l.pinjaman_plafon),
                rupiah(PLAFON_MAKS)
            ),
        ));
    }
    if l.pinjaman_cair > l.pinjaman_plafon {
        out.push(masalah(
            "cair_melebihi_plafon",
            "pinjaman_cair",
            format!(
                "Pinjaman cair {} melebihi plafon {}",
                rupiah(l.pinjaman_cair),
                rupiah(l.pinjaman_plafon)
            ),
        ));
    }
    out
}

/// What the soft checks need of another report: whose, which month, and
/// the two figures compared. [`Laporan`] has it; so has the importer's
/// compact [`Jejak`], so that checking a large file does not keep its rows.
pub trait Pembanding {
    fn kelurahan_code(&self) -> &str;
    fn periode(&self) -> Periode;
    fn anggota(&self) -> i64;
    fn omzet(&self) -> i64;
}

impl Pembanding for Laporan {
    fn kelurahan_code(&self) -> &str {
        &self.kelurahan_code
    }
    fn periode(&self) -> Periode {
        self.periode
    }
    fn anggota(&self) -> i64 {
        self.anggota
    }
    fn omzet(&self) -> i64 {
        self.omzet
    }
}

/// The figures of one report that the soft checks compare. The code is
/// borrowed (from the master data or a stored report), so a file's worth of
/// these costs 40 bytes a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jejak<'a> {
    pub kelurahan_code: &'a str,
    pub periode: Periode,
    pub anggota: i64,
    pub omzet: i64,
}

impl<'a> Jejak<'a> {
    /// The figures of `l`, under a code that lives as long as `'a`.
    pub fn dari(kelurahan_code: &'a str, l: &Laporan) -> Self {
        Jejak {
            kelurahan_code,
            periode: l.periode,
            anggota: l.anggota,
            omzet: l.omzet,
        }
    }
}

impl<'a> From<&'a Laporan> for Jejak<'a> {
    fn from(l: &'a Laporan) -> Self {
        Jejak::dari(&l.kelurahan_code, l)
    }
}

impl Pembanding for Jejak<'_> {
    fn kelurahan_code(&self) -> &str {
        self.kelurahan_code
    }
    fn periode(&self) -> Periode {
        self.periode
    }
    fn anggota(&self) -> i64 {
        self.anggota
    }
    fn omzet(&self) -> i64 {
        self.omzet
    }
}

/// Soft warnings: accepted only with a written reason.
/// - `riwayat`: this KKMP's earlier reports (any order);
/// - `sebulan`: other KKMP's reports for the same month (for peers in the
///   kecamatan and identical values anywhere in the city);
/// - `sejawat_terlihat`: whether the person may see other KKMP's figures
///   and names (see [`peringatan_dengan`]).
pub fn peringatan(
    l: &Laporan,
    riwayat: &[Laporan],
    sebulan: &[Laporan],
    sejawat_terlihat: bool,
) -> Vec<Masalah> {
    let sejawat: Vec<&Laporan> = sebulan
        .iter()
        .filter(|r| {
            r.kelurahan_code != l.kelurahan_code
                && kecamatan_dari(&r.kelurahan_code) == kecamatan_dari(&l.kelurahan_code)
        })
        .collect();
    let kembar = (l.omzet > 0)
        .then(|| {
            sebulan
                .iter()
                .find(|r| r.kelurahan_code != l.kelurahan_code && r.omzet == l.omzet)
        })
        .flatten()
        .map(|r| r.kelurahan_code.as_str());
    let riwayat: Vec<&Laporan> = riwayat.iter().collect();
    peringatan_dengan(l, &riwayat, &sejawat, kembar, sejawat_terlihat)
}

/// A compared figure: code, label, and how to read it from the report and
/// from another.
type Bandingan<R> = (
    &'static str,
    &'static str,
    fn(&Laporan) -> i64,
    fn(&R) -> i64,
);

/// Soft warnings from prepared context: `riwayat` this KKMP's reports (any
/// order; later months are ignored), `sejawat` the same month's reports of
/// the other KKMP in its kecamatan, `kembar` a kelurahan elsewhere whose
/// omzet this month is exactly the same.
///
/// `sejawat_terlihat`: the person may see other KKMP's figures and names
/// (Dinas, Inspektorat, camat, pimpinan). An operator or lurah gets the
/// same warnings without them: not the peers' median, not the kelurahan
/// with the same omzet (a refused form is only a draft, so a quoted figure
/// could be fished for without leaving a trace).
pub fn peringatan_dengan<R: Pembanding>(
    l: &Laporan,
    riwayat: &[&R],
    sejawat: &[&R],
    kembar: Option<&str>,
    sejawat_terlihat: bool,
) -> Vec<Masalah> {
    let mut out = Vec::new();
    let mut own: Vec<&R> = riwayat
        .iter()
        .copied()
        .filter(|r| r.periode() < l.periode)
        .collect();
    own.sort_by_key(|r| r.periode());
    let recent = &own[own.len().saturating_sub(7)..];
    let checks: [Bandingan<R>; 2] = [
        ("anggota", "Jumlah anggota", |r| r.anggota, |r| r.anggota()),
        ("omzet", "Omzet", |r| r.omzet, |r| r.omzet()),
    ];
    for (kolom, nama, get, get_r) in checks {
        let x = get(l) as f64;
        // Month-over-month growth factors of the recent history, and this one.
        let values: Vec<f64> = recent.iter().map(|r| get_r(r) as f64).collect();
        let factors: Vec<f64> = values
            .windows(2)
            .filter(|w| w[0] > 0.0)
            .map(|w| w[1] / w[0])
            .collect();
        if let Some(&last) = values.last()
            && last > 0.0
            && factors.len() >= 3
        {
            let factor = x / last;
            if !(0.5..=2.0).contains(&factor) && pencilan(factor, &factors) {
                out.push(masalah(
                    "lonjakan_riwayat",
                    kolom,
                    format!(
                        "{nama} berubah {}× dari bulan sebelumnya ({} → {}), jauh di luar riwayat KKMP ini",
                        model::format::desimal(factor, 1),
                        last,
                        get(l)
                    ),
                ));
            }
        }
        let peer_values: Vec<f64> = sejawat
            .iter()
            .map(|r| get_r(r) as f64)
            .filter(|v| *v > 0.0)
            .collect();
        if peer_values.len() >= 4
            && x > 3.0 * median(&peer_values).unwrap_or(f64::INFINITY)
            && pencilan(x, &peer_values)
        {
            let pesan = if sejawat_terlihat {
                format!(
                    "{nama} {} jauh di luar KKMP lain di kecamatan yang sama bulan ini (median {})",
                    get(l),
                    median(&peer_values).unwrap_or(0.0).round()
                )
            } else {
                format!(
                    "{nama} {} jauh di luar KKMP lain di kecamatan yang sama bulan ini; mohon periksa",
                    get(l)
                )
            };
            out.push(masalah("lonjakan_sejawat", kolom, pesan));
        }
    }
    if l.omzet > 0 && l.unit_usaha_beroperasi() == 0 {
        out.push(masalah(
            "omzet_tanpa_gerai",
            "omzet",
            format!(
                "Omzet {} tercatat, padahal tidak ada unit usaha yang beroperasi",
                rupiah(l.omzet)
            ),
        ));
    }
    if l.omzet >= 5_000_000 && l.omzet % 5_000_000 == 0 {
        out.push(masalah(
            "angka_bulat",
            "omzet",
            format!(
                "Omzet {} terlalu bulat untuk angka pembukuan; mohon periksa",
                rupiah(l.omzet)
            ),
        ));
    }
    if l.omzet > 0
        && let Some(twin) = kembar
    {
        let pesan = if sejawat_terlihat {
            format!(
                "Omzet {} sama persis dengan laporan kelurahan {twin}",
                rupiah(l.omzet)
            )
        } else {
            format!(
                "Omzet {} sama persis dengan laporan KKMP lain bulan ini; mohon periksa",
                rupiah(l.omzet)
            )
        };
        out.push(masalah("angka_kembar", "omzet", pesan));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inti::demo::DemoConfig;
    use crate::inti::statistik::{mad, median, pencilan};
    use model::status::{Lahan, PinjamanTahap};

    fn p(s: &str) -> Periode {
        Periode::parse(s).unwrap()
    }

    /// A valid report: no error, no warning.
    fn contoh() -> Laporan {
        let mut gerai = [GeraiStatus::BelumAda; 7];
        gerai[1] = GeraiStatus::Beroperasi;
        Laporan {
            kelurahan_code: "16.71.01.1001".into(),
            periode: p("2026-03"),
            badan_hukum: true,
            tgl_badan_hukum: None,
            nib: true,
            npwp: true,
            rekening: true,
            simkopdes: true,
            anggota: 120,
            anggota_pria: 70,
            anggota_wanita: 50,
            pengurus: 7,
            pengawas: 3,
            simpanan_pokok: 12_000_000,
            simpanan_wajib: 3_000_000,
            simpanan_sukarela: 1_000_000,
            hibah: 0,
            gerai,
            unit_lain: String::new(),
            unit_lain_beroperasi: 0,
            lahan: Lahan::Diusulkan,
            pembangunan: Pembangunan::Belum,
            tempat_sewa: true,
            pinjaman_tahap: PinjamanTahap::Cair,
            pinjaman_plafon: 1_000_000_000,
            pinjaman_cair: 600_000_000,
            pinjaman_outstanding: 590_000_000,
            rat: false,
            tgl_rat: None,
            omzet: 43_217_000,
            shu: 2_100_000,
            tenaga_kerja: 4,
            transaksi_anggota: 300,
        }
    }

    fn kode(errors: &[Masalah]) -> Vec<&'static str> {
        errors.iter().map(|m| m.kode).collect()
    }

    fn hard(l: &Laporan) -> Vec<&'static str> {
        kode(&periksa(l, &Wilayah::embedded().unwrap(), p("2026-12")))
    }

    #[test]
    fn a_valid_report_passes() {
        assert!(hard(&contoh()).is_empty());
        assert!(peringatan(&contoh(), &[], &[], true).is_empty());
    }

    #[test]
    fn unknown_kelurahan() {
        let l = Laporan {
            kelurahan_code: "16.71.99.9999".into(),
            ..contoh()
        };
        assert_eq!(hard(&l), ["kode_kelurahan"]);
    }

    #[test]
    fn future_period() {
        // In December: December has not ended, January has not begun.
        for bulan in ["2026-12", "2027-01"] {
            assert_eq!(
                hard(&Laporan {
                    periode: p(bulan),
                    ..contoh()
                }),
                ["periode_masa_depan"],
                "{bulan}"
            );
        }
        let m = &periksa(
            &Laporan {
                periode: p("2026-12"),
                ..contoh()
            },
            &Wilayah::embedded().unwrap(),
            p("2026-12"),
        )[0];
        assert!(
            m.pesan.contains("Desember 2026 belum berakhir"),
            "{}",
            m.pesan
        );
        assert!(
            m.pesan.contains("paling jauh untuk November 2026"),
            "{}",
            m.pesan
        );
        assert!(
            hard(&Laporan {
                periode: p("2026-11"),
                ..contoh()
            })
            .is_empty()
        );
    }

    #[test]
    fn negative_counts_and_money() {
        let errors = periksa(
            &Laporan {
                omzet: -5,
                ..contoh()
            },
            &Wilayah::embedded().unwrap(),
            p("2026-11"),
        );
        assert_eq!(kode(&errors), ["negatif"]);
        assert_eq!(errors[0].kolom, "omzet");
        assert!(errors[0].pesan.contains("Omzet tidak boleh negatif"));
        assert_eq!(
            hard(&Laporan {
                tenaga_kerja: -1,
                ..contoh()
            }),
            ["negatif"]
        );
        // A loss is allowed.
        assert!(
            hard(&Laporan {
                shu: -1_000_000,
                ..contoh()
            })
            .is_empty()
        );
    }

    #[test]
    fn board_larger_than_membership() {
        let l = Laporan {
            anggota: 9,
            anggota_pria: 5,
            anggota_wanita: 4,
            ..contoh()
        };
        assert_eq!(hard(&l), ["pengurus_pengawas"]);
    }

    #[test]
    fn members_by_sex_must_add_up() {
        assert_eq!(
            hard(&Laporan {
                anggota_pria: 71,
                ..contoh()
            }),
            ["anggota_jenis_kelamin"]
        );
    }

    #[test]
    fn an_operating_gerai_needs_a_place() {
        let l = Laporan {
            tempat_sewa: false,
            ..contoh()
        };
        assert_eq!(hard(&l), ["gerai_tanpa_tempat"]);
        assert!(
            hard(&Laporan {
                tempat_sewa: false,
                pembangunan: Pembangunan::Selesai,
                ..contoh()
            })
            .is_empty()
        );
    }

    #[test]
    fn loan_limits() {
        assert_eq!(
            hard(&Laporan {
                pinjaman_cair: 1_000_000_001,
                ..contoh()
            }),
            ["cair_melebihi_plafon"]
        );
        assert_eq!(
            hard(&Laporan {
                pinjaman_plafon: 3_000_000_001,
                ..contoh()
            }),
            ["plafon_maks"],
            "a plafon over Rp3 miliar"
        );
    }

    #[test]
    fn robust_statistics() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 3.0, 10.0]), Some(2.5));
        assert_eq!(
            mad(&[1.0, 2.0, 3.0, 4.0, 100.0]).map(|m| (m * 1e4).round()),
            Some((1.4826f64 * 1e4).round())
        );
        assert!(pencilan(1000.0, &[100.0, 105.0, 98.0, 110.0]));
        assert!(!pencilan(112.0, &[100.0, 105.0, 98.0, 110.0]));
        // A flat history flags a large change, not a small one.
        assert!(pencilan(200.0, &[100.0, 100.0, 100.0]));
        assert!(!pencilan(101.0, &[100.0, 100.0, 100.0]));
    }

    #[test]
    fn warnings_each_rule() {
        let base = contoh();
        let history: Vec<Laporan> = (0..5)
            .map(|i| Laporan {
                periode: Periode::from_index(p("2025-10").index() + i as i32).unwrap(),
                anggota: 100 + i,
                omzet: 40_000_000 + i * 1_000_000,
                ..contoh()
            })
            .collect();
        assert!(
            peringatan(&base, &history, &[], true).is_empty(),
            "ordinary growth is fine"
        );
        let jump = Laporan {
            anggota: 1200,
            anggota_pria: 1150,
            ..contoh()
        };
        assert_eq!(
            kode(&peringatan(&jump, &history, &[], true)),
            ["lonjakan_riwayat"]
        );

        let peers: Vec<Laporan> = (2..7)
            .map(|i| Laporan {
                kelurahan_code: format!("16.71.01.100{i}"),
                omzet: 40_000_000 + i * 777_000,
                ..contoh()
            })
            .collect();
        let big = Laporan {
            omzet: 400_123_000,
            ..contoh()
        };
        assert_eq!(
            kode(&peringatan(&big, &[], &peers, true)),
            ["lonjakan_sejawat"]
        );

        let idle = Laporan {
            gerai: [GeraiStatus::BelumAda; 7],
            ..contoh()
        };
        assert_eq!(
            kode(&peringatan(&idle, &[], &[], true)),
            ["omzet_tanpa_gerai"]
        );

        assert_eq!(
            kode(&peringatan(
                &Laporan {
                    omzet: 50_000_000,
                    ..contoh()
                },
                &[],
                &[],
                true
            )),
            ["angka_bulat"]
        );

        let twin = Laporan {
            kelurahan_code: "16.71.05.1001".into(),
            ..contoh()
        };
        assert_eq!(
            kode(&peringatan(
                &contoh(),
                &[],
                std::slice::from_ref(&twin),
                true
            )),
            ["angka_kembar"]
        );

        // Operators and lurah: the same warnings, without another KKMP's
        // figures or names.
        let terlihat = peringatan(&big, &[], &peers, true);
        let tersembunyi = peringatan(&big, &[], &peers, false);
        assert_eq!(kode(&tersembunyi), kode(&terlihat));
        assert!(
            terlihat[0].pesan.contains("median"),
            "{}",
            terlihat[0].pesan
        );
        assert!(
            !tersembunyi[0].pesan.contains("median"),
            "{}",
            tersembunyi[0].pesan
        );
        for p in &peers {
            let angka = p.omzet.to_string();
            assert!(!tersembunyi[0].pesan.contains(&angka));
        }
        let kembar = peringatan(&contoh(), &[], &[twin], false);
        assert_eq!(kode(&kembar), ["angka_kembar"]);
        assert!(
            !kembar[0].pesan.contains("16.71.05.1001"),
            "{}",
            kembar[0].pesan
        );
    }

    /// The demo passes every hard rule, and its planted anomalies are found.
    #[test]
    fn demo_is_valid_and_its_anomalies_are_found() {
        let w = Wilayah::embedded().unwrap();
        let d = crate::inti::demo::generate(&w, &DemoConfig::default());
        let current: Vec<&Laporan> = d.laporan.iter().map(|(l, _)| l).collect();
        for l in &current {
            let errors = periksa(l, &w, p("2026-11"));
            assert!(
                errors.is_empty(),
                "{} {}: {errors:?}",
                l.kelurahan_code,
                l.periode
            );
        }
        let mut found = std::collections::BTreeSet::new();
        for l in &current {
            let history: Vec<Laporan> = current
                .iter()
                .filter(|r| r.kelurahan_code == l.kelurahan_code)
                .map(|r| (*r).clone())
                .collect();
            let month: Vec<Laporan> = current
                .iter()
                .filter(|r| r.periode == l.periode && r.kelurahan_code != l.kelurahan_code)
                .map(|r| (*r).clone())
                .collect();
            for m in peringatan(l, &history, &month, true) {
                found.insert((m.kode, l.kelurahan_code.clone(), l.periode.to_string()));
            }
        }
        let kinds: std::collections::BTreeSet<_> = found.iter().map(|(k, _, _)| *k).collect();
        for expected in ["lonjakan_riwayat", "angka_kembar", "angka_bulat"] {
            assert!(kinds.contains(expected), "{expected} not found: {kinds:?}");
        }
        assert!(
            found
                .iter()
                .any(|(k, _, p)| *k == "lonjakan_riwayat" && p == "2026-05"),
            "the tenfold member count of May 2026 is flagged"
        );
        // Warnings are for the exceptions, not the rule.
        assert!(found.len() < current.len() / 10, "{} warnings", found.len());
    }
}
