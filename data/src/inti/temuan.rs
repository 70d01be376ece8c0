//! The findings register, the pure part: a new finding's checks, a step's
//! checks (the text and the evidence file), and the status read from the
//! steps.

use chrono::NaiveDate;
use model::temuan::{LANGKAH_BUKA, LANGKAH_TINDAK, LANGKAH_TUTUP, SUMBER_TEMUAN, StatusTemuan};

/// A finding as typed.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct TemuanBaru {
    pub judul: String,
    pub uraian: String,
    pub rekomendasi: String,
    pub penanggung_jawab: String,
    pub wilayah_code: String,
    pub sumber: String,
    pub sumber_ref: String,
    /// YYYY-MM-DD.
    pub tenggat: String,
}

/// A stored finding.
#[derive(Clone, Debug, PartialEq)]
pub struct BarisTemuan {
    pub id: i64,
    pub judul: String,
    pub uraian: String,
    pub rekomendasi: String,
    pub penanggung_jawab: String,
    pub wilayah_code: String,
    pub sumber: String,
    pub sumber_ref: String,
    pub tenggat: String,
    pub dibuka_oleh: String,
    pub dibuka_pada: String,
}

/// A stored step (without its file's bytes).
#[derive(Clone, Debug, PartialEq)]
pub struct BarisLangkah {
    pub id: i64,
    pub temuan_id: i64,
    pub jenis: String,
    pub uraian: String,
    pub oleh: String,
    pub pada: String,
    pub berkas_nama: Option<String>,
    pub berkas_jenis: Option<String>,
    pub ukuran: Option<i64>,
    pub sha256: Option<String>,
}

/// An evidence file checked: (safe name, content type, SHA-256).
#[derive(Clone, Debug, PartialEq)]
pub struct BerkasBukti {
    pub nama: String,
    pub jenis: &'static str,
    pub sha256: String,
}

/// Evidence attached to a step at most.
pub const UKURAN_BUKTI_MAKS: usize = 8 * 1024 * 1024;

fn teks(label: &str, v: &str, min: usize, maks: usize, galat: &mut Vec<String>) -> String {
    let v = v.trim();
    let n = v.chars().count();
    if n < min || n > maks {
        galat.push(if min > 0 {
            format!(
                "{label}: wajib diisi, paling banyak {} karakter.",
                model::format::angka(maks as i64)
            )
        } else {
            format!(
                "{label}: paling banyak {} karakter.",
                model::format::angka(maks as i64)
            )
        });
    }
    v.to_string()
}

/// Checks a new finding; `wilayah_ada` says whether a code is a
/// kecamatan or kelurahan of the city. Every problem named.
pub fn periksa(
    t: &TemuanBaru,
    wilayah_ada: impl Fn(&str) -> bool,
    hari_ini: NaiveDate,
) -> Result<TemuanBaru, Vec<String>> {
    let mut galat = Vec::new();
    let judul = teks("Judul", &t.judul, 3, 200, &mut galat);
    let uraian = teks("Kondisi yang ditemukan", &t.uraian, 1, 4000, &mut galat);
    let rekomendasi = teks("Rekomendasi", &t.rekomendasi, 1, 4000, &mut galat);
    let pj = teks("Penanggung jawab", &t.penanggung_jawab, 1, 200, &mut galat);
    let sumber_ref = teks("Rujukan sumber", &t.sumber_ref, 0, 200, &mut galat);
    let wilayah = t.wilayah_code.trim().to_string();
    if !wilayah.is_empty() && !wilayah_ada(&wilayah) {
        galat.push(format!(
            "Wilayah: kode '{}' bukan kecamatan atau kelurahan Kota Palembang.",
            crate::inti::teks::potong(&wilayah, 40)
        ));
    }
    if !SUMBER_TEMUAN.iter().any(|(k, _)| *k == t.sumber.trim()) {
        galat.push(
            "Sumber: pilih anomali data, kunjungan lapangan atau pemeriksaan Inspektorat.".into(),
        );
    }
    match NaiveDate::parse_from_str(t.tenggat.trim(), "%Y-%m-%d") {
        Ok(d) if d < hari_ini => galat.push(format!("Tenggat: {d} sudah lewat.")),
        Ok(d) if (d - hari_ini).num_days() > 730 => {
            galat.push(format!("Tenggat: {d} lebih dari dua tahun lagi."))
        }
        Ok(_) => {}
        Err(_) => galat.push(format!(
            "Tenggat: '{}' bukan tanggal; pakai format TTTT-BB-HH.",
            crate::inti::teks::potong(t.tenggat.trim(), 40)
        )),
    }
    if !galat.is_empty() {
        return Err(galat);
    }
    Ok(TemuanBaru {
        judul,
        uraian,
        rekomendasi,
        penanggung_jawab: pj,
        wilayah_code: wilayah,
        sumber: t.sumber.trim().to_string(),
        sumber_ref,
        tenggat: t.tenggat.trim().to_string(),
    })
}

/// The status after `langkah` (kinds, oldest first).
pub fn status<'a>(langkah: impl Iterator<Item = &'a str>) -> StatusTemuan {
    langkah.fold(StatusTemuan::Terbuka, |s, j| match j {
        LANGKAH_TINDAK if s != StatusTemuan::Ditutup => StatusTemuan::Ditindaklanjuti,
        LANGKAH_TUTUP => StatusTemuan::Ditutup,
        LANGKAH_BUKA => StatusTemuan::Terbuka,
        _ => s,
    })
}

/// Whether step `jenis` may follow status `s`: no follow-up on a closed
/// finding, closing only what is open, reopening only what is closed.
pub fn boleh_langkah(s: StatusTemuan, jenis: &str) -> Result<(), String> {
    match (jenis, s) {
        (LANGKAH_TINDAK, StatusTemuan::Ditutup) => Err(
            "Temuan ini sudah ditutup Inspektorat; tindak lanjut tidak dapat ditambahkan.".into(),
        ),
        (LANGKAH_TUTUP, StatusTemuan::Ditutup) => Err("Temuan ini sudah ditutup.".into()),
        (LANGKAH_BUKA, StatusTemuan::Terbuka | StatusTemuan::Ditindaklanjuti) => {
            Err("Temuan ini belum ditutup.".into())
        }
        (LANGKAH_TINDAK | LANGKAH_TUTUP | LANGKAH_BUKA, _) => Ok(()),
        _ => Err("Langkah tidak dikenal.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_the_steps() {
        assert_eq!(status([].into_iter()), StatusTemuan::Terbuka);
        assert_eq!(
            status(["tindak_lanjut"].into_iter()),
            StatusTemuan::Ditindaklanjuti
        );
        assert_eq!(
            status(["tindak_lanjut", "ditutup"].into_iter()),
            StatusTemuan::Ditutup
        );
        assert_eq!(
            status(["tindak_lanjut", "ditutup", "dibuka_lagi"].into_iter()),
            StatusTemuan::Terbuka
        );
        assert!(boleh_langkah(StatusTemuan::Ditutup, "tindak_lanjut").is_err());
        assert!(boleh_langkah(StatusTemuan::Terbuka, "dibuka_lagi").is_err());
        assert!(boleh_langkah(StatusTemuan::Ditindaklanjuti, "ditutup").is_ok());
        assert!(boleh_langkah(StatusTemuan::Terbuka, "hapus").is_err());
    }

    #[test]
    fn a_finding_is_checked_field_by_field() {
        let hari = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let t = TemuanBaru {
            judul: "x".into(),
            sumber: "gosip".into(),
            tenggat: "2026-12-01".into(),
            wilayah_code: "99.99".into(),
            ..Default::default()
        };
        let e = periksa(&t, |_| false, hari).unwrap_err().join(" | ");
        for kata in [
            "Judul",
            "Kondisi",
            "Rekomendasi",
            "Penanggung jawab",
            "Wilayah",
            "Sumber",
            "sudah lewat",
        ] {
            assert!(e.contains(kata), "{kata}: {e}");
        }
    }
}
