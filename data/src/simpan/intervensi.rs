//! Storage of the city's support interventions.

use crate::error::Result;
use crate::inti::intervensi::{Baris, IntervensiBaru};
use crate::inti::jejak::{Entri, Pelaku};
use crate::simpan::Db;
use crate::simpan::Tx;
use crate::{catat_jejak, on_db};

const KOLOM: &str = "id, kelurahan_code, tanggal, jenis, nilai, peserta, catatan, dicatat_oleh";

type Tupel = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
);

fn baris(t: Tupel) -> Baris {
    let (id, kelurahan_code, tanggal, jenis, nilai, peserta, catatan, dicatat_oleh) = t;
    Baris {
        id,
        kelurahan_code,
        tanggal,
        jenis,
        nilai,
        peserta,
        catatan,
        dicatat_oleh,
    }
}

/// The interventions of one KKMP, or of all, newest first.
pub async fn daftar(db: &Db, kelurahan_code: Option<&str>) -> Result<Vec<Baris>> {
    let rows: Vec<Tupel> = match kelurahan_code {
        Some(k) => {
            let sql = format!(
                "SELECT {KOLOM} FROM intervensi WHERE kelurahan_code = $1 ORDER BY tanggal DESC, id DESC"
            );
            on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(k).fetch_all(p).await?)
        }
        None => {
            let sql = format!("SELECT {KOLOM} FROM intervensi ORDER BY tanggal DESC, id DESC");
            on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await?)
        }
    };
    Ok(rows.into_iter().map(baris).collect())
}

/// Stores a checked intervention with its audit entry; returns its id.
pub async fn catat(
    db: &Db,
    i: &IntervensiBaru,
    nilai: Option<i64>,
    peserta: Option<i64>,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    crate::dalam_tx!(db, tx => catat_dalam(&mut tx, i, nilai, peserta, pada, pelaku, entri).await?)
}

/// [`catat`] inside an open transaction.
pub async fn catat_dalam(
    tx: &mut Tx<'_>,
    i: &IntervensiBaru,
    nilai: Option<i64>,
    peserta: Option<i64>,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<i64> {
    Ok(crate::on_tx!(tx, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO intervensi (kelurahan_code, tanggal, jenis, nilai, peserta, catatan, dicatat_oleh, dicatat_pada) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(i.kelurahan_code.trim())
        .bind(i.tanggal.trim())
        .bind(&i.jenis)
        .bind(nilai)
        .bind(peserta)
        .bind(i.catatan.trim())
        .bind(&pelaku.pengguna)
        .bind(pada)
        .fetch_one(&mut *tx)
        .await?;
        let ikatan = crate::ikatan_umum!(&mut *tx, "intervensi", &[id]);
        catat_jejak!(&mut tx, pelaku, entri, &ikatan);
        id
    }))
}
