//! The audit trail as pages see it, and its verification.
//!
//! Verifying the whole chain reads and hashes every entry: on the request
//! path of `/jejak` and `/audit` that would grow with the log and could be
//! triggered at will. So the service remembers the verified prefix
//! ([`Rantai`]): a page view checks only the entries after it and the head;
//! the whole chain is re-verified by the server's periodic task
//! ([`Pantau::periksa_jejak_penuh`], every ten minutes, off the request
//! path) and by `server audit verify`, which always checks everything.

use crate::error::Result;
use crate::simpan::ikatan::HasilIsi;
use crate::simpan::jejak::{HasilPeriksa, daftar, periksa, periksa_dari};
use chrono::DateTime;
use chrono::Utc;

/// The last verification: the prefix found intact (its last entry's number
/// and hash) or the break, and when the whole chain was last checked.
#[derive(Clone, Debug, Default)]
pub struct Rantai {
    pub hasil: Option<HasilPeriksa>,
    pub penuh_pada: Option<DateTime<Utc>>,
    /// The bound content as the last full check found it.
    pub isi: Option<HasilIsi>,
    /// Restores from a backup the anchor file records, as the last full
    /// check read them: shown on `/jejak` so that no rollback goes unseen.
    pub pemulihan: Vec<String>,
}

/// A full verification: the chain, every bound row against its entry, and
/// the chain against its anchors outside the database (when configured).
#[derive(Clone, Debug)]
pub struct Pemeriksaan {
    pub rantai: HasilPeriksa,
    pub isi: HasilIsi,
    pub jangkar: Option<crate::layanan::jangkar::HasilJangkar>,
}

impl Pemeriksaan {
    pub fn utuh(&self) -> bool {
        self.rantai.rusak.is_none()
            && self.isi.jumlah_masalah == 0
            && self.jangkar.as_ref().is_none_or(|j| j.masalah.is_empty())
    }
}

impl crate::layanan::Pantau {
    /// The audit trail page: the whole chain checked, and a page of entries.
    pub async fn halaman_jejak(
        &self,
        sebelum_id: Option<i64>,
        cari: Option<&str>,
    ) -> Result<model::view::HalamanJejak> {
        const PER_HALAMAN: i64 = 100;
        let hasil = self.periksa_jejak_terkini().await?;
        let rows = daftar(self.db(), sebelum_id, cari, PER_HALAMAN + 1).await?;
        let berikutnya = (rows.len() as i64 > PER_HALAMAN)
            .then(|| rows.get(PER_HALAMAN as usize - 1).map(|b| b.id))
            .flatten();
        let baris = rows
            .into_iter()
            .take(PER_HALAMAN as usize)
            .map(|b| model::view::BarisJejak {
                pada: crate::inti::waktu::waktu_teks(&b.pada),
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
        let isi = self.rantai.lock().ok().and_then(|r| {
            Some(model::view::PeriksaIsi {
                baris: r.isi.as_ref()?.baris,
                masalah: r.isi.as_ref()?.masalah.clone(),
                jumlah_masalah: r.isi.as_ref()?.jumlah_masalah,
                pada: crate::inti::waktu::waktu_wib(r.penuh_pada?),
            })
        });
        let pemulihan = self
            .rantai
            .lock()
            .map(|r| r.pemulihan.clone())
            .unwrap_or_default();
        Ok(model::view::HalamanJejak {
            isi,
            pemulihan,
            jumlah: hasil.jumlah,
            hash_terakhir: hasil.hash_terakhir,
            rusak: hasil.rusak,
            diperiksa: crate::inti::waktu::waktu_wib(Utc::now()),
            baris,
            berikutnya,
            cari: cari.unwrap_or("").to_string(),
        })
    }

    /// Checks the whole audit chain and every bound row against its entry
    /// (the command line's `audit verify`).
    pub async fn periksa_jejak(&self) -> Result<Pemeriksaan> {
        let mut rantai = periksa(self.db()).await?;
        let jangkar = self.periksa_jangkar().await?;
        // A chain that verifies on its own but lost or changed an anchored
        // entry is broken: the pages say so like any other break.
        if rantai.rusak.is_none()
            && let Some(j) = &jangkar
            && let Some(m) = j.masalah.first()
        {
            rantai.rusak = Some((j.nomor_rusak.unwrap_or(rantai.jumlah), m.clone()));
            rantai.hash_terakhir = String::new();
        }
        Ok(Pemeriksaan {
            rantai,
            isi: crate::simpan::ikatan::periksa(self.db()).await?,
            jangkar,
        })
    }

    /// Re-verifies the whole chain and the bound content and remembers the
    /// result (the server's periodic task).
    pub async fn periksa_jejak_penuh(&self) -> Result<Pemeriksaan> {
        let p = self.periksa_jejak().await?;
        if let Ok(mut r) = self.rantai.lock() {
            *r = Rantai {
                hasil: Some(p.rantai.clone()),
                penuh_pada: Some(Utc::now()),
                isi: Some(p.isi.clone()),
                pemulihan: p
                    .jangkar
                    .as_ref()
                    .map(|j| j.pemulihan.clone())
                    .unwrap_or_default(),
            };
        }
        Ok(p)
    }

    /// Problems the last full check found in the bound content, if any.
    pub fn masalah_isi(&self) -> Option<HasilIsi> {
        self.rantai
            .lock()
            .ok()
            .and_then(|r| r.isi.clone())
            .filter(|i| i.jumlah_masalah > 0)
    }

    /// The chain's state for a page: a break found earlier stays reported;
    /// otherwise the entries after the verified prefix are checked (all of
    /// them the first time).
    pub async fn periksa_jejak_terkini(&self) -> Result<HasilPeriksa> {
        let awal = self.rantai.lock().ok().and_then(|r| r.hasil.clone());
        let hasil = match &awal {
            Some(h) if h.rusak.is_some() => return Ok(h.clone()),
            Some(h) if !h.hash_terakhir.is_empty() => {
                periksa_dari(self.db(), Some((h.jumlah, &h.hash_terakhir))).await?
            }
            _ => periksa(self.db()).await?,
        };
        if let Ok(mut r) = self.rantai.lock() {
            // A break is kept until a full check says otherwise; an
            // intact longer prefix replaces a shorter one.
            let lebih_baru = r.hasil.as_ref().is_none_or(|h| {
                h.rusak.is_none() && (hasil.rusak.is_some() || hasil.jumlah >= h.jumlah)
            });
            if lebih_baru {
                r.hasil = Some(hasil.clone());
            }
        }
        Ok(hasil)
    }

    /// Logs a download in the audit trail before it is served: a failure to
    /// log stops the download.
    pub(crate) async fn catat_unduhan(
        &self,
        pelaku: &crate::inti::jejak::Pelaku,
        entri: &crate::inti::jejak::Entri,
    ) -> Result<()> {
        crate::simpan::jejak::catat(self.db(), pelaku, entri).await?;
        Ok(())
    }
}
