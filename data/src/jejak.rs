//! The audit trail (jejak audit): every write and every export, who, when,
//! from where, what, before and after, why.
//!
//! Append-only and hash-chained. Entry `n` stores the hash of entry `n - 1`
//! and its own hash over all its fields and that previous hash, so changing,
//! removing or inserting any entry breaks the chain from there on. The
//! database refuses UPDATE and DELETE on `jejak_audit` (triggers, both back
//! ends); [`periksa`] recomputes the whole chain and names the first entry
//! that does not match. The chain's head (`jejak_kepala`) holds the last
//! number and hash, so cutting entries off the end is caught too.
//!
//! An entry is written in the same transaction as the change it records
//! ([`catat_jejak!`]), so a change is never stored without its entry.

use crate::db::Db;
use crate::error::Result;
use crate::on_db;
use chrono::{SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// The hash a chain starts from.
pub const AWAL: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something, and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pelaku {
    /// The account's user name, or `sistem:<what>` for the command line and
    /// start-up tasks.
    pub pengguna: String,
    pub peran: String,
    /// The client's address as the server saw it.
    pub alamat: String,
}

impl Pelaku {
    pub fn akun(akun: &model::akun::Akun, alamat: &str) -> Pelaku {
        Pelaku {
            pengguna: akun.nama_pengguna.clone(),
            peran: akun.peran.code().to_string(),
            alamat: alamat.to_string(),
        }
    }

    /// The server itself (command line, configuration at start, demo load).
    pub fn sistem(apa: &str) -> Pelaku {
        Pelaku {
            pengguna: format!("sistem:{apa}"),
            peran: "sistem".into(),
            alamat: "lokal".into(),
        }
    }
}

/// What happened: an action on an object, the state before and after (JSON
/// text, `""` when there is none), and the reason given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entri {
    pub aksi: String,
    pub objek: String,
    pub sebelum: String,
    pub sesudah: String,
    pub alasan: String,
}

impl Entri {
    pub fn baru(aksi: &str, objek: impl Into<String>) -> Entri {
        Entri {
            aksi: aksi.into(),
            objek: objek.into(),
            ..Entri::default()
        }
    }

    pub fn sebelum(mut self, v: &impl serde::Serialize) -> Entri {
        self.sebelum = serde_json::to_string(v).unwrap_or_default();
        self
    }

    pub fn sesudah(mut self, v: &impl serde::Serialize) -> Entri {
        self.sesudah = serde_json::to_string(v).unwrap_or_default();
        self
    }

    pub fn alasan(mut self, alasan: &str) -> Entri {
        self.alasan = alasan.trim().to_string();
        self
    }
}

/// One stored entry.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Baris {
    pub id: i64,
    pub pada: String,
    pub pengguna: String,
    pub peran: String,
    pub alamat: String,
    pub aksi: String,
    pub objek: String,
    pub sebelum: String,
    pub sesudah: String,
    pub alasan: String,
    pub hash_sebelum: String,
    pub hash: String,
}

impl Baris {
    /// The entry numbered `id` after the entry whose hash is `hash_sebelum`.
    pub fn baru(id: i64, pelaku: &Pelaku, e: &Entri, hash_sebelum: String) -> Baris {
        let mut b = Baris {
            id,
            pada: Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true),
            pengguna: pelaku.pengguna.clone(),
            peran: pelaku.peran.clone(),
            alamat: pelaku.alamat.clone(),
            aksi: e.aksi.clone(),
            objek: e.objek.clone(),
            sebelum: e.sebelum.clone(),
            sesudah: e.sesudah.clone(),
            alasan: e.alasan.clone(),
            hash_sebelum,
            hash: String::new(),
        };
        b.hash = b.hitung_hash();
        b
    }

    /// SHA-256 over every field but `hash`, each prefixed with its length,
    /// so no two different entries hash the same text.
    pub fn hitung_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"pantau-kkmp/jejak/v1\n");
        let id = self.id.to_string();
        for f in [
            id.as_str(),
            &self.pada,
            &self.pengguna,
            &self.peran,
            &self.alamat,
            &self.aksi,
            &self.objek,
            &self.sebelum,
            &self.sesudah,
            &self.alasan,
            &self.hash_sebelum,
        ] {
            h.update(format!("{}:", f.len()).as_bytes());
            h.update(f.as_bytes());
            h.update(b"\n");
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Appends an entry inside an open transaction (`&mut Transaction` of
/// either back end): takes the head row first, which serialises writers.
#[macro_export]
macro_rules! catat_jejak {
    ($tx:expr, $pelaku:expr, $entri:expr) => {{
        let tx = $tx;
        sqlx::query("UPDATE jejak_kepala SET nomor = nomor + 1 WHERE id = 1")
            .execute(&mut **tx)
            .await?;
        let (nomor, sebelum): (i64, String) =
            sqlx::query_as("SELECT nomor, hash FROM jejak_kepala WHERE id = 1")
                .fetch_one(&mut **tx)
                .await?;
        let b = $crate::jejak::Baris::baru(nomor, $pelaku, $entri, sebelum);
        sqlx::query(
            "INSERT INTO jejak_audit (id, pada, pengguna, peran, alamat, aksi, objek, sebelum, sesudah, alasan, hash_sebelum, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
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
        .bind(&b.hash)
        .execute(&mut **tx)
        .await?;
        sqlx::query("UPDATE jejak_kepala SET hash = $1 WHERE id = 1")
            .bind(&b.hash)
            .execute(&mut **tx)
            .await?;
        b.id
    }};
}

/// Appends an entry on its own (an export, a sign-in): one transaction.
pub async fn catat(db: &Db, pelaku: &Pelaku, entri: &Entri) -> Result<i64> {
    let id = on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id = catat_jejak!(&mut tx, pelaku, entri);
        tx.commit().await?;
        id
    });
    Ok(id)
}

const KOLOM: &str =
    "id, pada, pengguna, peran, alamat, aksi, objek, sebelum, sesudah, alasan, hash_sebelum, hash";

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
        sqlx::query_as::<_, Baris>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(sebelum_id.unwrap_or(i64::MAX))
            .bind(&cari)
            .bind(&pola)
            .bind(batas)
            .fetch_all(pool)
            .await?
    });
    Ok(rows)
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
    let (nomor, kepala): (i64, String) = on_db!(db, pool => {
        sqlx::query_as("SELECT nomor, hash FROM jejak_kepala WHERE id = 1").fetch_one(pool).await?
    });
    // Up to the head as read: entries appended meanwhile are checked next
    // time. From the lowest id stored, so no entry can hide before the first.
    let sql = format!(
        "SELECT {KOLOM} FROM jejak_audit WHERE id > $1 AND id <= $2 ORDER BY id LIMIT 2000"
    );
    let mut sebelum = AWAL.to_string();
    let mut diharap = 1i64;
    let mut jumlah = 0i64;
    let mut dari = i64::MIN;
    loop {
        let rows = on_db!(db, pool => {
            sqlx::query_as::<_, Baris>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(dari)
                .bind(nomor)
                .fetch_all(pool)
                .await?
        });
        if rows.is_empty() {
            break;
        }
        for b in rows {
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

impl crate::service::Pantau {
    /// The audit trail page: the whole chain checked, and a page of entries.
    pub async fn halaman_jejak(
        &self,
        sebelum_id: Option<i64>,
        cari: Option<&str>,
    ) -> Result<model::view::HalamanJejak> {
        const PER_HALAMAN: i64 = 100;
        let hasil = periksa(self.db()).await?;
        let rows = daftar(self.db(), sebelum_id, cari, PER_HALAMAN + 1).await?;
        let berikutnya = (rows.len() as i64 > PER_HALAMAN)
            .then(|| rows.get(PER_HALAMAN as usize - 1).map(|b| b.id))
            .flatten();
        let baris = rows
            .into_iter()
            .take(PER_HALAMAN as usize)
            .map(|b| model::view::BarisJejak {
                pada: chrono::DateTime::parse_from_rfc3339(&b.pada)
                    .map(|t| crate::laporan::waktu_wib(t.with_timezone(&Utc)))
                    .unwrap_or(b.pada),
                id: b.id,
                pengguna: b.pengguna,
                peran: b.peran,
                alamat: b.alamat,
                aksi: b.aksi,
                objek: b.objek,
                sebelum: b.sebelum,
                sesudah: b.sesudah,
                alasan: b.alasan,
                hash: b.hash,
            })
            .collect();
        Ok(model::view::HalamanJejak {
            jumlah: hasil.jumlah,
            hash_terakhir: hasil.hash_terakhir,
            rusak: hasil.rusak,
            diperiksa: crate::laporan::waktu_wib(Utc::now()),
            baris,
            berikutnya,
            cari: cari.unwrap_or("").to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_in_the_hash() {
        let p = Pelaku::sistem("uji");
        let e = Entri::baru("ubah", "target/1").alasan("x");
        let b = Baris::baru(1, &p, &e, AWAL.into());
        assert_eq!(b.hash, b.hitung_hash());
        let mut changed = [
            Baris { id: 2, ..b.clone() },
            Baris {
                pada: "2026".into(),
                ..b.clone()
            },
            Baris {
                pengguna: "y".into(),
                ..b.clone()
            },
            Baris {
                peran: "y".into(),
                ..b.clone()
            },
            Baris {
                alamat: "y".into(),
                ..b.clone()
            },
            Baris {
                aksi: "y".into(),
                ..b.clone()
            },
            Baris {
                objek: "y".into(),
                ..b.clone()
            },
            Baris {
                sebelum: "y".into(),
                ..b.clone()
            },
            Baris {
                sesudah: "y".into(),
                ..b.clone()
            },
            Baris {
                alasan: "y".into(),
                ..b.clone()
            },
            Baris {
                hash_sebelum: "y".into(),
                ..b.clone()
            },
        ];
        for c in &mut changed {
            assert_ne!(c.hitung_hash(), b.hash, "{c:?}");
        }
        // Lengths make field boundaries unambiguous.
        let a = Baris {
            aksi: "ab".into(),
            objek: "c".into(),
            ..b.clone()
        };
        let c = Baris {
            aksi: "a".into(),
            objek: "bc".into(),
            ..b.clone()
        };
        assert_ne!(a.hitung_hash(), c.hitung_hash());
    }
}
