//! The monthly report (laporan bulanan) and its storage.
//!
//! A report is stored as immutable versions: a submission for (KKMP, month)
//! adds a row to `laporan` with the next version number, and
//! `laporan_terkini` points at the current one, maintained in the same
//! transaction. Reads of current figures therefore never resolve versions.
//! Nothing in `laporan` is ever updated or deleted.

use crate::catat_jejak;
use crate::error::DataError;
use crate::error::Result;
use crate::inti::jejak::Entri;
use crate::inti::jejak::Pelaku;
use crate::inti::laporan::Laporan;
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::laporan::Pengiriman;
use crate::inti::laporan::Unggahan;
use crate::inti::laporan::UnggahanBaru;
use crate::inti::laporan::pesan_terkunci;
use crate::on_db;
use crate::simpan::Db;
use crate::simpan::Tx;
use chrono::DateTime;
use chrono::NaiveDate;
use chrono::Utc;
use model::Periode;
use model::status::GeraiStatus;
use model::status::Lahan;
use model::status::Pembangunan;
use model::status::Persetujuan;
use model::status::PinjamanTahap;
use sqlx::ColumnIndex;
use sqlx::Decode;
use sqlx::FromRow;
use sqlx::Row;
use sqlx::Type;

const KOLOM: &str = "kelurahan_code, periode, versi, dikirim_pada, dikirim_oleh, sumber, alasan, \
    badan_hukum, tgl_badan_hukum, nib, npwp, rekening, simkopdes, \
    anggota, anggota_pria, anggota_wanita, pengurus, pengawas, \
    simpanan_pokok, simpanan_wajib, simpanan_sukarela, hibah, \
    gerai_kantor, gerai_sembako, gerai_simpan_pinjam, gerai_klinik, gerai_apotek, gerai_cold_storage, gerai_logistik, \
    unit_lain, unit_lain_beroperasi, lahan, pembangunan, tempat_sewa, \
    pinjaman_tahap, pinjaman_plafon, pinjaman_cair, pinjaman_outstanding, \
    rat, tgl_rat, omzet, shu, tenaga_kerja, transaksi_anggota, peringatan, unggahan_id";

/// The stored columns of a version, in insert order.
pub fn kolom() -> impl Iterator<Item = &'static str> {
    KOLOM.split(',').map(str::trim)
}

/// Binds a report's columns in the order of [`KOLOM`].
macro_rules! bind_laporan {
    ($q:expr, $l:expr, $versi:expr, $p:expr) => {{
        let l = $l;
        let mut q = $q
            .bind(&l.kelurahan_code)
            .bind(l.periode.to_string())
            .bind($versi)
            .bind($p.dikirim_pada)
            .bind(&$p.dikirim_oleh)
            .bind(&$p.sumber)
            .bind(&$p.alasan)
            .bind(l.badan_hukum)
            .bind(l.tgl_badan_hukum)
            .bind(l.nib)
            .bind(l.npwp)
            .bind(l.rekening)
            .bind(l.simkopdes)
            .bind(l.anggota)
            .bind(l.anggota_pria)
            .bind(l.anggota_wanita)
            .bind(l.pengurus)
            .bind(l.pengawas)
            .bind(l.simpanan_pokok)
            .bind(l.simpanan_wajib)
            .bind(l.simpanan_sukarela)
            .bind(l.hibah);
        for g in l.gerai {
            q = q.bind(g.code());
        }
        q.bind(&l.unit_lain)
            .bind(l.unit_lain_beroperasi)
            .bind(l.lahan.code())
            .bind(l.pembangunan.code())
            .bind(l.tempat_sewa)
            .bind(l.pinjaman_tahap.code())
            .bind(l.pinjaman_plafon)
            .bind(l.pinjaman_cair)
            .bind(l.pinjaman_outstanding)
            .bind(l.rat)
            .bind(l.tgl_rat)
            .bind(l.omzet)
            .bind(l.shu)
            .bind(l.tenaga_kerja)
            .bind(l.transaksi_anggota)
            .bind(&$p.peringatan)
            .bind($p.unggahan_id)
    }};
}

/// What storing one report from the form did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Satu {
    /// Stored as this version.
    Tersimpan { versi: i64 },
    /// The current version already holds exactly this content (a double
    /// submit): nothing stored.
    Sama { versi: i64 },
}

/// Stores one report as the version after `dasar`, the version the sender
/// saw (None: none stored). Decided inside the transaction: when the
/// current version is no longer `dasar`, a report identical to the current
/// one stores nothing ([`Satu::Sama`], the second click of a double
/// submit) and any other is refused (someone else changed the month
/// meanwhile: the sender's "before" would be wrong).
pub async fn simpan_satu(
    db: &Db,
    laporan: Laporan,
    kirim: Pengiriman,
    dasar: Option<i64>,
    jejak: (&Pelaku, &Entri),
) -> Result<Satu> {
    match simpan_dengan(db, &[(laporan, kirim)], None, Some(dasar), jejak).await? {
        Tersimpan {
            sama: Some(versi), ..
        } => Ok(Satu::Sama { versi }),
        Tersimpan { ids, .. } if ids.len() == 1 => Ok(Satu::Tersimpan {
            versi: dasar.map_or(1, |v| v + 1),
        }),
        _ => Err(DataError::Internal(
            "satu laporan tidak tersimpan sebagai satu versi".into(),
        )),
    }
}

/// Stores `reports` as new versions, in one transaction: all or nothing.
/// Each gets the next version number of its (KKMP, month) and becomes the
/// current one. Returns the new rows' ids.
pub async fn simpan(
    db: &Db,
    reports: &[(Laporan, Pengiriman)],
    jejak: (&Pelaku, &Entri),
) -> Result<Vec<i64>> {
    crate::dalam_tx!(db, tx => simpan_dalam(&mut tx, reports, jejak).await?)
}

/// [`simpan`] inside an open transaction (the demo load).
pub async fn simpan_dalam(
    tx: &mut Tx<'_>,
    reports: &[(Laporan, Pengiriman)],
    jejak: (&Pelaku, &Entri),
) -> Result<Vec<i64>> {
    let t = simpan_dengan_dalam(tx, reports.iter().cloned().map(Ok), None, None, jejak).await?;
    Ok(t.ids)
}

const STATUS_DITERIMA: &str = Persetujuan::Diterima.code();

const STATUS_DIAJUKAN: &str = Persetujuan::Diajukan.code();

/// Rows per multi-row statement: 200 × 46 parameters stays well under the
/// limits of SQLite (32,766) and PostgreSQL (65,535).
const BLOK: usize = 200;

/// A parameter's placeholder: `$n` for PostgreSQL, `?` for SQLite. SQLite
/// looks each named parameter up in a list while parsing, which makes a
/// statement with thousands of `$n` quadratic to prepare; anonymous `?`
/// parameters are bound in order.
fn param(pg: bool, n: usize) -> String {
    if pg { format!("${n}") } else { "?".to_string() }
}

/// `rows` groups of `cols` parameters, numbered from `start`:
/// `($1, …, $n), ($n+1, …)`.
fn placeholders(pg: bool, start: usize, rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let group: Vec<String> = (0..cols).map(|c| param(pg, start + r * cols + c)).collect();
            format!("({})", group.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Stores a file's reports (and, with `unggahan`, the file they came
/// from) in one transaction, in blocks of [`BLOK`] rows written with
/// multi-row statements; any refused report rolls everything back. The
/// reports were parsed and checked before (off the async threads, see
/// `layanan::impor`), so the write lock is held for the inserts only, not
/// for reading the file.
/// Every new version starts the approval workflow as `diajukan`; a month
/// already accepted (and not reopened) is refused. `jejak` is the audit
/// entry written in the same transaction; it binds every new version and
/// its first approval step as read back from the database
/// ([`crate::inti::ikatan`]).
/// Returns the upload's id and the new versions' ids; `None` when the
/// same file (its SHA-256) was stored meanwhile by another commit (a
/// double click, two tabs, two instances): nothing was stored.
pub async fn simpan_berkas(
    db: &Db,
    reports: &[(Laporan, Pengiriman)],
    unggahan: Option<(UnggahanBaru<'_>, i64)>,
    jejak: (&Pelaku, &Entri),
) -> Result<Option<(Option<i64>, Vec<i64>)>> {
    let t = simpan_dengan(db, reports, unggahan, None, jejak).await?;
    Ok((!t.sudah_ada).then_some((t.unggahan_id, t.ids)))
}

/// What [`simpan_dengan`] stored.
struct Tersimpan {
    unggahan_id: Option<i64>,
    ids: Vec<i64>,
    /// With an upload: the same file (SHA-256) was stored meanwhile by
    /// another commit; nothing was stored.
    sudah_ada: bool,
    /// With a `dasar`: the current version, identical to the report, when
    /// nothing was stored.
    sama: Option<i64>,
}

/// [`simpan_aliran`], and with `dasar` ([`simpan_satu`]) the version every
/// report's current version must still be.
async fn simpan_dengan(
    db: &Db,
    reports: &[(Laporan, Pengiriman)],
    unggahan: Option<(UnggahanBaru<'_>, i64)>,
    dasar: Option<Option<i64>>,
    jejak: (&Pelaku, &Entri),
) -> Result<Tersimpan> {
    crate::simpan::ulangi(|| async {
        let mut tx = db.mulai().await?;
        let t = simpan_dengan_dalam(
            &mut tx,
            reports.iter().cloned().map(Ok),
            unggahan.clone(),
            dasar,
            jejak,
        )
        .await?;
        // Nothing stored for a double submit or a file stored meanwhile:
        // the transaction rolls back.
        if t.sama.is_none() && !t.sudah_ada {
            tx.selesai().await?;
        }
        Ok(t)
    })
    .await
}

/// [`simpan_dengan`] inside an open transaction.
async fn simpan_dengan_dalam(
    tx: &mut Tx<'_>,
    reports: impl Iterator<Item = Result<(Laporan, Pengiriman)>>,
    unggahan: Option<(UnggahanBaru<'_>, i64)>,
    dasar: Option<Option<i64>>,
    jejak: (&Pelaku, &Entri),
) -> Result<Tersimpan> {
    let mut reports = reports;
    let ncol = kolom().count() + 1;
    let pg = tx.pg();
    // New ids, allocated per block. PostgreSQL draws them from the identity
    // sequence (safe with several app instances); SQLite has one writer, and
    // the transaction holds the write lock from its first statement.
    let id_sql = if pg {
        "SELECT nextval(pg_get_serial_sequence('laporan', 'id')) FROM generate_series(1::bigint, $1)"
    } else {
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         SELECT (SELECT COALESCE(MAX(id), 0) FROM laporan) + i FROM n ORDER BY i"
    };
    let mut ids = Vec::new();
    let mut ikatan = Vec::new();
    let sekarang = Utc::now();
    let unggahan_id = crate::on_tx!(tx, tx => {
        // First, so that SQLite takes the write lock before ids are counted.
        // A new version is never the accepted one: only `nomor` moves.
        crate::naikkan_revisi!(&mut *tx, kiriman);
        let unggahan_id = match &unggahan {
            Some((u, jumlah)) => {
                // Two commits of one file at once: the lock on `revisi`
                // above orders them, and the second finds the first's file
                // here (on either back end) and stores nothing.
                let ada: Option<i64> = sqlx::query_scalar("SELECT id FROM unggahan WHERE sha256 = $1")
                    .bind(u.sha256)
                    .fetch_optional(&mut *tx)
                    .await?;
                if ada.is_some() {
                    return Ok(Tersimpan { unggahan_id: None, ids: Vec::new(), sama: None, sudah_ada: true });
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO unggahan (sha256, nama_berkas, ukuran, jumlah_laporan, diunggah_pada, diunggah_oleh, isi) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(u.sha256)
                .bind(u.nama_berkas)
                .bind(u.isi.len() as i64)
                .bind(*jumlah)
                .bind(u.diunggah_pada)
                .bind(u.diunggah_oleh)
                .bind(u.isi)
                .fetch_one(&mut *tx)
                .await?;
                ikatan.extend(crate::ikatan_umum!(&mut *tx, "unggahan", &[id]));
                Some(id)
            }
            None => None,
        };
        loop {
            let mut blok: Vec<(Laporan, Pengiriman)> = Vec::with_capacity(BLOK);
            for report in reports.by_ref().take(BLOK) {
                let (l, mut p) = report?;
                if p.unggahan_id.is_none() {
                    p.unggahan_id = unggahan_id;
                }
                blok.push((l, p));
            }
            if blok.is_empty() {
                break;
            }
            // The current version of every (KKMP, month) of the block.
            let kel: std::collections::BTreeSet<&str> =
                blok.iter().map(|(l, _)| l.kelurahan_code.as_str()).collect();
            let per: std::collections::BTreeSet<String> =
                blok.iter().map(|(l, _)| l.periode.to_string()).collect();
            let lookup = format!(
                "SELECT t.kelurahan_code, t.periode, l.versi, t.pertama_dikirim, t.status \
                 FROM laporan_terkini t JOIN laporan l ON l.id = t.laporan_id \
                 WHERE t.kelurahan_code IN ({}) AND t.periode IN ({})",
                (1..=kel.len()).map(|i| param(pg, i)).collect::<Vec<_>>().join(", "),
                (kel.len() + 1..=kel.len() + per.len()).map(|i| param(pg, i)).collect::<Vec<_>>().join(", ")
            );
            let mut q = sqlx::query_as::<_, (String, String, i64, DateTime<Utc>, String)>(
                sqlx::AssertSqlSafe(lookup.as_str()),
            );
            for k in &kel {
                q = q.bind(*k);
            }
            for p in &per {
                q = q.bind(p.as_str());
            }
            let rows = q.fetch_all(&mut *tx).await?;
            if let Some((k, p, ..)) = rows.iter().find(|r| r.4 == STATUS_DITERIMA) {
                return Err(DataError::Invalid(pesan_terkunci(k, p)));
            }
            let mut last: std::collections::HashMap<(String, String), (i64, DateTime<Utc>)> = rows
                .into_iter()
                .map(|(k, p, v, t, _)| ((k, p), (v, t)))
                .collect();
            let new_ids: Vec<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(id_sql))
                .bind(blok.len() as i64)
                .fetch_all(&mut *tx)
                .await?;
            // Versions in order: a (KKMP, month) twice in the stream is
            // version n, then n + 1.
            let mut versi = Vec::with_capacity(blok.len());
            let mut terkini: std::collections::BTreeMap<(String, String), (i64, DateTime<Utc>)> =
                Default::default();
            for ((l, p), (id,)) in blok.iter().zip(&new_ids) {
                let key = (l.kelurahan_code.clone(), l.periode.to_string());
                let prev = last.get(&key).copied();
                if let Some(dasar) = dasar
                    && prev.map(|(v, _)| v) != dasar
                {
                    let kini: Option<LaporanTersimpan> = sqlx::query_as(
                        "SELECT l.*, t.pertama_dikirim FROM laporan_terkini t JOIN laporan l ON l.id = t.laporan_id \
                         WHERE t.kelurahan_code = $1 AND t.periode = $2",
                    )
                    .bind(&key.0)
                    .bind(&key.1)
                    .fetch_optional(&mut *tx)
                    .await?;
                    return match kini {
                        // Dropping the transaction rolls the revision back.
                        Some(k) if k.isi == *l => Ok(Tersimpan { unggahan_id: None, ids: Vec::new(), sama: Some(k.versi), sudah_ada: false }),
                        _ => Err(DataError::Invalid(crate::inti::laporan::pesan_diubah(
                            &l.kelurahan_code,
                            &key.1,
                            prev.map_or(0, |(v, _)| v),
                        ))),
                    };
                }
                let v = prev.map_or(1, |(v, _)| v + 1);
                if v > 1 && p.alasan.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    return Err(DataError::Invalid(format!(
                        "Laporan {} periode {} sudah ada: perbaikan (versi {v}) wajib disertai alasan",
                        l.kelurahan_code, key.1
                    )));
                }
                let pertama = prev.map_or(p.dikirim_pada, |(_, t)| t);
                last.insert(key.clone(), (v, pertama));
                terkini.insert(key, (*id, pertama));
                versi.push(v);
            }
            let sql = format!(
                "INSERT INTO laporan (id, {KOLOM}) VALUES {}",
                placeholders(pg, 1, blok.len(), ncol)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for (((l, p), (id,)), v) in blok.iter().zip(&new_ids).zip(&versi) {
                q = q.bind(*id);
                q = bind_laporan!(q, l, *v, p);
            }
            q.execute(&mut *tx).await?;
            let sql = format!(
                "INSERT INTO laporan_terkini (kelurahan_code, periode, laporan_id, pertama_dikirim, status, status_pada) VALUES {} \
                 ON CONFLICT (kelurahan_code, periode) DO UPDATE SET laporan_id = excluded.laporan_id, \
                 status = excluded.status, status_pada = excluded.status_pada",
                placeholders(pg, 1, terkini.len(), 6)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for ((k, p), (id, pertama)) in &terkini {
                q = q
                    .bind(k.as_str())
                    .bind(p.as_str())
                    .bind(*id)
                    .bind(*pertama)
                    .bind(STATUS_DIAJUKAN)
                    .bind(sekarang);
            }
            q.execute(&mut *tx).await?;
            // The workflow's first step, one per new version.
            let sql = format!(
                "INSERT INTO laporan_langkah (laporan_id, kelurahan_code, periode, langkah, oleh, pada, catatan) VALUES {}",
                placeholders(pg, 1, blok.len(), 7)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for ((l, p), (id,)) in blok.iter().zip(&new_ids) {
                q = q
                    .bind(*id)
                    .bind(l.kelurahan_code.as_str())
                    .bind(l.periode.to_string())
                    .bind(STATUS_DIAJUKAN)
                    .bind(p.dikirim_oleh.as_str())
                    .bind(p.dikirim_pada)
                    .bind(p.alasan.as_deref().unwrap_or(""));
            }
            q.execute(&mut *tx).await?;
            // The block's rows as stored, bound to the audit entry below.
            let blok_ids: Vec<i64> = new_ids.into_iter().map(|(id,)| id).collect();
            ikatan.extend(crate::ikatan_laporan!(&mut *tx, &blok_ids));
            ikatan.extend(crate::ikatan_langkah!(&mut *tx, "laporan_id", &blok_ids));
            ids.extend(blok_ids);
        }
        let (pelaku, entri) = jejak;
        catat_jejak!(&mut tx, pelaku, entri, &ikatan);
        unggahan_id
    });
    Ok(Tersimpan {
        unggahan_id,
        ids,
        sama: None,
        sudah_ada: false,
    })
}

type TupelUnggahan = (i64, String, String, i64, i64, DateTime<Utc>, String);

fn unggahan_dari(t: TupelUnggahan) -> Unggahan {
    let (id, sha256, nama_berkas, ukuran, jumlah_laporan, diunggah_pada, diunggah_oleh) = t;
    Unggahan {
        id,
        sha256,
        nama_berkas,
        ukuran,
        jumlah_laporan,
        diunggah_pada,
        diunggah_oleh,
    }
}

const KOLOM_UNGGAHAN: &str =
    "id, sha256, nama_berkas, ukuran, jumlah_laporan, diunggah_pada, diunggah_oleh";

/// The committed upload with this content hash, if any.
pub async fn unggahan_dengan_hash(db: &Db, sha256: &str) -> Result<Option<Unggahan>> {
    let sql = format!("SELECT {KOLOM_UNGGAHAN} FROM unggahan WHERE sha256 = $1");
    let row: Option<TupelUnggahan> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(sha256).fetch_optional(pool).await?
    });
    Ok(row.map(unggahan_dari))
}

/// One committed upload.
pub async fn unggahan(db: &Db, id: i64) -> Result<Option<Unggahan>> {
    let sql = format!("SELECT {KOLOM_UNGGAHAN} FROM unggahan WHERE id = $1");
    let row: Option<TupelUnggahan> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await?
    });
    Ok(row.map(unggahan_dari))
}

/// The stored bytes of an upload and its original file name.
pub async fn isi_unggahan(db: &Db, id: i64) -> Result<Option<(String, Vec<u8>)>> {
    Ok(on_db!(db, p => {
        sqlx::query_as("SELECT nama_berkas, isi FROM unggahan WHERE id = $1")
            .bind(id)
            .fetch_optional(p)
            .await?
    }))
}

/// The latest committed uploads, newest first.
pub async fn daftar_unggahan(db: &Db, batas: i64) -> Result<Vec<Unggahan>> {
    let sql = format!("SELECT {KOLOM_UNGGAHAN} FROM unggahan ORDER BY id DESC LIMIT $1");
    let rows: Vec<TupelUnggahan> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(batas).fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(unggahan_dari).collect())
}

/// The current version of every report, ordered by KKMP and month: with
/// `semua`, the latest version whatever its approval state; without, the
/// latest *accepted* version (months with none are left out).
pub async fn terkini(db: &Db, semua: bool) -> Result<Vec<LaporanTersimpan>> {
    let sql = sql_terkini(semua);
    let rows =
        on_db!(db, pool => sqlx::query_as::<_, LaporanTersimpan>(sql).fetch_all(pool).await?);
    Ok(rows)
}

/// The current version of every report of one KKMP (its history) and of
/// every KKMP for one month (its peers): what checking one form needs,
/// instead of all current reports (a form sent on the deadline day read
/// all ~2,000 of them; BENCHMARKS.md, "The deadline day").
pub async fn terkini_sekitar(
    db: &Db,
    kelurahan_code: &str,
    periode: Periode,
) -> Result<Vec<LaporanTersimpan>> {
    let rows = on_db!(db, pool => {
        sqlx::query_as::<_, LaporanTersimpan>(
            "SELECT l.*, t.pertama_dikirim FROM laporan_terkini t JOIN laporan l ON l.id = t.laporan_id \
             WHERE t.kelurahan_code = $1 OR t.periode = $2 ORDER BY l.kelurahan_code, l.periode",
        )
        .bind(kelurahan_code)
        .bind(periode.to_string())
        .fetch_all(pool)
        .await?
    });
    Ok(rows)
}

/// [`terkini`] as an open transaction sees it.
pub async fn terkini_dalam(tx: &mut Tx<'_>, semua: bool) -> Result<Vec<LaporanTersimpan>> {
    let sql = sql_terkini(semua);
    let rows = crate::on_tx!(tx, c => {
        sqlx::query_as::<_, LaporanTersimpan>(sql).fetch_all(&mut *c).await?
    });
    Ok(rows)
}

fn sql_terkini(semua: bool) -> &'static str {
    if semua {
        "SELECT l.*, t.pertama_dikirim FROM laporan_terkini t JOIN laporan l ON l.id = t.laporan_id \
         ORDER BY l.kelurahan_code, l.periode"
    } else {
        "SELECT l.*, t.pertama_dikirim FROM laporan_terkini t JOIN laporan l ON l.id = t.diterima_id \
         ORDER BY l.kelurahan_code, l.periode"
    }
}

/// Every stored version of one KKMP's report for one month, oldest first.
pub async fn riwayat(
    db: &Db,
    kelurahan_code: &str,
    periode: Periode,
) -> Result<Vec<LaporanTersimpan>> {
    let sql = "SELECT l.*, t.pertama_dikirim FROM laporan l \
               JOIN laporan_terkini t ON t.kelurahan_code = l.kelurahan_code AND t.periode = l.periode \
               WHERE l.kelurahan_code = $1 AND l.periode = $2 ORDER BY l.versi";
    let rows = on_db!(db, pool => {
        sqlx::query_as::<_, LaporanTersimpan>(sql)
            .bind(kelurahan_code)
            .bind(periode.to_string())
            .fetch_all(pool)
            .await?
    });
    Ok(rows)
}

/// Every stored version of one KKMP's reports, newest month first and, within
/// a month, newest version first.
pub async fn semua_versi(db: &Db, kelurahan_code: &str) -> Result<Vec<LaporanTersimpan>> {
    let sql = "SELECT l.*, t.pertama_dikirim FROM laporan l \
               JOIN laporan_terkini t ON t.kelurahan_code = l.kelurahan_code AND t.periode = l.periode \
               WHERE l.kelurahan_code = $1 ORDER BY l.periode DESC, l.versi DESC";
    let rows = on_db!(db, pool => {
        sqlx::query_as::<_, LaporanTersimpan>(sql).bind(kelurahan_code).fetch_all(pool).await?
    });
    Ok(rows)
}

/// Months that have at least one report, newest first.
pub async fn periode_tersedia(db: &Db) -> Result<Vec<Periode>> {
    let rows: Vec<(String,)> = on_db!(db, pool => {
        sqlx::query_as("SELECT DISTINCT periode FROM laporan_terkini ORDER BY periode DESC")
            .fetch_all(pool)
            .await?
    });
    rows.into_iter()
        .map(|(p,)| Periode::parse(&p).map_err(|e| DataError::Internal(e.to_string())))
        .collect()
}

/// The gerai columns, in the order of [`JenisGerai::ALL`].
const GERAI_KOLOM: [&str; 7] = [
    "gerai_kantor",
    "gerai_sembako",
    "gerai_simpan_pinjam",
    "gerai_klinik",
    "gerai_apotek",
    "gerai_cold_storage",
    "gerai_logistik",
];

fn decode_code<T>(
    row_value: String,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    parse(&row_value).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("kode tidak dikenal '{row_value}'").into(),
    })
}

impl<'r, R> FromRow<'r, R> for LaporanTersimpan
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    Option<String>: Decode<'r, R::Database> + Type<R::Database>,
    Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    bool: Decode<'r, R::Database> + Type<R::Database>,
    Option<NaiveDate>: Decode<'r, R::Database> + Type<R::Database>,
    DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        let periode: String = row.try_get("periode")?;
        let periode = Periode::parse(&periode).map_err(|e| sqlx::Error::ColumnDecode {
            index: "periode".into(),
            source: Box::new(e),
        })?;
        let mut gerai = [GeraiStatus::BelumAda; 7];
        for (slot, col) in gerai.iter_mut().zip(GERAI_KOLOM) {
            *slot = decode_code(row.try_get(col)?, col, GeraiStatus::from_code)?;
        }
        Ok(LaporanTersimpan {
            id: row.try_get("id")?,
            versi: row.try_get("versi")?,
            pertama_dikirim: row.try_get("pertama_dikirim")?,
            pengiriman: Pengiriman {
                dikirim_pada: row.try_get("dikirim_pada")?,
                dikirim_oleh: row.try_get("dikirim_oleh")?,
                sumber: row.try_get("sumber")?,
                alasan: row.try_get("alasan")?,
                peringatan: row.try_get("peringatan")?,
                unggahan_id: row.try_get("unggahan_id")?,
            },
            isi: Laporan {
                kelurahan_code: row.try_get("kelurahan_code")?,
                periode,
                badan_hukum: row.try_get("badan_hukum")?,
                tgl_badan_hukum: row.try_get("tgl_badan_hukum")?,
                nib: row.try_get("nib")?,
                npwp: row.try_get("npwp")?,
                rekening: row.try_get("rekening")?,
                simkopdes: row.try_get("simkopdes")?,
                anggota: row.try_get("anggota")?,
                anggota_pria: row.try_get("anggota_pria")?,
                anggota_wanita: row.try_get("anggota_wanita")?,
                pengurus: row.try_get("pengurus")?,
                pengawas: row.try_get("pengawas")?,
                simpanan_pokok: row.try_get("simpanan_pokok")?,
                simpanan_wajib: row.try_get("simpanan_wajib")?,
                simpanan_sukarela: row.try_get("simpanan_sukarela")?,
                hibah: row.try_get("hibah")?,
                gerai,
                unit_lain: row.try_get("unit_lain")?,
                unit_lain_beroperasi: row.try_get("unit_lain_beroperasi")?,
                lahan: decode_code(row.try_get("lahan")?, "lahan", Lahan::from_code)?,
                pembangunan: decode_code(
                    row.try_get("pembangunan")?,
                    "pembangunan",
                    Pembangunan::from_code,
                )?,
                tempat_sewa: row.try_get("tempat_sewa")?,
                pinjaman_tahap: decode_code(
                    row.try_get("pinjaman_tahap")?,
                    "pinjaman_tahap",
                    PinjamanTahap::from_code,
                )?,
                pinjaman_plafon: row.try_get("pinjaman_plafon")?,
                pinjaman_cair: row.try_get("pinjaman_cair")?,
                pinjaman_outstanding: row.try_get("pinjaman_outstanding")?,
                rat: row.try_get("rat")?,
                tgl_rat: row.try_get("tgl_rat")?,
                omzet: row.try_get("omzet")?,
                shu: row.try_get("shu")?,
                tenaga_kerja: row.try_get("tenaga_kerja")?,
                transaksi_anggota: row.try_get("transaksi_anggota")?,
            },
        })
    }
}

/// When the newest accepted version was sent: the open data's "modified".
pub async fn terakhir_diterima(db: &Db) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    let row: Option<(chrono::DateTime<chrono::Utc>,)> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT l.dikirim_pada FROM laporan_terkini t JOIN laporan l ON l.id = t.diterima_id \
             ORDER BY l.dikirim_pada DESC LIMIT 1",
        )
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|(t,)| t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inti::waktu::{batas_waktu, hari_terlambat, wib};
    use chrono::TimeZone;
    use model::isian::BIDANG;
    use model::status::JenisGerai;

    #[test]
    fn every_field_maps_to_a_database_column() {
        let columns: Vec<&str> = kolom().collect();
        for b in BIDANG {
            assert!(columns.contains(&b.code), "{} has no column", b.code);
        }
    }

    #[test]
    fn gerai_columns_follow_the_vocabulary() {
        for (col, jenis) in GERAI_KOLOM.iter().zip(JenisGerai::ALL) {
            assert_eq!(*col, format!("gerai_{}", jenis.code()));
        }
    }

    #[test]
    fn deadline_is_the_tenth_of_next_month_end_of_day_wib() {
        let p = Periode::parse("2025-12").unwrap();
        assert_eq!(batas_waktu(p, 10).to_rfc3339(), "2026-01-10T16:59:59+00:00");
        // Clamped to the month's length.
        let jan = Periode::parse("2026-01").unwrap();
        assert_eq!(
            batas_waktu(jan, 31)
                .with_timezone(&wib())
                .date_naive()
                .to_string(),
            "2026-02-28"
        );
    }

    #[test]
    fn lateness_counts_wib_dates() {
        let p = Periode::parse("2026-03").unwrap();
        // 10 April 23:00 WIB is on time; 11 April 00:30 WIB (10 April 17:30 UTC) is one day late.
        let on_time = wib()
            .with_ymd_and_hms(2026, 4, 10, 23, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let late = Utc.with_ymd_and_hms(2026, 4, 10, 17, 30, 0).unwrap();
        assert_eq!(hari_terlambat(p, 10, on_time), 0);
        assert_eq!(hari_terlambat(p, 10, late), 1);
    }
}
