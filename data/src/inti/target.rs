//! Program targets: an indicator, a scope (the city, one kecamatan or one
//! kelurahan), a baseline and a deadline. Status is judged against the
//! straight trajectory from the baseline to the target on the deadline
//! (docs/domain.md §5).
//!
//! Targets are edited by the Dinas, so every change is kept: a target is
//! never updated without a row in `target_riwayat` holding the whole target
//! as it stood after the change, who made it, when and why; a retired target
//! is marked inactive, never deleted. Every write bumps `revisi` in the same
//! transaction, so the dashboard recomputes.

use crate::error::Result;
use crate::inti::wilayah::Wilayah;
use chrono::DateTime;
use chrono::NaiveDate;
use chrono::Utc;
use model::indikator;
use model::indikator::TARGETABLE;
use model::status::StatusTarget;

/// Where a target applies. The most specific target wins: a kelurahan's own
/// over its kecamatan's, a kecamatan's over the city's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cakupan {
    Kota,
    Kecamatan(String),
    Kelurahan(String),
}

/// The city's Kemendagri code, stored as the scope code of city targets.
pub const KODE_KOTA: &str = "16.71";

impl Cakupan {
    /// The stored word: kota, kecamatan or kelurahan.
    pub fn jenis(&self) -> &'static str {
        match self {
            Cakupan::Kota => "kota",
            Cakupan::Kecamatan(_) => "kecamatan",
            Cakupan::Kelurahan(_) => "kelurahan",
        }
    }

    pub fn code(&self) -> &str {
        match self {
            Cakupan::Kota => KODE_KOTA,
            Cakupan::Kecamatan(c) | Cakupan::Kelurahan(c) => c,
        }
    }

    pub fn dari(jenis: &str, code: String) -> Cakupan {
        match jenis {
            "kecamatan" => Cakupan::Kecamatan(code),
            "kelurahan" => Cakupan::Kelurahan(code),
            _ => Cakupan::Kota,
        }
    }

    /// "Kota Palembang", "Kecamatan Ilir Barat I", "Kelurahan 35 Ilir".
    pub fn nama(&self, wilayah: &Wilayah) -> String {
        match self {
            Cakupan::Kota => "Kota Palembang".into(),
            Cakupan::Kecamatan(c) => wilayah
                .kecamatan(c)
                .map_or_else(|| c.clone(), |k| format!("Kecamatan {}", k.nama)),
            Cakupan::Kelurahan(c) => wilayah
                .kelurahan(c)
                .map_or_else(|| c.clone(), |k| format!("Kelurahan {}", k.nama)),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub indikator: String,
    pub cakupan: Cakupan,
    pub nilai_awal: f64,
    pub tgl_awal: NaiveDate,
    pub nilai_target: f64,
    pub tenggat: NaiveDate,
    pub keterangan: String,
}

/// A stored target.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetTersimpan {
    pub id: i64,
    pub target: Target,
    pub aktif: bool,
    pub dibuat_pada: DateTime<Utc>,
    pub dibuat_oleh: String,
    pub diubah_pada: Option<DateTime<Utc>>,
    pub diubah_oleh: Option<String>,
}

/// One state a target has had.
#[derive(Clone, Debug, PartialEq)]
pub struct RiwayatTarget {
    /// buat, ubah, impor or nonaktif.
    pub aksi: String,
    pub target: Target,
    pub aktif: bool,
    pub oleh: String,
    pub pada: DateTime<Utc>,
    pub alasan: String,
}

/// Below this fraction of the trajectory a scope is "tertinggal"; between it
/// and the trajectory, "berisiko".
pub const AMBANG_BERISIKO: f64 = 0.75;

/// The fields of a target as people write them, in the order of the CSV
/// columns and the form; the names are the CSV header.
pub const KOLOM: [&str; 8] = [
    "indikator",
    "cakupan",
    "kode_wilayah",
    "nilai_awal",
    "tgl_awal",
    "nilai_target",
    "tenggat",
    "keterangan",
];

impl Target {
    /// Where the straight trajectory stands on `tanggal`: the baseline before
    /// it starts, the target from the deadline on.
    pub fn harapan(&self, tanggal: NaiveDate) -> f64 {
        let total = (self.tenggat - self.tgl_awal).num_days();
        if total <= 0 || tanggal >= self.tenggat {
            return self.nilai_target;
        }
        let done = (tanggal - self.tgl_awal).num_days().clamp(0, total);
        self.nilai_awal + (self.nilai_target - self.nilai_awal) * done as f64 / total as f64
    }

    /// The status of `aktual` on `tanggal`. The analytics core computes the
    /// same bands in polars (`analytics::capaian`); a test keeps them equal.
    pub fn status(&self, aktual: f64, tanggal: NaiveDate) -> StatusTarget {
        const EPS: f64 = 1e-9;
        let harapan = self.harapan(tanggal);
        if aktual + EPS >= self.nilai_target {
            StatusTarget::Tercapai
        } else if aktual + EPS >= harapan {
            StatusTarget::SesuaiJalur
        } else if aktual + EPS >= self.nilai_awal + (harapan - self.nilai_awal) * AMBANG_BERISIKO {
            StatusTarget::Berisiko
        } else {
            StatusTarget::Tertinggal
        }
    }

    /// The target that applies on `pada` to an area for `indikator`: the most
    /// specific scope that has one (kelurahan, then kecamatan, then city);
    /// within it, the nearest deadline not yet passed, else the last one.
    pub fn berlaku<'a>(
        targets: &'a [Target],
        indikator: &str,
        kecamatan: Option<&str>,
        kelurahan: Option<&str>,
        pada: NaiveDate,
    ) -> Option<&'a Target> {
        let pilih = |cakupan: Cakupan| -> Option<&'a Target> {
            let mut cocok: Vec<&Target> = targets
                .iter()
                .filter(|t| t.indikator == indikator && t.cakupan == cakupan)
                .collect();
            cocok.sort_by_key(|t| t.tenggat);
            cocok
                .iter()
                .find(|t| t.tenggat >= pada)
                .or(cocok.last())
                .copied()
        };
        kelurahan
            .and_then(|c| pilih(Cakupan::Kelurahan(c.to_string())))
            .or_else(|| kecamatan.and_then(|c| pilih(Cakupan::Kecamatan(c.to_string()))))
            .or_else(|| pilih(Cakupan::Kota))
    }

    /// Reads a target from what was written, field by field as [`KOLOM`]
    /// names them. Shares (% KKMP) are written in percent: "80" or "80%"
    /// means 0.8. Every unreadable field is named, in Bahasa.
    pub fn baca(isian: &[&str; 8], wilayah: &Wilayah) -> Result<Target, Vec<(usize, String)>> {
        let mut salah: Vec<(usize, String)> = Vec::new();
        let indikator = isian[0].trim().to_lowercase();
        let targetable = TARGETABLE.contains(&indikator.as_str());
        if !targetable {
            salah.push((
                0,
                format!(
                    "indikator '{}' tidak dapat diberi target; pilih salah satu: {}",
                    isian[0].trim(),
                    TARGETABLE.join(", ")
                ),
            ));
        }
        let code = isian[2].trim().to_string();
        let cakupan = match isian[1].trim().to_lowercase().as_str() {
            "kota" => {
                if !code.is_empty() && code != KODE_KOTA {
                    salah.push((
                        2,
                        format!("target kota memakai kode {KODE_KOTA} atau dikosongkan, tertulis '{code}'"),
                    ));
                }
                Some(Cakupan::Kota)
            }
            "kecamatan" => {
                if wilayah.kecamatan(&code).is_none() {
                    salah.push((
                        2,
                        format!("kecamatan dengan kode '{code}' tidak ada di Kota Palembang"),
                    ));
                }
                Some(Cakupan::Kecamatan(code))
            }
            "kelurahan" => {
                if wilayah.kelurahan(&code).is_none() {
                    salah.push((
                        2,
                        format!("kelurahan dengan kode '{code}' tidak ada di Kota Palembang"),
                    ));
                }
                Some(Cakupan::Kelurahan(code))
            }
            other => {
                salah.push((
                    1,
                    format!("cakupan harus kota, kecamatan atau kelurahan, tertulis '{other}'"),
                ));
                None
            }
        };
        let persen = targetable && indikator::persen_kkmp(&indikator);
        let mut nilai = |i: usize| -> Option<f64> {
            match model::parse::desimal(isian[i]) {
                Ok(x) if x < 0.0 => {
                    salah.push((
                        i,
                        format!("tidak boleh negatif, tertulis '{}'", isian[i].trim()),
                    ));
                    None
                }
                Ok(x) if persen && x > 100.0 => {
                    salah.push((
                        i,
                        format!(
                            "persentase paling besar 100, tertulis '{}'",
                            isian[i].trim()
                        ),
                    ));
                    None
                }
                Ok(x) => Some(if persen { x / 100.0 } else { x }),
                Err(e) => {
                    salah.push((i, e));
                    None
                }
            }
        };
        let nilai_awal = nilai(3);
        let nilai_target = nilai(5);
        let mut tanggal = |i: usize| -> Option<NaiveDate> {
            match model::parse::tanggal(isian[i]) {
                Ok((y, m, d)) => NaiveDate::from_ymd_opt(y, m, d),
                Err(e) => {
                    salah.push((i, e));
                    None
                }
            }
        };
        let tgl_awal = tanggal(4);
        let tenggat = tanggal(6);
        if let (Some(a), Some(t)) = (tgl_awal, tenggat)
            && t <= a
        {
            salah.push((6, "tenggat harus sesudah tanggal awal".into()));
        }
        let keterangan = crate::inti::teks::tanpa_apostrof(isian[7].trim()).to_string();
        if keterangan.chars().count() > 500 {
            salah.push((7, "keterangan paling panjang 500 huruf".into()));
        }
        match (cakupan, nilai_awal, tgl_awal, nilai_target, tenggat) {
            (
                Some(cakupan),
                Some(nilai_awal),
                Some(tgl_awal),
                Some(nilai_target),
                Some(tenggat),
            ) if salah.is_empty() => Ok(Target {
                indikator,
                cakupan,
                nilai_awal,
                tgl_awal,
                nilai_target,
                tenggat,
                keterangan,
            }),
            _ => Err(salah),
        }
    }

    /// The fields as [`Target::baca`] reads them back (shares in percent).
    pub fn tulis(&self) -> [String; 8] {
        let persen = indikator::persen_kkmp(&self.indikator);
        let angka = |x: f64| {
            let v = if persen { x * 100.0 } else { x };
            let s = format!("{v:.4}");
            s.trim_end_matches('0')
                .trim_end_matches('.')
                .replace('.', ",")
        };
        [
            self.indikator.clone(),
            self.cakupan.jenis().into(),
            self.cakupan.code().into(),
            angka(self.nilai_awal),
            self.tgl_awal.to_string(),
            angka(self.nilai_target),
            self.tenggat.to_string(),
            self.keterangan.clone(),
        ]
    }
}

/// A change to apply: a new target (`id` None) or a new state of one.
#[derive(Clone, Debug)]
pub struct Perubahan {
    pub id: Option<i64>,
    pub target: Target,
    pub aktif: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sembako() -> Target {
        Target {
            indikator: "gerai_sembako".into(),
            cakupan: Cakupan::Kota,
            nilai_awal: 0.0,
            tgl_awal: d("2025-07-01"),
            nilai_target: 1.0,
            tenggat: d("2026-03-31"),
            keterangan: String::new(),
        }
    }

    #[test]
    fn trajectory_is_straight_and_clamped() {
        let t = sembako();
        assert_eq!(t.harapan(d("2025-01-01")), 0.0);
        assert_eq!(t.harapan(d("2026-03-31")), 1.0);
        assert_eq!(t.harapan(d("2027-01-01")), 1.0);
        // 2025-07-01 → 2026-03-31 is 273 days; halfway is day 136.5.
        let mid = t.harapan(d("2025-11-14"));
        assert!((mid - 136.0 / 273.0).abs() < 1e-12, "{mid}");
    }

    #[test]
    fn status_bands() {
        let t = sembako();
        let day = d("2025-11-14"); // expected ≈ 0.498
        assert_eq!(t.status(1.0, day), StatusTarget::Tercapai);
        assert_eq!(t.status(0.5, day), StatusTarget::SesuaiJalur);
        assert_eq!(t.status(0.40, day), StatusTarget::Berisiko);
        assert_eq!(t.status(0.30, day), StatusTarget::Tertinggal);
    }

    #[test]
    fn the_most_specific_scope_and_the_nearest_deadline_apply() {
        let city = sembako();
        let own = Target {
            cakupan: Cakupan::Kecamatan("16.71.04".into()),
            nilai_target: 0.5,
            ..sembako()
        };
        let kel = Target {
            cakupan: Cakupan::Kelurahan("16.71.04.1001".into()),
            nilai_target: 0.9,
            ..sembako()
        };
        let later = Target {
            tenggat: d("2026-12-31"),
            nilai_target: 1.0,
            ..sembako()
        };
        let all = [city.clone(), own.clone(), kel.clone(), later.clone()];
        let day = d("2025-11-30");
        let f = |kec, kel| Target::berlaku(&all, "gerai_sembako", kec, kel, day);
        assert_eq!(f(Some("16.71.04"), None), Some(&own));
        assert_eq!(f(Some("16.71.04"), Some("16.71.04.1001")), Some(&kel));
        assert_eq!(f(Some("16.71.01"), None), Some(&city));
        // After the first deadline, the next one applies; after all, the last.
        assert_eq!(
            Target::berlaku(&all, "gerai_sembako", None, None, d("2026-05-31")),
            Some(&later)
        );
        assert_eq!(
            Target::berlaku(&all, "gerai_sembako", None, None, d("2027-05-31")),
            Some(&later)
        );
        assert_eq!(Target::berlaku(&all, "rekening", None, None, day), None);
    }

    #[test]
    fn a_target_reads_back_what_it_writes() {
        let w = Wilayah::embedded().unwrap();
        let t = Target {
            cakupan: Cakupan::Kecamatan("16.71.04".into()),
            nilai_target: 0.85,
            keterangan: "Percontohan".into(),
            ..sembako()
        };
        let isian = t.tulis();
        let refs: [&str; 8] = std::array::from_fn(|i| isian[i].as_str());
        assert_eq!(isian[5], "85");
        assert_eq!(Target::baca(&refs, &w), Ok(t));
    }
}
