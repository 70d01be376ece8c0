//! A reporting period: one calendar month, written `YYYY-MM` in URLs, files
//! and the database, and "Oktober 2026" on screen.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Month names in Bahasa Indonesia, January first.
pub const NAMA_BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// One calendar month. Ordered in time; `index` turns it into a month count
/// so that arithmetic and dataframe columns stay integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Periode {
    year: i32,
    month: u32,
}

/// Why a text is not a period. The message is in Bahasa because it is shown
/// to the person who typed the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodeError(pub String);

impl fmt::Display for PeriodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Periode '{}' tidak valid: gunakan format TTTT-BB, misalnya 2026-03",
            self.0
        )
    }
}

impl std::error::Error for PeriodeError {}

impl Periode {
    /// A period, if `month` is 1–12 and the year is plausible for this program.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (2000..=2100).contains(&year)).then_some(Self { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// Months since year 0: consecutive periods differ by one.
    pub fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    /// The inverse of [`Periode::index`].
    pub fn from_index(index: i32) -> Option<Self> {
        Self::new(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
    }

    pub fn next(self) -> Self {
        Self::from_index(self.index() + 1).unwrap_or(self)
    }

    pub fn prev(self) -> Self {
        Self::from_index(self.index() - 1).unwrap_or(self)
    }

    /// Every period from `self` to `last`, both included.
    pub fn through(self, last: Periode) -> impl Iterator<Item = Periode> {
        (self.index()..=last.index()).filter_map(Periode::from_index)
    }

    /// "Oktober 2026".
    pub fn label(self) -> String {
        format!("{} {}", NAMA_BULAN[self.month as usize - 1], self.year)
    }

    /// "Okt 2026", for chart axes.
    pub fn short_label(self) -> String {
        let name = NAMA_BULAN[self.month as usize - 1];
        format!("{} {}", &name[..3], self.year)
    }

    /// Parses `YYYY-MM` (surrounding spaces allowed).
    pub fn parse(text: &str) -> Result<Self, PeriodeError> {
        let err = || PeriodeError(text.to_string());
        let t = text.trim();
        let (y, m) = t.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        Self::new(year, month).ok_or_else(err)
    }
}

impl fmt::Display for Periode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Periode {
    type Err = PeriodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let p = Periode::parse("2026-03").unwrap();
        assert_eq!(p.to_string(), "2026-03");
        assert_eq!(p.label(), "Maret 2026");
        assert_eq!(p.short_label(), "Mar 2026");
        assert_eq!(p.next().to_string(), "2026-04");
        assert_eq!(
            Periode::parse("2026-01").unwrap().prev().to_string(),
            "2025-12"
        );
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "2026-13", "2026-00", "26-03", "2026/03", "", "abcd-ef", "2026-3",
        ] {
            assert!(Periode::parse(bad).is_err(), "{bad} accepted");
        }
        assert!(PeriodeError("x".into()).to_string().contains("tidak valid"));
    }

    #[test]
    fn index_roundtrip_and_range() {
        let a = Periode::new(2025, 11).unwrap();
        assert_eq!(Periode::from_index(a.index()), Some(a));
        let months: Vec<_> = a
            .through(Periode::new(2026, 2).unwrap())
            .map(|p| p.to_string())
            .collect();
        assert_eq!(months, ["2025-11", "2025-12", "2026-01", "2026-02"]);
    }
}
