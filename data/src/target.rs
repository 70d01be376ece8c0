//! Program targets: an indicator, a scope (the city or one kecamatan), a
//! baseline and a deadline. Status is judged against the straight trajectory
//! from the baseline to the target on the deadline (DOMAIN.md §5).

use crate::error::Result;
use crate::{Db, on_db};
use chrono::{DateTime, NaiveDate, Utc};
use model::status::StatusTarget;

/// Where a target applies. A kecamatan's own target overrides the city's for
/// that kecamatan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cakupan {
    Kota,
    Kecamatan(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub indikator: String,
    pub cakupan: Cakupan,
    pub nilai_awal: f64,
    pub tgl_awal: NaiveDate,
    pub nilai_target: f64,
    pub tenggat: NaiveDate,
    pub keterangan: String,
}

/// Below this fraction of the trajectory a scope is "tertinggal"; between it
/// and the trajectory, "berisiko".
pub const AMBANG_BERISIKO: f64 = 0.75;

impl Target {
    /// Where the straight trajectory stands on `tanggal`: the baseline before
    /// it starts, the target from the deadline on.
    pub fn harapan(&self, tanggal: NaiveDate) -> f64 {
        let total = (self.tenggat - self.tgl_awal).num_days();
        if total <= 0 || tanggal >= self.tenggat {
            return self.nilai_target;
        }
        let done = (tanggal - self.tgl_awal).num_days().clamp(0, total);
        self.nilai_awal + (self.nilai_target - self.nilai_awal) * done as f64 / total as f64
    }

    /// The status of `aktual` on `tanggal`.
    pub fn status(&self, aktual: f64, tanggal: NaiveDate) -> StatusTarget {
        const EPS: f64 = 1e-9;
        let harapan = self.harapan(tanggal);
        if aktual + EPS >= self.nilai_target {
            StatusTarget::Tercapai
        } else if aktual + EPS >= harapan {
            StatusTarget::SesuaiJalur
        } else if aktual + EPS >= self.nilai_awal + (harapan - self.nilai_awal) * AMBANG_BERISIKO {
            StatusTarget::Berisiko
        } else {
            StatusTarget::Tertinggal
        }
    }

    /// The target that applies to `kecamatan` for `indikator`: its own, else
    /// the city's.
    pub fn berlaku<'a>(
        targets: &'a [Target],
        indikator: &str,
        kecamatan: Option<&str>,
    ) -> Option<&'a Target> {
        let own = kecamatan.and_then(|code| {
            targets.iter().find(|t| {
                t.indikator == indikator && t.cakupan == Cakupan::Kecamatan(code.to_string())
            })
        });
        own.or_else(|| {
            targets
                .iter()
                .find(|t| t.indikator == indikator && t.cakupan == Cakupan::Kota)
        })
    }
}

/// Stores targets in one transaction.
pub async fn simpan(db: &Db, targets: &[Target], oleh: &str, pada: DateTime<Utc>) -> Result<()> {
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        for t in targets {
            let (cakupan, code) = match &t.cakupan {
                Cakupan::Kota => ("kota", "16.71".to_string()),
                Cakupan::Kecamatan(c) => ("kecamatan", c.clone()),
            };
            sqlx::query(
                "INSERT INTO target (indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, nilai_target, tenggat, \
                 keterangan, dibuat_pada, dibuat_oleh) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(&t.indikator)
            .bind(cakupan)
            .bind(code)
            .bind(t.nilai_awal)
            .bind(t.tgl_awal)
            .bind(t.nilai_target)
            .bind(t.tenggat)
            .bind(&t.keterangan)
            .bind(pada)
            .bind(oleh)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE revisi SET nomor = nomor + 1 WHERE id = 1").execute(&mut *tx).await?;
        tx.commit().await?;
    });
    Ok(())
}

type TargetRow = (
    String,
    String,
    String,
    f64,
    NaiveDate,
    f64,
    NaiveDate,
    String,
);

/// All targets, oldest first.
pub async fn semua(db: &Db) -> Result<Vec<Target>> {
    let rows: Vec<TargetRow> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, nilai_target, tenggat, keterangan \
             FROM target ORDER BY id",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(
                indikator,
                cakupan,
                code,
                nilai_awal,
                tgl_awal,
                nilai_target,
                tenggat,
                keterangan,
            )| Target {
                indikator,
                cakupan: if cakupan == "kota" {
                    Cakupan::Kota
                } else {
                    Cakupan::Kecamatan(code)
                },
                nilai_awal,
                tgl_awal,
                nilai_target,
                tenggat,
                keterangan,
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sembako() -> Target {
        Target {
            indikator: "gerai_sembako".into(),
            cakupan: Cakupan::Kota,
            nilai_awal: 0.0,
            tgl_awal: d("2025-07-01"),
            nilai_target: 1.0,
            tenggat: d("2026-03-31"),
            keterangan: String::new(),
        }
    }

    #[test]
    fn trajectory_is_straight_and_clamped() {
        let t = sembako();
        assert_eq!(t.harapan(d("2025-01-01")), 0.0);
        assert_eq!(t.harapan(d("2026-03-31")), 1.0);
        assert_eq!(t.harapan(d("2027-01-01")), 1.0);
        // 2025-07-01 → 2026-03-31 is 273 days; halfway is day 136.5.
        let mid = t.harapan(d("2025-11-14"));
        assert!((mid - 136.0 / 273.0).abs() < 1e-12, "{mid}");
    }

    #[test]
    fn status_bands() {
        let t = sembako();
        let day = d("2025-11-14"); // expected ≈ 0.498
        assert_eq!(t.status(1.0, day), StatusTarget::Tercapai);
        assert_eq!(t.status(0.5, day), StatusTarget::SesuaiJalur);
        assert_eq!(t.status(0.40, day), StatusTarget::Berisiko);
        assert_eq!(t.status(0.30, day), StatusTarget::Tertinggal);
    }

    #[test]
    fn own_target_overrides_the_city() {
        let city = sembako();
        let own = Target {
            cakupan: Cakupan::Kecamatan("16.71.04".into()),
            nilai_target: 0.5,
            ..sembako()
        };
        let all = [city.clone(), own.clone()];
        assert_eq!(
            Target::berlaku(&all, "gerai_sembako", Some("16.71.04")),
            Some(&own)
        );
        assert_eq!(
            Target::berlaku(&all, "gerai_sembako", Some("16.71.01")),
            Some(&city)
        );
        assert_eq!(Target::berlaku(&all, "rekening", None), None);
    }
}
