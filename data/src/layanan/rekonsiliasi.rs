//! Reconciliation with SIMKOPDES: the national export kept until a person
//! has seen what it would do and decided every unsure match
//! (`/rekonsiliasi/pratinjau/<token>`), then stored with its
//! discrepancies against the city's accepted reports in one transaction;
//! the discrepancies' steps; the `/rekonsiliasi` page and the meeting
//! room's part.

use crate::berkas::impor::{Batas, Temuan};
use crate::berkas::rekonsiliasi::Pembacaan;
use crate::berkas::xlsx::Pilih;
use crate::error::{DataError, Result};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::laporan::Laporan;
use crate::inti::rekonsiliasi::{Pencocok, Peta, bandingkan, pemilik};
use crate::inti::temuan::status;
use crate::layanan::{Pantau, blocking};
use crate::simpan::rekonsiliasi::{BarisSelisih, RekonsiliasiBaru};
use crate::simpan::sementara::Penuh;
use chrono::{SecondsFormat, Utc};
use model::Periode;
use model::rekonsiliasi::{
    BIDANG_SELISIH, CaraCocok, CocokRagu, GalatRekonsiliasi, HalamanRekonsiliasi, LangkahSelisih,
    PratinjauRekonsiliasi, Rekonsiliasi, Selisih, SelisihRapat, label_bidang, label_status,
};
use model::temuan::{LANGKAH_BUKA, LANGKAH_TINDAK, LANGKAH_TUTUP, StatusTemuan};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The column mapping and the matcher, built once.
pub struct Simkopdes {
    pub peta: Peta,
    pub pencocok: Pencocok,
}

fn jenis_berkas(pemilik: &str) -> String {
    format!("rekonsiliasi:{pemilik}")
}

fn galat_view(t: &Temuan) -> GalatRekonsiliasi {
    GalatRekonsiliasi {
        lokasi: t.lokasi(),
        pesan: t.pesan.clone(),
    }
}

/// The city's side: each KKMP's newest accepted report, and the newest
/// month any report was accepted for.
fn sisi_kota(
    terkini: Vec<crate::inti::laporan::LaporanTersimpan>,
) -> (Option<Periode>, HashMap<String, Laporan>) {
    let mut per_kkmp: HashMap<String, Laporan> = HashMap::new();
    let mut periode = None;
    for l in terkini {
        periode = periode.max(Some(l.isi.periode));
        match per_kkmp.get(&l.isi.kelurahan_code) {
            Some(x) if x.periode >= l.isi.periode => {}
            _ => {
                per_kkmp.insert(l.isi.kelurahan_code.clone(), l.isi);
            }
        }
    }
    (periode, per_kkmp)
}

impl Pantau {
    /// Reads SIMKOPDES exports with this column mapping instead of the
    /// embedded one (`PANTAU_SIMKOPDES_KOLOM`).
    pub fn dengan_peta_simkopdes(mut self, peta: Peta) -> Pantau {
        self.simkopdes = Arc::new(Simkopdes {
            peta,
            pencocok: Pencocok::baru(self.wilayah()),
        });
        self
    }

    /// Keeps a national export until it is confirmed; returns its token.
    /// Counted against the account's pending uploads.
    pub async fn unggah_rekonsiliasi(
        &self,
        nama_berkas: &str,
        isi: &[u8],
        pemilik: &str,
    ) -> Result<std::result::Result<String, Penuh>> {
        crate::simpan::sementara::simpan_berkas(self.db(), &jenis_berkas(pemilik), nama_berkas, isi)
            .await
    }

    /// Reads the pending export `token` of `pemilik`: a workbook in the
    /// reader process, then the rows on a blocking thread.
    async fn baca_rekonsiliasi(&self, token: &str, pemilik: &str) -> Result<(String, Pembacaan)> {
        let jenis = jenis_berkas(pemilik);
        let Some((nama, isi)) = crate::simpan::sementara::ambil(self.db(), &jenis, token).await?
        else {
            return Err(DataError::NotFound(
                "Berkas SIMKOPDES ini tidak ditemukan, sudah disimpan, atau kedaluwarsa (24 jam). Unggah lagi."
                    .into(),
            ));
        };
        let terbaca = self
            .pembaca
            .baca_lembar(&isi, &nama, Batas::default(), Pilih::Pertama)
            .await;
        if terbaca.ditolak() {
            crate::simpan::sementara::hapus(self.db(), &jenis, token).await?;
        }
        let simkopdes = self.simkopdes.clone();
        let n = nama.clone();
        let p = blocking(move || {
            Ok::<_, DataError>(crate::berkas::rekonsiliasi::baca(
                &isi,
                &terbaca,
                &n,
                &simkopdes.peta,
                &simkopdes.pencocok,
                Batas::default(),
            ))
        })
        .await?;
        Ok((nama, p))
    }

    /// The discrepancies of a reading against the city's accepted
    /// reports: every KKMP with an accepted report, compared with its row
    /// (an unsure row counts only when `diterima` says so).
    fn hitung_selisih(
        &self,
        p: &Pembacaan,
        kota: &HashMap<String, Laporan>,
        diterima: impl Fn(u64) -> bool,
    ) -> Vec<BarisSelisih> {
        let baris: HashMap<&str, &crate::berkas::rekonsiliasi::BarisCocok> = p
            .baris
            .iter()
            .filter(|b| b.ragu.is_none() || diterima(b.baris))
            .map(|b| (b.kelurahan_code.as_str(), b))
            .collect();
        let mut out = Vec::new();
        for k in &self.wilayah().kelurahan {
            let Some(laporan) = kota.get(&k.code) else {
                continue;
            };
            let b = baris.get(k.code.as_str());
            let kecamatan = self.nama_kecamatan(&k.kecamatan_code);
            for beda in bandingkan(b.map(|b| &b.nilai), laporan) {
                out.push(BarisSelisih {
                    id: 0,
                    rekonsiliasi_id: 0,
                    kelurahan_code: k.code.clone(),
                    bidang: beda.bidang.to_string(),
                    nilai_kota: beda.nilai_kota,
                    nilai_nasional: beda.nilai_nasional,
                    baris: b.map_or(0, |b| b.baris as i64),
                    cara: b
                        .map_or("", |b| match b.cara {
                            CaraCocok::Kode => "kode",
                            CaraCocok::Nama => "nama",
                            CaraCocok::Dikonfirmasi => "dikonfirmasi",
                        })
                        .to_string(),
                    pemilik: pemilik(beda.bidang, &kecamatan),
                });
            }
        }
        out
    }

    /// What storing the pending export would do.
    pub async fn pratinjau_rekonsiliasi(
        &self,
        token: &str,
        pemilik: &str,
    ) -> Result<PratinjauRekonsiliasi> {
        let (nama, p) = self.baca_rekonsiliasi(token, pemilik).await?;
        let (periode, kota) = sisi_kota(crate::simpan::laporan::terkini(self.db(), false).await?);
        let selisih = self.hitung_selisih(&p, &kota, |_| true).len() as u64;
        let ada: std::collections::HashSet<&str> =
            p.baris.iter().map(|b| b.kelurahan_code.as_str()).collect();
        let pencocok = &self.simkopdes.pencocok;
        Ok(PratinjauRekonsiliasi {
            token: token.to_string(),
            nama_berkas: nama,
            sha256: p.sha256.clone(),
            baris_data: p.baris_data,
            di_luar_kota: p.di_luar_kota,
            cocok: p.baris.iter().filter(|b| b.ragu.is_none()).count() as u64,
            ragu: p
                .baris
                .iter()
                .filter_map(|b| {
                    b.ragu.as_ref().map(|why| CocokRagu {
                        baris: b.baris,
                        tertulis: b.tertulis.clone(),
                        kelurahan_code: b.kelurahan_code.clone(),
                        kelurahan: pencocok.label(&b.kelurahan_code),
                        alasan: why.clone(),
                    })
                })
                .collect(),
            tidak_ada: self
                .wilayah()
                .kelurahan
                .iter()
                .filter(|k| !ada.contains(k.code.as_str()))
                .map(|k| pencocok.label(&k.code))
                .collect(),
            galat: p.galat.iter().map(galat_view).collect(),
            galat_lain: p.jumlah_galat.saturating_sub(p.galat.len() as u64),
            periode: periode.map(|x| x.label()),
            selisih,
        })
    }

    /// Stores the pending export's discrepancies, all or nothing: refused
    /// while the file has a problem or an unsure match is undecided
    /// (`keputusan`: row → the person's "yes, this kelurahan" or "no").
    /// A row declined counts as missing from the file.
    pub async fn simpan_rekonsiliasi(
        &self,
        token: &str,
        keputusan: &HashMap<u64, bool>,
        pelaku: &Pelaku,
    ) -> Result<i64> {
        let (nama, p) = self.baca_rekonsiliasi(token, &pelaku.pengguna).await?;
        if p.jumlah_galat > 0 {
            return Err(DataError::Invalid(format!(
                "Berkas {nama} masih bermasalah ({} masalah); tidak ada yang disimpan. Perbaiki lalu unggah lagi.",
                p.jumlah_galat
            )));
        }
        let belum: Vec<String> = p
            .baris
            .iter()
            .filter(|b| b.ragu.is_some() && !keputusan.contains_key(&b.baris))
            .map(|b| b.baris.to_string())
            .collect();
        if !belum.is_empty() {
            return Err(DataError::Invalid(format!(
                "Putuskan dulu kecocokan baris {}: pilih \"Ya\" bila kelurahan yang diusulkan benar, \"Bukan\" bila tidak. Tidak ada yang disimpan.",
                belum.join(", ")
            )));
        }
        let (periode, kota) = sisi_kota(crate::simpan::laporan::terkini(self.db(), false).await?);
        let Some(periode) = periode else {
            return Err(DataError::Invalid(
                "Belum ada laporan yang diterima Dinas: tidak ada data kota untuk dibandingkan."
                    .into(),
            ));
        };
        let diterima = |baris: u64| keputusan.get(&baris).copied().unwrap_or(false);
        let selisih = self.hitung_selisih(&p, &kota, diterima);
        let dikonfirmasi = p
            .baris
            .iter()
            .filter(|b| b.ragu.is_some() && diterima(b.baris))
            .count() as i64;
        let r = RekonsiliasiBaru {
            nama_berkas: nama.clone(),
            sha256: p.sha256.clone(),
            baris_data: p.baris_data as i64,
            cocok: p.baris.iter().filter(|b| b.ragu.is_none()).count() as i64,
            dikonfirmasi,
            periode: periode.label(),
        };
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru("rekonsiliasi.simpan", format!("rekonsiliasi/{}", p.sha256))
            .sesudah(&serde_json::json!({
                "berkas": r,
                "selisih": selisih.len(),
                "keputusan": keputusan.iter().map(|(b, ya)| (b.to_string(), *ya)).collect::<BTreeMap<_, _>>(),
            }));
        let jenis = jenis_berkas(&pelaku.pengguna);
        crate::simpan::rekonsiliasi::simpan(
            self.db(),
            (&jenis, token),
            &r,
            &selisih,
            &pada,
            pelaku,
            &entri,
        )
        .await
    }

    /// The kelurahan of discrepancy `id` (for the caller's scope check).
    pub async fn kelurahan_selisih(&self, id: i64) -> Result<String> {
        crate::simpan::rekonsiliasi::satu(self.db(), id)
            .await?
            .map(|(k, _)| k)
            .ok_or_else(|| DataError::NotFound(format!("Selisih #{id} tidak ada.")))
    }

    /// Adds a step to a discrepancy; the caller checked the role.
    pub async fn langkah_selisih(
        &self,
        id: i64,
        jenis: &str,
        uraian: &str,
        pelaku: &Pelaku,
    ) -> Result<i64> {
        let mut galat = Vec::new();
        if ![LANGKAH_TINDAK, LANGKAH_TUTUP, LANGKAH_BUKA].contains(&jenis) {
            galat.push("Langkah: pilih tindak lanjut, selesai, atau buka lagi.".to_string());
        }
        let uraian = uraian.trim();
        if uraian.is_empty() || uraian.chars().count() > 2000 {
            galat.push(
                "Uraian: wajib diisi (apa yang dilakukan, atau data mana yang benar), paling banyak 2.000 karakter."
                    .into(),
            );
        }
        if !galat.is_empty() {
            return Err(DataError::Invalid(galat.join("\n")));
        }
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru(&format!("selisih.{jenis}"), format!("selisih:{id}"))
            .sesudah(&serde_json::json!({ "uraian": uraian }));
        crate::simpan::rekonsiliasi::langkah(self.db(), id, jenis, uraian, &pada, pelaku, &entri)
            .await
    }

    /// The newest import's discrepancies `boleh` lets the reader see, and
    /// every import.
    async fn selisih_terakhir(
        &self,
        boleh: impl Fn(&str) -> bool,
    ) -> Result<(Vec<Rekonsiliasi>, Vec<Selisih>)> {
        let riwayat = crate::simpan::rekonsiliasi::riwayat(self.db()).await?;
        let Some(terakhir) = riwayat.first() else {
            return Ok((Vec::new(), Vec::new()));
        };
        let (s, l) = crate::simpan::rekonsiliasi::selisih(self.db(), terakhir.id).await?;
        let waktu = crate::inti::waktu::waktu_teks;
        let selisih = s
            .iter()
            .filter(|s| boleh(&s.kelurahan_code))
            .map(|s| {
                let milik: Vec<_> = l.iter().filter(|x| x.selisih_id == s.id).collect();
                let st = status(milik.iter().map(|x| x.jenis.as_str()));
                let kel = self.wilayah().kelurahan(&s.kelurahan_code);
                let kec_code = kel.map_or(String::new(), |k| k.kecamatan_code.clone());
                Selisih {
                    id: s.id,
                    rekonsiliasi_id: s.rekonsiliasi_id,
                    kelurahan_code: s.kelurahan_code.clone(),
                    kelurahan: kel.map_or(s.kelurahan_code.clone(), |k| k.nama.clone()),
                    kecamatan: self.nama_kecamatan(&kec_code),
                    kecamatan_code: kec_code,
                    bidang: s.bidang.clone(),
                    bidang_label: label_bidang(&s.bidang).to_string(),
                    nilai_kota: s.nilai_kota.clone(),
                    nilai_nasional: s.nilai_nasional.clone(),
                    baris: s.baris.max(0) as u64,
                    pemilik: s.pemilik.clone(),
                    status: st,
                    status_label: label_status(st).to_string(),
                    langkah: milik
                        .iter()
                        .map(|x| LangkahSelisih {
                            jenis: x.jenis.clone(),
                            uraian: x.uraian.clone(),
                            oleh: x.oleh.clone(),
                            pada: waktu(&x.pada),
                        })
                        .collect(),
                }
            })
            .collect();
        let riwayat = riwayat
            .into_iter()
            .map(|r| Rekonsiliasi {
                id: r.id,
                nama_berkas: r.nama_berkas,
                sha256: r.sha256,
                baris_data: r.baris_data,
                cocok: r.cocok,
                dikonfirmasi: r.dikonfirmasi,
                periode: Periode::parse(&r.periode).map_or(r.periode.clone(), |p| p.label()),
                jumlah_selisih: r.jumlah_selisih,
                oleh: r.oleh,
                pada: waktu(&r.pada),
            })
            .collect();
        Ok((riwayat, selisih))
    }

    /// The `/rekonsiliasi` page.
    pub async fn halaman_rekonsiliasi(
        &self,
        boleh: impl Fn(&str) -> bool,
    ) -> Result<HalamanRekonsiliasi> {
        let (riwayat, selisih) = self.selisih_terakhir(boleh).await?;
        let n = |s: StatusTemuan| selisih.iter().filter(|x| x.status == s).count() as i64;
        let per_bidang = BIDANG_SELISIH
            .iter()
            .map(|(k, label)| {
                (
                    label.to_string(),
                    selisih
                        .iter()
                        .filter(|x| x.bidang == *k && x.status != StatusTemuan::Ditutup)
                        .count() as i64,
                )
            })
            .collect();
        Ok(HalamanRekonsiliasi {
            jumlah: (
                n(StatusTemuan::Terbuka),
                n(StatusTemuan::Ditindaklanjuti),
                n(StatusTemuan::Ditutup),
            ),
            per_bidang,
            kolom: self.simkopdes.peta.daftar(),
            riwayat,
            selisih,
        })
    }

    /// The meeting room's part: the newest import's unresolved
    /// discrepancies, per kecamatan.
    pub async fn selisih_rapat(&self) -> Result<SelisihRapat> {
        let (riwayat, selisih) = self.selisih_terakhir(|_| true).await?;
        let Some(r) = riwayat.first() else {
            return Ok(SelisihRapat::default());
        };
        let terbuka: Vec<Selisih> = selisih
            .into_iter()
            .filter(|s| s.status != StatusTemuan::Ditutup)
            .collect();
        let mut per: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for s in &terbuka {
            let e = per.entry(s.kecamatan.clone()).or_default();
            e.0 += 1;
            e.1 += i64::from(s.status == StatusTemuan::Ditindaklanjuti);
        }
        let mut per_kecamatan: Vec<(String, i64, i64)> =
            per.into_iter().map(|(k, (a, b))| (k, a, b)).collect();
        per_kecamatan.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut terbuka = terbuka;
        terbuka.sort_by(|a, b| {
            a.kecamatan
                .cmp(&b.kecamatan)
                .then(a.kelurahan.cmp(&b.kelurahan))
        });
        Ok(SelisihRapat {
            sumber: format!(
                "{}, disimpan {} (data kota {})",
                r.nama_berkas, r.pada, r.periode
            ),
            per_kecamatan,
            terbuka,
        })
    }
}

/// The demo's reconciliation: a national export made from the accepted
/// demo reports as SIMKOPDES would hold them a little behind (members
/// lagging, empty gerai cells, a loan stage not yet moved, a few KKMP
/// missing, some names in their 2025 form, one misspelt and confirmed by
/// the Dinas), among rows of other regions, read and compared by the same
/// code as an upload, stored in the demo load's transaction `tx`, with a
/// follow-up by a camat and one resolved by the Dinas.
pub(crate) async fn demo(
    p: &Pantau,
    tx: &mut crate::simpan::Tx<'_>,
    hari: chrono::NaiveDate,
    pelaku: &Pelaku,
) -> Result<()> {
    use crate::inti::rekonsiliasi::{NilaiNasional, gerai_beroperasi, nama_2025};
    use model::status::PinjamanTahap;
    let (periode, kota) = sisi_kota(crate::simpan::laporan::terkini_dalam(tx, false).await?);
    let Some(periode) = periode else {
        return Ok(());
    };
    let mut baris = Vec::new();
    for (i, k) in p.wilayah().kelurahan.iter().enumerate() {
        let Some(l) = kota.get(&k.code) else { continue };
        if i % 17 == 3 {
            continue;
        }
        let kec = p.nama_kecamatan(&k.kecamatan_code);
        let (kel, kec) = match i {
            _ if i == 10 => (format!("{}x", k.nama), kec),
            _ if i % 4 == 0 => (
                nama_2025(&k.code).unwrap_or_else(|| k.nama.clone()),
                nama_2025(&k.kecamatan_code).unwrap_or(kec),
            ),
            _ => (k.nama.clone(), kec),
        };
        let tahap = if i % 9 == 4 && l.pinjaman_tahap != PinjamanTahap::Belum {
            PinjamanTahap::ALL[PinjamanTahap::ALL
                .iter()
                .position(|t| *t == l.pinjaman_tahap)
                .unwrap_or(1)
                - 1]
        } else {
            l.pinjaman_tahap
        };
        baris.push((
            k.code.clone(),
            kel,
            kec,
            NilaiNasional {
                badan_hukum: Some(l.badan_hukum != (i % 11 == 5)),
                anggota: Some(if i % 7 == 2 {
                    l.anggota / 2
                } else {
                    l.anggota * 97 / 100
                }),
                gerai: (i % 5 != 1).then(|| gerai_beroperasi(l)),
                tahap_pinjaman: Some(tahap),
            },
        ));
    }
    let isi = crate::berkas::rekonsiliasi::contoh_csv(240, &baris);
    let nama = format!("simkopdes-ekspor-{}.csv", hari.format("%Y%m%d"));
    let terbaca = crate::berkas::impor::Terbaca::Csv;
    // The embedded mapping: the demo's file is written in its headers,
    // whatever mapping this instance is configured with.
    let peta = Peta::bawaan();
    let bacaan = crate::berkas::rekonsiliasi::baca(
        &isi,
        &terbaca,
        &nama,
        &peta,
        &p.simkopdes.pencocok,
        Batas::default(),
    );
    if bacaan.jumlah_galat > 0 {
        return Err(DataError::Internal(format!(
            "demo SIMKOPDES: {:?}",
            bacaan.galat
        )));
    }
    let keputusan: HashMap<u64, bool> = bacaan
        .baris
        .iter()
        .filter(|b| b.ragu.is_some())
        .map(|b| (b.baris, true))
        .collect();
    let selisih = p.hitung_selisih(&bacaan, &kota, |b| {
        keputusan.get(&b).copied().unwrap_or(false)
    });
    let dinas = Pelaku {
        pengguna: "dinas".into(),
        peran: "admin".into(),
        alamat: pelaku.alamat.clone(),
    };
    let pada = |jam: u32, hari_ke: i64| {
        (hari + chrono::Duration::days(hari_ke))
            .and_hms_opt(jam, 0, 0)
            .map(|t| t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    let r = RekonsiliasiBaru {
        nama_berkas: nama,
        sha256: bacaan.sha256.clone(),
        baris_data: bacaan.baris_data as i64,
        cocok: bacaan.baris.iter().filter(|b| b.ragu.is_none()).count() as i64,
        dikonfirmasi: keputusan.len() as i64,
        periode: periode.label(),
    };
    let entri = Entri::baru("rekonsiliasi.simpan", format!("rekonsiliasi/{}", r.sha256))
        .sesudah(&serde_json::json!({ "berkas": r, "selisih": selisih.len() }));
    let (_, ids) =
        crate::simpan::rekonsiliasi::simpan_dalam(tx, &r, &selisih, &pada(9, 0), &dinas, &entri)
            .await?;
    // The demo camat's account is Sukarami's: its follow-up is on a
    // discrepancy there, the Dinas' on another.
    let sukarami = p
        .wilayah()
        .kecamatan
        .iter()
        .find(|k| k.nama == "Sukarami")
        .map(|k| k.code.clone())
        .unwrap_or_default();
    let camat = Pelaku {
        pengguna: "camat.sukarami".into(),
        peran: "camat".into(),
        alamat: pelaku.alamat.clone(),
    };
    let anggota = |di_sukarami: bool| {
        selisih.iter().zip(&ids).find(|(s, _)| {
            s.bidang == "anggota" && s.kelurahan_code.starts_with(&sukarami) == di_sukarami
        })
    };
    let pilih: Vec<(&BarisSelisih, &i64)> = [anggota(true), anggota(false)]
        .into_iter()
        .flatten()
        .collect();
    let langkah: [(usize, &str, &str); 3] = [
        (
            0,
            LANGKAH_TINDAK,
            "Pengurus KKMP diminta memperbarui jumlah anggota di SIMKOPDES; dijadwalkan bersama pendamping pekan ini.",
        ),
        (
            1,
            LANGKAH_TINDAK,
            "Sudah dicek ke gerai: data SIMKOPDES yang tertinggal. Pengurus memperbaruinya.",
        ),
        (
            1,
            LANGKAH_TUTUP,
            "SIMKOPDES sudah diperbarui pengurus; laporan kota benar.",
        ),
    ];
    for (n, (urut, jenis, uraian)) in langkah.iter().enumerate() {
        let Some((s, id)) = pilih.get(*urut) else {
            continue;
        };
        let oleh = if *jenis == LANGKAH_TINDAK && s.kelurahan_code.starts_with(&sukarami) {
            camat.clone()
        } else {
            dinas.clone()
        };
        let entri = Entri::baru(&format!("selisih.{jenis}"), format!("selisih:{id}"))
            .sesudah(&serde_json::json!({ "uraian": uraian }));
        crate::simpan::rekonsiliasi::langkah_dalam(
            tx,
            **id,
            jenis,
            uraian,
            &pada(10 + n as u32, 1),
            &oleh,
            &entri,
        )
        .await?;
    }
    Ok(())
}
