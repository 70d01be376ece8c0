//! Projections (issue 18): when a target is reached at the pace of the
//! last months. Deliberately simple and explainable: the pace is the
//! change of the indicator over the last 3 (and 6) months divided by 3
//! (and 6); the projected month is the newest month plus the months the
//! remaining gap takes at that pace, rounded up. The two paces give the
//! range. The pace needed is the remaining gap divided by the months left
//! to the deadline. No pace (too little history) or a pace of zero or less
//! projects nothing, and says so.

use chrono::Datelike;
use chrono::NaiveDate;
use model::Periode;

/// Beyond this many months a projection is "more than ten years".
pub const CAKRAWALA_BULAN: i64 = 120;

/// Where a pace leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arah {
    /// Reached in this month.
    Pada(Periode),
    /// Not moving towards the target (pace zero or backwards).
    Diam,
    /// Further than [`CAKRAWALA_BULAN`].
    Jauh,
    /// Not enough months reported to measure the pace.
    KurangData,
}

/// A target's projection at the newest month.
#[derive(Clone, Debug, PartialEq)]
pub struct Proyeksi {
    /// The newest month with accepted reports.
    pub periode: Periode,
    pub aktual: f64,
    pub target: f64,
    pub tenggat: NaiveDate,
    /// Already reached.
    pub tercapai: bool,
    /// Per month, to reach the target by the deadline; None when reached
    /// or past the deadline.
    pub laju_perlu: Option<f64>,
    pub laju_3: Option<f64>,
    pub laju_6: Option<f64>,
    pub arah_3: Arah,
    pub arah_6: Arah,
}

/// The month of a date.
pub fn bulan(d: NaiveDate) -> Periode {
    Periode::new(d.year(), d.month()).expect("a calendar month")
}

/// Months from `a` to `b` (negative when `b` is earlier).
pub fn selisih(a: Periode, b: Periode) -> i64 {
    (b.year() as i64 - a.year() as i64) * 12 + b.month() as i64 - a.month() as i64
}

fn tambah(p: Periode, n: i64) -> Periode {
    (0..n).fold(p, |x, _| x.next())
}

/// Projects a target from its values at the newest month (`aktual`), 3
/// and 6 months before (None when not reported then).
pub fn hitung(
    periode: Periode,
    (aktual, tiga, enam): Tiga,
    target: f64,
    tenggat: NaiveDate,
) -> Proyeksi {
    const EPS: f64 = 1e-9;
    let tercapai = aktual + EPS >= target;
    let sisa = selisih(periode, bulan(tenggat));
    let laju_perlu = (!tercapai && sisa > 0).then(|| (target - aktual) / sisa as f64);
    let laju = |lalu: Option<f64>, n: f64| lalu.map(|v| (aktual - v) / n);
    let (laju_3, laju_6) = (laju(tiga, 3.0), laju(enam, 6.0));
    let arah = |l: Option<f64>| match l {
        _ if tercapai => Arah::Pada(periode),
        None => Arah::KurangData,
        Some(l) if l <= EPS => Arah::Diam,
        Some(l) => {
            let n = ((target - aktual) / l - EPS).ceil() as i64;
            if n > CAKRAWALA_BULAN {
                Arah::Jauh
            } else {
                Arah::Pada(tambah(periode, n.max(0)))
            }
        }
    };
    Proyeksi {
        periode,
        aktual,
        target,
        tenggat,
        tercapai,
        laju_perlu,
        arah_3: arah(laju_3),
        arah_6: arah(laju_6),
        laju_3,
        laju_6,
    }
}

impl Proyeksi {
    /// "What if": where the pace of the last 3 months (else 6) leads when
    /// `loncatan` more is reached next month.
    pub fn andai(&self, loncatan: f64) -> Arah {
        const EPS: f64 = 1e-9;
        let p1 = self.periode.next();
        let a = self.aktual + loncatan;
        if a + EPS >= self.target {
            return Arah::Pada(p1);
        }
        match self.laju_3.or(self.laju_6) {
            None => Arah::KurangData,
            Some(l) if l <= EPS => Arah::Diam,
            Some(l) => {
                let n = ((self.target - a) / l - EPS).ceil() as i64;
                if n > CAKRAWALA_BULAN {
                    Arah::Jauh
                } else {
                    Arah::Pada(tambah(p1, n.max(0)))
                }
            }
        }
    }

    /// The months of the range the two paces give, earliest first.
    pub fn rentang(&self) -> Option<(Periode, Periode)> {
        match (self.arah_3, self.arah_6) {
            (Arah::Pada(a), Arah::Pada(b)) => Some((a.min(b), a.max(b))),
            (Arah::Pada(a), _) | (_, Arah::Pada(a)) => Some((a, a)),
            _ => None,
        }
    }

    /// The short form a list of targets shows: "Proyeksi: Januari 2028
    /// (laju 3 bulan), April 2029 (laju 6 bulan); perlu 15,0 poin persen per
    /// bulan."
    pub fn ringkas(&self, persen: bool) -> String {
        if self.tercapai {
            return format!("Sudah tercapai pada {}.", self.periode.label());
        }
        let mut s = format!("Proyeksi: {} (laju 3 bulan)", arah_teks(self.arah_3));
        if self.arah_6 != Arah::KurangData {
            s.push_str(&format!(", {} (laju 6 bulan)", arah_teks(self.arah_6)));
        }
        match self.laju_perlu {
            Some(l) if persen => s.push_str(&format!(
                "; perlu {} poin persen per bulan.",
                model::format::desimal(l * 100.0, 1)
            )),
            Some(l) => s.push_str(&format!(
                "; perlu {} per bulan.",
                model::format::desimal(l, 1)
            )),
            None => s.push_str("; tenggat sudah lewat."),
        }
        s
    }

    /// One sentence, as the briefing reads it: "Dengan laju 3 bulan
    /// terakhir, target 80,0% tercapai pada Maret 2027, 3 bulan setelah
    /// tenggat (Desember 2026); dengan laju 6 bulan terakhir: Mei 2027.
    /// Laju yang diperlukan: 4,0 poin persen per bulan."
    pub fn kalimat(&self, persen: bool) -> String {
        use crate::inti::teks::nilai_teks;
        let target = nilai_teks(self.target, persen);
        if self.tercapai {
            return format!(
                "Target {target} sudah tercapai ({} pada {}).",
                nilai_teks(self.aktual, persen),
                self.periode.label()
            );
        }
        let tenggat = bulan(self.tenggat);
        let laju = |x: f64| {
            if persen {
                format!(
                    "{} poin persen per bulan",
                    model::format::desimal(x * 100.0, 1)
                )
            } else {
                format!("{} per bulan", model::format::desimal(x, 1))
            }
        };
        let arah = |a: Arah, l: Option<f64>| match a {
            Arah::Pada(p) => {
                let beda = selisih(tenggat, p);
                let waktu = match beda {
                    0 => "tepat pada bulan tenggat".to_string(),
                    n if n > 0 => format!("{n} bulan setelah tenggat ({})", tenggat.label()),
                    n => format!("{} bulan sebelum tenggat ({})", -n, tenggat.label()),
                };
                format!(
                    "tercapai pada {}, {waktu}; laju {}",
                    p.label(),
                    laju(l.unwrap_or(0.0))
                )
            }
            Arah::Diam => "tidak akan tercapai karena angkanya tidak naik".to_string(),
            Arah::Jauh => format!(
                "baru tercapai lebih dari 10 tahun lagi; laju {}",
                laju(l.unwrap_or(0.0))
            ),
            Arah::KurangData => "belum dapat diukur (riwayat laporan kurang)".to_string(),
        };
        let mut s = format!(
            "Dengan laju 3 bulan terakhir, target {target} {}",
            arah(self.arah_3, self.laju_3)
        );
        if self.arah_6 != Arah::KurangData {
            s.push_str(&format!(
                ". Dengan laju 6 bulan terakhir: {}",
                arah(self.arah_6, self.laju_6)
            ));
        }
        s.push('.');
        match self.laju_perlu {
            Some(l) => s.push_str(&format!(" Laju yang diperlukan: {}.", laju(l))),
            None => s.push_str(" Tenggat sudah lewat."),
        }
        s
    }
}

/// How an [`Arah`] reads in a short clause.
pub fn arah_teks(a: Arah) -> String {
    match a {
        Arah::Pada(p) => p.label(),
        Arah::Diam => "tidak tercapai (angka tidak naik)".into(),
        Arah::Jauh => "lebih dari 10 tahun lagi".into(),
        Arah::KurangData => "belum dapat diukur".into(),
    }
}

/// A scope's value now, 3 months before and 6 months before (None: not
/// reported then).
pub type Tiga = (f64, Option<f64>, Option<f64>);

/// The values a projection starts from: every scope's (the city's code
/// and each kecamatan's) value of every targetable indicator at the newest
/// month and 3 and 6 months before.
#[derive(Clone, Debug, Default)]
pub struct Dasar {
    pub periode: Option<Periode>,
    /// (scope code, indikator) → (now, 3 months before, 6 months before).
    pub nilai: std::collections::HashMap<(String, String), Tiga>,
}

impl Dasar {
    /// The projection of `indikator` in scope `kode` towards `target` by
    /// `tenggat`; None without figures for it.
    pub fn hitung(
        &self,
        kode: &str,
        indikator: &str,
        target: f64,
        tenggat: NaiveDate,
    ) -> Option<Proyeksi> {
        let v = self.nilai.get(&(kode.to_string(), indikator.to_string()))?;
        Some(hitung(self.periode?, *v, target, tenggat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(y: i32, m: u32) -> Periode {
        Periode::new(y, m).unwrap()
    }

    #[test]
    fn the_pace_of_three_and_six_months_gives_the_month_and_the_range() {
        let tenggat = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        // 50% now, 44% three months ago (2 points a month), 44% six months
        // ago (1 point a month): 80% in 15 or 30 months.
        let x = hitung(p(2026, 10), (0.50, Some(0.44), Some(0.44)), 0.80, tenggat);
        assert_eq!(x.arah_3, Arah::Pada(p(2028, 1)));
        assert_eq!(x.arah_6, Arah::Pada(p(2029, 4)));
        assert_eq!(x.rentang(), Some((p(2028, 1), p(2029, 4))));
        assert!(
            (x.laju_perlu.unwrap() - 0.15).abs() < 1e-9,
            "30 points in 2 months"
        );
        let k = x.kalimat(true);
        assert!(
            k.starts_with("Dengan laju 3 bulan terakhir, target 80,0% tercapai pada Januari 2028, 13 bulan setelah tenggat (Desember 2026); laju 2,0 poin persen per bulan."),
            "{k}"
        );
        assert!(
            k.ends_with("Laju yang diperlukan: 15,0 poin persen per bulan."),
            "{k}"
        );
        assert_eq!(
            x.ringkas(true),
            "Proyeksi: Januari 2028 (laju 3 bulan), April 2029 (laju 6 bulan); perlu 15,0 poin persen per bulan."
        );
    }

    #[test]
    fn no_pace_no_progress_and_reached_are_said_as_such() {
        let tenggat = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
        let baru = hitung(p(2026, 10), (0.2, None, None), 0.8, tenggat);
        assert_eq!(
            (baru.arah_3, baru.arah_6),
            (Arah::KurangData, Arah::KurangData)
        );
        assert!(baru.kalimat(true).contains("belum dapat diukur"));
        let diam = hitung(p(2026, 10), (0.2, Some(0.25), Some(0.2)), 0.8, tenggat);
        assert_eq!(diam.arah_3, Arah::Diam);
        assert_eq!(diam.rentang(), None);
        let jauh = hitung(p(2026, 10), (0.2, Some(0.199), None), 0.8, tenggat);
        assert_eq!(jauh.arah_3, Arah::Jauh);
        let sudah = hitung(p(2026, 10), (0.85, Some(0.5), None), 0.8, tenggat);
        assert!(sudah.tercapai && sudah.laju_perlu.is_none());
        assert!(
            sudah
                .kalimat(true)
                .starts_with("Target 80,0% sudah tercapai")
        );
        // Exactly on the deadline's month.
        let pas = hitung(
            p(2026, 12),
            (0.5, Some(0.2), None),
            0.8,
            NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        );
        assert_eq!(pas.arah_3, Arah::Pada(p(2027, 3)));
        assert!(pas.kalimat(true).contains("tepat pada bulan tenggat"));
        // What if 0.1 more next month: 0.6 in January, then 0.1 a month.
        assert_eq!(pas.andai(0.1), Arah::Pada(p(2027, 3)));
        assert_eq!(pas.andai(0.2), Arah::Pada(p(2027, 2)));
        assert_eq!(pas.andai(0.5), Arah::Pada(p(2027, 1)), "reached next month");
        assert_eq!(diam.andai(0.1), Arah::Diam);
    }
}
