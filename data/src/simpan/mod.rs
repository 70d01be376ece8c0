//! Storage: one [`Db`] handle over either SQLite (the embedded default) or
//! PostgreSQL (production, several app instances).
//!
//! Both back ends run the same SQL text: queries use `$1`-style parameters,
//! which SQLite accepts too, and only portable types (TEXT, BIGINT, BOOLEAN,
//! DOUBLE PRECISION, DATE, timestamps). The [`on_db!`] macro instantiates one
//! block of query code for each back end's pool, so there is no `Any` driver
//! and no lossy type mapping. The schemas differ only where the dialects do
//! (identity columns, `TIMESTAMPTZ`); see `migrations/`.

pub mod akun;
pub mod anomali;
pub mod batas;
pub mod demo;
pub mod ikatan;
pub mod intervensi;
pub mod jejak;
pub mod lapangan;
pub mod laporan;
pub mod persetujuan;
pub mod pesan;
pub mod rekonsiliasi;
pub mod ruang;
pub mod sementara;
pub mod target;
pub mod temuan;
pub mod wilayah;

use crate::error::DataError;
use crate::error::Result;
use sqlx::PgPool;
use sqlx::SqlitePool;
use sqlx::postgres::PgConnectOptions;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::sqlite::SqliteJournalMode;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::sqlite::SqliteSynchronous;
use std::str::FromStr;
use std::time::Duration;

/// One writer at a time per `kunci` inside transaction `tx`: on PostgreSQL
/// a transaction-level advisory lock (the app's role has no UPDATE to lock
/// a row with); on SQLite the write lock already admits one writer, and a
/// second finds its snapshot stale at its first write and runs again
/// ([`ulangi`]).
pub(crate) async fn satu_penulis(tx: &mut Tx<'_>, kunci: i64) -> Result<()> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(kunci)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

static MIGRATE_SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

static MIGRATE_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A connection pool to one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of `$db`; the body is
/// compiled once per back end.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::simpan::Db::Sqlite($pool) => $body,
            $crate::simpan::Db::Postgres($pool) => $body,
        }
    };
}

/// One open transaction on either back end: storage functions that must
/// compose into a larger all-or-nothing write (the demo load) take
/// `&mut Tx` and are wrapped by a `&Db` variant that opens and commits
/// their own. Dropped without [`Tx::selesai`], it rolls back.
pub enum Tx<'c> {
    Sqlite(sqlx::Transaction<'c, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'c, sqlx::Postgres>),
}

impl Tx<'_> {
    /// Commits.
    pub async fn selesai(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    /// Whether this is a PostgreSQL transaction.
    pub fn pg(&self) -> bool {
        matches!(self, Tx::Postgres(_))
    }
}

/// Runs `$body` with `$conn` bound to the connection of the open
/// transaction `$tx` (`&mut Tx`), as `&mut SqliteConnection` or
/// `&mut PgConnection`: the body is compiled once per back end, like
/// [`on_db!`], and writes `&mut *conn` where it would write `&mut *tx`.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::simpan::Tx::Sqlite(t) => {
                #[allow(unused_mut)]
                let mut $conn: &mut sqlx::SqliteConnection = &mut **t;
                $body
            }
            $crate::simpan::Tx::Postgres(t) => {
                #[allow(unused_mut)]
                let mut $conn: &mut sqlx::PgConnection = &mut **t;
                $body
            }
        }
    };
}

/// How often [`ulangi`] runs a transaction at most.
pub const PERCOBAAN_MAKS: u32 = 6;

/// Whether the database aborted a transaction for a reason that running
/// the whole transaction again cures, and nothing of it was committed:
/// PostgreSQL's serialization failure (40001) and deadlock victim (40P01),
/// a server shutting down or restarting under the connection (57P01,
/// 57P02, 57P03: the transaction is rolled back by the server), SQLite's
/// busy and locked answers (a writer held the lock past the busy timeout,
/// or a read snapshot went stale), and no connection obtained
/// from the pool in time. An error that leaves the commit's outcome
/// unknown (the connection lost while `COMMIT` was in flight) is not one:
/// running it again could store a write twice.
pub fn bisa_diulang(e: &DataError) -> bool {
    match e {
        DataError::Db(sqlx::Error::Database(d)) => matches!(
            d.code().as_deref(),
            Some(
                "40001" | "40P01" | "57P01" | "57P02" | "57P03"
                // SQLITE_BUSY and its extended codes (RECOVERY, SNAPSHOT,
                // TIMEOUT), SQLITE_LOCKED and LOCKED_SHAREDCACHE.
                | "5" | "261" | "517" | "773" | "6" | "262"
            )
        ),
        DataError::Db(sqlx::Error::PoolTimedOut) => true,
        _ => false,
    }
}

/// Runs `kerja`, one whole transaction opened and committed inside it,
/// and runs it again (at most [`PERCOBAAN_MAKS`] times in all, waiting
/// 25, 50, 100 … ms plus a random part so that two writers that collided
/// do not collide again) while it fails with an error of
/// [`bisa_diulang`]. Every write path of `simpan` goes through it, so a
/// deadlock or a PostgreSQL restart under load is a short wait for the
/// user, not an error page; any other error is returned at once.
pub async fn ulangi<T, F, Fut>(mut kerja: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut percobaan = 1;
    loop {
        match kerja().await {
            Err(e) if percobaan < PERCOBAAN_MAKS && bisa_diulang(&e) => {
                let dasar = 25u64 << (percobaan - 1);
                let acak = u64::from(u16::from_le_bytes(crate::inti::sandi::acak::<2>())) % dasar;
                tracing::warn!(
                    percobaan,
                    galat = %e,
                    "transaksi dibatalkan basis data; diulang dalam {} ms",
                    dasar + acak
                );
                tokio::time::sleep(Duration::from_millis(dasar + acak)).await;
                percobaan += 1;
            }
            Err(e) if penyimpanan_penuh(&e) => {
                tracing::error!(galat = %e, "penyimpanan basis data penuh");
                return Err(DataError::TidakTersedia(
                    "Penyimpanan basis data di server penuh, jadi tidak ada yang disimpan dan data yang sudah ada tetap utuh. Hubungi admin server untuk menambah ruang disk, lalu kirim lagi.".into(),
                ));
            }
            Err(e) if bisa_diulang(&e) => {
                tracing::error!(percobaan, galat = %e, "transaksi gagal setelah semua percobaan");
                return Err(DataError::TidakTersedia(
                    "Basis data sedang sibuk atau dimulai ulang, jadi tidak ada yang disimpan. Coba kirim lagi sebentar lagi.".into(),
                ));
            }
            hasil => return hasil,
        }
    }
}

/// Whether the database refused a write because its disk (or its quota)
/// is full: SQLite's SQLITE_FULL (13), PostgreSQL's disk_full (53100).
/// The transaction is rolled back; retrying would not help.
pub fn penyimpanan_penuh(e: &DataError) -> bool {
    match e {
        DataError::Db(sqlx::Error::Database(d)) => {
            matches!(d.code().as_deref(), Some("13" | "53100"))
        }
        // A full disk can also surface while SQLite grows its WAL file.
        DataError::Db(sqlx::Error::Io(io)) => io.kind() == std::io::ErrorKind::StorageFull,
        _ => false,
    }
}

/// Opens a transaction on `$db` as `$tx`, runs `$body` (which may use `?`
/// and `&mut $tx`), commits, and runs the whole again through
/// [`ulangi`] when the database aborted it. The body is run once per
/// attempt, so it must own nothing it consumes: it borrows its inputs.
#[macro_export]
macro_rules! dalam_tx {
    ($db:expr, $tx:ident => $body:expr) => {
        $crate::simpan::ulangi(|| async {
            #[allow(unused_mut)]
            let mut $tx = $db.mulai().await?;
            let hasil = $body;
            $tx.selesai().await?;
            Ok(hasil)
        })
        .await
    };
}

/// Writes a consistent copy of the SQLite database to `tujuan` while it
/// is in use (`VACUUM INTO`). PostgreSQL is backed up with `pg_dump`.
pub async fn cadangkan(db: &Db, tujuan: &std::path::Path) -> Result<()> {
    match db {
        Db::Sqlite(p) => {
            let jalur = tujuan.to_str().ok_or_else(|| {
                DataError::Invalid(format!("jalur {} bukan UTF-8", tujuan.display()))
            })?;
            sqlx::query("VACUUM INTO $1").bind(jalur).execute(p).await?;
            Ok(())
        }
        Db::Postgres(_) => Err(DataError::Invalid(
            "untuk PostgreSQL pakai pg_dump -Fc (lihat docs/operasi.md)".into(),
        )),
    }
}

/// [`Db::revisi_lengkap`] as an open transaction sees it.
pub async fn revisi_dalam(tx: &mut Tx<'_>) -> Result<Revisi> {
    let (nomor, diterima, demo): (i64, i64, bool) = on_tx!(tx, c => {
        sqlx::query_as("SELECT nomor, diterima, demo FROM revisi WHERE id = 1").fetch_one(&mut *c).await?
    });
    Ok(Revisi {
        nomor,
        diterima,
        demo,
    })
}

/// The stored data's two revision numbers and its demo flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revisi {
    /// Moved by every write that changes what any page shows.
    pub nomor: i64,
    /// Moved only by writes that change what the accepted-only view shows:
    /// an acceptance, targets, boundary files, the demo load. Never moves
    /// without `nomor`.
    pub diterima: i64,
    pub demo: bool,
}

impl Revisi {
    /// The number a result of the accepted-only view (`semua` false) or of
    /// the view with every latest version (`semua` true) stays valid for.
    pub fn kunci(&self, semua: bool) -> i64 {
        if semua { self.nomor } else { self.diterima }
    }
}

/// Bumps the stored data's revision numbers inside an open transaction
/// (`&mut *tx` of either back end). Every cache in `layanan` is keyed by
/// them, so every write that changes what a page shows calls this, in the
/// same transaction as the change. Plain, it moves both numbers: the safe
/// default. `naikkan_revisi!(conn, kiriman)` moves only `nomor`, for a
/// write the accepted-only view cannot see (a report version, a workflow
/// step short of acceptance); `naikkan_revisi!(conn, diterima)` moves
/// only `diterima`, after a `kiriman` bump in the same transaction once it
/// turns out to be an acceptance.
#[macro_export]
macro_rules! naikkan_revisi {
    ($conn:expr) => {
        sqlx::query("UPDATE revisi SET nomor = nomor + 1, diterima = diterima + 1 WHERE id = 1")
            .execute($conn)
            .await?
    };
    ($conn:expr, kiriman) => {
        sqlx::query("UPDATE revisi SET nomor = nomor + 1 WHERE id = 1")
            .execute($conn)
            .await?
    };
    ($conn:expr, diterima) => {
        sqlx::query("UPDATE revisi SET diterima = diterima + 1 WHERE id = 1")
            .execute($conn)
            .await?
    };
}

impl Db {
    /// Connects to `url` (`sqlite://path`, `sqlite::memory:` or
    /// `postgres://…`), creating a missing SQLite file and its folder, and
    /// runs the embedded migrations.
    pub async fn connect(url: &str) -> Result<Db> {
        let db = Self::buka(url).await?;
        db.migrate().await?;
        // Once, after the upgrade that introduced bound content.
        crate::simpan::ikatan::ikat_data_lama(&db).await?;
        Ok(db)
    }

    /// Connects without running migrations (`PANTAU_TANPA_MIGRASI`): the
    /// PostgreSQL role the app runs as has no DDL rights; the owner role
    /// migrates (`server migrate`). Refuses a database that lacks one of
    /// this version's migrations, naming it.
    pub async fn connect_tanpa_migrasi(url: &str) -> Result<Db> {
        let db = Self::buka(url).await?;
        let (migrator, terpasang): (&sqlx::migrate::Migrator, Vec<i64>) = match &db {
            Db::Sqlite(p) => (
                &MIGRATE_SQLITE,
                sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                    .fetch_all(p)
                    .await
                    .unwrap_or_default(),
            ),
            Db::Postgres(p) => (
                &MIGRATE_POSTGRES,
                sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                    .fetch_all(p)
                    .await
                    .unwrap_or_default(),
            ),
        };
        if let Some(m) = migrator.iter().find(|m| !terpasang.contains(&m.version)) {
            return Err(DataError::Invalid(format!(
                "basis data belum dimigrasi ke versi aplikasi ini: migrasi {} ({}) belum dipasang; jalankan `server migrate` dengan peran pemilik basis data",
                m.version, m.description
            )));
        }
        crate::simpan::ikatan::ikat_data_lama(&db).await?;
        Ok(db)
    }

    /// The connection pool of `url`, nothing run on it.
    async fn buka(url: &str) -> Result<Db> {
        let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Db::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a write acknowledged to a user survives a power
                // cut (NORMAL may lose the last commits). Measured cost: one
                // fsync per commit, ~0.3 ms on this kind of disk
                // (BENCHMARKS.md).
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(parent) = opts.get_filename().parent()
                && !parent.as_os_str().is_empty()
                && url != "sqlite::memory:"
            {
                std::fs::create_dir_all(parent).map_err(|e| {
                    DataError::Internal(format!(
                        "tidak dapat membuat folder {}: {e}",
                        parent.display()
                    ))
                })?;
            }
            // An in-memory database lives as long as its one connection.
            let max = if url.contains(":memory:") { 1 } else { 5 };
            let pool = SqlitePoolOptions::new()
                .max_connections(max)
                .min_connections(if max == 1 { 1 } else { 0 })
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(opts)
                .await?;
            Db::Sqlite(pool)
        } else {
            return Err(DataError::Invalid(format!(
                "DATABASE_URL harus diawali sqlite: atau postgres://, tertulis '{url}'"
            )));
        };
        Ok(db)
    }

    /// Opens a transaction ([`Tx`]).
    pub async fn mulai(&self) -> Result<Tx<'static>> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Opens an existing SQLite file read-only and immutable (nothing is
    /// written to it, not even a WAL): a backup being verified. No
    /// migrations run.
    pub async fn buka_baca(jalur: &std::path::Path) -> Result<Db> {
        let opts = SqliteConnectOptions::new()
            .filename(jalur)
            .read_only(true)
            .immutable(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    /// Applies pending migrations; safe to call at every start.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(p) => MIGRATE_SQLITE.run(p).await?,
            Db::Postgres(p) => MIGRATE_POSTGRES.run(p).await?,
        }
        Ok(())
    }

    /// "sqlite" or "postgres", for logs and the health check.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// The stored data's revision number and whether it is demo data.
    pub async fn revisi(&self) -> Result<(i64, bool)> {
        let row: (i64, bool) = on_db!(self, p => {
            sqlx::query_as("SELECT nomor, demo FROM revisi WHERE id = 1").fetch_one(p).await?
        });
        Ok(row)
    }

    /// Both revision numbers and the demo flag ([`Revisi`]).
    pub async fn revisi_lengkap(&self) -> Result<Revisi> {
        let (nomor, diterima, demo): (i64, i64, bool) = on_db!(self, p => {
            sqlx::query_as("SELECT nomor, diterima, demo FROM revisi WHERE id = 1").fetch_one(p).await?
        });
        Ok(Revisi {
            nomor,
            diterima,
            demo,
        })
    }

    /// Number of stored laporan versions.
    pub async fn jumlah_laporan(&self) -> Result<i64> {
        Ok(on_db!(self, p => {
            sqlx::query_scalar("SELECT COUNT(*) FROM laporan").fetch_one(p).await?
        }))
    }

    /// A trivial round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        on_db!(self, p => { sqlx::query("SELECT 1").execute(p).await?; });
        Ok(())
    }

    pub async fn close(&self) {
        on_db!(self, p => p.close().await)
    }
}
