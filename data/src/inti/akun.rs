use chrono::DateTime;
use chrono::Utc;
use model::akun::Akun;
use model::akun::Peran;
use serde::Serialize;

/// How long a session lasts (a working day).
pub const UMUR_SESI_JAM: i64 = 12;

/// Shortest password.
pub const SANDI_MIN: usize = 10;

/// An account as stored (without its password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pengguna {
    pub id: i64,
    pub nama_pengguna: String,
    pub nama: String,
    pub peran: String,
    pub cakupan: Option<String>,
    pub aktif: bool,
    #[serde(skip)]
    pub dibuat_pada: DateTime<Utc>,
    #[serde(skip)]
    pub diubah_pada: DateTime<Utc>,
}

impl Pengguna {
    pub fn akun(&self) -> Option<Akun> {
        Some(Akun {
            id: self.id,
            nama_pengguna: self.nama_pengguna.clone(),
            nama: self.nama.clone(),
            peran: Peran::from_code(&self.peran)?,
            cakupan: self.cakupan.clone(),
        })
    }
}

/// A new account, as typed.
#[derive(Clone, Debug, Default)]
pub struct PenggunaBaru {
    pub nama_pengguna: String,
    pub nama: String,
    pub peran: String,
    pub cakupan: String,
    pub sandi: String,
}

/// Checks a user name: 3–32 of a–z, 0–9, `.`, `_`, `-`.
pub fn periksa_nama_pengguna(n: &str) -> std::result::Result<(), String> {
    let ok = (3..=32).contains(&n.len())
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err("Nama pengguna 3–32 karakter: huruf kecil a–z, angka, titik, garis bawah atau tanda hubung".into())
    }
}

pub fn periksa_sandi(sandi: &str, nama_pengguna: &str) -> std::result::Result<(), String> {
    if sandi.chars().count() < SANDI_MIN {
        Err(format!("Kata sandi minimal {SANDI_MIN} karakter"))
    } else if sandi.to_lowercase().contains(&nama_pengguna.to_lowercase()) {
        Err("Kata sandi tidak boleh memuat nama pengguna".into())
    } else {
        Ok(())
    }
}

/// A change to an existing account.
#[derive(Clone, Debug)]
pub enum Perubahan {
    Aktif(bool),
    Sandi(String),
    Peran {
        peran: String,
        cakupan: Option<String>,
    },
}

/// The result of a sign-in attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HasilMasuk {
    /// Signed in: the cookie's token and the account.
    Berhasil { token: String, akun: Akun },
    /// Wrong name or password (never says which).
    Salah,
    /// Too many failures: try again after this many minutes.
    Tunggu { menit: i64 },
}

/// A live session: its account and CSRF token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sesi {
    pub id: String,
    pub akun: Akun,
    pub csrf: String,
}
