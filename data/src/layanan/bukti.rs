use crate::berkas::bukti::Manifest;
use crate::berkas::bukti::kemas;
use crate::berkas::bukti::{FORMAT, json, json_versi};
use crate::error::DataError;
use crate::error::Result;
use crate::inti::jejak::Entri;
use crate::inti::jejak::Pelaku;
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::sandi::sha256_hex;
use crate::layanan::Pantau;
use chrono::SecondsFormat;
use chrono::Utc;
use model::Periode;

impl Pantau {
    /// The evidence package of one KKMP for months `dari..=sampai`; the
    /// export itself is logged with the archive's hash.
    pub async fn paket_bukti(
        &self,
        kelurahan_code: &str,
        dari: Periode,
        sampai: Periode,
        pelaku: &Pelaku,
    ) -> Result<(String, Vec<u8>)> {
        let kel = self
            .wilayah()
            .kelurahan(kelurahan_code)
            .cloned()
            .ok_or_else(|| {
                DataError::NotFound(format!(
                    "Kelurahan dengan kode '{kelurahan_code}' tidak ada di Kota Palembang."
                ))
            })?;
        if dari > sampai {
            return Err(DataError::Invalid(format!(
                "Rentang bulan terbalik: {} sesudah {}.",
                dari.label(),
                sampai.label()
            )));
        }
        let versi: Vec<LaporanTersimpan> =
            crate::simpan::laporan::semua_versi(self.db(), &kel.code)
                .await?
                .into_iter()
                .filter(|r| (dari..=sampai).contains(&r.isi.periode))
                .collect();
        let mut berkas: Vec<(String, Vec<u8>)> = Vec::new();
        let mut unggahan = std::collections::BTreeSet::new();
        let mut langkah = Vec::new();
        for r in &versi {
            let dasar = format!("laporan/{}/versi-{}", r.isi.periode, r.versi);
            berkas.push((
                format!("{dasar}.csv"),
                crate::berkas::ekspor::csv_laporan(std::slice::from_ref(r), self.wilayah())?,
            ));
            berkas.push((format!("{dasar}.json"), json(&json_versi(r))?));
            if let Some(id) = r.pengiriman.unggahan_id {
                unggahan.insert(id);
            }
        }
        let mut bulan: Vec<Periode> = versi.iter().map(|r| r.isi.periode).collect();
        bulan.dedup();
        for p in &bulan {
            for (s, v, oleh, pada, catatan) in
                crate::simpan::persetujuan::riwayat(self.db(), &kel.code, *p).await?
            {
                langkah.push(serde_json::json!({
                    "periode": p.to_string(), "langkah": s.code(), "versi": v, "oleh": oleh,
                    "pada": pada.to_rfc3339_opts(SecondsFormat::Secs, true), "catatan": catatan,
                }));
            }
        }
        berkas.push(("persetujuan.json".into(), json(&langkah)?));
        let jejak: Vec<serde_json::Value> =
            crate::simpan::jejak::daftar(self.db(), None, Some(&kel.code), 100_000)
                .await?
                .into_iter()
                .rev()
                .map(|b| {
                    serde_json::json!({
                        "id": b.id, "pada": b.pada, "pengguna": b.pengguna, "peran": b.peran,
                        "alamat": b.alamat, "aksi": b.aksi, "objek": b.objek, "sebelum": b.sebelum,
                        "sesudah": b.sesudah, "alasan": b.alasan, "hash_sebelum": b.hash_sebelum,
                        "hash": b.hash,
                    })
                })
                .collect();
        berkas.push(("jejak_audit.json".into(), json(&jejak)?));
        for id in unggahan {
            let row = crate::simpan::laporan::isi_unggahan(self.db(), id).await?;
            if let Some((nama, isi)) = row {
                let aman: String = nama
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                berkas.push((format!("lampiran/unggahan-{id}-{aman}"), isi));
            }
        }
        berkas.push((
            "intervensi.json".into(),
            json(&self.intervensi_kkmp(&kel.code).await?)?,
        ));
        // Field visits in the range (by the visit's month) with their
        // photos as stored.
        let kunjungan: Vec<model::lapangan::Kunjungan> = self
            .kunjungan_kkmp(&kel.code)
            .await?
            .into_iter()
            .filter(|k| {
                Periode::parse(k.tanggal_iso.get(..7).unwrap_or(""))
                    .is_ok_and(|p| (dari..=sampai).contains(&p))
            })
            .collect();
        for k in &kunjungan {
            for f in &k.foto {
                let (_, jenis, _, isi) = self.foto_kunjungan(f.id).await?;
                let ext = if jenis == "image/png" { "png" } else { "jpg" };
                berkas.push((
                    format!("lampiran/kunjungan-{}-foto-{}.{ext}", k.id, f.id),
                    isi,
                ));
            }
        }
        berkas.push(("kunjungan_lapangan.json".into(), json(&kunjungan)?));
        // The Inspektorat's findings about this KKMP, with every step's
        // evidence as stored.
        let temuan: Vec<model::temuan::Temuan> = self
            .daftar_temuan(crate::inti::waktu::hari_ini(), |w| w == kel.code)
            .await?;
        for t in &temuan {
            for l in &t.langkah {
                if l.berkas.is_some() {
                    let (_, nama, _, isi) = self.berkas_temuan(l.id).await?;
                    berkas.push((
                        format!("lampiran/temuan-{}-langkah-{}-{nama}", t.id, l.id),
                        isi,
                    ));
                }
            }
        }
        berkas.push(("temuan.json".into(), json(&temuan)?));
        // The audit chain's signed head as the package leaves the system:
        // listed in the manifest like every other file.
        if let Some(t) = self.kepala_teks().await? {
            berkas.push((
                "kepala-jejak-audit.txt".into(),
                format!("{t}\n").into_bytes(),
            ));
        }
        let dibuat = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let manifest = Manifest {
            format: FORMAT,
            judul: format!(
                "Paket bukti {} — {} sampai {}",
                kel.kkmp_nama,
                dari.label(),
                sampai.label()
            ),
            kelurahan_code: kel.code.clone(),
            kkmp: kel.kkmp_nama.clone(),
            dari: dari.to_string(),
            sampai: sampai.to_string(),
            dibuat,
            dibuat_oleh: pelaku.pengguna.clone(),
            berkas: Vec::new(),
        };
        let zip = kemas(manifest, berkas)?;
        let nama = format!("bukti-{}-{}-{}.zip", kel.code, dari, sampai);
        crate::simpan::jejak::catat(
            self.db(),
            pelaku,
            &Entri::baru("bukti.ekspor", format!("kkmp:{}", kel.code)).sesudah(
                &serde_json::json!({
                    "berkas": nama, "dari": dari.to_string(), "sampai": sampai.to_string(),
                    "versi": versi.len(), "sha256": sha256_hex(&zip), "ukuran": zip.len(),
                }),
            ),
        )
        .await?;
        Ok((nama, zip))
    }
}
