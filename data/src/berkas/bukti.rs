//! The evidence export (paket bukti): for one KKMP and a range of months,
//! every version of every report (CSV and JSON), the approval steps, the
//! audit-trail entries about it, the uploaded files its versions came from
//! and the support it received — in a ZIP with a manifest of SHA-256 hashes
//! that [`verifikasi`] (and `server bukti verify`) checks later.
//!
//! The archive is deterministic: entries stored uncompressed, in a fixed
//! order, with one timestamp (the cut-off) recorded in the manifest. So
//! verification checks every file's hash *and* rebuilds the archive from
//! its contents and compares it byte for byte: a single changed byte
//! anywhere — content, name, header, directory — fails.

use crate::error::DataError;
use crate::error::Result;
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::sandi::sha256_hex;
use chrono::DateTime;
use chrono::Datelike;
use chrono::SecondsFormat;
use chrono::Timelike;
use serde::Deserialize;
use serde::Serialize;
use std::io::Cursor;
use std::io::Read;
use std::io::Write;

pub const MANIFEST: &str = "MANIFEST.json";

pub const SHA256SUMS: &str = "SHA256SUMS";

pub const FORMAT: u32 = 1;

/// The manifest: what the package is and the hash of every file in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub judul: String,
    pub kelurahan_code: String,
    pub kkmp: String,
    pub dari: String,
    pub sampai: String,
    /// The cut-off, RFC 3339 UTC; also every entry's timestamp.
    pub dibuat: String,
    pub dibuat_oleh: String,
    pub berkas: Vec<BerkasManifest>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BerkasManifest {
    pub nama: String,
    pub ukuran: u64,
    pub sha256: String,
}

/// What a successful verification found.
#[derive(Clone, Debug, PartialEq)]
pub struct Hasil {
    pub manifest: Manifest,
    pub sha256_zip: String,
}

fn galat_zip(e: impl std::fmt::Display) -> DataError {
    DataError::Internal(format!("ZIP: {e}"))
}

fn waktu_zip(dibuat: &str) -> Result<zip::DateTime> {
    let t = DateTime::parse_from_rfc3339(dibuat)
        .map_err(|_| DataError::Invalid(format!("Manifest: waktu '{dibuat}' tidak sah.")))?
        .with_timezone(&crate::inti::waktu::wib());
    zip::DateTime::from_date_and_time(
        t.year() as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .map_err(|_| DataError::Invalid(format!("Manifest: waktu '{dibuat}' di luar rentang ZIP.")))
}

/// The `sha256sum -c` file for the manifest's files.
fn sha256sums(m: &Manifest) -> String {
    m.berkas
        .iter()
        .map(|b| format!("{}  {}\n", b.sha256, b.nama))
        .collect()
}

/// The archive bytes for entries already in their final order.
fn arsip(entri: &[(String, Vec<u8>)], waktu: zip::DateTime) -> Result<Vec<u8>> {
    let opsi = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(waktu)
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (nama, isi) in entri {
        w.start_file(nama.as_str(), opsi).map_err(galat_zip)?;
        w.write_all(isi).map_err(galat_zip)?;
    }
    Ok(w.finish().map_err(galat_zip)?.into_inner())
}

/// Packs `berkas` (name, content) with a manifest. Names must be unique.
pub fn kemas(mut manifest: Manifest, mut berkas: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>> {
    berkas.sort_by(|a, b| a.0.cmp(&b.0));
    manifest.berkas = berkas
        .iter()
        .map(|(nama, isi)| BerkasManifest {
            nama: nama.clone(),
            ukuran: isi.len() as u64,
            sha256: sha256_hex(isi),
        })
        .collect();
    let teks =
        serde_json::to_vec_pretty(&manifest).map_err(|e| DataError::Internal(e.to_string()))?;
    let mut entri = vec![
        (MANIFEST.to_string(), teks),
        (SHA256SUMS.to_string(), sha256sums(&manifest).into_bytes()),
    ];
    entri.extend(berkas);
    arsip(&entri, waktu_zip(&manifest.dibuat)?)
}

/// Checks a package: every file against the manifest, nothing missing or
/// added, and the archive byte for byte. Every problem is named (Bahasa).
pub fn verifikasi(zip_bytes: &[u8]) -> std::result::Result<Hasil, Vec<String>> {
    let mut za = zip::ZipArchive::new(Cursor::new(zip_bytes))
        .map_err(|e| vec![format!("Bukan arsip ZIP yang utuh: {e}.")])?;
    let mut entri = Vec::with_capacity(za.len());
    for i in 0..za.len() {
        let mut f = za
            .by_index(i)
            .map_err(|e| vec![format!("Entri ke-{} tidak terbaca: {e}.", i + 1)])?;
        let nama = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut isi = Vec::new();
        f.read_to_end(&mut isi)
            .map_err(|e| vec![format!("Berkas '{nama}' rusak (CRC/isi): {e}.")])?;
        entri.push((nama, isi));
    }
    let Some((_, teks)) = entri.iter().find(|(n, _)| n == MANIFEST) else {
        return Err(vec![format!("{MANIFEST} tidak ada di dalam arsip.")]);
    };
    let manifest: Manifest = serde_json::from_slice(teks)
        .map_err(|e| vec![format!("{MANIFEST} tidak terbaca: {e}.")])?;
    let mut masalah = Vec::new();
    for b in &manifest.berkas {
        match entri.iter().find(|(n, _)| *n == b.nama) {
            None => masalah.push(format!(
                "Berkas '{}' tercantum di manifest tetapi tidak ada.",
                b.nama
            )),
            Some((_, isi)) => {
                let h = sha256_hex(isi);
                if h != b.sha256 || isi.len() as u64 != b.ukuran {
                    masalah.push(format!(
                        "Berkas '{}' berubah: SHA-256 {h} ({} byte), manifest mencatat {} ({} byte).",
                        b.nama,
                        isi.len(),
                        b.sha256,
                        b.ukuran
                    ));
                }
            }
        }
    }
    for (n, _) in &entri {
        if n != MANIFEST && n != SHA256SUMS && !manifest.berkas.iter().any(|b| &b.nama == n) {
            masalah.push(format!("Berkas '{n}' tidak tercantum di manifest."));
        }
    }
    match entri.iter().find(|(n, _)| n == SHA256SUMS) {
        Some((_, isi)) if isi.as_slice() == sha256sums(&manifest).as_bytes() => {}
        Some(_) => masalah.push(format!("{SHA256SUMS} tidak sama dengan manifest.")),
        None => masalah.push(format!("{SHA256SUMS} tidak ada di dalam arsip.")),
    }
    if masalah.is_empty() {
        match waktu_zip(&manifest.dibuat).and_then(|w| arsip(&entri, w)) {
            Ok(ulang) if ulang == zip_bytes => {}
            Ok(ulang) => {
                let i = ulang
                    .iter()
                    .zip(zip_bytes)
                    .position(|(a, b)| a != b)
                    .unwrap_or(ulang.len().min(zip_bytes.len()));
                masalah.push(format!(
                    "Struktur arsip berbeda dari yang dibuat Pantau KKMP mulai byte ke-{} (isi berkas cocok, tetapi header, nama atau direktori ZIP diubah).",
                    i + 1
                ));
            }
            Err(e) => masalah.push(e.to_string()),
        }
    }
    if masalah.is_empty() {
        Ok(Hasil {
            manifest,
            sha256_zip: sha256_hex(zip_bytes),
        })
    } else {
        Err(masalah)
    }
}

/// One version as JSON: every field as stored, plus who sent it, when,
/// how and why.
pub fn json_versi(r: &LaporanTersimpan) -> serde_json::Value {
    serde_json::json!({
        "kelurahan_code": r.isi.kelurahan_code,
        "periode": r.isi.periode.to_string(),
        "versi": r.versi,
        "dikirim_pada": r.pengiriman.dikirim_pada.to_rfc3339_opts(SecondsFormat::Secs, true),
        "dikirim_oleh": r.pengiriman.dikirim_oleh,
        "sumber": r.pengiriman.sumber,
        "alasan": r.pengiriman.alasan,
        "peringatan_diterima": r.pengiriman.peringatan,
        "unggahan_id": r.pengiriman.unggahan_id,
        "isian": crate::inti::isian::isian_teks(&r.isi),
    })
}

pub fn json(v: &impl Serialize) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(v).map_err(|e| DataError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contoh() -> Vec<u8> {
        let m = Manifest {
            format: FORMAT,
            judul: "uji".into(),
            kelurahan_code: "16.71.07.1011".into(),
            kkmp: "KKMP Sukodadi".into(),
            dari: "2026-01".into(),
            sampai: "2026-03".into(),
            dibuat: "2026-11-29T14:05:00Z".into(),
            dibuat_oleh: "inspektorat".into(),
            berkas: Vec::new(),
        };
        kemas(
            m,
            vec![
                ("laporan/2026-01/versi-1.csv".into(), b"a,b\n1,2\n".to_vec()),
                (
                    "laporan/2026-01/versi-1.json".into(),
                    br#"{"omzet":"5000000"}"#.to_vec(),
                ),
                ("persetujuan.json".into(), b"[]".to_vec()),
            ],
        )
        .expect("zip")
    }

    #[test]
    fn a_package_verifies_and_is_deterministic() {
        let z = contoh();
        let h = verifikasi(&z).expect("verifies");
        assert_eq!(h.manifest.berkas.len(), 3);
        assert_eq!(contoh(), z);
    }

    #[test]
    fn every_single_changed_byte_fails() {
        let z = contoh();
        for i in 0..z.len() {
            let mut t = z.clone();
            t[i] ^= 0x01;
            assert!(
                verifikasi(&t).is_err(),
                "byte {i} of {} changed, still verified",
                z.len()
            );
        }
        // Truncated and extended archives fail too.
        assert!(verifikasi(&z[..z.len() - 1]).is_err());
        let mut longer = z.clone();
        longer.push(0);
        assert!(verifikasi(&longer).is_err());
    }

    #[test]
    fn a_changed_file_is_named() {
        let z = contoh();
        // Replace "5000000" inside the stored JSON with "9000000": CRC and
        // hash both catch it; the message names the file or its CRC.
        let pos = z
            .windows(7)
            .position(|w| w == b"5000000")
            .expect("stored plainly");
        let mut t = z.clone();
        t[pos] = b'9';
        let e = verifikasi(&t).expect_err("changed");
        assert!(e.join(" ").contains("versi-1.json"), "{e:?}");
    }
}
