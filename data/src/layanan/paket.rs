use crate::berkas::paket::pdf_briefing;
use crate::berkas::paket::pdf_rapat;
use crate::berkas::paket::xlsx_rapat;
use crate::error::DataError;
use crate::error::Result;

impl crate::layanan::Pantau {
    /// The "Bahan Briefing" PDF of the figures now; the download is logged
    /// with the data hash it carries.
    pub async fn pdf_briefing(
        &self,
        pelaku: &crate::inti::jejak::Pelaku,
    ) -> Result<(String, Vec<u8>)> {
        let (nama, bytes, _) = self.pdf_briefing_dengan_hash(pelaku).await?;
        Ok((nama, bytes))
    }

    /// [`Self::pdf_briefing`] with the data hash the PDF carries.
    pub async fn pdf_briefing_dengan_hash(
        &self,
        pelaku: &crate::inti::jejak::Pelaku,
    ) -> Result<(String, Vec<u8>, String)> {
        let (b, _) = self.briefing().await?;
        let now = chrono::Utc::now();
        let kepala = self.kepala_teks().await?;
        let bytes = pdf_briefing(
            &b,
            &crate::inti::waktu::waktu_panjang(now),
            kepala.as_deref(),
        );
        let nama = format!(
            "bahan-briefing-{}.pdf",
            now.with_timezone(&crate::inti::waktu::wib())
                .format("%Y-%m-%d-%H%M")
        );
        self.catat_paket(pelaku, "briefing", &nama, &b.hash, &bytes)
            .await?;
        Ok((nama, bytes, b.hash))
    }

    /// Meeting `id`'s pack: PDF, or XLSX with `xlsx`.
    pub async fn paket_rapat(
        &self,
        id: i64,
        xlsx: bool,
        pelaku: &crate::inti::jejak::Pelaku,
    ) -> Result<(String, Vec<u8>)> {
        let h = self
            .halaman_rapat(Some(id), crate::inti::waktu::hari_ini())
            .await?;
        let d = h
            .detail
            .ok_or_else(|| DataError::NotFound(format!("Rapat #{id} tidak ada.")))?;
        let (_, isi) = self.cuplikan_isi(id).await?;
        let kepala = self.kepala_teks().await?;
        let (nama, bytes) = if xlsx {
            (
                format!("paket-rapat-{id}-{}.xlsx", d.rapat.tanggal_iso),
                xlsx_rapat(&d, &isi, h.demo, kepala.as_deref())?,
            )
        } else {
            (
                format!("paket-rapat-{id}-{}.pdf", d.rapat.tanggal_iso),
                pdf_rapat(&d, h.demo, kepala.as_deref()),
            )
        };
        self.catat_paket(pelaku, &format!("rapat:{id}"), &nama, &d.rapat.hash, &bytes)
            .await?;
        Ok((nama, bytes))
    }

    /// The signed audit head as packs print it, when a key is configured.
    pub(crate) async fn kepala_teks(&self) -> Result<Option<String>> {
        Ok(
            match (self.kepala_bertanda().await?, self.konfig_jangkar()) {
                (Some(j), Some(k)) => Some(j.teks(&k.kunci_publik())),
                _ => None,
            },
        )
    }

    async fn catat_paket(
        &self,
        pelaku: &crate::inti::jejak::Pelaku,
        objek: &str,
        nama: &str,
        hash_data: &str,
        bytes: &[u8],
    ) -> Result<()> {
        self.catat_unduhan(
            pelaku,
            &crate::inti::jejak::Entri::baru("paket.unduh", objek).sesudah(&serde_json::json!({
                "berkas": nama,
                "hash_data": hash_data,
                "sha256": crate::inti::sandi::sha256_hex(bytes),
                "ukuran": bytes.len(),
            })),
        )
        .await
    }
}
