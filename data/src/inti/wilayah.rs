//! Master data: the 18 kecamatan, 107 kelurahan and their 107 KKMP, keyed by
//! Kemendagri codes.
//!
//! The list is the project's own file `data/master/wilayah.csv`, embedded in
//! the binary (built from the official reference by
//! `data/master/build_wilayah.py`, which also adds each kelurahan's polygon
//! centroid). Loading it is idempotent: names are brought up to date, nothing
//! is duplicated or removed.

use crate::error::DataError;
use crate::error::Result;
use serde::Deserialize;

const WILAYAH_CSV: &str = include_str!("../../master/wilayah.csv");

#[derive(Clone, Debug, PartialEq)]
pub struct Kecamatan {
    pub code: String,
    pub nama: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Kelurahan {
    pub code: String,
    pub kecamatan_code: String,
    pub nama: String,
    pub kkmp_nama: String,
    pub lat: f64,
    pub lng: f64,
}

/// The city's areas, kecamatan and kelurahan each sorted by code.
#[derive(Clone, Debug, PartialEq)]
pub struct Wilayah {
    pub kecamatan: Vec<Kecamatan>,
    pub kelurahan: Vec<Kelurahan>,
}

#[derive(Deserialize)]
struct Row {
    kecamatan_code: String,
    kecamatan_name: String,
    kelurahan_code: String,
    kelurahan_name: String,
    kkmp_name: String,
    lat: f64,
    lng: f64,
}

impl Wilayah {
    /// The embedded master data.
    pub fn embedded() -> Result<Wilayah> {
        Self::from_csv(WILAYAH_CSV)
    }

    fn from_csv(text: &str) -> Result<Wilayah> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut kecamatan: Vec<Kecamatan> = Vec::new();
        let mut kelurahan = Vec::new();
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let row =
                row.map_err(|e| DataError::Internal(format!("wilayah.csv baris {}: {e}", i + 2)))?;
            if !kecamatan.iter().any(|k| k.code == row.kecamatan_code) {
                kecamatan.push(Kecamatan {
                    code: row.kecamatan_code.clone(),
                    nama: row.kecamatan_name,
                });
            }
            kelurahan.push(Kelurahan {
                code: row.kelurahan_code,
                kecamatan_code: row.kecamatan_code,
                nama: row.kelurahan_name,
                kkmp_nama: row.kkmp_name,
                lat: row.lat,
                lng: row.lng,
            });
        }
        kecamatan.sort_by(|a, b| a.code.cmp(&b.code));
        kelurahan.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(Wilayah {
            kecamatan,
            kelurahan,
        })
    }

    pub fn kecamatan(&self, code: &str) -> Option<&Kecamatan> {
        self.kecamatan.iter().find(|k| k.code == code)
    }

    /// The kelurahan with this code: a binary search when the list is in
    /// code order (as stored and embedded), a scan otherwise.
    pub fn kelurahan(&self, code: &str) -> Option<&Kelurahan> {
        match self
            .kelurahan
            .binary_search_by(|k| k.code.as_str().cmp(code))
        {
            Ok(i) => Some(&self.kelurahan[i]),
            Err(_) => self.kelurahan.iter().find(|k| k.code == code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_master_data_is_complete() {
        let w = Wilayah::embedded().unwrap();
        assert_eq!(w.kecamatan.len(), 18);
        assert_eq!(w.kelurahan.len(), 107);
        for k in &w.kelurahan {
            assert!(
                w.kecamatan(&k.kecamatan_code).is_some(),
                "{} has no kecamatan",
                k.code
            );
            assert!(k.code.starts_with(&format!("{}.", k.kecamatan_code)));
            assert!(
                (-3.1..-2.86).contains(&k.lat) && (104.6..104.87).contains(&k.lng),
                "{} off the map",
                k.code
            );
            assert!(k.kkmp_nama.starts_with("Koperasi Kelurahan Merah Putih "));
        }
        assert_eq!(w.kelurahan("16.71.01.1001").unwrap().nama, "35 Ilir");
    }
}
