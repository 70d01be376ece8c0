use crate::error::{DataError, Result};
use crate::inti::waktu::waktu_wib;
use crate::layanan::Pantau;
use crate::simpan::persetujuan::keadaan;
use crate::simpan::persetujuan::{dalam_status, riwayat};
use chrono::Utc;
use model::Periode;
use model::status::Persetujuan;
use model::view::BarisAntrean;
use model::view::HalamanAntrean;
use model::view::LangkahPersetujuan;

impl Pantau {
    /// The verification queue: every report not yet accepted, longest
    /// waiting first, within one kecamatan when `kecamatan` is given.
    pub async fn antrean(&self, kecamatan: Option<&str>) -> Result<HalamanAntrean> {
        use Persetujuan::*;
        let rows = dalam_status(
            self.db(),
            &[Diajukan, Diverifikasi, Dikembalikan, Dibuka],
            kecamatan,
        )
        .await?;
        let now = Utc::now();
        let (_, demo) = self.db().revisi().await?;
        let baris = rows
            .into_iter()
            .filter_map(|k| {
                let kel = self.wilayah().kelurahan(&k.kelurahan_code)?;
                let periode = Periode::parse(&k.periode).ok()?;
                let sejak = k.status_pada.unwrap_or(now);
                Some(BarisAntrean {
                    kelurahan_code: kel.code.clone(),
                    kelurahan_nama: kel.nama.clone(),
                    kecamatan_nama: self.nama_kecamatan(&kel.kecamatan_code),
                    periode,
                    versi: k.versi,
                    status: k.status,
                    sejak: waktu_wib(sejak),
                    hari_menunggu: (now - sejak).num_days(),
                    dikirim_oleh: k.dikirim_oleh,
                })
            })
            .collect();
        Ok(HalamanAntrean {
            demo,
            kecamatan: kecamatan.map(str::to_string),
            baris,
        })
    }

    /// The workflow state and steps of one KKMP's month, for the version page.
    pub async fn langkah_laporan(
        &self,
        kelurahan_code: &str,
        periode: Periode,
    ) -> Result<(Option<Persetujuan>, Vec<LangkahPersetujuan>)> {
        let k = keadaan(self.db(), kelurahan_code, periode).await?;
        let steps = riwayat(self.db(), kelurahan_code, periode)
            .await?
            .into_iter()
            .map(|(langkah, versi, oleh, pada, catatan)| LangkahPersetujuan {
                langkah,
                versi,
                oleh,
                pada: waktu_wib(pada),
                catatan,
            })
            .collect();
        Ok((k.map(|k| k.status), steps))
    }

    /// Takes an approval step on one version of a KKMP's month, if `akun`
    /// may take it (see [`model::akun::Akun::langkah`]); written to the
    /// audit trail with the step.
    pub async fn langkah(
        &self,
        akun: &model::akun::Akun,
        pelaku: &crate::inti::jejak::Pelaku,
        (kelurahan_code, periode, versi): (&str, Periode, i64),
        ke: Persetujuan,
        catatan: &str,
    ) -> Result<()> {
        if !akun.langkah(ke, kelurahan_code) {
            return Err(DataError::Invalid(format!(
                "Akun {} tidak berwenang mengambil langkah '{}' untuk KKMP ini.",
                akun.tampil(),
                ke.code()
            )));
        }
        crate::simpan::persetujuan::langkah(
            self.db(),
            kelurahan_code,
            periode,
            versi,
            ke,
            &akun.tampil(),
            pelaku,
            catatan,
        )
        .await
    }
}
