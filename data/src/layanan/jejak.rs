use crate::error::Result;
use crate::simpan::jejak::{daftar, periksa};
use chrono::Utc;

impl crate::layanan::Pantau {
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
                    .map(|t| crate::inti::waktu::waktu_wib(t.with_timezone(&Utc)))
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
            diperiksa: crate::inti::waktu::waktu_wib(Utc::now()),
            baris,
            berikutnya,
            cari: cari.unwrap_or("").to_string(),
        })
    }

    /// Checks the whole audit chain (the command line's `audit verify`).
    pub async fn periksa_jejak(&self) -> Result<crate::simpan::jejak::HasilPeriksa> {
        periksa(self.db()).await
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
