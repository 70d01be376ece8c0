//! Storage of field verification visits and their photos: one transaction
//! per visit (the visit, every photo, their bindings and the audit entry
//! commit together or not at all).

use crate::error::{DataError, Result};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::lapangan::{FotoTersimpan, KunjunganSah, KunjunganTersimpan};
use crate::simpan::{Db, Tx};
use crate::{catat_jejak, on_db};
use model::lapangan::HasilKunjungan;

/// A photo ready to store: checked, its distance computed.
pub struct FotoBaru<'a> {
    pub periksa: crate::inti::lapangan::FotoDiperiksa,
    pub jarak_m: Option<i64>,
    pub isi: &'a [u8],
}

/// What the visit was set against: (month, status code) of the report.
pub type Pembanding = Option<(String, String)>;

const KOLOM: &str = "id, kelurahan_code, tanggal, petugas, gerai_buka, stok_ada, petugas_ada, \
     pembukuan_ada, catatan, periode_laporan, status_laporan, hasil, dicatat_oleh, dicatat_pada";

type Tupel = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
);

fn kunjungan_dari(t: Tupel) -> KunjunganTersimpan {
    KunjunganTersimpan {
        id: t.0,
        kelurahan_code: t.1,
        tanggal: t.2,
        petugas: t.3,
        temuan: [t.4 != 0, t.5 != 0, t.6 != 0, t.7 != 0],
        catatan: t.8,
        periode_laporan: t.9,
        status_laporan: t.10,
        hasil: t.11,
        dicatat_oleh: t.12,
        dicatat_pada: t.13,
    }
}

const KOLOM_FOTO: &str = "id, kunjungan_id, jenis, ukuran, lebar, tinggi, sha256, lintang_e6, \
     bujur_e6, waktu_exif, jarak_m";

type TupelFoto = (
    i64,
    i64,
    String,
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

fn foto_dari(t: TupelFoto) -> FotoTersimpan {
    FotoTersimpan {
        id: t.0,
        kunjungan_id: t.1,
        jenis: t.2,
        ukuran: t.3,
        lebar: t.4,
        tinggi: t.5,
        sha256: t.6,
        lintang_e6: t.7,
        bujur_e6: t.8,
        waktu_exif: t.9,
        jarak_m: t.10,
    }
}

/// Stores a checked visit and its photos with one audit entry; refuses
/// when `pencatat` has already recorded `kuota` visits in the last 24
/// hours (`sejak`: that moment, RFC 3339 UTC). Returns the visit's id.
#[allow(clippy::too_many_arguments)]
pub async fn catat(
    db: &Db,
    k: &KunjunganSah,
    pembanding: &Pembanding,
    hasil: HasilKunjungan,
    foto: &[FotoBaru<'_>],
    pada: &str,
    sejak: &str,
    kuota: i64,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::dalam_tx!(db, tx => catat_dalam(&mut tx, k, pembanding, hasil, foto, pada, sejak, kuota, pelaku, entri).await?)
}

/// [`catat`] inside an open transaction.
#[allow(clippy::too_many_arguments)]
pub async fn catat_dalam(
    tx: &mut Tx<'_>,
    k: &KunjunganSah,
    pembanding: &Pembanding,
    hasil: HasilKunjungan,
    foto: &[FotoBaru<'_>],
    pada: &str,
    sejak: &str,
    kuota: i64,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::on_tx!(tx, tx => {
        // The grade on every dashboard changes: the revision first (the
        // one lock order, ARCHITECTURE.md).
        crate::naikkan_revisi!(&mut *tx);
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM kunjungan WHERE dicatat_oleh = $1 AND dicatat_pada > $2",
        )
        .bind(&pelaku.pengguna)
        .bind(sejak)
        .fetch_one(&mut *tx)
        .await?;
        if n >= kuota {
            return Err(DataError::Invalid(format!(
                "Akun ini sudah mencatat {n} kunjungan dalam 24 jam terakhir (batas {kuota}). Kunjungan ini tidak disimpan; coba lagi besok atau hubungi Dinas Koperasi."
            )));
        }
        let t = |i: usize| k.temuan[i] as i64;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO kunjungan (kelurahan_code, tanggal, petugas, gerai_buka, stok_ada, petugas_ada, \
             pembukuan_ada, catatan, periode_laporan, status_laporan, hasil, dicatat_oleh, dicatat_pada) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(&k.kelurahan_code)
        .bind(k.tanggal.to_string())
        .bind(&k.petugas)
        .bind(t(0))
        .bind(t(1))
        .bind(t(2))
        .bind(t(3))
        .bind(&k.catatan)
        .bind(pembanding.as_ref().map(|p| p.0.clone()))
        .bind(pembanding.as_ref().map(|p| p.1.clone()))
        .bind(hasil.code())
        .bind(&pelaku.pengguna)
        .bind(pada)
        .fetch_one(&mut *tx)
        .await?;
        let mut ids = Vec::with_capacity(foto.len());
        for (urutan, f) in foto.iter().enumerate() {
            let p = &f.periksa;
            let e6 = |x: Option<f64>| x.map(|v| (v * 1e6).round() as i64);
            let (fid,): (i64,) = sqlx::query_as(
                "INSERT INTO foto_kunjungan (kunjungan_id, urutan, jenis, ukuran, lebar, tinggi, sha256, \
                 lintang_e6, bujur_e6, waktu_exif, jarak_m, isi) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(id)
            .bind(urutan as i64 + 1)
            .bind(p.jenis)
            .bind(f.isi.len() as i64)
            .bind(p.lebar as i64)
            .bind(p.tinggi as i64)
            .bind(&p.sha256)
            .bind(e6(p.lintang))
            .bind(e6(p.bujur))
            .bind(p.waktu.map(|w| w.format("%Y-%m-%d %H:%M:%S").to_string()))
            .bind(f.jarak_m)
            .bind(f.isi)
            .fetch_one(&mut *tx)
            .await?;
            ids.push(fid);
        }
        let mut ikatan = crate::ikatan_umum!(&mut *tx, "kunjungan", &[id]);
        ikatan.extend(crate::ikatan_umum!(&mut *tx, "foto_kunjungan", &ids));
        catat_jejak!(&mut tx, pelaku, entri, &ikatan);
        Ok(id)
    })
}

/// Visits, newest first: all, or those of one kecamatan (`16.71.04`) or
/// one kelurahan (a full code).
pub async fn daftar(db: &Db, wilayah: Option<&str>) -> Result<Vec<KunjunganTersimpan>> {
    let rows: Vec<Tupel> = match wilayah {
        Some(w) => {
            let sql = format!(
                "SELECT {KOLOM} FROM kunjungan WHERE kelurahan_code = $1 OR kelurahan_code LIKE $2 \
                 ORDER BY tanggal DESC, id DESC"
            );
            let awalan = format!("{}.%", w.replace(['%', '_'], ""));
            on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(w).bind(awalan).fetch_all(p).await?)
        }
        None => {
            let sql = format!("SELECT {KOLOM} FROM kunjungan ORDER BY tanggal DESC, id DESC");
            on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await?)
        }
    };
    Ok(rows.into_iter().map(kunjungan_dari).collect())
}

/// One visit.
pub async fn satu(db: &Db, id: i64) -> Result<Option<KunjunganTersimpan>> {
    let sql = format!("SELECT {KOLOM} FROM kunjungan WHERE id = $1");
    let row: Option<Tupel> = on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await?);
    Ok(row.map(kunjungan_dari))
}

/// The photos of the visits `ids` (metadata only), in their order.
pub async fn foto(db: &Db, ids: &[i64]) -> Result<Vec<FotoTersimpan>> {
    let mut out = Vec::new();
    for blok in ids.chunks(crate::simpan::ikatan::BLOK) {
        let sql = format!(
            "SELECT {KOLOM_FOTO} FROM foto_kunjungan WHERE kunjungan_id IN ({}) ORDER BY kunjungan_id, urutan",
            crate::simpan::ikatan::daftar_param(blok.len())
        );
        let rows: Vec<TupelFoto> = on_db!(db, p => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in blok {
                q = q.bind(*id);
            }
            q.fetch_all(p).await?
        });
        out.extend(rows.into_iter().map(foto_dari));
    }
    Ok(out)
}

/// Every (SHA-256, visit) pair of the photos whose bytes appear in more
/// than one visit.
pub async fn dipakai_lagi(db: &Db) -> Result<Vec<(String, i64)>> {
    let rows: Vec<(String, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT sha256, kunjungan_id FROM foto_kunjungan WHERE sha256 IN \
         (SELECT sha256 FROM foto_kunjungan GROUP BY sha256 HAVING COUNT(DISTINCT kunjungan_id) > 1) \
         ORDER BY sha256, kunjungan_id"
    ).fetch_all(p).await?);
    Ok(rows)
}

/// One photo's bytes with its visit's kelurahan, type and SHA-256.
pub async fn isi_foto(db: &Db, id: i64) -> Result<Option<(String, String, String, Vec<u8>)>> {
    let row = on_db!(db, p => sqlx::query_as(
        "SELECT k.kelurahan_code, f.jenis, f.sha256, f.isi FROM foto_kunjungan f \
         JOIN kunjungan k ON k.id = f.kunjungan_id WHERE f.id = $1"
    ).bind(id).fetch_optional(p).await?);
    Ok(row)
}

/// Every visit as (kelurahan, day, gerai open, stock, staff): what the
/// evidence grade reads.
pub async fn untuk_bukti(db: &Db) -> Result<Vec<(String, String, [bool; 3])>> {
    let rows: Vec<(String, String, i64, i64, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT kelurahan_code, tanggal, gerai_buka, stok_ada, petugas_ada FROM kunjungan"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(k, t, a, b, c)| (k, t, [a != 0, b != 0, c != 0]))
        .collect())
}

/// [`untuk_bukti`] as an open transaction sees it.
pub async fn untuk_bukti_dalam(tx: &mut Tx<'_>) -> Result<Vec<(String, String, [bool; 3])>> {
    let rows: Vec<(String, String, i64, i64, i64)> = crate::on_tx!(tx, c => sqlx::query_as(
        "SELECT kelurahan_code, tanggal, gerai_buka, stok_ada, petugas_ada FROM kunjungan"
    ).fetch_all(&mut *c).await?);
    Ok(rows
        .into_iter()
        .map(|(k, t, a, b, c)| (k, t, [a != 0, b != 0, c != 0]))
        .collect())
}
