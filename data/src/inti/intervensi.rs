//! The city's support interventions (docs/domain.md §1, the ten efforts): the
//! Dinas logs them per KKMP; the KKMP page lists them, the briefing totals
//! them, and [`Pantau::halaman_intervensi`] sets them beside outcomes — do
//! supported KKMP operate more, and did the support come first?

use chrono::NaiveDate;
use model::Periode;
use model::ruang::DampakDukungan;
use model::ruang::JENIS_INTERVENSI;
use model::ruang::RekapDukungan;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::collections::HashSet;

/// An intervention as typed in the form.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct IntervensiBaru {
    pub kelurahan_code: String,
    /// YYYY-MM-DD.
    pub tanggal: String,
    pub jenis: String,
    /// Rupiah, digits with optional dots; empty when not money.
    pub nilai: String,
    /// People taking part; empty when not counted.
    pub peserta: String,
    pub catatan: String,
}

/// A stored intervention.
#[derive(Clone, Debug, PartialEq)]
pub struct Baris {
    pub id: i64,
    pub kelurahan_code: String,
    pub tanggal: String,
    pub jenis: String,
    pub nilai: Option<i64>,
    pub peserta: Option<i64>,
    pub catatan: String,
    pub dicatat_oleh: String,
}

/// An optional whole number as typed ("5.000.000", "Rp 5.000.000", "").
pub fn bilangan(label: &str, teks: &str, galat: &mut Vec<String>) -> Option<i64> {
    let t = teks.trim().trim_start_matches("Rp").trim();
    if t.is_empty() {
        return None;
    }
    let digits: String = t.chars().filter(|c| *c != '.' && *c != ' ').collect();
    match digits.parse::<i64>() {
        Ok(n) if n >= 0 => Some(n),
        _ => {
            galat.push(format!(
                "{label}: '{teks}' bukan bilangan bulat tidak negatif (mis. 5.000.000)."
            ));
            None
        }
    }
}

pub fn rekap<'a>(rows: impl Iterator<Item = &'a Baris>) -> Vec<RekapDukungan> {
    let mut by: BTreeMap<&str, (i64, HashSet<&str>, i64, i64)> = BTreeMap::new();
    for b in rows {
        let e = by.entry(b.jenis.as_str()).or_default();
        e.0 += 1;
        e.1.insert(b.kelurahan_code.as_str());
        e.2 += b.nilai.unwrap_or(0);
        e.3 += b.peserta.unwrap_or(0);
    }
    JENIS_INTERVENSI
        .iter()
        .filter_map(|(c, l)| {
            by.get(c).map(|(n, k, v, p)| RekapDukungan {
                jenis: c.to_string(),
                label: l.to_string(),
                kegiatan: *n,
                kkmp: k.len() as i64,
                nilai: *v,
                peserta: *p,
            })
        })
        .collect()
}

/// Per kind: how many supported and unsupported KKMP operate, and for how
/// many operating ones the first support came before their first
/// operating month.
pub fn dampak(
    rows: &[Baris],
    semua: &[String],
    beroperasi: &HashSet<String>,
    mulai: &HashMap<String, Periode>,
) -> Vec<DampakDukungan> {
    JENIS_INTERVENSI
        .iter()
        .filter_map(|(c, l)| {
            let mut pertama: HashMap<&str, &str> = HashMap::new();
            for b in rows.iter().filter(|b| b.jenis == *c) {
                let e = pertama
                    .entry(b.kelurahan_code.as_str())
                    .or_insert(b.tanggal.as_str());
                if b.tanggal.as_str() < *e {
                    *e = b.tanggal.as_str();
                }
            }
            if pertama.is_empty() {
                return None;
            }
            let didukung = pertama.len() as i64;
            let didukung_beroperasi =
                pertama.keys().filter(|k| beroperasi.contains(**k)).count() as i64;
            let tidak: Vec<&String> = semua
                .iter()
                .filter(|k| !pertama.contains_key(k.as_str()))
                .collect();
            let tidak_beroperasi = tidak.iter().filter(|k| beroperasi.contains(**k)).count() as i64;
            let sebelum = pertama
                .iter()
                .filter(|(k, _)| beroperasi.contains(**k))
                .filter(|(k, t)| {
                    mulai.get(**k).is_some_and(|m| {
                        NaiveDate::parse_from_str(t, "%Y-%m-%d")
                            .ok()
                            .and_then(|d| {
                                use chrono::Datelike;
                                Periode::new(d.year(), d.month())
                            })
                            .is_some_and(|p| p < *m)
                    })
                })
                .count() as i64;
            Some(DampakDukungan {
                jenis: c.to_string(),
                label: l.to_string(),
                didukung,
                didukung_beroperasi,
                tidak_didukung: tidak.len() as i64,
                tidak_didukung_beroperasi: tidak_beroperasi,
                sebelum_beroperasi: sebelum,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baris(kel: &str, jenis: &str, tanggal: &str, nilai: Option<i64>) -> Baris {
        Baris {
            id: 0,
            kelurahan_code: kel.into(),
            tanggal: tanggal.into(),
            jenis: jenis.into(),
            nilai,
            peserta: None,
            catatan: String::new(),
            dicatat_oleh: String::new(),
        }
    }

    #[test]
    fn totals_and_support_before_operating() {
        let rows = vec![
            baris("a", "bantuan_modal", "2025-09-10", Some(10_000_000)),
            baris("a", "bantuan_modal", "2025-12-01", Some(5_000_000)),
            baris("b", "bantuan_modal", "2026-03-01", Some(1_000_000)),
            baris("c", "pelatihan", "2025-08-01", None),
        ];
        let r = rekap(rows.iter());
        let modal = r
            .iter()
            .find(|x| x.jenis == "bantuan_modal")
            .expect("modal");
        assert_eq!(
            (modal.kegiatan, modal.kkmp, modal.nilai),
            (3, 2, 16_000_000)
        );
        let semua: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let jalan: HashSet<String> = ["a", "b", "d"].iter().map(|s| s.to_string()).collect();
        let mut mulai = HashMap::new();
        mulai.insert("a".to_string(), Periode::new(2025, 11).expect("valid"));
        mulai.insert("b".to_string(), Periode::new(2025, 11).expect("valid"));
        mulai.insert("d".to_string(), Periode::new(2025, 10).expect("valid"));
        let d = dampak(&rows, &semua, &jalan, &mulai);
        let modal = d
            .iter()
            .find(|x| x.jenis == "bantuan_modal")
            .expect("modal");
        // a and b supported and operating; only a's first grant came first.
        assert_eq!(
            (
                modal.didukung,
                modal.didukung_beroperasi,
                modal.sebelum_beroperasi
            ),
            (2, 2, 1)
        );
        assert_eq!(
            (modal.tidak_didukung, modal.tidak_didukung_beroperasi),
            (2, 1)
        );
        assert!(d.iter().all(|x| x.jenis != "penghargaan"));
    }

    #[test]
    fn amounts_as_typed() {
        let mut g = Vec::new();
        assert_eq!(bilangan("Nilai", "Rp 5.000.000", &mut g), Some(5_000_000));
        assert_eq!(bilangan("Nilai", "", &mut g), None);
        assert!(g.is_empty());
        assert_eq!(bilangan("Nilai", "-3", &mut g), None);
        assert!(g[0].starts_with("Nilai: '-3'"));
    }
}
