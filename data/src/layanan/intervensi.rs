use crate::error::DataError;
use crate::error::Result;
use crate::inti::intervensi::IntervensiBaru;
use crate::inti::intervensi::{Baris, bilangan, dampak, rekap};
use crate::inti::jejak::Entri;
use crate::inti::jejak::Pelaku;
use crate::layanan::Pantau;
use chrono::NaiveDate;
use chrono::SecondsFormat;
use chrono::Utc;
use model::Periode;
use model::ruang::HalamanIntervensi;
use model::ruang::Intervensi;
use model::ruang::JENIS_INTERVENSI;
use model::ruang::RekapDukungan;
use model::ruang::label_intervensi;
use model::status::StatusOperasi;
use std::collections::HashMap;
use std::collections::HashSet;

impl Pantau {
    fn lihat_intervensi(&self, b: &Baris) -> Intervensi {
        let kel = self.wilayah().kelurahan(&b.kelurahan_code);
        Intervensi {
            id: b.id,
            kelurahan_code: b.kelurahan_code.clone(),
            kkmp_nama: kel.map(|k| k.kkmp_nama.clone()).unwrap_or_default(),
            kecamatan_nama: kel
                .map(|k| self.nama_kecamatan(&k.kecamatan_code))
                .unwrap_or_default(),
            tanggal: model::format::tanggal_iso(&b.tanggal),
            tanggal_iso: b.tanggal.clone(),
            jenis: b.jenis.clone(),
            jenis_label: label_intervensi(&b.jenis).to_string(),
            nilai: b.nilai,
            peserta: b.peserta,
            catatan: b.catatan.clone(),
            dicatat_oleh: b.dicatat_oleh.clone(),
        }
    }

    async fn intervensi_baris(&self, kelurahan_code: Option<&str>) -> Result<Vec<Baris>> {
        crate::simpan::intervensi::daftar(self.db(), kelurahan_code).await
    }

    /// One KKMP's support, newest first.
    pub async fn intervensi_kkmp(&self, kelurahan_code: &str) -> Result<Vec<Intervensi>> {
        Ok(self
            .intervensi_baris(Some(kelurahan_code))
            .await?
            .iter()
            .map(|b| self.lihat_intervensi(b))
            .collect())
    }

    /// Totals per kind (all KKMP, or one kecamatan's).
    pub async fn rekap_dukungan(&self, kecamatan: Option<&str>) -> Result<Vec<RekapDukungan>> {
        let rows = self.intervensi_baris(None).await?;
        Ok(rekap(rows.iter().filter(|b| {
            kecamatan.is_none_or(|k| model::akun::kecamatan_dari(&b.kelurahan_code) == k)
        })))
    }

    /// Logs one support; every field checked and named, nothing stored
    /// when one is wrong.
    pub async fn catat_intervensi(&self, i: &IntervensiBaru, pelaku: &Pelaku) -> Result<i64> {
        let (nilai, peserta, pada, entri) = self.periksa_intervensi(i)?;
        crate::simpan::intervensi::catat(self.db(), i, nilai, peserta, &pada, pelaku, &entri).await
    }

    /// Checks an intervention and makes its audit entry: (value, participants,
    /// time, entry), or every problem in one message.
    pub(crate) fn periksa_intervensi(
        &self,
        i: &IntervensiBaru,
    ) -> Result<(Option<i64>, Option<i64>, String, Entri)> {
        let mut galat = Vec::new();
        if self.wilayah().kelurahan(i.kelurahan_code.trim()).is_none() {
            galat.push(format!(
                "KKMP: kode kelurahan '{}' tidak ada di Kota Palembang.",
                i.kelurahan_code
            ));
        }
        match NaiveDate::parse_from_str(i.tanggal.trim(), "%Y-%m-%d") {
            Ok(d) if d > Utc::now().date_naive() => {
                galat.push(format!("Tanggal: {} belum terjadi.", i.tanggal.trim()))
            }
            Ok(_) => {}
            Err(_) => galat.push(format!(
                "Tanggal: '{}' bukan tanggal; pakai format TTTT-BB-HH.",
                i.tanggal
            )),
        }
        if !JENIS_INTERVENSI.iter().any(|(c, _)| *c == i.jenis) {
            galat.push(format!(
                "Jenis: '{}' bukan salah satu dari sepuluh upaya Pemkot.",
                i.jenis
            ));
        }
        let nilai = bilangan("Nilai (Rp)", &i.nilai, &mut galat);
        let peserta = bilangan("Peserta", &i.peserta, &mut galat);
        let catatan = i.catatan.trim();
        if catatan.is_empty() || catatan.chars().count() > 2000 {
            galat.push(
                "Catatan: wajib diisi (apa yang diberikan), paling banyak 2.000 karakter.".into(),
            );
        }
        if !galat.is_empty() {
            return Err(DataError::Invalid(galat.join(" ")));
        }
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru(
            "intervensi.catat",
            format!("kkmp:{}", i.kelurahan_code.trim()),
        )
        .sesudah(i);
        Ok((nilai, peserta, pada, entri))
    }

    /// The interventions page: the log, the totals and support against
    /// outcome at the newest month.
    pub async fn halaman_intervensi(&self) -> Result<HalamanIntervensi> {
        let rows = self.intervensi_baris(None).await?;
        let (_, demo) = self.db().revisi().await?;
        // The figures the dashboards show for the newest month.
        let isi = self.isi(None).await?;
        let periode = isi.periode;
        // The first month each KKMP reported an operating unit.
        let mut mulai: HashMap<String, Periode> = HashMap::new();
        for r in crate::simpan::laporan::terkini(self.db(), false).await? {
            if r.isi.unit_usaha_beroperasi() > 0 {
                let e = mulai
                    .entry(r.isi.kelurahan_code.clone())
                    .or_insert(r.isi.periode);
                *e = (*e).min(r.isi.periode);
            }
        }
        let beroperasi: HashSet<String> = isi
            .kkmp
            .iter()
            .filter(|k| k.baris.status_operasi != StatusOperasi::Belum)
            .map(|k| k.baris.kelurahan_code.clone())
            .collect();
        let semua: Vec<String> = self
            .wilayah()
            .kelurahan
            .iter()
            .map(|k| k.code.clone())
            .collect();
        let dampak = dampak(&rows, &semua, &beroperasi, &mulai);
        Ok(HalamanIntervensi {
            demo,
            daftar: rows.iter().map(|b| self.lihat_intervensi(b)).collect(),
            rekap: rekap(rows.iter()),
            dampak,
            jenis: JENIS_INTERVENSI
                .iter()
                .map(|(c, l)| (c.to_string(), l.to_string()))
                .collect(),
            kkmp: self.pilihan_kkmp(),
            periode,
            hari_ini: crate::inti::waktu::hari_ini().to_string(),
        })
    }
}
