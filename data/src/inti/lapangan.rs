//! Field verification visits, the pure part: the form's checks, what a
//! visit says about a KKMP's own report, where a photo was taken against
//! the kelurahan, and the evidence grade of the "beroperasi" figure.

use chrono::{Months, NaiveDate, NaiveDateTime};
use model::Periode;
use model::lapangan::{
    BULAN_BUKTI, BuktiLapangan, HasilKunjungan, JARAK_WAJAR_M, TONGGAK_LAPANGAN,
};
use model::status::StatusOperasi;
use std::collections::{HashMap, HashSet};

/// A visit as typed in the form (photos travel beside it).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct KunjunganBaru {
    pub kelurahan_code: String,
    /// YYYY-MM-DD.
    pub tanggal: String,
    pub petugas: String,
    /// For each of [`TONGGAK_LAPANGAN`], "ya" or "tidak" as sent.
    pub temuan: Vec<(String, String)>,
    pub catatan: String,
}

/// A visit's fields once checked.
#[derive(Clone, Debug, PartialEq)]
pub struct KunjunganSah {
    pub kelurahan_code: String,
    pub tanggal: NaiveDate,
    pub petugas: String,
    /// In the order of [`TONGGAK_LAPANGAN`].
    pub temuan: [bool; 4],
    pub catatan: String,
}

/// How far back a visit may be recorded.
pub const HARI_MUNDUR_MAKS: i64 = 366;

/// Checks the typed fields against `kelurahan_ada` and `hari_ini`; every
/// problem named with its field, in one list.
pub fn periksa(
    k: &KunjunganBaru,
    kelurahan_ada: impl Fn(&str) -> bool,
    hari_ini: NaiveDate,
) -> Result<KunjunganSah, Vec<String>> {
    let mut galat = Vec::new();
    let code = k.kelurahan_code.trim();
    if !kelurahan_ada(code) {
        galat.push(format!(
            "KKMP: kode kelurahan '{}' tidak ada di Kota Palembang.",
            crate::inti::teks::potong(code, 40)
        ));
    }
    let tanggal = match NaiveDate::parse_from_str(k.tanggal.trim(), "%Y-%m-%d") {
        Ok(d) if d > hari_ini => {
            galat.push(format!("Tanggal kunjungan: {d} belum terjadi."));
            None
        }
        Ok(d) if (hari_ini - d).num_days() > HARI_MUNDUR_MAKS => {
            galat.push(format!(
                "Tanggal kunjungan: {d} lebih dari satu tahun lalu; kunjungan dicatat paling lambat {HARI_MUNDUR_MAKS} hari sesudahnya."
            ));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            galat.push(format!(
                "Tanggal kunjungan: '{}' bukan tanggal; pakai format TTTT-BB-HH.",
                crate::inti::teks::potong(k.tanggal.trim(), 40)
            ));
            None
        }
    };
    let petugas = k.petugas.trim();
    if petugas.is_empty() || petugas.chars().count() > 200 {
        galat.push(
            "Petugas: wajib diisi (nama yang berkunjung), paling banyak 200 karakter.".into(),
        );
    }
    let mut temuan = [false; 4];
    for (i, (kode, label, _)) in TONGGAK_LAPANGAN.iter().enumerate() {
        match k
            .temuan
            .iter()
            .find(|(t, _)| t == kode)
            .map(|(_, v)| v.trim())
        {
            Some("ya") => temuan[i] = true,
            Some("tidak") => temuan[i] = false,
            Some(v) => galat.push(format!(
                "{label}: '{}' bukan 'ya' atau 'tidak'.",
                crate::inti::teks::potong(v, 20)
            )),
            None => galat.push(format!("{label}: pilih ya atau tidak.")),
        }
    }
    let catatan = k.catatan.trim();
    if catatan.chars().count() > 2000 {
        galat.push("Catatan: paling banyak 2.000 karakter.".into());
    }
    match tanggal {
        Some(tanggal) if galat.is_empty() => Ok(KunjunganSah {
            kelurahan_code: code.to_string(),
            tanggal,
            petugas: petugas.to_string(),
            temuan,
            catatan: catatan.to_string(),
        }),
        _ => Err(galat),
    }
}

/// Seen operating: a gerai open, with stock, and someone of the KKMP there.
pub fn terlihat_beroperasi(temuan: &[bool; 4]) -> bool {
    temuan[0] && temuan[1] && temuan[2]
}

/// What the visit says about the report it is set against.
pub fn hasil(temuan: &[bool; 4], laporan: Option<StatusOperasi>) -> HasilKunjungan {
    match laporan {
        None => HasilKunjungan::TanpaLaporan,
        Some(s) if (s != StatusOperasi::Belum) == terlihat_beroperasi(temuan) => {
            HasilKunjungan::Mengonfirmasi
        }
        Some(_) => HasilKunjungan::Membantah,
    }
}

/// Great-circle distance in metres (haversine, mean earth radius).
pub fn jarak_m(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let r = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * a.sqrt().min(1.0).asin()
}

/// Whether (lng, lat) lies inside the rings (even–odd rule: a hole is a
/// ring inside another).
pub fn di_dalam(cincin: &[Vec<(f64, f64)>], lng: f64, lat: f64) -> bool {
    let mut dalam = false;
    for ring in cincin {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (xi, yi) = ring[i];
            let (xj, yj) = ring[j];
            if (yi > lat) != (yj > lat) && lng < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                dalam = !dalam;
            }
            j = i;
        }
    }
    dalam
}

/// Where a photo was taken against its kelurahan: 0 inside the installed
/// boundary, else metres from the centroid.
pub fn jarak_foto(
    lintang: f64,
    bujur: f64,
    pusat: (f64, f64),
    batas: Option<&[Vec<(f64, f64)>]>,
) -> i64 {
    if batas.is_some_and(|c| di_dalam(c, bujur, lintang)) {
        return 0;
    }
    jarak_m(lintang, bujur, pusat.0, pusat.1).round() as i64
}

/// A photo that passed the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct FotoDiperiksa {
    /// "image/jpeg" or "image/png".
    pub jenis: &'static str,
    pub lebar: u64,
    pub tinggi: u64,
    pub sha256: String,
    /// Degrees (south and west negative), from EXIF GPS.
    pub lintang: Option<f64>,
    pub bujur: Option<f64>,
    /// EXIF DateTimeOriginal (or DateTime), the camera's local time.
    pub waktu: Option<NaiveDateTime>,
}

/// A photo as stored, for its flags.
#[derive(Clone, Debug, PartialEq)]
pub struct FotoTersimpan {
    pub id: i64,
    pub kunjungan_id: i64,
    pub jenis: String,
    pub ukuran: i64,
    pub lebar: i64,
    pub tinggi: i64,
    pub sha256: String,
    pub lintang_e6: Option<i64>,
    pub bujur_e6: Option<i64>,
    pub waktu_exif: Option<String>,
    pub jarak_m: Option<i64>,
}

/// A visit as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct KunjunganTersimpan {
    pub id: i64,
    pub kelurahan_code: String,
    pub tanggal: String,
    pub petugas: String,
    pub temuan: [bool; 4],
    pub catatan: String,
    pub periode_laporan: Option<String>,
    pub status_laporan: Option<String>,
    pub hasil: String,
    pub dicatat_oleh: String,
    pub dicatat_pada: String,
}

/// What to look at in a photo: far from the kelurahan, without position
/// or time, taken days away from the visit, the same bytes in another
/// visit (`dipakai_lagi`: the other visits' ids).
pub fn tanda_foto(f: &FotoTersimpan, tanggal_kunjungan: &str, dipakai_lagi: &[i64]) -> Vec<String> {
    let mut t = Vec::new();
    match f.jarak_m {
        Some(m) if m > JARAK_WAJAR_M => t.push(format!(
            "diambil {} km dari titik tengah kelurahan",
            model::format::desimal(m as f64 / 1000.0, 1)
        )),
        Some(_) => {}
        None => t.push("tanpa lokasi GPS di EXIF".into()),
    }
    let hari = NaiveDate::parse_from_str(tanggal_kunjungan, "%Y-%m-%d").ok();
    match f
        .waktu_exif
        .as_deref()
        .and_then(|w| NaiveDateTime::parse_from_str(w, "%Y-%m-%d %H:%M:%S").ok())
    {
        Some(w) => {
            if let Some(h) = hari {
                let selisih = (w.date() - h).num_days();
                if selisih < -1 {
                    t.push(format!(
                        "diambil {} hari sebelum tanggal kunjungan",
                        -selisih
                    ));
                } else if selisih > 1 {
                    t.push(format!("diambil {selisih} hari sesudah tanggal kunjungan"));
                }
            }
        }
        None => t.push("tanpa waktu pengambilan di EXIF".into()),
    }
    for k in dipakai_lagi {
        t.push(format!("foto yang sama dipakai pada kunjungan #{k}"));
    }
    t
}

/// The window of visits that count for month `p`: [`BULAN_BUKTI`]
/// months — the three before `p`, `p`, and the two after it, when its
/// report arrives, is accepted and is checked on site.
pub fn jendela(p: Periode) -> (NaiveDate, NaiveDate) {
    let awal = NaiveDate::from_ymd_opt(p.year(), p.month(), 1).expect("valid month");
    let sampai = awal + Months::new(3) - chrono::Days::new(1);
    let dari = awal - Months::new(BULAN_BUKTI - 3);
    (dari, sampai)
}

/// The evidence grade at month `p`: `beroperasi` are the KKMP whose
/// report says they operate; `terlihat` maps each KKMP visited in the
/// window (see [`jendela`]) to what its latest visit saw.
pub fn bukti(
    p: Periode,
    beroperasi: &HashSet<String>,
    terlihat: &HashMap<String, bool>,
) -> BuktiLapangan {
    let (dari, sampai) = jendela(p);
    let mut b = BuktiLapangan {
        beroperasi: beroperasi.len() as i64,
        dikunjungi: terlihat.len() as i64,
        dari: dari.to_string(),
        sampai: sampai.to_string(),
        ..BuktiLapangan::default()
    };
    for k in beroperasi {
        match terlihat.get(k) {
            Some(true) => b.terkonfirmasi += 1,
            Some(false) => b.dibantah += 1,
            None => b.laporan_saja += 1,
        }
    }
    b
}

/// From visits (kelurahan, ISO day, seen operating), any order: what the
/// latest visit of each KKMP inside the window of `p` saw.
pub fn terlihat_di<'a>(
    p: Periode,
    kunjungan: impl Iterator<Item = (&'a str, &'a str, bool)>,
) -> HashMap<String, bool> {
    let (dari, sampai) = jendela(p);
    let (dari, sampai) = (dari.to_string(), sampai.to_string());
    let mut terakhir: HashMap<String, (&str, bool)> = HashMap::new();
    for (k, t, lihat) in kunjungan {
        if t < dari.as_str() || t > sampai.as_str() {
            continue;
        }
        let e = terakhir.entry(k.to_string()).or_insert((t, lihat));
        if t >= e.0 {
            *e = (t, lihat);
        }
    }
    terakhir.into_iter().map(|(k, (_, v))| (k, v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baru(tanggal: &str) -> KunjunganBaru {
        KunjunganBaru {
            kelurahan_code: "16.71.04.1001".into(),
            tanggal: tanggal.into(),
            petugas: "Rina".into(),
            temuan: TONGGAK_LAPANGAN
                .iter()
                .map(|(k, _, _)| (k.to_string(), "ya".to_string()))
                .collect(),
            catatan: String::new(),
        }
    }

    #[test]
    fn checks_every_field_by_name() {
        let hari = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let ada = |c: &str| c == "16.71.04.1001";
        assert!(periksa(&baru("2026-12-01"), ada, hari).is_ok());
        let e = periksa(&baru("2026-12-06"), ada, hari).unwrap_err();
        assert!(e[0].contains("belum terjadi"), "{e:?}");
        let e = periksa(&baru("2025-11-01"), ada, hari).unwrap_err();
        assert!(e[0].contains("lebih dari satu tahun"), "{e:?}");
        let mut k = baru("kemarin");
        k.kelurahan_code = "99".into();
        k.petugas = " ".into();
        k.temuan[1].1 = "mungkin".into();
        k.temuan.pop();
        let e = periksa(&k, ada, hari).unwrap_err().join(" | ");
        for kata in [
            "KKMP",
            "Tanggal",
            "Petugas",
            "Stok barang ada",
            "Pembukuan ada",
        ] {
            assert!(e.contains(kata), "{kata}: {e}");
        }
    }

    #[test]
    fn a_visit_confirms_or_contradicts_the_report() {
        let semua = [true; 4];
        let tutup = [false, true, true, true];
        assert_eq!(
            hasil(&semua, Some(StatusOperasi::Penuh)),
            HasilKunjungan::Mengonfirmasi
        );
        assert_eq!(
            hasil(&tutup, Some(StatusOperasi::Terbatas)),
            HasilKunjungan::Membantah
        );
        assert_eq!(
            hasil(&tutup, Some(StatusOperasi::Belum)),
            HasilKunjungan::Mengonfirmasi
        );
        assert_eq!(
            hasil(&semua, Some(StatusOperasi::Belum)),
            HasilKunjungan::Membantah
        );
        assert_eq!(hasil(&semua, None), HasilKunjungan::TanpaLaporan);
        // Books are checked but do not make a KKMP operate.
        assert!(terlihat_beroperasi(&[true, true, true, false]));
    }

    #[test]
    fn distance_and_boundary() {
        // One degree of latitude is about 111.2 km.
        let d = jarak_m(-3.0, 104.7, -2.0, 104.7);
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
        let kotak = vec![vec![
            (104.0, -3.0),
            (105.0, -3.0),
            (105.0, -2.0),
            (104.0, -2.0),
        ]];
        assert!(di_dalam(&kotak, 104.5, -2.5));
        assert!(!di_dalam(&kotak, 105.5, -2.5));
        assert_eq!(jarak_foto(-2.5, 104.5, (-2.9, 104.7), Some(&kotak)), 0);
        assert!(jarak_foto(-2.5, 104.5, (-2.9, 104.7), None) > 40_000);
    }

    #[test]
    fn the_grade_counts_the_latest_visit_in_the_window() {
        let p = Periode::new(2026, 11).unwrap();
        assert_eq!(
            jendela(p),
            (
                NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
                NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()
            )
        );
        let v = [
            ("a", "2026-08-01", false),
            ("a", "2027-01-03", true),
            ("b", "2026-09-09", false),
            ("c", "2026-07-31", true),
            ("d", "2027-02-01", true),
        ];
        let t = terlihat_di(p, v.iter().map(|(k, t, l)| (*k, *t, *l)));
        assert_eq!(t.len(), 2);
        let ber: HashSet<String> = ["a", "b", "c", "e"].iter().map(|s| s.to_string()).collect();
        let b = bukti(p, &ber, &t);
        assert_eq!(
            (b.beroperasi, b.terkonfirmasi, b.dibantah, b.laporan_saja),
            (4, 1, 1, 2)
        );
    }

    #[test]
    fn photo_flags() {
        let f = FotoTersimpan {
            id: 1,
            kunjungan_id: 1,
            jenis: "image/jpeg".into(),
            ukuran: 1,
            lebar: 1,
            tinggi: 1,
            sha256: String::new(),
            lintang_e6: None,
            bujur_e6: None,
            waktu_exif: Some("2026-11-01 10:00:00".into()),
            jarak_m: Some(5_400),
        };
        let t = tanda_foto(&f, "2026-11-20", &[7]).join(" | ");
        assert!(
            t.contains("5,4 km") && t.contains("19 hari sebelum") && t.contains("#7"),
            "{t}"
        );
        let ok = FotoTersimpan {
            jarak_m: Some(300),
            waktu_exif: Some("2026-11-20 08:00:00".into()),
            ..f
        };
        assert!(tanda_foto(&ok, "2026-11-20", &[]).is_empty());
    }
}
