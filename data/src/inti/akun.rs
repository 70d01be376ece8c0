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
    /// Contacts and what the account wants to receive (checked by
    /// `Pantau::ubah_pengguna`); sessions stay.
    Kontak(crate::inti::pesan::Kontak),
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
    /// Signed in: the session cookie's token, the account, and the token
    /// of the device cookie that makes this browser a known device of the
    /// account ([`crate::simpan::akun`]).
    Berhasil {
        token: String,
        akun: Akun,
        perangkat: String,
    },
    /// Wrong name or password (never says which).
    Salah,
    /// Too many failures: try again after this many seconds.
    Tunggu { detik: i64 },
}

/// How long a device stays known after its last sign-in (days).
pub const UMUR_PERANGKAT_HARI: i64 = 90;

/// Failures of one (account, address) pair that cost no waiting.
pub const GAGAL_BEBAS: i64 = 3;

/// The longest wait of one (account, address) pair (seconds).
pub const JEDA_MAKS: i64 = 15 * 60;

/// The wait before the next attempt of an (account, address) pair that
/// has failed `gagal` times: none for the first [`GAGAL_BEBAS`], then 1 s,
/// doubling, at most [`JEDA_MAKS`].
pub fn jeda(gagal: i64) -> i64 {
    if gagal < GAGAL_BEBAS {
        0
    } else {
        let pangkat = (gagal - GAGAL_BEBAS).min(20) as u32;
        (1i64 << pangkat).min(JEDA_MAKS)
    }
}

/// The address a throttle counts: an IPv4 address as it is; an IPv6
/// address by its /64 (one subscriber's network: counting single IPv6
/// addresses would give an attacker 2^64 of them); an IPv4-mapped IPv6
/// address as the IPv4 address. Anything else (no address known) as one
/// shared, bounded key.
pub fn kunci_alamat(alamat: &str) -> String {
    use std::net::IpAddr;
    match alamat.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Err(_) => alamat.chars().take(64).collect(),
    }
}

/// A live session: its account and CSRF token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sesi {
    pub id: String,
    pub akun: Akun,
    pub csrf: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_and_is_capped() {
        assert_eq!((0..GAGAL_BEBAS).map(jeda).sum::<i64>(), 0);
        assert_eq!(jeda(GAGAL_BEBAS), 1);
        assert_eq!(jeda(GAGAL_BEBAS + 3), 8);
        assert_eq!(jeda(1_000_000), JEDA_MAKS);
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(kunci_alamat("10.0.0.7"), "10.0.0.7");
        assert_eq!(
            kunci_alamat("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            kunci_alamat("2001:db8:1:2::1"),
            kunci_alamat("2001:db8:1:2:ffff::9")
        );
        assert_ne!(
            kunci_alamat("2001:db8:1:2::1"),
            kunci_alamat("2001:db8:1:3::1")
        );
        assert_eq!(kunci_alamat("::ffff:10.1.2.3"), "10.1.2.3");
        assert_eq!(kunci_alamat(&"x".repeat(500)).len(), 64);
    }
}
