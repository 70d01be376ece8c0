//! Accounts, passwords, sessions and sign-in throttling.
//!
//! Passwords are stored as argon2id PHC strings ([`PARAM`]); hashing runs on
//! blocking threads, at most [`HASH_SEJAJAR`] at a time, so a burst of
//! sign-ins cannot take all memory. A session is a random 256-bit token in
//! an HttpOnly cookie; the database keeps only its SHA-256, with the
//! session's CSRF token and expiry, so every app instance sees the same
//! sessions. Failed sign-ins are counted per account and per address over
//! [`JENDELA_MENIT`]; past the limits the account or address waits.
//!
//! Every change to an account is written to the audit trail in the same
//! transaction.
use crate::catat_jejak;
use crate::error::DataError;
use crate::error::Result;
use crate::inti::akun::HasilMasuk;
use crate::inti::akun::Pengguna;
use crate::inti::akun::PenggunaBaru;
use crate::inti::akun::Perubahan;
use crate::inti::akun::Sesi;
use crate::inti::akun::UMUR_SESI_JAM;
use crate::inti::jejak::Entri;
use crate::inti::jejak::Pelaku;
use crate::inti::sandi::acak;
use crate::inti::sandi::id_sesi;
use crate::inti::sandi::token_baru;
use crate::inti::sandi::token_sah;
use crate::on_db;
use crate::simpan::Db;
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

/// Failed sign-ins per account in the window before it waits.
pub const BATAS_GAGAL_AKUN: i64 = 5;

/// Failed sign-ins per address in the window before it waits.
pub const BATAS_GAGAL_ALAMAT: i64 = 20;

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
/// The caller has checked the fields (see `Pantau::buat_pengguna`).
pub async fn simpan_baru(db: &Db, b: &PenggunaBaru, pelaku: &Pelaku) -> Result<i64> {
    let phc = hash_sandi(&b.sandi).await?;
    let now = Utc::now();
    let cakupan = Some(b.cakupan.trim()).filter(|c| !c.is_empty());
    let id = on_db!(db, pool => {
        let mut tx = pool.begin().await?;
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
        .bind(&phc)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let sesudah = serde_json::json!({
            "id": id, "nama_pengguna": b.nama_pengguna, "nama": b.nama.trim(),
            "peran": b.peran, "cakupan": cakupan, "aktif": true,
        });
        catat_jejak!(&mut tx, pelaku, &Entri::baru("pengguna.buat", format!("pengguna/{}", b.nama_pengguna)).sesudah(&sesudah));
        tx.commit().await?;
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
        }
        if !matches!(perubahan, Perubahan::Aktif(true)) {
            sqlx::query("DELETE FROM sesi WHERE pengguna_id = $1").bind(id).execute(&mut *tx).await?;
        }
        catat_jejak!(&mut tx, pelaku, &entri);
        tx.commit().await?;
    });
    Ok(())
}

async fn gagal_terbaru(
    db: &Db,
    kunci: &str,
    sejak: DateTime<Utc>,
) -> Result<(i64, Option<DateTime<Utc>>)> {
    let row: (i64, Option<DateTime<Utc>>) = on_db!(db, pool => {
        sqlx::query_as("SELECT COUNT(*), MIN(pada) FROM gagal_masuk WHERE kunci = $1 AND pada > $2")
            .bind(kunci)
            .bind(sejak)
            .fetch_one(pool)
            .await?
    });
    Ok(row)
}

/// Signs in: the attempt is counted per account and per address, refused
/// past the limits, then the password is checked; on success a new session
/// (logged in the audit trail) and the account's failures are forgotten.
pub async fn masuk(db: &Db, nama_pengguna: &str, sandi: &str, alamat: &str) -> Result<HasilMasuk> {
    let now = Utc::now();
    let sejak = now - Duration::minutes(JENDELA_MENIT);
    let nama_pengguna = nama_pengguna.trim().to_lowercase();
    // Nothing longer is a real name or password: no work, no stored key.
    if nama_pengguna.len() > 64 || sandi.len() > 1024 {
        return Ok(HasilMasuk::Salah);
    }
    let kunci_akun = format!("akun:{nama_pengguna}");
    let kunci_alamat = format!("alamat:{alamat}");
    // The attempt is counted before the password is checked, so requests
    // sent all at once cannot all pass the count; a success takes it back.
    on_db!(db, pool => {
        sqlx::query("INSERT INTO gagal_masuk (kunci, pada) VALUES ($1, $3), ($2, $3)")
            .bind(&kunci_akun)
            .bind(&kunci_alamat)
            .bind(now)
            .execute(pool)
            .await?;
    });
    for (kunci, batas) in [
        (&kunci_akun, BATAS_GAGAL_AKUN),
        (&kunci_alamat, BATAS_GAGAL_ALAMAT),
    ] {
        let (n, pertama) = gagal_terbaru(db, kunci, sejak).await?;
        // This attempt is one of the `n`: more than `batas` means the
        // earlier ones used the allowance up.
        if n > batas {
            let buka = pertama.unwrap_or(now) + Duration::minutes(JENDELA_MENIT);
            return Ok(HasilMasuk::Tunggu {
                menit: ((buka - now).num_seconds() + 59).div_euclid(60).max(1),
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
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        // Forget the account's failures and this attempt's address entry.
        sqlx::query("DELETE FROM gagal_masuk WHERE kunci = $1 OR (kunci = $2 AND pada = $3) OR pada < $4")
            .bind(&kunci_akun)
            .bind(&kunci_alamat)
            .bind(now)
            .bind(now - Duration::days(1))
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
        catat_jejak!(&mut tx, &pelaku, &Entri::baru("masuk", format!("pengguna/{nama_pengguna}")));
        tx.commit().await?;
    });
    Ok(HasilMasuk::Berhasil { token, akun })
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
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM sesi WHERE id = $1").bind(&sesi.id).execute(&mut *tx).await?;
        catat_jejak!(&mut tx, pelaku, &Entri::baru("keluar", format!("pengguna/{}", sesi.akun.nama_pengguna)));
        tx.commit().await?;
    });
    Ok(())
}
