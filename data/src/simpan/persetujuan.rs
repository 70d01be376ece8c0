//! The approval workflow of monthly reports: the operator submits (every new
//! version starts as `diajukan`, see `laporan::simpan_aliran`), the camat
//! verifies or returns it with a note, Dinas accepts it. An accepted month
//! is locked (new versions are refused) until Dinas reopens it with a
//! reason. Dashboards count the latest *accepted* version by default
//! (`laporan_terkini.diterima_id`).
//!
//! Each step checks the state it starts from and the version it was taken
//! on (so a camat never verifies a version it has not seen), and writes the
//! step and its audit entry in one transaction. Who may take a step is the
//! app's concern (`model::akun`); this module enforces the order.
use crate::catat_jejak;
use crate::error::DataError;
use crate::error::Result;
use crate::inti::jejak::Entri;
use crate::inti::jejak::Pelaku;
use crate::inti::persetujuan::Keadaan;
use crate::inti::persetujuan::boleh;
use crate::on_db;
use crate::simpan::Db;
use chrono::DateTime;
use chrono::Utc;
use model::Periode;
use model::status::Persetujuan;

type BarisKeadaan = (
    String,
    String,
    i64,
    i64,
    String,
    Option<DateTime<Utc>>,
    Option<i64>,
    String,
);

fn keadaan_dari(r: BarisKeadaan) -> Result<Keadaan> {
    Ok(Keadaan {
        status: Persetujuan::from_code(&r.4)
            .ok_or_else(|| DataError::Internal(format!("status persetujuan '{}'", r.4)))?,
        kelurahan_code: r.0,
        periode: r.1,
        laporan_id: r.2,
        versi: r.3,
        status_pada: r.5,
        diterima_id: r.6,
        dikirim_oleh: r.7,
    })
}

const PILIH: &str = "SELECT t.kelurahan_code, t.periode, t.laporan_id, l.versi, t.status, t.status_pada, \
                     t.diterima_id, l.dikirim_oleh FROM laporan_terkini t JOIN laporan l ON l.id = t.laporan_id";

/// The state of one KKMP's month, if it has a report.
pub async fn keadaan(db: &Db, kelurahan_code: &str, periode: Periode) -> Result<Option<Keadaan>> {
    let sql = format!("{PILIH} WHERE t.kelurahan_code = $1 AND t.periode = $2");
    let row: Option<BarisKeadaan> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(kelurahan_code)
            .bind(periode.to_string())
            .fetch_optional(pool)
            .await?
    });
    row.map(keadaan_dari).transpose()
}

/// Every (KKMP, month) in one of `status`, longest waiting first; within a
/// kecamatan when `kecamatan` is given.
pub async fn dalam_status(
    db: &Db,
    status: &[Persetujuan],
    kecamatan: Option<&str>,
) -> Result<Vec<Keadaan>> {
    let daftar: Vec<String> = status.iter().map(|s| format!("'{}'", s.code())).collect();
    let sql = format!(
        "{PILIH} WHERE t.status IN ({}) AND ($1 = '' OR t.kelurahan_code LIKE $2) \
         ORDER BY t.status_pada, t.kelurahan_code, t.periode",
        daftar.join(", ")
    );
    let kec = kecamatan.unwrap_or("");
    let rows: Vec<BarisKeadaan> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(kec)
            .bind(format!("{kec}.%"))
            .fetch_all(pool)
            .await?
    });
    rows.into_iter().map(keadaan_dari).collect()
}

/// Every step taken on one KKMP's month, oldest first: (step, version, by,
/// when, note).
pub async fn riwayat(
    db: &Db,
    kelurahan_code: &str,
    periode: Periode,
) -> Result<Vec<(Persetujuan, i64, String, DateTime<Utc>, String)>> {
    let rows: Vec<(String, i64, String, DateTime<Utc>, String)> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT g.langkah, l.versi, g.oleh, g.pada, g.catatan FROM laporan_langkah g \
             JOIN laporan l ON l.id = g.laporan_id \
             WHERE g.kelurahan_code = $1 AND g.periode = $2 ORDER BY g.id",
        )
        .bind(kelurahan_code)
        .bind(periode.to_string())
        .fetch_all(pool)
        .await?
    });
    rows.into_iter()
        .map(|(s, v, o, p, c)| {
            Persetujuan::from_code(&s)
                .map(|s| (s, v, o, p, c))
                .ok_or_else(|| DataError::Internal(format!("langkah '{s}'")))
        })
        .collect()
}

/// Takes one step on the current version `versi` of a KKMP's month.
/// `oleh` is the name stored with the step; `pelaku` goes to the audit trail.
#[expect(
    clippy::too_many_arguments,
    reason = "each argument is one fact of the step; a struct would only rename them"
)]
pub async fn langkah(
    db: &Db,
    kelurahan_code: &str,
    periode: Periode,
    versi: i64,
    ke: Persetujuan,
    oleh: &str,
    pelaku: &Pelaku,
    catatan: &str,
) -> Result<()> {
    let catatan = catatan.trim();
    let now = Utc::now();
    let sql = format!("{PILIH} WHERE t.kelurahan_code = $1 AND t.periode = $2");
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            // First: takes SQLite's write lock, and tells caches the data moved
            // (the accepted-only view's too, below, if this accepts a version).
            crate::naikkan_revisi!(&mut *tx, kiriman);
            let row: Option<BarisKeadaan> = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(kelurahan_code)
                .bind(periode.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            let k = row.map(keadaan_dari).transpose()?.ok_or_else(|| {
                DataError::NotFound(format!(
                    "Belum ada laporan {kelurahan_code} periode {}.",
                    periode.label()
                ))
            })?;
            if k.versi != versi {
                return Err(DataError::Invalid(format!(
                    "Versi {versi} bukan versi terkini laporan ini (terkini: versi {}): muat ulang halaman dan periksa versi terbaru.",
                    k.versi
                )));
            }
            let perlu_catatan = boleh(k.status, ke).ok_or_else(|| {
                DataError::Invalid(format!(
                    "Laporan berstatus \"{}\" tidak dapat {}.",
                    k.status.label(),
                    ke.langkah().to_lowercase()
                ))
            })?;
            if perlu_catatan && catatan.is_empty() {
                return Err(DataError::Invalid(match ke {
                    Persetujuan::Dibuka => "Membuka kembali laporan yang sudah diterima wajib disertai alasan.".into(),
                    _ => "Laporan yang dikembalikan wajib disertai catatan: apa yang harus diperbaiki.".into(),
                }));
            }
            let diterima = if ke == Persetujuan::Diterima { Some(k.laporan_id) } else { k.diterima_id };
            let n = sqlx::query(
                "UPDATE laporan_terkini SET status = $1, status_pada = $2, diterima_id = $3 \
                 WHERE kelurahan_code = $4 AND periode = $5 AND laporan_id = $6 AND status = $7",
            )
            .bind(ke.code())
            .bind(now)
            .bind(diterima)
            .bind(kelurahan_code)
            .bind(periode.to_string())
            .bind(k.laporan_id)
            .bind(k.status.code())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(DataError::Invalid("Laporan ini baru saja berubah: muat ulang halaman.".into()));
            }
            if diterima != k.diterima_id {
                crate::naikkan_revisi!(&mut *tx, diterima);
            }
            let (langkah_id,): (i64,) = sqlx::query_as(
                "INSERT INTO laporan_langkah (laporan_id, kelurahan_code, periode, langkah, oleh, pada, catatan) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(k.laporan_id)
            .bind(kelurahan_code)
            .bind(periode.to_string())
            .bind(ke.code())
            .bind(oleh)
            .bind(now)
            .bind(catatan)
            .fetch_one(&mut *tx)
            .await?;
            let ikatan = crate::ikatan_langkah!(&mut *tx, "id", &[langkah_id]);
            let entri = Entri::baru(
                &format!("laporan.{}", ke.code()),
                format!("laporan/{kelurahan_code}/{periode}/v{versi}"),
            )
            .sebelum(&serde_json::json!({ "status": k.status.code(), "diterima_id": k.diterima_id }))
            .sesudah(&serde_json::json!({ "status": ke.code(), "diterima_id": diterima }))
            .alasan(catatan);
            catat_jejak!(&mut tx, pelaku, &entri, &ikatan);
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    Ok(())
}

/// The approval state of each of one KKMP's months, by `YYYY-MM`.
pub async fn status_kkmp(
    db: &Db,
    kelurahan_code: &str,
) -> Result<std::collections::HashMap<String, Persetujuan>> {
    let rows: Vec<(String, String)> = on_db!(db, pool => {
        sqlx::query_as("SELECT periode, status FROM laporan_terkini WHERE kelurahan_code = $1")
            .bind(kelurahan_code)
            .fetch_all(pool)
            .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(p, s)| Some((p, Persetujuan::from_code(&s)?)))
        .collect())
}
