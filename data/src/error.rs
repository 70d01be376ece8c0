//! Errors of the data layer.
//!
//! Policy: functions here return [`DataError`]. `NotFound` and `Invalid` are
//! the caller's fault and carry a message in Bahasa Indonesia that can be
//! shown as it is, as does `TidakTersedia` (the database cannot take a
//! write now: a full disk, a restart that outlasted the retries); `Db`, `Polars` and `Internal` are ours, are logged by the
//! caller, and reach people only as a generic message. Nothing here panics on
//! bad input.

use thiserror::Error;

pub type Result<T, E = DataError> = std::result::Result<T, E>;

#[derive(Debug, Error)]
pub enum DataError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[cfg(feature = "lengkap")]
    #[error("basis data: {0}")]
    Db(#[from] sqlx::Error),
    #[cfg(feature = "lengkap")]
    #[error("migrasi basis data: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[cfg(feature = "lengkap")]
    #[error("agregasi: {0}")]
    Polars(#[from] polars::error::PolarsError),
    /// The database cannot take the write now (its disk is full, or it
    /// stayed unreachable or busy through every retry): nothing was
    /// stored; the message says so in Bahasa Indonesia (HTTP 503).
    #[error("{0}")]
    TidakTersedia(String),
    #[error("{0}")]
    Internal(String),
}
