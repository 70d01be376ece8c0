use crate::error::DataError;
use crate::error::Result;
use crate::inti::jejak::Entri;
use crate::inti::jejak::Pelaku;
use crate::inti::ruang::BRIEFING;
use crate::inti::ruang::RAPAT;
use crate::inti::ruang::TindakBaru;
use crate::inti::ruang::kanonik;
use crate::inti::ruang::{perubahan, tanggal};
use crate::inti::target::KODE_KOTA;
use crate::inti::waktu::hari_ini;
use crate::inti::waktu::waktu_teks;
use crate::layanan::Pantau;
use crate::layanan::{Basis, INDIKATOR_UTAMA};
use crate::layanan::{blocking, target_berurut};
use crate::simpan::Tx;
use crate::simpan::ruang::{BarisCuplikan, BarisTindak, daftar_cuplikan, satu_cuplikan};
use chrono::DateTime;
use chrono::NaiveDate;
use chrono::SecondsFormat;
use chrono::Utc;
use model::Periode;
use model::indikator;
use model::indikator::TARGETABLE;
use model::ruang::BarisRapat;
use model::ruang::Briefing;
use model::ruang::Cuplikan;
use model::ruang::DetailRapat;
use model::ruang::HalamanRapat;
use model::ruang::Isi;
use model::ruang::IsiKecamatan;
use model::ruang::IsiKkmp;
use model::ruang::STATUS_TINDAK;
use model::ruang::TindakLanjut;
use model::status::StatusTarget;
use model::view::Capaian;
use model::view::Ringkasan;
use std::collections::HashMap;
use std::sync::Arc;

impl Pantau {
    /// The figures of month `periode` (default: the newest) for accepted
    /// reports: the city dashboard's, and every kecamatan's computed in one
    /// pass over the same frames its page uses (`analitik::dasbor::ruang`;
    /// the integration suite checks that both agree).
    pub async fn isi(&self, periode: Option<Periode>) -> Result<Isi> {
        let kota = self.dashboard_kota(periode, None, None, false).await?;
        if kota.konteks.periode_tersedia.is_empty() {
            return Ok(Isi {
                periode: None,
                kota: kota.kota.clone(),
                ..Isi::default()
            });
        }
        let p = kota.konteks.periode;
        let basis = self.basis(false).await?;
        let kunjungan = crate::simpan::lapangan::untuk_bukti(self.db()).await?;
        self.isi_ruang(
            basis,
            p,
            kota.kota.clone(),
            kota.target_kota.clone(),
            Some(kunjungan),
        )
        .await
    }

    /// [`Pantau::isi`] of month `p` as the open transaction `tx` sees the
    /// accepted reports and targets (the demo load freezes its rooms from
    /// the figures it has just written, before they are committed).
    pub(crate) async fn isi_dalam(&self, tx: &mut Tx<'_>, p: Periode) -> Result<Isi> {
        let rows = crate::simpan::laporan::terkini_dalam(tx, false).await?;
        let targets = crate::simpan::target::semua_dalam(tx).await?;
        let revisi = crate::simpan::revisi_dalam(tx).await?;
        let basis = Arc::new(
            self.basis_dari(rows, targets, Vec::new(), revisi, false)
                .await?,
        );
        let (b, w) = (basis.clone(), self.wilayah.clone());
        let h = blocking(move || {
            crate::analitik::dasbor::kota(&b.bingkai, &w, &b.targets, (p, p), INDIKATOR_UTAMA, &[])
        })
        .await?;
        let target_kota = target_berurut(&h.capaian, KODE_KOTA);
        let kunjungan = crate::simpan::lapangan::untuk_bukti_dalam(tx).await?;
        self.isi_ruang(basis, p, h.total.clone(), target_kota, Some(kunjungan))
            .await
    }

    /// The rooms' figures of month `p`: the city's (`kota`, `target_kota`)
    /// and every kecamatan's and KKMP's, computed in one pass over `basis`;
    /// with the stored visits (`kunjungan`), the evidence grade too.
    pub(super) async fn isi_ruang(
        &self,
        basis: Arc<Basis>,
        p: Periode,
        kota: Ringkasan,
        target_kota: Vec<Capaian>,
        kunjungan: Option<Vec<(String, String, [bool; 3])>>,
    ) -> Result<Isi> {
        // One pass for the 18 kecamatan (not 18 kecamatan pages).
        let w = self.wilayah.clone();
        let hitungan =
            blocking(move || crate::analitik::dasbor::ruang(&basis.bingkai, &w, &basis.targets, p))
                .await?;
        let mut kecamatan = Vec::new();
        let mut kkmp = Vec::new();
        for h in hitungan {
            let nama = self
                .wilayah()
                .kecamatan(&h.code)
                .map(|k| k.nama.clone())
                .unwrap_or_default();
            kkmp.extend(h.kkmp.into_iter().map(|baris| IsiKkmp {
                kecamatan_code: h.code.clone(),
                kecamatan_nama: nama.clone(),
                baris,
            }));
            kecamatan.push(IsiKecamatan {
                target: target_berurut(&h.capaian, &h.code),
                code: h.code,
                nama,
                ringkasan: h.ringkasan,
            });
        }
        let bukti = kunjungan.map(|v| {
            let beroperasi = kkmp
                .iter()
                .filter(|k| k.baris.status_operasi != model::status::StatusOperasi::Belum)
                .map(|k| k.baris.kelurahan_code.clone())
                .collect();
            crate::layanan::lapangan::bukti_dari(p, &beroperasi, &v)
        });
        Ok(Isi {
            periode: Some(p),
            kota,
            target_kota,
            kecamatan,
            kkmp,
            bukti,
        })
    }

    /// Freezes the current figures as a briefing or a meeting (whose pack
    /// the outbox then sends to the roles in `peserta`).
    pub async fn simpan_cuplikan(
        &self,
        jenis: &str,
        judul: &str,
        tanggal: &str,
        peserta: &[model::akun::Peran],
        pelaku: &Pelaku,
    ) -> Result<i64> {
        if jenis != BRIEFING && jenis != RAPAT {
            return Err(DataError::Invalid(format!(
                "Jenis '{jenis}' tidak dikenal."
            )));
        }
        let judul = judul.trim();
        if judul.is_empty() || judul.chars().count() > 200 {
            return Err(DataError::Invalid(
                "Judul: wajib diisi, paling banyak 200 karakter.".into(),
            ));
        }
        let hari = NaiveDate::parse_from_str(tanggal.trim(), "%Y-%m-%d").map_err(|_| {
            DataError::Invalid(format!(
                "Tanggal: '{tanggal}' bukan tanggal; pakai format TTTT-BB-HH, mis. 2026-11-29."
            ))
        })?;
        if let Some(p) = peserta
            .iter()
            .find(|p| !crate::inti::ruang::PESERTA_BOLEH.contains(p))
        {
            return Err(DataError::Invalid(format!(
                "Peserta: paket rapat tidak dikirim ke peran {}.",
                p.label()
            )));
        }
        let peserta: &[model::akun::Peran] = if jenis == RAPAT { peserta } else { &[] };
        let isi = self.isi(None).await?;
        let acara = crate::inti::ruang::Acara {
            jenis,
            judul,
            hari,
            peserta,
        };
        self.simpan_isi(&acara, &isi, Utc::now(), pelaku, None)
            .await
    }

    /// Stores `isi` as a snapshot cut at `cutoff`, in its own transaction or
    /// inside `tx` (the demo's earlier briefing and meeting use this with an
    /// earlier month's figures, inside the demo load's transaction).
    pub async fn simpan_isi(
        &self,
        acara: &crate::inti::ruang::Acara<'_>,
        isi: &Isi,
        cutoff: DateTime<Utc>,
        pelaku: &Pelaku,
        tx: Option<&mut Tx<'_>>,
    ) -> Result<i64> {
        let Some(periode) = isi.periode else {
            return Err(DataError::Invalid(
                "Belum ada laporan yang diterima: tidak ada angka untuk dibekukan.".into(),
            ));
        };
        let crate::inti::ruang::Acara {
            jenis,
            judul,
            hari,
            peserta,
        } = *acara;
        let (teks, hash) = kanonik(isi)?;
        let cutoff = cutoff.to_rfc3339_opts(SecondsFormat::Secs, true);
        let kode_peserta: Vec<&str> = peserta.iter().map(|p| p.code()).collect();
        let entri = Entri::baru(&format!("{jenis}.simpan"), format!("{jenis}:{judul}")).sesudah(
            &serde_json::json!({
                "judul": judul, "tanggal": hari.to_string(), "periode": periode.to_string(),
                "cutoff": cutoff, "hash": hash, "peserta": kode_peserta,
            }),
        );
        let mut baru = crate::simpan::ruang::CuplikanBaru {
            jenis,
            judul,
            tanggal: hari.to_string(),
            periode: periode.to_string(),
            revisi: 0,
            cutoff: &cutoff,
            hash: &hash,
            isi: &teks,
            peserta,
        };
        match tx {
            Some(tx) => {
                baru.revisi = crate::simpan::revisi_dalam(tx).await?.nomor;
                crate::simpan::ruang::simpan_cuplikan_dalam(tx, &baru, pelaku, entri).await
            }
            None => {
                baru.revisi = self.db().revisi().await?.0;
                crate::simpan::ruang::simpan_cuplikan(self.db(), &baru, pelaku, entri).await
            }
        }
    }

    /// The snapshots of one kind, newest first.
    pub async fn cuplikan(&self, jenis: &str) -> Result<Vec<Cuplikan>> {
        daftar_cuplikan(self.db(), jenis)
            .await?
            .iter()
            .map(BarisCuplikan::lihat)
            .collect()
    }

    /// One snapshot with its figures.
    pub async fn cuplikan_isi(&self, id: i64) -> Result<(Cuplikan, Isi)> {
        let b = satu_cuplikan(self.db(), id).await?;
        Ok((b.lihat()?, b.isi()?))
    }

    /// The briefing screen: the figures now, against the last briefing.
    pub async fn briefing(&self) -> Result<(Briefing, Isi)> {
        let kota = self.dashboard_kota(None, None, None, false).await?;
        let isi = self.isi(Some(kota.konteks.periode)).await?;
        let (_, hash) = kanonik(&isi)?;
        let riwayat = daftar_cuplikan(self.db(), BRIEFING).await?;
        let lalu = match riwayat.first() {
            Some(b) => Some((b.lihat()?, b.isi()?)),
            None => None,
        };
        let perubahan = perubahan(lalu.as_ref().map(|(c, i)| (c.clone(), i)), &isi);
        let n = kota.liga.len();
        let terbaik = kota.liga.iter().take(5).cloned().collect();
        let terburuk = kota
            .liga
            .iter()
            .skip(n.saturating_sub(5))
            .rev()
            .cloned()
            .collect();
        let dukungan = self.rekap_dukungan(None).await?;
        let proyeksi = crate::layanan::proyeksi::kalimat(
            &*self.dasar_proyeksi().await?,
            KODE_KOTA,
            &kota.target_kota,
        );
        let briefing = Briefing {
            proyeksi,
            bukti: isi.bukti.clone(),
            konteks: kota.konteks.clone(),
            hash,
            kota: kota.kota.clone(),
            target_kota: kota.target_kota.clone(),
            kecamatan: kota.kecamatan.clone(),
            indikator_nama: kota.indikator_nama.clone(),
            grafik: kota.grafik.clone(),
            peta: kota.peta.clone(),
            terbaik,
            terburuk,
            perubahan,
            dukungan,
            riwayat: riwayat
                .iter()
                .map(BarisCuplikan::lihat)
                .collect::<Result<_>>()?,
            hari_ini: hari_ini().to_string(),
        };
        Ok((briefing, isi))
    }

    /// The meeting room: the meetings held and meeting `id` (default: the
    /// newest) in full, judged at `hari_ini` for overdue items.
    pub async fn halaman_rapat(
        &self,
        id: Option<i64>,
        hari_ini: NaiveDate,
    ) -> Result<HalamanRapat> {
        let semua = daftar_cuplikan(self.db(), RAPAT).await?;
        // Titles of the meetings, for the items carried between them.
        let judul: HashMap<i64, String> = semua.iter().map(|r| (r.id, r.judul.clone())).collect();
        let pilih = match id {
            Some(id) => Some(
                semua
                    .iter()
                    .position(|r| r.id == id)
                    .ok_or_else(|| DataError::NotFound(format!("Rapat #{id} tidak ada.")))?,
            ),
            None => (!semua.is_empty()).then_some(0),
        };
        let detail = match pilih {
            Some(i) => Some(
                self.detail_rapat(&semua[i], semua.get(i + 1), &judul, hari_ini)
                    .await?,
            ),
            None => None,
        };
        let (_, demo) = self.db().revisi().await?;
        let mut wilayah = vec![(String::new(), "Kota Palembang".to_string())];
        for k in &self.wilayah().kecamatan {
            wilayah.push((k.code.clone(), format!("Kecamatan {}", k.nama)));
        }
        for k in &self.wilayah().kelurahan {
            wilayah.push((
                k.code.clone(),
                format!(
                    "Kelurahan {} ({})",
                    k.nama,
                    self.nama_kecamatan(&k.kecamatan_code)
                ),
            ));
        }
        Ok(HalamanRapat {
            demo,
            rapat: semua
                .iter()
                .map(BarisCuplikan::lihat)
                .collect::<Result<_>>()?,
            detail,
            wilayah,
            indikator: TARGETABLE
                .iter()
                .map(|i| {
                    (
                        i.to_string(),
                        indikator::cari(i).map_or(*i, |m| m.nama).to_string(),
                    )
                })
                .collect(),
            andai: (0, Vec::new()),
            temuan_lewat: self
                .daftar_temuan(hari_ini, |_| true)
                .await?
                .into_iter()
                .filter(|t| t.lewat)
                .collect(),
            selisih: self.selisih_rapat().await?,
            periode_terbaru: crate::simpan::laporan::periode_tersedia(self.db())
                .await?
                .first()
                .copied(),
            hari_ini: hari_ini.to_string(),
        })
    }

    async fn detail_rapat(
        &self,
        rapat: &BarisCuplikan,
        sebelumnya: Option<&BarisCuplikan>,
        judul: &HashMap<i64, String>,
        hari_ini: NaiveDate,
    ) -> Result<DetailRapat> {
        let isi = rapat.isi()?;
        let cuplikan = rapat.lihat()?;
        let indikator: Vec<(String, String)> = TARGETABLE
            .iter()
            .map(|i| {
                (
                    i.to_string(),
                    indikator::cari(i).map_or(*i, |m| m.nama).to_string(),
                )
            })
            .collect();
        let kecamatan: Vec<BarisRapat> = isi
            .kecamatan
            .iter()
            .map(|k| {
                let capaian: Vec<_> = indikator
                    .iter()
                    .map(|(code, _)| k.target.iter().find(|c| &c.indikator == code).cloned())
                    .collect();
                BarisRapat {
                    code: k.code.clone(),
                    nama: k.nama.clone(),
                    kkmp: k.ringkasan.kkmp,
                    tertinggal: capaian
                        .iter()
                        .flatten()
                        .filter(|c| c.status == StatusTarget::Tertinggal)
                        .count() as i64,
                    capaian,
                    laporan_masuk: k.ringkasan.laporan_masuk,
                    tepat_waktu: k.ringkasan.laporan_tepat_waktu,
                }
            })
            .collect();
        let mut tertinggal: Vec<BarisRapat> = kecamatan
            .iter()
            .filter(|k| k.tertinggal > 0)
            .cloned()
            .collect();
        tertinggal.sort_by(|a, b| {
            b.tertinggal
                .cmp(&a.tertinggal)
                .then(a.tepat_waktu.cmp(&b.tepat_waktu))
        });
        tertinggal.truncate(5);
        let tanggal_rapat =
            NaiveDate::parse_from_str(&rapat.tanggal, "%Y-%m-%d").unwrap_or(hari_ini);
        let semua = self.tindak_semua().await?;
        let lihat = |t: &BarisTindak, pada: NaiveDate| self.lihat_tindak(t, judul, pada);
        let tindak_lanjut = semua
            .iter()
            .filter(|t| t.rapat_id == rapat.id)
            .map(|t| lihat(t, hari_ini))
            .collect();
        let terbawa = semua
            .iter()
            .filter(|t| t.rapat_id < rapat.id && t.status != "selesai")
            .map(|t| lihat(t, tanggal_rapat))
            .collect();
        let lalu = match sebelumnya {
            Some(b) => Some((b.lihat()?, b.isi()?)),
            None => None,
        };
        let perubahan = perubahan(lalu.as_ref().map(|(c, i)| (c.clone(), i)), &isi);
        Ok(DetailRapat {
            rapat: cuplikan,
            indikator,
            kecamatan,
            kota: isi.kota.clone(),
            tertinggal,
            tindak_lanjut,
            terbawa,
            perubahan,
            bukti: isi.bukti.clone(),
        })
    }

    async fn tindak_semua(&self) -> Result<Vec<BarisTindak>> {
        crate::simpan::ruang::tindak_semua(self.db()).await
    }

    fn lihat_tindak(
        &self,
        t: &BarisTindak,
        judul: &HashMap<i64, String>,
        pada: NaiveDate,
    ) -> TindakLanjut {
        let wilayah = match (&t.kelurahan_code, &t.kecamatan_code) {
            (Some(kel), _) => self
                .wilayah()
                .kelurahan(kel)
                .map(|k| {
                    format!(
                        "Kelurahan {} ({})",
                        k.nama,
                        self.nama_kecamatan(&k.kecamatan_code)
                    )
                })
                .unwrap_or_else(|| kel.clone()),
            (None, Some(kec)) => format!("Kecamatan {}", self.nama_kecamatan(kec)),
            (None, None) => "Kota Palembang".into(),
        };
        let tenggat = NaiveDate::parse_from_str(&t.tenggat, "%Y-%m-%d").ok();
        let mut riwayat = format!(
            "dicatat {} oleh {}",
            waktu_teks(&t.dibuat_pada),
            t.dibuat_oleh
        );
        if let (Some(oleh), Some(pada)) = (&t.diubah_oleh, &t.diubah_pada) {
            riwayat.push_str(&format!("; diubah {} oleh {oleh}", waktu_teks(pada)));
        }
        TindakLanjut {
            id: t.id,
            rapat_id: t.rapat_id,
            rapat_judul: judul.get(&t.rapat_id).cloned().unwrap_or_default(),
            uraian: t.uraian.clone(),
            kecamatan_code: t.kecamatan_code.clone(),
            kelurahan_code: t.kelurahan_code.clone(),
            wilayah,
            indikator: t.indikator.clone(),
            indikator_nama: t
                .indikator
                .as_deref()
                .map(|i| indikator::cari(i).map_or(i, |m| m.nama).to_string())
                .unwrap_or_default(),
            penanggung_jawab: t.penanggung_jawab.clone(),
            tenggat: tenggat.map(tanggal).unwrap_or_else(|| t.tenggat.clone()),
            tenggat_iso: t.tenggat.clone(),
            status: t.status.clone(),
            catatan: t.catatan.clone(),
            lewat: t.status != "selesai" && tenggat.is_some_and(|d| d < pada),
            riwayat,
        }
    }

    /// Adds an item to meeting `rapat_id`'s ledger. Every field is checked
    /// and named in the message; nothing is stored when one is wrong.
    pub async fn tambah_tindak(&self, t: &TindakBaru, pelaku: &Pelaku) -> Result<i64> {
        let rapat = satu_cuplikan(self.db(), t.rapat_id).await?;
        let bukan_rapat =
            (rapat.jenis != RAPAT).then(|| format!("#{} bukan rapat koordinasi.", t.rapat_id));
        let (baru, pada, entri) = self.periksa_tindak(t, bukan_rapat)?;
        crate::simpan::ruang::tambah_tindak(self.db(), &baru, &pada, pelaku, entri).await
    }

    /// Checks a new tindak lanjut item (`bukan_rapat`: the caller's finding
    /// that its meeting is not one) and makes its audit entry.
    pub(crate) fn periksa_tindak<'t>(
        &self,
        t: &'t TindakBaru,
        bukan_rapat: Option<String>,
    ) -> Result<(crate::simpan::ruang::TindakTersaring<'t>, String, Entri)> {
        let mut galat = Vec::new();
        let uraian = t.uraian.trim();
        if uraian.is_empty() || uraian.chars().count() > 1000 {
            galat.push("Uraian: wajib diisi, paling banyak 1.000 karakter.".to_string());
        }
        let pj = t.penanggung_jawab.trim();
        if pj.is_empty() || pj.chars().count() > 200 {
            galat.push("Penanggung jawab: wajib diisi, paling banyak 200 karakter.".into());
        }
        if NaiveDate::parse_from_str(t.tenggat.trim(), "%Y-%m-%d").is_err() {
            galat.push(format!(
                "Tenggat: '{}' bukan tanggal; pakai format TTTT-BB-HH.",
                t.tenggat
            ));
        }
        let w = t.wilayah.trim();
        let (kec, kel) = if w.is_empty() {
            (None, None)
        } else if let Some(k) = self.wilayah().kelurahan(w) {
            (Some(k.kecamatan_code.clone()), Some(k.code.clone()))
        } else if self.wilayah().kecamatan(w).is_some() {
            (Some(w.to_string()), None)
        } else {
            galat.push(format!(
                "Wilayah: kode '{w}' bukan kecamatan atau kelurahan Kota Palembang."
            ));
            (None, None)
        };
        let ind = t.indikator.trim();
        if !ind.is_empty() && indikator::cari(ind).is_none() {
            galat.push(format!("Indikator: '{ind}' tidak dikenal."));
        }
        if t.catatan.chars().count() > 2000 {
            galat.push("Catatan: paling banyak 2.000 karakter.".into());
        }
        galat.extend(bukan_rapat);
        if !galat.is_empty() {
            return Err(DataError::Invalid(galat.join(" ")));
        }
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let ind = (!ind.is_empty()).then(|| ind.to_string());
        let entri = Entri::baru("tindak_lanjut.tambah", format!("rapat:{}", t.rapat_id)).sesudah(t);
        let baru = crate::simpan::ruang::TindakTersaring {
            rapat_id: t.rapat_id,
            uraian,
            kecamatan_code: kec,
            kelurahan_code: kel,
            indikator: ind,
            penanggung_jawab: pj,
            tenggat: t.tenggat.trim(),
            catatan: t.catatan.trim(),
        };
        Ok((baru, pada, entri))
    }

    /// Changes an item's status and note (before and after in the trail).
    pub async fn ubah_tindak(
        &self,
        id: i64,
        status: &str,
        catatan: &str,
        pelaku: &Pelaku,
    ) -> Result<()> {
        let lama = crate::simpan::ruang::satu_tindak(self.db(), id)
            .await?
            .ok_or_else(|| DataError::NotFound(format!("Tindak lanjut #{id} tidak ada.")))?;
        let (pada, entri) =
            periksa_ubah_tindak(id, (&lama.status, &lama.catatan), status, catatan)?;
        crate::simpan::ruang::ubah_tindak(
            self.db(),
            id,
            status,
            catatan.trim(),
            &pada,
            pelaku,
            &entri,
        )
        .await
    }
}

/// Checks a tindak lanjut item's new status and note and makes the audit
/// entry of the change from `lama` (status, note): (time, entry).
pub(crate) fn periksa_ubah_tindak(
    id: i64,
    lama: (&str, &str),
    status: &str,
    catatan: &str,
) -> Result<(String, Entri)> {
    if !STATUS_TINDAK.iter().any(|(c, _)| *c == status) {
        return Err(DataError::Invalid(format!(
            "Status: '{status}' tidak dikenal; pilih terbuka, proses atau selesai."
        )));
    }
    if catatan.chars().count() > 2000 {
        return Err(DataError::Invalid(
            "Catatan: paling banyak 2.000 karakter.".into(),
        ));
    }
    let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let entri = Entri::baru("tindak_lanjut.ubah", format!("tindak_lanjut:{id}"))
        .sebelum(&serde_json::json!({"status": lama.0, "catatan": lama.1}))
        .sesudah(&serde_json::json!({"status": status, "catatan": catatan.trim()}));
    Ok((pada, entri))
}
