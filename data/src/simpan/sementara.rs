//! Short-lived state between two requests: a form that came back with
//! problems, an uploaded file awaiting confirmation. Not data: nothing here
//! is ever counted, and entries older than a day are deleted.

use crate::error::Result;
use crate::on_db;
use crate::simpan::Db;
use chrono::Duration;
use chrono::Utc;

/// How long an entry lives.
pub const UMUR_JAM: i64 = 24;

/// Stores `isi` under a new token and deletes expired entries.
pub async fn simpan(db: &Db, jenis: &str, nama: &str, isi: &[u8]) -> Result<String> {
    let token = crate::inti::sandi::token_sementara();
    let now = Utc::now();
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM sementara WHERE dibuat_pada < $1")
            .bind(now - Duration::hours(UMUR_JAM))
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sementara (token, jenis, nama, isi, dibuat_pada) VALUES ($1, $2, $3, $4, $5)")
            .bind(&token)
            .bind(jenis)
            .bind(nama)
            .bind(isi)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    });
    Ok(token)
}

/// The entry of this kind under `token`, if it still exists: (name, content).
pub async fn ambil(db: &Db, jenis: &str, token: &str) -> Result<Option<(String, Vec<u8>)>> {
    if !crate::inti::sandi::token_sementara_sah(token) {
        return Ok(None);
    }
    let since = Utc::now() - Duration::hours(UMUR_JAM);
    let row = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT nama, isi FROM sementara WHERE token = $1 AND jenis = $2 AND dibuat_pada >= $3",
        )
        .bind(token)
        .bind(jenis)
        .bind(since)
        .fetch_optional(pool)
        .await?
    });
    Ok(row)
}
