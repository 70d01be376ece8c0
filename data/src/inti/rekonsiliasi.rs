//! Reconciliation with SIMKOPDES, the pure part: the column mapping (a
//! configuration file, since the national export's layout is not a
//! published standard), matching a row's area names to the kelurahan codes
//! through the official name variants, reading a row's values, and
//! comparing them with the city's accepted report field by field.
//!
//! The mapping is `data/master/simkopdes_kolom.csv` (embedded), or the
//! file `PANTAU_SIMKOPDES_KOLOM` names: one line per accepted header,
//! `bidang,judul`; `abaikan` marks a column known and never read.

use crate::inti::laporan::Laporan;
use crate::inti::wilayah::Wilayah;
use model::rekonsiliasi::{CaraCocok, TOLERANSI_ANGGOTA_PERSEN};
use model::status::{GeraiStatus, PinjamanTahap};
use model::temuan::StatusTemuan;
use std::collections::HashMap;

const PETA_BAWAAN: &str = include_str!("../../master/simkopdes_kolom.csv");
const VARIAN_CSV: &str = include_str!("../../master/wilayah_varian.csv");

/// What a column of the national file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kolom {
    KodeWilayah,
    Provinsi,
    Kabupaten,
    Kecamatan,
    Kelurahan,
    BadanHukum,
    Anggota,
    Gerai,
    TahapPinjaman,
    /// Known, never read (names, phone numbers and the like stay unread).
    Abaikan,
}

impl Kolom {
    const SEMUA: [(&'static str, Kolom, &'static str); 10] = [
        (
            "kode_wilayah",
            Kolom::KodeWilayah,
            "Kode wilayah (Kemendagri)",
        ),
        ("provinsi", Kolom::Provinsi, "Provinsi"),
        ("kabupaten", Kolom::Kabupaten, "Kabupaten/kota"),
        ("kecamatan", Kolom::Kecamatan, "Kecamatan"),
        ("kelurahan", Kolom::Kelurahan, "Desa/kelurahan"),
        ("badan_hukum", Kolom::BadanHukum, "Berbadan hukum"),
        ("anggota", Kolom::Anggota, "Jumlah anggota"),
        ("gerai", Kolom::Gerai, "Gerai beroperasi"),
        (
            "tahap_pinjaman",
            Kolom::TahapPinjaman,
            "Tahap pinjaman Himbara",
        ),
        ("abaikan", Kolom::Abaikan, "Diabaikan (tidak dibaca)"),
    ];

    fn dari_kode(kode: &str) -> Option<Kolom> {
        Self::SEMUA
            .iter()
            .find(|(k, _, _)| *k == kode)
            .map(|(_, b, _)| *b)
    }
}

/// The column mapping: accepted headers (compared without case and extra
/// spaces) to what they hold.
#[derive(Clone, Debug)]
pub struct Peta {
    judul: HashMap<String, Kolom>,
    urutan: Vec<(Kolom, String)>,
}

fn kunci_judul(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Peta {
    /// The embedded mapping.
    pub fn bawaan() -> Peta {
        Peta::dari_csv(PETA_BAWAAN, "simkopdes_kolom.csv").expect("the embedded mapping is valid")
    }

    /// Reads a mapping file; every problem is located by its line.
    pub fn dari_csv(teks: &str, asal: &str) -> Result<Peta, Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(teks.as_bytes());
        let mut galat = Vec::new();
        let mut judul = HashMap::new();
        let mut urutan = Vec::new();
        match reader.headers() {
            Ok(h) if h.iter().map(str::trim).eq(["bidang", "judul"]) => {}
            _ => galat.push(format!(
                "{asal} baris 1: baris judul harus \"bidang,judul\"."
            )),
        }
        for (i, rec) in reader.records().enumerate() {
            let baris = i + 2;
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    galat.push(format!("{asal} baris {baris}: tidak dapat dibaca ({e})."));
                    continue;
                }
            };
            let (Some(b), Some(j), 2) = (rec.get(0), rec.get(1), rec.len()) else {
                galat.push(format!(
                    "{asal} baris {baris}: harus dua kolom, bidang dan judul."
                ));
                continue;
            };
            let Some(kolom) = Kolom::dari_kode(b.trim()) else {
                galat.push(format!(
                    "{asal} baris {baris}: bidang '{}' tidak dikenal (yang dikenal: {}).",
                    b.trim(),
                    Kolom::SEMUA.map(|(k, _, _)| k).join(", ")
                ));
                continue;
            };
            let k = kunci_judul(j);
            if k.is_empty() {
                galat.push(format!("{asal} baris {baris}: judul kolom kosong."));
                continue;
            }
            if let Some(lain) = judul.insert(k.clone(), kolom)
                && lain != kolom
            {
                galat.push(format!(
                    "{asal} baris {baris}: judul '{}' sudah dipetakan ke bidang lain.",
                    j.trim()
                ));
            }
            urutan.push((kolom, j.trim().to_string()));
        }
        if galat.is_empty() && !urutan.iter().any(|(k, _)| *k == Kolom::Kelurahan) {
            galat.push(format!(
                "{asal}: tidak ada judul untuk bidang 'kelurahan'; tanpa nama kelurahan baris tidak dapat dicocokkan."
            ));
        }
        if galat.is_empty() {
            Ok(Peta { judul, urutan })
        } else {
            Err(galat)
        }
    }

    pub fn kolom(&self, judul: &str) -> Option<Kolom> {
        self.judul.get(&kunci_judul(judul)).copied()
    }

    /// (what, the accepted headers) for the page that explains the import.
    pub fn daftar(&self) -> Vec<(String, String)> {
        Kolom::SEMUA
            .iter()
            .filter_map(|(_, k, label)| {
                let j: Vec<&str> = self
                    .urutan
                    .iter()
                    .filter(|(b, _)| b == k)
                    .map(|(_, j)| j.as_str())
                    .collect();
                (!j.is_empty()).then(|| (label.to_string(), j.join(" · ")))
            })
            .collect()
    }
}

/// The name Kepmendagri 2025 gives kelurahan or kecamatan `code`
/// ("Tiga-puluh-lima Ilir" for 35 Ilir).
pub fn nama_2025(code: &str) -> Option<String> {
    csv::Reader::from_reader(VARIAN_CSV.as_bytes())
        .records()
        .flatten()
        .find(|r| r.get(1) == Some(code))
        .and_then(|r| r.get(4).map(str::to_string))
}

/// A name reduced for comparison: lower case, letters and digits only, no
/// spaces, the area word in front dropped, "sei" read as "sungai".
pub fn ringkas_nama(s: &str) -> String {
    let lower = s.to_lowercase();
    let kata: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w == "sei" {
                "sungai".to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    let buang = ["kelurahan", "kel", "desa", "kecamatan", "kec"];
    let mulai = usize::from(kata.first().is_some_and(|w| buang.contains(&w.as_str())));
    kata[mulai..].concat()
}

/// Edit distance between two short names, giving up past `batas`.
fn jarak_ejaan(a: &str, b: &str, batas: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > batas || a.len() > 64 || b.len() > 64 {
        return None;
    }
    let mut lalu: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut kini = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            kini[j + 1] = (lalu[j] + usize::from(ca != cb))
                .min(lalu[j + 1] + 1)
                .min(kini[j] + 1);
        }
        lalu = kini;
    }
    let d = lalu[b.len()];
    (d <= batas).then_some(d)
}

struct Calon {
    code: String,
    kecamatan_code: String,
    nama: Vec<String>,
}

/// Ties a row's area to a kelurahan code.
pub struct Pencocok {
    calon: Vec<Calon>,
    /// Kecamatan code → its name forms, reduced.
    kecamatan: HashMap<String, Vec<String>>,
    label: HashMap<String, String>,
}

/// What the matcher made of a row's area.
#[derive(Clone, Debug, PartialEq)]
pub enum Hasil {
    /// Outside Kota Palembang: skipped.
    DiLuar,
    Pasti(String, CaraCocok),
    /// A kelurahan, and why a person must confirm it.
    Ragu(String, String),
    Galat(String),
}

impl Pencocok {
    pub fn baru(w: &Wilayah) -> Pencocok {
        let mut nama: HashMap<String, Vec<String>> = HashMap::new();
        let mut tambah = |code: &str, n: &str| {
            let r = ringkas_nama(n);
            if !r.is_empty() {
                let v = nama.entry(code.to_string()).or_default();
                if !v.contains(&r) {
                    v.push(r);
                }
            }
        };
        for k in &w.kecamatan {
            tambah(&k.code, &k.nama);
        }
        for k in &w.kelurahan {
            tambah(&k.code, &k.nama);
        }
        let mut reader = csv::Reader::from_reader(VARIAN_CSV.as_bytes());
        for rec in reader.records().flatten() {
            let code = rec.get(1).unwrap_or_default();
            for i in [3, 4, 6] {
                if let Some(n) = rec.get(i) {
                    tambah(code, n);
                }
            }
        }
        let kecamatan = w
            .kecamatan
            .iter()
            .map(|k| {
                (
                    k.code.clone(),
                    nama.get(&k.code).cloned().unwrap_or_default(),
                )
            })
            .collect();
        let label = w
            .kelurahan
            .iter()
            .map(|k| {
                let kec = w
                    .kecamatan(&k.kecamatan_code)
                    .map_or("", |c| c.nama.as_str());
                (k.code.clone(), format!("{} ({kec})", k.nama))
            })
            .collect();
        Pencocok {
            calon: w
                .kelurahan
                .iter()
                .map(|k| Calon {
                    code: k.code.clone(),
                    kecamatan_code: k.kecamatan_code.clone(),
                    nama: nama.remove(&k.code).unwrap_or_default(),
                })
                .collect(),
            kecamatan,
            label,
        }
    }

    /// "Sukodadi (Sukarami)".
    pub fn label(&self, code: &str) -> String {
        self.label.get(code).cloned().unwrap_or_else(|| code.into())
    }

    fn kecamatan_cocok(&self, kecamatan_code: &str, tertulis: &str) -> bool {
        let r = ringkas_nama(tertulis);
        self.kecamatan
            .get(kecamatan_code)
            .is_some_and(|v| v.contains(&r))
    }

    /// Matches one row: its code (any punctuation), its kabupaten, its
    /// kecamatan and kelurahan names, each possibly empty.
    pub fn cocokkan(&self, kode: &str, kabupaten: &str, kecamatan: &str, kelurahan: &str) -> Hasil {
        let angka: String = kode.chars().filter(char::is_ascii_digit).collect();
        if !angka.is_empty() {
            if !angka.starts_with("1671") {
                return Hasil::DiLuar;
            }
            if angka.len() == 10 {
                let code = format!(
                    "{}.{}.{}.{}",
                    &angka[0..2],
                    &angka[2..4],
                    &angka[4..6],
                    &angka[6..10]
                );
                if self.calon.iter().any(|c| c.code == code) {
                    return Hasil::Pasti(code, CaraCocok::Kode);
                }
                return Hasil::Galat(format!(
                    "kode {kode} tidak ada di antara 107 kelurahan Kota Palembang (Kepmendagri)"
                ));
            }
            return Hasil::Galat(format!(
                "kode {kode} bukan kode kelurahan Kemendagri (10 angka, misalnya 16.71.01.1001)"
            ));
        }
        if !kabupaten.trim().is_empty() && !ringkas_nama(kabupaten).contains("palembang") {
            return Hasil::DiLuar;
        }
        let r = ringkas_nama(kelurahan);
        if r.is_empty() {
            return Hasil::Galat("nama desa/kelurahan kosong".into());
        }
        let ada_kec = !kecamatan.trim().is_empty();
        let di_kec = |c: &Calon| !ada_kec || self.kecamatan_cocok(&c.kecamatan_code, kecamatan);
        let sama: Vec<&Calon> = self.calon.iter().filter(|c| c.nama.contains(&r)).collect();
        let sama_kec: Vec<&&Calon> = sama.iter().filter(|c| di_kec(c)).collect();
        match (sama.len(), sama_kec.len()) {
            (_, 1) if ada_kec => return Hasil::Pasti(sama_kec[0].code.clone(), CaraCocok::Nama),
            (1, _) if !ada_kec => {
                return Hasil::Ragu(
                    sama[0].code.clone(),
                    "kecamatan tidak tertulis; nama kelurahan cocok".into(),
                );
            }
            (1, 0) => {
                let c = sama[0];
                return Hasil::Ragu(
                    c.code.clone(),
                    format!(
                        "tertulis di Kecamatan {}, padahal kelurahan ini di Kecamatan {}",
                        kecamatan.trim(),
                        self.label(&c.code)
                            .rsplit_once(" (")
                            .map_or("", |(_, k)| k.trim_end_matches(')'))
                    ),
                );
            }
            (n, _) if n > 1 => {
                return Hasil::Galat(format!(
                    "nama kelurahan '{}' cocok dengan {}; tulis kecamatannya",
                    kelurahan.trim(),
                    sama.iter()
                        .map(|c| self.label(&c.code))
                        .collect::<Vec<_>>()
                        .join(" dan ")
                ));
            }
            _ => {}
        }
        // No exact form: the nearest spellings, within the kecamatan when
        // it is written and known.
        let batas = (r.chars().count() / 4).clamp(1, 2);
        let mut terbaik: Vec<(usize, &Calon)> = self
            .calon
            .iter()
            .filter(|c| di_kec(c))
            .filter_map(|c| {
                c.nama
                    .iter()
                    .filter_map(|n| jarak_ejaan(&r, n, batas))
                    .min()
                    .map(|d| (d, c))
            })
            .collect();
        terbaik.sort_by_key(|(d, c)| (*d, c.code.clone()));
        match terbaik.as_slice() {
            [] => Hasil::Galat(format!(
                "kelurahan '{}'{} tidak dikenal di Kota Palembang",
                kelurahan.trim(),
                if ada_kec {
                    format!(" di Kecamatan {}", kecamatan.trim())
                } else {
                    String::new()
                }
            )),
            [(d, c), rest @ ..] if rest.first().is_none_or(|(d2, _)| d2 > d) => Hasil::Ragu(
                c.code.clone(),
                format!("ejaan mirip ('{}'), bukan nama resmi", kelurahan.trim()),
            ),
            [(d, _), ..] => Hasil::Galat(format!(
                "nama kelurahan '{}' mirip dengan beberapa kelurahan: {}; tulis nama resminya",
                kelurahan.trim(),
                terbaik
                    .iter()
                    .filter(|(d2, _)| d2 == d)
                    .map(|(_, c)| self.label(&c.code))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// A row's values as SIMKOPDES records them (None: empty cell or no
/// such column).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NilaiNasional {
    pub badan_hukum: Option<bool>,
    pub anggota: Option<i64>,
    pub gerai: Option<i64>,
    pub tahap_pinjaman: Option<PinjamanTahap>,
}

/// A legal-entity cell: yes/no words, or a non-empty SK AHU number.
pub fn baca_badan_hukum(s: &str) -> Result<Option<bool>, String> {
    let t = s.trim().to_lowercase();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    if [
        "ya",
        "y",
        "sudah",
        "berbadan hukum",
        "terdaftar",
        "aktif",
        "true",
        "1",
    ]
    .contains(&t.as_str())
    {
        return Ok(Some(true));
    }
    if ["tidak", "t", "belum", "belum berbadan hukum", "false", "0"].contains(&t.as_str()) {
        return Ok(Some(false));
    }
    if t.contains("ahu") && t.chars().filter(char::is_ascii_digit).count() >= 4 {
        return Ok(Some(true));
    }
    Err(format!(
        "'{}' bukan status badan hukum (ya/tidak, sudah/belum, atau nomor SK AHU)",
        s.trim()
    ))
}

/// A count cell (members, gerai), at most `maks`.
pub fn baca_jumlah(s: &str, maks: i64) -> Result<Option<i64>, String> {
    if s.trim().is_empty() || s.trim() == "-" {
        return Ok(None);
    }
    match model::parse::bilangan(s) {
        Ok(n) if (0..=maks).contains(&n) => Ok(Some(n)),
        Ok(n) => Err(format!("{n} di luar rentang 0–{maks}")),
        Err(e) => Err(e),
    }
}

/// A loan-stage cell: the city's codes and labels, and the words the
/// national system is seen to use.
pub fn baca_tahap(s: &str) -> Result<Option<PinjamanTahap>, String> {
    let t = s.trim().to_lowercase();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    if let Some(p) = PinjamanTahap::ALL
        .iter()
        .find(|p| p.code() == t || p.label().to_lowercase() == t)
    {
        return Ok(Some(*p));
    }
    let tahap = match t.as_str() {
        "tidak ada" | "belum mengajukan" | "belum ada" => PinjamanTahap::Belum,
        "pengajuan" | "diajukan" | "proposal diajukan" => PinjamanTahap::Proposal,
        "disetujui" | "disetujui bupati/wali kota" | "persetujuan wali kota" => {
            PinjamanTahap::Disetujui
        }
        "penilaian" | "verifikasi bank" | "analisis bank" => PinjamanTahap::PenilaianBank,
        "akad kredit" | "perjanjian kredit" => PinjamanTahap::Akad,
        "dicairkan" | "pencairan" | "sudah cair" => PinjamanTahap::Cair,
        _ => {
            return Err(format!(
                "'{}' bukan tahap pinjaman yang dikenal ({})",
                s.trim(),
                PinjamanTahap::ALL
                    .iter()
                    .map(|p| p.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    };
    Ok(Some(tahap))
}

/// A discrepancy to store: (field, the city's value, SIMKOPDES' value).
#[derive(Clone, Debug, PartialEq)]
pub struct Beda {
    pub bidang: &'static str,
    pub nilai_kota: String,
    pub nilai_nasional: String,
}

fn ya(b: bool) -> String {
    if b { "Ya" } else { "Tidak" }.into()
}

const KOSONG: &str = "(kosong)";

/// Gerai operating in a report.
pub fn gerai_beroperasi(l: &Laporan) -> i64 {
    l.gerai
        .iter()
        .filter(|g| **g == GeraiStatus::Beroperasi)
        .count() as i64
}

/// Every field where SIMKOPDES' row (None: the KKMP is not in the file)
/// and the city's accepted report disagree. Members differ only beyond
/// [`TOLERANSI_ANGGOTA_PERSEN`]; an empty national cell differs when the
/// city reports something there.
pub fn bandingkan(nasional: Option<&NilaiNasional>, kota: &Laporan) -> Vec<Beda> {
    let Some(n) = nasional else {
        return vec![Beda {
            bidang: "terdaftar",
            nilai_kota: "Ya (melapor ke Pantau KKMP)".into(),
            nilai_nasional: "Tidak ada di berkas SIMKOPDES".into(),
        }];
    };
    let mut out = Vec::new();
    let mut beda = |bidang, kota: String, nasional: String| {
        out.push(Beda {
            bidang,
            nilai_kota: kota,
            nilai_nasional: nasional,
        })
    };
    match n.badan_hukum {
        Some(b) if b != kota.badan_hukum => beda("badan_hukum", ya(kota.badan_hukum), ya(b)),
        None if kota.badan_hukum => beda("badan_hukum", ya(true), KOSONG.into()),
        _ => {}
    }
    let fmt = |x: i64| model::format::angka(x);
    match n.anggota {
        Some(a)
            if (a - kota.anggota).abs() * 100 > TOLERANSI_ANGGOTA_PERSEN * a.max(kota.anggota) =>
        {
            beda("anggota", fmt(kota.anggota), fmt(a))
        }
        None if kota.anggota > 0 => beda("anggota", fmt(kota.anggota), KOSONG.into()),
        _ => {}
    }
    let g = gerai_beroperasi(kota);
    match n.gerai {
        Some(x) if x != g => beda("gerai", fmt(g), fmt(x)),
        None if g > 0 => beda("gerai", fmt(g), KOSONG.into()),
        _ => {}
    }
    match n.tahap_pinjaman {
        Some(t) if t != kota.pinjaman_tahap => beda(
            "tahap_pinjaman",
            kota.pinjaman_tahap.label().into(),
            t.label().into(),
        ),
        None if kota.pinjaman_tahap != PinjamanTahap::Belum => beda(
            "tahap_pinjaman",
            kota.pinjaman_tahap.label().into(),
            KOSONG.into(),
        ),
        _ => {}
    }
    out
}

/// Who answers for a discrepancy: the legal record, the registration and
/// the loan are the Dinas' business with the national system; members
/// and gerai are facts in the field, the camat's.
pub fn pemilik(bidang: &str, kecamatan: &str) -> String {
    match bidang {
        "anggota" | "gerai" => format!("Camat {kecamatan}"),
        _ => "Dinas Koperasi dan UKM".into(),
    }
}

/// Whether step `jenis` may follow status `s` (the steps of a finding:
/// `tindak_lanjut`, `ditutup` = resolved, `dibuka_lagi`).
pub fn boleh_langkah(s: StatusTemuan, jenis: &str) -> Result<(), String> {
    use model::temuan::{LANGKAH_BUKA, LANGKAH_TINDAK, LANGKAH_TUTUP};
    match (jenis, s) {
        (LANGKAH_TINDAK, StatusTemuan::Ditutup) => {
            Err("Selisih ini sudah selesai; buka lagi dulu bila perlu tindak lanjut.".into())
        }
        (LANGKAH_TUTUP, StatusTemuan::Ditutup) => Err("Selisih ini sudah selesai.".into()),
        (LANGKAH_BUKA, StatusTemuan::Terbuka | StatusTemuan::Ditindaklanjuti) => {
            Err("Selisih ini belum selesai.".into())
        }
        (LANGKAH_TINDAK | LANGKAH_TUTUP | LANGKAH_BUKA, _) => Ok(()),
        _ => Err("Langkah tidak dikenal.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Pencocok {
        Pencocok::baru(&Wilayah::embedded().unwrap())
    }

    #[test]
    fn the_embedded_mapping_reads_and_a_bad_one_is_located() {
        let peta = Peta::bawaan();
        assert_eq!(peta.kolom("  jumlah   ANGGOTA "), Some(Kolom::Anggota));
        assert_eq!(peta.kolom("Nama Ketua"), Some(Kolom::Abaikan));
        assert_eq!(peta.kolom("Warna favorit"), None);
        let g = Peta::dari_csv(
            "bidang,judul\nkelurahan,Desa\nwarna,Warna\nanggota,desa\n",
            "x.csv",
        )
        .unwrap_err();
        assert!(
            g[0].contains("x.csv baris 3") && g[0].contains("'warna'"),
            "{g:?}"
        );
        assert!(
            g[1].contains("baris 4") && g[1].contains("bidang lain"),
            "{g:?}"
        );
        assert!(Peta::dari_csv("a,b\n", "x.csv").unwrap_err()[0].contains("baris 1"));
    }

    #[test]
    fn names_match_through_the_official_variants() {
        let p = p();
        let pasti = |kec: &str, kel: &str| match p.cocokkan("", "Kota Palembang", kec, kel) {
            Hasil::Pasti(c, _) => c,
            h => panic!("{kec}/{kel}: {h:?}"),
        };
        // 2022 form, 2025 form, prefixes and punctuation.
        assert_eq!(pasti("Ilir Barat II", "35 Ilir"), "16.71.01.1001");
        assert_eq!(
            pasti("Ilir Barat Dua", "Tiga-puluh-lima Ilir"),
            "16.71.01.1001"
        );
        assert_eq!(pasti("KEC. ILIR BARAT II", "Kel. 35 ILIR"), "16.71.01.1001");
        assert_eq!(pasti("Seberang Ulu I", "3/4 Ulu"), "16.71.02.1004");
        // By code, with or without dots.
        assert_eq!(
            p.cocokkan("1671011001", "", "", ""),
            Hasil::Pasti("16.71.01.1001".into(), CaraCocok::Kode)
        );
        assert_eq!(p.cocokkan("3201011001", "", "", "x"), Hasil::DiLuar);
        assert!(
            matches!(p.cocokkan("16.71.01.9999", "", "", ""), Hasil::Galat(m) if m.contains("tidak ada"))
        );
        // Another kabupaten is skipped.
        assert_eq!(
            p.cocokkan("", "Kab. Banyuasin", "Talang Kelapa", "Sukajadi"),
            Hasil::DiLuar
        );
    }

    #[test]
    fn unsure_and_unknown_names_are_reported() {
        let p = p();
        // A near spelling: unsure, for a person to confirm.
        match p.cocokkan("", "Palembang", "Ilir Barat II", "35 Ilirr") {
            Hasil::Ragu(c, why) => {
                assert_eq!(c, "16.71.01.1001");
                assert!(why.contains("ejaan mirip"), "{why}");
            }
            h => panic!("{h:?}"),
        }
        // No kecamatan written.
        assert!(
            matches!(p.cocokkan("", "", "", "35 Ilir"), Hasil::Ragu(c, _) if c == "16.71.01.1001")
        );
        // The wrong kecamatan.
        assert!(
            matches!(p.cocokkan("", "", "Sukarami", "35 Ilir"), Hasil::Ragu(_, w) if w.contains("Ilir Barat II"))
        );
        // Near several: named, for the file to be corrected.
        match p.cocokkan("", "", "Seberang Ulu I", "6 Ulu") {
            Hasil::Galat(m) => assert!(
                m.contains("mirip dengan beberapa") && m.contains("5 Ulu"),
                "{m}"
            ),
            h => panic!("{h:?}"),
        }
        // Unknown.
        assert!(
            matches!(p.cocokkan("", "", "", "Kampung Entah Berantah"), Hasil::Galat(m) if m.contains("tidak dikenal"))
        );
        assert!(matches!(
            p.cocokkan("", "", "Ilir Barat II", ""),
            Hasil::Galat(_)
        ));
    }

    #[test]
    fn values_read_and_compare() {
        assert_eq!(
            baca_badan_hukum("AHU-0001234.AH.01.29.TAHUN 2025"),
            Ok(Some(true))
        );
        assert_eq!(baca_badan_hukum("Belum"), Ok(Some(false)));
        assert_eq!(baca_badan_hukum(""), Ok(None));
        assert!(baca_badan_hukum("mungkin").is_err());
        assert_eq!(baca_jumlah("1.250", 100_000), Ok(Some(1250)));
        assert!(baca_jumlah("-5", 100).is_err());
        assert_eq!(baca_tahap("Dicairkan"), Ok(Some(PinjamanTahap::Cair)));
        assert_eq!(
            baca_tahap("penilaian_bank"),
            Ok(Some(PinjamanTahap::PenilaianBank))
        );
        assert!(baca_tahap("entah").is_err());

        let mut kota =
            crate::inti::isian::kosong("16.71.01.1001", model::Periode::new(2026, 10).unwrap());
        kota.badan_hukum = true;
        kota.anggota = 100;
        kota.gerai[1] = GeraiStatus::Beroperasi;
        kota.pinjaman_tahap = PinjamanTahap::Proposal;
        let sama = NilaiNasional {
            badan_hukum: Some(true),
            anggota: Some(105),
            gerai: Some(1),
            tahap_pinjaman: Some(PinjamanTahap::Proposal),
        };
        assert!(
            bandingkan(Some(&sama), &kota).is_empty(),
            "within tolerance"
        );
        let beda = NilaiNasional {
            badan_hukum: None,
            anggota: Some(40),
            gerai: Some(0),
            tahap_pinjaman: Some(PinjamanTahap::Cair),
        };
        let b = bandingkan(Some(&beda), &kota);
        let bidang: Vec<&str> = b.iter().map(|x| x.bidang).collect();
        assert_eq!(
            bidang,
            ["badan_hukum", "anggota", "gerai", "tahap_pinjaman"]
        );
        assert_eq!(b[0].nilai_nasional, "(kosong)");
        assert_eq!(b[1].nilai_kota, "100");
        assert_eq!(bandingkan(None, &kota)[0].bidang, "terdaftar");
        assert_eq!(pemilik("gerai", "Sukarami"), "Camat Sukarami");
    }
}
