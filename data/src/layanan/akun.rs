use crate::error::DataError;
use crate::error::Result;
use crate::inti::akun::PenggunaBaru;
use crate::inti::akun::Perubahan;
use crate::inti::akun::periksa_nama_pengguna;
use crate::inti::akun::periksa_sandi;
use crate::inti::jejak::Pelaku;
use crate::simpan::akun::simpan_baru;
use crate::simpan::akun::ubah;
use crate::simpan::akun::{daftar, satu};
use model::akun::Akun;
use model::akun::Peran;

impl crate::layanan::Pantau {
    /// The name of a scope code, or an error naming the code.
    fn nama_cakupan(&self, peran: Peran, cakupan: &str) -> std::result::Result<String, String> {
        use model::akun::TingkatCakupan;
        let cakupan = cakupan.trim();
        match (peran.cakupan(), cakupan.is_empty()) {
            (None, true) => Ok(String::new()),
            (None, false) => Err(format!(
                "Peran {} tidak memakai cakupan wilayah: kosongkan kolom cakupan",
                peran.label()
            )),
            (Some(t), true) => Err(format!(
                "Peran {} wajib diberi cakupan {}",
                peran.label(),
                t.label()
            )),
            (Some(TingkatCakupan::Kecamatan), false) => self
                .wilayah()
                .kecamatan(cakupan)
                .map(|k| format!("Kecamatan {}", k.nama))
                .ok_or_else(|| format!("Kode kecamatan '{cakupan}' tidak ada di Kota Palembang")),
            (Some(TingkatCakupan::Kelurahan), false) => self
                .wilayah()
                .kelurahan(cakupan)
                .map(|k| format!("Kelurahan {}", k.nama))
                .ok_or_else(|| format!("Kode kelurahan '{cakupan}' tidak ada di Kota Palembang")),
        }
    }

    /// Checks and creates an account. `Err(message)` (Bahasa) when a field
    /// is refused; nothing is stored then.
    pub async fn buat_pengguna(
        &self,
        b: PenggunaBaru,
        pelaku: &Pelaku,
    ) -> Result<std::result::Result<i64, String>> {
        let nama_pengguna = b.nama_pengguna.trim().to_lowercase();
        if let Err(m) = periksa_nama_pengguna(&nama_pengguna) {
            return Ok(Err(format!("Nama pengguna: {m}")));
        }
        if b.nama.trim().is_empty() || b.nama.trim().chars().count() > 100 {
            return Ok(Err(
                "Nama lengkap: wajib diisi, paling banyak 100 karakter".into()
            ));
        }
        let Some(peran) = Peran::from_code(&b.peran) else {
            return Ok(Err(format!("Peran: '{}' tidak dikenal", b.peran)));
        };
        if let Err(m) = self.nama_cakupan(peran, &b.cakupan) {
            return Ok(Err(format!("Cakupan: {m}")));
        }
        if let Err(m) = periksa_sandi(&b.sandi, &nama_pengguna) {
            return Ok(Err(format!("Kata sandi: {m}")));
        }
        let baru = PenggunaBaru {
            nama_pengguna,
            nama: b.nama.trim().to_string(),
            peran: peran.code().to_string(),
            cakupan: b.cakupan.trim().to_string(),
            sandi: b.sandi,
        };
        match simpan_baru(self.db(), &baru, pelaku, false).await {
            Ok(id) => Ok(Ok(id)),
            Err(DataError::Invalid(m)) => Ok(Err(m)),
            Err(e) => Err(e),
        }
    }

    /// Applies a change to an account after checking it. `Err(message)`
    /// when refused. An admin cannot deactivate or demote itself, so the
    /// city is never left without an admin by accident.
    pub async fn ubah_pengguna(
        &self,
        id: i64,
        perubahan: Perubahan,
        oleh: &Akun,
        pelaku: &Pelaku,
        alasan: &str,
    ) -> Result<std::result::Result<(), String>> {
        let Some(p) = satu(self.db(), id).await? else {
            return Err(DataError::NotFound(format!(
                "Pengguna nomor {id} tidak ada."
            )));
        };
        if alasan.trim().is_empty() {
            return Ok(Err("Alasan perubahan wajib diisi".into()));
        }
        let perubahan = match perubahan {
            Perubahan::Aktif(false) | Perubahan::Peran { .. } if id == oleh.id => {
                return Ok(Err(
                    "Anda tidak dapat menonaktifkan atau mengubah peran akun Anda sendiri".into(),
                ));
            }
            Perubahan::Kontak(k) => {
                let surel = match crate::inti::pesan::periksa_surel(&k.surel) {
                    Ok(s) => s,
                    Err(m) => return Ok(Err(format!("Surel: {m}"))),
                };
                let whatsapp = match crate::inti::pesan::periksa_whatsapp(&k.whatsapp) {
                    Ok(s) => s,
                    Err(m) => return Ok(Err(format!("WhatsApp: {m}"))),
                };
                Perubahan::Kontak(crate::inti::pesan::Kontak {
                    surel,
                    whatsapp,
                    ..k
                })
            }
            Perubahan::Sandi(s) => {
                if let Err(m) = periksa_sandi(&s, &p.nama_pengguna) {
                    return Ok(Err(format!("Kata sandi: {m}")));
                }
                Perubahan::Sandi(s)
            }
            Perubahan::Peran { peran, cakupan } => {
                let Some(r) = Peran::from_code(&peran) else {
                    return Ok(Err(format!("Peran: '{peran}' tidak dikenal")));
                };
                let c = cakupan.unwrap_or_default();
                if let Err(m) = self.nama_cakupan(r, &c) {
                    return Ok(Err(format!("Cakupan: {m}")));
                }
                Perubahan::Peran {
                    peran: r.code().to_string(),
                    cakupan: Some(c.trim().to_string()).filter(|c| !c.is_empty()),
                }
            }
            other => other,
        };
        ubah(self.db(), id, &perubahan, pelaku, alasan).await?;
        Ok(Ok(()))
    }

    /// The user management page.
    pub async fn halaman_pengguna(
        &self,
        pesan: Option<String>,
        galat: Option<String>,
    ) -> Result<model::view::HalamanPengguna> {
        let rows = crate::simpan::akun::dengan_kontak(self.db()).await?;
        let pengguna = rows
            .into_iter()
            .filter_map(
                |crate::inti::pesan::Penerima {
                     pengguna: p,
                     kontak,
                 }| {
                    let peran = Peran::from_code(&p.peran)?;
                    Some(model::view::BarisPengguna {
                        cakupan_nama: p
                            .cakupan
                            .as_deref()
                            .map(|c| self.nama_cakupan(peran, c).unwrap_or_else(|m| m))
                            .unwrap_or_default(),
                        id: p.id,
                        nama_pengguna: p.nama_pengguna,
                        nama: p.nama,
                        peran,
                        cakupan: p.cakupan,
                        aktif: p.aktif,
                        diubah: crate::inti::waktu::waktu_wib(p.diubah_pada),
                        surel: kontak.surel,
                        whatsapp: kontak.whatsapp,
                        terima_surel: kontak.terima_surel,
                        terima_whatsapp: kontak.terima_whatsapp,
                    })
                },
            )
            .collect();
        let mut wilayah: Vec<(String, String)> = self
            .wilayah()
            .kecamatan
            .iter()
            .map(|k| (k.code.clone(), format!("Kecamatan {}", k.nama)))
            .collect();
        wilayah.extend(
            self.wilayah()
                .kelurahan
                .iter()
                .map(|k| (k.code.clone(), format!("Kelurahan {}", k.nama))),
        );
        wilayah.sort();
        Ok(model::view::HalamanPengguna {
            pengguna,
            wilayah,
            pesan,
            galat,
        })
    }

    /// Signs in: checks the password (argon2id, off the async threads)
    /// under the throttling rules and opens a session; `perangkat` is the
    /// device cookie's token, if the browser sent one.
    pub async fn masuk(
        &self,
        nama_pengguna: &str,
        sandi: &str,
        alamat: &str,
        perangkat: Option<&str>,
    ) -> Result<crate::inti::akun::HasilMasuk> {
        crate::simpan::akun::masuk(self.db(), nama_pengguna, sandi, alamat, perangkat).await
    }

    /// Purges what has expired: pending uploads, drafts and messages past
    /// their day, ended sessions, devices unused for 90 days, failed
    /// sign-ins older than a day (the server's periodic task). Returns the
    /// rows removed.
    pub async fn bersihkan(&self) -> Result<u64> {
        Ok(crate::simpan::akun::bersihkan(self.db()).await?
            + crate::simpan::sementara::bersihkan(self.db()).await?)
    }

    /// Ends a session, written to the audit trail.
    pub async fn keluar(&self, sesi: &crate::inti::akun::Sesi, pelaku: &Pelaku) -> Result<()> {
        crate::simpan::akun::keluar(self.db(), sesi, pelaku).await
    }

    /// The live session of a cookie token, if any (the security layer's
    /// lookup on every request).
    pub async fn sesi(&self, token: &str) -> Result<Option<crate::inti::akun::Sesi>> {
        crate::simpan::akun::sesi(self.db(), token).await
    }

    /// Every account, for the command line.
    pub async fn pengguna(&self) -> Result<Vec<crate::inti::akun::Pengguna>> {
        daftar(self.db()).await
    }

    /// Number of accounts (zero: the start-up asks for the first admin).
    pub async fn jumlah_pengguna(&self) -> Result<i64> {
        crate::simpan::akun::jumlah(self.db()).await
    }
}
