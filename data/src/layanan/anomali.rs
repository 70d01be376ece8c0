use crate::error::DataError;
use crate::error::Result;
use crate::inti::anomali::periksa;
use crate::inti::anomali::risiko;
use crate::inti::jejak::Entri;
use crate::inti::jejak::Pelaku;
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::waktu::waktu_wib;
use crate::layanan::Pantau;
use chrono::SecondsFormat;
use chrono::Utc;
use model::Periode;
use model::format::angka;
use model::ruang::Anomali;
use model::ruang::HalamanAudit;
use model::ruang::JENIS_ANOMALI;
use model::ruang::jenis_anomali;
use std::collections::HashMap;

impl Pantau {
    /// Every anomaly with names and its latest follow-up.
    pub async fn anomali(&self) -> Result<Vec<Anomali>> {
        let rows = crate::simpan::laporan::terkini(self.db(), true).await?;
        let dibuka = crate::simpan::anomali::dibuka(self.db()).await?;
        let dibuka: Vec<(String, Periode, String)> = dibuka
            .into_iter()
            .filter_map(|(k, p, c)| Some((k, Periode::parse(&p).ok()?, c)))
            .collect();
        let wajib = self.periode_wajib(&rows);
        let kkmp: Vec<String> = self
            .wilayah()
            .kelurahan
            .iter()
            .map(|k| k.code.clone())
            .collect();
        let temuan = periksa(&rows, &dibuka, &wajib, &kkmp, self.hari_batas());
        let tindak = crate::simpan::anomali::tindak(self.db()).await?;
        let tindak: HashMap<String, (String, String, String)> = tindak
            .into_iter()
            .map(|(k, c, o, p)| {
                let pada = crate::inti::waktu::waktu_teks(&p);
                (k, (c, o, pada))
            })
            .collect();
        let mut out: Vec<Anomali> = temuan
            .into_iter()
            .map(|t| {
                let kunci = t.kunci();
                let kel = self.wilayah().kelurahan(&t.kelurahan_code);
                let (label, bobot) = jenis_anomali(t.jenis);
                Anomali {
                    tindak: tindak.get(&kunci).cloned(),
                    kunci,
                    jenis: t.jenis.to_string(),
                    jenis_label: label.to_string(),
                    kkmp_nama: kel.map(|k| k.kkmp_nama.clone()).unwrap_or_default(),
                    kecamatan_nama: kel
                        .map(|k| self.nama_kecamatan(&k.kecamatan_code))
                        .unwrap_or_default(),
                    kelurahan_code: t.kelurahan_code,
                    periode: t.periode,
                    uraian: t.uraian,
                    bukti: t.bukti,
                    bobot,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.periode
                .cmp(&a.periode)
                .then(b.bobot.cmp(&a.bobot))
                .then(a.kelurahan_code.cmp(&b.kelurahan_code))
        });
        Ok(out)
    }

    /// Months whose reporting deadline has passed, from the first month
    /// anyone reported to the newest.
    fn periode_wajib(&self, rows: &[LaporanTersimpan]) -> Vec<Periode> {
        let (Some(awal), Some(akhir)) = (
            rows.iter().map(|r| r.isi.periode).min(),
            rows.iter().map(|r| r.isi.periode).max(),
        ) else {
            return Vec::new();
        };
        let now = Utc::now();
        awal.through(akhir)
            .filter(|p| crate::inti::waktu::batas_waktu(*p, self.hari_batas()) < now)
            .collect()
    }

    /// The Inspektorat's room.
    pub async fn halaman_audit(&self) -> Result<HalamanAudit> {
        let anomali = self.anomali().await?;
        let risiko = risiko(&anomali);
        let per_jenis = JENIS_ANOMALI
            .iter()
            .map(|(c, l, _)| {
                let n = anomali.iter().filter(|a| a.jenis == *c).count() as i64;
                let open = anomali
                    .iter()
                    .filter(|a| a.jenis == *c && a.tindak.is_none())
                    .count() as i64;
                (c.to_string(), l.to_string(), n, open)
            })
            .collect();
        let rantai = self.periksa_jejak_terkini().await?;
        let isi = self.masalah_isi();
        let (_, demo) = self.db().revisi().await?;
        Ok(HalamanAudit {
            demo,
            dihitung: waktu_wib(Utc::now()),
            jumlah: anomali.len() as i64,
            terbuka: anomali.iter().filter(|a| a.tindak.is_none()).count() as i64,
            per_jenis,
            risiko,
            anomali,
            jejak_utuh: rantai.rusak.is_none() && isi.is_none(),
            jejak_entri: rantai.jumlah,
            jejak_pesan: match (&rantai.rusak, &isi) {
                (Some((id, why)), _) => format!("Rantai rusak mulai entri #{id}: {why}"),
                (None, Some(i)) => format!(
                    "Rantai utuh, tetapi {} baris data tidak cocok dengan jejak audit (mis. {}).",
                    angka(i.jumlah_masalah),
                    i.masalah.first().map(String::as_str).unwrap_or("")
                ),
                (None, None) => format!(
                    "Rantai utuh: {} entri, hash terakhir {}.",
                    angka(rantai.jumlah),
                    rantai.hash_terakhir
                ),
            },
            periode: crate::simpan::laporan::periode_tersedia(self.db()).await?,
            kkmp: self.pilihan_kkmp(),
        })
    }

    /// Marks an anomaly as followed up, with the auditor's note.
    pub async fn tindak_anomali(&self, kunci: &str, catatan: &str, pelaku: &Pelaku) -> Result<()> {
        let catatan = catatan.trim();
        if catatan.is_empty() || catatan.chars().count() > 2000 {
            return Err(DataError::Invalid(
                "Catatan tindak lanjut: wajib diisi, paling banyak 2.000 karakter.".into(),
            ));
        }
        if !self.anomali().await?.iter().any(|a| a.kunci == kunci) {
            return Err(DataError::NotFound(format!(
                "Anomali '{kunci}' tidak ada (lagi)."
            )));
        }
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru("anomali.tindak", format!("anomali:{kunci}"))
            .sesudah(&serde_json::json!({ "catatan": catatan }));
        crate::simpan::anomali::catat_tindak(self.db(), kunci, catatan, &pada, pelaku, &entri).await
    }
}
