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
use chrono::SecondsFormat;
use chrono::Utc;
use sha2::Digest;
use sha2::Sha256;

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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// The digest of the rows this entry wrote ([`crate::inti::ikatan`]);
    /// "" when it wrote none.
    pub ikatan: String,
    pub hash: String,
}

impl Baris {
    /// The entry numbered `id` after the entry whose hash is `hash_sebelum`,
    /// binding the rows whose digest is `ikatan`.
    pub fn baru(
        id: i64,
        pelaku: &Pelaku,
        e: &Entri,
        hash_sebelum: String,
        ikatan: String,
    ) -> Baris {
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
            ikatan,
            hash: String::new(),
        };
        b.hash = b.hitung_hash();
        b
    }

    /// SHA-256 over every field but `hash`, each prefixed with its length,
    /// so no two different entries hash the same text. The binding digest
    /// is hashed only when there is one, so entries written before bindings
    /// existed keep their hash.
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
        if !self.ikatan.is_empty() {
            h.update(format!("ikatan={}:", self.ikatan.len()).as_bytes());
            h.update(self.ikatan.as_bytes());
            h.update(b"\n");
        }
        crate::inti::sandi::hex(&h.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_in_the_hash() {
        let p = Pelaku::sistem("uji");
        let e = Entri::baru("ubah", "target/1").alasan("x");
        let b = Baris::baru(1, &p, &e, AWAL.into(), String::new());
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
            Baris {
                ikatan: "y".into(),
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
