//! Reports from files: an XLSX or CSV with one row per (KKMP, month), the
//! layout of the template ([`crate::ekspor`]) and of the exports, so an
//! export can be uploaded again.
//!
//! Reading happens in two passes over the rows, neither of which keeps the
//! rows: the first notes, per row, the few figures the cross-row checks
//! need ([`Jejak`]) and where each (KKMP, month) first appears; the second
//! reads each row again and checks it completely. A preview is the second
//! pass counted; a commit runs the preview and, if nothing blocks, a third
//! pass that streams the rows into one transaction ([`crate::simpan::laporan::simpan_aliran`]).
//!
//! Every problem is a [`Temuan`]: sheet, row, column and a sentence in
//! Bahasa. A file that is not a spreadsheet, empty, too big, not UTF-8, or
//! without the expected columns is a problem too, never a panic or a 500.

use super::xlsx;
use super::xlsx::Lembaran;
use crate::error::Result;
use crate::inti::laporan::Laporan;
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::laporan::Pengiriman;
use crate::inti::sandi::sha256_hex;
use crate::inti::teks::tanpa_apostrof;
use crate::inti::validasi::Jejak;
use crate::inti::wilayah::Wilayah;
use chrono::DateTime;
use chrono::Utc;
use model::Periode;
use model::akun::kecamatan_dari;
use model::isian::BIDANG;
use model::isian::Bidang;
use model::parse;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::collections::HashMap;
use std::fmt;

/// The sheet of the template.
pub const LEMBAR: &str = "Laporan";

pub const JUDUL_KODE: &str = "Kode kelurahan";

pub const JUDUL_PERIODE: &str = "Periode";

pub const JUDUL_PELAPOR: &str = "Dikirim oleh";

pub const JUDUL_ALASAN: &str = "Alasan";

/// Columns that templates and exports carry for people; the importer skips them.
pub const JUDUL_INFO: &[&str] = &[
    "Kecamatan",
    "Kelurahan",
    "Nama KKMP",
    "Versi",
    "Dikirim pada",
    "Sumber",
    "Peringatan diterima",
];

/// Limits on what one upload may hold.
#[derive(Clone, Copy, Debug)]
pub struct Batas {
    /// Bytes.
    pub ukuran: usize,
    /// Data rows.
    pub baris: u64,
    /// Bytes an XLSX may hold once unpacked: a recap of 200,000 rows is
    /// well under the default; a "zip bomb" is refused before unpacking.
    pub isi_xlsx: u64,
}

impl Batas {
    /// The default size limit: 32 MiB, about 100,000 rows of CSV.
    pub const fn default_ukuran() -> usize {
        32 * 1024 * 1024
    }
}

impl Default for Batas {
    fn default() -> Self {
        Batas {
            ukuran: Batas::default_ukuran(),
            baris: 200_000,
            isi_xlsx: 512 * 1024 * 1024,
        }
    }
}

/// One problem found in a file, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Temuan {
    pub lembar: Option<String>,
    /// The row number as the spreadsheet program shows it (1 = first row).
    pub baris: Option<u64>,
    /// The column's header as written in the file.
    pub kolom: Option<String>,
    pub pesan: String,
}

impl Temuan {
    pub(crate) fn berkas(pesan: impl Into<String>) -> Temuan {
        Temuan {
            lembar: None,
            baris: None,
            kolom: None,
            pesan: pesan.into(),
        }
    }

    /// "Lembar Laporan, baris 14, kolom Jumlah anggota" (empty for the file).
    pub fn lokasi(&self) -> String {
        let mut parts = Vec::new();
        if let Some(l) = &self.lembar {
            parts.push(format!("Lembar {l}"));
        }
        if let Some(b) = self.baris {
            parts.push(format!("baris {b}"));
        }
        if let Some(k) = &self.kolom {
            parts.push(format!("kolom {k}"));
        }
        parts.join(", ")
    }
}

impl fmt::Display for Temuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lokasi = self.lokasi();
        if lokasi.is_empty() {
            f.write_str(&self.pesan)
        } else {
            let mut l = lokasi.chars();
            let first = l.next().map(|c| c.to_uppercase().to_string());
            write!(
                f,
                "{}{}: {}",
                first.unwrap_or_default(),
                l.as_str(),
                self.pesan
            )
        }
    }
}

/// What a file holds and what storing it would do.
#[derive(Clone, Debug)]
pub struct Pratinjau {
    pub nama_berkas: String,
    pub sha256: String,
    pub ukuran: usize,
    /// "xlsx" or "csv" (None when the file could not be opened).
    pub format: Option<&'static str>,
    pub lembar: Option<String>,
    pub baris_data: u64,
    /// Reports that would be created as version 1.
    pub baru: u64,
    /// Reports that would be stored as a correction of a stored one.
    pub perbaikan: u64,
    /// Rows identical to the stored current version: nothing to store.
    pub sama: u64,
    pub kelurahan: usize,
    pub periode: Vec<Periode>,
    /// Blocking problems (the first [`MAKS_TEMUAN`]) and how many in all.
    pub galat: Vec<Temuan>,
    pub jumlah_galat: u64,
    /// Soft warnings (the first [`MAKS_TEMUAN`]) and how many in all.
    pub peringatan: Vec<Temuan>,
    pub jumlah_peringatan: u64,
    /// Rows that need a reason (a correction, or a warning to accept) and
    /// have none: they block until one is given.
    pub perlu_alasan: u64,
    pub sudah_diunggah: Option<crate::inti::laporan::Unggahan>,
}

/// How many problems a preview lists; the rest are counted.
pub const MAKS_TEMUAN: usize = 300;

impl Pratinjau {
    fn new(nama: &str, bytes: &[u8]) -> Pratinjau {
        Pratinjau {
            nama_berkas: nama.to_string(),
            sha256: sha256_hex(bytes),
            ukuran: bytes.len(),
            format: None,
            lembar: None,
            baris_data: 0,
            baru: 0,
            perbaikan: 0,
            sama: 0,
            kelurahan: 0,
            periode: Vec::new(),
            galat: Vec::new(),
            jumlah_galat: 0,
            peringatan: Vec::new(),
            jumlah_peringatan: 0,
            perlu_alasan: 0,
            sudah_diunggah: None,
        }
    }

    fn tambah_galat(&mut self, t: Temuan) {
        self.jumlah_galat += 1;
        if self.galat.len() < MAKS_TEMUAN {
            self.galat.push(t);
        }
    }

    fn tambah_peringatan(&mut self, t: Temuan) {
        self.jumlah_peringatan += 1;
        if self.peringatan.len() < MAKS_TEMUAN {
            self.peringatan.push(t);
        }
    }

    /// Whether the file could be stored once every row that needs a
    /// reason has one.
    pub fn layak(&self) -> bool {
        self.jumlah_galat == 0 && self.sudah_diunggah.is_none() && self.baru + self.perbaikan > 0
    }

    /// Whether committing would store something and nothing blocks it.
    pub fn bisa_disimpan(&self) -> bool {
        self.layak() && self.perlu_alasan == 0
    }
}

/// Who uploads, why, and against which clock.
#[derive(Clone, Debug)]
pub struct Opsi<'a> {
    pub oleh: &'a str,
    /// A reason for every row that needs one and has none of its own.
    pub alasan_umum: Option<&'a str>,
    /// The current month (WIB): later months are refused.
    pub bulan_ini: Periode,
    pub sekarang: DateTime<Utc>,
    /// The one kelurahan the uploading account may report for (operator,
    /// lurah); None: any (Dinas).
    pub cakupan: Option<&'a str>,
    /// Months accepted and locked: (kelurahan code, month).
    pub terkunci: &'a std::collections::HashSet<(String, Periode)>,
}

/// A data row: its number in the sheet and its cells as text.
pub(crate) type BarisTeks = std::result::Result<(u64, Vec<String>), Temuan>;

/// A sheet's rows as text, the header first found.
pub(crate) struct Tabel<'a> {
    pub(crate) format: &'static str,
    pub(crate) lembar: Option<String>,
    pub(crate) judul: Vec<String>,
    pub(crate) baris: Box<dyn Iterator<Item = BarisTeks> + Send + 'a>,
}

fn mib(n: usize) -> String {
    model::format::desimal(n as f64 / (1024.0 * 1024.0), 1)
}

/// What kind of file `bytes` is, from its content (not its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jenis {
    Csv,
    Xlsx,
}

/// Recognises a file before anything reads it: size, emptiness, and XLSX
/// or CSV by content. Old `.xls` and other binary files are refused here.
pub fn kenali(bytes: &[u8], nama: &str, batas: Batas) -> std::result::Result<Jenis, Temuan> {
    if bytes.len() > batas.ukuran {
        return Err(Temuan::berkas(format!(
            "Berkas {nama} berukuran {} MB, melebihi batas {} MB. Pecah berkas per bulan atau per kecamatan.",
            mib(bytes.len()),
            mib(batas.ukuran)
        )));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Temuan::berkas(format!("Berkas {nama} kosong.")));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Jenis::Xlsx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Temuan::berkas(format!(
            "Berkas {nama} berformat Excel lama (.xls). Simpan ulang sebagai .xlsx (Excel Workbook) lalu unggah lagi."
        )));
    }
    let lower = nama.to_lowercase();
    if lower.ends_with(".xlsx") || lower.ends_with(".xls") {
        return Err(Temuan::berkas(format!(
            "Berkas {nama} bernama seperti berkas Excel, tetapi isinya bukan berkas Excel."
        )));
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(Temuan::berkas(format!(
            "Berkas {nama} bukan spreadsheet: unggah berkas XLSX (templat Pantau KKMP) atau CSV."
        )));
    }
    Ok(Jenis::Csv)
}

/// A file as the checker reads it: a CSV is read straight from its bytes
/// (the CSV reader streams and allocates per row); a workbook is first
/// turned into its report sheet's rows ([`xlsx::baca`], in a separate
/// process in the service, see [`crate::layanan::pembaca`]); or the reason
/// the file cannot be read at all.
#[derive(Clone, Debug)]
pub enum Terbaca {
    Csv,
    Xlsx(Lembaran),
    Ditolak(Temuan),
}

impl Terbaca {
    /// Reads `bytes` in this process: for tests, benchmarks and fuzzing.
    /// The service reads workbooks through [`crate::layanan::pembaca`].
    pub fn di_tempat(bytes: &[u8], nama: &str, batas: Batas) -> Terbaca {
        match kenali(bytes, nama, batas) {
            Ok(Jenis::Csv) => Terbaca::Csv,
            Ok(Jenis::Xlsx) => match xlsx::baca(bytes, nama, batas, xlsx::Pilih::Laporan) {
                Ok(l) => Terbaca::Xlsx(l),
                Err(t) => Terbaca::Ditolak(t),
            },
            Err(t) => Terbaca::Ditolak(t),
        }
    }

    /// Whether the file cannot be read at all.
    pub fn ditolak(&self) -> bool {
        matches!(self, Terbaca::Ditolak(_))
    }
}

/// The rows of a file already read, the header first found.
fn buka<'a>(
    bytes: &'a [u8],
    terbaca: &'a Terbaca,
    nama: &str,
) -> std::result::Result<Tabel<'a>, Temuan> {
    buka_tabel(bytes, terbaca, nama, Some(JUDUL_KODE))
}

/// The rows of a file already read: its first non-empty row is the
/// header, which must name `judul_wajib` when given (a workbook's sheet
/// was chosen by the reader, [`xlsx::Pilih`]).
pub(crate) fn buka_tabel<'a>(
    bytes: &'a [u8],
    terbaca: &'a Terbaca,
    nama: &str,
    judul_wajib: Option<&str>,
) -> std::result::Result<Tabel<'a>, Temuan> {
    match terbaca {
        Terbaca::Csv => buka_csv(bytes, nama, judul_wajib),
        Terbaca::Xlsx(l) => Ok(Tabel {
            format: "xlsx",
            lembar: Some(l.nama.clone()),
            judul: l.judul.clone(),
            baris: Box::new(l.baris.iter().map(|(n, c)| Ok((*n, c.clone())))),
        }),
        Terbaca::Ditolak(t) => Err(t.clone()),
    }
}

fn buka_csv<'a>(
    bytes: &'a [u8],
    nama: &str,
    judul_wajib: Option<&str>,
) -> std::result::Result<Tabel<'a>, Temuan> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = body.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body);
    let nama = nama.to_string();
    let mut records = reader.into_byte_records();
    let rekam = move |rec: std::result::Result<csv::ByteRecord, csv::Error>| {
        let rec = rec.map_err(|e| {
            let baris = e.position().map(|p| p.line());
            Temuan {
                lembar: None,
                baris,
                kolom: None,
                pesan: format!("CSV tidak dapat dibaca: {e}"),
            }
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let mut cells = Vec::with_capacity(rec.len());
        for field in rec.iter() {
            let text = std::str::from_utf8(field).map_err(|_| Temuan {
                lembar: None,
                baris: Some(line),
                kolom: None,
                pesan: format!(
                    "Berkas {nama} bukan teks UTF-8. Di Excel, simpan sebagai \"CSV UTF-8 (Comma delimited)\" lalu unggah lagi."
                ),
            })?;
            cells.push(text.trim().to_string());
        }
        Ok((line, cells))
    };
    let mut judul = None;
    for rec in records.by_ref() {
        let (_, cells) = rekam(rec)?;
        if cells.iter().any(|c| !c.is_empty()) {
            judul = Some(cells);
            break;
        }
    }
    let judul = judul.ok_or_else(|| Temuan::berkas("Berkas CSV tidak berisi baris apa pun."))?;
    if let Some(wajib) = judul_wajib
        && !judul.iter().any(|c| c.eq_ignore_ascii_case(wajib))
    {
        return Err(Temuan::berkas(format!(
            "Baris judul CSV tidak memuat kolom '{wajib}'. Gunakan judul kolom dari templat Pantau KKMP."
        )));
    }
    Ok(Tabel {
        format: "csv",
        lembar: None,
        judul,
        baris: Box::new(records.map(rekam)),
    })
}

/// What each column of the file is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kolom {
    Kode,
    Periode,
    Pelapor,
    Alasan,
    Bidang(&'static Bidang),
    Info,
}

/// Maps header cells to columns; unknown or repeated headers are problems.
fn peta_kolom(t: &Tabel<'_>) -> std::result::Result<Vec<Option<Kolom>>, Vec<Temuan>> {
    let mut out = Vec::with_capacity(t.judul.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, j) in t.judul.iter().enumerate() {
        let j = j.trim();
        let lj = j.to_lowercase();
        let k = if j.is_empty() {
            None
        } else if lj == JUDUL_KODE.to_lowercase() || lj == "kelurahan_code" {
            Some(Kolom::Kode)
        } else if lj == JUDUL_PERIODE.to_lowercase() {
            Some(Kolom::Periode)
        } else if lj == JUDUL_PELAPOR.to_lowercase() {
            Some(Kolom::Pelapor)
        } else if lj == JUDUL_ALASAN.to_lowercase() {
            Some(Kolom::Alasan)
        } else if let Some(b) = model::isian::dari_judul(j) {
            Some(Kolom::Bidang(b))
        } else if JUDUL_INFO.iter().any(|x| x.to_lowercase() == lj) {
            Some(Kolom::Info)
        } else {
            errors.push(Temuan {
                lembar: t.lembar.clone(),
                baris: None,
                kolom: Some(j.to_string()),
                pesan: format!("judul kolom '{j}' tidak dikenal (kolom {})", kolom_huruf(i)),
            });
            None
        };
        if k.is_some()
            && k != Some(Kolom::Info)
            && let Some(prev) = seen.insert(lj.clone(), i)
        {
            errors.push(Temuan {
                lembar: t.lembar.clone(),
                baris: None,
                kolom: Some(j.to_string()),
                pesan: format!(
                    "kolom '{j}' muncul dua kali (kolom {} dan {})",
                    kolom_huruf(prev),
                    kolom_huruf(i)
                ),
            });
        }
        out.push(k);
    }
    let has = |want: &dyn Fn(&Kolom) -> bool| out.iter().flatten().any(want);
    let mut missing: Vec<&str> = Vec::new();
    if !has(&|k| *k == Kolom::Kode) {
        missing.push(JUDUL_KODE);
    }
    if !has(&|k| *k == Kolom::Periode) {
        missing.push(JUDUL_PERIODE);
    }
    for b in BIDANG.iter().filter(|b| !b.jenis.boleh_kosong()) {
        if !has(&|k| matches!(k, Kolom::Bidang(x) if x.code == b.code)) {
            missing.push(b.label);
        }
    }
    if !missing.is_empty() {
        errors.push(Temuan {
            lembar: t.lembar.clone(),
            baris: None,
            kolom: None,
            pesan: format!("kolom wajib tidak ada: {}", missing.join(", ")),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// "A", "B", … "AA": the column letter spreadsheet users see.
pub fn kolom_huruf(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The stored data a file is checked against.
pub struct Konteks<'a> {
    pub wilayah: &'a Wilayah,
    /// The current version of every stored report.
    pub terkini: &'a [LaporanTersimpan],
}

/// One data row, read.
struct Baris<'r> {
    kode: &'r str,
    periode: Option<Periode>,
    pelapor: Option<&'r str>,
    alasan: Option<&'r str>,
    cells: HashMap<&'static str, &'r str>,
    periode_galat: Option<String>,
}

fn baca_baris<'r>(cells: &'r [String], peta: &[Option<Kolom>]) -> Option<Baris<'r>> {
    if cells.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let mut b = Baris {
        kode: "",
        periode: None,
        pelapor: None,
        alasan: None,
        cells: HashMap::with_capacity(BIDANG.len()),
        periode_galat: None,
    };
    for (cell, k) in cells.iter().zip(peta) {
        let v = cell.trim();
        match k {
            Some(Kolom::Kode) => b.kode = v,
            Some(Kolom::Periode) => match parse::periode(v) {
                Ok(p) => b.periode = Some(p),
                Err(e) => b.periode_galat = Some(e),
            },
            Some(Kolom::Pelapor) => b.pelapor = Some(tanpa_apostrof(v)).filter(|s| !s.is_empty()),
            Some(Kolom::Alasan) => b.alasan = Some(tanpa_apostrof(v)).filter(|s| !s.is_empty()),
            Some(Kolom::Bidang(bd)) => {
                b.cells.insert(bd.code, v);
            }
            Some(Kolom::Info) | None => {}
        }
    }
    if b.periode.is_none() && b.periode_galat.is_none() {
        b.periode_galat = Some("wajib diisi".into());
    }
    Some(b)
}

/// The checker: stored context plus what the first pass learnt.
/// The second pass over a file: checks each row against the stored reports.
pub struct Pemeriksa<'a> {
    konteks: &'a Konteks<'a>,
    lembar: Option<String>,
    judul: Vec<String>,
    peta: Vec<Option<Kolom>>,
    format: &'static str,
    tersimpan: HashMap<(&'a str, Periode), &'a LaporanTersimpan>,
    /// Where each (KKMP, month) first appears in the file. Codes are the
    /// master data's own strings: a row costs no allocation here.
    pertama: HashMap<(&'a str, Periode), u64>,
    riwayat: HashMap<&'a str, Vec<Jejak<'a>>>,
    sejawat: HashMap<(Periode, &'a str), Vec<Jejak<'a>>>,
    omzet: HashMap<(Periode, i64), Vec<&'a str>>,
}

/// What the second pass makes of a row.
enum Hasil {
    Kosong,
    Galat(Vec<Temuan>),
    Sama,
    Simpan {
        laporan: Box<Laporan>,
        kirim: Pengiriman,
        perbaikan: bool,
        peringatan: Vec<Temuan>,
        tanpa_alasan: bool,
    },
}

impl<'a> Pemeriksa<'a> {
    fn new(konteks: &'a Konteks<'a>, t: &Tabel<'_>, peta: Vec<Option<Kolom>>) -> Self {
        let mut p = Pemeriksa {
            konteks,
            lembar: t.lembar.clone(),
            judul: t.judul.clone(),
            peta,
            format: t.format,
            tersimpan: HashMap::new(),
            pertama: HashMap::new(),
            riwayat: HashMap::new(),
            sejawat: HashMap::new(),
            omzet: HashMap::new(),
        };
        for s in konteks.terkini {
            p.tersimpan
                .insert((s.isi.kelurahan_code.as_str(), s.isi.periode), s);
            p.catat(Jejak::from(&s.isi));
        }
        p
    }

    fn catat(&mut self, j: Jejak<'a>) {
        self.riwayat.entry(j.kelurahan_code).or_default().push(j);
        self.omzet
            .entry((j.periode, j.omzet))
            .or_default()
            .push(j.kelurahan_code);
        self.sejawat
            .entry((j.periode, kecamatan_dari(j.kelurahan_code)))
            .or_default()
            .push(j);
    }

    fn label_kolom(&self, code: &str) -> String {
        let idx = self.peta.iter().position(|k| match k {
            Some(Kolom::Bidang(b)) => b.code == code,
            Some(Kolom::Kode) => code == "kelurahan_code",
            Some(Kolom::Periode) => code == "periode",
            _ => false,
        });
        match idx {
            Some(i) => self.judul[i].clone(),
            None => model::isian::cari(code).map_or(code.to_string(), |b| b.label.to_string()),
        }
    }

    fn temuan(&self, baris: u64, kolom: Option<String>, pesan: String) -> Temuan {
        Temuan {
            lembar: self.lembar.clone(),
            baris: Some(baris),
            kolom,
            pesan,
        }
    }

    /// First pass: the figures cross-row checks need; no problems reported.
    fn pass1(&mut self, nomor: u64, cells: &[String]) {
        let Some(b) = baca_baris(cells, &self.peta) else {
            return;
        };
        let Some(periode) = b.periode else { return };
        // An unknown code is reported by the second pass; nothing to note.
        let Some(kode) = self
            .konteks
            .wilayah
            .kelurahan(b.kode)
            .map(|k| k.code.as_str())
        else {
            return;
        };
        if self.pertama.contains_key(&(kode, periode)) {
            return;
        }
        self.pertama.insert((kode, periode), nomor);
        if let Ok(l) = crate::inti::isian::baca(b.kode, periode, |c| b.cells.get(c).copied()) {
            // A row replaces the stored month in the peer figures.
            self.catat(Jejak::dari(kode, &l));
        }
    }

    /// Second pass: everything about one row.
    fn pass2(&self, nomor: u64, cells: &[String], opsi: &Opsi<'_>) -> Hasil {
        let Some(b) = baca_baris(cells, &self.peta) else {
            return Hasil::Kosong;
        };
        let mut galat = Vec::new();
        if let Some(e) = &b.periode_galat {
            galat.push(self.temuan(nomor, Some(self.label_kolom("periode")), e.clone()));
        }
        if b.kode.is_empty() {
            galat.push(self.temuan(
                nomor,
                Some(self.label_kolom("kelurahan_code")),
                "wajib diisi".into(),
            ));
        }
        if let Some(c) = opsi.cakupan
            && !b.kode.is_empty()
            && b.kode != c
        {
            galat.push(self.temuan(
                nomor,
                Some(self.label_kolom("kelurahan_code")),
                format!(
                    "kelurahan {} di luar cakupan akun Anda: akun ini hanya boleh mengirim laporan kelurahan {c}",
                    b.kode
                ),
            ));
        }
        let Some(periode) = b.periode else {
            return Hasil::Galat(galat);
        };
        if opsi.terkunci.contains(&(b.kode.to_string(), periode)) {
            galat.push(self.temuan(
                nomor,
                None,
                crate::inti::laporan::pesan_terkunci(b.kode, &periode.to_string()),
            ));
        }
        if let Some(first) = self.pertama.get(&(b.kode, periode))
            && *first != nomor
        {
            galat.push(self.temuan(
                nomor,
                None,
                format!(
                    "laporan kelurahan {} periode {} sudah ada di baris {first}; satu baris untuk setiap KKMP dan bulan",
                    b.kode, periode
                ),
            ));
        }
        let l = match crate::inti::isian::baca(b.kode, periode, |c| b.cells.get(c).copied()) {
            Ok(l) => l,
            Err(errors) => {
                for m in errors {
                    let label = self.label_kolom(m.kolom);
                    let pesan = m
                        .pesan
                        .split_once(": ")
                        .map_or(m.pesan.clone(), |(_, p)| p.to_string());
                    galat.push(self.temuan(nomor, Some(label), pesan));
                }
                return Hasil::Galat(galat);
            }
        };
        for m in crate::inti::validasi::periksa(&l, self.konteks.wilayah, opsi.bulan_ini) {
            galat.push(self.temuan(nomor, Some(self.label_kolom(m.kolom)), m.pesan));
        }
        let alasan = b
            .alasan
            .or(opsi.alasan_umum)
            .map(str::trim)
            .filter(|a| !a.is_empty());
        let stored = self.tersimpan.get(&(b.kode, periode));
        if let Some(s) = stored
            && s.isi == l
            && galat.is_empty()
        {
            return Hasil::Sama;
        }
        if !galat.is_empty() {
            return Hasil::Galat(galat);
        }
        let riwayat: Vec<&Jejak> = self
            .riwayat
            .get(b.kode)
            .map(|v| v.iter().filter(|j| j.periode < periode).collect())
            .unwrap_or_default();
        let sejawat: Vec<&Jejak> = self
            .sejawat
            .get(&(periode, kecamatan_dari(b.kode)))
            .map(|v| v.iter().filter(|j| j.kelurahan_code != b.kode).collect())
            .unwrap_or_default();
        let kembar = self
            .omzet
            .get(&(periode, l.omzet))
            .and_then(|v| v.iter().find(|k| **k != b.kode))
            .copied();
        let warnings = crate::inti::validasi::peringatan_dengan(
            &l,
            &riwayat,
            &sejawat,
            kembar,
            opsi.cakupan.is_none(),
        );
        let peringatan: Vec<Temuan> = warnings
            .iter()
            .map(|m| self.temuan(nomor, Some(self.label_kolom(m.kolom)), m.pesan.clone()))
            .collect();
        let kirim = Pengiriman {
            dikirim_pada: opsi.sekarang,
            // An operator or lurah sends its own rows: a `pelapor` column
            // does not speak for it. Dinas (no scope) may carry the senders
            // of an export over; the audit trail names the account anyway.
            dikirim_oleh: match opsi.cakupan {
                Some(_) => opsi.oleh.to_string(),
                None => b.pelapor.unwrap_or(opsi.oleh).to_string(),
            },
            sumber: self.format.to_string(),
            alasan: alasan.map(str::to_string),
            peringatan: warnings
                .iter()
                .map(|m| m.pesan.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            unggahan_id: None,
        };
        Hasil::Simpan {
            laporan: Box::new(l),
            kirim,
            perbaikan: stored.is_some(),
            tanpa_alasan: (stored.is_some() || !warnings.is_empty()) && alasan.is_none(),
            peringatan,
        }
    }
}

/// Checks a file without storing anything.
pub fn pratinjau(
    bytes: &[u8],
    terbaca: &Terbaca,
    nama: &str,
    konteks: &Konteks<'_>,
    opsi: &Opsi<'_>,
    batas: Batas,
) -> Pratinjau {
    pratinjau_dan(bytes, terbaca, nama, konteks, opsi, batas).0
}

/// Reads the file again for storing, after a preview without blocking
/// errors: yields each new or corrected report the checker accepts, in file
/// order; a row refused now ends the store with its error. `None` when the
/// file cannot be read again.
pub fn laporan_untuk_disimpan<'a>(
    bytes: &'a [u8],
    terbaca: &'a Terbaca,
    nama: &str,
    pemeriksa: Pemeriksa<'a>,
    opsi: &'a Opsi<'a>,
) -> Option<impl Iterator<Item = Result<(Laporan, Pengiriman)>> + Send + 'a> {
    let tabel = buka(bytes, terbaca, nama).ok()?;
    Some(tabel.baris.flatten().filter_map(move |(nomor, cells)| {
        match pemeriksa.pass2(nomor, &cells, opsi) {
            Hasil::Simpan { laporan, kirim, .. } => Some(Ok((*laporan, kirim))),
            Hasil::Galat(errors) => Some(Err(crate::DataError::Invalid(
                errors
                    .first()
                    .map_or_else(|| "baris tidak valid".to_string(), Temuan::to_string),
            ))),
            Hasil::Kosong | Hasil::Sama => None,
        }
    }))
}

/// The preview, and the checker when the file could be read.
pub fn pratinjau_dan<'a>(
    bytes: &[u8],
    terbaca: &Terbaca,
    nama: &str,
    konteks: &'a Konteks<'a>,
    opsi: &Opsi<'_>,
    batas: Batas,
) -> (Pratinjau, Option<Pemeriksa<'a>>) {
    let mut out = Pratinjau::new(nama, bytes);
    let tabel = match buka(bytes, terbaca, nama) {
        Ok(t) => t,
        Err(t) => {
            out.tambah_galat(t);
            return (out, None);
        }
    };
    out.format = Some(tabel.format);
    out.lembar = tabel.lembar.clone();
    let peta = match peta_kolom(&tabel) {
        Ok(p) => p,
        Err(errors) => {
            for t in errors {
                out.tambah_galat(t);
            }
            return (out, None);
        }
    };
    let mut pemeriksa = Pemeriksa::new(konteks, &tabel, peta);
    // Pass 1.
    for row in tabel.baris {
        match row {
            Ok((nomor, cells)) => {
                if cells.iter().any(|c| !c.trim().is_empty()) {
                    out.baris_data += 1;
                    if out.baris_data > batas.baris {
                        out.tambah_galat(Temuan::berkas(format!(
                            "Berkas berisi lebih dari {} baris data; pecah berkas per bulan atau per kecamatan.",
                            model::format::angka(batas.baris as i64)
                        )));
                        return (out, None);
                    }
                }
                pemeriksa.pass1(nomor, &cells);
            }
            Err(t) => {
                out.tambah_galat(t);
                return (out, None);
            }
        }
    }
    if out.baris_data == 0 {
        out.tambah_galat(Temuan::berkas(format!(
            "Berkas {nama} tidak berisi baris laporan di bawah baris judul."
        )));
        return (out, None);
    }
    // Pass 2.
    let tabel = match buka(bytes, terbaca, nama) {
        Ok(t) => t,
        Err(t) => {
            out.tambah_galat(t);
            return (out, None);
        }
    };
    let mut kelurahan = BTreeSet::new();
    let mut periode = BTreeSet::new();
    for (nomor, cells) in tabel.baris.flatten() {
        match pemeriksa.pass2(nomor, &cells, opsi) {
            Hasil::Kosong => {}
            Hasil::Galat(errors) => {
                for t in errors {
                    out.tambah_galat(t);
                }
            }
            Hasil::Sama => out.sama += 1,
            Hasil::Simpan {
                laporan,
                perbaikan,
                peringatan,
                tanpa_alasan,
                ..
            } => {
                if perbaikan {
                    out.perbaikan += 1;
                } else {
                    out.baru += 1;
                }
                if tanpa_alasan {
                    out.perlu_alasan += 1;
                }
                for t in peringatan {
                    out.tambah_peringatan(t);
                }
                kelurahan.insert(laporan.kelurahan_code.clone());
                periode.insert(laporan.periode);
            }
        }
    }
    out.kelurahan = kelurahan.len();
    out.periode = periode.into_iter().collect();
    (out, Some(pemeriksa))
}

/// What a commit did.
#[derive(Clone, Debug)]
pub enum HasilUnggah {
    /// Stored: the upload's id and the preview of what was stored.
    Tersimpan {
        unggahan_id: i64,
        pratinjau: Box<Pratinjau>,
    },
    /// Nothing stored, and why (the preview lists the problems).
    Ditolak(Box<Pratinjau>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(kolom_huruf(0), "A");
        assert_eq!(kolom_huruf(25), "Z");
        assert_eq!(kolom_huruf(26), "AA");
        assert_eq!(kolom_huruf(27), "AB");
    }

    #[test]
    fn problems_say_where() {
        let t = Temuan {
            lembar: Some("Laporan".into()),
            baris: Some(14),
            kolom: Some("Jumlah anggota".into()),
            pesan: "harus bilangan bulat, tertulis '12a'".into(),
        };
        assert_eq!(
            t.to_string(),
            "Lembar Laporan, baris 14, kolom Jumlah anggota: harus bilangan bulat, tertulis '12a'"
        );
    }
}
