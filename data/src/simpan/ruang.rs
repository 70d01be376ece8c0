//! Storage of the rooms: frozen snapshots (briefings and meetings) and the
//! meetings' tindak lanjut items.

use crate::error::{DataError, Result};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::sandi::sha256_hex;
use crate::inti::waktu::waktu_panjang;
use crate::simpan::Db;
use crate::simpan::Tx;
use crate::{catat_jejak, on_db};
use chrono::{DateTime, Utc};
use model::Periode;
use model::ruang::{Cuplikan, Isi};

const KOLOM_CUPLIKAN: &str =
    "id, jenis, judul, tanggal, periode, cutoff, hash, isi, dibuat_oleh, peserta";

const KOLOM_TINDAK: &str = "id, rapat_id, uraian, kecamatan_code, kelurahan_code, indikator, penanggung_jawab, tenggat, status, catatan, dibuat_oleh, dibuat_pada, diubah_oleh, diubah_pada";

/// A stored snapshot row.
#[derive(sqlx::FromRow)]
pub struct BarisCuplikan {
    pub id: i64,
    pub jenis: String,
    pub judul: String,
    pub tanggal: String,
    pub periode: String,
    pub cutoff: String,
    pub hash: String,
    pub isi: String,
    pub dibuat_oleh: String,
    /// Role codes separated by commas: who gets a meeting's pack.
    pub peserta: String,
}

impl BarisCuplikan {
    /// The roles chosen to receive the pack (unknown codes skipped).
    pub fn peserta(&self) -> Vec<model::akun::Peran> {
        self.peserta
            .split(',')
            .filter_map(model::akun::Peran::from_code)
            .collect()
    }

    pub fn lihat(&self) -> Result<Cuplikan> {
        let periode =
            Periode::parse(&self.periode).map_err(|e| DataError::Internal(e.to_string()))?;
        let cutoff = DateTime::parse_from_rfc3339(&self.cutoff)
            .map(|t| waktu_panjang(t.with_timezone(&Utc)))
            .unwrap_or_else(|_| self.cutoff.clone());
        Ok(Cuplikan {
            id: self.id,
            jenis: self.jenis.clone(),
            judul: self.judul.clone(),
            tanggal: model::format::tanggal_iso(&self.tanggal),
            tanggal_iso: self.tanggal.clone(),
            periode,
            cutoff,
            hash: self.hash.clone(),
            dibuat_oleh: self.dibuat_oleh.clone(),
            peserta: self
                .peserta()
                .into_iter()
                .map(|p| p.label().to_string())
                .collect(),
            utuh: sha256_hex(self.isi.as_bytes()) == self.hash,
        })
    }

    pub fn isi(&self) -> Result<Isi> {
        serde_json::from_str(&self.isi).map_err(|e| DataError::Internal(e.to_string()))
    }
}

pub async fn daftar_cuplikan(db: &Db, jenis: &str) -> Result<Vec<BarisCuplikan>> {
    let sql = format!("SELECT {KOLOM_CUPLIKAN} FROM cuplikan WHERE jenis = $1 ORDER BY id DESC");
    Ok(
        on_db!(db, p => sqlx::query_as::<_, BarisCuplikan>(sqlx::AssertSqlSafe(sql.as_str())).bind(jenis).fetch_all(p).await?),
    )
}

pub async fn satu_cuplikan(db: &Db, id: i64) -> Result<BarisCuplikan> {
    let sql = format!("SELECT {KOLOM_CUPLIKAN} FROM cuplikan WHERE id = $1");
    on_db!(db, p => sqlx::query_as::<_, BarisCuplikan>(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await?)
        .ok_or_else(|| DataError::NotFound(format!("Rapat atau briefing #{id} tidak ada.")))
}

/// A tindak lanjut row as stored.
#[derive(sqlx::FromRow)]
pub struct BarisTindak {
    pub id: i64,
    pub rapat_id: i64,
    pub uraian: String,
    pub kecamatan_code: Option<String>,
    pub kelurahan_code: Option<String>,
    pub indikator: Option<String>,
    pub penanggung_jawab: String,
    pub tenggat: String,
    pub status: String,
    pub catatan: String,
    pub dibuat_oleh: String,
    pub dibuat_pada: String,
    pub diubah_oleh: Option<String>,
    pub diubah_pada: Option<String>,
}

/// The fields of a snapshot to store.
pub struct CuplikanBaru<'a> {
    pub jenis: &'a str,
    pub judul: &'a str,
    pub tanggal: String,
    pub periode: String,
    pub revisi: i64,
    pub cutoff: &'a str,
    pub hash: &'a str,
    pub isi: &'a str,
    /// Who gets a meeting's pack ([`BarisCuplikan::peserta`]).
    pub peserta: &'a [model::akun::Peran],
}

/// Stores a snapshot with its audit entry (its object named by the new id);
/// returns the id.
pub async fn simpan_cuplikan(
    db: &Db,
    c: &CuplikanBaru<'_>,
    pelaku: &Pelaku,
    entri: Entri,
) -> Result<i64> {
    crate::dalam_tx!(db, tx => simpan_cuplikan_dalam(&mut tx, c, pelaku, entri.clone()).await?)
}

/// [`simpan_cuplikan`] inside an open transaction.
pub async fn simpan_cuplikan_dalam(
    tx: &mut Tx<'_>,
    c: &CuplikanBaru<'_>,
    pelaku: &Pelaku,
    entri: Entri,
) -> Result<i64> {
    Ok(crate::on_tx!(tx, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO cuplikan (jenis, judul, tanggal, periode, revisi, cutoff, hash, isi, dibuat_oleh, peserta) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(c.jenis)
        .bind(c.judul)
        .bind(&c.tanggal)
        .bind(&c.periode)
        .bind(c.revisi)
        .bind(c.cutoff)
        .bind(c.hash)
        .bind(c.isi)
        .bind(&pelaku.pengguna)
        .bind(c.peserta.iter().map(|p| p.code()).collect::<Vec<_>>().join(","))
        .fetch_one(&mut *tx)
        .await?;
        let entri = Entri { objek: format!("{}:{id}", c.jenis), ..entri.clone() };
        let ikatan = crate::ikatan_umum!(&mut *tx, "cuplikan", &[id]);
        catat_jejak!(&mut tx, pelaku, &entri, &ikatan);
        id
    }))
}

/// The meetings frozen since `sejak` with participants to send their
/// pack to.
pub async fn rapat_berpeserta(
    db: &Db,
    sejak: DateTime<Utc>,
) -> Result<Vec<crate::inti::pesan::RapatBeku>> {
    let sql = format!(
        "SELECT {KOLOM_CUPLIKAN} FROM cuplikan \
         WHERE jenis = 'rapat' AND peserta <> '' AND cutoff >= $1 ORDER BY id"
    );
    let rows = on_db!(db, p => sqlx::query_as::<_, BarisCuplikan>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(sejak.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .fetch_all(p).await?);
    rows.iter()
        .map(|r| {
            Ok(crate::inti::pesan::RapatBeku {
                id: r.id,
                judul: r.judul.clone(),
                tanggal: chrono::NaiveDate::parse_from_str(&r.tanggal, "%Y-%m-%d")
                    .map_err(|e| DataError::Internal(format!("tanggal rapat #{}: {e}", r.id)))?,
                periode: Periode::parse(&r.periode)
                    .map_err(|e| DataError::Internal(e.to_string()))?,
                hash: r.hash.clone(),
                peserta: r.peserta(),
            })
        })
        .collect()
}

/// Every tindak lanjut item, by deadline.
pub async fn tindak_semua(db: &Db) -> Result<Vec<BarisTindak>> {
    let sql = format!("SELECT {KOLOM_TINDAK} FROM tindak_lanjut ORDER BY tenggat, id");
    Ok(
        on_db!(db, p => sqlx::query_as::<_, BarisTindak>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await?),
    )
}

/// One tindak lanjut item.
pub async fn satu_tindak(db: &Db, id: i64) -> Result<Option<BarisTindak>> {
    let sql = format!("SELECT {KOLOM_TINDAK} FROM tindak_lanjut WHERE id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as::<_, BarisTindak>(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await?),
    )
}

/// The checked fields of a new tindak lanjut item.
pub struct TindakTersaring<'a> {
    pub rapat_id: i64,
    pub uraian: &'a str,
    pub kecamatan_code: Option<String>,
    pub kelurahan_code: Option<String>,
    pub indikator: Option<String>,
    pub penanggung_jawab: &'a str,
    pub tenggat: &'a str,
    pub catatan: &'a str,
}

/// Stores a new, open item with its audit entry; returns its id.
pub async fn tambah_tindak(
    db: &Db,
    t: &TindakTersaring<'_>,
    pada: &str,
    pelaku: &Pelaku,
    entri: Entri,
) -> Result<i64> {
    crate::dalam_tx!(db, tx => tambah_tindak_dalam(&mut tx, t, pada, pelaku, entri.clone()).await?)
}

/// [`tambah_tindak`] inside an open transaction.
pub async fn tambah_tindak_dalam(
    tx: &mut Tx<'_>,
    t: &TindakTersaring<'_>,
    pada: &str,
    pelaku: &Pelaku,
    entri: Entri,
) -> Result<i64> {
    Ok(crate::on_tx!(tx, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO tindak_lanjut (rapat_id, uraian, kecamatan_code, kelurahan_code, indikator, penanggung_jawab, tenggat, status, catatan, dibuat_oleh, dibuat_pada) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'terbuka', $8, $9, $10) RETURNING id",
        )
        .bind(t.rapat_id)
        .bind(t.uraian)
        .bind(&t.kecamatan_code)
        .bind(&t.kelurahan_code)
        .bind(&t.indikator)
        .bind(t.penanggung_jawab)
        .bind(t.tenggat)
        .bind(t.catatan)
        .bind(&pelaku.pengguna)
        .bind(pada)
        .fetch_one(&mut *tx)
        .await?;
        let entri = Entri { objek: format!("tindak_lanjut:{id}"), ..entri.clone() };
        let ikatan = crate::ikatan_umum!(&mut *tx, "tindak_lanjut", &[id]);
        catat_jejak!(&mut tx, pelaku, &entri, &ikatan);
        id
    }))
}

/// Changes an item's status and note, with its audit entry.
pub async fn ubah_tindak(
    db: &Db,
    id: i64,
    status: &str,
    catatan: &str,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<()> {
    crate::dalam_tx!(db, tx => ubah_tindak_dalam(&mut tx, id, status, catatan, pada, pelaku, entri).await?)
}

/// [`ubah_tindak`] inside an open transaction.
pub async fn ubah_tindak_dalam(
    tx: &mut Tx<'_>,
    id: i64,
    status: &str,
    catatan: &str,
    pada: &str,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<()> {
    crate::on_tx!(tx, tx => {
        sqlx::query("UPDATE tindak_lanjut SET status = $1, catatan = $2, diubah_oleh = $3, diubah_pada = $4 WHERE id = $5")
            .bind(status)
            .bind(catatan)
            .bind(&pelaku.pengguna)
            .bind(pada)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let ikatan = crate::ikatan_umum!(&mut *tx, "tindak_lanjut", &[id]);
        catat_jejak!(&mut tx, pelaku, entri, &ikatan);
    });
    Ok(())
}
