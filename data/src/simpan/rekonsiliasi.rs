//! Storage of SIMKOPDES reconciliations: an import and its discrepancies
//! in one transaction with its audit entry; a discrepancy's step checked
//! against its status inside its own transaction (one writer per
//! discrepancy on PostgreSQL by an advisory lock, as for findings).

use crate::error::{DataError, Result};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::temuan::status;
use crate::simpan::{Db, Tx};
use crate::{catat_jejak, on_db};

/// The advisory-lock space of discrepancies (PostgreSQL): this plus the id.
const KUNCI_SELISIH: i64 = 0x7365_6c69_0000_0000;

/// An import to store.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RekonsiliasiBaru {
    pub nama_berkas: String,
    pub sha256: String,
    pub baris_data: i64,
    pub cocok: i64,
    pub dikonfirmasi: i64,
    pub periode: String,
}

/// A discrepancy to store, or as stored.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BarisSelisih {
    pub id: i64,
    pub rekonsiliasi_id: i64,
    pub kelurahan_code: String,
    pub bidang: String,
    pub nilai_kota: String,
    pub nilai_nasional: String,
    pub baris: i64,
    pub cara: String,
    pub pemilik: String,
}

/// A stored import, with its count of discrepancies.
#[derive(Clone, Debug, PartialEq)]
pub struct BarisRekonsiliasi {
    pub id: i64,
    pub nama_berkas: String,
    pub sha256: String,
    pub baris_data: i64,
    pub cocok: i64,
    pub dikonfirmasi: i64,
    pub periode: String,
    pub oleh: String,
    pub pada: String,
    pub jumlah_selisih: i64,
}

/// A step of a discrepancy.
#[derive(Clone, Debug, PartialEq)]
pub struct BarisLangkahSelisih {
    pub selisih_id: i64,
    pub jenis: String,
    pub uraian: String,
    pub oleh: String,
    pub pada: String,
}

/// Stores an import and its discrepancies, taking the pending upload it
/// was read from (`berkas`: its kind and token) in the same transaction;
/// returns the import's id. Nothing is stored when another request took
/// that upload first (a second tab, a double click).
pub async fn simpan(
    db: &Db,
    berkas: (&str, &str),
    r: &RekonsiliasiBaru,
    selisih: &[BarisSelisih],
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::dalam_tx!(db, tx => {
        if !crate::simpan::sementara::klaim_dalam(&mut tx, berkas.0, berkas.1).await? {
            return Err(DataError::NotFound(format!(
                "Berkas {} sudah disimpan dari tab atau klik lain; tidak ada yang disimpan lagi. Lihat riwayat impor.",
                r.nama_berkas
            )));
        }
        simpan_dalam(&mut tx, r, selisih, pada, pelaku, entri).await?.0
    })
}

/// Stores an import and its discrepancies inside a larger transaction
/// (the demo load); returns its id and the discrepancies' ids in order.
pub async fn simpan_dalam(
    tx: &mut Tx<'_>,
    r: &RekonsiliasiBaru,
    selisih: &[BarisSelisih],
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<(i64, Vec<i64>)> {
    crate::on_tx!(tx, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO rekonsiliasi (nama_berkas, sha256, baris_data, cocok, dikonfirmasi, periode, \
             oleh, pada) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&r.nama_berkas)
        .bind(&r.sha256)
        .bind(r.baris_data)
        .bind(r.cocok)
        .bind(r.dikonfirmasi)
        .bind(&r.periode)
        .bind(&pelaku.pengguna)
        .bind(pada)
        .fetch_one(&mut *tx)
        .await?;
        let mut ids = Vec::with_capacity(selisih.len());
        for s in selisih {
            let (sid,): (i64,) = sqlx::query_as(
                "INSERT INTO selisih (rekonsiliasi_id, kelurahan_code, bidang, nilai_kota, \
                 nilai_nasional, baris, cara, pemilik) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 RETURNING id",
            )
            .bind(id)
            .bind(&s.kelurahan_code)
            .bind(&s.bidang)
            .bind(&s.nilai_kota)
            .bind(&s.nilai_nasional)
            .bind(s.baris)
            .bind(&s.cara)
            .bind(&s.pemilik)
            .fetch_one(&mut *tx)
            .await?;
            ids.push(sid);
        }
        let mut ikatan = crate::ikatan_umum!(&mut *tx, "rekonsiliasi", &[id]);
        ikatan.extend(crate::ikatan_umum!(&mut *tx, "selisih", &ids));
        catat_jejak!(&mut tx, pelaku, entri, &ikatan);
        Ok((id, ids))
    })
}

/// Adds a step to discrepancy `selisih_id`, refused when its status does
/// not allow it at this moment.
pub async fn langkah(
    db: &Db,
    selisih_id: i64,
    jenis: &str,
    uraian: &str,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::dalam_tx!(db, tx => langkah_dalam(&mut tx, selisih_id, jenis, uraian, pada, pelaku, entri).await?)
}

pub async fn langkah_dalam(
    tx: &mut Tx<'_>,
    selisih_id: i64,
    jenis: &str,
    uraian: &str,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::simpan::satu_penulis(tx, KUNCI_SELISIH + selisih_id).await?;
    crate::on_tx!(tx, tx => {
        let jenis_lalu: Vec<(String,)> = sqlx::query_as(
            "SELECT jenis FROM selisih_langkah WHERE selisih_id = $1 ORDER BY id",
        )
        .bind(selisih_id)
        .fetch_all(&mut *tx)
        .await?;
        crate::inti::rekonsiliasi::boleh_langkah(
            status(jenis_lalu.iter().map(|(j,)| j.as_str())),
            jenis,
        )
        .map_err(DataError::Invalid)?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO selisih_langkah (selisih_id, jenis, uraian, oleh, pada) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(selisih_id)
        .bind(jenis)
        .bind(uraian)
        .bind(&pelaku.pengguna)
        .bind(pada)
        .fetch_one(&mut *tx)
        .await?;
        let ikatan = crate::ikatan_umum!(&mut *tx, "selisih_langkah", &[id]);
        catat_jejak!(&mut tx, pelaku, entri, &ikatan);
        Ok(id)
    })
}

/// Every import, newest first, with its count of discrepancies.
pub async fn riwayat(db: &Db) -> Result<Vec<BarisRekonsiliasi>> {
    type T = (
        i64,
        String,
        String,
        i64,
        i64,
        i64,
        String,
        String,
        String,
        i64,
    );
    let rows: Vec<T> = on_db!(db, p => sqlx::query_as(
        "SELECT r.id, r.nama_berkas, r.sha256, r.baris_data, r.cocok, r.dikonfirmasi, r.periode, \
         r.oleh, r.pada, (SELECT COUNT(*) FROM selisih s WHERE s.rekonsiliasi_id = r.id) \
         FROM rekonsiliasi r ORDER BY r.id DESC"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|t| BarisRekonsiliasi {
            id: t.0,
            nama_berkas: t.1,
            sha256: t.2,
            baris_data: t.3,
            cocok: t.4,
            dikonfirmasi: t.5,
            periode: t.6,
            oleh: t.7,
            pada: t.8,
            jumlah_selisih: t.9,
        })
        .collect())
}

type TupelSelisih = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
);

fn selisih_dari(t: TupelSelisih) -> BarisSelisih {
    BarisSelisih {
        id: t.0,
        rekonsiliasi_id: t.1,
        kelurahan_code: t.2,
        bidang: t.3,
        nilai_kota: t.4,
        nilai_nasional: t.5,
        baris: t.6,
        cara: t.7,
        pemilik: t.8,
    }
}

/// The discrepancies of import `rekonsiliasi_id` with their steps (oldest
/// first).
pub async fn selisih(
    db: &Db,
    rekonsiliasi_id: i64,
) -> Result<(Vec<BarisSelisih>, Vec<BarisLangkahSelisih>)> {
    let s: Vec<TupelSelisih> = on_db!(db, p => sqlx::query_as(
        "SELECT id, rekonsiliasi_id, kelurahan_code, bidang, nilai_kota, nilai_nasional, baris, \
         cara, pemilik FROM selisih WHERE rekonsiliasi_id = $1 ORDER BY kelurahan_code, id"
    ).bind(rekonsiliasi_id).fetch_all(p).await?);
    let l: Vec<(i64, String, String, String, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT l.selisih_id, l.jenis, l.uraian, l.oleh, l.pada FROM selisih_langkah l \
         JOIN selisih s ON s.id = l.selisih_id WHERE s.rekonsiliasi_id = $1 ORDER BY l.id"
    ).bind(rekonsiliasi_id).fetch_all(p).await?);
    Ok((
        s.into_iter().map(selisih_dari).collect(),
        l.into_iter()
            .map(|t| BarisLangkahSelisih {
                selisih_id: t.0,
                jenis: t.1,
                uraian: t.2,
                oleh: t.3,
                pada: t.4,
            })
            .collect(),
    ))
}

/// Discrepancy `id` (for the caller's scope check): its kelurahan and its
/// import.
pub async fn satu(db: &Db, id: i64) -> Result<Option<(String, i64)>> {
    let row: Option<(String, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT kelurahan_code, rekonsiliasi_id FROM selisih WHERE id = $1"
    ).bind(id).fetch_optional(p).await?);
    Ok(row)
}
