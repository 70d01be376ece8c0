//! Reports from files: templates, uploads with preview and all-or-nothing
//! commit, what people really type, bad files, exports that import back.

use chrono::Utc;
use data::berkas::ekspor;
use data::berkas::impor;
use data::berkas::impor::Batas;
use data::berkas::impor::Konteks;
use data::berkas::impor::Opsi;
use data::berkas::impor::Pratinjau;
use data::inti::demo;
use data::inti::demo::DemoConfig;
use data::inti::isian;
use data::inti::laporan::Laporan;
use data::inti::laporan::LaporanTersimpan;
use data::inti::laporan::Pengiriman;
use data::inti::wilayah::Wilayah;
use data::layanan::penerimaan::bulan_ini;
use data::simpan::laporan;
use model::Periode;
use model::isian::BIDANG;
use pantau_tests::{Backend, TestApp, dump, on_both};

fn p(s: &str) -> Periode {
    Periode::parse(s).unwrap()
}

fn opsi(alasan: Option<&str>) -> Opsi<'_> {
    let now = Utc::now();
    Opsi {
        oleh: "Penguji",
        alasan_umum: alasan,
        bulan_ini: bulan_ini(now),
        sekarang: now,
        cakupan: None,
        terkunci: &TANPA_KUNCI,
    }
}

static TANPA_KUNCI: std::sync::LazyLock<std::collections::HashSet<(String, Periode)>> =
    std::sync::LazyLock::new(Default::default);

/// Checks `bytes` against an empty database.
fn cek(nama: &str, bytes: &[u8]) -> Pratinjau {
    cek_batas(nama, bytes, Batas::default())
}

fn cek_batas(nama: &str, bytes: &[u8], batas: Batas) -> Pratinjau {
    let w = Wilayah::embedded().unwrap();
    let konteks = Konteks {
        wilayah: &w,
        terkini: &[],
    };
    let terbaca = impor::Terbaca::di_tempat(bytes, nama, batas);
    impor::pratinjau(bytes, &terbaca, nama, &konteks, &opsi(None), batas)
}

fn semua_pesan(pr: &Pratinjau) -> String {
    pr.galat
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A CSV with the template's header and one row per report, each row's
/// cells passed through `ubah(row index, header, cell)`.
fn csv_dari(reports: &[Laporan], ubah: impl Fn(usize, &str, String) -> String) -> Vec<u8> {
    let mut header = vec![impor::JUDUL_KODE, impor::JUDUL_PERIODE];
    header.extend(BIDANG.iter().map(|b| b.label));
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for (i, l) in reports.iter().enumerate() {
        let mut cells = vec![l.kelurahan_code.clone(), l.periode.to_string()];
        cells.extend(BIDANG.iter().map(|b| ekspor::teks_berkas(l, b)));
        let cells: Vec<String> = cells
            .into_iter()
            .zip(&header)
            .map(|(c, h)| ubah(i, h, c))
            .collect();
        w.write_record(&cells).unwrap();
    }
    w.into_inner().unwrap()
}

/// Valid reports for October 2026, one per KKMP: each KKMP's latest demo
/// report (some KKMP missed October), dated October.
fn oktober() -> Vec<Laporan> {
    let w = Wilayah::embedded().unwrap();
    let mut latest: std::collections::BTreeMap<String, Laporan> = Default::default();
    for (l, _) in demo::generate(&w, &DemoConfig::default()).laporan {
        if l.periode <= p("2026-10") {
            let keep = latest
                .get(&l.kelurahan_code)
                .is_none_or(|x| x.periode <= l.periode);
            if keep {
                latest.insert(l.kelurahan_code.clone(), l);
            }
        }
    }
    latest
        .into_values()
        .map(|l| Laporan {
            periode: p("2026-10"),
            ..l
        })
        .collect()
}

#[test]
fn a_good_recap_passes_and_says_what_it_would_create() {
    let rows = oktober();
    assert_eq!(rows.len(), 107);
    let pr = cek("rekap.csv", &csv_dari(&rows, |_, _, c| c));
    assert_eq!(pr.jumlah_galat, 0, "{}", semua_pesan(&pr));
    assert_eq!((pr.baris_data, pr.baru, pr.perbaikan), (107, 107, 0));
    assert_eq!(pr.kelurahan, 107);
    assert_eq!(pr.periode, [p("2026-10")]);
    assert_eq!(pr.format, Some("csv"));
}

#[test]
fn what_people_really_type_is_read() {
    let rows = &oktober()[..2];
    let bytes = csv_dari(rows, |i, h, c| match (i, h) {
        (0, "Jumlah anggota") => format!(" {} ", model::format::angka(c.parse().unwrap())),
        (0, "Simpanan pokok (Rp)") => format!("Rp {},00", model::format::angka(c.parse().unwrap())),
        (0, "NIB terbit") => if c == "ya" { "Y" } else { "T" }.into(),
        (0, "Tanggal SK AHU") => "4/9/2025".into(),
        (1, "Tanggal SK AHU") => "4 September 2025".into(),
        (1, "Tanggal RAT") => "45904".into(),
        (1, "Gerai sembako") => c.to_uppercase(),
        (1, "Periode") => "Oktober 2026".into(),
        _ => c,
    });
    // A blank row in the middle and trailing blank lines.
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(2, ";;;");
    let text = lines.join("\r\n") + "\r\n\r\n";
    let pr = cek("rekap.csv", text.as_bytes());
    assert_eq!(pr.jumlah_galat, 0, "{}", semua_pesan(&pr));
    assert_eq!(pr.baru, 2);
}

#[test]
fn row_problems_name_row_column_and_what_was_written() {
    let rows = &oktober()[..4];
    let bytes = csv_dari(rows, |i, h, c| match (i, h) {
        (0, "Jumlah anggota") => "12a".into(),
        (1, "Kode kelurahan") => "16.71.99.9999".into(),
        (2, "Omzet bulan ini (Rp)") => "-5000".into(),
        _ => c,
    });
    // Row 4 of the data repeats row 1's KKMP and month.
    let text = String::from_utf8(bytes).unwrap();
    let first = text.lines().nth(1).unwrap().to_string();
    let dup = first.replacen("12a", "100", 1);
    let text = format!("{text}{dup}\n");
    let pr = cek("rekap.csv", text.as_bytes());
    let all = semua_pesan(&pr);
    assert!(
        all.contains("Baris 2, kolom Jumlah anggota: harus bilangan bulat, tertulis '12a'"),
        "{all}"
    );
    assert!(
        all.contains("Baris 3, kolom Kode kelurahan: Kode kelurahan '16.71.99.9999' tidak dikenal"),
        "{all}"
    );
    assert!(
        all.contains("Baris 4, kolom Omzet bulan ini (Rp): Omzet tidak boleh negatif"),
        "{all}"
    );
    assert!(
        all.contains("Baris 6:") && all.contains("sudah ada di baris 2"),
        "{all}"
    );
    assert!(!pr.bisa_disimpan());
}

#[test]
fn bad_files_get_a_clear_message() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("kosong.csv", Vec::new(), "kosong"),
        ("spasi.csv", b"  \n \n".to_vec(), "kosong"),
        (
            "foto.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "bukan spreadsheet",
        ),
        (
            "laporan.xlsx",
            b"Kode kelurahan,Periode\n".to_vec(),
            "bukan berkas Excel",
        ),
        (
            "latin1.csv",
            b"Kode kelurahan;Periode;Caf\xe9\n16.71.01.1001;2026-10;x\n".to_vec(),
            "bukan teks UTF-8",
        ),
        (
            "lain.csv",
            b"nama,umur\nAni,20\n".to_vec(),
            "Kode kelurahan",
        ),
        (
            "judul.csv",
            b"Kode kelurahan;Periode\n".to_vec(),
            "kolom wajib tidak ada",
        ),
        (
            "asing.csv",
            b"Kode kelurahan;Periode;Warna favorit\n".to_vec(),
            "judul kolom 'Warna favorit' tidak dikenal",
        ),
    ];
    for (nama, bytes, expected) in cases {
        let pr = cek(nama, &bytes);
        let all = semua_pesan(&pr);
        assert!(all.contains(expected), "{nama}: {all}");
        assert!(!pr.bisa_disimpan(), "{nama}");
    }
}

#[test]
fn a_workbook_without_the_report_sheet_names_its_sheets() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Data").unwrap();
    ws.write_string(0, 0, "Nama").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let all = semua_pesan(&cek("rekap.xlsx", &bytes));
    assert!(all.contains("Lembar yang ada: Data"), "{all}");
}

/// The bytes of `xlsx` with the part `nama` replaced by `isi` (stored,
/// uncompressed), for files a spreadsheet program would not write.
fn ganti_bagian(xlsx: &[u8], nama: &str, isi: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opsi =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let n = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.start_file(n.as_str(), opsi).unwrap();
        out.write_all(if n == nama { isi } else { &data }).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A workbook is read as untrusted structure: a sheet stretched to the last
/// cell Excel has (one cell in A1, one in XFD1048576) once made the reader
/// reserve 512 GiB and abort the whole server. Now it, a shared-strings
/// part declaring billions of strings, an old .xls and another zip format
/// are refused with the reason before the reader sees them.
#[test]
fn hostile_workbook_structure_is_refused_before_reading() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Kode kelurahan").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let jauh = wb.save_to_buffer().unwrap();
    let pr = cek("jebakan.xlsx", &jauh);
    let all = semua_pesan(&pr);
    assert!(
        all.contains("XFD1048576") && all.contains("di luar batas"),
        "{all}"
    );
    assert!(!pr.bisa_disimpan());

    // The same, but only one cell: the declared dimension alone.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Kode kelurahan").unwrap();
    let kecil = wb.save_to_buffer().unwrap();
    let lembar = {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&kecil[..])).unwrap();
        let mut t = String::new();
        z.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut t)
            .unwrap();
        t
    };
    assert!(lembar.contains("<dimension ref=\"A1\"/>"), "{lembar}");
    let dimensi = ganti_bagian(
        &kecil,
        "xl/worksheets/sheet1.xml",
        lembar
            .replace(
                "<dimension ref=\"A1\"/>",
                "<dimension ref=\"A1:XFD1048576\"/>",
            )
            .as_bytes(),
    );
    let all = semua_pesan(&cek("dimensi.xlsx", &dimensi));
    assert!(all.contains("A1:XFD1048576"), "{all}");

    // A shared-strings part that declares four billion strings.
    let teks = ganti_bagian(
        &kecil,
        "xl/sharedStrings.xml",
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>Kode kelurahan</t></si></sst>"#,
    );
    let all = semua_pesan(&cek("teks.xlsx", &teks));
    assert!(all.contains("teks bersama"), "{all}");

    // Formats other than XLSX and CSV.
    let all = semua_pesan(&cek(
        "lama.xls",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
    ));
    assert!(all.contains("Excel lama (.xls)"), "{all}");
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut z, b"<office:document-content/>").unwrap();
    let ods = z.finish().unwrap().into_inner();
    let all = semua_pesan(&cek("lembar.ods", &ods));
    assert!(all.contains("bukan berkas .xlsx"), "{all}");

    // The template itself still reads.
    let w = Wilayah::embedded().unwrap();
    let xlsx = ekspor::templat(&w, p("2026-11"), &[("16.71.01.1001", None)]).unwrap();
    let pr = cek("templat.xlsx", &xlsx);
    assert!(
        !semua_pesan(&pr).contains("di luar batas"),
        "{}",
        semua_pesan(&pr)
    );
}

#[test]
fn limits_on_size_and_rows() {
    let bytes = csv_dari(&oktober(), |_, _, c| c);
    let small = Batas {
        ukuran: 1000,
        ..Batas::default()
    };
    let all = semua_pesan(&cek_batas("rekap.csv", &bytes, small));
    assert!(all.contains("melebihi batas"), "{all}");
    let few = Batas {
        baris: 10,
        ..Batas::default()
    };
    let all = semua_pesan(&cek_batas("rekap.csv", &bytes, few));
    assert!(all.contains("lebih dari 10 baris"), "{all}");
    // An XLSX that unpacks to more than allowed is refused before unpacking.
    let w = Wilayah::embedded().unwrap();
    let xlsx = ekspor::templat(&w, p("2026-11"), &[("16.71.01.1001", None)]).unwrap();
    let tight = Batas {
        isi_xlsx: 10_000,
        ..Batas::default()
    };
    let all = semua_pesan(&cek_batas("rekap.xlsx", &xlsx, tight));
    assert!(
        all.contains("setelah dibuka") && all.contains("melebihi batas"),
        "{all}"
    );
}

#[test]
fn templates_are_spreadsheets_the_importer_reads() {
    let w = Wilayah::embedded().unwrap();
    let rows = oktober();
    let with: Vec<(&str, Option<&Laporan>)> = rows
        .iter()
        .map(|l| (l.kelurahan_code.as_str(), Some(l)))
        .collect();
    // The recap, prefilled with October's figures, read back for November.
    let bytes = ekspor::templat(&w, p("2026-11"), &with).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let pr = cek("templat.xlsx", &bytes);
    assert_eq!(pr.jumlah_galat, 0, "{}", semua_pesan(&pr));
    assert_eq!((pr.baru, pr.lembar.as_deref()), (107, Some("Laporan")));
    // One KKMP's empty template: codes filled, answers missing.
    let one = ekspor::templat(&w, p("2026-11"), &[("16.71.01.1001", None)]).unwrap();
    let pr = cek("templat.xlsx", &one);
    let all = semua_pesan(&pr);
    assert!(
        all.contains("Lembar Laporan, baris 2, kolom Jumlah anggota: wajib diisi"),
        "{all}"
    );
}

/// A small random generator for the property test (SplitMix64).
struct Acak(u64);

impl Acak {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Text that tries every trick a cell can play.
const TEKS: [&str; 8] = [
    "=HYPERLINK(\"http://x\",\"klik\")",
    "+62 811 0000",
    "-",
    "@SUM(A1:A9)",
    "Pangkalan LPG; pupuk \"subsidi\"",
    "baris\nbaru",
    "'kutip",
    "<script>alert(1)</script>",
];

fn isi(rows: &[LaporanTersimpan]) -> Vec<Laporan> {
    rows.iter().map(|r| r.isi.clone()).collect()
}

on_both!(
    export_then_import_gives_back_the_same_reports,
    |backend: Backend| async move {
        let w = Wilayah::embedded().unwrap();
        for seed in [1_u64, 77, 20250904] {
            let Some(a) = TestApp::new(backend, false).await else {
                return;
            };
            // Random reports: the demo of a random seed, with hostile text.
            let mut acak = Acak(seed);
            let cfg = DemoConfig {
                seed,
                awal: p("2026-05"),
                akhir: p("2026-10"),
                ..DemoConfig::default()
            };
            let mut reports = demo::generate(&w, &cfg).laporan;
            for (l, kirim) in reports.iter_mut() {
                if acak.next().is_multiple_of(3) {
                    l.unit_lain = TEKS[(acak.next() % TEKS.len() as u64) as usize].to_string();
                }
                kirim.dikirim_oleh = TEKS[(acak.next() % TEKS.len() as u64) as usize].to_string();
            }
            laporan::simpan(&a.db, &reports, pantau_tests::uji())
                .await
                .unwrap();
            let before = laporan::terkini(&a.db, true).await.unwrap();
            for xlsx in [false, true] {
                let bytes = a
                    .pantau
                    .ekspor(
                        None,
                        xlsx,
                        None,
                        true,
                        &data::inti::jejak::Pelaku::sistem("uji"),
                    )
                    .await
                    .unwrap();
                let nama = if xlsx { "ekspor.xlsx" } else { "ekspor.csv" };
                let Some(b) = TestApp::new(backend, false).await else {
                    return;
                };
                let token = b
                    .pantau
                    .unggah(nama, &bytes, "sistem:uji")
                    .await
                    .unwrap()
                    .unwrap();
                let view = b
                    .pantau
                    .pratinjau_unggahan(&token, None, "sistem:uji")
                    .await
                    .unwrap();
                assert_eq!(view.jumlah_galat, 0, "{nama}: {:?}", view.galat);
                let id = b
                    .pantau
                    .simpan_unggahan(
                        &token,
                        "Penguji",
                        "Impor ulang dari ekspor",
                        None,
                        pantau_tests::uji().0,
                    )
                    .await
                    .unwrap();
                assert!(id.is_ok(), "{nama}: {:?}", id.err());
                let after = laporan::terkini(&b.db, true).await.unwrap();
                assert_eq!(isi(&after), isi(&before), "{nama} seed {seed}");
                let senders: Vec<&str> = after
                    .iter()
                    .map(|r| r.pengiriman.dikirim_oleh.as_str())
                    .collect();
                let original: Vec<&str> = before
                    .iter()
                    .map(|r| r.pengiriman.dikirim_oleh.as_str())
                    .collect();
                assert_eq!(senders, original, "senders survive, formulas and all");
                b.finish().await;
            }
            a.finish().await;
        }
    }
);

on_both!(
    the_same_file_twice_creates_nothing_new,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let bytes = app
            .pantau
            .templat(
                None,
                p("2026-11"),
                &data::inti::jejak::Pelaku::sistem("uji"),
            )
            .await
            .unwrap();
        let token = app
            .pantau
            .unggah("rekap-nov.xlsx", &bytes, "sistem:uji")
            .await
            .unwrap()
            .unwrap();
        let view = app
            .pantau
            .pratinjau_unggahan(&token, None, "sistem:uji")
            .await
            .unwrap();
        assert_eq!(view.jumlah_galat, 0, "{:?}", view.galat);
        assert_eq!(view.baru, 107);
        let id = app
            .pantau
            .simpan_unggahan(
                &token,
                "Operator Dinas",
                "Angka sama dengan bulan lalu",
                None,
                pantau_tests::uji().0,
            )
            .await
            .unwrap()
            .expect("stored");
        let stored = laporan::unggahan(&app.db, id).await.unwrap().unwrap();
        assert_eq!(stored.jumlah_laporan, 107);
        assert_eq!(stored.sha256, data::inti::sandi::sha256_hex(&bytes));
        let versions = laporan::semua_versi(&app.db, "16.71.01.1001")
            .await
            .unwrap();
        assert_eq!(versions[0].isi.periode, p("2026-11"));
        assert_eq!(versions[0].pengiriman.unggahan_id, Some(id));
        assert_eq!(versions[0].pengiriman.sumber, "xlsx");

        // Again, under another name: same content, nothing new.
        let token = app
            .pantau
            .unggah("salinan.xlsx", &bytes, "sistem:uji")
            .await
            .unwrap()
            .unwrap();
        let snapshot = dump(&app.db).await;
        let view = app
            .pantau
            .pratinjau_unggahan(&token, None, "sistem:uji")
            .await
            .unwrap();
        let msg = view.sudah_diunggah.clone().expect("said so");
        assert!(
            msg.contains("sudah disimpan") && msg.contains("rekap-nov.xlsx"),
            "{msg}"
        );
        assert!(!view.layak);
        let again = app
            .pantau
            .simpan_unggahan(
                &token,
                "Operator Dinas",
                "lagi",
                None,
                pantau_tests::uji().0,
            )
            .await
            .unwrap();
        assert!(again.is_err());
        let now = dump(&app.db).await;
        let diff: Vec<&String> = now.iter().filter(|l| !snapshot.contains(l)).collect();
        let gone: Vec<&String> = snapshot.iter().filter(|l| !now.contains(l)).collect();
        let short = |v: Vec<&String>| -> Vec<String> {
            v.iter().map(|l| l.chars().take(160).collect()).collect()
        };
        assert!(
            diff.is_empty() && gone.is_empty(),
            "nothing stored the second time: +{:?} -{:?}",
            short(diff),
            short(gone)
        );
        app.finish().await;
    }
);

on_both!(
    a_failed_import_leaves_the_database_unchanged,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // 107 rows for November, the 60th with a loan disbursed above its plafon.
        let mut rows = oktober();
        for l in rows.iter_mut() {
            l.periode = p("2026-11");
        }
        let bytes = csv_dari(&rows, |i, h, c| match (i, h) {
            (59, "Pinjaman cair (Rp)") => "3000000001".into(),
            _ => c,
        });
        let token = app
            .pantau
            .unggah("rekap.csv", &bytes, "sistem:uji")
            .await
            .unwrap()
            .unwrap();
        let before = dump(&app.db).await;
        let res = app
            .pantau
            .simpan_unggahan(&token, "Operator", "alasan", None, pantau_tests::uji().0)
            .await
            .unwrap();
        let view = res.expect_err("refused");
        assert_eq!(view.jumlah_galat, 1, "{:?}", view.galat);
        assert!(
            view.galat[0].lokasi.starts_with("baris 61"),
            "{:?}",
            view.galat
        );
        assert_eq!(dump(&app.db).await, before, "no partial write");

        // A failure inside the transaction, after rows were written, rolls
        // everything back too: a first block of 200 rows is inserted, then
        // a row of a month accepted and locked is refused.
        let terkunci = data::simpan::persetujuan::dalam_status(
            &app.db,
            &[model::status::Persetujuan::Diterima],
            None,
        )
        .await
        .unwrap();
        let kunci = terkunci.first().expect("the demo accepts reports");
        let kirim = Pengiriman {
            dikirim_pada: Utc::now(),
            dikirim_oleh: "x".into(),
            sumber: "csv".into(),
            alasan: Some("uji".into()),
            ..Default::default()
        };
        let mut good: Vec<(Laporan, Pengiriman)> = Vec::new();
        for bulan in ["2026-11", "2026-12"] {
            for l in &rows {
                good.push((
                    Laporan {
                        periode: p(bulan),
                        ..l.clone()
                    },
                    kirim.clone(),
                ));
            }
        }
        good.push((
            Laporan {
                kelurahan_code: kunci.kelurahan_code.clone(),
                periode: p(&kunci.periode),
                ..rows[0].clone()
            },
            kirim.clone(),
        ));
        let err = laporan::simpan(&app.db, &good, pantau_tests::uji()).await;
        assert!(err.is_err());
        assert_eq!(dump(&app.db).await, before, "rolled back");
        app.finish().await;
    }
);

on_both!(
    corrections_need_a_reason_and_keep_history,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let kel = "16.71.01.1001";
        let stored = laporan::riwayat(&app.db, kel, p("2026-10")).await.unwrap();
        let mut fixed = stored.last().unwrap().isi.clone();
        fixed.tenaga_kerja += 1;
        let bytes = csv_dari(std::slice::from_ref(&fixed), |_, _, c| c);
        let token = app
            .pantau
            .unggah("koreksi.csv", &bytes, "sistem:uji")
            .await
            .unwrap()
            .unwrap();
        let view = app
            .pantau
            .pratinjau_unggahan(&token, None, "sistem:uji")
            .await
            .unwrap();
        assert_eq!((view.perbaikan, view.perlu_alasan), (1, 1));
        let refused = app
            .pantau
            .simpan_unggahan(&token, "Lurah", "", None, pantau_tests::uji().0)
            .await
            .unwrap();
        assert!(refused.is_err(), "a correction without a reason");
        app.pantau
            .simpan_unggahan(
                &token,
                "Lurah",
                "Tenaga kerja bertambah satu",
                None,
                pantau_tests::uji().0,
            )
            .await
            .unwrap()
            .expect("stored with a reason");
        let after = laporan::riwayat(&app.db, kel, p("2026-10")).await.unwrap();
        assert_eq!(after.len(), stored.len() + 1, "a new version, the old kept");
        assert_eq!(after.last().unwrap().isi, fixed);
        assert_eq!(
            after.last().unwrap().pengiriman.alasan.as_deref(),
            Some("Tenaga kerja bertambah satu")
        );
        // The KKMP page says what changed.
        let detail = app.pantau.detail_kkmp(kel).await.unwrap();
        let v = detail
            .versi
            .iter()
            .find(|v| v.periode == p("2026-10") && v.terkini)
            .unwrap();
        assert_eq!(
            v.perubahan,
            [format!(
                "Tenaga kerja: {} → {}",
                fixed.tenaga_kerja - 1,
                fixed.tenaga_kerja
            )]
        );
        app.finish().await;
    }
);

on_both!(
    the_form_checks_warns_and_versions,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        use data::layanan::penerimaan::HasilKirim;
        use data::layanan::penerimaan::KirimanFormulir;
        let kel = "16.71.01.1001";
        let form = app
            .pantau
            .formulir(kel, p("2026-11"), None, "sistem:uji")
            .await
            .unwrap();
        assert!(
            form.sumber_isian.contains("Oktober 2026"),
            "prefilled from last month"
        );
        let mut typed: std::collections::HashMap<String, String> =
            form.isian.iter().cloned().collect();
        typed.insert("anggota".into(), "12a".into());
        let k = KirimanFormulir {
            kelurahan_code: kel.into(),
            periode: "2026-11".into(),
            isian: typed.clone(),
            pelapor: String::new(),
            alasan: String::new(),
            dasar: None,
        };
        let HasilKirim::Kembali { token } = app
            .pantau
            .kirim_formulir(k.clone(), pantau_tests::uji().0)
            .await
            .unwrap()
        else {
            panic!("refused");
        };
        let back = app
            .pantau
            .formulir(kel, p("2026-11"), Some(&token), "sistem:uji")
            .await
            .unwrap();
        assert!(
            back.galat
                .iter()
                .any(|g| g.kolom == "anggota" && g.pesan.contains("'12a'"))
        );
        assert!(back.galat.iter().any(|g| g.kolom == "pelapor"));
        assert_eq!(
            back.isian.iter().find(|(c, _)| c == "anggota").unwrap().1,
            "12a",
            "what was typed comes back"
        );

        // A tenfold member count is a warning: it needs a reason.
        let anggota: i64 = form
            .isian
            .iter()
            .find(|(c, _)| c == "anggota")
            .unwrap()
            .1
            .parse()
            .unwrap();
        let pria: i64 = typed["anggota_pria"].parse().unwrap();
        typed.insert("anggota".into(), (anggota * 10).to_string());
        typed.insert("anggota_pria".into(), (pria + anggota * 9).to_string());
        let k = KirimanFormulir {
            isian: typed.clone(),
            pelapor: "Sekretaris KKMP".into(),
            ..k
        };
        let HasilKirim::Kembali { token } = app
            .pantau
            .kirim_formulir(k.clone(), pantau_tests::uji().0)
            .await
            .unwrap()
        else {
            panic!("a warning without a reason is sent back");
        };
        let back = app
            .pantau
            .formulir(kel, p("2026-11"), Some(&token), "sistem:uji")
            .await
            .unwrap();
        assert!(
            back.peringatan.iter().any(|w| w.kolom == "anggota"),
            "{:?}",
            back.peringatan
        );
        let k = KirimanFormulir {
            alasan: "Rekrutmen anggota massal saat pasar murah".into(),
            ..k
        };
        assert_eq!(
            app.pantau
                .kirim_formulir(k.clone(), pantau_tests::uji().0)
                .await
                .unwrap(),
            HasilKirim::Tersimpan { versi: 1 }
        );
        let v = laporan::riwayat(&app.db, kel, p("2026-11")).await.unwrap();
        assert!(
            v[0].pengiriman.peringatan.contains("Jumlah anggota"),
            "accepted warning kept"
        );
        assert_eq!(v[0].pengiriman.sumber, "formulir");
        // The same again: nothing new.
        assert_eq!(
            app.pantau
                .kirim_formulir(k.clone(), pantau_tests::uji().0)
                .await
                .unwrap(),
            HasilKirim::TidakBerubah { versi: 1 }
        );
        // A correction without a reason is sent back, with one it is version 2.
        let mut typed2 = typed.clone();
        typed2.insert("tenaga_kerja".into(), "9".into());
        let k2 = KirimanFormulir {
            isian: typed2,
            alasan: String::new(),
            ..k
        };
        assert!(matches!(
            app.pantau
                .kirim_formulir(k2.clone(), pantau_tests::uji().0)
                .await
                .unwrap(),
            HasilKirim::Kembali { .. }
        ));
        let k2 = KirimanFormulir {
            alasan: "Salah ketik tenaga kerja; anggota memang naik".into(),
            ..k2
        };
        assert_eq!(
            app.pantau
                .kirim_formulir(k2, pantau_tests::uji().0)
                .await
                .unwrap(),
            HasilKirim::Tersimpan { versi: 2 }
        );
        // A month in the future has no form.
        assert!(
            app.pantau
                .formulir(kel, p("2030-01"), None, "sistem:uji")
                .await
                .is_err()
        );
        app.finish().await;
    }
);

#[test]
fn every_field_survives_the_file_text() {
    // Per-field roundtrip through the export's text (the property above
    // covers whole files).
    for l in oktober().iter().take(20) {
        for b in BIDANG {
            let text = ekspor::teks_berkas(l, b);
            let back = isian::baca_bidang(b, &text).unwrap();
            assert_eq!(back, isian::nilai(l, b.code), "{} '{text}'", b.code);
        }
    }
}

/// The workbook that aborted the whole server (one cell in A1, one in
/// XFD1048576), through the upload form as an operator: the preview says
/// why, the pending upload is deleted rather than read again on the next
/// visit, nothing is stored, and the app keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workbook_that_aborted_the_server_is_refused_and_forgotten() {
    pantau_tests::with_timeout(|| async {
        let Some(app) = TestApp::new(Backend::Sqlite, false).await else {
            return;
        };
        app.masuk_sebagai(model::akun::Peran::Operator, Some("16.71.01.1001"))
            .await;
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Kode kelurahan").unwrap();
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        let jebakan = wb.save_to_buffer().unwrap();
        let (status, location) = app.unggah("jebakan.xlsx", &jebakan).await;
        assert_eq!(status, 303);
        let (status, preview) = app.get(&location).await;
        assert_eq!(status, 200);
        assert!(
            preview.contains("XFD1048576") && preview.contains("di luar batas"),
            "{}",
            &preview[..preview.len().min(3000)]
        );
        let token = location.trim_start_matches("/unggah/").to_string();
        let (status, _) = app.api("/api/pratinjau", &format!("token={token}")).await;
        assert_eq!(status, 404, "an unreadable upload is not kept");
        assert_eq!(laporan::terkini(&app.db, true).await.unwrap().len(), 0);
        assert_eq!(app.get("/healthz").await.0, 200);
    })
    .await
}

/// A reader that dies (aborted by an allocation failure, killed by its CPU
/// limit) or answers garbage: the person who uploaded gets a sentence, the
/// server carries on, the next file reads.
#[tokio::test]
async fn a_reader_that_dies_or_talks_nonsense_is_a_refusal_not_a_crash() {
    use data::layanan::pembaca::Pembaca;
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "Kode kelurahan")
        .unwrap();
    let xlsx = wb.save_to_buffer().unwrap();
    let batas = Batas::default();
    for (skrip, harap) in [
        ("kill -ABRT $$", "batas memori atau waktu"),
        ("kill -KILL $$", "batas memori atau waktu"),
        ("cat > /dev/null; echo rusak", "jawaban yang rusak"),
        ("exit 0", "jawaban yang rusak"),
    ] {
        let pembaca = Pembaca::proses("/bin/sh", &["-c", skrip]);
        match pembaca.baca(&xlsx, "uji.xlsx", batas).await {
            impor::Terbaca::Ditolak(t) => assert!(
                t.pesan.contains("uji.xlsx") && t.pesan.contains(harap),
                "{skrip}: {}",
                t.pesan
            ),
            other => panic!("{skrip}: {other:?}"),
        }
    }
    let tidak_ada = Pembaca::proses("/tidak/ada/pembaca", &[]);
    match tidak_ada.baca(&xlsx, "uji.xlsx", batas).await {
        impor::Terbaca::Ditolak(t) => assert!(t.pesan.contains("hubungi admin"), "{}", t.pesan),
        other => panic!("{other:?}"),
    }
    // The real reader: the same workbook reads, a CSV never leaves the server.
    match pantau_tests::pembaca().baca(&xlsx, "uji.xlsx", batas).await {
        impor::Terbaca::Xlsx(l) => assert_eq!(l.judul, vec!["Kode kelurahan".to_string()]),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        Pembaca::proses("/bin/false", &[])
            .baca(b"Kode kelurahan;Periode\n", "a.csv", batas)
            .await,
        impor::Terbaca::Csv
    ));
}

/// Every workbook of the hostile generator (`data::berkas::jebakan`) is
/// refused with its reason by the reader process the server uses, before
/// calamine reads it. None takes the test process down with it.
#[tokio::test]
async fn every_hostile_workbook_is_refused_with_its_reason() {
    let pembaca = pantau_tests::pembaca();
    for (nama, bytes) in data::berkas::jebakan::semua() {
        let berkas = format!("{nama}.xlsx");
        let hasil = pembaca.baca(&bytes, &berkas, Batas::default()).await;
        match (nama, hasil) {
            (_, impor::Terbaca::Ditolak(t)) => {
                assert!(t.pesan.contains(&berkas), "{nama}: {}", t.pesan);
                assert!(t.pesan.len() < 2_000, "{nama}: a sentence, not a dump");
                let harap = match nama {
                    "sel-terjauh" | "dimensi-palsu" | "sejuta-baris-kosong" | "tanpa-referensi" => {
                        "di luar batas"
                    }
                    "teks-bersama-raksasa" | "teks-bersama-tersembunyi" => "teks bersama",
                    "bom-zip" => "melebihi batas",
                    "banyak-lembar" => "melebihi batas 100 lembar",
                    "xml-dalam" => "bersarang",
                    "referensi-luap" | "referensi-rusak" | "baris-luap" | "dimensi-terbalik"
                    | "rumus-luap" | "gabungan-luap" => "tidak sah",
                    _ => "",
                };
                assert!(t.pesan.contains(harap), "{nama}: {}", t.pesan);
            }
            (_, other) => panic!("{nama}: not refused: {other:?}"),
        }
    }
}
