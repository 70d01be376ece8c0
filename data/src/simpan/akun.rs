//! Accounts, passwords, sessions and sign-in throttling.
//!
//! Passwords are stored as argon2id PHC strings ([`PARAM`]); hashing runs on
//! blocking threads, at most [`HASH_SEJAJAR`] at a time, so a burst of
//! sign-ins cannot take all memory. A session is a random 256-bit token in
//! an HttpOnly cookie; the database keeps only its SHA-256, with the
//! session's CSRF token and expiry, so every app instance sees the same
//! sessions. Guessing is slowed per (account, address) pair, per account
//! and per address without ever locking a person out ([`masuk`]).
//!
//! Every change to an account is written to the audit trail in the same
//! transaction.
use crate::catat_jejak;
use crate::error::DataError;
use crate::error::Result;
use crate::inti::akun::GAGAL_BEBAS;
use crate::inti::akun::HasilMasuk;
use crate::inti::akun::Pengguna;
use crate::inti::akun::PenggunaBaru;
use crate::inti::akun::Perubahan;
use crate::inti::akun::Sesi;
use crate::inti::akun::UMUR_PERANGKAT_HARI;
use crate::inti::akun::UMUR_SESI_JAM;
use crate::inti::akun::jeda;
use crate::inti::akun::kunci_alamat;
use crate::inti::jejak::Entri;
use crate::inti::jejak::Pelaku;
use crate::inti::sandi::acak;
use crate::inti::sandi::id_sesi;
use crate::inti::sandi::token_baru;
use crate::inti::sandi::token_sah;
use crate::on_db;
use crate::simpan::Db;
use crate::simpan::Tx;
use argon2::Algorithm;
use argon2::Argon2;
use argon2::Params;
use argon2::Version;
use argon2::password_hash::PasswordHash;
use argon2::password_hash::PasswordHasher;
use argon2::password_hash::PasswordVerifier;
use argon2::password_hash::SaltString;
use chrono::DateTime;
use chrono::Duration;
use chrono::Utc;
use model::akun::Akun;
use model::akun::Peran;

/// argon2id with the OWASP-recommended minimum: 19 MiB, 2 passes, 1 lane.
pub const PARAM: (u32, u32, u32) = (19 * 1024, 2, 1);

/// Hashes computed at the same time, at most.
pub const HASH_SEJAJAR: usize = 4;

/// The throttling window.
pub const JENDELA_MENIT: i64 = 15;

/// Failed sign-ins of an account, from all addresses, in the window
/// before browsers that are not a known device of it wait. One address
/// alone cannot reach it: its pair delay ([`jeda`]) lets it fail at most
/// about a dozen times in the window.
pub const BATAS_GAGAL_AKUN: i64 = 30;

/// Failed sign-ins from one address (IPv6: one /64), over all accounts,
/// in the window before browsers that are not a known device wait.
pub const BATAS_GAGAL_ALAMAT: i64 = 20;

/// Failed sign-ins with one device cookie in the window before the device
/// is treated as unknown (a stolen device cookie buys no guesses).
pub const BATAS_GAGAL_PERANGKAT: i64 = 5;

/// Known devices kept per account (the most recently used).
pub const PERANGKAT_MAKS: i64 = 20;

fn argon2() -> Argon2<'static> {
    let (m, t, p) = PARAM;
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(m, t, p, None).expect("valid argon2 parameters"),
    )
}

static IZIN_HASH: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASH_SEJAJAR);

/// Hashes a password (argon2id, random salt) on a blocking thread.
pub async fn hash_sandi(sandi: &str) -> Result<String> {
    let _izin = IZIN_HASH
        .acquire()
        .await
        .map_err(|e| DataError::Internal(e.to_string()))?;
    let sandi = sandi.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&acak::<16>())
            .map_err(|e| DataError::Internal(format!("salt: {e}")))?;
        argon2()
            .hash_password(sandi.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| DataError::Internal(format!("argon2: {e}")))
    })
    .await
    .map_err(|e| DataError::Internal(e.to_string()))?
}

/// Whether `sandi` matches the stored PHC string, on a blocking thread.
pub async fn cocok_sandi(sandi: &str, phc: &str) -> Result<bool> {
    let _izin = IZIN_HASH
        .acquire()
        .await
        .map_err(|e| DataError::Internal(e.to_string()))?;
    let (sandi, phc) = (sandi.to_string(), phc.to_string());
    tokio::task::spawn_blocking(move || {
        let Ok(h) = PasswordHash::new(&phc) else {
            return false;
        };
        argon2().verify_password(sandi.as_bytes(), &h).is_ok()
    })
    .await
    .map_err(|e| DataError::Internal(e.to_string()))
}

/// A hash of a password nobody has, verified when the user name is unknown
/// so that an unknown name takes as long as a wrong password.
async fn hash_tiruan() -> &'static str {
    static H: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    H.get_or_init(|| async {
        hash_sandi(&crate::inti::sandi::hex(&acak::<32>()))
            .await
            .unwrap_or_else(|_| "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into())
    })
    .await
}

type BarisPengguna = (
    i64,
    String,
    String,
    String,
    Option<String>,
    bool,
    DateTime<Utc>,
    DateTime<Utc>,
);

fn pengguna_dari(r: BarisPengguna) -> Pengguna {
    Pengguna {
        id: r.0,
        nama_pengguna: r.1,
        nama: r.2,
        peran: r.3,
        cakupan: r.4,
        aktif: r.5,
        dibuat_pada: r.6,
        diubah_pada: r.7,
    }
}

const KOLOM: &str = "id, nama_pengguna, nama, peran, cakupan, aktif, dibuat_pada, diubah_pada";

/// Every account with its contacts and preferences (the rules' recipients,
/// the user management page).
pub async fn dengan_kontak(db: &Db) -> Result<Vec<crate::inti::pesan::Penerima>> {
    type Baris = (
        i64,
        String,
        String,
        String,
        Option<String>,
        bool,
        DateTime<Utc>,
        DateTime<Utc>,
        String,
        String,
        bool,
        bool,
    );
    let sql = format!(
        "SELECT {KOLOM}, surel, whatsapp, terima_surel, terima_whatsapp FROM pengguna ORDER BY peran, nama_pengguna"
    );
    let rows: Vec<Baris> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .map(|r| crate::inti::pesan::Penerima {
            pengguna: pengguna_dari((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7)),
            kontak: crate::inti::pesan::Kontak {
                surel: r.8,
                whatsapp: r.9,
                terima_surel: r.10,
                terima_whatsapp: r.11,
            },
        })
        .collect())
}

pub async fn daftar(db: &Db) -> Result<Vec<Pengguna>> {
    let sql = format!("SELECT {KOLOM} FROM pengguna ORDER BY peran, nama_pengguna");
    let rows: Vec<BarisPengguna> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(pengguna_dari).collect())
}

pub async fn satu(db: &Db, id: i64) -> Result<Option<Pengguna>> {
    let sql = format!("SELECT {KOLOM} FROM pengguna WHERE id = $1");
    let row: Option<BarisPengguna> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await?
    });
    Ok(row.map(pengguna_dari))
}

pub async fn jumlah(db: &Db) -> Result<i64> {
    let n: i64 = on_db!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM pengguna").fetch_one(pool).await?
    });
    Ok(n)
}

/// Stores a checked new account and its audit entry in one transaction.
/// The caller has checked the fields (see `Pantau::buat_pengguna`). An
/// account not made by the demo loader (`demo`) marks the database for
/// ever as one that held a real account (`penanda`): the demo data is
/// never loaded into it.
pub async fn simpan_baru(db: &Db, b: &PenggunaBaru, pelaku: &Pelaku, demo: bool) -> Result<i64> {
    // Hashed before the transaction opens: the write lock is not held
    // for the tens of milliseconds argon2id takes.
    let phc = hash_sandi(&b.sandi).await?;
    crate::dalam_tx!(db, tx => simpan_baru_dalam(&mut tx, b, &phc, pelaku, demo).await?)
}

/// [`simpan_baru`] inside an open transaction, with the password already
/// hashed (`phc`, from [`hash_sandi`]).
pub async fn simpan_baru_dalam(
    tx: &mut Tx<'_>,
    b: &PenggunaBaru,
    phc: &str,
    pelaku: &Pelaku,
    demo: bool,
) -> Result<i64> {
    let now = Utc::now();
    let cakupan = Some(b.cakupan.trim()).filter(|c| !c.is_empty());
    let id = crate::on_tx!(tx, tx => {
        let ada: Option<i64> = sqlx::query_scalar("SELECT id FROM pengguna WHERE nama_pengguna = $1")
            .bind(&b.nama_pengguna)
            .fetch_optional(&mut *tx)
            .await?;
        if ada.is_some() {
            return Err(DataError::Invalid(format!(
                "Nama pengguna '{}' sudah dipakai",
                b.nama_pengguna
            )));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO pengguna (nama_pengguna, nama, peran, cakupan, kata_sandi, aktif, dibuat_pada, diubah_pada) \
             VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6) RETURNING id",
        )
        .bind(&b.nama_pengguna)
        .bind(b.nama.trim())
        .bind(&b.peran)
        .bind(cakupan)
        .bind(phc)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let sesudah = serde_json::json!({
            "id": id, "nama_pengguna": b.nama_pengguna, "nama": b.nama.trim(),
            "peran": b.peran, "cakupan": cakupan, "aktif": true,
        });
        catat_jejak!(&mut tx, pelaku, &Entri::baru("pengguna.buat", format!("pengguna/{}", b.nama_pengguna)).sesudah(&sesudah));
        if !demo {
            // For ever: the demo data never goes into this database.
            sqlx::query("INSERT INTO penanda (kunci, pada) VALUES ('akun_nyata', $1) ON CONFLICT (kunci) DO NOTHING")
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        id
    });
    Ok(id)
}

/// Applies a change, ends the account's sessions when it is deactivated, its
/// password reset or its role changed, and logs it — one transaction.
pub async fn ubah(
    db: &Db,
    id: i64,
    perubahan: &Perubahan,
    pelaku: &Pelaku,
    alasan: &str,
) -> Result<()> {
    let sebelum = satu(db, id)
        .await?
        .ok_or_else(|| DataError::NotFound(format!("Pengguna nomor {id} tidak ada.")))?;
    let phc = match perubahan {
        Perubahan::Sandi(s) => Some(hash_sandi(s).await?),
        _ => None,
    };
    if let Perubahan::Kontak(k) = perubahan {
        return ubah_kontak(db, id, &sebelum.nama_pengguna, k, pelaku, alasan).await;
    }
    let now = Utc::now();
    let mut sesudah = sebelum.clone();
    let aksi = match perubahan {
        Perubahan::Aktif(a) => {
            sesudah.aktif = *a;
            if *a {
                "pengguna.aktifkan"
            } else {
                "pengguna.nonaktifkan"
            }
        }
        Perubahan::Sandi(_) => "pengguna.atur_ulang_sandi",
        Perubahan::Kontak(_) => unreachable!("handled above"),
        Perubahan::Peran { peran, cakupan } => {
            sesudah.peran = peran.clone();
            sesudah.cakupan = cakupan.clone();
            "pengguna.ubah_peran"
        }
    };
    let entri = Entri::baru(aksi, format!("pengguna/{}", sebelum.nama_pengguna))
        .sebelum(&sebelum)
        .sesudah(&sesudah)
        .alasan(alasan);
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            match perubahan {
                Perubahan::Aktif(a) => {
                    sqlx::query("UPDATE pengguna SET aktif = $1, diubah_pada = $2 WHERE id = $3")
                        .bind(*a).bind(now).bind(id).execute(&mut *tx).await?;
                }
                Perubahan::Sandi(_) => {
                    sqlx::query("UPDATE pengguna SET kata_sandi = $1, diubah_pada = $2 WHERE id = $3")
                        .bind(phc.as_deref()).bind(now).bind(id).execute(&mut *tx).await?;
                }
                Perubahan::Peran { peran, cakupan } => {
                    sqlx::query("UPDATE pengguna SET peran = $1, cakupan = $2, diubah_pada = $3 WHERE id = $4")
                        .bind(peran).bind(cakupan.as_deref()).bind(now).bind(id).execute(&mut *tx).await?;
                }
                Perubahan::Kontak(_) => {}
            }
            if !matches!(perubahan, Perubahan::Aktif(true)) {
                sqlx::query("DELETE FROM sesi WHERE pengguna_id = $1").bind(id).execute(&mut *tx).await?;
            }
            catat_jejak!(&mut tx, pelaku, &entri);
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    Ok(())
}

/// Stores an account's checked contacts, with the audit entry holding
/// them before and after; the account's sessions stay.
async fn ubah_kontak(
    db: &Db,
    id: i64,
    nama_pengguna: &str,
    k: &crate::inti::pesan::Kontak,
    pelaku: &Pelaku,
    alasan: &str,
) -> Result<()> {
    let now = Utc::now();
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            let (surel, whatsapp, terima_surel, terima_whatsapp): (String, String, bool, bool) = sqlx::query_as(
                "SELECT surel, whatsapp, terima_surel, terima_whatsapp FROM pengguna WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            let sebelum = crate::inti::pesan::Kontak { surel, whatsapp, terima_surel, terima_whatsapp };
            sqlx::query(
                "UPDATE pengguna SET surel = $1, whatsapp = $2, terima_surel = $3, terima_whatsapp = $4, diubah_pada = $5 WHERE id = $6",
            )
            .bind(&k.surel)
            .bind(&k.whatsapp)
            .bind(k.terima_surel)
            .bind(k.terima_whatsapp)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let entri = Entri::baru("pengguna.ubah_kontak", format!("pengguna/{nama_pengguna}"))
                .sebelum(&sebelum)
                .sesudah(k)
                .alasan(alasan);
            catat_jejak!(&mut tx, pelaku, &entri);
            tx.commit().await?;
        });
        Ok(())
    })
    .await
}

/// Failures of `kunci` after `sejak`, not counting the attempt stored at
/// `kini`: how many, the earliest and the latest.
async fn gagal_sebelum(
    db: &Db,
    kunci: &str,
    sejak: DateTime<Utc>,
    kini: DateTime<Utc>,
) -> Result<(i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>)> {
    let row: (i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>) = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT COUNT(*), MIN(pada), MAX(pada) FROM gagal_masuk WHERE kunci = $1 AND pada > $2 AND pada <> $3",
        )
        .bind(kunci)
        .bind(sejak)
        .bind(kini)
        .fetch_one(pool)
        .await?
    });
    Ok(row)
}

/// Removes the attempt stored at `pada` under these keys.
async fn lupakan_percobaan(db: &Db, kunci: &[&str], pada: DateTime<Utc>) -> Result<()> {
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            for k in kunci {
                sqlx::query("DELETE FROM gagal_masuk WHERE kunci = $1 AND pada = $2")
                    .bind(*k)
                    .bind(pada)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    Ok(())
}

/// Whether `token` is a known device of the account `nama_pengguna`.
async fn perangkat_dikenal(db: &Db, nama_pengguna: &str, token: Option<&str>) -> Result<bool> {
    let Some(token) = token.filter(|t| token_sah(t)) else {
        return Ok(false);
    };
    let batas = Utc::now() - Duration::days(UMUR_PERANGKAT_HARI);
    let n: i64 = on_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM perangkat d JOIN pengguna p ON p.id = d.pengguna_id \
             WHERE d.id = $1 AND p.nama_pengguna = $2 AND d.dipakai_pada > $3",
        )
        .bind(id_sesi(token))
        .bind(nama_pengguna)
        .bind(batas)
        .fetch_one(pool)
        .await?
    });
    Ok(n > 0)
}

/// Signs in.
///
/// Guessing is slowed down without letting anyone lock a person out
/// (ARCHITECTURE.md, "Sign-in throttling"). Each attempt is counted under
/// three keys: the (account, address) pair, the account, and the address
/// ([`kunci_alamat`]: IPv6 per /64). Then, before the password is checked:
///
/// - a **known device** of the account (the device cookie from an earlier
///   successful sign-in, with fewer than [`BATAS_GAGAL_PERANGKAT`] recent
///   failures) is not held back: a guesser has no device cookie, the
///   person usually does;
/// - any other browser: the **pair** waits [`jeda`] after its last failure
///   (none for the first few, then doubling up to 15 minutes), so one
///   address guessing at one account only ever slows itself; the
///   **address** waits past [`BATAS_GAGAL_ALAMAT`] failures and the
///   **account** past [`BATAS_GAGAL_AKUN`] failures in [`JENDELA_MENIT`]
///   (reachable only from many addresses at once).
///
/// An attempt held back is not counted (waiting does not extend the
/// wait); one let through stays counted unless it succeeds, and is
/// counted before the password is checked, so requests sent all at once
/// cannot all pass. On success: a new session and a fresh device token
/// (logged in the audit trail), and the pair's, account's and device's
/// failures are forgotten. Old failures are purged by the periodic task
/// ([`bersihkan`]).
pub async fn masuk(
    db: &Db,
    nama_pengguna: &str,
    sandi: &str,
    alamat: &str,
    perangkat: Option<&str>,
) -> Result<HasilMasuk> {
    let now = Utc::now();
    let sejak = now - Duration::minutes(JENDELA_MENIT);
    let nama_pengguna = nama_pengguna.trim().to_lowercase();
    // Nothing longer is a real name or password: no work, no stored key.
    if nama_pengguna.len() > 64 || sandi.len() > 1024 {
        return Ok(HasilMasuk::Salah);
    }
    let tempat = kunci_alamat(alamat);
    let kunci_pasangan = format!("pasangan:{nama_pengguna}@{tempat}");
    let kunci_akun = format!("akun:{nama_pengguna}");
    let kunci_alamat_ = format!("alamat:{tempat}");
    let kunci_perangkat = perangkat
        .filter(|t| token_sah(t))
        .map(|t| format!("perangkat:{}", id_sesi(t)));
    let mut kunci: Vec<&str> = vec![&kunci_pasangan, &kunci_akun, &kunci_alamat_];
    if let Some(k) = &kunci_perangkat {
        kunci.push(k);
    }
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            for k in &kunci {
                sqlx::query("INSERT INTO gagal_masuk (kunci, pada) VALUES ($1, $2)")
                    .bind(*k)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    // A known device (a stolen cookie buys at most BATAS_GAGAL_PERANGKAT
    // guesses) passes the throttles; everyone else is checked.
    let dikenal = match &kunci_perangkat {
        Some(k) => {
            gagal_sebelum(db, k, sejak, now).await?.0 < BATAS_GAGAL_PERANGKAT
                && perangkat_dikenal(db, &nama_pengguna, perangkat).await?
        }
        None => false,
    };
    if !dikenal {
        // The pair: exponential delay after its last failure (a day's memory).
        let (n, _, terakhir) =
            gagal_sebelum(db, &kunci_pasangan, now - Duration::days(1), now).await?;
        let mut buka = None;
        let pasangan_buka = terakhir.unwrap_or(now) + Duration::seconds(jeda(n));
        if n >= GAGAL_BEBAS && pasangan_buka > now {
            buka = Some(pasangan_buka);
        }
        for (kunci, batas) in [
            (&kunci_akun, BATAS_GAGAL_AKUN),
            (&kunci_alamat_, BATAS_GAGAL_ALAMAT),
        ] {
            if buka.is_some() {
                break;
            }
            let (n, pertama, _) = gagal_sebelum(db, kunci, sejak, now).await?;
            if n >= batas {
                buka = Some(pertama.unwrap_or(now) + Duration::minutes(JENDELA_MENIT));
            }
        }
        if let Some(buka) = buka {
            // Held back: not counted, so waiting never extends the wait.
            lupakan_percobaan(db, &kunci, now).await?;
            return Ok(HasilMasuk::Tunggu {
                detik: (buka - now).num_seconds().max(1),
            });
        }
    }

    let row: Option<(i64, String)> = on_db!(db, pool => {
        sqlx::query_as("SELECT id, kata_sandi FROM pengguna WHERE nama_pengguna = $1")
            .bind(&nama_pengguna)
            .fetch_optional(pool)
            .await?
    });
    let (pengguna, phc) = match row {
        Some((id, phc)) => (satu(db, id).await?, phc),
        None => (None, hash_tiruan().await.to_string()),
    };
    let benar = cocok_sandi(sandi, &phc).await?;
    let akun = pengguna.filter(|p| p.aktif && benar).and_then(|p| p.akun());
    let Some(akun) = akun else {
        // The attempt stays counted as a failure. Failures are not written
        // to the audit trail (a guessing storm would flood it); they are in
        // `gagal_masuk` for the throttling window.
        return Ok(HasilMasuk::Salah);
    };
    let pelaku = Pelaku {
        pengguna: nama_pengguna.clone(),
        peran: akun.peran.code().to_string(),
        alamat: alamat.to_string(),
    };
    let token = token_baru();
    let csrf = token_baru();
    let perangkat_baru = token_baru();
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            // Forget the pair's, the account's and the device's failures, and
            // this attempt's address entry.
            sqlx::query(
                "DELETE FROM gagal_masuk WHERE kunci = $1 OR kunci = $2 OR kunci = $3 OR (kunci = $4 AND pada = $5)",
            )
            .bind(&kunci_pasangan)
            .bind(&kunci_akun)
            .bind(kunci_perangkat.as_deref().unwrap_or(""))
            .bind(&kunci_alamat_)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sesi WHERE kedaluwarsa < $1").bind(now).execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO sesi (id, pengguna_id, csrf, alamat, dibuat_pada, kedaluwarsa) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id_sesi(&token))
            .bind(akun.id)
            .bind(&csrf)
            .bind(alamat)
            .bind(now)
            .bind(now + Duration::hours(UMUR_SESI_JAM))
            .execute(&mut *tx)
            .await?;
            // The device token is rotated at every sign-in: the old one is
            // forgotten, a new one stored (its hash), and an account keeps at
            // most PERANGKAT_MAKS devices.
            if let Some(lama) = perangkat.filter(|t| token_sah(t)) {
                sqlx::query("DELETE FROM perangkat WHERE id = $1 AND pengguna_id = $2")
                    .bind(id_sesi(lama))
                    .bind(akun.id)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("INSERT INTO perangkat (id, pengguna_id, dibuat_pada, dipakai_pada) VALUES ($1, $2, $3, $3)")
                .bind(id_sesi(&perangkat_baru))
                .bind(akun.id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "DELETE FROM perangkat WHERE pengguna_id = $1 AND id NOT IN \
                 (SELECT id FROM perangkat WHERE pengguna_id = $1 ORDER BY dipakai_pada DESC, id LIMIT $2)",
            )
            .bind(akun.id)
            .bind(PERANGKAT_MAKS)
            .execute(&mut *tx)
            .await?;
            catat_jejak!(&mut tx, &pelaku, &Entri::baru("masuk", format!("pengguna/{nama_pengguna}")));
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    Ok(HasilMasuk::Berhasil {
        token,
        akun,
        perangkat: perangkat_baru,
    })
}

/// Purges what has expired: failed sign-ins older than a day, sessions
/// past their expiry, devices unused for [`UMUR_PERANGKAT_HARI`]. Run by
/// the server's periodic task; returns the rows removed.
pub async fn bersihkan(db: &Db) -> Result<u64> {
    let now = Utc::now();
    let n = on_db!(db, pool => {
        let a = sqlx::query("DELETE FROM gagal_masuk WHERE pada < $1")
            .bind(now - Duration::days(1))
            .execute(pool)
            .await?
            .rows_affected();
        let b = sqlx::query("DELETE FROM sesi WHERE kedaluwarsa < $1")
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected();
        let c = sqlx::query("DELETE FROM perangkat WHERE dipakai_pada < $1")
            .bind(now - Duration::days(UMUR_PERANGKAT_HARI))
            .execute(pool)
            .await?
            .rows_affected();
        a + b + c
    });
    Ok(n)
}

/// The session of a cookie token, if it exists, has not expired and its
/// account is active.
pub async fn sesi(db: &Db, token: &str) -> Result<Option<Sesi>> {
    if !token_sah(token) {
        return Ok(None);
    }
    let id = id_sesi(token);
    let row: Option<(i64, String, String, String, Option<String>, String)> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT p.id, p.nama_pengguna, p.nama, p.peran, p.cakupan, s.csrf FROM sesi s \
             JOIN pengguna p ON p.id = s.pengguna_id WHERE s.id = $1 AND s.kedaluwarsa > $2 AND p.aktif",
        )
        .bind(&id)
        .bind(Utc::now())
        .fetch_optional(pool)
        .await?
    });
    Ok(
        row.and_then(|(pid, nama_pengguna, nama, peran, cakupan, csrf)| {
            Some(Sesi {
                id: id.clone(),
                akun: Akun {
                    id: pid,
                    nama_pengguna,
                    nama,
                    peran: Peran::from_code(&peran)?,
                    cakupan,
                },
                csrf,
            })
        }),
    )
}

/// Ends a session and logs it.
pub async fn keluar(db: &Db, sesi: &Sesi, pelaku: &Pelaku) -> Result<()> {
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sesi WHERE id = $1").bind(&sesi.id).execute(&mut *tx).await?;
            catat_jejak!(&mut tx, pelaku, &Entri::baru("keluar", format!("pengguna/{}", sesi.akun.nama_pengguna)));
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    Ok(())
}
