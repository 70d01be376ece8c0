use crate::error::Result;
use crate::inti::jejak::AWAL;
use crate::inti::jejak::Baris;
use crate::inti::jejak::Entri;
use crate::on_db;
use crate::simpan::Db;

const KOLOM: &str = "id, pada, pengguna, peran, alamat, aksi, objek, sebelum, sesudah, alasan, \
    hash_sebelum, ikatan, hash";

type Tupel = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

fn baris(t: Tupel) -> Baris {
    let (
        id,
        pada,
        pengguna,
        peran,
        alamat,
        aksi,
        objek,
        sebelum,
        sesudah,
        alasan,
        hash_sebelum,
        ikatan,
        hash,
    ) = t;
    Baris {
        id,
        pada,
        pengguna,
        peran,
        alamat,
        aksi,
        objek,
        sebelum,
        sesudah,
        alasan,
        hash_sebelum,
        ikatan,
        hash,
    }
}
use crate::inti::jejak::Pelaku;

/// Appends an entry inside an open transaction (`&mut Transaction` of
/// either back end): takes the head row first, which serialises writers.
/// With a fourth argument (`&[Ikatan]`), the entry binds those rows: their
/// content hashes are stored in `jejak_ikatan` and their digest is part of
/// the entry's hash ([`crate::inti::ikatan`]).
#[macro_export]
macro_rules! catat_jejak {
    ($tx:expr, $pelaku:expr, $entri:expr) => {
        $crate::catat_jejak!($tx, $pelaku, $entri, &[])
    };
    ($tx:expr, $pelaku:expr, $entri:expr, $ikatan:expr) => {{
        let tx = $tx;
        let ikatan: &[$crate::inti::ikatan::Ikatan] = $ikatan;
        sqlx::query("UPDATE jejak_kepala SET nomor = nomor + 1 WHERE id = 1")
            .execute(&mut **tx)
            .await?;
        let (nomor, sebelum): (i64, String) =
            sqlx::query_as("SELECT nomor, hash FROM jejak_kepala WHERE id = 1")
                .fetch_one(&mut **tx)
                .await?;
        let b = $crate::inti::jejak::Baris::baru(
            nomor,
            $pelaku,
            $entri,
            sebelum,
            $crate::inti::ikatan::ringkas(ikatan),
        );
        sqlx::query(
            "INSERT INTO jejak_audit (id, pada, pengguna, peran, alamat, aksi, objek, sebelum, sesudah, alasan, hash_sebelum, ikatan, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(b.id)
        .bind(&b.pada)
        .bind(&b.pengguna)
        .bind(&b.peran)
        .bind(&b.alamat)
        .bind(&b.aksi)
        .bind(&b.objek)
        .bind(&b.sebelum)
        .bind(&b.sesudah)
        .bind(&b.alasan)
        .bind(&b.hash_sebelum)
        .bind(&b.ikatan)
        .bind(&b.hash)
        .execute(&mut **tx)
        .await?;
        for blok in ikatan.chunks($crate::simpan::ikatan::BLOK) {
            let sql = $crate::simpan::ikatan::sql_tambah(blok.len());
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for i in blok {
                q = q.bind(&i.tabel).bind(i.baris_id).bind(b.id).bind(&i.hash_isi);
            }
            q.execute(&mut **tx).await?;
        }
        sqlx::query("UPDATE jejak_kepala SET hash = $1 WHERE id = 1")
            .bind(&b.hash)
            .execute(&mut **tx)
            .await?;
        b.id
    }};
}

/// Appends an entry on its own (an export, a sign-in): one transaction.
pub async fn catat(db: &Db, pelaku: &Pelaku, entri: &Entri) -> Result<i64> {
    let id = crate::simpan::ulangi(|| async {
        Ok(on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            let id = catat_jejak!(&mut tx, pelaku, entri);
            tx.commit().await?;
            id
        }))
    })
    .await?;
    Ok(id)
}

/// Entries newest first, before entry `sebelum_id` (exclusive) when given,
/// optionally only those whose action, object or user contains `cari`.
pub async fn daftar(
    db: &Db,
    sebelum_id: Option<i64>,
    cari: Option<&str>,
    batas: i64,
) -> Result<Vec<Baris>> {
    let sql = format!(
        "SELECT {KOLOM} FROM jejak_audit WHERE id < $1 \
         AND ($2 = '' OR aksi LIKE $3 OR objek LIKE $3 OR pengguna LIKE $3) \
         ORDER BY id DESC LIMIT $4"
    );
    let cari = cari.unwrap_or("").trim().to_string();
    let pola = format!("%{}%", cari.replace(['%', '_'], ""));
    let rows = on_db!(db, pool => {
        sqlx::query_as::<_, Tupel>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(sebelum_id.unwrap_or(i64::MAX))
            .bind(&cari)
            .bind(&pola)
            .bind(batas)
            .fetch_all(pool)
            .await?
    });
    Ok(rows.into_iter().map(baris).collect())
}

/// The head: the number of entries and the last one's hash.
pub async fn kepala(db: &Db) -> Result<(i64, String)> {
    Ok(on_db!(db, pool => {
        sqlx::query_as("SELECT nomor, hash FROM jejak_kepala WHERE id = 1").fetch_one(pool).await?
    }))
}

/// The stored hash of entry `id`, if it exists.
pub async fn hash_entri(db: &Db, id: i64) -> Result<Option<String>> {
    Ok(on_db!(db, pool => {
        sqlx::query_scalar("SELECT hash FROM jejak_audit WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    }))
}

/// The outcome of checking the whole chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HasilPeriksa {
    /// Entries checked.
    pub jumlah: i64,
    /// The head's hash (the last entry's), when the chain is intact.
    pub hash_terakhir: String,
    /// The first entry that breaks the chain and why (Bahasa Indonesia).
    pub rusak: Option<(i64, String)>,
}

/// Recomputes every entry's hash in order and checks the links, the
/// numbering and the head. Reads in pages, so a long log needs little memory.
pub async fn periksa(db: &Db) -> Result<HasilPeriksa> {
    periksa_dari(db, None).await
}

/// [`periksa`] from a prefix already verified: `dari` is the number and
/// hash of its last entry, taken as correct; only later entries and the
/// head are checked. None: from the first entry.
pub async fn periksa_dari(db: &Db, dari: Option<(i64, &str)>) -> Result<HasilPeriksa> {
    let (nomor, kepala): (i64, String) = on_db!(db, pool => {
        sqlx::query_as("SELECT nomor, hash FROM jejak_kepala WHERE id = 1").fetch_one(pool).await?
    });
    // Up to the head as read: entries appended meanwhile are checked next
    // time. From the lowest id stored, so no entry can hide before the first.
    let sql = format!(
        "SELECT {KOLOM} FROM jejak_audit WHERE id > $1 AND id <= $2 ORDER BY id LIMIT 2000"
    );
    let (mut sebelum, mut diharap, mut jumlah, mut dari) = match dari {
        Some((id, hash)) if id <= nomor => (hash.to_string(), id + 1, id, id),
        _ => (AWAL.to_string(), 1i64, 0i64, i64::MIN),
    };
    loop {
        let rows = on_db!(db, pool => {
            sqlx::query_as::<_, Tupel>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(dari)
                .bind(nomor)
                .fetch_all(pool)
                .await?
        });
        if rows.is_empty() {
            break;
        }
        for b in rows.into_iter().map(baris) {
            let salah = if b.id != diharap {
                Some((
                    diharap,
                    format!(
                        "entri nomor {diharap} hilang (entri berikutnya bernomor {})",
                        b.id
                    ),
                ))
            } else if b.hash_sebelum != sebelum {
                Some((
                    b.id,
                    "hash_sebelum tidak sama dengan hash entri sebelumnya".to_string(),
                ))
            } else if b.hitung_hash() != b.hash {
                Some((
                    b.id,
                    "isi entri tidak cocok dengan hash-nya (entri diubah)".to_string(),
                ))
            } else {
                None
            };
            if let Some(r) = salah {
                return Ok(HasilPeriksa {
                    jumlah,
                    hash_terakhir: String::new(),
                    rusak: Some(r),
                });
            }
            dari = b.id;
            sebelum = b.hash;
            diharap += 1;
            jumlah += 1;
        }
    }
    let rusak = if jumlah != nomor {
        Some((
            jumlah + 1,
            format!(
                "kepala rantai mencatat {nomor} entri, tersimpan {jumlah}: entri terakhir hilang"
            ),
        ))
    } else if sebelum != kepala {
        Some((
            jumlah,
            "hash entri terakhir tidak sama dengan kepala rantai".to_string(),
        ))
    } else {
        None
    };
    Ok(HasilPeriksa {
        jumlah,
        hash_terakhir: if rusak.is_none() {
            sebelum
        } else {
            String::new()
        },
        rusak,
    })
}
