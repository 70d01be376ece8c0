//! The outbox's two jobs, run by the server's worker: the rules' pass
//! (which messages today calls for, queued once each) and the delivery
//! pass (due messages sent, retried with a growing wait, marked).

use crate::error::Result;
use crate::inti::jejak::Pelaku;
use crate::inti::pesan::{Keadaan, Penerima, StatusPesan};
use crate::kirim::{Kiriman, Pengirim};
use crate::simpan::pesan::{Hasil, PesanKeluar};
use chrono::{DateTime, Utc};

/// Messages one delivery pass takes at most.
pub const PER_PUTARAN: i64 = 50;
/// Messages one delivery pass sends at once.
pub const SEJAJAR: usize = 8;

/// What one delivery pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HasilKirim {
    pub terkirim: usize,
    pub dicoba_lagi: usize,
    pub gagal: usize,
}

impl crate::layanan::Pantau {
    /// Runs the rules for the WIB date of `kini` and queues what they make
    /// and was not queued before, with the packs of meetings frozen in the
    /// last [`crate::inti::pesan::PAKET_RAPAT_HARI`] days; returns how many
    /// were queued.
    pub async fn jalankan_aturan(
        &self,
        kini: DateTime<Utc>,
        pengirim: &Pengirim,
        url_dasar: &str,
    ) -> Result<usize> {
        let hari_ini = kini.with_timezone(&crate::inti::waktu::wib()).date_naive();
        let penerima: Vec<Penerima> = crate::simpan::akun::dengan_kontak(self.db()).await?;
        let mut lapor = std::collections::HashMap::new();
        for p in crate::inti::pesan::periode_terbuka(hari_ini) {
            lapor.insert(
                p,
                crate::simpan::pesan::sudah_lapor(self.db(), &p.to_string()).await?,
            );
        }
        let sudah = |p| lapor.get(&p).cloned().unwrap_or_default();
        let periode = |s: &str| {
            model::periode::Periode::parse(s).map_err(|e| {
                crate::error::DataError::Internal(format!("periode tersimpan '{s}': {e}"))
            })
        };
        let dikembalikan = crate::simpan::pesan::dikembalikan(self.db())
            .await?
            .into_iter()
            .map(|(kelurahan_code, p, langkah_id, oleh, pada, catatan)| {
                Ok(crate::inti::pesan::Dikembalikan {
                    kelurahan_code,
                    periode: periode(&p)?,
                    langkah_id,
                    oleh,
                    pada,
                    catatan,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let menunggu = crate::simpan::pesan::menunggu(self.db())
            .await?
            .into_iter()
            .filter_map(|(kelurahan_code, p, sejak)| Some((kelurahan_code, p, sejak?)))
            .map(|(kelurahan_code, p, sejak)| {
                Ok(crate::inti::pesan::Menunggu {
                    kelurahan_code,
                    periode: periode(&p)?,
                    sejak,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let tindak: Vec<crate::inti::pesan::Tindak> = crate::simpan::ruang::tindak_semua(self.db())
            .await?
            .into_iter()
            .filter(|t| t.status != "selesai")
            .filter_map(|t| {
                Some(crate::inti::pesan::Tindak {
                    tenggat: chrono::NaiveDate::parse_from_str(&t.tenggat, "%Y-%m-%d").ok()?,
                    id: t.id,
                    uraian: t.uraian,
                    kecamatan_code: t.kecamatan_code,
                    penanggung_jawab: t.penanggung_jawab,
                })
            })
            .collect();
        let status = self.status_kecamatan().await?;
        let pekan = crate::inti::pesan::paket_briefing_jatuh(kini);
        let keadaan = Keadaan {
            dikembalikan: &dikembalikan,
            menunggu: &menunggu,
            tindak: &tindak,
            hari_ini,
            hari_batas: self.hari_batas(),
            wilayah: self.wilayah(),
            penerima: &penerima,
            sudah_lapor: &sudah,
            url_dasar: url_dasar.trim_end_matches('/'),
            aktif: pengirim.aktif(),
            status: status.as_ref(),
            pekan: pekan.as_deref(),
        };
        let mut pesan = crate::inti::pesan::pesan_hari_ini(&keadaan);
        pesan.extend(self.paket_rapat_baru(&keadaan, kini).await?);
        crate::simpan::pesan::antrekan(self.db(), &pesan, kini, &Pelaku::sistem("kotak-keluar"))
            .await
    }

    /// Every kecamatan's target statuses in the newest month with accepted
    /// reports and the month before (the rules compare them).
    async fn status_kecamatan(&self) -> Result<Option<crate::inti::pesan::StatusKecamatan>> {
        let basis = self.basis(false).await?;
        let Some(p) = basis.periode.first().copied() else {
            return Ok(None);
        };
        // The per-kecamatan pass alone: the city dashboard (charts, map)
        // that `isi` builds around it is not needed here.
        let target = |m| {
            let basis = basis.clone();
            async move {
                Ok::<_, crate::error::DataError>(
                    self.isi_ruang(basis, m, Default::default(), Vec::new(), None)
                        .await?
                        .kecamatan
                        .into_iter()
                        .map(|k| (k.code, k.target))
                        .collect::<Vec<_>>(),
                )
            }
        };
        let kini = target(p).await?;
        let lalu = if basis.periode.contains(&p.prev()) {
            target(p.prev()).await?
        } else {
            Vec::new()
        };
        Ok(Some(crate::inti::pesan::StatusKecamatan {
            periode: p,
            kini,
            lalu,
        }))
    }

    /// The packs of the meetings frozen in the last
    /// [`crate::inti::pesan::PAKET_RAPAT_HARI`] days to their participants
    /// not sent it yet; the PDF is made only when someone is still to get
    /// it.
    async fn paket_rapat_baru(
        &self,
        k: &Keadaan<'_>,
        kini: DateTime<Utc>,
    ) -> Result<Vec<crate::inti::pesan::PesanBaru>> {
        let mut out = Vec::new();
        let sejak = kini - chrono::Duration::days(crate::inti::pesan::PAKET_RAPAT_HARI);
        for r in crate::simpan::ruang::rapat_berpeserta(self.db(), sejak).await? {
            let ada = crate::simpan::pesan::kunci_berawal(
                self.db(),
                &crate::inti::pesan::kunci_rapat_awal(&r),
            )
            .await?;
            let sudah = |x: &str| ada.iter().any(|a| a == x);
            if crate::inti::pesan::pesan_paket_rapat(k, &r, ("", &[]), &sudah).is_empty() {
                continue;
            }
            let (nama, pdf) = self
                .paket_rapat(r.id, false, &Pelaku::sistem("kotak-keluar"))
                .await?;
            out.extend(crate::inti::pesan::pesan_paket_rapat(
                k,
                &r,
                (&nama, &pdf),
                &sudah,
            ));
        }
        Ok(out)
    }

    /// Queues this week's "Bahan Briefing" PDF for every pimpinan not sent
    /// it yet, from Monday 07.00 WIB ([`crate::inti::pesan::paket_briefing_jatuh`]);
    /// the PDF is made only when someone is still to get it. Returns how
    /// many were queued.
    pub async fn jalankan_paket(
        &self,
        kini: DateTime<Utc>,
        pengirim: &Pengirim,
        url_dasar: &str,
    ) -> Result<usize> {
        let Some(pekan) = crate::inti::pesan::paket_briefing_jatuh(kini) else {
            return Ok(0);
        };
        let penerima: Vec<Penerima> = crate::simpan::akun::dengan_kontak(self.db()).await?;
        let tanpa = |_| Vec::new();
        let keadaan = Keadaan {
            dikembalikan: &[],
            menunggu: &[],
            tindak: &[],
            hari_ini: kini.with_timezone(&crate::inti::waktu::wib()).date_naive(),
            hari_batas: self.hari_batas(),
            wilayah: self.wilayah(),
            penerima: &penerima,
            sudah_lapor: &tanpa,
            url_dasar: url_dasar.trim_end_matches('/'),
            aktif: pengirim.aktif(),
            status: None,
            pekan: Some(&pekan),
        };
        let ada = crate::simpan::pesan::kunci_berawal(
            self.db(),
            &format!(
                "{}/{pekan}/",
                crate::inti::pesan::Aturan::PaketBriefing.code()
            ),
        )
        .await?;
        let sudah = |k: &str| ada.iter().any(|a| a == k);
        if crate::inti::pesan::pesan_paket(&keadaan, &pekan, ("", &[]), "", &sudah).is_empty() {
            return Ok(0);
        }
        let (nama, pdf, hash) = self
            .pdf_briefing_dengan_hash(&Pelaku::sistem("kotak-keluar"))
            .await?;
        let pesan = crate::inti::pesan::pesan_paket(&keadaan, &pekan, (&nama, &pdf), &hash, &sudah);
        crate::simpan::pesan::antrekan(self.db(), &pesan, kini, &Pelaku::sistem("kotak-keluar"))
            .await
    }

    /// Sends the messages due at `kini` (at most [`PER_PUTARAN`]), one at a
    /// time, and records each outcome: delivered; failed, to retry after
    /// [`crate::inti::pesan::jeda`]; or failed for good after
    /// [`crate::inti::pesan::PERCOBAAN_MAKS`] attempts, with the reason.
    pub async fn kirim_antrean(
        &self,
        pengirim: &Pengirim,
        kini: DateTime<Utc>,
    ) -> Result<HasilKirim> {
        use futures_util::StreamExt;
        let diambil = crate::simpan::pesan::ambil(self.db(), kini, PER_PUTARAN).await?;
        // A few at once: each SMTP exchange waits on round trips (and, for
        // the message body, on the relay's delayed ACK), not on this CPU.
        let hasil: Vec<(PesanKeluar, std::result::Result<(), String>)> =
            futures_util::stream::iter(diambil)
                .map(|p| async move {
                    let saluran = crate::inti::pesan::Saluran::from_code(&p.saluran)
                        .unwrap_or(crate::inti::pesan::Saluran::Log);
                    let r = pengirim
                        .kirim(&Kiriman {
                            kunci: &p.kunci,
                            aturan: &p.aturan,
                            periode: &p.periode,
                            saluran,
                            alamat: &p.alamat,
                            judul: &p.judul,
                            isi: &p.isi,
                            tautan: &p.tautan,
                            lampiran: p.lampiran.as_deref().map(|b| (p.lampiran_nama.as_str(), b)),
                        })
                        .await;
                    (p, r)
                })
                .buffered(SEJAJAR)
                .collect()
                .await;
        let mut ringkas = HasilKirim::default();
        let hasil: Vec<(PesanKeluar, Hasil)> = hasil
            .into_iter()
            .map(|(p, r)| {
                let h = match r {
                    Ok(()) => {
                        ringkas.terkirim += 1;
                        Hasil::Terkirim
                    }
                    Err(alasan) => {
                        let lagi = crate::inti::pesan::jeda(p.percobaan).map(|d| kini + d);
                        if lagi.is_some() {
                            ringkas.dicoba_lagi += 1;
                        } else {
                            ringkas.gagal += 1;
                        }
                        tracing::warn!(kunci = %p.kunci, percobaan = p.percobaan, %alasan, "pesan gagal dikirim");
                        Hasil::Gagal { alasan, lagi }
                    }
                };
                (p, h)
            })
            .collect();
        crate::simpan::pesan::tandai(self.db(), &hasil, kini, &Pelaku::sistem("kotak-keluar"))
            .await?;
        Ok(ringkas)
    }

    /// The outbox page: the newest 300 messages (of one status, if given)
    /// and the count per status.
    pub async fn kotak_keluar(&self, status: Option<&str>) -> Result<model::view::KotakKeluar> {
        let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(StatusPesan::from_code(s).ok_or_else(|| {
                crate::error::DataError::Invalid(format!(
                    "Status pesan '{}' tidak dikenal.",
                    crate::inti::teks::potong(s, 40)
                ))
            })?),
        };
        let (rows, jumlah) = crate::simpan::pesan::daftar(self.db(), status, 300).await?;
        let pesan = rows
            .into_iter()
            .map(|p| model::view::BarisPesan {
                id: p.id,
                dibuat: crate::inti::waktu::waktu_wib(p.dibuat_pada),
                aturan: crate::inti::pesan::Aturan::from_code(&p.aturan)
                    .map_or(p.aturan.clone(), |a| a.label().to_string()),
                periode: model::periode::Periode::parse(&p.periode)
                    .map_or(p.periode.clone(), |x| x.label()),
                penerima: p.penerima,
                saluran: crate::inti::pesan::Saluran::from_code(&p.saluran)
                    .map_or(p.saluran.clone(), |s| s.label().to_string()),
                alamat: p.alamat,
                judul: p.judul,
                isi: p.isi,
                tautan: p.tautan,
                status: p.status.clone(),
                status_label: StatusPesan::from_code(&p.status)
                    .map_or(p.status.clone(), |s| s.label().to_string()),
                percobaan: p.percobaan,
                berikut: (p.status == StatusPesan::Antre.code() && p.percobaan > 0)
                    .then(|| crate::inti::waktu::waktu_wib(p.coba_pada)),
                alasan: p.alasan,
                lampiran: p.lampiran_nama,
                terkirim: p.terkirim_pada.map(crate::inti::waktu::waktu_wib),
                revisi: p.revisi,
            })
            .collect();
        let jumlah = StatusPesan::SEMUA
            .into_iter()
            .map(|s| {
                (
                    s.code().to_string(),
                    s.label().to_string(),
                    jumlah
                        .iter()
                        .find(|(c, _)| c == s.code())
                        .map_or(0, |(_, n)| *n),
                )
            })
            .collect();
        Ok(model::view::KotakKeluar {
            pesan,
            jumlah,
            status: status.map(|s| s.code().to_string()),
        })
    }
}
