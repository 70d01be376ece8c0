//! The open data's files (`/data-terbuka`, issue 18): the two tables as
//! CSV and JSON, built only from the columns of [`model::terbuka`]; the
//! dictionary; the catalogue in the DCAT-US 1.1 "data.json" form that CKAN
//! (ckanext-dcat) and the Satu Data portals harvest; the OpenAPI 3.0
//! description of the JSON. Pure: figures in, bytes out.

use model::Periode;
use model::ruang::Isi;
use model::terbuka::{KECAMATAN, KKMP, Kolom, LISENSI, LISENSI_NAMA, PENERBIT, TABEL, Tabel};
use serde_json::{Value, json};

/// One row: a value per column of its table, in the table's order.
pub type Baris = Vec<Value>;

fn teks(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

/// The rows of both tables for month `p`, from its accepted figures.
pub fn baris_bulan(p: Periode, isi: &Isi) -> (Vec<Baris>, Vec<Baris>) {
    let kec = isi
        .kecamatan
        .iter()
        .map(|k| {
            let r = &k.ringkasan;
            vec![
                teks(p.to_string()),
                teks(&k.code),
                teks(&k.nama),
                json!(r.kkmp),
                json!(r.laporan_masuk),
                json!(r.laporan_tepat_waktu),
                json!(r.badan_hukum),
                json!(r.nib),
                json!(r.npwp),
                json!(r.rekening),
                json!(r.gerai_sembako),
                json!(r.operasi_penuh),
                json!(r.operasi_terbatas),
                json!(r.operasi_belum),
                json!(r.pinjaman_cair),
                json!(r.anggota),
                json!(r.omzet),
            ]
        })
        .collect();
    let kkmp = isi
        .kkmp
        .iter()
        .map(|k| {
            let b = &k.baris;
            let kode = |o: Option<&'static str>| o.map_or(Value::Null, teks);
            vec![
                teks(p.to_string()),
                teks(&b.kelurahan_code),
                teks(&b.kelurahan_nama),
                teks(&k.kecamatan_code),
                teks(&k.kecamatan_nama),
                teks(&b.kkmp_nama),
                b.periode_data.map_or(Value::Null, |x| teks(x.to_string())),
                teks(b.laporan.code()),
                Value::Bool(b.badan_hukum),
                Value::Bool(b.rekening),
                kode(b.gerai_sembako.map(|g| g.code())),
                json!(b.unit_beroperasi),
                teks(b.status_operasi.code()),
                kode(b.pinjaman.map(|x| x.code())),
                json!(b.anggota),
                b.omzet.map_or(Value::Null, |x| json!(x)),
            ]
        })
        .collect();
    (kec, kkmp)
}

/// A table as CSV (comma, UTF-8, header of column names; empty for none).
pub fn csv(t: &Tabel, rows: &[Baris]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(t.kolom.iter().map(|k| k.nama));
    for r in rows {
        let _ = w.write_record(r.iter().map(|v| match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            v => v.to_string(),
        }));
    }
    w.into_inner().unwrap_or_default()
}

/// What every JSON file says of itself.
pub struct Meta<'a> {
    /// The app's address, for links.
    pub url: &'a str,
    /// When the accepted data last changed, RFC 3339.
    pub diubah: &'a str,
    /// The months covered, oldest first.
    pub periode: &'a [Periode],
}

/// A table as JSON: its metadata and `data`, one object per row with
/// exactly the table's columns.
pub fn json_tabel(t: &Tabel, rows: &[Baris], m: &Meta<'_>) -> Vec<u8> {
    let data: Vec<Value> = rows
        .iter()
        .map(|r| {
            Value::Object(
                t.kolom
                    .iter()
                    .zip(r)
                    .map(|(k, v)| (k.nama.to_string(), v.clone()))
                    .collect(),
            )
        })
        .collect();
    let v = json!({
        "tabel": t.kode,
        "judul": t.judul,
        "penerbit": PENERBIT,
        "lisensi": LISENSI,
        "diubah": m.diubah,
        "periode_awal": m.periode.first().map(|p| p.to_string()),
        "periode_akhir": m.periode.last().map(|p| p.to_string()),
        "kamus": format!("{}/data-terbuka/kamus.json", m.url),
        "jumlah_baris": data.len(),
        "data": data,
    });
    serde_json::to_vec(&v).unwrap_or_default()
}

fn kolom_json(k: &Kolom) -> Value {
    json!({ "nama": k.nama, "judul": k.judul, "jenis": k.jenis, "uraian": k.uraian })
}

/// The dictionary: every column of both tables and every indicator.
pub fn kamus() -> Vec<u8> {
    let v = json!({
        "tabel": TABEL.iter().map(|t| json!({
            "kode": t.kode, "judul": t.judul, "uraian": t.uraian,
            "kolom": t.kolom.iter().map(kolom_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "indikator": model::indikator::REGISTRY.iter().map(|i| json!({
            "kode": i.code, "nama": i.nama, "satuan": i.satuan.label(), "definisi": i.definisi,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_vec(&v).unwrap_or_default()
}

/// The catalogue in DCAT-US 1.1 (`data.json`): one dataset per table,
/// a CSV and a JSON distribution each.
pub fn katalog(m: &Meta<'_>) -> Vec<u8> {
    let temporal = match (m.periode.first(), m.periode.last()) {
        (Some(a), Some(b)) => Value::String(format!("{}-01/{}", a, akhir_bulan(*b))),
        _ => Value::Null,
    };
    let dataset: Vec<Value> = TABEL
        .iter()
        .map(|t| {
            let dasar = format!("{}/data-terbuka/{}", m.url, t.kode);
            json!({
                "@type": "dcat:Dataset",
                "identifier": format!("{}/data-terbuka#{}", m.url, t.kode),
                "title": t.judul,
                "description": t.uraian,
                "keyword": ["koperasi", "KKMP", "Koperasi Kelurahan Merah Putih", "Palembang", t.kode],
                "modified": m.diubah,
                "publisher": { "@type": "org:Organization", "name": PENERBIT },
                "contactPoint": { "@type": "vcard:Contact", "fn": PENERBIT },
                "accessLevel": "public",
                "license": LISENSI,
                "rights": LISENSI_NAMA,
                "spatial": "Kota Palembang, Sumatera Selatan (kode wilayah 16.71)",
                "temporal": temporal,
                "accrualPeriodicity": "R/P1M",
                "language": ["id"],
                "describedBy": format!("{}/data-terbuka/kamus.json", m.url),
                "describedByType": "application/json",
                "landingPage": format!("{}/data-terbuka", m.url),
                "distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "title": format!("{} (CSV)", t.judul),
                        "downloadURL": format!("{dasar}.csv"),
                        "mediaType": "text/csv",
                        "format": "CSV",
                    },
                    {
                        "@type": "dcat:Distribution",
                        "title": format!("{} (JSON)", t.judul),
                        "downloadURL": format!("{dasar}.json"),
                        "mediaType": "application/json",
                        "format": "JSON",
                        "conformsTo": format!("{}/data-terbuka/openapi.json", m.url),
                    },
                ],
            })
        })
        .collect();
    let v = json!({
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "title": "Data terbuka Pantau KKMP Kota Palembang",
        "dataset": dataset,
    });
    serde_json::to_vec_pretty(&v).unwrap_or_default()
}

/// The last day of month `p`, ISO.
fn akhir_bulan(p: Periode) -> String {
    let n = p.next();
    chrono::NaiveDate::from_ymd_opt(n.year(), n.month(), 1)
        .and_then(|d| d.pred_opt())
        .map_or_else(|| p.to_string(), |d| d.to_string())
}

/// The OpenAPI 3.0 description of the JSON endpoints.
pub fn openapi(url: &str) -> Vec<u8> {
    let skema = |t: &Tabel| {
        let props: serde_json::Map<String, Value> = t
            .kolom
            .iter()
            .map(|k| {
                (
                    k.nama.to_string(),
                    json!({ "type": k.jenis, "nullable": true, "title": k.judul, "description": k.uraian }),
                )
            })
            .collect();
        json!({
            "type": "object",
            "required": ["tabel", "data"],
            "properties": {
                "tabel": { "type": "string", "enum": [t.kode] },
                "judul": { "type": "string" },
                "penerbit": { "type": "string" },
                "lisensi": { "type": "string" },
                "diubah": { "type": "string", "format": "date-time" },
                "periode_awal": { "type": "string", "nullable": true },
                "periode_akhir": { "type": "string", "nullable": true },
                "kamus": { "type": "string" },
                "jumlah_baris": { "type": "integer" },
                "data": {
                    "type": "array",
                    "items": { "type": "object", "additionalProperties": false, "properties": props },
                },
            },
        })
    };
    let jalur = |t: &Tabel| {
        json!({
            "get": {
                "summary": t.judul,
                "description": t.uraian,
                "operationId": format!("ambil_{}", t.kode),
                "responses": {
                    "200": {
                        "description": "Seluruh bulan yang tersedia.",
                        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", t.kode) } } },
                    },
                    "304": { "description": "Tidak berubah sejak ETag yang dikirim (If-None-Match)." },
                    "429": { "description": "Terlalu banyak permintaan dari alamat ini; lihat Retry-After." },
                },
            },
        })
    };
    let v = json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Data terbuka Pantau KKMP Kota Palembang",
            "version": "1.0.0",
            "description": "Agregat bulanan laporan Koperasi Kelurahan Merah Putih yang telah diterima Dinas Koperasi. \
                            Tanpa data pribadi. Terbuka, tanpa akun, dibatasi per alamat IP.",
            "license": { "name": LISENSI_NAMA, "url": LISENSI },
        },
        "servers": [{ "url": url }],
        "paths": {
            "/data-terbuka/kecamatan.json": jalur(&KECAMATAN),
            "/data-terbuka/kkmp.json": jalur(&KKMP),
        },
        "components": { "schemas": { "kecamatan": skema(&KECAMATAN), "kkmp": skema(&KKMP) } },
    });
    serde_json::to_vec_pretty(&v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_exactly_the_columns_and_csv_quotes_what_it_must() {
        let isi = Isi {
            periode: Some(Periode::new(2026, 10).unwrap()),
            kecamatan: vec![model::ruang::IsiKecamatan {
                code: "16.71.01".into(),
                nama: "Ilir, \"Barat\" I".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let (kec, kkmp) = baris_bulan(Periode::new(2026, 10).unwrap(), &isi);
        assert!(kkmp.is_empty());
        assert_eq!(kec[0].len(), KECAMATAN.kolom.len());
        let c = String::from_utf8(csv(&KECAMATAN, &kec)).unwrap();
        assert!(c.starts_with("periode,kode_kecamatan,nama_kecamatan,"));
        assert!(c.contains("\"Ilir, \"\"Barat\"\" I\""), "{c}");
        let m = Meta {
            url: "https://p.example",
            diubah: "2026-11-10T00:00:00Z",
            periode: &[Periode::new(2026, 10).unwrap()],
        };
        let j: Value = serde_json::from_slice(&json_tabel(&KECAMATAN, &kec, &m)).unwrap();
        let o = j["data"][0].as_object().unwrap();
        assert_eq!(o.len(), KECAMATAN.kolom.len());
        let k: Value = serde_json::from_slice(&katalog(&m)).unwrap();
        assert_eq!(k["dataset"][0]["temporal"], "2026-10-01/2026-10-31");
        let o: Value = serde_json::from_slice(&openapi("https://p.example")).unwrap();
        assert_eq!(o["openapi"], "3.0.3");
    }
}
