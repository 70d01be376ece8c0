//! Program targets: an indicator, a scope (the city, one kecamatan or one
//! kelurahan), a baseline and a deadline. Status is judged against the
//! straight trajectory from the baseline to the target on the deadline
//! (DOMAIN.md §5).
//!
//! Targets are edited by the Dinas, so every change is kept: a target is
//! never updated without a row in `target_riwayat` holding the whole target
//! as it stood after the change, who made it, when and why; a retired target
//! is marked inactive, never deleted. Every write bumps `revisi` in the same
//! transaction, so the dashboard recomputes.

use crate::error::{DataError, Result};
use crate::master::Wilayah;
use crate::{Db, on_db};
use chrono::{DateTime, NaiveDate, Utc};
use model::indikator::{self, TARGETABLE};
use model::status::StatusTarget;

/// Where a target applies. The most specific target wins: a kelurahan's own
/// over its kecamatan's, a kecamatan's over the city's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cakupan {
    Kota,
    Kecamatan(String),
    Kelurahan(String),
}

/// The city's Kemendagri code, stored as the scope code of city targets.
pub const KODE_KOTA: &str = "16.71";

impl Cakupan {
    /// The stored word: kota, kecamatan or kelurahan.
    pub fn jenis(&self) -> &'static str {
        match self {
            Cakupan::Kota => "kota",
            Cakupan::Kecamatan(_) => "kecamatan",
            Cakupan::Kelurahan(_) => "kelurahan",
        }
    }

    pub fn code(&self) -> &str {
        match self {
            Cakupan::Kota => KODE_KOTA,
            Cakupan::Kecamatan(c) | Cakupan::Kelurahan(c) => c,
        }
    }

    fn dari(jenis: &str, code: String) -> Cakupan {
        match jenis {
            "kecamatan" => Cakupan::Kecamatan(code),
            "kelurahan" => Cakupan::Kelurahan(code),
            _ => Cakupan::Kota,
        }
    }

    /// "Kota Palembang", "Kecamatan Ilir Barat I", "Kelurahan 35 Ilir".
    pub fn nama(&self, wilayah: &Wilayah) -> String {
        match self {
            Cakupan::Kota => "Kota Palembang".into(),
            Cakupan::Kecamatan(c) => wilayah
                .kecamatan(c)
                .map_or_else(|| c.clone(), |k| format!("Kecamatan {}", k.nama)),
            Cakupan::Kelurahan(c) => wilayah
                .kelurahan(c)
                .map_or_else(|| c.clone(), |k| format!("Kelurahan {}", k.nama)),
        }
    }
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

/// A stored target.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetTersimpan {
    pub id: i64,
    pub target: Target,
    pub aktif: bool,
    pub dibuat_pada: DateTime<Utc>,
    pub dibuat_oleh: String,
    pub diubah_pada: Option<DateTime<Utc>>,
    pub diubah_oleh: Option<String>,
}

/// One state a target has had.
#[derive(Clone, Debug, PartialEq)]
pub struct RiwayatTarget {
    /// buat, ubah, impor or nonaktif.
    pub aksi: String,
    pub target: Target,
    pub aktif: bool,
    pub oleh: String,
    pub pada: DateTime<Utc>,
    pub alasan: String,
}

/// Below this fraction of the trajectory a scope is "tertinggal"; between it
/// and the trajectory, "berisiko".
pub const AMBANG_BERISIKO: f64 = 0.75;

/// The fields of a target as people write them, in the order of the CSV
/// columns and the form; the names are the CSV header.
pub const KOLOM: [&str; 8] = [
    "indikator",
    "cakupan",
    "kode_wilayah",
    "nilai_awal",
    "tgl_awal",
    "nilai_target",
    "tenggat",
    "keterangan",
];

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

    /// The status of `aktual` on `tanggal`. The analytics core computes the
    /// same bands in polars (`analytics::capaian`); a test keeps them equal.
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

    /// The target that applies on `pada` to an area for `indikator`: the most
    /// specific scope that has one (kelurahan, then kecamatan, then city);
    /// within it, the nearest deadline not yet passed, else the last one.
    pub fn berlaku<'a>(
        targets: &'a [Target],
        indikator: &str,
        kecamatan: Option<&str>,
        kelurahan: Option<&str>,
        pada: NaiveDate,
    ) -> Option<&'a Target> {
        let pilih = |cakupan: Cakupan| -> Option<&'a Target> {
            let mut cocok: Vec<&Target> = targets
                .iter()
                .filter(|t| t.indikator == indikator && t.cakupan == cakupan)
                .collect();
            cocok.sort_by_key(|t| t.tenggat);
            cocok
                .iter()
                .find(|t| t.tenggat >= pada)
                .or(cocok.last())
                .copied()
        };
        kelurahan
            .and_then(|c| pilih(Cakupan::Kelurahan(c.to_string())))
            .or_else(|| kecamatan.and_then(|c| pilih(Cakupan::Kecamatan(c.to_string()))))
            .or_else(|| pilih(Cakupan::Kota))
    }

    /// Reads a target from what was written, field by field as [`KOLOM`]
    /// names them. Shares (% KKMP) are written in percent: "80" or "80%"
    /// means 0.8. Every unreadable field is named, in Bahasa.
    pub fn baca(isian: &[&str; 8], wilayah: &Wilayah) -> Result<Target, Vec<(usize, String)>> {
        let mut salah: Vec<(usize, String)> = Vec::new();
        let indikator = isian[0].trim().to_lowercase();
        let targetable = TARGETABLE.contains(&indikator.as_str());
        if !targetable {
            salah.push((
                0,
                format!(
                    "indikator '{}' tidak dapat diberi target; pilih salah satu: {}",
                    isian[0].trim(),
                    TARGETABLE.join(", ")
                ),
            ));
        }
        let code = isian[2].trim().to_string();
        let cakupan = match isian[1].trim().to_lowercase().as_str() {
            "kota" => {
                if !code.is_empty() && code != KODE_KOTA {
                    salah.push((
                        2,
                        format!("target kota memakai kode {KODE_KOTA} atau dikosongkan, tertulis '{code}'"),
                    ));
                }
                Some(Cakupan::Kota)
            }
            "kecamatan" => {
                if wilayah.kecamatan(&code).is_none() {
                    salah.push((
                        2,
                        format!("kecamatan dengan kode '{code}' tidak ada di Kota Palembang"),
                    ));
                }
                Some(Cakupan::Kecamatan(code))
            }
            "kelurahan" => {
                if wilayah.kelurahan(&code).is_none() {
                    salah.push((
                        2,
                        format!("kelurahan dengan kode '{code}' tidak ada di Kota Palembang"),
                    ));
                }
                Some(Cakupan::Kelurahan(code))
            }
            other => {
                salah.push((
                    1,
                    format!("cakupan harus kota, kecamatan atau kelurahan, tertulis '{other}'"),
                ));
                None
            }
        };
        let persen = targetable && indikator::persen_kkmp(&indikator);
        let mut nilai = |i: usize| -> Option<f64> {
            match model::parse::desimal(isian[i]) {
                Ok(x) if x < 0.0 => {
                    salah.push((
                        i,
                        format!("tidak boleh negatif, tertulis '{}'", isian[i].trim()),
                    ));
                    None
                }
                Ok(x) if persen && x > 100.0 => {
                    salah.push((
                        i,
                        format!(
                            "persentase paling besar 100, tertulis '{}'",
                            isian[i].trim()
                        ),
                    ));
                    None
                }
                Ok(x) => Some(if persen { x / 100.0 } else { x }),
                Err(e) => {
                    salah.push((i, e));
                    None
                }
            }
        };
        let nilai_awal = nilai(3);
        let nilai_target = nilai(5);
        let mut tanggal = |i: usize| -> Option<NaiveDate> {
            match model::parse::tanggal(isian[i]) {
                Ok((y, m, d)) => NaiveDate::from_ymd_opt(y, m, d),
                Err(e) => {
                    salah.push((i, e));
                    None
                }
            }
        };
        let tgl_awal = tanggal(4);
        let tenggat = tanggal(6);
        if let (Some(a), Some(t)) = (tgl_awal, tenggat)
            && t <= a
        {
            salah.push((6, "tenggat harus sesudah tanggal awal".into()));
        }
        let keterangan = crate::ekspor::tanpa_apostrof(isian[7].trim()).to_string();
        if keterangan.chars().count() > 500 {
            salah.push((7, "keterangan paling panjang 500 huruf".into()));
        }
        match (cakupan, nilai_awal, tgl_awal, nilai_target, tenggat) {
            (
                Some(cakupan),
                Some(nilai_awal),
                Some(tgl_awal),
                Some(nilai_target),
                Some(tenggat),
            ) if salah.is_empty() => Ok(Target {
                indikator,
                cakupan,
                nilai_awal,
                tgl_awal,
                nilai_target,
                tenggat,
                keterangan,
            }),
            _ => Err(salah),
        }
    }

    /// The fields as [`Target::baca`] reads them back (shares in percent).
    pub fn tulis(&self) -> [String; 8] {
        let persen = indikator::persen_kkmp(&self.indikator);
        let angka = |x: f64| {
            let v = if persen { x * 100.0 } else { x };
            let s = format!("{v:.4}");
            s.trim_end_matches('0')
                .trim_end_matches('.')
                .replace('.', ",")
        };
        [
            self.indikator.clone(),
            self.cakupan.jenis().into(),
            self.cakupan.code().into(),
            angka(self.nilai_awal),
            self.tgl_awal.to_string(),
            angka(self.nilai_target),
            self.tenggat.to_string(),
            self.keterangan.clone(),
        ]
    }
}

/// A change to apply: a new target (`id` None) or a new state of one.
#[derive(Clone, Debug)]
pub struct Perubahan {
    pub id: Option<i64>,
    pub target: Target,
    pub aktif: bool,
}

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
    pelaku: &crate::jejak::Pelaku,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(perubahan.len());
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
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
            sqlx::query(
                "INSERT INTO target_riwayat (target_id, aksi, indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, \
                 nilai_target, tenggat, keterangan, aktif, oleh, pada, alasan) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
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
            .execute(&mut *tx)
            .await?;
            let json = |(indikator, cakupan, nilai_awal, tgl_awal, nilai_target, tenggat, keterangan, aktif): KeadaanTarget| {
                serde_json::json!({
                    "indikator": indikator, "cakupan": cakupan, "nilai_awal": nilai_awal,
                    "tgl_awal": tgl_awal.to_string(), "nilai_target": nilai_target,
                    "tenggat": tenggat.to_string(), "keterangan": keterangan, "aktif": aktif,
                })
            };
            let mut entri = crate::jejak::Entri::baru(&format!("target.{aksi}"), format!("target/{id}"))
                .sesudah(&json((
                    t.indikator.clone(), t.cakupan.code().to_string(), t.nilai_awal, t.tgl_awal,
                    t.nilai_target, t.tenggat, t.keterangan.clone(), p.aktif,
                )))
                .alasan(alasan);
            if let Some(b) = sebelum {
                entri = entri.sebelum(&json(b));
            }
            crate::catat_jejak!(&mut tx, pelaku, &entri);
            ids.push(id);
        }
        sqlx::query("UPDATE revisi SET nomor = nomor + 1 WHERE id = 1").execute(&mut *tx).await?;
        tx.commit().await?;
    });
    Ok(ids)
}

/// Stores new targets in one transaction (the demo).
pub async fn simpan(db: &Db, targets: &[Target], oleh: &str, pada: DateTime<Utc>) -> Result<()> {
    let baru: Vec<Perubahan> = targets
        .iter()
        .map(|t| Perubahan {
            id: None,
            target: t.clone(),
            aktif: true,
        })
        .collect();
    terapkan(
        db,
        &baru,
        "buat",
        oleh,
        pada,
        "",
        &crate::jejak::Pelaku::sistem(oleh),
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

/// Reads a CSV of targets (header [`KOLOM`], comma or semicolon separated,
/// shares in percent). All or nothing: every bad cell is reported with its
/// row, column letter and field name, in Bahasa.
pub fn baca_csv(isi: &[u8], wilayah: &Wilayah) -> Result<Vec<Target>, Vec<String>> {
    let teks = match std::str::from_utf8(isi.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(isi)) {
        Ok(t) => t,
        Err(_) => {
            return Err(vec![
                "Berkas bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.".into(),
            ]);
        }
    };
    let baris_pertama = teks.lines().next().unwrap_or_default();
    let pemisah = if baris_pertama.matches(';').count() > baris_pertama.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(pemisah)
        .flexible(true)
        .from_reader(teks.as_bytes());
    let mut salah = Vec::new();
    let judul: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![format!("Baris 1: judul kolom tidak terbaca ({e}).")]),
    };
    let mut posisi = [0usize; 8];
    for (i, nama) in KOLOM.iter().enumerate() {
        match judul.iter().position(|j| j == nama) {
            Some(p) => posisi[i] = p,
            None => salah.push(format!(
                "Baris 1: kolom '{nama}' tidak ada. Judul kolom harus: {}.",
                KOLOM.join(", ")
            )),
        }
    }
    if !salah.is_empty() {
        return Err(salah);
    }
    let mut hasil = Vec::new();
    for (n, rec) in rdr.records().enumerate() {
        let baris = n + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                salah.push(format!("Baris {baris}: tidak terbaca ({e})."));
                continue;
            }
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let sel: [&str; 8] = std::array::from_fn(|i| rec.get(posisi[i]).unwrap_or(""));
        match Target::baca(&sel, wilayah) {
            Ok(t) => hasil.push((baris, t)),
            Err(es) => salah.extend(es.into_iter().map(|(i, e)| {
                format!(
                    "Baris {baris}, kolom {} ({}): {e}.",
                    crate::impor::kolom_huruf(posisi[i]),
                    KOLOM[i]
                )
            })),
        }
    }
    // The same indicator, scope and deadline twice in one file.
    for (i, (b1, a)) in hasil.iter().enumerate() {
        if let Some((b2, _)) = hasil[i + 1..].iter().find(|(_, b)| {
            b.indikator == a.indikator && b.cakupan == a.cakupan && b.tenggat == a.tenggat
        }) {
            salah.push(format!(
                "Baris {b2}: target {} untuk {} dengan tenggat {} sudah ada di baris {b1}.",
                a.indikator,
                a.cakupan.code(),
                a.tenggat
            ));
        }
    }
    if hasil.is_empty() && salah.is_empty() {
        salah.push("Berkas tidak berisi satu target pun.".into());
    }
    if salah.is_empty() {
        Ok(hasil.into_iter().map(|(_, t)| t).collect())
    } else {
        Err(salah)
    }
}

/// A CSV of the active targets in the layout [`baca_csv`] reads.
pub fn tulis_csv(targets: &[Target]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = w.write_record(KOLOM);
    for t in targets {
        let mut rec = t.tulis();
        rec[7] = crate::ekspor::aman(&rec[7]);
        let _ = w.write_record(&rec);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
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
    fn the_most_specific_scope_and_the_nearest_deadline_apply() {
        let city = sembako();
        let own = Target {
            cakupan: Cakupan::Kecamatan("16.71.04".into()),
            nilai_target: 0.5,
            ..sembako()
        };
        let kel = Target {
            cakupan: Cakupan::Kelurahan("16.71.04.1001".into()),
            nilai_target: 0.9,
            ..sembako()
        };
        let later = Target {
            tenggat: d("2026-12-31"),
            nilai_target: 1.0,
            ..sembako()
        };
        let all = [city.clone(), own.clone(), kel.clone(), later.clone()];
        let day = d("2025-11-30");
        let f = |kec, kel| Target::berlaku(&all, "gerai_sembako", kec, kel, day);
        assert_eq!(f(Some("16.71.04"), None), Some(&own));
        assert_eq!(f(Some("16.71.04"), Some("16.71.04.1001")), Some(&kel));
        assert_eq!(f(Some("16.71.01"), None), Some(&city));
        // After the first deadline, the next one applies; after all, the last.
        assert_eq!(
            Target::berlaku(&all, "gerai_sembako", None, None, d("2026-05-31")),
            Some(&later)
        );
        assert_eq!(
            Target::berlaku(&all, "gerai_sembako", None, None, d("2027-05-31")),
            Some(&later)
        );
        assert_eq!(Target::berlaku(&all, "rekening", None, None, day), None);
    }

    #[test]
    fn a_target_reads_back_what_it_writes() {
        let w = Wilayah::embedded().unwrap();
        let t = Target {
            cakupan: Cakupan::Kecamatan("16.71.04".into()),
            nilai_target: 0.85,
            keterangan: "Percontohan".into(),
            ..sembako()
        };
        let isian = t.tulis();
        let refs: [&str; 8] = std::array::from_fn(|i| isian[i].as_str());
        assert_eq!(isian[5], "85");
        assert_eq!(Target::baca(&refs, &w), Ok(t));
    }

    #[test]
    fn csv_errors_name_row_column_and_field() {
        let w = Wilayah::embedded().unwrap();
        let csv = "indikator;cakupan;kode_wilayah;nilai_awal;tgl_awal;nilai_target;tenggat;keterangan\n\
                   gerai_sembako;kota;;0;1/7/2025;100%;31/3/2026;Tonggak nasional\n\
                   omzet;kecamatan;16.71.99;0;1/7/2025;120;30/2/2026;x\n\
                   anggota_rata;kota;16.71;40;1/5/2025;150;31/12/2026;\n";
        let errs = baca_csv(csv.as_bytes(), &w).unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.starts_with("Baris 3, kolom A (indikator): indikator 'omzet'")),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e
                .starts_with("Baris 3, kolom C (kode_wilayah): kecamatan dengan kode '16.71.99'")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.starts_with("Baris 3, kolom G (tenggat)")),
            "{errs:?}"
        );
        assert_eq!(errs.len(), 3, "{errs:?}");
        let ok = "indikator,cakupan,kode_wilayah,nilai_awal,tgl_awal,nilai_target,tenggat,keterangan\n\
                  gerai_sembako,kota,,0,1/7/2025,100%,31/3/2026,Tonggak nasional\n";
        let t = baca_csv(ok.as_bytes(), &w).unwrap();
        assert_eq!(t[0].nilai_target, 1.0);
        assert_eq!(t[0].tenggat, d("2026-03-31"));
        let round = tulis_csv(&t);
        assert_eq!(baca_csv(round.as_bytes(), &w).unwrap(), t);
    }

    #[test]
    fn a_csv_without_the_columns_is_refused_whole() {
        let w = Wilayah::embedded().unwrap();
        let errs = baca_csv(b"nama,nilai\nx,1\n", &w).unwrap_err();
        assert!(errs[0].contains("kolom 'indikator' tidak ada"), "{errs:?}");
    }
}
