//! The Dinas' administration of what the dashboard judges against: targets
//! (the form, the CSV import and export, the history) and the boundary
//! polygons of the map. `impl Pantau`, like `penerimaan.rs` for reports.
//!
//! Forms follow the pattern of the report form: a refused form is kept for a
//! day under a token with its messages, and the page shows it again.

use crate::error::DataError;
use crate::error::Result;
use crate::inti::jejak::Pelaku;
use crate::inti::target::KOLOM;
use crate::inti::target::Perubahan;
use crate::inti::target::Target;
use crate::inti::target::TargetTersimpan;
use crate::inti::teks::nilai_teks;
use crate::inti::waktu::waktu_wib;
use crate::layanan::Pantau;
use chrono::Utc;
use model::indikator;
use model::indikator::TARGETABLE;
use model::view::BarisTarget;
use model::view::BatasTerpasang;
use model::view::CatatanIsian;
use model::view::DetailTarget;
use model::view::HalamanBatas;
use model::view::HalamanTarget;
use model::view::RiwayatTarget;
use serde::Deserialize;
use serde::Serialize;
use std::collections::HashMap;

const JENIS_DRAF_TARGET: &str = "draf_target";

const JENIS_PESAN: &str = "pesan";

/// A target form as sent: the fields of [`KOLOM`] by name, who and why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KirimanTarget {
    pub isian: HashMap<String, String>,
    pub oleh: String,
    pub alasan: String,
}

/// What became of a target form.
#[derive(Clone, Debug, PartialEq)]
pub enum HasilTarget {
    Tersimpan {
        id: i64,
    },
    /// Refused: the form and its messages are kept under `token`.
    Kembali {
        token: String,
    },
}

#[derive(Serialize, Deserialize)]
struct DrafTarget {
    kiriman: KirimanTarget,
    galat: Vec<CatatanIsian>,
}

fn catatan(kolom: &str, pesan: impl Into<String>) -> CatatanIsian {
    CatatanIsian {
        kolom: kolom.to_string(),
        pesan: pesan.into(),
    }
}

/// A target's value as people read it: "80,0%" or "150,0".
fn nilai(indikator: &str, x: f64) -> String {
    nilai_teks(x, indikator::persen_kkmp(indikator))
}

fn tanggal(d: chrono::NaiveDate) -> String {
    model::format::tanggal_iso(&d.to_string())
}

/// The labels of the form fields, for the messages and the history.
pub fn label_kolom(kolom: &str) -> &'static str {
    match kolom {
        "indikator" => "Indikator",
        "cakupan" => "Cakupan",
        "kode_wilayah" => "Kode wilayah",
        "nilai_awal" => "Nilai awal",
        "tgl_awal" => "Tanggal awal",
        "nilai_target" => "Nilai target",
        "tenggat" => "Tenggat",
        "keterangan" => "Keterangan",
        "oleh" => "Nama pengubah",
        "alasan" => "Alasan",
        _ => "Formulir",
    }
}

impl Pantau {
    fn baris_target(
        &self,
        t: &TargetTersimpan,
        dasar: &crate::inti::proyeksi::Dasar,
    ) -> BarisTarget {
        let x = &t.target;
        let kode = match &x.cakupan {
            crate::inti::target::Cakupan::Kota => Some(crate::inti::target::KODE_KOTA),
            crate::inti::target::Cakupan::Kecamatan(c) => Some(c.as_str()),
            crate::inti::target::Cakupan::Kelurahan(_) => None,
        };
        let persen = indikator::persen_kkmp(&x.indikator);
        let p = match kode {
            Some(k) if t.aktif => dasar.hitung(k, &x.indikator, x.nilai_target, x.tenggat),
            _ => None,
        };
        let (proyeksi, proyeksi_kalimat) = match (&p, kode) {
            (Some(p), _) => (Some(p.ringkas(persen)), Some(p.kalimat(persen))),
            (None, None) => {
                let s = "Tidak diproyeksikan: target satu KKMP (ya/tidak), bukan laju.".to_string();
                (Some(s.clone()), Some(s))
            }
            (None, Some(_)) => (None, None),
        };
        BarisTarget {
            proyeksi,
            proyeksi_kalimat,
            id: t.id,
            indikator: x.indikator.clone(),
            indikator_nama: indikator::cari(&x.indikator)
                .map_or(x.indikator.clone(), |m| m.nama.to_string()),
            cakupan: x.cakupan.nama(self.wilayah()),
            nilai_awal: nilai(&x.indikator, x.nilai_awal),
            tgl_awal: tanggal(x.tgl_awal),
            nilai_target: nilai(&x.indikator, x.nilai_target),
            tenggat: tanggal(x.tenggat),
            keterangan: x.keterangan.clone(),
            aktif: t.aktif,
            dibuat: format!("{} oleh {}", waktu_wib(t.dibuat_pada), t.dibuat_oleh),
            diubah: t.diubah_pada.map(|w| {
                format!(
                    "{} oleh {}",
                    waktu_wib(w),
                    t.diubah_oleh.clone().unwrap_or_default()
                )
            }),
        }
    }

    fn pilihan_indikator() -> Vec<(String, String, String)> {
        TARGETABLE
            .iter()
            .filter_map(|c| indikator::cari(c))
            .map(|m| {
                let satuan = if m.satuan == indikator::Satuan::PersenKkmp {
                    "% KKMP (tulis 0–100)".to_string()
                } else {
                    m.satuan.label().to_string()
                };
                (m.code.to_string(), m.nama.to_string(), satuan)
            })
            .collect()
    }

    fn pilihan_wilayah(&self) -> Vec<(String, String)> {
        let w = self.wilayah();
        let mut out = Vec::new();
        for k in &w.kecamatan {
            out.push((k.code.clone(), format!("Kecamatan {}", k.nama)));
            for l in w.kelurahan.iter().filter(|l| l.kecamatan_code == k.code) {
                out.push((l.code.clone(), format!("Kelurahan {} ({})", l.nama, k.nama)));
            }
        }
        out
    }

    async fn draf_target(&self, token: Option<&str>) -> Result<Option<DrafTarget>> {
        Ok(match token {
            Some(t) => crate::simpan::sementara::ambil(self.db(), JENIS_DRAF_TARGET, t)
                .await?
                .and_then(|(_, bytes)| serde_json::from_slice::<DrafTarget>(&bytes).ok()),
            None => None,
        })
    }

    fn isian_draf(d: &DrafTarget) -> Vec<(String, String)> {
        KOLOM
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    d.kiriman.isian.get(*k).cloned().unwrap_or_default(),
                )
            })
            .chain([
                ("oleh".to_string(), d.kiriman.oleh.clone()),
                ("alasan".to_string(), d.kiriman.alasan.clone()),
            ])
            .collect()
    }

    /// Keeps a refusal message for the page the browser is sent back to.
    pub async fn simpan_pesan(&self, pesan: &str) -> Result<String> {
        crate::simpan::sementara::simpan(self.db(), JENIS_PESAN, "", pesan.as_bytes()).await
    }

    /// A kept message as one text (empty if expired or unknown).
    pub async fn baca_pesan(&self, token: &str) -> Result<String> {
        Ok(self.pesan(Some(token)).await?.join("\n"))
    }

    /// A kept refusal message, one line per problem (empty if expired).
    async fn pesan(&self, token: Option<&str>) -> Result<Vec<String>> {
        Ok(match token {
            Some(t) => crate::simpan::sementara::ambil(self.db(), JENIS_PESAN, t)
                .await?
                .map(|(_, b)| {
                    String::from_utf8_lossy(&b)
                        .lines()
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            None => Vec::new(),
        })
    }

    /// The targets page; `draf` shows a refused new-target form again,
    /// `galat` a refused import.
    pub async fn halaman_target(
        &self,
        draf: Option<&str>,
        galat: Option<&str>,
    ) -> Result<HalamanTarget> {
        let (_, demo) = self.db().revisi().await?;
        let semua = crate::simpan::target::daftar(self.db()).await?;
        let draf = self.draf_target(draf).await?;
        let dasar = self.dasar_proyeksi().await?;
        let mut target: Vec<BarisTarget> =
            semua.iter().map(|t| self.baris_target(t, &dasar)).collect();
        // Active first, then by indicator and deadline.
        target.sort_by(|a, b| b.aktif.cmp(&a.aktif).then(a.id.cmp(&b.id)));
        Ok(HalamanTarget {
            demo,
            target,
            indikator: Self::pilihan_indikator(),
            wilayah: self.pilihan_wilayah(),
            isian: draf.as_ref().map(Self::isian_draf).unwrap_or_default(),
            galat: draf.map(|d| d.galat).unwrap_or_default(),
            galat_impor: self.pesan(galat).await?,
        })
    }

    /// One target, its history (with what changed at each step), and its
    /// edit form; `draf` shows a refused edit again.
    pub async fn detail_target(&self, id: i64, draf: Option<&str>) -> Result<DetailTarget> {
        let (_, demo) = self.db().revisi().await?;
        let t = crate::simpan::target::satu(self.db(), id).await?;
        let riwayat = crate::simpan::target::riwayat(self.db(), id).await?;
        let mut out = Vec::with_capacity(riwayat.len());
        let mut sebelum: Option<&crate::inti::target::RiwayatTarget> = None;
        for r in &riwayat {
            let perubahan = match sebelum {
                None => Vec::new(),
                Some(s) => {
                    let (a, b) = (s.target.tulis(), r.target.tulis());
                    let mut lines: Vec<String> = KOLOM
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| a[*i] != b[*i])
                        .map(|(i, k)| format!("{}: {} → {}", label_kolom(k), a[i], b[i]))
                        .collect();
                    if s.aktif != r.aktif {
                        lines.push(format!(
                            "Status: {} → {}",
                            if s.aktif { "aktif" } else { "nonaktif" },
                            if r.aktif { "aktif" } else { "nonaktif" }
                        ));
                    }
                    lines
                }
            };
            out.push(RiwayatTarget {
                aksi: match r.aksi.as_str() {
                    "buat" => "Dibuat",
                    "ubah" => "Diubah",
                    "impor" => "Diimpor dari CSV",
                    "nonaktif" => "Dinonaktifkan",
                    _ => "Diubah",
                }
                .to_string(),
                pada: waktu_wib(r.pada),
                oleh: r.oleh.clone(),
                alasan: r.alasan.clone(),
                perubahan,
            });
            sebelum = Some(r);
        }
        out.reverse();
        let draf = self.draf_target(draf).await?;
        let isian = match &draf {
            Some(d) => Self::isian_draf(d),
            None => KOLOM
                .iter()
                .zip(t.target.tulis())
                .map(|(k, v)| (k.to_string(), v))
                .chain([
                    ("oleh".into(), String::new()),
                    ("alasan".into(), String::new()),
                ])
                .collect(),
        };
        Ok(DetailTarget {
            demo,
            target: self.baris_target(&t, &*self.dasar_proyeksi().await?),
            riwayat: out,
            indikator: Self::pilihan_indikator(),
            wilayah: self.pilihan_wilayah(),
            isian,
            galat: draf.map(|d| d.galat).unwrap_or_default(),
        })
    }

    /// Stores a new target (`id` None) or a new state of one. A change
    /// needs a reason; every field problem is named at its field.
    pub async fn kirim_target(
        &self,
        id: Option<i64>,
        k: KirimanTarget,
        pelaku: &Pelaku,
    ) -> Result<HasilTarget> {
        let mut galat = Vec::new();
        let oleh = k.oleh.trim();
        let alasan = k.alasan.trim();
        if oleh.is_empty() {
            galat.push(catatan("oleh", "Nama pengubah wajib diisi"));
        }
        if id.is_some() && alasan.is_empty() {
            galat.push(catatan(
                "alasan",
                "Tulis alasan perubahan target: riwayatnya disimpan",
            ));
        }
        if let Some(id) = id {
            crate::simpan::target::satu(self.db(), id).await?;
        }
        let sel: [&str; 8] =
            std::array::from_fn(|i| k.isian.get(KOLOM[i]).map_or("", String::as_str));
        let mut baru = None;
        match Target::baca(&sel, self.wilayah()) {
            Ok(t) => baru = Some(t),
            Err(es) => galat.extend(es.into_iter().map(|(i, e)| catatan(KOLOM[i], e))),
        }
        if let (Some(t), true) = (baru, galat.is_empty()) {
            let ubah = [Perubahan {
                id,
                target: t,
                aktif: true,
            }];
            let aksi = if id.is_some() { "ubah" } else { "buat" };
            match crate::simpan::target::terapkan(
                self.db(),
                &ubah,
                aksi,
                oleh,
                Utc::now(),
                alasan,
                pelaku,
            )
            .await
            {
                Ok(ids) => return Ok(HasilTarget::Tersimpan { id: ids[0] }),
                Err(DataError::Invalid(pesan)) => galat.push(catatan("tenggat", pesan)),
                Err(e) => return Err(e),
            }
        }
        let json = serde_json::to_vec(&DrafTarget { kiriman: k, galat })
            .map_err(|e| DataError::Internal(e.to_string()))?;
        let token =
            crate::simpan::sementara::simpan(self.db(), JENIS_DRAF_TARGET, "", &json).await?;
        Ok(HasilTarget::Kembali { token })
    }

    /// Retires a target: it stops counting, its history stays.
    pub async fn nonaktifkan_target(
        &self,
        id: i64,
        oleh: &str,
        alasan: &str,
        pelaku: &Pelaku,
    ) -> Result<()> {
        let (oleh, alasan) = (oleh.trim(), alasan.trim());
        if oleh.is_empty() || alasan.is_empty() {
            return Err(DataError::Invalid(
                "Untuk menonaktifkan target, isi nama pengubah dan alasannya.".into(),
            ));
        }
        let t = crate::simpan::target::satu(self.db(), id).await?;
        if !t.aktif {
            return Err(DataError::Invalid(format!("Target #{id} sudah nonaktif.")));
        }
        let ubah = [Perubahan {
            id: Some(id),
            target: t.target,
            aktif: false,
        }];
        crate::simpan::target::terapkan(
            self.db(),
            &ubah,
            "nonaktif",
            oleh,
            Utc::now(),
            alasan,
            pelaku,
        )
        .await?;
        Ok(())
    }

    /// Imports a CSV of targets, all or nothing: a target with the same
    /// indicator, scope and deadline as an active one replaces its values
    /// (with a history row); the others are added. Returns (added, changed).
    pub async fn impor_target(
        &self,
        nama_berkas: &str,
        isi: &[u8],
        oleh: &str,
        alasan: &str,
        pelaku: &Pelaku,
    ) -> Result<(usize, usize)> {
        let oleh = oleh.trim();
        if oleh.is_empty() {
            return Err(DataError::Invalid("Nama pengimpor wajib diisi.".into()));
        }
        let targets = crate::berkas::target_csv::baca_csv(isi, self.wilayah()).map_err(|e| {
            DataError::Invalid(format!(
                "Berkas {nama_berkas} ditolak; tidak ada target yang disimpan.\n{}",
                e.join("\n")
            ))
        })?;
        let ada = crate::simpan::target::daftar(self.db()).await?;
        let mut ubah = Vec::with_capacity(targets.len());
        let (mut tambah, mut ganti) = (0, 0);
        for t in targets {
            let sama = ada.iter().find(|a| {
                a.aktif
                    && a.target.indikator == t.indikator
                    && a.target.cakupan == t.cakupan
                    && a.target.tenggat == t.tenggat
            });
            match sama {
                Some(a) if a.target == t => continue,
                Some(a) => {
                    ganti += 1;
                    ubah.push(Perubahan {
                        id: Some(a.id),
                        target: t,
                        aktif: true,
                    });
                }
                None => {
                    tambah += 1;
                    ubah.push(Perubahan {
                        id: None,
                        target: t,
                        aktif: true,
                    });
                }
            }
        }
        if !ubah.is_empty() {
            let alasan = if alasan.trim().is_empty() {
                format!("Impor {nama_berkas}")
            } else {
                format!("Impor {nama_berkas}: {}", alasan.trim())
            };
            crate::simpan::target::terapkan(
                self.db(),
                &ubah,
                "impor",
                oleh,
                Utc::now(),
                &alasan,
                pelaku,
            )
            .await?;
        }
        Ok((tambah, ganti))
    }

    /// The active targets as a CSV that [`Pantau::impor_target`] reads back.
    /// The download is written to the audit trail first.
    pub async fn ekspor_target(&self, pelaku: &Pelaku) -> Result<String> {
        self.catat_unduhan(
            pelaku,
            &crate::inti::jejak::Entri::baru("ekspor", "target/target.csv"),
        )
        .await?;
        Ok(crate::berkas::target_csv::tulis_csv(
            &crate::simpan::target::semua(self.db()).await?,
        ))
    }

    pub async fn halaman_batas(&self, galat: Option<&str>) -> Result<HalamanBatas> {
        let (_, demo) = self.db().revisi().await?;
        Ok(HalamanBatas {
            demo,
            terpasang: crate::simpan::batas::daftar(self.db())
                .await?
                .into_iter()
                .map(|b| BatasTerpasang {
                    tingkat: b.tingkat,
                    nama_berkas: b.nama_berkas,
                    sha256: b.sha256,
                    jumlah_wilayah: b.jumlah_wilayah,
                    dipasang: format!("{} oleh {}", waktu_wib(b.dipasang_pada), b.dipasang_oleh),
                })
                .collect(),
            galat: self.pesan(galat).await?,
        })
    }

    /// Installs a configured boundary file at start-up unless the same file
    /// (by hash) is installed already; `None` when it was.
    pub async fn pasang_batas_baru(
        &self,
        nama_berkas: &str,
        isi: &[u8],
        oleh: &str,
        pelaku: &Pelaku,
    ) -> Result<Option<(crate::inti::batas::Tingkat, usize)>> {
        let hash = crate::inti::sandi::sha256_hex(isi);
        let terpasang = crate::simpan::batas::daftar(self.db()).await?;
        if terpasang.iter().any(|b| b.sha256 == hash) {
            return Ok(None);
        }
        self.pasang_batas(nama_berkas, isi, oleh, pelaku)
            .await
            .map(Some)
    }

    /// Installs a boundary file (see [`crate::simpan::batas::pasang`]).
    pub async fn pasang_batas(
        &self,
        nama_berkas: &str,
        isi: &[u8],
        oleh: &str,
        pelaku: &Pelaku,
    ) -> Result<(crate::inti::batas::Tingkat, usize)> {
        let oleh = oleh.trim();
        if oleh.is_empty() {
            return Err(DataError::Invalid("Nama pemasang wajib diisi.".into()));
        }
        let batas = crate::berkas::batas::baca(isi, nama_berkas, self.wilayah())
            .map_err(|e| DataError::Invalid(e.join("\n")))?;
        crate::simpan::batas::pasang(
            self.db(),
            &batas,
            nama_berkas,
            isi,
            oleh,
            Utc::now(),
            pelaku,
        )
        .await?;
        Ok((batas.tingkat, batas.area.len()))
    }
}
