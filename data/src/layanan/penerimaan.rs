//! Reports coming in and going out, as the web layer asks for them: the
//! monthly form, uploads (preview, then commit), templates and exports.
//! Each operation checks with [`crate::validasi`] and stores through
//! [`crate::laporan`]; nothing here writes SQL of its own.

use crate::berkas::impor::Batas;
use crate::berkas::impor::Konteks;
use crate::berkas::impor::Opsi;
use crate::error::DataError;
use crate::error::Result;
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::laporan::Laporan;
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::laporan::Pengiriman;
use crate::inti::laporan::Unggahan;
use crate::inti::waktu::wib;
use crate::layanan::Pantau;
use chrono::DateTime;
use chrono::Datelike;
use chrono::Utc;
use model::Periode;
use model::format::angka;
use model::format::desimal;
use model::format::tanggal;
use model::isian::BIDANG;
use model::view::CatatanIsian;
use model::view::FormulirLaporan;
use model::view::HalamanUnggah;
use model::view::PratinjauUnggahan;
use model::view::TemuanBerkas;
use model::view::UnggahanTersimpan;
use serde::Deserialize;
use serde::Serialize;
use std::collections::HashMap;

const JENIS_DRAF: &str = "formulir";

const JENIS_BERKAS: &str = "unggahan";

/// The kind under which one account's sent-back forms are kept: a draft
/// shows only to the account that typed it.
fn jenis_draf(pemilik: &str) -> String {
    format!("{JENIS_DRAF}:{pemilik}")
}

/// Why an upload was not kept (the account's or the server's quota).
pub use crate::simpan::sementara::Penuh;

/// The kind under which one account's pending uploads are kept.
fn jenis_berkas(pemilik: &str) -> String {
    format!("{JENIS_BERKAS}:{pemilik}")
}

/// What a person sent with the monthly form.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct KirimanFormulir {
    pub kelurahan_code: String,
    pub periode: String,
    /// Field code → text as typed.
    pub isian: HashMap<String, String>,
    pub pelapor: String,
    pub alasan: String,
    /// The version the form showed when it was opened (0: none stored),
    /// from its hidden field; None when not sent (API clients). A form
    /// based on a version that is no longer current comes back with what
    /// was typed instead of silently replacing another person's correction.
    #[serde(default)]
    pub dasar: Option<i64>,
}

/// A form that came back: what was typed and what is wrong with it.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Draf {
    kiriman: KirimanFormulir,
    galat: Vec<CatatanIsian>,
    peringatan: Vec<CatatanIsian>,
}

/// What became of a form.
#[derive(Clone, Debug, PartialEq)]
pub enum HasilKirim {
    /// Stored as this version.
    Tersimpan { versi: i64 },
    /// Identical to the stored version: nothing stored.
    TidakBerubah { versi: i64 },
    /// Not stored: the form comes back under this draft token.
    Kembali { token: String },
}

/// The current month in Palembang.
pub fn bulan_ini(now: DateTime<Utc>) -> Periode {
    let t = now.with_timezone(&wib());
    Periode::new(t.year(), t.month()).unwrap_or_else(|| Periode::new(2100, 12).expect("valid"))
}

fn ukuran(n: i64) -> String {
    if n < 1024 * 1024 {
        format!("{} KB", desimal(n as f64 / 1024.0, 1))
    } else {
        format!("{} MB", desimal(n as f64 / (1024.0 * 1024.0), 1))
    }
}

fn catatan(kolom: &str, pesan: impl Into<String>) -> CatatanIsian {
    CatatanIsian {
        kolom: kolom.to_string(),
        pesan: pesan.into(),
    }
}

fn unggahan_view(u: &Unggahan) -> UnggahanTersimpan {
    UnggahanTersimpan {
        id: u.id,
        nama_berkas: u.nama_berkas.clone(),
        sha256: u.sha256.clone(),
        ukuran: ukuran(u.ukuran),
        jumlah_laporan: u.jumlah_laporan,
        diunggah: crate::inti::waktu::waktu_wib(u.diunggah_pada),
        diunggah_oleh: u.diunggah_oleh.clone(),
    }
}

impl Pantau {
    fn kelurahan_ada(&self, code: &str) -> Result<()> {
        match self.wilayah().kelurahan(code) {
            Some(_) => Ok(()),
            None => Err(DataError::NotFound(format!(
                "KKMP dengan kode kelurahan '{code}' tidak ada di Kota Palembang."
            ))),
        }
    }

    /// The form of one KKMP and month: the stored version of that month
    /// (a correction), else the KKMP's latest earlier report, else empty;
    /// or, with `draf`, what was typed and what is wrong with it.
    pub async fn formulir(
        &self,
        kelurahan_code: &str,
        periode: Periode,
        draf: Option<&str>,
        pemilik: &str,
    ) -> Result<FormulirLaporan> {
        self.kelurahan_ada(kelurahan_code)?;
        let now = Utc::now();
        if periode >= bulan_ini(now) {
            return Err(DataError::Invalid(format!(
                "{}.",
                crate::inti::validasi::pesan_belum_berakhir(periode, bulan_ini(now))
            )));
        }
        let kel = self
            .wilayah()
            .kelurahan(kelurahan_code)
            .cloned()
            .ok_or_else(|| DataError::NotFound(kelurahan_code.to_string()))?;
        let kec = self
            .wilayah()
            .kecamatan(&kel.kecamatan_code)
            .cloned()
            .ok_or_else(|| {
                DataError::Internal(format!("kelurahan {} tanpa kecamatan", kel.code))
            })?;
        let versions = crate::simpan::laporan::semua_versi(self.db(), kelurahan_code).await?;
        // Newest month first, newest version first: the first of a month is current.
        let stored = versions.iter().find(|v| v.isi.periode == periode);
        let before = versions.iter().find(|v| v.isi.periode < periode);
        let (_, demo) = self.db().revisi().await?;
        let mut form = FormulirLaporan {
            demo,
            kelurahan_code: kel.code.clone(),
            kelurahan_nama: kel.nama.clone(),
            kecamatan_code: kec.code.clone(),
            kecamatan_nama: kec.nama.clone(),
            kkmp_nama: kel.kkmp_nama.clone(),
            periode,
            batas: {
                let b = crate::inti::waktu::batas_waktu(periode, self.hari_batas())
                    .with_timezone(&wib());
                tanggal(b.year(), b.month(), b.day())
            },
            versi_tersimpan: stored.map(|s| s.versi),
            sumber_isian: String::new(),
            isian: Vec::new(),
            pelapor: String::new(),
            alasan: String::new(),
            galat: Vec::new(),
            peringatan: Vec::new(),
        };
        let from_report = |l: &Laporan| -> Vec<(String, String)> {
            BIDANG
                .iter()
                .map(|b| (b.code.to_string(), crate::inti::isian::teks(l, b)))
                .collect()
        };
        let draf = match draf {
            Some(token) => crate::simpan::sementara::ambil(self.db(), &jenis_draf(pemilik), token)
                .await?
                .and_then(|(_, bytes)| serde_json::from_slice::<Draf>(&bytes).ok())
                .filter(|d| {
                    d.kiriman.kelurahan_code == kelurahan_code
                        && d.kiriman.periode == periode.to_string()
                }),
            None => None,
        };
        if let Some(d) = draf {
            form.sumber_isian = "Isian yang Anda kirim (belum tersimpan)".into();
            form.isian = BIDANG
                .iter()
                .map(|b| {
                    let v = d.kiriman.isian.get(b.code).cloned().unwrap_or_default();
                    (b.code.to_string(), v)
                })
                .collect();
            form.pelapor = d.kiriman.pelapor;
            form.alasan = d.kiriman.alasan;
            form.galat = d.galat;
            form.peringatan = d.peringatan;
        } else if let Some(s) = stored {
            form.sumber_isian = format!(
                "Laporan {} versi {} yang tersimpan; mengirim formulir ini menyimpan perbaikan (versi {})",
                periode.label(),
                s.versi,
                s.versi + 1
            );
            form.isian = from_report(&s.isi);
        } else if let Some(b) = before {
            form.sumber_isian = format!(
                "Laporan {} (bulan terakhir yang tersimpan); ubah yang berubah bulan ini",
                b.isi.periode.label()
            );
            form.isian = from_report(&b.isi);
        } else {
            form.sumber_isian = "Belum ada laporan sebelumnya: formulir kosong".into();
            form.isian = from_report(&crate::inti::isian::kosong(kelurahan_code, periode));
        }
        Ok(form)
    }

    /// Checks and stores a form: hard errors send it back with a message at
    /// each field; soft warnings send it back until a reason is written; a
    /// correction needs a reason; an unchanged report stores nothing.
    pub async fn kirim_formulir(
        &self,
        k: KirimanFormulir,
        pelaku: &crate::inti::jejak::Pelaku,
    ) -> Result<HasilKirim> {
        self.kelurahan_ada(&k.kelurahan_code)?;
        let periode = Periode::parse(&k.periode).map_err(|e| DataError::Invalid(e.to_string()))?;
        let now = Utc::now();
        let mut galat = Vec::new();
        let pelapor = k.pelapor.trim();
        let alasan = k.alasan.trim();
        if pelapor.is_empty() {
            galat.push(catatan("pelapor", "Nama pengirim wajib diisi"));
        }
        let parsed = crate::inti::isian::baca(&k.kelurahan_code, periode, |c| {
            k.isian.get(c).map(String::as_str)
        });
        let terkini =
            crate::simpan::laporan::terkini_sekitar(self.db(), &k.kelurahan_code, periode).await?;
        let stored = terkini
            .iter()
            .find(|r| r.isi.kelurahan_code == k.kelurahan_code && r.isi.periode == periode);
        let keadaan =
            crate::simpan::persetujuan::keadaan(self.db(), &k.kelurahan_code, periode).await?;
        if keadaan.is_some_and(|s| s.status == model::status::Persetujuan::Diterima) {
            galat.push(catatan(
                "alasan",
                crate::inti::laporan::pesan_terkunci(&k.kelurahan_code, &periode.to_string()),
            ));
        }
        let mut peringatan = Vec::new();
        match &parsed {
            Err(errors) => {
                // The form shows each message at its field, under its label:
                // the message itself need not repeat the label.
                galat.extend(errors.iter().map(|m| {
                    let pesan = m
                        .pesan
                        .split_once(": ")
                        .map_or(m.pesan.as_str(), |(_, p)| p);
                    catatan(m.kolom, pesan)
                }));
            }
            Ok(l) => {
                for m in crate::inti::validasi::periksa(l, self.wilayah(), bulan_ini(now)) {
                    galat.push(catatan(m.kolom, m.pesan));
                }
                if let Some(s) = stored
                    && s.isi == *l
                    && galat.is_empty()
                {
                    return Ok(HasilKirim::TidakBerubah { versi: s.versi });
                }
                let kini = stored.map_or(0, |s| s.versi);
                if k.dasar.is_some_and(|d| d != kini) {
                    galat.push(catatan(
                        "alasan",
                        crate::inti::laporan::pesan_diubah(
                            &k.kelurahan_code,
                            &periode.to_string(),
                            kini,
                        ),
                    ));
                }
                if let Some(s) = stored
                    && alasan.is_empty()
                {
                    galat.push(catatan(
                        "alasan",
                        format!(
                            "Laporan {} sudah tersimpan (versi {}): tulis alasan perbaikan",
                            periode.label(),
                            s.versi
                        ),
                    ));
                }
                let riwayat: Vec<Laporan> = terkini
                    .iter()
                    .filter(|r| r.isi.kelurahan_code == k.kelurahan_code)
                    .map(|r| r.isi.clone())
                    .collect();
                let sebulan: Vec<Laporan> = terkini
                    .iter()
                    .filter(|r| {
                        r.isi.periode == periode && r.isi.kelurahan_code != k.kelurahan_code
                    })
                    .map(|r| r.isi.clone())
                    .collect();
                // Operators and lurah see no other KKMP's figures or names.
                let sejawat_terlihat = !matches!(
                    model::akun::Peran::from_code(&pelaku.peran),
                    Some(model::akun::Peran::Operator | model::akun::Peran::Lurah)
                );
                peringatan =
                    crate::inti::validasi::peringatan(l, &riwayat, &sebulan, sejawat_terlihat)
                        .into_iter()
                        .map(|m| catatan(m.kolom, m.pesan))
                        .collect();
            }
        }
        let perlu_alasan = !peringatan.is_empty() && alasan.is_empty();
        if perlu_alasan && galat.is_empty() {
            galat.push(catatan(
                "alasan",
                "Ada peringatan di bawah: periksa angkanya, lalu tulis alasan bila angka itu benar",
            ));
        }
        if let Ok(l) = parsed
            && galat.is_empty()
        {
            let kirim = Pengiriman {
                dikirim_pada: now,
                dikirim_oleh: pelapor.to_string(),
                sumber: "formulir".into(),
                alasan: (!alasan.is_empty()).then(|| alasan.to_string()),
                peringatan: peringatan
                    .iter()
                    .map(|c| c.pesan.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                unggahan_id: None,
            };
            let versi = stored.map_or(1, |s| s.versi + 1);
            let mut entri = crate::inti::jejak::Entri::baru(
                "laporan.kirim",
                format!("laporan/{}/{periode}/v{versi}", l.kelurahan_code),
            )
            .sesudah(&crate::inti::isian::isian_teks(&l))
            .alasan(alasan);
            if let Some(s) = stored {
                entri = entri.sebelum(&crate::inti::isian::isian_teks(&s.isi));
            }
            // The version is decided inside the transaction against
            // the one this check saw (a double submit stores once).
            match crate::simpan::laporan::simpan_satu(
                self.db(),
                l,
                kirim,
                stored.map(|s| s.versi),
                (pelaku, &entri),
            )
            .await
            {
                Ok(crate::simpan::laporan::Satu::Tersimpan { versi }) => {
                    return Ok(HasilKirim::Tersimpan { versi });
                }
                Ok(crate::simpan::laporan::Satu::Sama { versi }) => {
                    return Ok(HasilKirim::TidakBerubah { versi });
                }
                // Another version was stored, or the month accepted,
                // between this check and the write (the lurah and the
                // operator on one month, a Dinas recap): back to the form
                // with everything typed and why, not an error page.
                Err(DataError::Invalid(pesan)) => galat.push(catatan("alasan", pesan)),
                Err(e) => return Err(e),
            }
        }
        let draf = Draf {
            kiriman: k,
            galat,
            peringatan,
        };
        let json = serde_json::to_vec(&draf).map_err(|e| DataError::Internal(e.to_string()))?;
        let token =
            crate::simpan::sementara::simpan(self.db(), &jenis_draf(&pelaku.pengguna), "", &json)
                .await?;
        Ok(HasilKirim::Kembali { token })
    }

    /// Keeps an uploaded file until it is confirmed; returns its token.
    /// Only the account that uploaded it (`pemilik`, its user name) can see
    /// or store it.
    /// An account keeps a bounded number of pending uploads
    /// ([`crate::simpan::sementara::simpan_berkas`]); past it, nothing is
    /// stored and the answer says why.
    pub async fn unggah(
        &self,
        nama_berkas: &str,
        isi: &[u8],
        pemilik: &str,
    ) -> Result<std::result::Result<String, Penuh>> {
        crate::simpan::sementara::simpan_berkas(self.db(), &jenis_berkas(pemilik), nama_berkas, isi)
            .await
    }

    async fn berkas(&self, token: &str, pemilik: &str) -> Result<(String, Vec<u8>)> {
        let jenis = jenis_berkas(pemilik);
        if let Some(b) = crate::simpan::sementara::ambil(self.db(), &jenis, token).await? {
            return Ok(b);
        }
        // Stored already (a second click on "Simpan", another tab).
        if let Some(sha) = crate::simpan::sementara::tersimpan(self.db(), &jenis, token).await?
            && let Some(u) = crate::simpan::laporan::unggahan_dengan_hash(self.db(), &sha).await?
        {
            return Err(DataError::Invalid(format!(
                "Berkas \"{}\" sudah disimpan pada {} oleh {} ({} laporan). Tidak ada yang dibuat lagi; lihat daftar unggahan terakhir.",
                u.nama_berkas,
                crate::inti::waktu::waktu_wib(u.diunggah_pada),
                u.diunggah_oleh,
                angka(u.jumlah_laporan)
            )));
        }
        Err(DataError::NotFound(
            "Berkas unggahan ini tidak ditemukan atau sudah kedaluwarsa (24 jam). Unggah lagi."
                .into(),
        ))
    }

    /// Reads a pending upload ([`crate::layanan::pembaca`]). A file that
    /// cannot be read at all is deleted: the answer says why, once, and the
    /// next visit does not read it again.
    async fn baca_berkas(
        &self,
        token: &str,
        pemilik: &str,
        nama: &str,
        isi: &[u8],
    ) -> Result<crate::berkas::impor::Terbaca> {
        let terbaca = self.pembaca.baca(isi, nama, Batas::default()).await;
        if terbaca.ditolak() {
            crate::simpan::sementara::hapus(self.db(), &jenis_berkas(pemilik), token).await?;
        }
        Ok(terbaca)
    }

    fn pratinjau_view(
        &self,
        token: &str,
        p: &crate::berkas::impor::Pratinjau,
        demo: bool,
    ) -> PratinjauUnggahan {
        let temuan = |t: &crate::berkas::impor::Temuan| TemuanBerkas {
            lokasi: t.lokasi(),
            pesan: t.pesan.clone(),
        };
        PratinjauUnggahan {
            demo,
            token: token.to_string(),
            nama_berkas: p.nama_berkas.clone(),
            ukuran: ukuran(p.ukuran as i64),
            format: p.format.map(str::to_string),
            lembar: p.lembar.clone(),
            sha256: p.sha256.clone(),
            baris_data: p.baris_data,
            baru: p.baru,
            perbaikan: p.perbaikan,
            sama: p.sama,
            kelurahan: p.kelurahan,
            periode: p.periode.clone(),
            galat: p.galat.iter().map(temuan).collect(),
            jumlah_galat: p.jumlah_galat,
            peringatan: p.peringatan.iter().map(temuan).collect(),
            jumlah_peringatan: p.jumlah_peringatan,
            perlu_alasan: p.perlu_alasan,
            sudah_diunggah: p.sudah_diunggah.as_ref().map(|u| {
                format!(
                    "Berkas yang sama persis (SHA-256 sama) sudah disimpan pada {} oleh {} sebagai \"{}\" ({} laporan). Tidak ada yang akan dibuat lagi.",
                    crate::inti::waktu::waktu_wib(u.diunggah_pada),
                    u.diunggah_oleh,
                    u.nama_berkas,
                    angka(u.jumlah_laporan)
                )
            }),
            layak: p.layak(),
        }
    }

    /// What storing the uploaded file would do, checked against the data
    /// stored now.
    pub async fn pratinjau_unggahan(
        &self,
        token: &str,
        cakupan: Option<String>,
        pemilik: &str,
    ) -> Result<PratinjauUnggahan> {
        let (nama, isi) = self.berkas(token, pemilik).await?;
        let terbaca = self.baca_berkas(token, pemilik, &nama, &isi).await?;
        let terkini = crate::simpan::laporan::terkini(self.db(), true).await?;
        let terkunci = self.terkunci().await?;
        let (_, demo) = self.db().revisi().await?;
        let now = Utc::now();
        let wilayah = self.wilayah_arc();
        let mut p = crate::layanan::blocking(move || -> Result<crate::berkas::impor::Pratinjau> {
            let konteks = Konteks {
                wilayah: &wilayah,
                terkini: &terkini,
            };
            let opsi = Opsi {
                oleh: "",
                alasan_umum: None,
                bulan_ini: bulan_ini(now),
                sekarang: now,
                cakupan: cakupan.as_deref(),
                terkunci: &terkunci,
            };
            Ok(crate::berkas::impor::pratinjau(
                &isi,
                &terbaca,
                &nama,
                &konteks,
                &opsi,
                Batas::default(),
            ))
        })
        .await?;
        p.sudah_diunggah =
            crate::simpan::laporan::unggahan_dengan_hash(self.db(), &p.sha256).await?;
        Ok(self.pratinjau_view(token, &p, demo))
    }

    /// Stores the uploaded file's reports, all or nothing. `Ok(Err(view))`
    /// when something blocks: nothing was stored and the preview says why.
    pub async fn simpan_unggahan(
        &self,
        token: &str,
        oleh: &str,
        alasan: &str,
        cakupan: Option<&str>,
        pelaku: &crate::inti::jejak::Pelaku,
    ) -> Result<std::result::Result<i64, PratinjauUnggahan>> {
        let (nama, isi) = self.berkas(token, &pelaku.pengguna).await?;
        let terbaca = self
            .baca_berkas(token, &pelaku.pengguna, &nama, &isi)
            .await?;
        let oleh = oleh.trim();
        if oleh.is_empty() {
            return Err(DataError::Invalid(
                "Nama pengunggah wajib diisi sebelum menyimpan.".into(),
            ));
        }
        let terkini: Vec<LaporanTersimpan> =
            crate::simpan::laporan::terkini(self.db(), true).await?;
        let terkunci = self.terkunci().await?;
        let (_, demo) = self.db().revisi().await?;
        let now = Utc::now();
        let alasan = alasan.trim();
        let konteks = Konteks {
            wilayah: self.wilayah(),
            terkini: &terkini,
        };
        let opsi = Opsi {
            oleh,
            alasan_umum: (!alasan.is_empty()).then_some(alasan),
            bulan_ini: bulan_ini(now),
            sekarang: now,
            cakupan,
            terkunci: &terkunci,
        };
        match crate::layanan::impor::simpan(
            self.db(),
            crate::layanan::impor::BerkasMasuk {
                bytes: &isi,
                nama: &nama,
                terbaca: &terbaca,
            },
            &konteks,
            &opsi,
            Batas::default(),
            pelaku,
        )
        .await?
        {
            crate::berkas::impor::HasilUnggah::Tersimpan {
                unggahan_id,
                pratinjau,
            } => {
                // The pending file is stored: it no longer counts against
                // the account's five pending uploads.
                crate::simpan::sementara::tandai_tersimpan(
                    self.db(),
                    &jenis_berkas(&pelaku.pengguna),
                    token,
                    &pratinjau.sha256,
                )
                .await?;
                Ok(Ok(unggahan_id))
            }
            crate::berkas::impor::HasilUnggah::Ditolak(p) => {
                Ok(Err(self.pratinjau_view(token, &p, demo)))
            }
        }
    }

    /// The upload page: months for templates, recent uploads, and the one
    /// just stored.
    pub async fn halaman_unggah(&self, tersimpan: Option<i64>) -> Result<HalamanUnggah> {
        let (_, demo) = self.db().revisi().await?;
        let now = bulan_ini(Utc::now());
        // Months that have ended: a month is reported after it ends.
        let periode: Vec<Periode> = (1..13)
            .filter_map(|i| Periode::from_index(now.index() - i))
            .collect();
        let terakhir = crate::simpan::laporan::daftar_unggahan(self.db(), 10)
            .await?
            .iter()
            .map(unggahan_view)
            .collect();
        let tersimpan = match tersimpan {
            Some(id) => crate::simpan::laporan::unggahan(self.db(), id)
                .await?
                .map(|u| unggahan_view(&u)),
            None => None,
        };
        Ok(HalamanUnggah {
            demo,
            periode,
            terakhir,
            tersimpan,
            kelurahan: None,
        })
    }

    /// The XLSX template for `periode`: one KKMP's, or the city recap with
    /// all 107. Field cells are prefilled with each KKMP's latest report up
    /// to that month.
    /// The download is written to the audit trail first.
    pub async fn templat(
        &self,
        kelurahan_code: Option<&str>,
        periode: Periode,
        pelaku: &Pelaku,
    ) -> Result<Vec<u8>> {
        // A template carries each KKMP's latest figures: an export like any other.
        let objek = format!(
            "templat/{periode}.xlsx?kelurahan={}",
            kelurahan_code.unwrap_or("kota")
        );
        self.catat_unduhan(pelaku, &Entri::baru("ekspor", objek))
            .await?;
        if let Some(code) = kelurahan_code {
            self.kelurahan_ada(code)?;
        }
        let terkini = crate::simpan::laporan::terkini(self.db(), true).await?;
        let mut latest: HashMap<&str, &Laporan> = HashMap::new();
        for r in terkini.iter().filter(|r| r.isi.periode <= periode) {
            // Rows come ordered by KKMP and month: the last one wins.
            latest.insert(r.isi.kelurahan_code.as_str(), &r.isi);
        }
        let rows: Vec<(&str, Option<&Laporan>)> = self
            .wilayah()
            .kelurahan
            .iter()
            .filter(|k| kelurahan_code.is_none_or(|c| c == k.code))
            .map(|k| (k.code.as_str(), latest.get(k.code.as_str()).copied()))
            .collect();
        crate::berkas::ekspor::templat(self.wilayah(), periode, &rows)
    }

    /// Months accepted and locked: (kelurahan code, month).
    async fn terkunci(&self) -> Result<std::collections::HashSet<(String, Periode)>> {
        Ok(crate::simpan::persetujuan::dalam_status(
            self.db(),
            &[model::status::Persetujuan::Diterima],
            None,
        )
        .await?
        .into_iter()
        .filter_map(|k| Some((k.kelurahan_code, Periode::parse(&k.periode).ok()?)))
        .collect())
    }

    /// The current accepted version of every report (of one month, or all;
    /// with `semua` the latest version, accepted or not), as CSV or XLSX;
    /// within `cakupan` (a kecamatan or kelurahan code) when given. The
    /// download is written to the audit trail first.
    pub async fn ekspor(
        &self,
        periode: Option<Periode>,
        xlsx: bool,
        cakupan: Option<&str>,
        semua: bool,
        pelaku: &Pelaku,
    ) -> Result<Vec<u8>> {
        let objek = format!(
            "ekspor/laporan.{}?bulan={}&cakupan={}&status={}",
            if xlsx { "xlsx" } else { "csv" },
            periode.map_or("semua".to_string(), |p| p.to_string()),
            cakupan.unwrap_or("kota"),
            if semua { "semua" } else { "diterima" }
        );
        self.catat_unduhan(pelaku, &Entri::baru("ekspor", objek))
            .await?;
        let rows: Vec<LaporanTersimpan> = crate::simpan::laporan::terkini(self.db(), semua)
            .await?
            .into_iter()
            .filter(|r| periode.is_none_or(|p| r.isi.periode == p))
            .filter(|r| {
                cakupan.is_none_or(|c| {
                    r.isi.kelurahan_code == c || r.isi.kelurahan_code.starts_with(&format!("{c}."))
                })
            })
            .collect();
        if !xlsx {
            return crate::berkas::ekspor::csv_laporan(&rows, self.wilayah());
        }
        let (revisi, demo) = self.db().revisi().await?;
        let mut meta = vec![
            (
                "Judul",
                "Laporan bulanan KKMP Kota Palembang (versi terkini)".to_string(),
            ),
            (
                "Sumber",
                "Pantau KKMP, Pemerintah Kota Palembang".to_string(),
            ),
            (
                "Periode",
                periode.map_or("semua bulan".to_string(), |p| p.label()),
            ),
            ("Waktu ekspor", crate::inti::waktu::waktu_wib(Utc::now())),
            (
                "Status laporan",
                if semua {
                    "versi terkini, termasuk yang menunggu verifikasi".to_string()
                } else {
                    "versi terkini yang sudah diterima Dinas Koperasi".to_string()
                },
            ),
            ("Revisi data", revisi.to_string()),
            ("Jumlah baris", angka(rows.len() as i64)),
            (
                "Versi definisi",
                model::indikator::VERSI_DEFINISI.to_string(),
            ),
            (
                "Kode wilayah",
                "Kode Kemendagri (Permendagri 72/2019 dan perubahannya)".to_string(),
            ),
        ];
        if demo {
            meta.push((
                "PERHATIAN",
                "DATA CONTOH, bukan data sebenarnya".to_string(),
            ));
        }
        crate::berkas::ekspor::xlsx_laporan(&rows, self.wilayah(), &meta)
    }
}
