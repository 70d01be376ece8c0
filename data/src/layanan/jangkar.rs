//! Anchoring the audit chain's head outside the database
//! ([`crate::inti::jangkar`]): the signing key and the append-only anchor
//! file are paths in the configuration; the server appends the signed head
//! after every intact full check (every ten minutes, when it moved), and
//! every full verification checks the chain against every anchored line.

use crate::error::{DataError, Result};
use crate::inti::jangkar::{Jangkar, kunci_baru, kunci_dari_teks, kunci_publik};
use chrono::{SecondsFormat, Utc};
use ed25519_dalek::SigningKey;
use std::path::{Path, PathBuf};

/// The key and the anchor file.
#[derive(Clone)]
pub struct KonfigJangkar {
    kunci: SigningKey,
    berkas: PathBuf,
}

impl std::fmt::Debug for KonfigJangkar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KonfigJangkar")
            .field("kunci_publik", &kunci_publik(&self.kunci))
            .field("berkas", &self.berkas)
            .finish()
    }
}

/// What checking the chain against the anchor file found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HasilJangkar {
    /// Lines checked.
    pub jangkar: usize,
    /// The lowest entry number an anchor proves missing or changed.
    pub nomor_rusak: Option<i64>,
    /// Every problem, in Bahasa, naming the line and the entry.
    pub masalah: Vec<String>,
    /// Every restore from a backup the file records, and what it rolled
    /// back (not problems: shown so that no rollback goes unseen).
    pub pemulihan: Vec<String>,
}

impl KonfigJangkar {
    /// Reads the signing key at `kunci`, or creates it (readable by its
    /// owner only) with a new random key when the file does not exist;
    /// anchors go to `berkas`.
    pub fn buka(kunci: &Path, berkas: PathBuf) -> Result<KonfigJangkar> {
        let salah =
            |e: String| DataError::Invalid(format!("kunci jejak audit {}: {e}", kunci.display()));
        let teks = match std::fs::read_to_string(kunci) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(d) = kunci.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(d).map_err(|e| salah(e.to_string()))?;
                }
                let t = kunci_baru();
                let mut o = std::fs::OpenOptions::new();
                o.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
                let mut f = o.open(kunci).map_err(|e| salah(e.to_string()))?;
                std::io::Write::write_all(&mut f, t.as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(|e| salah(e.to_string()))?;
                t
            }
            Err(e) => return Err(salah(e.to_string())),
        };
        Ok(KonfigJangkar {
            kunci: kunci_dari_teks(&teks).map_err(salah)?,
            berkas,
        })
    }

    /// The public key anchors are checked with.
    pub fn kunci_verifikasi(&self) -> ed25519_dalek::VerifyingKey {
        self.kunci.verifying_key()
    }

    pub fn kunci_publik(&self) -> String {
        kunci_publik(&self.kunci)
    }

    pub fn berkas(&self) -> &Path {
        &self.berkas
    }
}

impl crate::layanan::Pantau {
    /// Anchors this service's audit chain with `k`.
    pub fn dengan_jangkar(mut self, k: KonfigJangkar) -> crate::layanan::Pantau {
        self.jangkar = Some(k);
        self
    }

    pub fn konfig_jangkar(&self) -> Option<&KonfigJangkar> {
        self.jangkar.as_ref()
    }

    /// The chain's current head, signed (`server audit head`); None when
    /// no key is configured.
    pub async fn kepala_bertanda(&self) -> Result<Option<Jangkar>> {
        let Some(k) = &self.jangkar else {
            return Ok(None);
        };
        let (nomor, hash) = crate::simpan::jejak::kepala(self.db()).await?;
        Ok(Some(Jangkar::tandatangani(
            &k.kunci,
            Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            nomor,
            hash,
        )))
    }

    /// Appends the signed head to the anchor file when it differs from the
    /// last line there (fsync'd before returning). Call after a full check
    /// found the chain intact: anchoring a broken chain would vouch for it.
    pub async fn tambatkan(&self) -> Result<Option<Jangkar>> {
        let Some(k) = &self.jangkar else {
            return Ok(None);
        };
        let Some(j) = self.kepala_bertanda().await? else {
            return Ok(None);
        };
        let gagal = |e: std::io::Error| {
            DataError::Internal(format!("berkas jangkar {}: {e}", k.berkas.display()))
        };
        let lama = match tokio::fs::read_to_string(&k.berkas).await {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(gagal(e)),
        };
        let terakhir = lama.lines().rev().find_map(|l| Jangkar::baca(l).ok());
        if terakhir.is_some_and(|t| !t.pulih && t.nomor == j.nomor && t.hash == j.hash) {
            return Ok(None);
        }
        tulis_baris(k, &j).await?;
        Ok(Some(j))
    }

    /// Appends a signed restore line: the chain was restored from a backup
    /// whose head was `nomor`/`hash` (`server restore`). False when no key
    /// is configured.
    pub async fn tambatkan_pulih(&self, pada: String, nomor: i64, hash: String) -> Result<bool> {
        let Some(k) = &self.jangkar else {
            return Ok(false);
        };
        tulis_baris(k, &Jangkar::pulih(&k.kunci, pada, nomor, hash)).await?;
        Ok(true)
    }

    /// Checks the chain against the configured anchor file (nothing to
    /// check without one, or before its first line).
    pub async fn periksa_jangkar(&self) -> Result<Option<HasilJangkar>> {
        let Some(k) = &self.jangkar else {
            return Ok(None);
        };
        let isi = match tokio::fs::read_to_string(&k.berkas).await {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(DataError::Internal(format!(
                    "berkas jangkar {}: {e}",
                    k.berkas.display()
                )));
            }
        };
        Ok(Some(
            self.periksa_jangkar_dari(&isi, &k.kunci.verifying_key())
                .await?,
        ))
    }

    /// Checks the chain against anchor lines `isi` signed by `publik`:
    /// every anchored entry must still be there with the anchored hash.
    pub async fn periksa_jangkar_dari(
        &self,
        isi: &str,
        publik: &ed25519_dalek::VerifyingKey,
    ) -> Result<HasilJangkar> {
        let mut h = HasilJangkar::default();
        let rusak = |h: &mut HasilJangkar, nomor: Option<i64>, m: String| {
            if let Some(n) = nomor {
                h.nomor_rusak = Some(h.nomor_rusak.map_or(n, |r: i64| r.min(n)));
            }
            h.masalah.push(m);
        };
        let baris: Vec<(usize, std::result::Result<Jangkar, String>)> = isi
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, Jangkar::baca(l)))
            .collect();
        // For each line, the earliest head a validly signed restore line
        // after it went back to: anchors beyond it were rolled back then.
        let mut mundur: Vec<Option<(i64, String)>> = vec![None; baris.len()];
        let mut terendah: Option<(i64, String)> = None;
        for (k, (_, j)) in baris.iter().enumerate().rev() {
            mundur[k] = terendah.clone();
            if let Ok(j) = j
                && j.pulih
                && j.sah(publik)
                && terendah.as_ref().is_none_or(|(n, _)| j.nomor < *n)
            {
                terendah = Some((j.nomor, j.pada.clone()));
            }
        }
        for (k, (no, j)) in baris.into_iter().enumerate() {
            h.jangkar += 1;
            let j = match j {
                Ok(j) => j,
                Err(e) => {
                    rusak(&mut h, None, format!("berkas jangkar baris {no}: {e}"));
                    continue;
                }
            };
            if !j.sah(publik) {
                rusak(
                    &mut h,
                    None,
                    format!(
                        "berkas jangkar baris {no}: tanda tangan tidak sah (baris dipalsukan atau ditandatangani kunci lain)"
                    ),
                );
                continue;
            }
            if j.pulih {
                h.pemulihan.push(format!(
                    "pada {} rantai dipulihkan dari cadangan yang berakhir di entri nomor {} (berkas jangkar baris {no})",
                    j.pada, j.nomor
                ));
            }
            if let Some((n, pada)) = &mundur[k]
                && j.nomor > *n
            {
                h.pemulihan.push(format!(
                    "entri nomor {} yang ditambatkan pada {} (berkas jangkar baris {no}) dibatalkan oleh pemulihan pada {pada}",
                    j.nomor, j.pada
                ));
                continue;
            }
            if j.nomor == 0 {
                continue;
            }
            match crate::simpan::jejak::hash_entri(self.db(), j.nomor).await? {
                None => rusak(
                    &mut h,
                    Some(j.nomor),
                    format!(
                        "entri nomor {} ditambatkan pada {} (berkas jangkar baris {no}) tetapi tidak ada lagi: rantai dipotong atau basis data dikembalikan ke cadangan lama",
                        j.nomor, j.pada
                    ),
                ),
                Some(hash) if hash != j.hash => rusak(
                    &mut h,
                    Some(j.nomor),
                    format!(
                        "entri nomor {} kini ber-hash lain dari yang ditambatkan pada {} (berkas jangkar baris {no}): rantai ditulis ulang",
                        j.nomor, j.pada
                    ),
                ),
                Some(_) => {}
            }
        }
        Ok(h)
    }
}

/// Appends one line to the anchor file, fsync'd before returning.
async fn tulis_baris(k: &KonfigJangkar, j: &Jangkar) -> Result<()> {
    let gagal = |e: std::io::Error| {
        DataError::Internal(format!("berkas jangkar {}: {e}", k.berkas.display()))
    };
    if let Some(d) = k.berkas.parent().filter(|d| !d.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(d).await.map_err(gagal)?;
    }
    use tokio::io::AsyncWriteExt;
    let mut f = tokio::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&k.berkas)
        .await
        .map_err(gagal)?;
    f.write_all(format!("{}\n", j.baris()).as_bytes())
        .await
        .map_err(gagal)?;
    f.sync_all().await.map_err(gagal)
}
