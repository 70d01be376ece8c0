//! Storage of the findings register: a finding, and its steps each in one
//! transaction with its audit entry; a step is checked against the
//! finding's status inside that transaction, so two people closing and
//! following up at once cannot both win.

use crate::error::{DataError, Result};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::temuan::{
    BarisLangkah, BarisTemuan, BerkasBukti, TemuanBaru, boleh_langkah, status,
};
use crate::simpan::{Db, Tx};
use crate::{catat_jejak, on_db};

/// The advisory-lock space of findings (PostgreSQL): this plus the id.
const KUNCI_TEMUAN: i64 = 0x7465_6d75_0000_0000;

const KOLOM: &str = "id, judul, uraian, rekomendasi, penanggung_jawab, wilayah_code, sumber, \
     sumber_ref, tenggat, dibuka_oleh, dibuka_pada";

type Tupel = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

fn temuan_dari(t: Tupel) -> BarisTemuan {
    BarisTemuan {
        id: t.0,
        judul: t.1,
        uraian: t.2,
        rekomendasi: t.3,
        penanggung_jawab: t.4,
        wilayah_code: t.5,
        sumber: t.6,
        sumber_ref: t.7,
        tenggat: t.8,
        dibuka_oleh: t.9,
        dibuka_pada: t.10,
    }
}

const KOLOM_LANGKAH: &str =
    "id, temuan_id, jenis, uraian, oleh, pada, berkas_nama, berkas_jenis, ukuran, sha256";

type TupelLangkah = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

fn langkah_dari(t: TupelLangkah) -> BarisLangkah {
    BarisLangkah {
        id: t.0,
        temuan_id: t.1,
        jenis: t.2,
        uraian: t.3,
        oleh: t.4,
        pada: t.5,
        berkas_nama: t.6,
        berkas_jenis: t.7,
        ukuran: t.8,
        sha256: t.9,
    }
}

/// Stores a checked finding with its audit entry; returns its id.
pub async fn buka(
    db: &Db,
    t: &TemuanBaru,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::dalam_tx!(db, tx => buka_dalam(&mut tx, t, pada, pelaku, entri).await?)
}

pub async fn buka_dalam(
    tx: &mut Tx<'_>,
    t: &TemuanBaru,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::on_tx!(tx, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO temuan (judul, uraian, rekomendasi, penanggung_jawab, wilayah_code, sumber, \
             sumber_ref, tenggat, dibuka_oleh, dibuka_pada) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(&t.judul)
        .bind(&t.uraian)
        .bind(&t.rekomendasi)
        .bind(&t.penanggung_jawab)
        .bind(&t.wilayah_code)
        .bind(&t.sumber)
        .bind(&t.sumber_ref)
        .bind(&t.tenggat)
        .bind(&pelaku.pengguna)
        .bind(pada)
        .fetch_one(&mut *tx)
        .await?;
        let ikatan = crate::ikatan_umum!(&mut *tx, "temuan", &[id]);
        catat_jejak!(&mut tx, pelaku, entri, &ikatan);
        Ok(id)
    })
}

/// Adds a step to finding `temuan_id`, refused when its status does not
/// allow it at this moment; returns the step's id.
#[allow(clippy::too_many_arguments)]
pub async fn langkah(
    db: &Db,
    temuan_id: i64,
    jenis: &str,
    uraian: &str,
    berkas: Option<(&BerkasBukti, &[u8])>,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::dalam_tx!(db, tx => langkah_dalam(&mut tx, temuan_id, jenis, uraian, berkas, pada, pelaku, entri).await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn langkah_dalam(
    tx: &mut Tx<'_>,
    temuan_id: i64,
    jenis: &str,
    uraian: &str,
    berkas: Option<(&BerkasBukti, &[u8])>,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    // On PostgreSQL one writer per finding at a time (a transaction-level
    // advisory lock: the app's role has no UPDATE to lock the row with);
    // on SQLite the second of two writers finds its snapshot stale at its
    // first write and runs again (`simpan::ulangi`), reading the steps anew.
    crate::simpan::satu_penulis(tx, KUNCI_TEMUAN + temuan_id).await?;
    crate::on_tx!(tx, tx => {
        let ada: Option<(i64,)> = sqlx::query_as("SELECT id FROM temuan WHERE id = $1")
            .bind(temuan_id)
            .fetch_optional(&mut *tx)
            .await?;
        if ada.is_none() {
            return Err(DataError::NotFound(format!("Temuan #{temuan_id} tidak ada.")));
        }
        let jenis_lalu: Vec<(String,)> = sqlx::query_as(
            "SELECT jenis FROM temuan_langkah WHERE temuan_id = $1 ORDER BY id",
        )
        .bind(temuan_id)
        .fetch_all(&mut *tx)
        .await?;
        boleh_langkah(status(jenis_lalu.iter().map(|(j,)| j.as_str())), jenis)
            .map_err(DataError::Invalid)?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO temuan_langkah (temuan_id, jenis, uraian, oleh, pada, berkas_nama, berkas_jenis, \
             ukuran, sha256, isi) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(temuan_id)
        .bind(jenis)
        .bind(uraian)
        .bind(&pelaku.pengguna)
        .bind(pada)
        .bind(berkas.map(|(b, _)| b.nama.clone()))
        .bind(berkas.map(|(b, _)| b.jenis))
        .bind(berkas.map(|(_, isi)| isi.len() as i64))
        .bind(berkas.map(|(b, _)| b.sha256.clone()))
        .bind(berkas.map(|(_, isi)| isi.to_vec()))
        .fetch_one(&mut *tx)
        .await?;
        let ikatan = crate::ikatan_umum!(&mut *tx, "temuan_langkah", &[id]);
        catat_jejak!(&mut tx, pelaku, entri, &ikatan);
        Ok(id)
    })
}

/// Every finding, newest first, with every step (oldest first).
pub async fn semua(db: &Db) -> Result<(Vec<BarisTemuan>, Vec<BarisLangkah>)> {
    let sql = format!("SELECT {KOLOM} FROM temuan ORDER BY id DESC");
    let t: Vec<Tupel> =
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await?);
    let sql = format!("SELECT {KOLOM_LANGKAH} FROM temuan_langkah ORDER BY id");
    let l: Vec<TupelLangkah> =
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await?);
    Ok((
        t.into_iter().map(temuan_dari).collect(),
        l.into_iter().map(langkah_dari).collect(),
    ))
}

/// The area of finding `id` (None when there is no such finding).
pub async fn wilayah(db: &Db, id: i64) -> Result<Option<String>> {
    let row: Option<(String,)> = on_db!(db, p => sqlx::query_as(
        "SELECT wilayah_code FROM temuan WHERE id = $1"
    ).bind(id).fetch_optional(p).await?);
    Ok(row.map(|(w,)| w))
}

/// A step's evidence: (the finding's area, file name, type, bytes).
pub async fn berkas(db: &Db, langkah_id: i64) -> Result<Option<(String, String, String, Vec<u8>)>> {
    let row = on_db!(db, p => sqlx::query_as(
        "SELECT t.wilayah_code, l.berkas_nama, l.berkas_jenis, l.isi FROM temuan_langkah l \
         JOIN temuan t ON t.id = l.temuan_id WHERE l.id = $1 AND l.isi IS NOT NULL"
    ).bind(langkah_id).fetch_optional(p).await?);
    Ok(row)
}
