//! The workbook reader: an XLSX file's sheet as rows of text.
//!
//! A workbook is hostile until proven otherwise: its parts are checked
//! while they are inflated ([`periksa`]: unpacked size counted, not
//! trusted; every cell reference, the sheet's `dimension` and the shared
//! strings' counts within bounds) before calamine reads the sheet. The
//! service runs [`baca`] in a separate process with memory and CPU limits
//! ([`crate::layanan::pembaca`]), so a workbook that still manages to
//! exhaust memory ends that process, never the server.

use super::impor::{Batas, JUDUL_KODE, LEMBAR, Temuan};
use serde::{Deserialize, Serialize};
use std::io::Cursor;

/// The sheet that holds the reports: its name, its header row and every
/// non-empty row below it as text, numbered as the spreadsheet shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lembaran {
    pub nama: String,
    pub judul: Vec<String>,
    pub baris: Vec<(u64, Vec<String>)>,
}

/// Which sheet of a workbook to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pilih {
    /// The first with a 'Kode kelurahan' header: a report recap.
    Laporan,
    /// The first with any row: a national export, whose header the
    /// column mapping judges.
    Pertama,
}

impl Pilih {
    /// The word the reader process takes on its command line.
    pub fn kata(self) -> &'static str {
        match self {
            Pilih::Laporan => "laporan",
            Pilih::Pertama => "pertama",
        }
    }

    pub fn dari_kata(k: &str) -> Option<Pilih> {
        [Pilih::Laporan, Pilih::Pertama]
            .into_iter()
            .find(|p| p.kata() == k)
    }
}

/// Reads the sheet `pilih` names: checked first, then read with calamine.
pub fn baca(bytes: &[u8], nama: &str, batas: Batas, pilih: Pilih) -> Result<Lembaran, Temuan> {
    use calamine::Reader;
    periksa(bytes, nama, batas)?;
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Temuan::berkas(format!(
            "Berkas {nama} tidak dapat dibaca sebagai Excel ({e}). Simpan ulang sebagai .xlsx dan unggah lagi."
        ))
    })?;
    let names = wb.sheet_names();
    for name in &names {
        let Ok(range) = wb.worksheet_range(name) else {
            continue;
        };
        let (r0, _) = range.start().unwrap_or((0, 0));
        let width = range.width();
        let row = |i: usize| -> Vec<String> {
            (0..width)
                .map(|j| range.get((i, j)).map(teks_sel).unwrap_or_default())
                .collect()
        };
        let Some(h) = (0..range.height()).find(|i| row(*i).iter().any(|c| !c.is_empty())) else {
            continue;
        };
        let judul = row(h);
        if pilih == Pilih::Laporan && !judul.iter().any(|c| c.eq_ignore_ascii_case(JUDUL_KODE)) {
            continue;
        }
        let base = u64::from(r0) + 1;
        // Empty rows carry nothing: a sheet of a million blank rows is small.
        let baris = (h + 1..range.height())
            .map(|i| (base + i as u64, row(i)))
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
            .collect();
        return Ok(Lembaran {
            nama: name.clone(),
            judul,
            baris,
        });
    }
    if pilih == Pilih::Pertama {
        return Err(Temuan::berkas(format!(
            "Berkas {nama} tidak berisi baris apa pun."
        )));
    }
    Err(Temuan::berkas(format!(
        "Tidak ada lembar dengan kolom '{JUDUL_KODE}' di berkas {nama}. Lembar yang ada: {}. \
         Gunakan templat dari Pantau KKMP (lembar '{LEMBAR}').",
        match names.len() {
            0 => "(tidak ada)".to_string(),
            n if n > 10 => format!("{}, dan {} lembar lain", names[..10].join(", "), n - 10),
            _ => names.join(", "),
        }
    )))
}

fn teks_sel(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string().replace('.', ","),
        Data::Bool(b) => if *b { "ya" } else { "tidak" }.to_string(),
        Data::DateTime(dt) => format!("{}", dt.as_f64().floor() as i64),
        Data::Error(e) => format!("{e}"),
    }
}

/// Columns an XLSX sheet may use: the template has far fewer.
const KOLOM_MAKS_XLSX: u64 = 256;
/// Cells a sheet may span (rows × columns of its used area): the reader
/// holds the area in memory, so a sheet stretched to XFD1048576 by one far
/// cell is refused before it is read.
const SEL_MAKS_XLSX: u64 = 12_000_000;
/// Shared strings a workbook may declare.
const TEKS_MAKS_XLSX: u64 = 2_000_000;
/// Sheets in a workbook, and parts in its archive.
const LEMBAR_MAKS_XLSX: usize = 100;
const BAGIAN_MAKS_XLSX: usize = 1_000;
/// Nesting of a sheet's or the shared strings' XML (a real sheet nests
/// about six deep).
const KEDALAMAN_MAKS_XLSX: usize = 64;

/// A reader that fails once more than `sisa` bytes come out: the unpacked
/// size is counted as it is inflated, whatever the archive declares.
struct Terbatas<'a, R> {
    dalam: R,
    sisa: &'a mut u64,
}

impl<R: std::io::Read> std::io::Read for Terbatas<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.dalam.read(buf)?;
        if n as u64 > *self.sisa {
            *self.sisa = 0;
            return Err(std::io::Error::other("batas isi"));
        }
        *self.sisa -= n as u64;
        Ok(n)
    }
}

/// The refusal of a cell reference that is not one ("A1", "XFD1048576").
fn referensi_salah(nama: &str, lembar: &str, teks: &str) -> Temuan {
    let teks: String = teks.chars().take(40).collect();
    Temuan {
        lembar: Some(lembar.to_string()),
        baris: None,
        kolom: None,
        pesan: format!(
            "Berkas {nama}: referensi sel '{teks}' tidak sah (harus seperti A1 atau XFD1048576). Berkas ini bukan buatan program lembar kerja biasa: salin isinya ke templat Pantau KKMP, simpan ulang, lalu unggah lagi."
        ),
    }
}

/// A cell reference ("XFD1048576") as (row, column), both from 1: at most
/// three letters and seven digits, so that no reader's arithmetic on it can
/// overflow.
fn posisi_sel(r: &[u8]) -> Option<(u64, u64)> {
    let huruf = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (h, a) = r.split_at(huruf);
    if h.is_empty() || h.len() > 3 {
        return None;
    }
    let kolom = h.iter().fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    Some((nomor_baris(a)?, kolom))
}

/// A row number ("1048576"): one to seven digits, not zero. A row's `r`
/// attribute of twenty digits once overflowed calamine's row arithmetic
/// (a fuzzing finding, fuzz/regresi/impor_bagian/).
fn nomor_baris(a: &[u8]) -> Option<u64> {
    if a.is_empty() || a.len() > 7 || !a.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = a.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    (n > 0).then_some(n)
}

/// A range ("A1", "A1:XFD1048576") as its first and last cell: one or two
/// cell references, the first above and left of the last (a reversed range
/// made calamine subtract past zero).
fn rentang(v: &str) -> Option<((u64, u64), (u64, u64))> {
    let mut bagian = v.split(':');
    let awal = posisi_sel(bagian.next()?.trim().as_bytes())?;
    let akhir = match bagian.next() {
        Some(b) => posisi_sel(b.trim().as_bytes())?,
        None => awal,
    };
    (bagian.next().is_none() && awal.0 <= akhir.0 && awal.1 <= akhir.1).then_some((awal, akhir))
}

/// Checks an XLSX file's structure before the spreadsheet reader sees it,
/// streaming every part it will read: the parts unpack to no more than the
/// limit (counted while inflating), each sheet's declared dimension and
/// every cell and row reference stay within the template's bounds, and the
/// shared-strings part declares a sane count. Old `.xls`, `.xlsb` and `.ods`
/// are refused: only XLSX and CSV are read.
fn periksa(bytes: &[u8], nama: &str, batas: Batas) -> Result<(), Temuan> {
    use quick_xml::events::Event;
    if !bytes.starts_with(b"PK") {
        return Err(Temuan::berkas(format!(
            "Berkas {nama} berformat Excel lama (.xls). Simpan ulang sebagai .xlsx (Excel Workbook) lalu unggah lagi."
        )));
    }
    let bukan_xlsx = || {
        Temuan::berkas(format!(
            "Berkas {nama} bukan berkas .xlsx (Excel Workbook). Simpan ulang sebagai .xlsx atau .csv lalu unggah lagi."
        ))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| bukan_xlsx())?;
    if zip.by_name("xl/workbook.xml").is_err() {
        return Err(bukan_xlsx());
    }
    let mib = |n: u64| model::format::desimal(n as f64 / 1_048_576.0, 1);
    let terlalu_besar = |isi: u64| {
        Temuan::berkas(format!(
            "Isi berkas Excel {nama} setelah dibuka ({} MB) melebihi batas {} MB. Pecah berkas per bulan atau per kecamatan.",
            mib(isi),
            mib(batas.isi_xlsx)
        ))
    };
    // The template has one sheet; a workbook of thousands of parts or
    // sheets only costs reading time.
    let jumlah_lembar = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .count();
    if zip.len() > BAGIAN_MAKS_XLSX || jumlah_lembar > LEMBAR_MAKS_XLSX {
        return Err(Temuan::berkas(format!(
            "Berkas {nama} memuat {} lembar ({} bagian), melebihi batas {} lembar. Salin lembar laporan ke templat Pantau KKMP lalu unggah lagi.",
            model::format::angka(jumlah_lembar as i64),
            model::format::angka(zip.len() as i64),
            LEMBAR_MAKS_XLSX
        )));
    }
    let mut dinyatakan: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(f) = zip.by_index_raw(i) {
            dinyatakan = dinyatakan.saturating_add(f.size());
        }
    }
    if dinyatakan > batas.isi_xlsx {
        return Err(terlalu_besar(dinyatakan));
    }
    let baris_maks = batas.baris + 1_000;
    let mut sisa = batas.isi_xlsx;
    for i in 0..zip.len() {
        let Ok(f) = zip.by_index(i) else {
            return Err(bukan_xlsx());
        };
        let bagian = f.name().map(|n| n.to_string()).unwrap_or_default();
        // Every part is checked as the reader might read it, whatever its
        // name: calamine finds the workbook, its sheets and the shared
        // strings through the relationships (any path, any case), so a
        // check by name could be walked around (a fuzzing finding: shared
        // strings declaring 4,000,000,000 entries under another path made
        // the reader reserve 96 GB). A part whose name says XML must parse
        // as XML; another one that does not (an image) is only counted.
        let kecil = bagian.to_ascii_lowercase();
        let nama_xml = [".xml", ".rels", ".vml"].iter().any(|a| kecil.ends_with(a));
        let r = Terbatas {
            dalam: f,
            sisa: &mut sisa,
        };
        let nama_lembar = bagian
            .trim_start_matches("xl/worksheets/")
            .trim_end_matches(".xml")
            .to_string();
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(r));
        // The reader's own tolerance, so that this check stops where it does.
        {
            let c = xml.config_mut();
            c.check_end_names = false;
            c.check_comments = false;
        }
        let mut buf = Vec::new();
        let (mut baris_akhir, mut kolom_akhir) = (0u64, 0u64);
        // Where a row or cell without an `r` attribute lands: the next row,
        // the next column (as the reader places them), so leaving the
        // references out does not escape the bounds.
        let (mut baris_ini, mut kolom_ini) = (0u64, 0u64);
        let mut kedalaman = 0usize;
        loop {
            let e = match xml.read_event_into(&mut buf) {
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) => {
                    kedalaman += 1;
                    if kedalaman > KEDALAMAN_MAKS_XLSX {
                        return Err(Temuan::berkas(format!(
                            "Berkas {nama}: bagian {bagian} bersarang lebih dari {KEDALAMAN_MAKS_XLSX} tingkat. Berkas ini bukan buatan program lembar kerja biasa: salin isinya ke templat Pantau KKMP lalu unggah lagi."
                        )));
                    }
                    e
                }
                Ok(Event::Empty(e)) => e,
                Ok(Event::End(_)) => {
                    kedalaman = kedalaman.saturating_sub(1);
                    buf.clear();
                    continue;
                }
                Ok(_) => {
                    buf.clear();
                    continue;
                }
                Err(_) if *xml.get_ref().get_ref().sisa == 0 => {
                    return Err(terlalu_besar(batas.isi_xlsx.saturating_add(1)));
                }
                Err(_) if nama_xml => {
                    return Err(Temuan::berkas(format!(
                        "Berkas {nama}: bagian {bagian} rusak (XML tidak sah). Simpan ulang sebagai .xlsx lalu unggah lagi."
                    )));
                }
                Err(_) => {
                    // Not XML (an image): the rest is only counted.
                    let r = xml.into_inner();
                    let mut r = r;
                    if std::io::copy(&mut r, &mut std::io::sink()).is_err() {
                        return Err(if *r.get_ref().sisa == 0 {
                            terlalu_besar(batas.isi_xlsx.saturating_add(1))
                        } else {
                            bukan_xlsx()
                        });
                    }
                    break;
                }
            };
            // An attribute this parser cannot read is refused: calamine reads
            // attributes with a more tolerant parser of its own, and once
            // found a shared-strings count of 4,000,000,000 behind a broken
            // `xmlns` attribute that this check skipped (a fuzzing finding:
            // the reader reserved 96 GB; fuzz/regresi/impor_bagian/).
            if e.attributes().any(|a| a.is_err()) {
                return Err(Temuan::berkas(format!(
                    "Berkas {nama}: bagian {bagian} rusak (atribut XML tidak sah). Simpan ulang sebagai .xlsx lalu unggah lagi."
                )));
            }
            let attr = |k: &str| -> Option<String> {
                e.try_get_attribute(k)
                    .ok()
                    .flatten()
                    .map(|a| a.value.into_owned())
            };
            match e.local_name().as_ref() {
                "sst" => {
                    for k in ["count", "uniqueCount"] {
                        let n: u64 = attr(k).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
                        if n > TEKS_MAKS_XLSX {
                            return Err(Temuan::berkas(format!(
                                "Berkas {nama}: daftar teks bersama menyatakan {} teks, melebihi batas {}. Berkas ini bukan templat Pantau KKMP: salin isinya ke templat lalu unggah lagi.",
                                model::format::angka(n as i64),
                                model::format::angka(TEKS_MAKS_XLSX as i64)
                            )));
                        }
                    }
                }
                "dimension" | "c" | "row" => {
                    let (posisi, teks_ref) = match e.local_name().as_ref() {
                        "dimension" => {
                            let v = attr("ref").unwrap_or_default();
                            // A range of cell references within the bounds:
                            // calamine parses it (and once overflowed on
                            // "A1:Amemakai…Q2", a fuzzing finding,
                            // fuzz/regresi/impor_bagian/).
                            match rentang(&v) {
                                Some((_, akhir)) => (Some(akhir), v),
                                None => return Err(referensi_salah(nama, &nama_lembar, &v)),
                            }
                        }
                        "row" => {
                            let n = match attr("r") {
                                Some(v) => match nomor_baris(v.trim().as_bytes()) {
                                    Some(n) => n,
                                    None => return Err(referensi_salah(nama, &nama_lembar, &v)),
                                },
                                None => baris_ini.saturating_add(1),
                            };
                            baris_ini = n;
                            kolom_ini = 0;
                            (Some((n, 1)), format!("baris {n}"))
                        }
                        _ => {
                            let posisi = match attr("r") {
                                Some(v) => match posisi_sel(v.as_bytes()) {
                                    Some(p) => Some(p),
                                    None => return Err(referensi_salah(nama, &nama_lembar, &v)),
                                },
                                None => Some((baris_ini.max(1), kolom_ini.saturating_add(1))),
                            };
                            if let Some((_, k)) = posisi {
                                kolom_ini = k;
                            }
                            let teks = posisi
                                .map(|(b, k)| format!("baris {b}, kolom {k}"))
                                .unwrap_or_default();
                            (posisi, attr("r").unwrap_or(teks))
                        }
                    };
                    if let Some((b, k)) = posisi {
                        baris_akhir = baris_akhir.max(b);
                        kolom_akhir = kolom_akhir.max(k);
                        if b > baris_maks
                            || k > KOLOM_MAKS_XLSX
                            || baris_akhir.saturating_mul(kolom_akhir) > SEL_MAKS_XLSX
                        {
                            return Err(Temuan {
                                lembar: Some(nama_lembar),
                                baris: Some(b),
                                kolom: None,
                                pesan: format!(
                                    "Berkas {nama} memakai sel sampai {teks_ref}, di luar batas yang dibaca (paling banyak {} baris, {} kolom, {} sel per lembar). Hapus isi atau format di luar tabel laporan, simpan ulang, lalu unggah lagi.",
                                    model::format::angka(baris_maks as i64),
                                    KOLOM_MAKS_XLSX,
                                    model::format::angka(SEL_MAKS_XLSX as i64)
                                ),
                            });
                        }
                    }
                }
                // Any other range a reader may parse (merged cells, shared
                // formulas, hyperlinks, tables, filters) must be one, though
                // it may reach past the bounds that the cells keep.
                _ => {
                    if let Some(v) = attr("ref")
                        && rentang(&v).is_none()
                    {
                        return Err(referensi_salah(nama, &nama_lembar, &v));
                    }
                }
            }
            buf.clear();
        }
    }
    Ok(())
}
