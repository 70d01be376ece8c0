//! Fuzzing entry points: each takes arbitrary bytes and runs one reader the
//! way the service does. The cargo-fuzz targets in `fuzz/` call them, and
//! `data/tests/acak.rs` replays the kept corpus and every input that ever
//! crashed one of them through the same functions in the normal test suite.
//!
//! A refusal is a normal outcome. What must never happen is a panic, an
//! abort, unbounded memory or time, or a broken invariant checked here
//! (a refusal without a message; a target file that reads back differently
//! after being written).

use super::{batas, bukti, impor, target_csv};
use crate::inti::isian;
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::wilayah::Wilayah;
use chrono::{DateTime, TimeZone, Utc};
use model::Periode;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::sync::LazyLock;

/// One fuzz entry point.
pub type Sasaran = fn(&[u8]);

/// The fuzz targets, by name: the directory names under `fuzz/corpus/` and
/// `fuzz/regresi/`.
pub const SASARAN: &[(&str, Sasaran)] = &[
    ("impor_xlsx", impor_xlsx),
    ("impor_bagian", impor_bagian),
    ("impor_csv", impor_csv),
    ("geojson", geojson),
    ("target_csv", target_csv),
    ("bukti", bukti),
    ("nilai", nilai),
    ("foto", foto),
    ("simkopdes", simkopdes),
];

static WILAYAH: LazyLock<Wilayah> =
    LazyLock::new(|| Wilayah::embedded().expect("the embedded region list reads"));

/// Stored context for the checker: the demo's current versions (so that
/// corrections, identical rows and peer checks are reached) and one locked
/// month.
struct Simpanan {
    terkini: Vec<LaporanTersimpan>,
    terkunci: HashSet<(String, Periode)>,
}

static SIMPANAN: LazyLock<Simpanan> = LazyLock::new(|| {
    let demo = crate::inti::demo::generate(&WILAYAH, &Default::default());
    let mut terkini: Vec<LaporanTersimpan> = Vec::new();
    let mut indeks = std::collections::HashMap::new();
    for (l, p) in demo.laporan {
        let kunci = (l.kelurahan_code.clone(), l.periode);
        match indeks.get(&kunci) {
            Some(&i) => {
                let r: &mut LaporanTersimpan = &mut terkini[i];
                r.versi += 1;
                r.isi = l;
                r.pengiriman = p;
            }
            None => {
                indeks.insert(kunci, terkini.len());
                terkini.push(LaporanTersimpan {
                    id: terkini.len() as i64 + 1,
                    versi: 1,
                    pertama_dikirim: p.dikirim_pada,
                    pengiriman: p,
                    isi: l,
                });
            }
        }
    }
    let terkunci = terkini
        .iter()
        .take(3)
        .map(|r| (r.isi.kelurahan_code.clone(), r.isi.periode))
        .collect();
    Simpanan { terkini, terkunci }
});

/// A fixed clock: the findings must replay identically.
fn sekarang() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 3, 0, 0)
        .single()
        .expect("a valid instant")
}

/// An uploaded file checked and, when the preview allows it, read again for
/// storing: [`impor::Terbaca::di_tempat`], [`impor::pratinjau_dan`],
/// [`impor::laporan_untuk_disimpan`].
fn impor_berkas(bytes: &[u8], nama: &str) {
    let batas = impor::Batas::default();
    let terbaca = impor::Terbaca::di_tempat(bytes, nama, batas);
    let simpanan = &*SIMPANAN;
    let konteks = impor::Konteks {
        wilayah: &WILAYAH,
        terkini: &simpanan.terkini,
    };
    let opsi = impor::Opsi {
        oleh: "Penguji acak",
        alasan_umum: Some("uji acak"),
        bulan_ini: Periode::new(2026, 11).expect("a valid month"),
        sekarang: sekarang(),
        cakupan: None,
        terkunci: &simpanan.terkunci,
    };
    let (pratinjau, pemeriksa) =
        impor::pratinjau_dan(bytes, &terbaca, nama, &konteks, &opsi, batas);
    for t in pratinjau.galat.iter().chain(&pratinjau.peringatan) {
        assert!(
            !t.pesan.trim().is_empty(),
            "a finding without a message: {t:?}"
        );
    }
    assert!(pratinjau.galat.len() as u64 <= pratinjau.jumlah_galat);
    if let Some(pemeriksa) = pemeriksa.filter(|_| pratinjau.bisa_disimpan())
        && let Some(laporan) =
            impor::laporan_untuk_disimpan(bytes, &terbaca, nama, pemeriksa, &opsi)
    {
        for hasil in laporan {
            if let Err(e) = hasil {
                assert!(!e.to_string().trim().is_empty());
            }
        }
    }
}

/// A workbook as uploaded (the raw ZIP).
pub fn impor_xlsx(bytes: &[u8]) {
    impor_berkas(bytes, "laporan.xlsx");
}

/// A workbook built from parts (see [`bagian_ke_xlsx`]): mutations land in
/// the XML the readers parse instead of breaking the archive's checksums.
pub fn impor_bagian(bytes: &[u8]) {
    impor_berkas(&bagian_ke_xlsx(bytes), "laporan.xlsx");
}

/// A CSV file as uploaded.
pub fn impor_csv(bytes: &[u8]) {
    impor_berkas(bytes, "laporan.csv");
}

/// A boundary GeoJSON as the Dinas uploads it.
pub fn geojson(bytes: &[u8]) {
    if let Err(pesan) = batas::baca(bytes, "batas.geojson", &WILAYAH) {
        assert!(!pesan.is_empty() && pesan.iter().all(|p| !p.trim().is_empty()));
    }
}

/// A target CSV; one that reads is written and read again, and must come
/// back the same.
pub fn target_csv(bytes: &[u8]) {
    match target_csv::baca_csv(bytes, &WILAYAH) {
        Ok(targets) => {
            let tulis = target_csv::tulis_csv(&targets);
            let lagi = target_csv::baca_csv(tulis.as_bytes(), &WILAYAH)
                .unwrap_or_else(|e| panic!("a written target file does not read back: {e:?}"));
            assert_eq!(
                tulis,
                target_csv::tulis_csv(&lagi),
                "targets changed on a round trip"
            );
        }
        Err(pesan) => {
            assert!(!pesan.is_empty() && pesan.iter().all(|p| !p.trim().is_empty()));
        }
    }
}

/// An evidence ZIP handed to the verifier.
pub fn bukti(bytes: &[u8]) {
    if let Err(pesan) = bukti::verifikasi(bytes) {
        assert!(!pesan.is_empty() && pesan.iter().all(|p| !p.trim().is_empty()));
    }
}

/// One cell's text through every value parser and every field of the form.
pub fn nilai(bytes: &[u8]) {
    let teks = String::from_utf8_lossy(bytes);
    let teks = teks.as_ref();
    let _ = model::parse::bilangan(teks);
    let _ = model::parse::desimal(teks);
    let _ = model::parse::rupiah(teks);
    let _ = model::parse::ya_tidak(teks);
    let _ = model::parse::tanggal(teks);
    let _ = model::parse::periode(teks);
    for b in model::isian::BIDANG {
        if let Err(pesan) = isian::baca_bidang(b, teks) {
            assert!(
                !pesan.trim().is_empty(),
                "{}: a refusal without a message",
                b.code
            );
        }
    }
}

/// A field visit's photo through the checks the form runs: the size, the
/// type, the declared dimensions, the EXIF walk and parse.
pub fn foto(bytes: &[u8]) {
    match super::foto::periksa(bytes) {
        Ok(f) => {
            assert!(f.lebar > 0 && f.tinggi > 0 && f.lebar * f.tinggi <= super::foto::PIKSEL_MAKS);
            assert!(f.lintang.is_none_or(|x| (-90.0..=90.0).contains(&x)));
            assert!(f.bujur.is_none_or(|x| (-180.0..=180.0).contains(&x)));
        }
        Err(m) => assert!(!m.trim().is_empty(), "a refusal without a message"),
    }
}

static PENCOCOK: LazyLock<crate::inti::rekonsiliasi::Pencocok> =
    LazyLock::new(|| crate::inti::rekonsiliasi::Pencocok::baru(&WILAYAH));

/// A SIMKOPDES export as CSV (workbooks reach the same reader through the
/// reader process; their sheets are `impor_xlsx`'s): every row matched to
/// a real kelurahan, none twice, every problem with a message.
pub fn simkopdes(bytes: &[u8]) {
    use crate::inti::rekonsiliasi::Peta;
    static PETA: LazyLock<Peta> = LazyLock::new(Peta::bawaan);
    let batas = impor::Batas {
        baris: 5_000,
        ..impor::Batas::default()
    };
    let terbaca = match impor::kenali(bytes, "simkopdes.csv", batas) {
        Ok(impor::Jenis::Csv) => impor::Terbaca::Csv,
        Ok(impor::Jenis::Xlsx) => return,
        Err(t) => impor::Terbaca::Ditolak(t),
    };
    let p = super::rekonsiliasi::baca(bytes, &terbaca, "simkopdes.csv", &PETA, &PENCOCOK, batas);
    assert!(
        p.galat.iter().all(|g| !g.pesan.trim().is_empty()),
        "a problem without a message"
    );
    assert!(p.galat.len() as u64 <= p.jumlah_galat);
    let mut kode = HashSet::new();
    for b in &p.baris {
        assert!(
            WILAYAH.kelurahan(&b.kelurahan_code).is_some(),
            "matched to no kelurahan"
        );
        assert!(
            kode.insert(b.kelurahan_code.clone()),
            "one KKMP matched twice"
        );
    }
    assert!(p.baris.len() as u64 + p.di_luar_kota <= p.baris_data);
}

/// The seed corpus: for each target, named inputs a real user could send
/// (the template, an export, the demo's targets, an evidence package,
/// typical cell values) and the hostile workbooks of [`super::jebakan`].
/// `fuzz/examples/benih.rs` writes them to `DIR/<target>/`.
pub fn benih() -> crate::Result<Vec<(&'static str, String, Vec<u8>)>> {
    let simpanan = &*SIMPANAN;
    let satu = &simpanan.terkini[simpanan.terkini.len() - 1];
    let beberapa: Vec<LaporanTersimpan> = simpanan.terkini.iter().rev().take(4).cloned().collect();
    let templat = super::ekspor::templat(
        &WILAYAH,
        satu.isi.periode.next(),
        &[(satu.isi.kelurahan_code.as_str(), Some(&satu.isi))],
    )?;
    let templat_kosong = super::ekspor::templat(
        &WILAYAH,
        satu.isi.periode,
        &[(WILAYAH.kelurahan[0].code.as_str(), None)],
    )?;
    let ekspor = super::ekspor::xlsx_laporan(&beberapa, &WILAYAH, &[("Sumber", "uji".into())])?;
    let mut out: Vec<(&'static str, String, Vec<u8>)> = vec![
        ("impor_xlsx", "templat.xlsx".into(), templat.clone()),
        (
            "impor_xlsx",
            "templat_kosong.xlsx".into(),
            templat_kosong.clone(),
        ),
        ("impor_xlsx", "ekspor.xlsx".into(), ekspor.clone()),
        (
            "impor_csv",
            "ekspor.csv".into(),
            super::ekspor::csv_laporan(&beberapa, &WILAYAH)?,
        ),
        (
            "target_csv",
            "target.csv".into(),
            target_csv::tulis_csv(&crate::inti::demo::targets()).into_bytes(),
        ),
    ];
    for (nama, xlsx) in [
        ("templat", &templat),
        ("templat_kosong", &templat_kosong),
        ("ekspor", &ekspor),
    ] {
        if let Some(b) = xlsx_ke_bagian(xlsx) {
            out.push(("impor_bagian", format!("{nama}.bagian"), b));
        }
    }
    for (nama, xlsx) in super::jebakan::semua() {
        // The large ones would slow every fuzzing round; their kind is
        // covered by the small ones and by the test suite.
        if let Some(b) = xlsx_ke_bagian(&xlsx).filter(|b| b.len() <= 64 * 1024) {
            out.push(("impor_bagian", format!("jebakan_{nama}.bagian"), b));
        }
        if xlsx.len() <= 64 * 1024 {
            out.push(("impor_xlsx", format!("jebakan_{nama}.xlsx"), xlsx));
        }
    }
    let kode = |i: usize| WILAYAH.kelurahan[i].code.clone();
    let geojson = serde_json::json!({
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"kode": kode(0), "nama": WILAYAH.kelurahan[0].nama},
             "geometry": {"type": "Polygon", "coordinates": [[[104.70, -2.95], [104.72, -2.95], [104.72, -2.97], [104.70, -2.95]]]}},
            {"type": "Feature", "properties": {"kd_kec": WILAYAH.kecamatan[0].code.replace('.', "")},
             "geometry": {"type": "MultiPolygon", "coordinates": [[[[104.73, -2.90], [104.76, -2.90], [104.76, -2.93], [104.73, -2.90]]]]}}
        ]
    });
    out.push((
        "geojson",
        "batas.geojson".into(),
        geojson.to_string().into_bytes(),
    ));
    let manifest = bukti::Manifest {
        format: bukti::FORMAT,
        judul: "Paket bukti uji".into(),
        kelurahan_code: satu.isi.kelurahan_code.clone(),
        kkmp: "KKMP uji".into(),
        dari: "2026-01".into(),
        sampai: "2026-10".into(),
        dibuat: "2026-11-20T03:00:00Z".into(),
        dibuat_oleh: "Penguji".into(),
        berkas: Vec::new(),
    };
    let paket = bukti::kemas(
        manifest,
        vec![
            (
                "laporan.json".into(),
                bukti::json(&bukti::json_versi(satu))?,
            ),
            ("catatan.txt".into(), b"Catatan pemeriksaan.".to_vec()),
        ],
    )?;
    out.push(("bukti", "paket.zip".into(), paket));
    for (i, teks) in [
        "41",
        "1.234",
        "1.234,5",
        "12,5%",
        "Rp 1.500.000",
        "-7",
        "ya",
        "Tidak",
        "2026-03-15",
        "15/03/2026",
        "15 Maret 2026",
        "2026-11",
        "Nov 2026",
        "November 2026",
        "beroperasi",
        "persiapan",
        "belum ada",
        "",
    ]
    .iter()
    .enumerate()
    {
        out.push((
            "nilai",
            format!("nilai_{i:02}.txt"),
            teks.as_bytes().to_vec(),
        ));
    }
    use super::foto::{ContohExif, contoh_jpeg, contoh_png, png_bom};
    let di_palembang = ContohExif {
        lintang: Some(-2.9761),
        bujur: Some(104.7754),
        waktu: Some("2026:11:20 09:15:00".into()),
    };
    let gila = ContohExif {
        lintang: Some(200.0),
        ..di_palembang.clone()
    };
    for (nama, b) in [
        (
            "gerai.png",
            contoh_png(24, 16, [200, 30, 30], Some(&di_palembang)),
        ),
        ("gerai.jpg", contoh_jpeg(4000, 3000, Some(&di_palembang))),
        ("tanpa_exif.jpg", contoh_jpeg(640, 480, None)),
        ("bom.png", png_bom(100_000, 100_000)),
        ("gps_gila.jpg", contoh_jpeg(100, 100, Some(&gila))),
    ] {
        out.push(("foto", nama.into(), b));
    }
    let kota: Vec<_> = WILAYAH
        .kelurahan
        .iter()
        .take(12)
        .map(|k| {
            let kec = WILAYAH
                .kecamatan(&k.kecamatan_code)
                .map_or("", |c| c.nama.as_str());
            (
                k.code.clone(),
                k.nama.clone(),
                kec.to_string(),
                crate::inti::rekonsiliasi::NilaiNasional {
                    badan_hukum: Some(true),
                    anggota: Some(120),
                    gerai: Some(2),
                    tahap_pinjaman: Some(model::status::PinjamanTahap::Proposal),
                },
            )
        })
        .collect();
    out.push((
        "simkopdes",
        "ekspor.csv".into(),
        super::rekonsiliasi::contoh_csv(30, &kota),
    ));
    out.push((
        "simkopdes",
        "ragu.csv".into(),
        b"Kode Desa;Kecamatan;Kelurahan;Jumlah Anggota;Status Badan Hukum\n\
          1671011001;Ilir Barat II;35 Ilir;1.200;AHU-0001.AH.01.29.2025\n\
          ;Sukarame;Sukodadii;12;belum\n;;Tiga-puluh-dua Ilir;;\n;;8 Ulu;x;?\n"
            .to_vec(),
    ));
    Ok(out)
}

/// The separator between parts in [`impor_bagian`]'s input.
const PEMISAH: &[u8] = b"\n\x00\x00\n";

/// Builds a workbook from `bytes` read as parts `name\ncontent` separated
/// by [`PEMISAH`], each deflated into the archive (a duplicate or invalid
/// name is skipped, as an archive cannot hold it).
pub fn bagian_ke_xlsx(bytes: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opsi = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for bagian in pisah(bytes) {
        let (nama, isi) = match bagian.iter().position(|b| *b == b'\n') {
            Some(i) => (&bagian[..i], &bagian[i + 1..]),
            None => (bagian, &[][..]),
        };
        let nama = String::from_utf8_lossy(nama);
        if zip.start_file(nama.as_ref(), opsi).is_ok() {
            // Writing to memory fails only on a bug in the archive writer.
            zip.write_all(isi).expect("writing a part to memory");
        }
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}

/// The inverse of [`bagian_ke_xlsx`] for a real workbook: its parts, in
/// order, as one input (the seed corpus of [`impor_bagian`]).
pub fn xlsx_ke_bagian(xlsx: &[u8]) -> Option<Vec<u8>> {
    let mut za = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).ok()?;
    let mut out = Vec::new();
    for i in 0..za.len() {
        let mut f = za.by_index(i).ok()?;
        if i > 0 {
            out.extend_from_slice(PEMISAH);
        }
        out.extend_from_slice(f.name().ok()?.as_bytes());
        out.push(b'\n');
        f.read_to_end(&mut out).ok()?;
    }
    Some(out)
}

fn pisah(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut sisa = bytes;
    while let Some(i) = sisa.windows(PEMISAH.len()).position(|w| w == PEMISAH) {
        out.push(&sisa[..i]);
        sisa = &sisa[i + PEMISAH.len()..];
    }
    out.push(sisa);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip_through_a_workbook() {
        let wb = crate::berkas::jebakan::buku(
            &[(
                "Laporan".into(),
                crate::berkas::jebakan::lembar("A1", "<row r=\"1\"/>"),
            )],
            None,
        );
        let bagian = xlsx_ke_bagian(&wb).unwrap();
        assert_eq!(pisah(&bagian).len(), 5);
        let lagi = bagian_ke_xlsx(&bagian);
        assert_eq!(xlsx_ke_bagian(&lagi).unwrap(), bagian);
    }
}
