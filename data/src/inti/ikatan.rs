//! Content bound to the audit chain (ikatan).
//!
//! The chain alone proves the log; the Inspektorat needs the figures
//! proved. So every stored row of a bound table (a report version, an
//! approval step) has its content hashed ([`hash_isi`] over its canonical
//! fields) and that hash recorded, in the same transaction, by the audit
//! entry that wrote the row: one binding per row (`jejak_ikatan`), and in
//! the entry a digest of all its bindings ([`ringkas`]), which is part of
//! the entry's own hash. A row edited afterwards no longer matches its
//! binding; a binding edited no longer matches its entry's digest; an entry
//! edited breaks the chain. Verification recomputes all three.

use crate::inti::laporan::LaporanTersimpan;
use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// One bound row: its table, its id and the hash of its content.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ikatan {
    pub tabel: String,
    pub baris_id: i64,
    pub hash_isi: String,
}

/// The bound tables.
pub const LAPORAN: &str = "laporan";
pub const LANGKAH: &str = "laporan_langkah";

/// A row of a table bound column by column ([`UMUM`]): its id and every
/// listed column as the database renders it as text (NULL as None; the
/// storage layer fixes the rendering: PostgreSQL sessions in UTC and ISO
/// dates). The column names come from the list, so the hash changes if a
/// value moves to another column.
pub fn hash_baris(tabel: &str, kolom: &str, id: i64, nilai: &[Option<String>]) -> String {
    let nama = kolom.split(',').map(str::trim);
    let mut bidang = vec![("id", id.to_string())];
    for (n, v) in nama.zip(nilai) {
        // NUL never appears in a stored text: it marks NULL unambiguously.
        bidang.push((n, v.clone().unwrap_or_else(|| "\u{0}".into())));
    }
    hash_isi(tabel, &bidang)
}

/// The tables bound column by column, each with the columns its binding
/// covers (besides `id`). Uploads are bound by their metadata, whose
/// `sha256` the verification checks against the stored file itself.
pub const UMUM: &[(&str, &str)] = &[
    (
        "unggahan",
        "sha256, nama_berkas, ukuran, jumlah_laporan, diunggah_pada, diunggah_oleh",
    ),
    (
        "target",
        "indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, nilai_target, tenggat, keterangan, \
         aktif, dibuat_pada, dibuat_oleh, diubah_pada, diubah_oleh",
    ),
    (
        "target_riwayat",
        "target_id, aksi, indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, nilai_target, \
         tenggat, keterangan, aktif, oleh, pada, alasan",
    ),
    (
        "cuplikan",
        "jenis, judul, tanggal, periode, revisi, cutoff, hash, isi, dibuat_oleh",
    ),
    (
        "tindak_lanjut",
        "rapat_id, uraian, kecamatan_code, kelurahan_code, indikator, penanggung_jawab, tenggat, \
         status, catatan, dibuat_oleh, dibuat_pada, diubah_oleh, diubah_pada",
    ),
    (
        "intervensi",
        "kelurahan_code, tanggal, jenis, nilai, peserta, catatan, dicatat_oleh, dicatat_pada",
    ),
    ("tindak_anomali", "kunci, catatan, oleh, pada"),
    (
        "kunjungan",
        "kelurahan_code, tanggal, petugas, gerai_buka, stok_ada, petugas_ada, pembukuan_ada, \
         catatan, periode_laporan, status_laporan, hasil, dicatat_oleh, dicatat_pada",
    ),
    (
        "foto_kunjungan",
        "kunjungan_id, urutan, jenis, ukuran, lebar, tinggi, sha256, lintang_e6, bujur_e6, \
         waktu_exif, jarak_m",
    ),
    (
        "temuan",
        "judul, uraian, rekomendasi, penanggung_jawab, wilayah_code, sumber, sumber_ref, tenggat, \
         dibuka_oleh, dibuka_pada",
    ),
    (
        "temuan_langkah",
        "temuan_id, jenis, uraian, oleh, pada, berkas_nama, berkas_jenis, ukuran, sha256",
    ),
    (
        "rekonsiliasi",
        "nama_berkas, sha256, baris_data, cocok, dikonfirmasi, periode, oleh, pada",
    ),
    (
        "selisih",
        "rekonsiliasi_id, kelurahan_code, bidang, nilai_kota, nilai_nasional, baris, cara, pemilik",
    ),
    ("selisih_langkah", "selisih_id, jenis, uraian, oleh, pada"),
];

/// The columns [`UMUM`] lists for `tabel`.
pub fn kolom_umum(tabel: &str) -> &'static str {
    UMUM.iter()
        .find(|(t, _)| *t == tabel)
        .map(|(_, k)| *k)
        .unwrap_or_else(|| panic!("{tabel} is not a bound table"))
}

/// SHA-256 over a row's table and its named fields, each prefixed with its
/// length: no two different rows hash the same text.
pub fn hash_isi(tabel: &str, bidang: &[(&str, String)]) -> String {
    let mut h = Sha256::new();
    h.update(b"pantau-kkmp/isi/v1\n");
    h.update(format!("{}:{tabel}\n", tabel.len()).as_bytes());
    for (nama, nilai) in bidang {
        h.update(format!("{nama}={}:", nilai.len()).as_bytes());
        h.update(nilai.as_bytes());
        h.update(b"\n");
    }
    crate::inti::sandi::hex(&h.finalize())
}

fn waktu(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A report version's content: its id, number, submission and every field
/// (not the month's first submission time, which belongs to the month).
pub fn hash_laporan(r: &LaporanTersimpan) -> String {
    let p = &r.pengiriman;
    let mut bidang = vec![
        ("id", r.id.to_string()),
        ("versi", r.versi.to_string()),
        ("kelurahan_code", r.isi.kelurahan_code.clone()),
        ("periode", r.isi.periode.to_string()),
        ("dikirim_pada", waktu(&p.dikirim_pada)),
        ("dikirim_oleh", p.dikirim_oleh.clone()),
        ("sumber", p.sumber.clone()),
        ("alasan", p.alasan.clone().unwrap_or_else(|| "\u{0}".into())),
        ("peringatan", p.peringatan.clone()),
        (
            "unggahan_id",
            p.unggahan_id.map(|i| i.to_string()).unwrap_or_default(),
        ),
    ];
    bidang.extend(crate::inti::isian::isian_teks(&r.isi));
    hash_isi(LAPORAN, &bidang)
}

/// An approval step as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Langkah {
    pub id: i64,
    pub laporan_id: i64,
    pub kelurahan_code: String,
    pub periode: String,
    pub langkah: String,
    pub oleh: String,
    pub pada: DateTime<Utc>,
    pub catatan: String,
}

pub fn hash_langkah(l: &Langkah) -> String {
    hash_isi(
        LANGKAH,
        &[
            ("id", l.id.to_string()),
            ("laporan_id", l.laporan_id.to_string()),
            ("kelurahan_code", l.kelurahan_code.clone()),
            ("periode", l.periode.clone()),
            ("langkah", l.langkah.clone()),
            ("oleh", l.oleh.clone()),
            ("pada", waktu(&l.pada)),
            ("catatan", l.catatan.clone()),
        ],
    )
}

/// The digest an entry carries of its bindings, in (table, id) order; ""
/// for an entry that binds nothing (and for every entry written before
/// bindings existed, whose hash is computed as it always was).
pub fn ringkas(ikatan: &[Ikatan]) -> String {
    if ikatan.is_empty() {
        return String::new();
    }
    let mut urut: Vec<&Ikatan> = ikatan.iter().collect();
    urut.sort();
    let mut h = Sha256::new();
    h.update(b"pantau-kkmp/ikatan/v1\n");
    for i in urut {
        h.update(format!("{}:{}:{}\n", i.tabel, i.baris_id, i.hash_isi).as_bytes());
    }
    crate::inti::sandi::hex(&h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ik(t: &str, id: i64, h: &str) -> Ikatan {
        Ikatan {
            tabel: t.into(),
            baris_id: id,
            hash_isi: h.into(),
        }
    }

    #[test]
    fn the_digest_covers_every_binding_in_any_order() {
        let a = [ik(LAPORAN, 1, "aa"), ik(LANGKAH, 1, "bb")];
        let b = [ik(LANGKAH, 1, "bb"), ik(LAPORAN, 1, "aa")];
        assert_eq!(ringkas(&a), ringkas(&b));
        assert_ne!(
            ringkas(&a),
            ringkas(&[ik(LAPORAN, 1, "aa"), ik(LANGKAH, 1, "bc")])
        );
        assert_ne!(
            ringkas(&a),
            ringkas(&[ik(LAPORAN, 1, "aa"), ik(LANGKAH, 2, "bb")])
        );
        assert_ne!(ringkas(&a), ringkas(&a[..1]));
        assert_eq!(ringkas(&[]), "");
    }

    #[test]
    fn every_field_of_a_report_is_in_its_hash() {
        let w = crate::inti::wilayah::Wilayah::embedded().unwrap();
        let demo = crate::inti::demo::generate(&w, &Default::default());
        let (l, p) = demo.laporan[5].clone();
        let r = LaporanTersimpan {
            id: 7,
            versi: 1,
            pengiriman: p,
            pertama_dikirim: Utc::now(),
            isi: l,
        };
        let h = hash_laporan(&r);
        let mut r2 = r.clone();
        r2.isi.anggota += 500;
        assert_ne!(hash_laporan(&r2), h);
        let mut r3 = r.clone();
        r3.isi.omzet *= 10;
        assert_ne!(hash_laporan(&r3), h);
        let mut r4 = r.clone();
        r4.versi = 2;
        assert_ne!(hash_laporan(&r4), h);
        let mut r5 = r.clone();
        r5.pengiriman.alasan = Some(String::new());
        assert_ne!(hash_laporan(&r5), h, "no reason and an empty one differ");
        let mut r6 = r.clone();
        r6.pertama_dikirim = Utc::now() + chrono::Duration::days(1);
        assert_eq!(
            hash_laporan(&r6),
            h,
            "the month's first time is not the version's"
        );
    }
}
