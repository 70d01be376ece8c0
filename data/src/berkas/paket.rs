//! The packs people take away from a room: the Wali Kota's "Bahan Briefing"
//! (PDF) and the Sekda's meeting pack (PDF and XLSX). Pure functions from
//! the room's wire type to bytes; the figures are the ones the screen shows,
//! the cut-off and the data hash are on every PDF page and in the workbook.

use crate::berkas::pdf::Bagian;
use crate::berkas::pdf::BarisBatang;
use crate::berkas::pdf::Batang;
use crate::berkas::pdf::Dokumen;
use crate::berkas::pdf::Kotak;
use crate::berkas::pdf::Tabel;
use crate::berkas::pdf::Warna;
use crate::error::DataError;
use crate::error::Result;
use crate::inti::teks::nilai_teks;
use model::format::angka;
use model::format::persen;
use model::format::rupiah;
use model::ruang::Briefing;
use model::ruang::DetailRapat;
use model::ruang::Isi;
use model::ruang::Perubahan;
use model::ruang::TindakLanjut;
use model::status::StatusTarget;
use model::view::Capaian;
use model::view::Ringkasan;
use rust_xlsxwriter::Color;
use rust_xlsxwriter::Format;
use rust_xlsxwriter::FormatBorder;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;

/// The footer's left part on every page.
pub const PENERBIT: &str = "Pantau KKMP · Dinas Koperasi dan UKM Kota Palembang";

fn warna(s: StatusTarget) -> Warna {
    match s {
        StatusTarget::Tercapai => Warna::Hijau,
        StatusTarget::SesuaiJalur => Warna::HijauMuda,
        StatusTarget::Berisiko => Warna::Kuning,
        StatusTarget::Tertinggal => Warna::Merah,
    }
}

/// Achievement as a share of the target.
fn rasio(c: &Capaian) -> f64 {
    if c.target > 0.0 {
        c.aktual / c.target
    } else {
        0.0
    }
}

/// "62 %" of target and the status word: reads without colour.
fn sel_capaian(c: &Capaian) -> String {
    format!("{} · {}", persen(rasio(c)), c.status.label().to_lowercase())
}

fn dari(n: i64, total: i64) -> String {
    format!("{} dari {}", angka(n), angka(total))
}

/// The change of one headline figure, as the tile's sub-line.
fn sejak(p: &Perubahan, label: &str) -> Option<String> {
    let a = p.angka.iter().find(|a| a.label == label)?;
    let kapan = p
        .sejak
        .as_ref()
        .map(|c| c.tanggal.clone())
        .unwrap_or_default();
    Some(format!("{} sejak {kapan}", a.selisih))
}

fn kotak_kota(r: &Ringkasan, p: &Perubahan) -> Vec<Kotak> {
    vec![
        Kotak {
            label: "KKMP berbadan hukum".into(),
            nilai: dari(r.badan_hukum, r.kkmp),
            keterangan: sejak(p, "KKMP berbadan hukum"),
        },
        Kotak {
            label: "Gerai sembako beroperasi".into(),
            nilai: dari(r.gerai_sembako, r.kkmp),
            keterangan: sejak(p, "Gerai sembako beroperasi"),
        },
        Kotak {
            label: "KKMP beroperasi (penuh/terbatas)".into(),
            nilai: dari(r.beroperasi(), r.kkmp),
            keterangan: sejak(p, "KKMP beroperasi (penuh atau terbatas)"),
        },
        Kotak {
            label: "KKMP formalitas".into(),
            nilai: angka(r.formalitas),
            keterangan: sejak(p, "KKMP formalitas"),
        },
        Kotak {
            label: "Pinjaman Himbara cair".into(),
            nilai: dari(r.pinjaman_cair, r.kkmp),
            keterangan: sejak(p, "Pinjaman Himbara sudah cair"),
        },
        Kotak {
            label: "Laporan masuk / tepat waktu".into(),
            nilai: format!(
                "{} / {}",
                angka(r.laporan_masuk),
                angka(r.laporan_tepat_waktu)
            ),
            keterangan: Some(format!("dari {} KKMP", angka(r.kkmp))),
        },
        Kotak {
            label: "Anggota".into(),
            nilai: angka(r.anggota),
            keterangan: None,
        },
        Kotak {
            label: "Omzet bulan ini".into(),
            nilai: model::format::rupiah_ringkas(r.omzet),
            keterangan: None,
        },
    ]
}

fn tabel_target(target: &[Capaian]) -> Tabel {
    Tabel {
        judul: Some("Target kota".into()),
        kolom: [
            "Indikator",
            "Capaian",
            "Lintasan",
            "Target",
            "Tenggat",
            "Status",
        ]
        .map(String::from)
        .to_vec(),
        angka: vec![false, true, true, true, false, false],
        lebar: Some(vec![3.0, 1.2, 1.2, 1.2, 1.8, 1.3]),
        baris: target
            .iter()
            .map(|c| {
                vec![
                    c.indikator_nama.clone(),
                    nilai_teks(c.aktual, c.persen),
                    nilai_teks(c.harapan, c.persen),
                    nilai_teks(c.target, c.persen),
                    model::format::tanggal_iso(&c.tenggat),
                    c.status.label().to_string(),
                ]
            })
            .collect(),
    }
}

fn bagian_perubahan(p: &Perubahan, apa: &str) -> Vec<Bagian> {
    let mut out = Vec::new();
    let Some(c) = &p.sejak else {
        out.push(Bagian::Paragraf(format!(
            "Belum ada {apa} sebelumnya yang tersimpan: perubahan akan tampil mulai {apa} berikutnya."
        )));
        return out;
    };
    out.push(Bagian::Paragraf(format!(
        "Dibandingkan dengan {} ({}, data per {}, hash {}).",
        c.judul,
        c.tanggal,
        c.cutoff,
        &c.hash[..16.min(c.hash.len())]
    )));
    out.push(Bagian::Tabel(Tabel {
        judul: None,
        kolom: ["Angka", "Sebelumnya", "Sekarang", "Perubahan"]
            .map(String::from)
            .to_vec(),
        angka: vec![false, true, true, true],
        lebar: Some(vec![3.0, 1.0, 1.0, 1.0]),
        baris: p
            .angka
            .iter()
            .map(|a| {
                vec![
                    a.label.clone(),
                    a.sebelum.clone(),
                    a.sesudah.clone(),
                    a.selisih.clone(),
                ]
            })
            .collect(),
    }));
    for k in &p.kelompok {
        let isi = if k.kkmp.is_empty() {
            "tidak ada".to_string()
        } else {
            k.kkmp
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push(Bagian::Paragraf(format!(
            "{} ({}): {isi}.",
            k.judul,
            k.kkmp.len()
        )));
    }
    out
}

/// The "Bahan Briefing" PDF of the briefing screen.
/// The signed head section every pack ends with (`kepala`: the text of
/// [`crate::inti::jangkar::Jangkar::teks`]), when the head is anchored.
fn bagian_kepala(kepala: Option<&str>) -> Vec<Bagian> {
    match kepala {
        Some(t) => vec![
            Bagian::Judul("Kepala jejak audit bertanda tangan".into()),
            Bagian::Paragraf(t.to_string()),
        ],
        None => Vec::new(),
    }
}

/// A one-page letter (a follow-up's berita acara in the demo data): the
/// title, the date and the text, on the same A4 writer as the packs.
pub fn pdf_surat(judul: &str, tanggal: &str, teks: &str) -> Vec<u8> {
    crate::berkas::pdf::render(&Dokumen {
        judul: judul.to_string(),
        subjudul: "Pemerintah Kota Palembang".into(),
        cutoff: tanggal.to_string(),
        hash: crate::inti::sandi::sha256_hex(teks.as_bytes()),
        catatan_kaki: "Berita acara tindak lanjut temuan".into(),
        bagian: vec![Bagian::Paragraf(teks.to_string())],
    })
}

pub fn pdf_briefing(b: &Briefing, cutoff: &str, kepala: Option<&str>) -> Vec<u8> {
    let p = b.konteks.periode;
    let mut bagian = vec![
        Bagian::Judul(format!(
            "Angka utama — {} KKMP, laporan {}",
            b.kota.kkmp,
            p.label()
        )),
        Bagian::Angka(kotak_kota(&b.kota, &b.perubahan)),
    ];
    // The evidence grade of the "beroperasi" figure.
    if let Some(g) = &b.bukti {
        bagian.push(Bagian::Paragraf(g.kalimat()));
    }
    bagian.extend([
        Bagian::Batang(Batang {
            judul: b.grafik.judul.clone(),
            sumbu: "Capaian terhadap target (%); garis = lintasan target".into(),
            baris: b
                .kecamatan
                .iter()
                .filter_map(|k| {
                    let c = k.capaian.as_ref()?;
                    let skala = if c.target > 0.0 { c.target } else { 1.0 };
                    Some(BarisBatang {
                        label: k.nama.clone(),
                        nilai: c.aktual / skala,
                        harapan: Some(c.harapan / skala),
                        status: c.status.label().to_lowercase(),
                        warna: warna(c.status),
                    })
                })
                .collect(),
        }),
        Bagian::Tabel(tabel_target(&b.target_kota)),
    ]);
    // The headline target's projection (the page shows every target's).
    if let Some((n, k)) = b.proyeksi.iter().find(|(n, _)| *n == b.indikator_nama) {
        bagian.push(Bagian::Paragraf(format!(
            "Proyeksi {}: {k}",
            model::format::awal_kecil(n)
        )));
    }
    bagian.push(Bagian::Judul(format!(
        "Lima kecamatan terbaik dan terburuk: {}",
        b.indikator_nama
    )));
    for (judul, rows) in [("Terbaik", &b.terbaik), ("Terburuk", &b.terburuk)] {
        bagian.push(Bagian::Tabel(Tabel {
            judul: Some(judul.into()),
            kolom: ["Peringkat", "Kecamatan", "Nilai", "Sebulan", "Status"]
                .map(String::from)
                .to_vec(),
            angka: vec![true, false, true, true, false],
            lebar: Some(vec![0.9, 2.4, 1.2, 1.2, 1.4]),
            baris: rows
                .iter()
                .map(|r| {
                    vec![
                        angka(r.peringkat),
                        r.nama.clone(),
                        r.nilai.clone(),
                        r.mom.clone().unwrap_or_else(|| "–".into()),
                        r.status
                            .map(|s| s.label().to_string())
                            .unwrap_or_else(|| "–".into()),
                    ]
                })
                .collect(),
        }));
    }
    bagian.push(Bagian::Judul("Yang berubah sejak briefing lalu".into()));
    bagian.extend(bagian_perubahan(&b.perubahan, "briefing"));
    bagian.push(Bagian::Judul("Dukungan Pemkot".into()));
    if b.dukungan.is_empty() {
        bagian.push(Bagian::Paragraf(
            "Belum ada dukungan Pemkot yang dicatat.".into(),
        ));
    } else {
        bagian.push(Bagian::Tabel(tabel_dukungan(b)));
    }
    bagian.push(Bagian::Judul("Per kecamatan".into()));
    bagian.push(Bagian::Tabel(Tabel {
        judul: None,
        kolom: [
            "Kecamatan",
            "KKMP",
            "Berbadan hukum",
            "Gerai sembako",
            "Beroperasi",
            "Formalitas",
            "Laporan masuk",
            "Status target",
        ]
        .map(String::from)
        .to_vec(),
        angka: vec![false, true, true, true, true, true, true, false],
        lebar: Some(vec![2.2, 0.8, 1.1, 1.1, 1.1, 1.1, 1.1, 1.4]),
        baris: b
            .kecamatan
            .iter()
            .map(|k| {
                let r = &k.ringkasan;
                vec![
                    k.nama.clone(),
                    angka(r.kkmp),
                    angka(r.badan_hukum),
                    angka(r.gerai_sembako),
                    angka(r.beroperasi()),
                    angka(r.formalitas),
                    angka(r.laporan_masuk),
                    k.capaian
                        .as_ref()
                        .map(|c| c.status.label().to_string())
                        .unwrap_or_else(|| "–".into()),
                ]
            })
            .collect(),
    }));
    bagian.extend(bagian_kepala(kepala));
    crate::berkas::pdf::render(&Dokumen {
        judul: "Bahan Briefing Wali Kota".into(),
        subjudul: format!(
            "Koperasi Kelurahan Merah Putih — Kota Palembang · Laporan {}{}",
            p.label(),
            if b.konteks.demo {
                " · DATA CONTOH"
            } else {
                ""
            }
        ),
        cutoff: cutoff.to_string(),
        hash: b.hash.clone(),
        catatan_kaki: PENERBIT.into(),
        bagian,
    })
}

fn tabel_dukungan(b: &Briefing) -> Tabel {
    Tabel {
        judul: None,
        kolom: ["Jenis dukungan", "Kegiatan", "KKMP", "Nilai", "Peserta"]
            .map(String::from)
            .to_vec(),
        angka: vec![false, true, true, true, true],
        lebar: Some(vec![3.0, 0.9, 0.9, 1.6, 0.9]),
        baris: b
            .dukungan
            .iter()
            .map(|d| {
                vec![
                    d.label.clone(),
                    angka(d.kegiatan),
                    angka(d.kkmp),
                    if d.nilai > 0 {
                        rupiah(d.nilai)
                    } else {
                        "–".into()
                    },
                    if d.peserta > 0 {
                        angka(d.peserta)
                    } else {
                        "–".into()
                    },
                ]
            })
            .collect(),
    }
}

fn baris_tindak(t: &[TindakLanjut], terbawa: bool) -> Vec<Vec<String>> {
    t.iter()
        .map(|t| {
            // Overdue items are not done by definition: the overdue mark
            // replaces the status word so the cell stays readable.
            let status = if t.lewat {
                "LEWAT TENGGAT".to_string()
            } else {
                t.status.clone()
            };
            let mut v = vec![
                format!("#{}", t.id),
                t.uraian.clone(),
                t.wilayah.clone(),
                t.penanggung_jawab.clone(),
                t.tenggat.clone(),
                status,
            ];
            if terbawa {
                v.push(t.rapat_judul.clone());
            } else {
                v.push(t.catatan.clone());
            }
            v
        })
        .collect()
}

/// The meeting pack as PDF.
pub fn pdf_rapat(d: &DetailRapat, demo: bool, kepala: Option<&str>) -> Vec<u8> {
    let r = &d.rapat;
    let mut kolom = vec!["Kecamatan".to_string()];
    kolom.extend(d.indikator.iter().map(|(_, n)| n.clone()));
    let n = kolom.len();
    let mut bagian = vec![
        Bagian::Judul(format!("Angka kota — laporan {}", r.periode.label())),
        Bagian::Angka(kotak_kota(&d.kota, &d.perubahan)),
        Bagian::Paragraf(match &d.bukti {
            Some(g) => g.kalimat(),
            None => {
                "Bukti lapangan: rapat ini dibekukan sebelum kunjungan lapangan dicatat.".into()
            }
        }),
        Bagian::Judul("Setiap indikator per kecamatan (capaian terhadap target · status)".into()),
        Bagian::Tabel(Tabel {
            judul: None,
            kolom,
            angka: std::iter::once(false)
                .chain(std::iter::repeat_n(true, n - 1))
                .collect(),
            lebar: Some(
                std::iter::once(1.6)
                    .chain(std::iter::repeat_n(1.25, n - 1))
                    .collect(),
            ),
            baris: d
                .kecamatan
                .iter()
                .map(|k| {
                    std::iter::once(k.nama.clone())
                        .chain(
                            k.capaian
                                .iter()
                                .map(|c| c.as_ref().map_or("–".into(), sel_capaian)),
                        )
                        .collect()
                })
                .collect(),
        }),
        Bagian::Judul("Kecamatan yang tertinggal".into()),
    ];
    if d.tertinggal.is_empty() {
        bagian.push(Bagian::Paragraf(
            "Tidak ada kecamatan yang tertinggal dari target.".into(),
        ));
    } else {
        bagian.push(Bagian::Tabel(Tabel {
            judul: None,
            kolom: [
                "Kecamatan",
                "Indikator tertinggal",
                "Laporan masuk",
                "Tepat waktu",
            ]
            .map(String::from)
            .to_vec(),
            angka: vec![false, true, true, true],
            lebar: None,
            baris: d
                .tertinggal
                .iter()
                .map(|k| {
                    vec![
                        k.nama.clone(),
                        dari(k.tertinggal, d.indikator.len() as i64),
                        dari(k.laporan_masuk, k.kkmp),
                        dari(k.tepat_waktu, k.kkmp),
                    ]
                })
                .collect(),
        }));
    }
    bagian.push(Bagian::Judul(
        "Kelengkapan dan ketepatan laporan per camat".into(),
    ));
    bagian.push(Bagian::Tabel(Tabel {
        judul: None,
        kolom: [
            "Kecamatan",
            "KKMP",
            "Laporan masuk",
            "Kelengkapan",
            "Tepat waktu",
            "Ketepatan",
        ]
        .map(String::from)
        .to_vec(),
        angka: vec![false, true, true, true, true, true],
        lebar: None,
        baris: d
            .kecamatan
            .iter()
            .map(|k| {
                let share = |x: i64| {
                    if k.kkmp > 0 {
                        x as f64 / k.kkmp as f64
                    } else {
                        0.0
                    }
                };
                vec![
                    k.nama.clone(),
                    angka(k.kkmp),
                    angka(k.laporan_masuk),
                    persen(share(k.laporan_masuk)),
                    angka(k.tepat_waktu),
                    persen(share(k.tepat_waktu)),
                ]
            })
            .collect(),
    }));
    let kolom_tindak = |akhir: &str| {
        [
            "No.",
            "Tindak lanjut",
            "Wilayah",
            "Penanggung jawab",
            "Tenggat",
            "Status",
            akhir,
        ]
        .map(String::from)
        .to_vec()
    };
    let lebar = Some(vec![0.6, 2.8, 2.0, 1.5, 1.5, 1.9, 1.7]);
    bagian.push(Bagian::Judul("Tindak lanjut rapat ini".into()));
    if d.tindak_lanjut.is_empty() {
        bagian.push(Bagian::Paragraf(
            "Belum ada tindak lanjut yang dicatat.".into(),
        ));
    } else {
        bagian.push(Bagian::Tabel(Tabel {
            judul: None,
            kolom: kolom_tindak("Catatan"),
            angka: vec![false; 7],
            lebar: lebar.clone(),
            baris: baris_tindak(&d.tindak_lanjut, false),
        }));
    }
    bagian.push(Bagian::Judul(
        "Tindak lanjut rapat sebelumnya yang belum selesai".into(),
    ));
    if d.terbawa.is_empty() {
        bagian.push(Bagian::Paragraf(
            "Tidak ada: semua tindak lanjut rapat sebelumnya selesai.".into(),
        ));
    } else {
        bagian.push(Bagian::Tabel(Tabel {
            judul: None,
            kolom: kolom_tindak("Dari rapat"),
            angka: vec![false; 7],
            lebar,
            baris: baris_tindak(&d.terbawa, true),
        }));
    }
    bagian.push(Bagian::Judul("Perubahan sejak rapat lalu".into()));
    bagian.extend(bagian_perubahan(&d.perubahan, "rapat"));
    bagian.extend(bagian_kepala(kepala));
    crate::berkas::pdf::render(&Dokumen {
        judul: r.judul.clone(),
        subjudul: format!(
            "Rapat koordinasi KKMP Kota Palembang · {} · Laporan {}{}",
            r.tanggal,
            r.periode.label(),
            if demo { " · DATA CONTOH" } else { "" }
        ),
        cutoff: r.cutoff.clone(),
        hash: r.hash.clone(),
        catatan_kaki: PENERBIT.into(),
        bagian,
    })
}

fn xlsx(e: XlsxError) -> DataError {
    DataError::Internal(format!("xlsx: {e}"))
}

/// The columns of the per-kecamatan sheet: header and how to read the
/// figure from a summary. The city's row uses the same functions.
type KolomRingkasan = (&'static str, fn(&Ringkasan) -> i64);

pub const KOLOM_KECAMATAN: &[KolomRingkasan] = &[
    ("KKMP", |r| r.kkmp),
    ("Berbadan hukum", |r| r.badan_hukum),
    ("NIB", |r| r.nib),
    ("NPWP", |r| r.npwp),
    ("Rekening bank", |r| r.rekening),
    ("Gerai sembako beroperasi", |r| r.gerai_sembako),
    ("Beroperasi penuh", |r| r.operasi_penuh),
    ("Beroperasi terbatas", |r| r.operasi_terbatas),
    ("Belum beroperasi", |r| r.operasi_belum),
    ("Formalitas", |r| r.formalitas),
    ("Pinjaman cair", |r| r.pinjaman_cair),
    ("Anggota", |r| r.anggota),
    ("Omzet bulan (Rp)", |r| r.omzet),
    ("Laporan masuk", |r| r.laporan_masuk),
    ("Laporan tepat waktu", |r| r.laporan_tepat_waktu),
];

/// The name of the per-kecamatan sheet and the label of its city row.
pub const LEMBAR_KECAMATAN: &str = "Per kecamatan";

pub const BARIS_KOTA: &str = "Kota Palembang";

fn judul(ws: &mut Worksheet, row: u32, kolom: &[String], f: &Format) -> Result<()> {
    for (c, h) in kolom.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, f)
            .map_err(xlsx)?;
        ws.set_column_width(c as u16, (h.chars().count() as f64 * 1.1).clamp(10.0, 40.0))
            .map_err(xlsx)?;
    }
    Ok(())
}

/// The meeting pack as a workbook: the metadata (cut-off, hash), every
/// indicator per kecamatan with the city's row, every KKMP, the ledger and
/// the changes. The city's row is the dashboard's figure, and equals the
/// column sums (a test re-reads it).
pub fn xlsx_rapat(
    d: &DetailRapat,
    isi: &Isi,
    demo: bool,
    kepala_jejak: Option<&str>,
) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let kepala = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xF3E9E9))
        .set_border_bottom(FormatBorder::Thin);
    let tebal = Format::new().set_bold().set_num_format("#,##0");
    let bilangan = Format::new().set_num_format("#,##0");
    let r = &d.rapat;
    {
        let ws = wb.add_worksheet();
        ws.set_name("Ringkasan").map_err(xlsx)?;
        ws.set_column_width(0, 30).map_err(xlsx)?;
        ws.set_column_width(1, 90).map_err(xlsx)?;
        let meta = [
            ("Judul", r.judul.clone()),
            ("Tanggal rapat", r.tanggal.clone()),
            ("Periode laporan", r.periode.label()),
            ("Data per", r.cutoff.clone()),
            ("Hash data (SHA-256)", r.hash.clone()),
            (
                "Kepala jejak audit bertanda tangan",
                kepala_jejak.map_or_else(
                    || "tidak dikonfigurasi (PANTAU_KUNCI_JEJAK)".to_string(),
                    |t| t.replace('\n', " "),
                ),
            ),
            ("Dibekukan oleh", r.dibuat_oleh.clone()),
            (
                "Sumber",
                "Pantau KKMP: laporan bulanan KKMP yang sudah diterima Dinas Koperasi".into(),
            ),
            (
                "Data contoh",
                if demo {
                    "ya — bukan data sebenarnya"
                } else {
                    "tidak"
                }
                .into(),
            ),
        ];
        for (i, (k, v)) in meta.iter().enumerate() {
            ws.write_string_with_format(i as u32, 0, *k, &kepala)
                .map_err(xlsx)?;
            ws.write_string(i as u32, 1, v).map_err(xlsx)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(LEMBAR_KECAMATAN).map_err(xlsx)?;
        let mut kolom = vec!["Kode".to_string(), "Kecamatan".to_string()];
        kolom.extend(KOLOM_KECAMATAN.iter().map(|(h, _)| h.to_string()));
        kolom.extend(d.indikator.iter().map(|(_, n)| format!("Status: {n}")));
        judul(ws, 0, &kolom, &kepala)?;
        let mut row = 1u32;
        for k in &isi.kecamatan {
            ws.write_string(row, 0, &k.code).map_err(xlsx)?;
            ws.write_string(row, 1, &k.nama).map_err(xlsx)?;
            for (c, (_, f)) in KOLOM_KECAMATAN.iter().enumerate() {
                ws.write_number_with_format(row, c as u16 + 2, f(&k.ringkasan) as f64, &bilangan)
                    .map_err(xlsx)?;
            }
            for (j, (code, _)) in d.indikator.iter().enumerate() {
                let c = k.target.iter().find(|c| &c.indikator == code);
                ws.write_string(
                    row,
                    (KOLOM_KECAMATAN.len() + 2 + j) as u16,
                    c.map_or("tanpa target".into(), sel_capaian),
                )
                .map_err(xlsx)?;
            }
            row += 1;
        }
        ws.write_string_with_format(row, 0, "16.71", &tebal)
            .map_err(xlsx)?;
        ws.write_string_with_format(row, 1, BARIS_KOTA, &tebal)
            .map_err(xlsx)?;
        for (c, (_, f)) in KOLOM_KECAMATAN.iter().enumerate() {
            ws.write_number_with_format(row, c as u16 + 2, f(&isi.kota) as f64, &tebal)
                .map_err(xlsx)?;
        }
        for (j, (code, _)) in d.indikator.iter().enumerate() {
            let c = isi.target_kota.iter().find(|c| &c.indikator == code);
            ws.write_string_with_format(
                row,
                (KOLOM_KECAMATAN.len() + 2 + j) as u16,
                c.map_or("tanpa target".into(), sel_capaian),
                &tebal,
            )
            .map_err(xlsx)?;
        }
        ws.set_freeze_panes(1, 2).map_err(xlsx)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Per KKMP").map_err(xlsx)?;
        let kolom: Vec<String> = [
            "Kode kelurahan",
            "Kecamatan",
            "Kelurahan",
            "KKMP",
            "Berbadan hukum",
            "Rekening",
            "Gerai sembako",
            "Unit beroperasi",
            "Status operasi",
            "Formalitas",
            "Pinjaman",
            "Anggota",
            "Omzet bulan (Rp)",
            "Laporan",
            "Hari terlambat",
        ]
        .map(String::from)
        .to_vec();
        judul(ws, 0, &kolom, &kepala)?;
        for (i, k) in isi.kkmp.iter().enumerate() {
            let row = i as u32 + 1;
            let b = &k.baris;
            let ya = |x: bool| if x { "ya" } else { "tidak" };
            let teks = [
                b.kelurahan_code.as_str(),
                k.kecamatan_nama.as_str(),
                b.kelurahan_nama.as_str(),
                b.kkmp_nama.as_str(),
                ya(b.badan_hukum),
                ya(b.rekening),
                b.gerai_sembako.map_or("–", |g| g.label()),
            ];
            for (c, t) in teks.iter().enumerate() {
                ws.write_string(row, c as u16, *t).map_err(xlsx)?;
            }
            ws.write_number(row, 7, b.unit_beroperasi as f64)
                .map_err(xlsx)?;
            ws.write_string(row, 8, b.status_operasi.label())
                .map_err(xlsx)?;
            ws.write_string(row, 9, ya(b.formalitas)).map_err(xlsx)?;
            ws.write_string(row, 10, b.pinjaman.map_or("–", |p| p.label()))
                .map_err(xlsx)?;
            ws.write_number_with_format(row, 11, b.anggota as f64, &bilangan)
                .map_err(xlsx)?;
            if let Some(o) = b.omzet {
                ws.write_number_with_format(row, 12, o as f64, &bilangan)
                    .map_err(xlsx)?;
            }
            ws.write_string(row, 13, b.laporan.label()).map_err(xlsx)?;
            if let Some(h) = b.hari_terlambat {
                ws.write_number(row, 14, h as f64).map_err(xlsx)?;
            }
        }
        ws.set_freeze_panes(1, 4).map_err(xlsx)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Tindak lanjut").map_err(xlsx)?;
        let kolom: Vec<String> = [
            "No.",
            "Dari rapat",
            "Tindak lanjut",
            "Wilayah",
            "Indikator",
            "Penanggung jawab",
            "Tenggat",
            "Status",
            "Lewat tenggat",
            "Catatan",
        ]
        .map(String::from)
        .to_vec();
        judul(ws, 0, &kolom, &kepala)?;
        for (i, t) in d.tindak_lanjut.iter().chain(&d.terbawa).enumerate() {
            let row = i as u32 + 1;
            let v = [
                t.id.to_string(),
                t.rapat_judul.clone(),
                t.uraian.clone(),
                t.wilayah.clone(),
                t.indikator_nama.clone(),
                t.penanggung_jawab.clone(),
                t.tenggat_iso.clone(),
                t.status.clone(),
                if t.lewat { "ya" } else { "tidak" }.to_string(),
                t.catatan.clone(),
            ];
            for (c, x) in v.iter().enumerate() {
                ws.write_string(row, c as u16, crate::inti::teks::aman(x))
                    .map_err(xlsx)?;
            }
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Perubahan").map_err(xlsx)?;
        let kolom: Vec<String> = ["Angka", "Sebelumnya", "Sekarang", "Perubahan"]
            .map(String::from)
            .to_vec();
        judul(ws, 0, &kolom, &kepala)?;
        let mut row = 1u32;
        if let Some(c) = &d.perubahan.sejak {
            ws.write_string(
                row,
                0,
                format!("Dibandingkan dengan {} ({})", c.judul, c.tanggal),
            )
            .map_err(xlsx)?;
            row += 1;
        }
        for a in &d.perubahan.angka {
            ws.write_string(row, 0, &a.label).map_err(xlsx)?;
            ws.write_string(row, 1, &a.sebelum).map_err(xlsx)?;
            ws.write_string(row, 2, &a.sesudah).map_err(xlsx)?;
            ws.write_string(row, 3, &a.selisih).map_err(xlsx)?;
            row += 1;
        }
        for k in &d.perubahan.kelompok {
            row += 1;
            ws.write_string_with_format(row, 0, format!("{} ({})", k.judul, k.kkmp.len()), &kepala)
                .map_err(xlsx)?;
            for (code, nama) in &k.kkmp {
                row += 1;
                ws.write_string(row, 0, nama).map_err(xlsx)?;
                ws.write_string(row, 1, code).map_err(xlsx)?;
            }
        }
    }
    wb.save_to_buffer().map_err(xlsx)
}
