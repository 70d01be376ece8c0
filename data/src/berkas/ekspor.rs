//! Reports out: the XLSX template (one KKMP or the city recap) and exports
//! of stored reports as CSV and XLSX.
//!
//! Templates and exports share one column layout, the one the importer
//! reads ([`crate::impor`]): an export can be uploaded again and gives back
//! the same reports. Text cells that a spreadsheet would take for a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading
//! apostrophe ([`aman`]); numbers are written as numbers.

use crate::berkas::impor::JUDUL_ALASAN;
use crate::berkas::impor::JUDUL_KODE;
use crate::berkas::impor::JUDUL_PELAPOR;
use crate::berkas::impor::JUDUL_PERIODE;
use crate::berkas::impor::LEMBAR;
use crate::berkas::impor::kolom_huruf;
use crate::error::DataError;
use crate::error::Result;
use crate::inti::isian::Nilai;
use crate::inti::isian::nilai;
use crate::inti::laporan::Laporan;
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::teks::aman;
use crate::inti::wilayah::Wilayah;
use model::Periode;
use model::isian::BIDANG;
use model::isian::Bidang;
use model::isian::Jenis;
use rust_xlsxwriter::Color;
use rust_xlsxwriter::DataValidation;
use rust_xlsxwriter::DataValidationErrorStyle;
use rust_xlsxwriter::ExcelDateTime;
use rust_xlsxwriter::Format;
use rust_xlsxwriter::FormatAlign;
use rust_xlsxwriter::FormatBorder;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;

fn xlsx(e: XlsxError) -> DataError {
    DataError::Internal(format!("menulis XLSX: {e}"))
}

/// A field's value as a file cell's text: digits for numbers, "ya"/"tidak",
/// ISO dates, choice labels, text made [`aman`].
pub fn teks_berkas(l: &Laporan, b: &Bidang) -> String {
    match nilai(l, b.code) {
        Nilai::YaTidak(v) => if v { "ya" } else { "tidak" }.to_string(),
        Nilai::Tanggal(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        Nilai::Angka(n) => n.to_string(),
        Nilai::Pilihan(code) => b.jenis.label_pilihan(code).to_string(),
        Nilai::Teks(t) => aman(&t),
    }
}

/// The header of templates and exports: identity, the fields, then sender
/// and reason. Exports add version columns after these.
fn judul_dasar() -> Vec<&'static str> {
    let mut h = vec![JUDUL_KODE, "Kecamatan", "Kelurahan", JUDUL_PERIODE];
    h.extend(BIDANG.iter().map(|b| b.label));
    h.push(JUDUL_PELAPOR);
    h.push(JUDUL_ALASAN);
    h
}

const JUDUL_EKSPOR: [&str; 4] = ["Versi", "Dikirim pada", "Sumber", "Peringatan diterima"];

/// The stored reports as CSV (UTF-8 with BOM so that Excel reads it right,
/// comma-separated), one row per version given.
pub fn csv_laporan(rows: &[LaporanTersimpan], wilayah: &Wilayah) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let mut header = judul_dasar();
        header.extend(JUDUL_EKSPOR);
        w.write_record(&header)
            .map_err(|e| DataError::Internal(e.to_string()))?;
        for r in rows {
            let (kec, kel) = nama_wilayah(wilayah, &r.isi.kelurahan_code);
            let mut rec = vec![
                r.isi.kelurahan_code.clone(),
                aman(&kec),
                aman(&kel),
                r.isi.periode.to_string(),
            ];
            rec.extend(BIDANG.iter().map(|b| teks_berkas(&r.isi, b)));
            rec.push(aman(&r.pengiriman.dikirim_oleh));
            rec.push(aman(r.pengiriman.alasan.as_deref().unwrap_or("")));
            rec.push(r.versi.to_string());
            rec.push(
                r.pengiriman
                    .dikirim_pada
                    .with_timezone(&crate::inti::waktu::wib())
                    .format("%Y-%m-%d %H:%M:%S%:z")
                    .to_string(),
            );
            rec.push(aman(&r.pengiriman.sumber));
            rec.push(aman(&r.pengiriman.peringatan.replace('\n', "; ")));
            w.write_record(&rec)
                .map_err(|e| DataError::Internal(e.to_string()))?;
        }
        w.flush().map_err(|e| DataError::Internal(e.to_string()))?;
    }
    Ok(out)
}

fn nama_wilayah(wilayah: &Wilayah, code: &str) -> (String, String) {
    let kel = wilayah.kelurahan(code);
    let kec = kel.and_then(|k| wilayah.kecamatan(&k.kecamatan_code));
    (
        kec.map(|k| k.nama.clone()).unwrap_or_default(),
        kel.map(|k| k.nama.clone()).unwrap_or_default(),
    )
}

struct Gaya {
    judul: Format,
    kunci: Format,
    isian: Format,
    angka: Format,
    tanggal: Format,
}

impl Gaya {
    fn new() -> Gaya {
        Gaya {
            judul: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xF3E9E9))
                .set_border_bottom(FormatBorder::Thin),
            kunci: Format::new().set_background_color(Color::RGB(0xF2F2F2)),
            isian: Format::new().set_unlocked(),
            angka: Format::new().set_unlocked().set_num_format("#,##0"),
            tanggal: Format::new().set_unlocked().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// Writes one report's field cells in row `r` from column `c0`.
fn tulis_bidang(ws: &mut Worksheet, r: u32, c0: u16, l: &Laporan, g: &Gaya) -> Result<()> {
    for (i, b) in BIDANG.iter().enumerate() {
        let c = c0 + i as u16;
        match nilai(l, b.code) {
            Nilai::Angka(n) => ws.write_number_with_format(r, c, n as f64, &g.angka),
            Nilai::Tanggal(Some(d)) => {
                use chrono::Datelike;
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .map_err(xlsx)?;
                ws.write_datetime_with_format(r, c, &dt, &g.tanggal)
            }
            _ => ws.write_string_with_format(r, c, teks_berkas(l, b), &g.isian),
        }
        .map_err(xlsx)?;
    }
    Ok(())
}

/// Dropdowns for the yes/no and choice columns, rows `r0..=r1`.
fn pilihan(ws: &mut Worksheet, r0: u32, r1: u32, c0: u16) -> Result<()> {
    for (i, b) in BIDANG.iter().enumerate() {
        let c = c0 + i as u16;
        let list: Vec<&str> = match b.jenis {
            Jenis::YaTidak => vec!["ya", "tidak"],
            Jenis::Pilihan(options) => options.iter().map(|(_, label)| *label).collect(),
            _ => continue,
        };
        let dv = DataValidation::new()
            .allow_list_strings(&list)
            .map_err(xlsx)?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title("Pilihan tidak dikenal")
            .map_err(xlsx)?
            .set_error_message(format!("{}: pilih salah satu dari daftar.", b.label))
            .map_err(xlsx)?;
        ws.add_data_validation(r0, c, r1, c, &dv).map_err(xlsx)?;
    }
    Ok(())
}

fn lebar_kolom(ws: &mut Worksheet, header: &[&str]) -> Result<()> {
    for (i, h) in header.iter().enumerate() {
        let w = (h.chars().count() as f64 * 0.9).clamp(12.0, 28.0);
        ws.set_column_width(i as u16, w).map_err(xlsx)?;
    }
    ws.set_row_height(0, 45).map_err(xlsx)?;
    ws.set_freeze_panes(1, 4).map_err(xlsx)?;
    Ok(())
}

/// The instructions and the data dictionary, as two sheets.
fn petunjuk(wb: &mut Workbook, judul: &str, g: &Gaya) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name("Petunjuk").map_err(xlsx)?;
    ws.set_column_width(0, 110).map_err(xlsx)?;
    let lines = [
        judul.to_string(),
        String::new(),
        format!(
            "1. Isi lembar '{LEMBAR}': satu baris untuk setiap KKMP. Kolom abu-abu ({JUDUL_KODE}, Kecamatan, Kelurahan, {JUDUL_PERIODE}) terkunci; jangan diubah."
        ),
        "2. Angka boleh ditulis 1.250 atau 1250; rupiah boleh ditulis Rp 5.000.000 atau 5000000. Rupiah yang kosong dibaca 0.".into(),
        "3. Kolom ya/tidak dan kolom status memakai daftar pilihan (klik sel, lalu panah di kanan sel).".into(),
        "4. Tanggal boleh ditulis 4/9/2025, 4 September 2025 atau sebagai tanggal Excel.".into(),
        format!(
            "5. Bila laporan bulan itu sudah pernah dikirim, isi kolom {JUDUL_ALASAN}: berkas akan disimpan sebagai perbaikan (versi baru); versi lama tetap tersimpan."
        ),
        "6. Unggah berkas di halaman Unggah laporan. Pantau KKMP menampilkan pratinjau dan setiap masalah (lembar, baris, kolom) sebelum apa pun disimpan.".into(),
        "7. Keterangan setiap kolom ada di lembar 'Keterangan kolom'.".into(),
    ];
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            ws.write_string_with_format(0, 0, line, &g.judul)
        } else {
            ws.write_string(i as u32, 0, line)
        }
        .map_err(xlsx)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("Keterangan kolom").map_err(xlsx)?;
    for (c, (h, w)) in [
        ("Kolom", 6.0),
        ("Judul", 34.0),
        ("Kode", 24.0),
        ("Isian", 40.0),
        ("Definisi", 90.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &g.judul)
            .map_err(xlsx)?;
        ws.set_column_width(c as u16, *w).map_err(xlsx)?;
    }
    for (i, b) in BIDANG.iter().enumerate() {
        let r = i as u32 + 1;
        let isian = match b.jenis {
            Jenis::Tanggal => "tanggal (boleh kosong)".to_string(),
            Jenis::Rupiah => "rupiah, bilangan bulat (kosong = 0)".to_string(),
            Jenis::Teks => "teks (boleh kosong)".to_string(),
            other => other.satuan(),
        };
        ws.write_string(r, 0, kolom_huruf(i + 4)).map_err(xlsx)?;
        ws.write_string(r, 1, b.label).map_err(xlsx)?;
        ws.write_string(r, 2, b.code).map_err(xlsx)?;
        ws.write_string(r, 3, isian).map_err(xlsx)?;
        ws.write_string(r, 4, b.definisi).map_err(xlsx)?;
    }
    Ok(())
}

/// The template for `periode`: one row per (kelurahan, prefill) given, codes
/// and names filled and locked, field cells prefilled with the KKMP's last
/// report when there is one, dropdowns on every yes/no and status column.
pub fn templat(
    wilayah: &Wilayah,
    periode: Periode,
    baris: &[(&str, Option<&Laporan>)],
) -> Result<Vec<u8>> {
    let g = Gaya::new();
    let mut wb = Workbook::new();
    let header = judul_dasar();
    {
        let ws = wb.add_worksheet();
        ws.set_name(LEMBAR).map_err(xlsx)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &g.judul)
                .map_err(xlsx)?;
        }
        let last_col = header.len() as u16 - 1;
        for (i, (code, prefill)) in baris.iter().enumerate() {
            let r = i as u32 + 1;
            let (kec, kel) = nama_wilayah(wilayah, code);
            ws.write_string_with_format(r, 0, *code, &g.kunci)
                .map_err(xlsx)?;
            ws.write_string_with_format(r, 1, aman(&kec), &g.kunci)
                .map_err(xlsx)?;
            ws.write_string_with_format(r, 2, aman(&kel), &g.kunci)
                .map_err(xlsx)?;
            ws.write_string_with_format(r, 3, periode.to_string(), &g.kunci)
                .map_err(xlsx)?;
            match prefill {
                Some(l) => tulis_bidang(ws, r, 4, l, &g)?,
                None => {
                    for c in 4..=last_col - 2 {
                        ws.write_blank(r, c, &g.isian).map_err(xlsx)?;
                    }
                }
            }
            ws.write_blank(r, last_col - 1, &g.isian).map_err(xlsx)?;
            ws.write_blank(r, last_col, &g.isian).map_err(xlsx)?;
        }
        let r1 = baris.len().max(1) as u32;
        pilihan(ws, 1, r1, 4)?;
        lebar_kolom(ws, &header)?;
        ws.protect();
    }
    let judul = if baris.len() == 1 {
        let (kec, kel) = nama_wilayah(wilayah, baris[0].0);
        format!(
            "Laporan bulanan KKMP Kelurahan {kel} (Kecamatan {kec}), periode {}",
            periode.label()
        )
    } else {
        format!(
            "Rekap laporan bulanan {} KKMP Kota Palembang, periode {}",
            baris.len(),
            periode.label()
        )
    };
    petunjuk(&mut wb, &judul, &g)?;
    wb.save_to_buffer().map_err(xlsx)
}

/// Stored reports as XLSX: the same columns as the CSV, typed cells, and a
/// metadata sheet (source, cut-off, definition version: Satu Data).
pub fn xlsx_laporan(
    rows: &[LaporanTersimpan],
    wilayah: &Wilayah,
    keterangan: &[(&str, String)],
) -> Result<Vec<u8>> {
    let g = Gaya::new();
    let mut wb = Workbook::new();
    let mut header = judul_dasar();
    header.extend(JUDUL_EKSPOR);
    {
        let ws = wb.add_worksheet();
        ws.set_name(LEMBAR).map_err(xlsx)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &g.judul)
                .map_err(xlsx)?;
        }
        let n = BIDANG.len() as u16;
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            let (kec, kel) = nama_wilayah(wilayah, &r.isi.kelurahan_code);
            ws.write_string(row, 0, &r.isi.kelurahan_code)
                .map_err(xlsx)?;
            ws.write_string(row, 1, aman(&kec)).map_err(xlsx)?;
            ws.write_string(row, 2, aman(&kel)).map_err(xlsx)?;
            ws.write_string(row, 3, r.isi.periode.to_string())
                .map_err(xlsx)?;
            tulis_bidang(ws, row, 4, &r.isi, &g)?;
            let c = 4 + n;
            ws.write_string(row, c, aman(&r.pengiriman.dikirim_oleh))
                .map_err(xlsx)?;
            ws.write_string(
                row,
                c + 1,
                aman(r.pengiriman.alasan.as_deref().unwrap_or("")),
            )
            .map_err(xlsx)?;
            ws.write_number(row, c + 2, r.versi as f64).map_err(xlsx)?;
            ws.write_string(
                row,
                c + 3,
                r.pengiriman
                    .dikirim_pada
                    .with_timezone(&crate::inti::waktu::wib())
                    .format("%Y-%m-%d %H:%M:%S%:z")
                    .to_string(),
            )
            .map_err(xlsx)?;
            ws.write_string(row, c + 4, aman(&r.pengiriman.sumber))
                .map_err(xlsx)?;
            ws.write_string(
                row,
                c + 5,
                aman(&r.pengiriman.peringatan.replace('\n', "; ")),
            )
            .map_err(xlsx)?;
        }
        lebar_kolom(ws, &header)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Metadata").map_err(xlsx)?;
        ws.set_column_width(0, 28).map_err(xlsx)?;
        ws.set_column_width(1, 90).map_err(xlsx)?;
        for (i, (k, v)) in keterangan.iter().enumerate() {
            ws.write_string_with_format(i as u32, 0, *k, &g.judul)
                .map_err(xlsx)?;
            ws.write_string(i as u32, 1, aman(v)).map_err(xlsx)?;
        }
    }
    petunjuk(&mut wb, "Ekspor laporan bulanan KKMP Kota Palembang", &g)?;
    wb.save_to_buffer().map_err(xlsx)
}
