use crate::error::DataError;
use crate::error::Result;
use crate::inti::target::Cakupan;
use crate::inti::target::Perubahan;
use crate::inti::target::RiwayatTarget;
use crate::inti::target::Target;
use crate::inti::target::TargetTersimpan;
use crate::on_db;
use crate::simpan::Db;
use crate::simpan::Tx;
use chrono::DateTime;
use chrono::NaiveDate;
use chrono::Utc;

/// A target's stored fields, for the audit trail's before and after.
type KeadaanTarget = (String, String, f64, NaiveDate, f64, NaiveDate, String, bool);

/// Applies changes in one transaction, each with its history row: `aksi` is
/// buat, ubah, impor or nonaktif. A second active target with the same
/// indicator, scope and deadline is refused with a message naming it.
pub async fn terapkan(
    db: &Db,
    perubahan: &[Perubahan],
    aksi: &str,
    oleh: &str,
    pada: DateTime<Utc>,
    alasan: &str,
    pelaku: &crate::inti::jejak::Pelaku,
) -> Result<Vec<i64>> {
    crate::dalam_tx!(db, tx => terapkan_dalam(&mut tx, perubahan, aksi, oleh, pada, alasan, pelaku).await?)
}

/// [`terapkan`] inside an open transaction.
pub async fn terapkan_dalam(
    tx: &mut Tx<'_>,
    perubahan: &[Perubahan],
    aksi: &str,
    oleh: &str,
    pada: DateTime<Utc>,
    alasan: &str,
    pelaku: &crate::inti::jejak::Pelaku,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(perubahan.len());
    crate::on_tx!(tx, tx => {
        // The revision first, then the audit head: the one lock order of
        // every writer (ARCHITECTURE.md), so two writers on PostgreSQL
        // never wait on each other in a cycle.
        crate::naikkan_revisi!(&mut *tx);
        for p in perubahan {
            let t = &p.target;
            let sebelum: Option<KeadaanTarget> = match p.id {
                Some(id) => sqlx::query_as(
                    "SELECT indikator, cakupan_code, nilai_awal, tgl_awal, nilai_target, tenggat, keterangan, aktif \
                     FROM target WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?,
                None => None,
            };
            if p.aktif {
                let bentrok: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM target WHERE aktif AND indikator = $1 AND cakupan_code = $2 AND tenggat = $3",
                )
                .bind(&t.indikator)
                .bind(t.cakupan.code())
                .bind(t.tenggat)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(lain) = bentrok.filter(|lain| Some(*lain) != p.id) {
                    return Err(DataError::Invalid(format!(
                        "Sudah ada target aktif #{lain} untuk indikator {} di cakupan {} dengan tenggat {}; ubah target itu, jangan membuat yang kedua.",
                        t.indikator,
                        t.cakupan.code(),
                        t.tenggat
                    )));
                }
            }
            let id: i64 = match p.id {
                None => {
                    sqlx::query_scalar(
                        "INSERT INTO target (indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, nilai_target, tenggat, \
                         keterangan, dibuat_pada, dibuat_oleh, aktif) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                    )
                    .bind(&t.indikator)
                    .bind(t.cakupan.jenis())
                    .bind(t.cakupan.code())
                    .bind(t.nilai_awal)
                    .bind(t.tgl_awal)
                    .bind(t.nilai_target)
                    .bind(t.tenggat)
                    .bind(&t.keterangan)
                    .bind(pada)
                    .bind(oleh)
                    .bind(p.aktif)
                    .fetch_one(&mut *tx)
                    .await?
                }
                Some(id) => {
                    let n = sqlx::query(
                        "UPDATE target SET indikator = $1, cakupan = $2, cakupan_code = $3, nilai_awal = $4, tgl_awal = $5, \
                         nilai_target = $6, tenggat = $7, keterangan = $8, aktif = $9, diubah_pada = $10, diubah_oleh = $11 \
                         WHERE id = $12",
                    )
                    .bind(&t.indikator)
                    .bind(t.cakupan.jenis())
                    .bind(t.cakupan.code())
                    .bind(t.nilai_awal)
                    .bind(t.tgl_awal)
                    .bind(t.nilai_target)
                    .bind(t.tenggat)
                    .bind(&t.keterangan)
                    .bind(p.aktif)
                    .bind(pada)
                    .bind(oleh)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n == 0 {
                        return Err(DataError::NotFound(format!("Target #{id} tidak ada.")));
                    }
                    id
                }
            };
            let riwayat_id: i64 = sqlx::query_scalar(
                "INSERT INTO target_riwayat (target_id, aksi, indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, \
                 nilai_target, tenggat, keterangan, aktif, oleh, pada, alasan) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(id)
            .bind(if p.id.is_none() && aksi == "ubah" { "buat" } else { aksi })
            .bind(&t.indikator)
            .bind(t.cakupan.jenis())
            .bind(t.cakupan.code())
            .bind(t.nilai_awal)
            .bind(t.tgl_awal)
            .bind(t.nilai_target)
            .bind(t.tenggat)
            .bind(&t.keterangan)
            .bind(p.aktif)
            .bind(oleh)
            .bind(pada)
            .bind(alasan)
            .fetch_one(&mut *tx)
            .await?;
            let json = |(indikator, cakupan, nilai_awal, tgl_awal, nilai_target, tenggat, keterangan, aktif): KeadaanTarget| {
                serde_json::json!({
                    "indikator": indikator, "cakupan": cakupan, "nilai_awal": nilai_awal,
                    "tgl_awal": tgl_awal.to_string(), "nilai_target": nilai_target,
                    "tenggat": tenggat.to_string(), "keterangan": keterangan, "aktif": aktif,
                })
            };
            let mut entri = crate::inti::jejak::Entri::baru(&format!("target.{aksi}"), format!("target/{id}"))
                .sesudah(&json((
                    t.indikator.clone(), t.cakupan.code().to_string(), t.nilai_awal, t.tgl_awal,
                    t.nilai_target, t.tenggat, t.keterangan.clone(), p.aktif,
                )))
                .alasan(alasan);
            if let Some(b) = sebelum {
                entri = entri.sebelum(&json(b));
            }
            let mut ikatan = crate::ikatan_umum!(&mut *tx, "target", &[id]);
            ikatan.extend(crate::ikatan_umum!(&mut *tx, "target_riwayat", &[riwayat_id]));
            crate::catat_jejak!(&mut tx, pelaku, &entri, &ikatan);
            ids.push(id);
        }
    });
    Ok(ids)
}

/// Stores new targets inside the demo load's transaction.
pub async fn simpan_dalam(
    tx: &mut Tx<'_>,
    targets: &[Target],
    oleh: &str,
    pada: DateTime<Utc>,
) -> Result<()> {
    let baru: Vec<Perubahan> = targets
        .iter()
        .map(|t| Perubahan {
            id: None,
            target: t.clone(),
            aktif: true,
        })
        .collect();
    terapkan_dalam(
        tx,
        &baru,
        "buat",
        oleh,
        pada,
        "",
        &crate::inti::jejak::Pelaku::sistem(oleh),
    )
    .await?;
    Ok(())
}

type TargetRow = (
    i64,
    String,
    String,
    String,
    f64,
    NaiveDate,
    f64,
    NaiveDate,
    String,
    bool,
    DateTime<Utc>,
    String,
    Option<DateTime<Utc>>,
    Option<String>,
);

/// The columns of a [`TargetRow`], with a fixed tail (`WHERE`, `ORDER BY`).
macro_rules! pilih_target {
    ($tail:literal) => {
        concat!(
            "SELECT id, indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, nilai_target, tenggat, keterangan, ",
            "aktif, dibuat_pada, dibuat_oleh, diubah_pada, diubah_oleh FROM target ",
            $tail
        )
    };
}

fn dari_baris(r: TargetRow) -> TargetTersimpan {
    let (
        id,
        indikator,
        cakupan,
        code,
        nilai_awal,
        tgl_awal,
        nilai_target,
        tenggat,
        keterangan,
        aktif,
        dp,
        db,
        up,
        ub,
    ) = r;
    TargetTersimpan {
        id,
        target: Target {
            indikator,
            cakupan: Cakupan::dari(&cakupan, code),
            nilai_awal,
            tgl_awal,
            nilai_target,
            tenggat,
            keterangan,
        },
        aktif,
        dibuat_pada: dp,
        dibuat_oleh: db,
        diubah_pada: up,
        diubah_oleh: ub,
    }
}

/// Every target, active or not, in id order.
pub async fn daftar(db: &Db) -> Result<Vec<TargetTersimpan>> {
    let rows: Vec<TargetRow> = on_db!(db, pool => {
        sqlx::query_as(pilih_target!("ORDER BY id")).fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(dari_baris).collect())
}

/// The active targets as an open transaction sees them.
pub async fn semua_dalam(tx: &mut Tx<'_>) -> Result<Vec<Target>> {
    let rows: Vec<TargetRow> = crate::on_tx!(tx, c => {
        sqlx::query_as(pilih_target!("WHERE aktif ORDER BY id")).fetch_all(&mut *c).await?
    });
    Ok(rows.into_iter().map(|r| dari_baris(r).target).collect())
}

/// The active targets, the ones the dashboard judges against.
pub async fn semua(db: &Db) -> Result<Vec<Target>> {
    Ok(daftar(db)
        .await?
        .into_iter()
        .filter(|t| t.aktif)
        .map(|t| t.target)
        .collect())
}

/// One target, active or not.
pub async fn satu(db: &Db, id: i64) -> Result<TargetTersimpan> {
    let row: Option<TargetRow> = on_db!(db, pool => {
        sqlx::query_as(pilih_target!("WHERE id = $1")).bind(id).fetch_optional(pool).await?
    });
    row.map(dari_baris)
        .ok_or_else(|| DataError::NotFound(format!("Target #{id} tidak ada.")))
}

type RiwayatRow = (
    String,
    String,
    String,
    String,
    f64,
    NaiveDate,
    f64,
    NaiveDate,
    String,
    bool,
    String,
    DateTime<Utc>,
    String,
);

/// Every state of a target, oldest first.
pub async fn riwayat(db: &Db, id: i64) -> Result<Vec<RiwayatTarget>> {
    let rows: Vec<RiwayatRow> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT aksi, indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, nilai_target, tenggat, keterangan, \
             aktif, oleh, pada, alasan FROM target_riwayat WHERE target_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(
                aksi,
                indikator,
                cakupan,
                code,
                nilai_awal,
                tgl_awal,
                nilai_target,
                tenggat,
                keterangan,
                aktif,
                oleh,
                pada,
                alasan,
            )| {
                RiwayatTarget {
                    aksi,
                    target: Target {
                        indikator,
                        cakupan: Cakupan::dari(&cakupan, code),
                        nilai_awal,
                        tgl_awal,
                        nilai_target,
                        tenggat,
                        keterangan,
                    },
                    aktif,
                    oleh,
                    pada,
                    alasan,
                }
            },
        )
        .collect())
}
