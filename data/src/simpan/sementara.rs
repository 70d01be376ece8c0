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

/// Entries kept per kind (per account for drafts): storing one more
/// removes the oldest.
pub const ENTRI_PER_JENIS: i64 = 20;

/// Pending uploads one account may keep at once, and their total size.
pub const BERKAS_PER_AKUN: i64 = 5;
pub const BYTE_PER_AKUN: i64 = 64 * 1024 * 1024;

/// Everything kept here together, over all accounts.
pub const BYTE_TOTAL: i64 = 2 * 1024 * 1024 * 1024;

/// Why an entry was not stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Penuh {
    /// The account already keeps [`BERKAS_PER_AKUN`] files or
    /// [`BYTE_PER_AKUN`] bytes.
    Akun,
    /// The server keeps [`BYTE_TOTAL`] bytes.
    Server,
}

impl Penuh {
    /// What the person is told.
    pub fn pesan(&self) -> String {
        match self {
            Penuh::Akun => format!(
                "Anda sudah punya {BERKAS_PER_AKUN} unggahan yang belum disimpan, atau unggahan sebesar {} MB bersama-sama. Simpan atau tinggalkan unggahan sebelumnya: unggahan yang belum disimpan terhapus sendiri setelah {UMUR_JAM} jam.",
                BYTE_PER_AKUN / (1024 * 1024)
            ),
            Penuh::Server => "Penyimpanan sementara server sedang penuh. Coba lagi nanti; bila berulang, hubungi admin Dinas Koperasi.".into(),
        }
    }
}

/// Stores a draft or message under a new token. A kind keeps its newest
/// [`ENTRI_PER_JENIS`] entries; nothing is stored when the server already
/// keeps [`BYTE_TOTAL`] bytes.
pub async fn simpan(db: &Db, jenis: &str, nama: &str, isi: &[u8]) -> Result<String> {
    match simpan_dengan(db, jenis, nama, isi, None).await? {
        Ok(token) => Ok(token),
        Err(p) => Err(crate::DataError::Invalid(p.pesan())),
    }
}

/// Stores an uploaded file under a new token, within the account's quota
/// (`jenis` is per account): at most [`BERKAS_PER_AKUN`] files and
/// [`BYTE_PER_AKUN`] bytes pending at once.
pub async fn simpan_berkas(
    db: &Db,
    jenis: &str,
    nama: &str,
    isi: &[u8],
) -> Result<std::result::Result<String, Penuh>> {
    simpan_dengan(db, jenis, nama, isi, Some((BERKAS_PER_AKUN, BYTE_PER_AKUN))).await
}

/// Stores `isi`; with `kuota` (entries, bytes) the kind's entries must fit
/// it, without, the kind's oldest entries beyond [`ENTRI_PER_JENIS`] go.
/// Expired entries are deleted first, in the same transaction.
async fn simpan_dengan(
    db: &Db,
    jenis: &str,
    nama: &str,
    isi: &[u8],
    kuota: Option<(i64, i64)>,
) -> Result<std::result::Result<String, Penuh>> {
    let token = crate::inti::sandi::token_sementara();
    let now = Utc::now();
    let ukuran = isi.len() as i64;
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sementara WHERE dibuat_pada < $1")
                .bind(now - Duration::hours(UMUR_JAM))
                .execute(&mut *tx)
                .await?;
            let (total,): (Option<i64>,) =
                sqlx::query_as("SELECT CAST(SUM(LENGTH(isi)) AS BIGINT) FROM sementara")
                    .fetch_one(&mut *tx)
                    .await?;
            if total.unwrap_or(0) + ukuran > BYTE_TOTAL {
                return Ok(Err(Penuh::Server));
            }
            if let Some((entri, byte)) = kuota {
                let (n, b): (i64, Option<i64>) = sqlx::query_as(
                    "SELECT COUNT(*), CAST(SUM(LENGTH(isi)) AS BIGINT) FROM sementara WHERE jenis = $1",
                )
                .bind(jenis)
                .fetch_one(&mut *tx)
                .await?;
                if n >= entri || b.unwrap_or(0) + ukuran > byte {
                    return Ok(Err(Penuh::Akun));
                }
            } else {
                sqlx::query(
                    "DELETE FROM sementara WHERE jenis = $1 AND token NOT IN \
                     (SELECT token FROM sementara WHERE jenis = $1 ORDER BY dibuat_pada DESC, token LIMIT $2)",
                )
                .bind(jenis)
                .bind(ENTRI_PER_JENIS - 1)
                .execute(&mut *tx)
                .await?;
            }
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
        Ok(Ok(token.clone()))
    })
    .await
}

/// Deletes expired entries (the server's periodic task); returns how many.
pub async fn bersihkan(db: &Db) -> Result<u64> {
    let batas = Utc::now() - Duration::hours(UMUR_JAM);
    let n = on_db!(db, pool => {
        sqlx::query("DELETE FROM sementara WHERE dibuat_pada < $1")
            .bind(batas)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(n)
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

/// Deletes the entry of this kind under `token` (a file that cannot be read
/// is not kept to be read again).
pub async fn hapus(db: &Db, jenis: &str, token: &str) -> Result<()> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM sementara WHERE token = $1 AND jenis = $2")
            .bind(token)
            .bind(jenis)
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// Takes the pending entry of this kind under `token` inside a store's
/// transaction: deletes it and says whether it was still there. Two
/// requests storing the same pending file (two tabs, a double click) both
/// read it, but only one transaction deletes it; the other, seeing
/// `false`, rolls back and stores nothing.
pub async fn klaim_dalam(tx: &mut crate::simpan::Tx<'_>, jenis: &str, token: &str) -> Result<bool> {
    let n = crate::on_tx!(tx, tx => {
        sqlx::query("DELETE FROM sementara WHERE token = $1 AND jenis = $2")
            .bind(token)
            .bind(jenis)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    });
    Ok(n == 1)
}

/// The kind a stored upload's pending entry moves to ([`tandai_tersimpan`]).
fn jenis_tersimpan(jenis: &str) -> String {
    format!("tersimpan:{jenis}")
}

/// Marks the pending upload under `token` as stored (its file is now in
/// `unggahan`, content hash `sha256`): the entry leaves its kind, so it no
/// longer counts against the account's pending uploads, and keeps only the
/// hash, so that another click on the same preview hears "sudah disimpan"
/// ([`tersimpan`]). Expires with the other temporary rows.
pub async fn tandai_tersimpan(db: &Db, jenis: &str, token: &str, sha256: &str) -> Result<()> {
    let ke = jenis_tersimpan(jenis);
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            sqlx::query("UPDATE sementara SET jenis = $1, isi = $2 WHERE token = $3 AND jenis = $4")
                .bind(&ke)
                .bind(sha256.as_bytes())
                .bind(token)
                .bind(jenis)
                .execute(pool)
                .await?;
        });
        Ok(())
    })
    .await
}

/// The content hash of the upload stored from the pending entry `token`
/// of this kind, if it was ([`tandai_tersimpan`]).
pub async fn tersimpan(db: &Db, jenis: &str, token: &str) -> Result<Option<String>> {
    Ok(ambil(db, &jenis_tersimpan(jenis), token)
        .await?
        .map(|(_, isi)| String::from_utf8_lossy(&isi).into_owned()))
}
