//! Backup and restore of the embedded (SQLite) database, each followed by a
//! full verification (`server backup`, `server restore`).
//!
//! A backup is `VACUUM INTO`: a consistent copy taken while the app runs,
//! then opened read-only and verified (the audit chain and every bound
//! row), its SHA-256 and head logged in the live trail. A restore never
//! overwrites anything: the backup is copied next to the database,
//! migrated and verified there; only then is the current database moved
//! aside (`<db>.sebelum-pulih-<time>`, with its WAL) and the copy renamed
//! into its place. The restored chain gets a `cadangan.pulih` entry, and
//! the anchor file a signed restore line (`PULIH …`), so every later
//! verification shows the rollback instead of hiding it or failing on it
//! for ever. PostgreSQL is backed up with `pg_dump` (docs/operasi.md).

use crate::error::{DataError, Result};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::sandi::sha256_hex;
use crate::layanan::Pantau;
use crate::layanan::jangkar::KonfigJangkar;
use crate::simpan::Db;
use chrono::{SecondsFormat, Utc};
use std::path::{Path, PathBuf};

/// A verified database file.
#[derive(Clone, Debug)]
pub struct Berkas {
    pub jalur: PathBuf,
    pub ukuran: u64,
    pub sha256: String,
    /// Entries in its audit chain, and the last one's hash.
    pub nomor: i64,
    pub hash: String,
    /// Bound rows whose content matched their entries.
    pub baris_terikat: i64,
}

/// What a restore did.
#[derive(Clone, Debug)]
pub struct HasilPulih {
    pub cadangan: Berkas,
    /// The replaced database's head (entries, hash), when it could be read.
    pub kepala_lama: Option<(i64, String)>,
    /// Where the replaced database now is.
    pub disimpan_sebagai: Option<PathBuf>,
    /// The restored chain's head after its `cadangan.pulih` entry.
    pub kepala_baru: (i64, String),
    /// Whether a restore line went to the anchor file.
    pub ditambatkan: bool,
}

/// The SQLite file of a `sqlite://` URL; an error naming PostgreSQL's tool
/// for any other database.
pub fn berkas_sqlite(url: &str) -> Result<PathBuf> {
    let jalur = url
        .strip_prefix("sqlite://")
        .map(|p| p.split('?').next().unwrap_or(p))
        .filter(|p| !p.is_empty() && !p.contains(":memory:"));
    match jalur {
        Some(p) => Ok(PathBuf::from(p)),
        None if url.starts_with("postgres") => Err(DataError::Invalid(
            "cadangan dan pemulihan di sini hanya untuk SQLite; untuk PostgreSQL pakai pg_dump -Fc dan pg_restore, lalu server audit verify (lihat docs/operasi.md)".into(),
        )),
        None => Err(DataError::Invalid(format!(
            "DATABASE_URL '{url}' bukan berkas SQLite"
        ))),
    }
}

/// The lock a running server holds on its SQLite database
/// (`<db>.kunci`): a restore refuses to swap the file under it. Creates
/// the database's folder when missing (a first start: the server takes
/// the lock before it creates the database).
pub fn kunci_pakai(db: &Path) -> Result<std::fs::File> {
    let jalur = tambah_akhiran(db, ".kunci");
    if let Some(d) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(d).map_err(|e| galat_berkas(d, e))?;
    }
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&jalur)
        .map_err(|e| DataError::Internal(format!("{}: {e}", jalur.display())))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(DataError::Invalid(format!(
            "basis data {} sedang dipakai server yang berjalan (kunci {}): hentikan server dulu",
            db.display(),
            jalur.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(DataError::Internal(format!("{}: {e}", jalur.display())))
        }
    }
}

fn tambah_akhiran(p: &Path, akhiran: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(akhiran);
    PathBuf::from(s)
}

fn galat_berkas(p: &Path, e: std::io::Error) -> DataError {
    DataError::Internal(format!("{}: {e}", p.display()))
}

/// Size and SHA-256 of a file, read in a blocking task.
async fn sidik(p: &Path) -> Result<(u64, String)> {
    let p = p.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let isi = std::fs::read(&p).map_err(|e| galat_berkas(&p, e))?;
        Ok((isi.len() as u64, sha256_hex(&isi)))
    })
    .await
    .map_err(|e| DataError::Internal(e.to_string()))?
}

/// Verifies the audit chain and every bound row of `db`: the head, or the
/// first problem in Bahasa.
async fn periksa_db(db: &Db, nama: &Path) -> Result<(i64, String, i64)> {
    let rantai = crate::simpan::jejak::periksa(db).await?;
    if let Some((nomor, why)) = rantai.rusak {
        return Err(DataError::Invalid(format!(
            "{}: jejak audit rusak di entri nomor {nomor}: {why}",
            nama.display()
        )));
    }
    let isi = crate::simpan::ikatan::periksa(db).await?;
    if let Some(m) = isi.masalah.first() {
        return Err(DataError::Invalid(format!(
            "{}: isi data tidak cocok dengan jejak audit ({} masalah), misalnya: {m}",
            nama.display(),
            isi.jumlah_masalah
        )));
    }
    Ok((rantai.jumlah, rantai.hash_terakhir, isi.baris))
}

/// Opens a backup file read-only (nothing written to it, not even a WAL)
/// and verifies it.
pub async fn periksa_cadangan(jalur: &Path) -> Result<Berkas> {
    if !jalur.is_file() {
        return Err(DataError::Invalid(format!(
            "berkas cadangan {} tidak ada",
            jalur.display()
        )));
    }
    let db = Db::buka_baca(jalur).await?;
    let hasil = periksa_db(&db, jalur).await;
    db.close().await;
    let (nomor, hash, baris_terikat) = hasil?;
    let (ukuran, sha256) = sidik(jalur).await?;
    Ok(Berkas {
        jalur: jalur.to_path_buf(),
        ukuran,
        sha256,
        nomor,
        hash,
        baris_terikat,
    })
}

impl Pantau {
    /// `server backup FILE`: a consistent copy of the running SQLite
    /// database, verified, and logged (file, SHA-256, head) in the live
    /// trail. `tujuan` must not exist.
    pub async fn cadangkan(&self, tujuan: &Path, pelaku: &Pelaku) -> Result<Berkas> {
        if tujuan.exists() {
            return Err(DataError::Invalid(format!(
                "{} sudah ada: cadangan tidak menimpa berkas",
                tujuan.display()
            )));
        }
        if let Some(d) = tujuan.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(d).map_err(|e| galat_berkas(d, e))?;
        }
        crate::simpan::cadangkan(self.db(), tujuan).await?;
        let b = match periksa_cadangan(tujuan).await {
            Ok(b) => b,
            Err(e) => {
                // A copy that does not verify is no backup.
                let _ = std::fs::remove_file(tujuan);
                return Err(e);
            }
        };
        let entri = Entri::baru("cadangan.buat", "basis_data").sesudah(&serde_json::json!({
            "berkas": tujuan.display().to_string(),
            "ukuran": b.ukuran,
            "sha256": b.sha256,
            "nomor_kepala": b.nomor,
            "hash_kepala": b.hash,
        }));
        crate::simpan::jejak::catat(self.db(), pelaku, &entri).await?;
        Ok(b)
    }
}

/// `server restore FILE`: replaces the SQLite database of `url` with the
/// verified backup `cadangan` (see the module's documentation). The server
/// must be stopped. Nothing is overwritten: the replaced database is kept
/// beside it.
pub async fn pulihkan(
    url: &str,
    cadangan: &Path,
    jangkar: Option<&KonfigJangkar>,
    hari_batas: u32,
    pelaku: &Pelaku,
) -> Result<HasilPulih> {
    let db_path = berkas_sqlite(url)?;
    let _kunci = kunci_pakai(&db_path)?;
    let stempel = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    // 1. The backup, verified as it is, then copied next to the database
    //    (same file system: the final rename is atomic), migrated and
    //    verified again there.
    let b = periksa_cadangan(cadangan).await?;
    let salinan = tambah_akhiran(&db_path, &format!(".pulih-{stempel}"));
    if let Some(d) = db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(d).map_err(|e| galat_berkas(d, e))?;
    }
    std::fs::copy(cadangan, &salinan).map_err(|e| galat_berkas(&salinan, e))?;
    let url_salinan = format!("sqlite://{}", salinan.display());
    let siap = async {
        let db = Db::connect(&url_salinan).await?;
        let r = periksa_db(&db, &salinan).await;
        db.close().await;
        r
    }
    .await;
    if let Err(e) = siap {
        hapus_sqlite(&salinan);
        return Err(e);
    }
    // 2. The current database's head, for the record.
    let kepala_lama = if db_path.exists() {
        match Db::buka_baca(&db_path).await {
            Ok(db) => {
                let k = crate::simpan::jejak::kepala(&db).await.ok();
                db.close().await;
                k
            }
            Err(_) => None,
        }
    } else {
        None
    };
    // 3. The current database (and its WAL) aside, the copy in its place.
    let disimpan_sebagai = if db_path.exists() {
        let lama = tambah_akhiran(&db_path, &format!(".sebelum-pulih-{stempel}"));
        for akhiran in ["", "-wal", "-shm"] {
            let dari = tambah_akhiran(&db_path, akhiran);
            if dari.exists() {
                let ke = tambah_akhiran(&lama, akhiran);
                std::fs::rename(&dari, &ke).map_err(|e| galat_berkas(&dari, e))?;
            }
        }
        Some(lama)
    } else {
        None
    };
    for akhiran in ["-wal", "-shm"] {
        let dari = tambah_akhiran(&salinan, akhiran);
        if dari.exists() {
            let _ = std::fs::remove_file(&dari);
        }
    }
    std::fs::rename(&salinan, &db_path).map_err(|e| galat_berkas(&db_path, e))?;
    if let Some(d) = db_path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(f) = std::fs::File::open(d)
    {
        let _ = f.sync_all();
    }
    // 4. The restore in the restored trail and in the anchor file.
    let db = Db::connect(url).await?;
    let mut pantau = Pantau::new(db.clone(), hari_batas).await?;
    if let Some(k) = jangkar {
        pantau = pantau.dengan_jangkar(k.clone());
    }
    let entri = Entri::baru("cadangan.pulih", "basis_data")
        .sebelum(&serde_json::json!({
            "nomor_kepala": kepala_lama.as_ref().map(|k| k.0),
            "hash_kepala": kepala_lama.as_ref().map(|k| k.1.clone()),
            "disimpan_sebagai": disimpan_sebagai.as_ref().map(|p| p.display().to_string()),
        }))
        .sesudah(&serde_json::json!({
            "berkas": cadangan.display().to_string(),
            "sha256": b.sha256,
            "nomor_kepala": b.nomor,
            "hash_kepala": b.hash,
        }));
    let (kepala_baru, ditambatkan) = catat_pemulihan(&pantau, pelaku, &entri, &b).await?;
    db.close().await;
    Ok(HasilPulih {
        cadangan: b,
        kepala_lama,
        disimpan_sebagai,
        kepala_baru,
        ditambatkan,
    })
}

/// Records a restore from `b` in the restored database: its `cadangan.pulih`
/// entry, then (with an anchor file) a signed `PULIH` line naming the head
/// it brought back and a new anchor. Returns the new head and whether the
/// line was written.
async fn catat_pemulihan(
    pantau: &Pantau,
    pelaku: &Pelaku,
    entri: &Entri,
    b: &Berkas,
) -> Result<((i64, String), bool)> {
    crate::simpan::jejak::catat(pantau.db(), pelaku, entri).await?;
    let ditambatkan = pantau
        .tambatkan_pulih(
            Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            b.nomor,
            b.hash.clone(),
        )
        .await?;
    if ditambatkan {
        pantau.tambatkan().await?;
    }
    Ok((
        crate::simpan::jejak::kepala(pantau.db()).await?,
        ditambatkan,
    ))
}

/// `server restore FILE` on PostgreSQL: the database of `url` was just
/// restored from `berkas` with `pg_restore` (docs/operasi.md; the server
/// stopped). Verifies it whole — the chain and every bound row — and then
/// records the restore as [`pulihkan`] does for SQLite: a `cadangan.pulih`
/// entry naming the dump file (its SHA-256) and the head it brought back,
/// and a signed `PULIH` line in the anchor file, so that anchors written
/// after that head read as "dibatalkan oleh pemulihan" instead of a
/// broken chain. A database that does not verify is refused and nothing
/// is written to it.
pub async fn catat_pulih_postgres(
    url: &str,
    berkas: &Path,
    jangkar: Option<&KonfigJangkar>,
    hari_batas: u32,
    pelaku: &Pelaku,
) -> Result<HasilPulih> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(DataError::Invalid(
            "catatan pemulihan pg_restore hanya untuk PostgreSQL; untuk SQLite pakai server restore <berkas>".into(),
        ));
    }
    if !berkas.is_file() {
        return Err(DataError::Invalid(format!(
            "berkas cadangan {} tidak ada: sebutkan berkas pg_dump yang dipulihkan",
            berkas.display()
        )));
    }
    let db = Db::connect(url).await?;
    let hasil = async {
        let (nomor, hash, baris_terikat) = periksa_db(&db, berkas).await?;
        let (ukuran, sha256) = sidik(berkas).await?;
        let b = Berkas {
            jalur: berkas.to_path_buf(),
            ukuran,
            sha256,
            nomor,
            hash,
            baris_terikat,
        };
        let mut pantau = Pantau::new(db.clone(), hari_batas).await?;
        if let Some(k) = jangkar {
            pantau = pantau.dengan_jangkar(k.clone());
        }
        let entri = Entri::baru("cadangan.pulih", "basis_data").sesudah(&serde_json::json!({
            "berkas": berkas.display().to_string(),
            "sha256": b.sha256,
            "nomor_kepala": b.nomor,
            "hash_kepala": b.hash,
            "alat": "pg_restore",
        }));
        let (kepala_baru, ditambatkan) = catat_pemulihan(&pantau, pelaku, &entri, &b).await?;
        Ok(HasilPulih {
            cadangan: b,
            kepala_lama: None,
            disimpan_sebagai: None,
            kepala_baru,
            ditambatkan,
        })
    }
    .await;
    db.close().await;
    hasil
}

/// Removes a SQLite file and its WAL companions (a copy that failed).
fn hapus_sqlite(p: &Path) {
    for akhiran in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(tambah_akhiran(p, akhiran));
    }
}
