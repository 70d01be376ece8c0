//! The audit chain's head, signed and anchored outside the database
//! (jangkar).
//!
//! The chain and its head live in the same database, so whoever can write
//! the database can cut entries off the end and move the head back, or
//! rewrite the whole chain consistently, and the chain alone still
//! verifies. So the head is signed with an Ed25519 key kept outside the
//! database and written where the database cannot reach: one line per
//! anchoring in an append-only file ([`Jangkar::baris`]). Verification
//! against those lines finds truncation (an anchored entry missing),
//! rollback to an old backup (the head behind an anchor) and a rewritten
//! chain (an anchored entry with another hash).
//!
//! A restore from a backup (`server restore`) rolls the chain back on
//! purpose. It appends a signed restore line (`PULIH …`, [`Jangkar::pulih`])
//! naming the head it restored: anchors written before it that lie beyond
//! that head are then reported as rolled back by that restore, not as a
//! break, while every anchor up to it must still match (a backup must be a
//! genuine earlier state of the same chain). Every restore stays visible in
//! every verification.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

/// One anchored head: the chain had `nomor` entries, the last with hash
/// `hash`, at time `pada` (RFC 3339, UTC); `tanda_tangan` signs the three
/// and the kind. With `pulih`, the line records a restore from a backup
/// whose head was `nomor`/`hash`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jangkar {
    pub pada: String,
    pub nomor: i64,
    pub hash: String,
    pub tanda_tangan: String,
    pub pulih: bool,
}

fn pesan(pulih: bool, pada: &str, nomor: i64, hash: &str) -> Vec<u8> {
    let jenis = if pulih { "pulih" } else { "kepala" };
    format!("pantau-kkmp/{jenis}/v1\n{pada}\n{nomor}\n{hash}\n").into_bytes()
}

/// The first word of a restore line.
const PULIH: &str = "PULIH";

/// The signing key from its file content: 64 hex digits (32 bytes).
pub fn kunci_dari_teks(teks: &str) -> Result<SigningKey, String> {
    let bytes = hex::decode(teks.trim()).map_err(|e| format!("bukan heksadesimal ({e})"))?;
    let arr: [u8; 32] = bytes
        .try_into()
        .map_err(|_| "harus 32 byte (64 digit heksadesimal)".to_string())?;
    Ok(SigningKey::from_bytes(&arr))
}

/// A new random signing key, as the text of its file.
pub fn kunci_baru() -> String {
    hex::encode(crate::inti::sandi::acak::<32>())
}

/// The public half, as hex: what an auditor needs to check the anchors.
pub fn kunci_publik(k: &SigningKey) -> String {
    hex::encode(k.verifying_key().to_bytes())
}

impl Jangkar {
    pub fn tandatangani(k: &SigningKey, pada: String, nomor: i64, hash: String) -> Jangkar {
        Self::tanda(k, false, pada, nomor, hash)
    }

    /// A restore line: the chain was restored from a backup whose head
    /// was `nomor`/`hash`.
    pub fn pulih(k: &SigningKey, pada: String, nomor: i64, hash: String) -> Jangkar {
        Self::tanda(k, true, pada, nomor, hash)
    }

    fn tanda(k: &SigningKey, pulih: bool, pada: String, nomor: i64, hash: String) -> Jangkar {
        let sig = k.sign(&pesan(pulih, &pada, nomor, &hash));
        Jangkar {
            pada,
            nomor,
            hash,
            tanda_tangan: hex::encode(sig.to_bytes()),
            pulih,
        }
    }

    /// Whether the signature is the key's over this head.
    pub fn sah(&self, publik: &VerifyingKey) -> bool {
        let Ok(bytes) = hex::decode(&self.tanda_tangan) else {
            return false;
        };
        let Ok(arr) = <[u8; 64]>::try_from(bytes.as_slice()) else {
            return false;
        };
        publik
            .verify(
                &pesan(self.pulih, &self.pada, self.nomor, &self.hash),
                &Signature::from_bytes(&arr),
            )
            .is_ok()
    }

    /// The signed head as a pack prints it (Bahasa), long hex split over
    /// lines so a reader can copy it: what an auditor compares with the
    /// anchor file or `server audit verify`.
    pub fn teks(&self, kunci_publik: &str) -> String {
        let potong = |h: &str| {
            h.as_bytes()
                .chunks(64)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("\n")
        };
        format!(
            "Saat berkas ini dibuat ({}), rantai jejak audit berisi {} entri.\nHash entri terakhir:\n{}\nTanda tangan Ed25519 atas kepala rantai itu:\n{}\nKunci publik:\n{}\nCocokkan entri {} (hash diawali {}) dengan berkas jangkar Dinas, atau jalankan server audit verify.",
            self.pada,
            self.nomor,
            self.hash,
            potong(&self.tanda_tangan),
            kunci_publik,
            self.nomor,
            &self.hash[..16.min(self.hash.len())]
        )
    }

    /// The anchor file's line: `pada nomor hash tanda_tangan`, after
    /// `PULIH ` for a restore.
    pub fn baris(&self) -> String {
        format!(
            "{}{} {} {} {}",
            if self.pulih { "PULIH " } else { "" },
            self.pada,
            self.nomor,
            self.hash,
            self.tanda_tangan
        )
    }

    /// Reads one line of the anchor file.
    pub fn baca(baris: &str) -> Result<Jangkar, String> {
        let mut f: Vec<&str> = baris.split_whitespace().collect();
        let pulih = f.first() == Some(&PULIH);
        if pulih {
            f.remove(0);
        }
        let [pada, nomor, hash, tanda_tangan] = f.as_slice() else {
            return Err("harus empat bagian: waktu, nomor, hash, tanda tangan".into());
        };
        Ok(Jangkar {
            pada: (*pada).to_string(),
            nomor: nomor
                .parse()
                .map_err(|_| format!("nomor '{nomor}' bukan bilangan"))?,
            hash: (*hash).to_string(),
            tanda_tangan: (*tanda_tangan).to_string(),
            pulih,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_head_verifies_and_any_change_does_not() {
        let k = kunci_dari_teks(&kunci_baru()).unwrap();
        let j = Jangkar::tandatangani(&k, "2026-12-02T10:00:00Z".into(), 41, "ab".repeat(32));
        let publik = k.verifying_key();
        assert!(j.sah(&publik));
        assert_eq!(Jangkar::baca(&j.baris()).unwrap(), j);
        for ubah in [
            Jangkar {
                nomor: 40,
                ..j.clone()
            },
            Jangkar {
                hash: "cd".repeat(32),
                ..j.clone()
            },
            Jangkar {
                pada: "2026-12-02T10:00:01Z".into(),
                ..j.clone()
            },
            Jangkar {
                tanda_tangan: "00".repeat(64),
                ..j.clone()
            },
            Jangkar {
                tanda_tangan: "zz".into(),
                ..j.clone()
            },
        ] {
            assert!(!ubah.sah(&publik), "{ubah:?}");
        }
        let lain = kunci_dari_teks(&kunci_baru()).unwrap();
        assert!(
            !j.sah(&lain.verifying_key()),
            "another key's anchor is refused"
        );
        // A restore line is signed as one: it cannot pass for a head, nor
        // a head for it.
        let p = Jangkar::pulih(&k, "2026-12-02T11:00:00Z".into(), 41, "ab".repeat(32));
        assert!(p.sah(&publik));
        assert!(p.baris().starts_with("PULIH "));
        assert_eq!(Jangkar::baca(&p.baris()).unwrap(), p);
        assert!(
            !Jangkar {
                pulih: false,
                ..p.clone()
            }
            .sah(&publik)
        );
        assert!(
            !Jangkar {
                pulih: true,
                ..j.clone()
            }
            .sah(&publik)
        );
        assert!(Jangkar::baca("1 2 3").is_err());
        assert!(kunci_dari_teks("abc").is_err());
    }
}
