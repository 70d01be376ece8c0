//! Hostile workbooks: structurally valid XLSX files built to exhaust a
//! reader (a sheet stretched to the last cell, billions of declared shared
//! strings, references that overflow or run backwards, deep XML, thousands
//! of sheets, a million empty rows, a part that inflates a thousandfold,
//! cells without references). The tests
//! check that each is refused with its reason and leaves the server up;
//! `bench jebakan` times the refusals. Not used by the server.

use std::io::Write;

const TIPE_KONTEN: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A workbook of these sheets (name, sheet XML), and a shared-strings part
/// when given. Parts are deflated.
pub fn buku(lembar: &[(String, String)], teks_bersama: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opsi = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    let mut tulis = |nama: &str, isi: &[u8]| {
        // Writing to memory cannot fail but for a bug here.
        zip.start_file(nama, opsi).expect("zip entry");
        zip.write_all(isi).expect("zip write");
    };
    tulis("[Content_Types].xml", TIPE_KONTEN.as_bytes());
    tulis("_rels/.rels", RELS.as_bytes());
    let mut wb = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{NS_R}"><sheets>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (nama, _)) in lembar.iter().enumerate() {
        let n = i + 1;
        wb.push_str(&format!(
            r#"<sheet name="{nama}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
    }
    if teks_bersama.is_some() {
        let n = lembar.len() + 1;
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
        ));
    }
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    tulis("xl/workbook.xml", wb.as_bytes());
    tulis("xl/_rels/workbook.xml.rels", rels.as_bytes());
    for (i, (_, xml)) in lembar.iter().enumerate() {
        tulis(&format!("xl/worksheets/sheet{}.xml", i + 1), xml.as_bytes());
    }
    if let Some(t) = teks_bersama {
        tulis("xl/sharedStrings.xml", t.as_bytes());
    }
    zip.finish().expect("zip").into_inner()
}

/// A sheet's XML around `isi` (the inside of `<sheetData>`), with a
/// declared dimension.
pub fn lembar(dimensi: &str, isi: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><dimension ref="{dimensi}"/><sheetData>{isi}</sheetData></worksheet>"#
    )
}

/// The header row of the report sheet, as inline strings.
fn judul() -> String {
    r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Kode kelurahan</t></is></c><c r="B1" t="inlineStr"><is><t>Periode</t></is></c></row>"#.to_string()
}

/// Every hostile workbook, by name.
pub fn semua() -> Vec<(&'static str, Vec<u8>)> {
    let satu =
        |dimensi: &str, isi: String| buku(&[("Laporan".into(), lembar(dimensi, &isi))], None);
    let mut out = Vec::new();

    // One cell in A1, one in XFD1048576: a reader reserves the rectangle.
    out.push((
        "sel-terjauh",
        satu(
            "A1:XFD1048576",
            format!(
                r#"{}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
                judul()
            ),
        ),
    ));
    // Only the declared dimension is huge.
    out.push(("dimensi-palsu", satu("A1:XFD1048576", judul())));
    // A dimension whose column letters overflow the reader's arithmetic
    // (a fuzzing finding: calamine panicked on it in a debug build).
    out.push(("referensi-luap", satu("A1:AAAAAAAAAAAAAAAAAAAA2", judul())));
    // A cell whose reference is not one.
    out.push((
        "referensi-rusak",
        satu(
            "A1:B2",
            format!(
                r#"{}<row r="2"><c r="ZZZZZZZZZZZZZZ2"><v>1</v></c></row>"#,
                judul()
            ),
        ),
    ));
    // A row number of twenty digits: the reader's row arithmetic overflows
    // (a fuzzing finding: calamine panicked on it in a debug build).
    out.push((
        "baris-luap",
        satu(
            "A1:B2",
            format!(
                r#"{}<row r="99999999999999999999"><c t="inlineStr"><is><t>x</t></is></c></row>"#,
                judul()
            ),
        ),
    ));
    // A range that ends before it starts: the reader subtracts past zero.
    out.push(("dimensi-terbalik", satu("B2:A1", judul())));
    // Ranges outside the cells that a reader also parses: a shared
    // formula's and a merged region's, with overflowing row digits.
    out.push((
        "rumus-luap",
        satu(
            "A1:B2",
            format!(
                r#"{}<row r="2"><c r="A2"><f t="shared" si="0" ref="A2:A99999999999999999999">1+1</f><v>2</v></c></row>"#,
                judul()
            ),
        ),
    ));
    out.push((
        "gabungan-luap",
        buku(
            &[(
                "Laporan".into(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><dimension ref="A1:B1"/><sheetData>{}</sheetData><mergeCells count="1"><mergeCell ref="A1:B99999999999999999999"/></mergeCells></worksheet>"#,
                    judul()
                ),
            )],
            None,
        ),
    ));
    // Shared strings declaring four billion entries.
    out.push((
        "teks-bersama-raksasa",
        buku(
            &[("Laporan".into(), lembar("A1:B1", &judul()))],
            Some(&format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="4000000000" uniqueCount="4000000000"><si><t>Kode kelurahan</t></si></sst>"#
            )),
        ),
    ));
    // The same count in shared strings the checker would not look at by
    // name: the package points the reader at another folder (a fuzzing
    // finding: the reader reserved 96 GB).
    let mut lain = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opsi = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (nama, isi) in [
        ("[Content_Types].xml".to_string(), TIPE_KONTEN.to_string()),
        ("_rels/.rels".to_string(), RELS.replace("xl/workbook.xml", "lain/workbook.xml")),
        ("xl/workbook.xml".to_string(), format!(r#"<workbook xmlns="{NS}"/>"#)),
        (
            "lain/workbook.xml".to_string(),
            format!(
                r#"<workbook xmlns="{NS}" xmlns:r="{NS_R}"><sheets><sheet name="Laporan" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "lain/_rels/workbook.xml.rels".to_string(),
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="lembar.xml"/></Relationships>"#.to_string(),
        ),
        ("lain/lembar.xml".to_string(), lembar("A1:B1", &judul())),
        (
            "lain/sharedStrings.xml".to_string(),
            format!(
                r#"<sst xmlns="{NS}" count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>"#
            ),
        ),
    ] {
        lain.start_file(nama, opsi).expect("zip");
        lain.write_all(isi.as_bytes()).expect("zip");
    }
    out.push((
        "teks-bersama-tersembunyi",
        lain.finish().expect("zip").into_inner(),
    ));
    // XML nested a million levels deep inside a cell.
    let dalam = 1_000_000;
    out.push((
        "xml-dalam",
        satu(
            "A1:B2",
            format!(
                r#"{}<row r="2"><c r="A2" t="inlineStr"><is>{}<t>x</t>{}</is></c></row>"#,
                judul(),
                "<r>".repeat(dalam),
                "</r>".repeat(dalam)
            ),
        ),
    ));
    // Five thousand sheets.
    let banyak: Vec<(String, String)> = (0..5_000)
        .map(|i| (format!("L{i}"), lembar("A1", "")))
        .collect();
    out.push(("banyak-lembar", buku(&banyak, None)));
    // A million empty rows.
    let mut kosong = judul();
    for r in 2..=1_000_001 {
        kosong.push_str(&format!(r#"<row r="{r}"/>"#));
    }
    out.push(("sejuta-baris-kosong", satu("A1:B1000001", kosong)));
    // Rows and cells without references: positions the reader infers.
    let mut tanpa = judul();
    for _ in 0..300_000 {
        tanpa.push_str("<row><c><v>1</v></c></row>");
    }
    out.push(("tanpa-referensi", satu("A1:B2", tanpa)));
    // A part that inflates to 1 GiB of spaces (about 1 MB deflated).
    let mut bom = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opsi = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    bom.start_file("[Content_Types].xml", opsi).expect("zip");
    bom.write_all(TIPE_KONTEN.as_bytes()).expect("zip");
    bom.start_file("xl/workbook.xml", opsi).expect("zip");
    bom.write_all(format!(r#"<workbook xmlns="{NS}"/>"#).as_bytes())
        .expect("zip");
    bom.start_file("xl/worksheets/sheet1.xml", opsi)
        .expect("zip");
    let blok = vec![b' '; 1 << 20];
    for _ in 0..1024 {
        bom.write_all(&blok).expect("zip");
    }
    out.push(("bom-zip", bom.finish().expect("zip").into_inner()));
    out
}
