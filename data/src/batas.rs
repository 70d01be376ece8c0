//! Boundary polygons for the map: GeoJSON files an admin installs (by
//! upload or by configuration), one per level, kelurahan or kecamatan.
//! Without one the map draws the KKMP at their kelurahan centroids from the
//! embedded master data; the project ships no boundary file.
//!
//! A file is accepted only whole: a FeatureCollection of Polygon or
//! MultiPolygon features, each carrying in its properties the Kemendagri
//! code of a kelurahan or kecamatan of Kota Palembang (dotted, "16.71.01",
//! or not, "167101"). Every problem is named with the feature's position.

use crate::error::{DataError, Result};
use crate::master::Wilayah;
use crate::{Db, on_db};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Largest boundary file accepted.
pub const UKURAN_MAKS: usize = 20 * 1024 * 1024;

/// The two levels a boundary file can describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tingkat {
    Kelurahan,
    Kecamatan,
}

impl Tingkat {
    pub fn code(self) -> &'static str {
        match self {
            Tingkat::Kelurahan => "kelurahan",
            Tingkat::Kecamatan => "kecamatan",
        }
    }
}

/// One area's polygons: rings of (lng, lat), simplified for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    pub code: String,
    pub cincin: Vec<Vec<(f64, f64)>>,
}

/// A parsed boundary file.
#[derive(Clone, Debug, PartialEq)]
pub struct Batas {
    pub tingkat: Tingkat,
    pub area: Vec<Area>,
}

/// An installed file, as the admin page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct BatasTerpasang {
    pub tingkat: String,
    pub nama_berkas: String,
    pub sha256: String,
    pub jumlah_wilayah: i64,
    pub dipasang_pada: DateTime<Utc>,
    pub dipasang_oleh: String,
}

/// Points closer than this to the previous kept point are dropped when
/// drawing (about 30 m): the map is 600 pixels wide for 25 km.
const LANGKAH_MIN: f64 = 0.0003;

/// A file's SHA-256, hex: how an installed file is recognised.
pub fn sha256_hex(isi: &[u8]) -> String {
    format!("{:x}", Sha256::digest(isi))
}

fn tanpa_titik(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_digit()).collect()
}

/// Reads a GeoJSON boundary file. `nama` names the file in messages.
pub fn baca(isi: &[u8], nama: &str, wilayah: &Wilayah) -> Result<Batas, Vec<String>> {
    if isi.len() > UKURAN_MAKS {
        return Err(vec![format!(
            "{nama}: berkas {} MB, paling besar {} MB.",
            isi.len() / (1024 * 1024),
            UKURAN_MAKS / (1024 * 1024)
        )]);
    }
    let json: Value = match serde_json::from_slice(isi) {
        Ok(v) => v,
        Err(e) => {
            return Err(vec![format!(
                "{nama}: bukan GeoJSON yang sah (baris {}, kolom {}: {e}).",
                e.line(),
                e.column()
            )]);
        }
    };
    let Some(features) = json
        .get("features")
        .and_then(Value::as_array)
        .filter(|_| json.get("type").and_then(Value::as_str) == Some("FeatureCollection"))
    else {
        return Err(vec![format!(
            "{nama}: harus GeoJSON FeatureCollection dengan daftar \"features\"."
        )]);
    };
    let kel: std::collections::HashMap<String, &str> = wilayah
        .kelurahan
        .iter()
        .map(|k| (tanpa_titik(&k.code), k.code.as_str()))
        .collect();
    let kec: std::collections::HashMap<String, &str> = wilayah
        .kecamatan
        .iter()
        .map(|k| (tanpa_titik(&k.code), k.code.as_str()))
        .collect();
    let mut salah = Vec::new();
    let mut area: Vec<(Tingkat, Area)> = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let no = i + 1;
        let props = f.get("properties").and_then(Value::as_object);
        // The most specific code among the properties' values.
        let mut found: Option<(Tingkat, &str)> = None;
        for v in props.into_iter().flat_map(|p| p.values()) {
            let Some(text) = v
                .as_str()
                .map(str::to_string)
                .or_else(|| v.as_u64().map(|n| n.to_string()))
            else {
                continue;
            };
            let digits = tanpa_titik(&text);
            if let Some(c) = kel.get(&digits) {
                found = Some((Tingkat::Kelurahan, c));
                break;
            }
            if let Some(c) = kec.get(&digits) {
                found.get_or_insert((Tingkat::Kecamatan, c));
            }
        }
        let Some((tingkat, code)) = found else {
            salah.push(format!(
                "{nama}, fitur ke-{no}: tidak ada properti berisi kode kelurahan atau kecamatan Kota Palembang (mis. \"16.71.01.1001\")."
            ));
            continue;
        };
        let geom = f.get("geometry");
        let jenis = geom.and_then(|g| g.get("type")).and_then(Value::as_str);
        let coords = geom.and_then(|g| g.get("coordinates"));
        let polygons: Vec<&Value> = match (jenis, coords) {
            (Some("Polygon"), Some(c)) => vec![c],
            (Some("MultiPolygon"), Some(Value::Array(ps))) => ps.iter().collect(),
            _ => {
                salah.push(format!(
                    "{nama}, fitur ke-{no} ({code}): geometri harus Polygon atau MultiPolygon."
                ));
                continue;
            }
        };
        let mut cincin = Vec::new();
        let mut rusak = false;
        for poly in polygons {
            // Only the outline: holes are not drawn.
            let Some(ring) = poly
                .as_array()
                .and_then(|r| r.first())
                .and_then(Value::as_array)
            else {
                rusak = true;
                break;
            };
            let mut pts: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
            for p in ring {
                match (
                    p.get(0).and_then(Value::as_f64),
                    p.get(1).and_then(Value::as_f64),
                ) {
                    (Some(x), Some(y))
                        if (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y) =>
                    {
                        let jauh = pts
                            .last()
                            .is_none_or(|(a, b)| (x - a).abs() + (y - b).abs() >= LANGKAH_MIN);
                        if jauh {
                            pts.push((x, y));
                        }
                    }
                    _ => {
                        rusak = true;
                        break;
                    }
                }
            }
            if rusak || pts.len() < 3 {
                rusak = true;
                break;
            }
            cincin.push(pts);
        }
        if rusak {
            salah.push(format!(
                "{nama}, fitur ke-{no} ({code}): koordinat tidak sah; harus [bujur, lintang] dalam derajat, sedikitnya 3 titik per cincin."
            ));
            continue;
        }
        area.push((
            tingkat,
            Area {
                code: code.to_string(),
                cincin,
            },
        ));
    }
    let tingkat = if area.iter().any(|(t, _)| *t == Tingkat::Kelurahan) {
        Tingkat::Kelurahan
    } else {
        Tingkat::Kecamatan
    };
    for (i, (t, a)) in area.iter().enumerate() {
        if *t != tingkat {
            salah.push(format!(
                "{nama}: berkas mencampur tingkat; {} adalah kecamatan, sedangkan fitur lain kelurahan.",
                a.code
            ));
        }
        if area[..i].iter().any(|(_, b)| b.code == a.code) {
            salah.push(format!(
                "{nama}: wilayah {} muncul lebih dari sekali.",
                a.code
            ));
        }
    }
    if area.is_empty() && salah.is_empty() {
        salah.push(format!("{nama}: tidak berisi satu wilayah pun."));
    }
    // Boundaries must be where the city is: a file in another projection
    // (metres) or of another city is refused.
    if salah.is_empty() {
        let inside = area
            .iter()
            .flat_map(|(_, a)| a.cincin.iter().flatten())
            .filter(|(x, y)| (104.4..=105.1).contains(x) && (-3.3..=-2.7).contains(y))
            .count();
        let total: usize = area
            .iter()
            .map(|(_, a)| a.cincin.iter().map(Vec::len).sum::<usize>())
            .sum();
        if inside * 2 < total {
            salah.push(format!(
                "{nama}: koordinat tidak berada di Kota Palembang; pastikan berkas memakai derajat WGS 84 (EPSG:4326)."
            ));
        }
    }
    if salah.is_empty() {
        Ok(Batas {
            tingkat,
            area: area.into_iter().map(|(_, a)| a).collect(),
        })
    } else {
        Err(salah)
    }
}

/// Installs a boundary file (replacing the one of its level) after reading
/// it whole; bumps `revisi` so the maps redraw. Returns its level and the
/// number of areas.
pub async fn pasang(
    db: &Db,
    wilayah: &Wilayah,
    nama: &str,
    isi: &[u8],
    oleh: &str,
    pada: DateTime<Utc>,
    pelaku: &crate::jejak::Pelaku,
) -> Result<(Tingkat, usize)> {
    let batas = baca(isi, nama, wilayah).map_err(|e| DataError::Invalid(e.join("\n")))?;
    let teks = String::from_utf8_lossy(isi).into_owned();
    let hash = sha256_hex(isi);
    let n = batas.area.len();
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM batas_wilayah WHERE tingkat = $1")
            .bind(batas.tingkat.code())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO batas_wilayah (tingkat, nama_berkas, sha256, isi, jumlah_wilayah, dipasang_pada, dipasang_oleh) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(batas.tingkat.code())
        .bind(nama)
        .bind(&hash)
        .bind(&teks)
        .bind(n as i64)
        .bind(pada)
        .bind(oleh)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE revisi SET nomor = nomor + 1 WHERE id = 1").execute(&mut *tx).await?;
        let entri = crate::jejak::Entri::baru("batas.pasang", format!("batas/{}", batas.tingkat.code()))
            .sesudah(&serde_json::json!({
                "nama_berkas": nama, "sha256": hash, "jumlah_wilayah": n,
            }));
        crate::catat_jejak!(&mut tx, pelaku, &entri);
        tx.commit().await?;
    });
    Ok((batas.tingkat, n))
}

/// The installed files, without their content.
pub async fn daftar(db: &Db) -> Result<Vec<BatasTerpasang>> {
    type Row = (String, String, String, i64, DateTime<Utc>, String);
    let rows: Vec<Row> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT tingkat, nama_berkas, sha256, jumlah_wilayah, dipasang_pada, dipasang_oleh FROM batas_wilayah ORDER BY tingkat DESC",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(tingkat, nama_berkas, sha256, jumlah_wilayah, dipasang_pada, dipasang_oleh)| {
                BatasTerpasang {
                    tingkat,
                    nama_berkas,
                    sha256,
                    jumlah_wilayah,
                    dipasang_pada,
                    dipasang_oleh,
                }
            },
        )
        .collect())
}

/// The installed boundaries, parsed: kelurahan level first when both exist.
pub async fn terpasang(db: &Db, wilayah: &Wilayah) -> Result<Vec<Batas>> {
    let rows: Vec<(String, String)> = on_db!(db, pool => {
        sqlx::query_as("SELECT nama_berkas, isi FROM batas_wilayah ORDER BY tingkat DESC")
            .fetch_all(pool)
            .await?
    });
    rows.into_iter()
        .map(|(nama, isi)| {
            baca(isi.as_bytes(), &nama, wilayah).map_err(|e| {
                DataError::Internal(format!("batas wilayah tersimpan rusak: {}", e.join("; ")))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(code: &str, x: f64) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"kode":"{code}","nama":"<script>"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},-2.95],[{x2},-2.95],[{x2},-2.9],[{x},-2.9],[{x},-2.95]]]}}}}"#,
            x2 = x + 0.02
        )
    }

    fn fc(features: &[String]) -> Vec<u8> {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
        .into_bytes()
    }

    #[test]
    fn kelurahan_codes_with_or_without_dots() {
        let w = Wilayah::embedded().unwrap();
        let b = baca(
            &fc(&[square("16.71.01.1001", 104.7), square("1671011002", 104.75)]),
            "a.geojson",
            &w,
        )
        .unwrap();
        assert_eq!(b.tingkat, Tingkat::Kelurahan);
        let codes: Vec<&str> = b.area.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["16.71.01.1001", "16.71.01.1002"]);
        assert_eq!(b.area[0].cincin[0].len(), 5);
    }

    #[test]
    fn bad_files_are_refused_with_the_feature_named() {
        let w = Wilayah::embedded().unwrap();
        let e = baca(b"{\"type\":", "x.geojson", &w).unwrap_err();
        assert!(
            e[0].starts_with("x.geojson: bukan GeoJSON yang sah (baris 1"),
            "{e:?}"
        );
        let e = baca(
            &fc(&[square("16.71.01.1001", 104.7), square("99.99", 104.7)]),
            "x.geojson",
            &w,
        )
        .unwrap_err();
        assert!(
            e[0].starts_with("x.geojson, fitur ke-2: tidak ada properti"),
            "{e:?}"
        );
        let e = baca(&fc(&[square("16.71.01", 500_000.0)]), "x.geojson", &w).unwrap_err();
        assert!(
            e[0].contains("fitur ke-1 (16.71.01): koordinat tidak sah"),
            "{e:?}"
        );
        let e = baca(&fc(&[square("16.71.01", 110.0)]), "x.geojson", &w).unwrap_err();
        assert!(e[0].contains("tidak berada di Kota Palembang"), "{e:?}");
    }
}
