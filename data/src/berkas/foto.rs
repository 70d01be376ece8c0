//! A field visit's photos: checked before anything is stored, never
//! decoded. A photo is kept byte for byte as sent (its SHA-256 is the
//! evidence), so the checks read only its structure:
//!
//! - the size, before anything else ([`UKURAN_FOTO_MAKS`]);
//! - the type, from the first bytes, not the name (JPEG or PNG only);
//! - the declared dimensions, from the header (`imagesize`): a small file
//!   that declares a huge picture (a decompression bomb) is refused before
//!   any browser is asked to open it;
//! - EXIF (`kamadak-exif`): the payload is found by walking the JPEG
//!   segments or PNG chunks with every length checked against the bytes
//!   actually there, then parsed; position and time are read, and a
//!   position no place on earth has is refused.
//!
//! [`contoh_png`] and [`contoh_jpeg`] make photos with a chosen EXIF, for
//! the demo data, the tests and the fuzz corpus.

use chrono::NaiveDateTime;
use model::lapangan::UKURAN_FOTO_MAKS;

/// A picture's pixels at most, and either side at most: a phone's 50 MP
/// camera fits; more is a file made to exhaust the memory of whoever
/// opens it.
pub const PIKSEL_MAKS: u64 = 50_000_000;
pub const SISI_MAKS: u64 = 12_000;

pub use crate::inti::lapangan::FotoDiperiksa;
use crate::inti::temuan::{BerkasBukti, UKURAN_BUKTI_MAKS};

fn mb(n: usize) -> String {
    model::format::desimal(n as f64 / (1024.0 * 1024.0), 1)
}

/// Checks one photo; the error says, in Bahasa, what is wrong with it.
pub fn periksa(isi: &[u8]) -> Result<FotoDiperiksa, String> {
    if isi.is_empty() {
        return Err("berkas kosong (0 byte).".into());
    }
    if isi.len() > UKURAN_FOTO_MAKS {
        return Err(format!(
            "berkas {} MB; foto paling besar {} MB. Kecilkan resolusi kamera atau kirim ulang fotonya.",
            mb(isi.len()),
            UKURAN_FOTO_MAKS / (1024 * 1024)
        ));
    }
    let jenis = if isi.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if isi.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else {
        return Err(format!(
            "bukan foto JPEG atau PNG ({}). Pilih foto dari kamera atau galeri.",
            kira_jenis(isi)
        ));
    };
    let ukuran = imagesize::blob_size(isi).map_err(|_| {
        "ukuran gambar tidak dapat dibaca dari kepala berkas: berkas rusak atau terpotong."
            .to_string()
    })?;
    let (lebar, tinggi) = (ukuran.width as u64, ukuran.height as u64);
    if lebar == 0 || tinggi == 0 {
        return Err(format!(
            "menyatakan ukuran {lebar} × {tinggi} piksel: bukan gambar."
        ));
    }
    if lebar > SISI_MAKS || tinggi > SISI_MAKS || lebar.saturating_mul(tinggi) > PIKSEL_MAKS {
        return Err(format!(
            "menyatakan ukuran {} × {} piksel ({} juta piksel); paling banyak {} piksel per sisi dan {} juta piksel. Berkas kecil yang mengaku gambar sebesar ini dapat menghabiskan memori perangkat yang membukanya (bom dekompresi).",
            model::format::angka(lebar as i64),
            model::format::angka(tinggi as i64),
            model::format::angka((lebar.saturating_mul(tinggi) / 1_000_000) as i64),
            model::format::angka(SISI_MAKS as i64),
            PIKSEL_MAKS / 1_000_000
        ));
    }
    let (mut lintang, mut bujur, mut waktu) = (None, None, None);
    let payload = if jenis == "image/jpeg" {
        exif_jpeg(isi)
    } else {
        exif_png(isi)
    };
    if let Some(p) = payload
        && let Ok(exif) = exif::Reader::new().read_raw(p.to_vec())
    {
        if let Some((lat, lon)) = posisi(&exif)? {
            lintang = Some(lat);
            bujur = Some(lon);
        }
        waktu = waktu_exif(&exif);
    }
    Ok(FotoDiperiksa {
        jenis,
        lebar,
        tinggi,
        sha256: crate::inti::sandi::sha256_hex(isi),
        lintang,
        bujur,
        waktu,
    })
}

/// What a refused file looks like, for the message.
fn kira_jenis(isi: &[u8]) -> &'static str {
    if isi.len() >= 12 && &isi[4..8] == b"ftyp" {
        "tampaknya HEIC/HEIF; pada iPhone pilih Setelan › Kamera › Format › Paling Kompatibel"
    } else if isi.starts_with(b"GIF8") {
        "tampaknya GIF"
    } else if isi.starts_with(b"%PDF") {
        "tampaknya PDF"
    } else if isi.starts_with(b"RIFF") {
        "tampaknya WebP"
    } else if isi.starts_with(b"PK") {
        "tampaknya arsip ZIP atau dokumen Office"
    } else {
        "jenis tidak dikenal"
    }
}

/// The EXIF payload (a TIFF structure) of a JPEG: the APP1 segment that
/// starts "Exif\0\0", found before the image data. Every segment length is
/// checked against the bytes there; a broken structure has no EXIF.
pub fn exif_jpeg(isi: &[u8]) -> Option<&[u8]> {
    let mut i = 2;
    // A JPEG has few segments before its scan; a file made of thousands
    // of empty ones is walked only so far.
    for _ in 0..1024 {
        while *isi.get(i)? == 0xFF && *isi.get(i + 1)? == 0xFF {
            i += 1;
        }
        if *isi.get(i)? != 0xFF {
            return None;
        }
        let penanda = *isi.get(i + 1)?;
        i += 2;
        match penanda {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => return None,
            _ => {}
        }
        let panjang = u16::from_be_bytes([*isi.get(i)?, *isi.get(i + 1)?]) as usize;
        if panjang < 2 {
            return None;
        }
        let segmen = isi.get(i + 2..i + panjang)?;
        if penanda == 0xE1 && segmen.starts_with(b"Exif\0\0") {
            return Some(&segmen[6..]);
        }
        i += panjang;
    }
    None
}

/// The payload of a PNG's `eXIf` chunk, every chunk length checked
/// against the bytes there.
pub fn exif_png(isi: &[u8]) -> Option<&[u8]> {
    let mut i = 8;
    while i + 8 <= isi.len() {
        let panjang = u32::from_be_bytes(isi[i..i + 4].try_into().ok()?) as usize;
        let jenis = &isi[i + 4..i + 8];
        let akhir = (i + 8).checked_add(panjang)?;
        let isi_chunk = isi.get(i + 8..akhir)?;
        if jenis == b"eXIf" {
            return Some(isi_chunk);
        }
        if jenis == b"IEND" {
            return None;
        }
        i = akhir.checked_add(4)?;
    }
    None
}

/// Degrees from EXIF's three rationals (degrees, minutes, seconds) and its
/// reference letter; `Err` for what no place on earth has.
fn posisi(exif: &exif::Exif) -> Result<Option<(f64, f64)>, String> {
    use exif::{In, Tag};
    let lat = exif.get_field(Tag::GPSLatitude, In::PRIMARY);
    let lon = exif.get_field(Tag::GPSLongitude, In::PRIMARY);
    let (Some(lat), Some(lon)) = (lat, lon) else {
        return Ok(None);
    };
    let huruf = |tag| {
        exif.get_field(tag, In::PRIMARY)
            .and_then(|f| match &f.value {
                exif::Value::Ascii(v) => v.first().and_then(|s| s.first()).map(|b| *b as char),
                _ => None,
            })
    };
    let derajat = |f: &exif::Field, nama: &str, batas: f64| -> Result<f64, String> {
        let exif::Value::Rational(r) = &f.value else {
            return Err(format!(
                "{nama} GPS di EXIF bukan bilangan: data lokasi rusak."
            ));
        };
        if r.is_empty() || r.len() > 3 || r.iter().any(|x| x.denom == 0) {
            return Err(format!(
                "{nama} GPS di EXIF tidak masuk akal (pembagi nol atau bagian tidak lengkap): data lokasi rusak."
            ));
        }
        let bagian: Vec<f64> = r.iter().map(|x| x.to_f64()).collect();
        let d = bagian[0];
        let m = bagian.get(1).copied().unwrap_or(0.0);
        let s = bagian.get(2).copied().unwrap_or(0.0);
        let nilai = d + m / 60.0 + s / 3600.0;
        if !nilai.is_finite() || d > batas || m >= 60.0 || s >= 60.0 || nilai > batas {
            return Err(format!(
                "{nama} GPS di EXIF tidak masuk akal: {}° (harus 0 sampai {batas}°). Lokasi foto tidak dapat dipercaya; ambil foto lagi dengan lokasi kamera menyala.",
                model::format::desimal(nilai, 4)
            ));
        }
        Ok(nilai)
    };
    let mut la = derajat(lat, "Lintang", 90.0)?;
    let mut lo = derajat(lon, "Bujur", 180.0)?;
    match huruf(exif::Tag::GPSLatitudeRef) {
        Some('S') => la = -la,
        Some('N') | None => {}
        Some(c) => {
            return Err(format!(
                "arah lintang GPS di EXIF '{c}' bukan N atau S: data lokasi rusak."
            ));
        }
    }
    match huruf(exif::Tag::GPSLongitudeRef) {
        Some('W') => lo = -lo,
        Some('E') | None => {}
        Some(c) => {
            return Err(format!(
                "arah bujur GPS di EXIF '{c}' bukan E atau W: data lokasi rusak."
            ));
        }
    }
    Ok(Some((la, lo)))
}

/// The camera's time of the photo; None when absent or not a real time
/// (cameras write "0000:00:00 00:00:00" when their clock was never set).
fn waktu_exif(exif: &exif::Exif) -> Option<NaiveDateTime> {
    use exif::{In, Tag};
    [Tag::DateTimeOriginal, Tag::DateTime]
        .into_iter()
        .find_map(|tag| match &exif.get_field(tag, In::PRIMARY)?.value {
            exif::Value::Ascii(v) => {
                let t = std::str::from_utf8(v.first()?).ok()?;
                NaiveDateTime::parse_from_str(t.trim_end_matches('\0'), "%Y:%m:%d %H:%M:%S").ok()
            }
            _ => None,
        })
}

/// Checks a finding's evidence file: PDF, JPEG or PNG, read from its bytes (a
/// picture through the photo checks: declared size, EXIF).
pub fn periksa_bukti(nama: &str, isi: &[u8]) -> Result<BerkasBukti, String> {
    if isi.len() > UKURAN_BUKTI_MAKS {
        return Err(format!(
            "Bukti '{}': {} MB; paling besar {} MB.",
            crate::inti::teks::potong(nama, 60),
            model::format::desimal(isi.len() as f64 / 1_048_576.0, 1),
            UKURAN_BUKTI_MAKS / 1_048_576
        ));
    }
    let aman: String = nama
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let aman = if aman.trim_matches(['.', '_']).is_empty() {
        "bukti".to_string()
    } else {
        aman
    };
    Ok(BerkasBukti {
        nama: aman,
        jenis: jenis_bukti(nama, isi)?,
        sha256: crate::inti::sandi::sha256_hex(isi),
    })
}

fn jenis_bukti(nama: &str, isi: &[u8]) -> Result<&'static str, String> {
    let nama = crate::inti::teks::potong(nama, 60);
    if isi.starts_with(b"%PDF-") {
        Ok("application/pdf")
    } else if isi.starts_with(&[0xFF, 0xD8, 0xFF]) || isi.starts_with(b"\x89PNG\r\n\x1a\n") {
        // Pictures pass the photo checks (declared size, EXIF).
        periksa(isi)
            .map(|f| f.jenis)
            .map_err(|m| format!("Bukti '{nama}': {m}"))
    } else if isi.is_empty() {
        Err(format!("Bukti '{nama}': berkas kosong."))
    } else {
        Err(format!(
            "Bukti '{nama}': hanya PDF, JPEG atau PNG yang diterima sebagai bukti (jenis dikenali dari isi berkas, bukan namanya)."
        ))
    }
}

/// EXIF to write into a made-up photo.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContohExif {
    /// Degrees; a value beyond ±90/±180 is written as it is (for tests).
    pub lintang: Option<f64>,
    pub bujur: Option<f64>,
    /// "YYYY:MM:DD HH:MM:SS".
    pub waktu: Option<String>,
}

/// A TIFF structure (little-endian) holding `e`: IFD0 pointing to an Exif
/// IFD (DateTimeOriginal) and a GPS IFD.
pub fn tiff_exif(e: &ContohExif) -> Vec<u8> {
    fn entri(out: &mut Vec<u8>, tag: u16, jenis: u16, n: u32, nilai: [u8; 4]) {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&jenis.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&nilai);
    }
    fn dms(x: f64) -> [(u32, u32); 3] {
        // In thousandths of an arc second, rounded once.
        let t = (x.abs() * 3_600_000.0).round() as u64;
        [
            ((t / 3_600_000) as u32, 1),
            (((t % 3_600_000) / 60_000) as u32, 1),
            ((t % 60_000) as u32, 1000),
        ]
    }
    // Layout: header 8 | IFD0 (2 entries) 30 | Exif IFD (1 entry) 18 |
    // GPS IFD (4 entries) 54 | data: time 20, lat 24, lon 24.
    let ifd0 = 8u32;
    let ifd_exif = ifd0 + 30;
    let ifd_gps = ifd_exif + 18;
    let d_waktu = ifd_gps + 54;
    let d_lat = d_waktu + 20;
    let d_lon = d_lat + 24;
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&ifd0.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    entri(&mut out, 0x8769, 4, 1, ifd_exif.to_le_bytes());
    entri(&mut out, 0x8825, 4, 1, ifd_gps.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    entri(&mut out, 0x9003, 2, 20, d_waktu.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    let gps = e.lintang.zip(e.bujur);
    let n_gps: u16 = if gps.is_some() { 4 } else { 0 };
    out.extend_from_slice(&n_gps.to_le_bytes());
    if let Some((la, lo)) = gps {
        let arah = |c: u8| [c, 0, 0, 0];
        entri(&mut out, 1, 2, 2, arah(if la < 0.0 { b'S' } else { b'N' }));
        entri(&mut out, 2, 5, 3, d_lat.to_le_bytes());
        entri(&mut out, 3, 2, 2, arah(if lo < 0.0 { b'W' } else { b'E' }));
        entri(&mut out, 4, 5, 3, d_lon.to_le_bytes());
    } else {
        out.extend_from_slice(&[0; 48]);
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    let mut t = e
        .waktu
        .clone()
        .unwrap_or_else(|| "0000:00:00 00:00:00".into())
        .into_bytes();
    t.resize(19, b' ');
    t.push(0);
    out.extend_from_slice(&t);
    for x in [e.lintang.unwrap_or(0.0), e.bujur.unwrap_or(0.0)] {
        for (n, d) in dms(x) {
            out.extend_from_slice(&n.to_le_bytes());
            out.extend_from_slice(&d.to_le_bytes());
        }
    }
    out
}

fn chunk(out: &mut Vec<u8>, jenis: &[u8; 4], isi: &[u8]) {
    out.extend_from_slice(&(isi.len() as u32).to_be_bytes());
    let mut h = crc32fast::Hasher::new();
    h.update(jenis);
    h.update(isi);
    out.extend_from_slice(jenis);
    out.extend_from_slice(isi);
    out.extend_from_slice(&h.finalize().to_be_bytes());
}

/// A real, viewable PNG of `lebar` × `tinggi` in one colour with a darker
/// diagonal band, carrying `exif` in an `eXIf` chunk.
pub fn contoh_png(lebar: u32, tinggi: u32, rgb: [u8; 3], exif: Option<&ContohExif>) -> Vec<u8> {
    use std::io::Write;
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&lebar.to_be_bytes());
    ihdr.extend_from_slice(&tinggi.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    if let Some(e) = exif {
        chunk(&mut out, b"eXIf", &tiff_exif(e));
    }
    let mut mentah = Vec::with_capacity((lebar as usize * 3 + 1) * tinggi as usize);
    for y in 0..tinggi {
        mentah.push(0);
        for x in 0..lebar {
            let pita = (x + y) % 40 < 8;
            for c in rgb {
                mentah.push(if pita { c / 2 } else { c });
            }
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(&mentah).expect("writing to memory");
    chunk(&mut out, b"IDAT", &z.finish().expect("writing to memory"));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A PNG whose header declares `lebar` × `tinggi` with a few bytes of
/// pixels: the shape of a decompression bomb (for tests).
pub fn png_bom(lebar: u32, tinggi: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&lebar.to_be_bytes());
    ihdr.extend_from_slice(&tinggi.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The structure of a JPEG (SOI, APP1 EXIF, SOF0, EOI) without pixel
/// data: enough for every check here (for tests).
pub fn contoh_jpeg(lebar: u16, tinggi: u16, exif: Option<&ContohExif>) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    if let Some(e) = exif {
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff_exif(e));
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&app1);
    }
    out.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    out.extend_from_slice(&tinggi.to_be_bytes());
    out.extend_from_slice(&lebar.to_be_bytes());
    out.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn di_palembang() -> ContohExif {
        ContohExif {
            lintang: Some(-2.976_1),
            bujur: Some(104.775_4),
            waktu: Some("2026:11:20 09:15:00".into()),
        }
    }

    #[test]
    fn reads_position_and_time_from_png_and_jpeg() {
        for isi in [
            contoh_png(64, 48, [200, 30, 30], Some(&di_palembang())),
            contoh_jpeg(4000, 3000, Some(&di_palembang())),
        ] {
            let f = periksa(&isi).expect("valid photo");
            assert!((f.lintang.unwrap() + 2.976_1).abs() < 1e-5, "{f:?}");
            assert!((f.bujur.unwrap() - 104.775_4).abs() < 1e-5, "{f:?}");
            assert_eq!(f.waktu.unwrap().to_string(), "2026-11-20 09:15:00", "{f:?}");
            assert_eq!(f.sha256, crate::inti::sandi::sha256_hex(&isi));
        }
        let f = periksa(&contoh_jpeg(4000, 3000, None)).unwrap();
        assert_eq!((f.jenis, f.lebar, f.tinggi), ("image/jpeg", 4000, 3000));
        assert_eq!((f.lintang, f.waktu), (None, None));
    }

    #[test]
    fn refuses_what_is_not_a_photo_or_lies_about_itself() {
        let e = periksa(b"GIF89a....").unwrap_err();
        assert!(
            e.contains("bukan foto JPEG atau PNG") && e.contains("GIF"),
            "{e}"
        );
        assert!(periksa(&[]).unwrap_err().contains("kosong"));
        let besar = vec![0xFF; UKURAN_FOTO_MAKS + 1];
        assert!(periksa(&besar).unwrap_err().contains("paling besar 8 MB"));
        let bom = png_bom(100_000, 100_000);
        assert!(bom.len() < 100);
        let e = periksa(&bom).unwrap_err();
        assert!(
            e.contains("bom dekompresi") && e.contains("100.000 × 100.000"),
            "{e}"
        );
        // 8000 × 7000 = 56 MP: each side allowed, the total not.
        assert!(
            periksa(&png_bom(8_000, 7_000))
                .unwrap_err()
                .contains("juta piksel")
        );
        for (la, lo, kata) in [(200.0, 104.7, "Lintang"), (-2.9, 300.0, "Bujur")] {
            let x = ContohExif {
                lintang: Some(la),
                bujur: Some(lo),
                waktu: None,
            };
            let e = periksa(&contoh_jpeg(100, 100, Some(&x))).unwrap_err();
            assert!(e.contains(kata) && e.contains("tidak masuk akal"), "{e}");
        }
        // A header cut short has no dimensions.
        let mut potong = contoh_jpeg(100, 100, None);
        potong.truncate(6);
        assert!(periksa(&potong).is_err());
    }

    #[test]
    fn evidence_is_pdf_or_a_checked_picture() {
        assert_eq!(
            periksa_bukti("a.pdf", b"%PDF-1.7 ...").unwrap().jenis,
            "application/pdf"
        );
        let e = periksa_bukti("a.exe", b"MZ\x90\x00").unwrap_err();
        assert!(e.contains("hanya PDF, JPEG atau PNG"), "{e}");
        let bom = png_bom(100_000, 100_000);
        assert!(
            periksa_bukti("b.png", &bom)
                .unwrap_err()
                .contains("bom dekompresi")
        );
        assert_eq!(
            periksa_bukti("../../etc/passwd.pdf", b"%PDF-")
                .unwrap()
                .nama,
            ".._.._etc_passwd.pdf"
        );
    }

    #[test]
    fn segment_walks_stop_at_lengths_beyond_the_file() {
        // An APP1 that claims 65,535 bytes in a file of 20.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF];
        j.extend_from_slice(b"Exif\0\0II*\0");
        assert_eq!(exif_jpeg(&j), None);
        // A PNG chunk that claims 4 GB.
        let mut p = b"\x89PNG\r\n\x1a\n".to_vec();
        p.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        p.extend_from_slice(b"eXIf");
        assert_eq!(exif_png(&p), None);
    }
}
