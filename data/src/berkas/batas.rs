use crate::error::Result;
use crate::inti::batas::Area;
use crate::inti::batas::Tingkat;
use crate::inti::batas::UKURAN_MAKS;
use crate::inti::batas::{Batas, LANGKAH_MIN};
use crate::inti::wilayah::Wilayah;
use serde_json::Value;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inti::batas::Tingkat;

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
