//! Storage of the anomaly review: the reopenings the anomaly check reads and
//! the auditors' follow-up notes.

use crate::error::Result;
use crate::inti::jejak::{Entri, Pelaku};
use crate::simpan::Db;
use crate::{catat_jejak, on_db};

/// Every reopening of a laporan, oldest first: (kelurahan, periode, note).
pub async fn dibuka(db: &Db) -> Result<Vec<(String, String, String)>> {
    Ok(on_db!(db, p => {
        sqlx::query_as("SELECT kelurahan_code, periode, catatan FROM laporan_langkah WHERE langkah = 'dibuka' ORDER BY id")
            .fetch_all(p).await?
    }))
}

/// Every follow-up note, oldest first: (key, note, by, at RFC 3339).
pub async fn tindak(db: &Db) -> Result<Vec<(String, String, String, String)>> {
    Ok(on_db!(db, p => {
        sqlx::query_as("SELECT kunci, catatan, oleh, pada FROM tindak_anomali ORDER BY id")
            .fetch_all(p).await?
    }))
}

/// Stores a follow-up note with its audit entry, in one transaction.
pub async fn catat_tindak(
    db: &Db,
    kunci: &str,
    catatan: &str,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<()> {
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO tindak_anomali (kunci, catatan, oleh, pada) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(kunci)
            .bind(catatan)
            .bind(&pelaku.pengguna)
            .bind(pada)
            .fetch_one(&mut *tx)
            .await?;
            let ikatan = crate::ikatan_umum!(&mut *tx, "tindak_anomali", &[id]);
            catat_jejak!(&mut tx, pelaku, entri, &ikatan);
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    Ok(())
}
