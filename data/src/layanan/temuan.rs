//! The Inspektorat's findings register: opening a finding, its steps
//! (follow-ups with evidence, closing, reopening), the `/temuan` pages,
//! the overdue findings the meeting room shows, and the findings the
//! evidence package carries.

use crate::error::{DataError, Result};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::temuan::{BarisLangkah, BarisTemuan, TemuanBaru, periksa, status};
use crate::layanan::{Pantau, blocking};
use chrono::{NaiveDate, SecondsFormat, Utc};
use model::temuan::{
    HalamanTemuan, LANGKAH_BUKA, LANGKAH_TINDAK, LANGKAH_TUTUP, LangkahTemuan, StatusTemuan,
    Temuan, label_sumber,
};

impl Pantau {
    /// "Kelurahan Sukodadi (Sukarami)", "Kecamatan Sukarami" or "Kota".
    pub(crate) fn nama_wilayah(&self, code: &str) -> String {
        if code.is_empty() {
            return "Kota Palembang".into();
        }
        if let Some(k) = self.wilayah().kelurahan(code) {
            return format!(
                "Kelurahan {} ({})",
                k.nama,
                self.nama_kecamatan(&k.kecamatan_code)
            );
        }
        format!("Kecamatan {}", self.nama_kecamatan(code))
    }

    fn wilayah_ada(&self, code: &str) -> bool {
        self.wilayah().kecamatan(code).is_some() || self.wilayah().kelurahan(code).is_some()
    }

    /// Opens a finding (the caller checked it is the Inspektorat's).
    pub async fn buka_temuan(&self, t: &TemuanBaru, pelaku: &Pelaku) -> Result<i64> {
        let t = periksa(t, |c| self.wilayah_ada(c), crate::inti::waktu::hari_ini())
            .map_err(|g| DataError::Invalid(g.join("\n")))?;
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru(
            "temuan.buka",
            format!("temuan:{}", crate::inti::teks::potong(&t.judul, 60)),
        )
        .sesudah(&t);
        crate::simpan::temuan::buka(self.db(), &t, &pada, pelaku, &entri).await
    }

    /// The area finding `id` is about (for the caller's scope check).
    pub async fn wilayah_temuan(&self, id: i64) -> Result<String> {
        crate::simpan::temuan::wilayah(self.db(), id)
            .await?
            .ok_or_else(|| DataError::NotFound(format!("Temuan #{id} tidak ada.")))
    }

    /// Adds a step (`tindak_lanjut`, `ditutup`, `dibuka_lagi`) with an
    /// optional evidence file (name, bytes); the caller checked the role.
    pub async fn langkah_temuan(
        &self,
        id: i64,
        jenis: &str,
        uraian: &str,
        berkas: Option<(String, Vec<u8>)>,
        pelaku: &Pelaku,
    ) -> Result<i64> {
        let mut galat = Vec::new();
        if ![LANGKAH_TINDAK, LANGKAH_TUTUP, LANGKAH_BUKA].contains(&jenis) {
            galat.push("Langkah: pilih tindak lanjut, tutup, atau buka lagi.".to_string());
        }
        let uraian = uraian.trim().to_string();
        if uraian.is_empty() || uraian.chars().count() > 4000 {
            galat.push(
                "Uraian: wajib diisi (apa yang dilakukan, atau alasan menutup/membuka lagi), paling banyak 4.000 karakter."
                    .into(),
            );
        }
        let berkas = match berkas {
            Some((nama, isi)) => {
                let hasil = blocking(move || {
                    let b = crate::berkas::foto::periksa_bukti(&nama, &isi);
                    Ok::<_, DataError>((b, isi))
                })
                .await?;
                match hasil {
                    (Ok(b), isi) => Some((b, isi)),
                    (Err(m), _) => {
                        galat.push(m);
                        None
                    }
                }
            }
            None => None,
        };
        if jenis == LANGKAH_TINDAK && berkas.is_none() && galat.is_empty() {
            galat.push(
                "Bukti: lampirkan bukti tindak lanjut (PDF, JPEG atau PNG): surat, berita acara, foto."
                    .into(),
            );
        }
        if !galat.is_empty() {
            return Err(DataError::Invalid(galat.join("\n")));
        }
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru(&format!("temuan.{jenis}"), format!("temuan:{id}")).sesudah(
            &serde_json::json!({
                "uraian": uraian,
                "berkas": berkas.as_ref().map(|(b, isi)| serde_json::json!({
                    "nama": b.nama, "jenis": b.jenis, "ukuran": isi.len(), "sha256": b.sha256,
                })),
            }),
        );
        crate::simpan::temuan::langkah(
            self.db(),
            id,
            jenis,
            &uraian,
            berkas.as_ref().map(|(b, isi)| (b, isi.as_slice())),
            &pada,
            pelaku,
            &entri,
        )
        .await
    }

    fn lihat_temuan(
        &self,
        t: &BarisTemuan,
        langkah: &[BarisLangkah],
        hari_ini: NaiveDate,
    ) -> Temuan {
        let milik: Vec<&BarisLangkah> = langkah.iter().filter(|l| l.temuan_id == t.id).collect();
        let s = status(milik.iter().map(|l| l.jenis.as_str()));
        let waktu = crate::inti::waktu::waktu_teks;
        Temuan {
            id: t.id,
            judul: t.judul.clone(),
            uraian: t.uraian.clone(),
            rekomendasi: t.rekomendasi.clone(),
            penanggung_jawab: t.penanggung_jawab.clone(),
            wilayah: self.nama_wilayah(&t.wilayah_code),
            wilayah_code: t.wilayah_code.clone(),
            sumber: t.sumber.clone(),
            sumber_label: label_sumber(&t.sumber).to_string(),
            sumber_ref: t.sumber_ref.clone(),
            tenggat: model::format::tanggal_iso(&t.tenggat),
            tenggat_iso: t.tenggat.clone(),
            status: s,
            lewat: s != StatusTemuan::Ditutup
                && NaiveDate::parse_from_str(&t.tenggat, "%Y-%m-%d").is_ok_and(|d| d < hari_ini),
            dibuka_oleh: t.dibuka_oleh.clone(),
            dibuka_pada: waktu(&t.dibuka_pada),
            langkah: milik
                .iter()
                .map(|l| LangkahTemuan {
                    id: l.id,
                    jenis: l.jenis.clone(),
                    uraian: l.uraian.clone(),
                    oleh: l.oleh.clone(),
                    pada: waktu(&l.pada),
                    berkas: l.berkas_nama.clone().map(|n| {
                        (
                            n,
                            l.berkas_jenis.clone().unwrap_or_default(),
                            l.ukuran.unwrap_or(0),
                            l.sha256.clone().unwrap_or_default(),
                        )
                    }),
                })
                .collect(),
        }
    }

    /// Every finding `boleh` lets the reader see, newest first, judged at
    /// `hari_ini`.
    pub async fn daftar_temuan(
        &self,
        hari_ini: NaiveDate,
        boleh: impl Fn(&str) -> bool,
    ) -> Result<Vec<Temuan>> {
        let (t, l) = crate::simpan::temuan::semua(self.db()).await?;
        Ok(t.iter()
            .filter(|t| boleh(&t.wilayah_code))
            .map(|t| self.lihat_temuan(t, &l, hari_ini))
            .collect())
    }

    /// The `/temuan` page.
    pub async fn halaman_temuan(&self, boleh: impl Fn(&str) -> bool) -> Result<HalamanTemuan> {
        let hari_ini = crate::inti::waktu::hari_ini();
        let temuan = self.daftar_temuan(hari_ini, boleh).await?;
        let n = |s: StatusTemuan| temuan.iter().filter(|t| t.status == s).count() as i64;
        let jumlah = (
            n(StatusTemuan::Terbuka),
            n(StatusTemuan::Ditindaklanjuti),
            n(StatusTemuan::Ditutup),
            temuan.iter().filter(|t| t.lewat).count() as i64,
        );
        let mut wilayah = vec![(String::new(), "Kota Palembang".to_string())];
        for k in &self.wilayah().kecamatan {
            wilayah.push((k.code.clone(), format!("Kecamatan {}", k.nama)));
        }
        wilayah.extend(self.pilihan_kkmp().into_iter().map(|(c, _)| {
            let n = self.nama_wilayah(&c);
            (c, n)
        }));
        Ok(HalamanTemuan {
            temuan,
            wilayah,
            hari_ini: hari_ini.to_string(),
            jumlah,
        })
    }

    /// One finding (the caller checks the reader's scope).
    pub async fn temuan(&self, id: i64) -> Result<Temuan> {
        self.daftar_temuan(crate::inti::waktu::hari_ini(), |_| true)
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| DataError::NotFound(format!("Temuan #{id} tidak ada.")))
    }

    /// A step's evidence: (the finding's area, file name, type, bytes).
    pub async fn berkas_temuan(
        &self,
        langkah_id: i64,
    ) -> Result<(String, String, String, Vec<u8>)> {
        crate::simpan::temuan::berkas(self.db(), langkah_id)
            .await?
            .ok_or_else(|| DataError::NotFound(format!("Bukti #{langkah_id} tidak ada.")))
    }
}

/// A demo step: (kind, text, with a berita acara attached).
type LangkahDemo = (&'static str, String, bool);

/// The demo's findings, as the Inspektorat would have opened them after
/// the meeting of `rapat_hari`: one from the first visit that contradicted
/// a report (still open; past its due date once two weeks have gone), one
/// from the second such visit, followed up by the Dinas with a berita
/// acara (PDF), and one from the Inspektorat's own examination, followed
/// up and closed. Written inside the demo load's transaction.
pub(crate) async fn demo(
    p: &Pantau,
    tx: &mut crate::simpan::Tx<'_>,
    rapat_hari: NaiveDate,
    dibantah: &[(i64, String)],
    pelaku: &Pelaku,
) -> Result<()> {
    let sebagai = |pengguna: &str, peran: &str| Pelaku {
        pengguna: pengguna.into(),
        peran: peran.into(),
        alamat: pelaku.alamat.clone(),
    };
    let inspektorat = sebagai("inspektorat", "inspektorat");
    let dinas = sebagai("dinas", "admin");
    let jam = |hari: i64, jam: u32| {
        (rapat_hari + chrono::Duration::days(hari))
            .and_hms_opt(jam, 0, 0)
            .map(|t| t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    let kec_lambat = p
        .wilayah()
        .kecamatan
        .get(3)
        .map(|k| k.code.clone())
        .unwrap_or_default();
    let mut rencana: Vec<(TemuanBaru, Vec<LangkahDemo>)> = Vec::new();
    for (n, (id, kel)) in dibantah.iter().take(2).enumerate() {
        let nama = p.nama_wilayah(kel);
        rencana.push((
            TemuanBaru {
                judul: "Gerai tutup padahal dilaporkan beroperasi".into(),
                uraian: format!(
                    "Kunjungan lapangan #{id} di {nama} tidak melihat gerai buka, stok, atau pengurus, sedangkan laporan bulanan KKMP menyatakan beroperasi."
                ),
                rekomendasi: "Camat memverifikasi ulang bersama lurah, KKMP mengoreksi laporannya, dan Dinas Koperasi mendampingi pembukaan gerai.".into(),
                penanggung_jawab: "Camat dan Dinas Koperasi".into(),
                wilayah_code: kel.clone(),
                sumber: "kunjungan".into(),
                sumber_ref: id.to_string(),
                tenggat: (rapat_hari + chrono::Duration::days(14 + 30 * n as i64)).to_string(),
            },
            if n == 1 {
                vec![(
                    LANGKAH_TINDAK,
                    "Gerai dibuka kembali dan diperiksa bersama lurah; laporan bulan berikutnya dikoreksi. Berita acara terlampir.".into(),
                    true,
                )]
            } else {
                Vec::new()
            },
        ));
    }
    rencana.push((
        TemuanBaru {
            judul: "Laporan bulanan terlambat berulang".into(),
            uraian: format!(
                "Di {} lebih dari separuh KKMP melapor setelah tanggal batas tiga bulan berturut-turut.",
                p.nama_wilayah(&kec_lambat)
            ),
            rekomendasi: "Camat menetapkan petugas pendamping pelaporan di setiap kelurahan.".into(),
            penanggung_jawab: "Camat".into(),
            wilayah_code: kec_lambat,
            sumber: "pemeriksaan".into(),
            sumber_ref: String::new(),
            tenggat: (rapat_hari + chrono::Duration::days(10)).to_string(),
        },
        vec![
            (
                LANGKAH_TINDAK,
                "Petugas pendamping ditetapkan dengan surat keputusan camat; surat terlampir.".into(),
                true,
            ),
            (
                LANGKAH_TUTUP,
                "Laporan dua bulan terakhir masuk tepat waktu; tindak lanjut memadai.".into(),
                false,
            ),
        ],
    ));
    for (hari, (t, langkah)) in rencana.into_iter().enumerate() {
        let entri = Entri::baru(
            "temuan.buka",
            format!("temuan:{}", crate::inti::teks::potong(&t.judul, 60)),
        )
        .sesudah(&t);
        let id = crate::simpan::temuan::buka_dalam(
            tx,
            &t,
            &jam(1, 2 + hari as u32),
            &inspektorat,
            &entri,
        )
        .await?;
        for (k, (jenis, uraian, lampiran)) in langkah.into_iter().enumerate() {
            let oleh = if jenis == LANGKAH_TINDAK {
                &dinas
            } else {
                &inspektorat
            };
            let pada = jam(5 + 3 * k as i64, 3);
            let surat = lampiran.then(|| {
                crate::berkas::paket::pdf_surat(
                    "Berita acara tindak lanjut",
                    &model::format::tanggal_iso(&pada[..10]),
                    &uraian,
                )
            });
            let berkas = match &surat {
                Some(isi) => Some((
                    crate::berkas::foto::periksa_bukti("berita-acara.pdf", isi)
                        .map_err(DataError::Internal)?,
                    isi.as_slice(),
                )),
                None => None,
            };
            let entri = Entri::baru(&format!("temuan.{jenis}"), format!("temuan:{id}"))
                .sesudah(&serde_json::json!({ "uraian": uraian }));
            crate::simpan::temuan::langkah_dalam(
                tx,
                id,
                jenis,
                &uraian,
                berkas.as_ref().map(|(b, isi)| (b, *isi)),
                &pada,
                oleh,
                &entri,
            )
            .await?;
        }
    }
    Ok(())
}
