//! Field verification visits: recording one (form and photos checked
//! whole, then one transaction), the `/verifikasi-lapangan` pages, a
//! photo's bytes, and the evidence grade the dashboards, the briefing and
//! the meeting pack print.

use crate::berkas::foto::FotoDiperiksa;
use crate::error::{DataError, Result};
use crate::inti::batas::Tingkat;
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::lapangan::{
    FotoTersimpan, KunjunganBaru, KunjunganTersimpan, bukti, hasil, jarak_foto, periksa,
    tanda_foto, terlihat_di,
};
use crate::layanan::{Pantau, blocking};
use crate::simpan::lapangan::FotoBaru;
use chrono::{Duration, SecondsFormat, Utc};
use model::Periode;
use model::lapangan::{
    BuktiLapangan, FOTO_MAKS, FotoKunjungan, HalamanLapangan, HasilKunjungan, Kunjungan,
    TONGGAK_LAPANGAN,
};
use model::status::StatusOperasi;
use std::collections::{HashMap, HashSet};

/// Visits one account may record in 24 hours: a day in the field is a
/// handful; a script posting 33 MB forms is stopped here.
pub const KUOTA_KUNJUNGAN_HARIAN: i64 = 30;

/// What the audit entry of a visit records: the fields and each photo's
/// hash, so the trail names the very bytes stored.
#[derive(serde::Serialize)]
struct Jejak<'a> {
    kelurahan_code: &'a str,
    tanggal: String,
    petugas: &'a str,
    temuan: [bool; 4],
    hasil: &'static str,
    laporan: &'a Option<(String, String)>,
    foto: Vec<(&'a str, &'a str, usize)>,
}

/// A visit's audit entry: its fields, its result and each photo's hash,
/// type and size, so the trail names the very bytes stored.
fn entri_kunjungan(
    k: &crate::inti::lapangan::KunjunganSah,
    h: HasilKunjungan,
    pembanding: &Option<(String, String)>,
    foto: &[FotoBaru<'_>],
) -> Entri {
    Entri::baru("kunjungan.catat", format!("kkmp:{}", k.kelurahan_code)).sesudah(&Jejak {
        kelurahan_code: &k.kelurahan_code,
        tanggal: k.tanggal.to_string(),
        petugas: &k.petugas,
        temuan: k.temuan,
        hasil: h.code(),
        laporan: pembanding,
        foto: foto
            .iter()
            .map(|f| (f.periksa.sha256.as_str(), f.periksa.jenis, f.isi.len()))
            .collect(),
    })
}

impl Pantau {
    /// Records a visit with its photos (file name, bytes). Every field and
    /// every photo is checked first, each problem named; nothing is stored
    /// unless all pass.
    pub async fn catat_kunjungan(
        &self,
        k: &KunjunganBaru,
        foto: Vec<(String, Vec<u8>)>,
        pelaku: &Pelaku,
    ) -> Result<i64> {
        let w = self.wilayah_arc();
        let hari_ini = crate::inti::waktu::hari_ini();
        let isian_sah = periksa(k, |c| w.kelurahan(c).is_some(), hari_ini);
        let mut galat = isian_sah.as_ref().err().cloned().unwrap_or_default();
        if foto.is_empty() {
            galat.push(
                "Foto: lampirkan sedikitnya satu foto gerai (JPEG atau PNG) sebagai bukti kunjungan."
                    .into(),
            );
        }
        if foto.len() > FOTO_MAKS {
            galat.push(format!(
                "Foto: paling banyak {FOTO_MAKS} foto per kunjungan; terkirim {}.",
                foto.len()
            ));
        }
        let foto = if foto.len() > FOTO_MAKS {
            Vec::new()
        } else {
            foto
        };
        // The photos' structure off the async threads.
        let (foto, diperiksa) = blocking(move || {
            let hasil: Vec<std::result::Result<FotoDiperiksa, String>> = foto
                .iter()
                .map(|(_, b)| crate::berkas::foto::periksa(b))
                .collect();
            Ok::<_, DataError>((foto, hasil))
        })
        .await?;
        let mut sah = Vec::new();
        for (i, ((nama, _), d)) in foto.iter().zip(diperiksa).enumerate() {
            let nama = crate::inti::teks::potong(nama, 80);
            match d {
                Ok(d) => {
                    if let Some(j) = sah
                        .iter()
                        .position(|x: &FotoDiperiksa| x.sha256 == d.sha256)
                    {
                        galat.push(format!(
                            "Foto {} ({nama}): sama persis dengan foto {}; kirim foto yang berbeda.",
                            i + 1,
                            j + 1
                        ));
                    }
                    sah.push(d);
                }
                Err(m) => galat.push(format!("Foto {} ({nama}): {m}", i + 1)),
            }
        }
        let k = match isian_sah {
            Ok(k) if galat.is_empty() => k,
            _ => return Err(DataError::Invalid(galat.join("\n"))),
        };
        let kel = w.kelurahan(&k.kelurahan_code).expect("checked above");
        // The installed kelurahan boundary, if any.
        let cincin = self.batas_kelurahan(&k.kelurahan_code).await?;
        let foto_baru: Vec<FotoBaru<'_>> = sah
            .into_iter()
            .zip(&foto)
            .map(|(d, (_, isi))| FotoBaru {
                jarak_m: d
                    .lintang
                    .zip(d.bujur)
                    .map(|(la, lo)| jarak_foto(la, lo, (kel.lat, kel.lng), cincin.as_deref())),
                periksa: d,
                isi,
            })
            .collect();
        // The KKMP's own report of the visit's month, or the latest before.
        let bulan = Periode::new(
            chrono::Datelike::year(&k.tanggal),
            chrono::Datelike::month(&k.tanggal),
        )
        .ok_or_else(|| DataError::Internal("visit month".into()))?;
        let pembanding =
            crate::simpan::laporan::terkini_sekitar(self.db(), &k.kelurahan_code, bulan)
                .await?
                .into_iter()
                .filter(|r| r.isi.kelurahan_code == k.kelurahan_code && r.isi.periode <= bulan)
                .max_by_key(|r| r.isi.periode)
                .map(|r| {
                    (
                        r.isi.periode,
                        StatusOperasi::from_units(r.isi.unit_usaha_beroperasi()),
                    )
                });
        let h = hasil(&k.temuan, pembanding.map(|(_, s)| s));
        let pembanding = pembanding.map(|(p, s)| (p.to_string(), s.code().to_string()));
        let entri = entri_kunjungan(&k, h, &pembanding, &foto_baru);
        let sekarang = Utc::now();
        crate::simpan::lapangan::catat(
            self.db(),
            &k,
            &pembanding,
            h,
            &foto_baru,
            &sekarang.to_rfc3339_opts(SecondsFormat::Secs, true),
            &(sekarang - Duration::hours(24)).to_rfc3339_opts(SecondsFormat::Secs, true),
            KUOTA_KUNJUNGAN_HARIAN,
            pelaku,
            &entri,
        )
        .await
    }

    /// The rings of kelurahan `code` from the installed kelurahan-level
    /// boundary file, if one is installed.
    async fn batas_kelurahan(&self, code: &str) -> Result<Option<Vec<Vec<(f64, f64)>>>> {
        for (nama, isi) in crate::simpan::batas::berkas(self.db()).await? {
            let w = self.wilayah_arc();
            let code = code.to_string();
            let cincin = blocking(move || {
                let b = crate::berkas::batas::baca(isi.as_bytes(), &nama, &w).map_err(|e| {
                    DataError::Internal(format!("batas wilayah tersimpan rusak: {}", e.join("; ")))
                })?;
                Ok::<_, DataError>(
                    (b.tingkat == Tingkat::Kelurahan)
                        .then(|| {
                            b.area
                                .into_iter()
                                .find(|a| a.code == code)
                                .map(|a| a.cincin)
                        })
                        .flatten(),
                )
            })
            .await?;
            if cincin.is_some() {
                return Ok(cincin);
            }
        }
        Ok(None)
    }

    fn lihat_kunjungan(
        &self,
        k: &KunjunganTersimpan,
        foto: &[FotoTersimpan],
        dipakai: &HashMap<String, Vec<i64>>,
    ) -> Kunjungan {
        let kel = self.wilayah().kelurahan(&k.kelurahan_code);
        let foto: Vec<FotoKunjungan> = foto
            .iter()
            .filter(|f| f.kunjungan_id == k.id)
            .map(|f| {
                let lain: Vec<i64> = dipakai
                    .get(&f.sha256)
                    .map(|v| v.iter().copied().filter(|x| *x != k.id).collect())
                    .unwrap_or_default();
                FotoKunjungan {
                    id: f.id,
                    jenis: f.jenis.clone(),
                    ukuran: f.ukuran,
                    lebar: f.lebar,
                    tinggi: f.tinggi,
                    sha256: f.sha256.clone(),
                    lintang: f.lintang_e6.map(|x| x as f64 / 1e6),
                    bujur: f.bujur_e6.map(|x| x as f64 / 1e6),
                    waktu: f.waktu_exif.as_deref().map(|w| {
                        let (d, t) = w.split_once(' ').unwrap_or((w, ""));
                        format!("{} {}", model::format::tanggal_iso(d), t)
                    }),
                    jarak_m: f.jarak_m,
                    tanda: tanda_foto(f, &k.tanggal, &lain),
                }
            })
            .collect();
        let laporan = k
            .periode_laporan
            .as_deref()
            .and_then(|p| Periode::parse(p).ok())
            .zip(
                k.status_laporan
                    .as_deref()
                    .and_then(StatusOperasi::from_code)
                    .map(|s| s.label().to_string()),
            );
        Kunjungan {
            id: k.id,
            kelurahan_code: k.kelurahan_code.clone(),
            kkmp_nama: kel.map(|x| x.kkmp_nama.clone()).unwrap_or_default(),
            kecamatan_nama: kel
                .map(|x| self.nama_kecamatan(&x.kecamatan_code))
                .unwrap_or_default(),
            tanggal: model::format::tanggal_iso(&k.tanggal),
            tanggal_iso: k.tanggal.clone(),
            petugas: k.petugas.clone(),
            temuan: TONGGAK_LAPANGAN
                .iter()
                .zip(k.temuan)
                .map(|((kode, _, _), v)| (kode.to_string(), v))
                .collect(),
            catatan: k.catatan.clone(),
            laporan,
            hasil: HasilKunjungan::from_code(&k.hasil).unwrap_or(HasilKunjungan::TanpaLaporan),
            dicatat_oleh: k.dicatat_oleh.clone(),
            dicatat_pada: crate::inti::waktu::waktu_teks(&k.dicatat_pada),
            foto_bertanda: foto.iter().filter(|f| !f.tanda.is_empty()).count(),
            foto,
        }
    }

    async fn kunjungan_dari(&self, rows: &[KunjunganTersimpan]) -> Result<Vec<Kunjungan>> {
        let ids: Vec<i64> = rows.iter().map(|k| k.id).collect();
        let foto = crate::simpan::lapangan::foto(self.db(), &ids).await?;
        let mut dipakai: HashMap<String, Vec<i64>> = HashMap::new();
        for (sha, id) in crate::simpan::lapangan::dipakai_lagi(self.db()).await? {
            dipakai.entry(sha).or_default().push(id);
        }
        Ok(rows
            .iter()
            .map(|k| self.lihat_kunjungan(k, &foto, &dipakai))
            .collect())
    }

    /// One visit (the caller checks the reader may see its KKMP).
    pub async fn kunjungan(&self, id: i64) -> Result<Kunjungan> {
        let k = crate::simpan::lapangan::satu(self.db(), id)
            .await?
            .ok_or_else(|| DataError::NotFound(format!("Kunjungan #{id} tidak ada.")))?;
        Ok(self.kunjungan_dari(&[k]).await?.remove(0))
    }

    /// One KKMP's visits, newest first.
    pub async fn kunjungan_kkmp(&self, kelurahan_code: &str) -> Result<Vec<Kunjungan>> {
        let rows = crate::simpan::lapangan::daftar(self.db(), Some(kelurahan_code)).await?;
        self.kunjungan_dari(&rows).await
    }

    /// The `/verifikasi-lapangan` page: the visits of `wilayah` (a
    /// kecamatan code; None for the city), the KKMP `boleh_catat` allows
    /// to record, and the city's grade at the newest accepted month.
    pub async fn halaman_lapangan(
        &self,
        wilayah: Option<&str>,
        boleh_catat: impl Fn(&str) -> bool,
    ) -> Result<HalamanLapangan> {
        let rows = crate::simpan::lapangan::daftar(self.db(), wilayah).await?;
        let kunjungan = self.kunjungan_dari(&rows).await?;
        let kota = self.dashboard_kota(None, None, None, false).await?;
        let bukti = (!kota.konteks.periode_tersedia.is_empty())
            .then(|| (kota.konteks.periode, kota.bukti.clone()));
        Ok(HalamanLapangan {
            kunjungan,
            kkmp: self
                .pilihan_kkmp()
                .into_iter()
                .filter(|(c, _)| boleh_catat(c))
                .collect(),
            bukti,
            hari_ini: crate::inti::waktu::hari_ini().to_string(),
            kecamatan: wilayah.map(str::to_string),
            kecamatan_pilihan: self
                .wilayah()
                .kecamatan
                .iter()
                .map(|k| (k.code.clone(), k.nama.clone()))
                .collect(),
        })
    }

    /// A photo's bytes: (kelurahan code, content type, SHA-256, bytes).
    pub async fn foto_kunjungan(&self, id: i64) -> Result<(String, String, String, Vec<u8>)> {
        crate::simpan::lapangan::isi_foto(self.db(), id)
            .await?
            .ok_or_else(|| DataError::NotFound(format!("Foto #{id} tidak ada.")))
    }

    /// The evidence grade at month `p` of the KKMP `beroperasi` (those
    /// whose report says they operate), from the stored visits.
    pub(crate) async fn bukti_lapangan(
        &self,
        p: Periode,
        beroperasi: HashSet<String>,
    ) -> Result<BuktiLapangan> {
        let v = crate::simpan::lapangan::untuk_bukti(self.db()).await?;
        Ok(bukti_dari(p, &beroperasi, &v))
    }
}

/// [`bukti`] over stored visits (kelurahan, day, [gerai, stock, staff]).
pub(crate) fn bukti_dari(
    p: Periode,
    beroperasi: &HashSet<String>,
    v: &[(String, String, [bool; 3])],
) -> BuktiLapangan {
    let terlihat = terlihat_di(
        p,
        v.iter()
            .map(|(k, t, s)| (k.as_str(), t.as_str(), s.iter().all(|x| *x))),
    );
    bukti(p, beroperasi, &terlihat)
}

/// The demo's field visits: every fifth KKMP visited once in the months
/// before `akhir`, each with one small photo whose EXIF places it near the
/// kelurahan (a few far away, one without position, so the flags show);
/// most see what the KKMP reports, every fourth does not. Deterministic,
/// written inside the demo load's transaction `tx`, through the same photo
/// checks as the form's.
pub(crate) async fn demo(
    p: &Pantau,
    tx: &mut crate::simpan::Tx<'_>,
    akhir: Periode,
    pelaku: &Pelaku,
) -> Result<Vec<(i64, String)>> {
    use crate::berkas::foto::{ContohExif, contoh_png};
    let laporan = crate::simpan::laporan::terkini_dalam(tx, true).await?;
    let mut dibantah = Vec::new();
    for (i, kel) in p.wilayah().kelurahan.clone().iter().enumerate() {
        if i % 5 != 2 {
            continue;
        }
        let bulan = akhir.prev().prev();
        let bulan = (0..(i % 3)).fold(bulan, |b, _| b.next());
        let hari = 5 + (i as u32 * 3) % 20;
        let tanggal = chrono::NaiveDate::from_ymd_opt(bulan.year(), bulan.month(), hari)
            .ok_or_else(|| DataError::Internal("demo visit date".into()))?;
        let dilapor = laporan
            .iter()
            .filter(|r| r.isi.kelurahan_code == kel.code && r.isi.periode <= bulan)
            .max_by_key(|r| r.isi.periode)
            .map(|r| {
                (
                    r.isi.periode,
                    StatusOperasi::from_units(r.isi.unit_usaha_beroperasi()),
                )
            });
        let beroperasi = dilapor.is_some_and(|(_, s)| s != StatusOperasi::Belum);
        // Every fourth visit finds the opposite of the report.
        let lihat = if (i / 5) % 4 == 3 {
            !beroperasi
        } else {
            beroperasi
        };
        let temuan = [lihat, lihat, lihat || i % 2 == 0, lihat && i % 3 != 0];
        let geser = if (i / 5) % 7 == 5 { 0.05 } else { 0.002 };
        let exif = ContohExif {
            lintang: (i % 11 != 7).then_some(kel.lat + geser),
            bujur: (i % 11 != 7).then_some(kel.lng - 0.001),
            waktu: Some(format!(
                "{} {:02}:{:02}:00",
                tanggal.format("%Y:%m:%d"),
                9 + i % 6,
                i % 60
            )),
        };
        let warna = [
            (60 + i * 7 % 150) as u8,
            (120 + i * 13 % 100) as u8,
            (90 + i * 5 % 120) as u8,
        ];
        let png = contoh_png(96, 64, warna, Some(&exif));
        let d = crate::berkas::foto::periksa(&png).map_err(DataError::Internal)?;
        let foto = [FotoBaru {
            jarak_m: d
                .lintang
                .zip(d.bujur)
                .map(|(la, lo)| jarak_foto(la, lo, (kel.lat, kel.lng), None)),
            periksa: d,
            isi: &png,
        }];
        let k = crate::inti::lapangan::KunjunganSah {
            kelurahan_code: kel.code.clone(),
            tanggal,
            petugas: [
                "Rina (Dinas Koperasi)",
                "Staf Kecamatan",
                "Budi (Dinas Koperasi)",
            ][i % 3]
                .into(),
            temuan,
            catatan: if lihat {
                "Gerai buka melayani pembeli; stok sembako tersedia.".into()
            } else {
                "Gerai tertutup saat jam kerja; tidak ada pengurus di tempat.".into()
            },
        };
        let h = hasil(&k.temuan, dilapor.map(|(_, s)| s));
        let pembanding = dilapor.map(|(p, s)| (p.to_string(), s.code().to_string()));
        let entri = entri_kunjungan(&k, h, &pembanding, &foto);
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let id = crate::simpan::lapangan::catat_dalam(
            tx,
            &k,
            &pembanding,
            h,
            &foto,
            &pada,
            &pada,
            i64::MAX,
            pelaku,
            &entri,
        )
        .await?;
        if h == HasilKunjungan::Membantah {
            dibantah.push((id, k.kelurahan_code.clone()));
        }
    }
    Ok(dibantah)
}
