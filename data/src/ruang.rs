//! The briefing and meeting rooms: snapshots of the figures at a cut-off
//! (`cuplikan`), what changed between two of them, the meeting's tindak
//! lanjut ledger, and the briefing screen. `impl Pantau`, like `kelola.rs`.
//!
//! A snapshot stores the canonical JSON of [`Isi`] — the per-kecamatan and
//! per-KKMP figures exactly as the dashboards show them for accepted reports
//! — and its SHA-256. Packs print that hash, and [`Cuplikan::utuh`] says
//! whether the stored figures still match it. Totals are never typed: they
//! come from the same dashboard functions the pages use.

use crate::catat_jejak;
use crate::error::{DataError, Result};
use crate::jejak::{Entri, Pelaku};
use crate::laporan::{waktu_wib, wib};
use crate::on_db;
use crate::service::Pantau;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use model::Periode;
use model::indikator::{self, TARGETABLE};
pub use model::ruang::Isi;
use model::ruang::{
    BarisRapat, Briefing, Cuplikan, DetailRapat, HalamanRapat, IsiKecamatan, IsiKkmp,
    KelompokPerubahan, Perubahan, PerubahanAngka, STATUS_TINDAK, TindakLanjut,
};
use model::status::{GeraiStatus, PinjamanTahap, StatusLaporan, StatusOperasi, StatusTarget};
use model::view::Ringkasan;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The two kinds of snapshot.
pub const BRIEFING: &str = "briefing";
pub const RAPAT: &str = "rapat";

/// The canonical text of the figures and its SHA-256 (hex).
pub fn kanonik(isi: &Isi) -> Result<(String, String)> {
    let teks = serde_json::to_string(isi).map_err(|e| DataError::Internal(e.to_string()))?;
    let hash = sha256_hex(teks.as_bytes());
    Ok((teks, hash))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// "29 November 2026 pukul 21.05 WIB".
pub fn waktu_panjang(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let w = t.with_timezone(&wib());
    format!(
        "{} pukul {:02}.{:02} WIB",
        model::format::tanggal(w.year(), w.month(), w.day()),
        w.hour(),
        w.minute()
    )
}

/// Today in Palembang.
pub fn hari_ini() -> NaiveDate {
    Utc::now().with_timezone(&wib()).date_naive()
}

fn tanggal(d: NaiveDate) -> String {
    model::format::tanggal_iso(&d.to_string())
}

/// What changed from `lama` to `kini`: the headline figures and the KKMP
/// that moved, in the order the Wali Kota asks about them.
pub fn perubahan(sejak: Option<(Cuplikan, &Isi)>, kini: &Isi) -> Perubahan {
    let Some((cuplikan, lama)) = sejak else {
        return Perubahan::default();
    };
    type Ambil = fn(&Ringkasan) -> i64;
    let angka: [(&str, Ambil, bool); 7] = [
        ("KKMP berbadan hukum", |r| r.badan_hukum, true),
        ("KKMP punya rekening bank", |r| r.rekening, true),
        ("Gerai sembako beroperasi", |r| r.gerai_sembako, true),
        (
            "KKMP beroperasi (penuh atau terbatas)",
            Ringkasan::beroperasi,
            true,
        ),
        ("Pinjaman Himbara sudah cair", |r| r.pinjaman_cair, true),
        ("KKMP formalitas", |r| r.formalitas, false),
        ("Laporan masuk bulan ini", |r| r.laporan_masuk, true),
    ];
    let angka = angka
        .iter()
        .map(|(label, f, naik_baik)| {
            let (a, b) = (f(&lama.kota), f(&kini.kota));
            let d = b - a;
            PerubahanAngka {
                label: label.to_string(),
                sebelum: model::format::angka(a),
                sesudah: model::format::angka(b),
                selisih: match d {
                    0 => "tetap".into(),
                    d if d > 0 => format!("+{}", model::format::angka(d)),
                    d => format!("−{}", model::format::angka(-d)),
                },
                naik_baik: *naik_baik,
                beda: d as f64,
            }
        })
        .collect();
    let dulu: HashMap<&str, &IsiKkmp> = lama
        .kkmp
        .iter()
        .map(|k| (k.baris.kelurahan_code.as_str(), k))
        .collect();
    type Uji = fn(&IsiKkmp, &IsiKkmp) -> bool;
    let aturan: [(&str, Uji); 6] = [
        ("Berbadan hukum baru", |a, b| {
            !a.baris.badan_hukum && b.baris.badan_hukum
        }),
        ("Gerai sembako mulai beroperasi", |a, b| {
            a.baris.gerai_sembako != Some(GeraiStatus::Beroperasi)
                && b.baris.gerai_sembako == Some(GeraiStatus::Beroperasi)
        }),
        ("Mulai beroperasi", |a, b| {
            a.baris.status_operasi == StatusOperasi::Belum
                && b.baris.status_operasi != StatusOperasi::Belum
        }),
        ("Pinjaman Himbara cair", |a, b| {
            a.baris.pinjaman != Some(PinjamanTahap::Cair)
                && b.baris.pinjaman == Some(PinjamanTahap::Cair)
        }),
        ("Berhenti beroperasi", |a, b| {
            a.baris.status_operasi != StatusOperasi::Belum
                && b.baris.status_operasi == StatusOperasi::Belum
        }),
        ("Laporan kini terlambat atau belum masuk", |a, b| {
            a.baris.laporan == StatusLaporan::TepatWaktu
                && b.baris.laporan != StatusLaporan::TepatWaktu
        }),
    ];
    let kelompok = aturan
        .iter()
        .map(|(judul, uji)| KelompokPerubahan {
            judul: judul.to_string(),
            kkmp: kini
                .kkmp
                .iter()
                .filter(|b| {
                    dulu.get(b.baris.kelurahan_code.as_str())
                        .is_some_and(|a| uji(a, b))
                })
                .map(|b| {
                    (
                        b.baris.kelurahan_code.clone(),
                        format!("{} ({})", b.baris.kkmp_nama, b.kecamatan_nama),
                    )
                })
                .collect(),
        })
        .collect();
    Perubahan {
        sejak: Some(cuplikan),
        angka,
        kelompok,
    }
}

/// A stored snapshot row.
#[derive(sqlx::FromRow)]
struct BarisCuplikan {
    id: i64,
    jenis: String,
    judul: String,
    tanggal: String,
    periode: String,
    cutoff: String,
    hash: String,
    isi: String,
    dibuat_oleh: String,
}

impl BarisCuplikan {
    fn lihat(&self) -> Result<Cuplikan> {
        let periode =
            Periode::parse(&self.periode).map_err(|e| DataError::Internal(e.to_string()))?;
        let cutoff = DateTime::parse_from_rfc3339(&self.cutoff)
            .map(|t| waktu_panjang(t.with_timezone(&Utc)))
            .unwrap_or_else(|_| self.cutoff.clone());
        Ok(Cuplikan {
            id: self.id,
            jenis: self.jenis.clone(),
            judul: self.judul.clone(),
            tanggal: model::format::tanggal_iso(&self.tanggal),
            tanggal_iso: self.tanggal.clone(),
            periode,
            cutoff,
            hash: self.hash.clone(),
            dibuat_oleh: self.dibuat_oleh.clone(),
            utuh: sha256_hex(self.isi.as_bytes()) == self.hash,
        })
    }

    fn isi(&self) -> Result<Isi> {
        serde_json::from_str(&self.isi).map_err(|e| DataError::Internal(e.to_string()))
    }
}

const KOLOM_CUPLIKAN: &str = "id, jenis, judul, tanggal, periode, cutoff, hash, isi, dibuat_oleh";

async fn daftar_cuplikan(db: &crate::Db, jenis: &str) -> Result<Vec<BarisCuplikan>> {
    let sql = format!("SELECT {KOLOM_CUPLIKAN} FROM cuplikan WHERE jenis = $1 ORDER BY id DESC");
    Ok(
        on_db!(db, p => sqlx::query_as::<_, BarisCuplikan>(sqlx::AssertSqlSafe(sql.as_str())).bind(jenis).fetch_all(p).await?),
    )
}

async fn satu_cuplikan(db: &crate::Db, id: i64) -> Result<BarisCuplikan> {
    let sql = format!("SELECT {KOLOM_CUPLIKAN} FROM cuplikan WHERE id = $1");
    on_db!(db, p => sqlx::query_as::<_, BarisCuplikan>(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await?)
        .ok_or_else(|| DataError::NotFound(format!("Rapat atau briefing #{id} tidak ada.")))
}

/// A tindak lanjut row as stored.
#[derive(sqlx::FromRow)]
struct BarisTindak {
    id: i64,
    rapat_id: i64,
    uraian: String,
    kecamatan_code: Option<String>,
    kelurahan_code: Option<String>,
    indikator: Option<String>,
    penanggung_jawab: String,
    tenggat: String,
    status: String,
    catatan: String,
    dibuat_oleh: String,
    dibuat_pada: String,
    diubah_oleh: Option<String>,
    diubah_pada: Option<String>,
}

const KOLOM_TINDAK: &str = "id, rapat_id, uraian, kecamatan_code, kelurahan_code, indikator, penanggung_jawab, tenggat, status, catatan, dibuat_oleh, dibuat_pada, diubah_oleh, diubah_pada";

/// A new tindak lanjut item as typed in the meeting.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct TindakBaru {
    pub rapat_id: i64,
    pub uraian: String,
    /// A kecamatan or kelurahan code, or "" for the whole city.
    pub wilayah: String,
    pub indikator: String,
    pub penanggung_jawab: String,
    /// YYYY-MM-DD.
    pub tenggat: String,
    pub catatan: String,
}

fn waktu_teks(iso: &str) -> String {
    DateTime::parse_from_rfc3339(iso)
        .map(|t| waktu_wib(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| iso.to_string())
}

impl Pantau {
    /// The figures of month `periode` (default: the newest) for accepted
    /// reports, gathered from the same dashboards the pages show.
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
        let mut kecamatan = Vec::new();
        let mut kkmp = Vec::new();
        for k in &self.wilayah().kecamatan {
            let d = self.dashboard_kecamatan(&k.code, Some(p), false).await?;
            kecamatan.push(IsiKecamatan {
                code: d.code.clone(),
                nama: d.nama.clone(),
                ringkasan: d.ringkasan.clone(),
                target: d.target.clone(),
            });
            kkmp.extend(d.kkmp.iter().map(|b| IsiKkmp {
                kecamatan_code: d.code.clone(),
                kecamatan_nama: d.nama.clone(),
                baris: b.clone(),
            }));
        }
        Ok(Isi {
            periode: Some(p),
            kota: kota.kota.clone(),
            target_kota: kota.target_kota.clone(),
            kecamatan,
            kkmp,
        })
    }

    /// Freezes the current figures as a briefing or a meeting.
    pub async fn simpan_cuplikan(
        &self,
        jenis: &str,
        judul: &str,
        tanggal: &str,
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
        let isi = self.isi(None).await?;
        self.simpan_isi(jenis, judul, hari, &isi, Utc::now(), pelaku)
            .await
    }

    /// Stores `isi` as a snapshot cut at `cutoff` (the demo's earlier
    /// briefing and meeting use this with an earlier month's figures).
    pub async fn simpan_isi(
        &self,
        jenis: &str,
        judul: &str,
        hari: NaiveDate,
        isi: &Isi,
        cutoff: DateTime<Utc>,
        pelaku: &Pelaku,
    ) -> Result<i64> {
        let Some(periode) = isi.periode else {
            return Err(DataError::Invalid(
                "Belum ada laporan yang diterima: tidak ada angka untuk dibekukan.".into(),
            ));
        };
        let (teks, hash) = kanonik(isi)?;
        let cutoff = cutoff.to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru(&format!("{jenis}.simpan"), format!("{jenis}:{judul}")).sesudah(
            &serde_json::json!({
                "judul": judul, "tanggal": hari.to_string(), "periode": periode.to_string(),
                "cutoff": cutoff, "hash": hash,
            }),
        );
        let (revisi, _) = self.db().revisi().await?;
        let id = on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO cuplikan (jenis, judul, tanggal, periode, revisi, cutoff, hash, isi, dibuat_oleh) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(jenis)
            .bind(judul)
            .bind(hari.to_string())
            .bind(periode.to_string())
            .bind(revisi)
            .bind(&cutoff)
            .bind(&hash)
            .bind(&teks)
            .bind(&pelaku.pengguna)
            .fetch_one(&mut *tx)
            .await?;
            let entri = Entri { objek: format!("{jenis}:{id}"), ..entri };
            catat_jejak!(&mut tx, pelaku, &entri);
            tx.commit().await?;
            id
        });
        Ok(id)
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
        let briefing = Briefing {
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
            periode_terbaru: crate::laporan::periode_tersedia(self.db())
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
        })
    }

    async fn tindak_semua(&self) -> Result<Vec<BarisTindak>> {
        let sql = format!("SELECT {KOLOM_TINDAK} FROM tindak_lanjut ORDER BY tenggat, id");
        Ok(
            on_db!(self.db(), p => sqlx::query_as::<_, BarisTindak>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await?),
        )
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
        let rapat = satu_cuplikan(self.db(), t.rapat_id).await?;
        if rapat.jenis != RAPAT {
            galat.push(format!("#{} bukan rapat koordinasi.", t.rapat_id));
        }
        if !galat.is_empty() {
            return Err(DataError::Invalid(galat.join(" ")));
        }
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let ind = (!ind.is_empty()).then(|| ind.to_string());
        let entri = Entri::baru("tindak_lanjut.tambah", format!("rapat:{}", t.rapat_id)).sesudah(t);
        let id = on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO tindak_lanjut (rapat_id, uraian, kecamatan_code, kelurahan_code, indikator, penanggung_jawab, tenggat, status, catatan, dibuat_oleh, dibuat_pada) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'terbuka', $8, $9, $10) RETURNING id",
            )
            .bind(t.rapat_id)
            .bind(uraian)
            .bind(&kec)
            .bind(&kel)
            .bind(&ind)
            .bind(pj)
            .bind(t.tenggat.trim())
            .bind(t.catatan.trim())
            .bind(&pelaku.pengguna)
            .bind(&pada)
            .fetch_one(&mut *tx)
            .await?;
            let entri = Entri { objek: format!("tindak_lanjut:{id}"), ..entri };
            catat_jejak!(&mut tx, pelaku, &entri);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// Changes an item's status and note (before and after in the trail).
    pub async fn ubah_tindak(
        &self,
        id: i64,
        status: &str,
        catatan: &str,
        pelaku: &Pelaku,
    ) -> Result<()> {
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
        let sql = format!("SELECT {KOLOM_TINDAK} FROM tindak_lanjut WHERE id = $1");
        let lama = on_db!(self.db(), p => sqlx::query_as::<_, BarisTindak>(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await?)
            .ok_or_else(|| DataError::NotFound(format!("Tindak lanjut #{id} tidak ada.")))?;
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru("tindak_lanjut.ubah", format!("tindak_lanjut:{id}"))
            .sebelum(&serde_json::json!({"status": lama.status, "catatan": lama.catatan}))
            .sesudah(&serde_json::json!({"status": status, "catatan": catatan.trim()}));
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE tindak_lanjut SET status = $1, catatan = $2, diubah_oleh = $3, diubah_pada = $4 WHERE id = $5")
                .bind(status)
                .bind(catatan.trim())
                .bind(&pelaku.pengguna)
                .bind(&pada)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            catat_jejak!(&mut tx, pelaku, &entri);
            tx.commit().await?;
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::view::BarisKkmp;

    fn kkmp(code: &str, bh: bool, sembako: GeraiStatus, lapor: StatusLaporan) -> IsiKkmp {
        IsiKkmp {
            kecamatan_code: "16.71.07".into(),
            kecamatan_nama: "Sukarami".into(),
            baris: BarisKkmp {
                kelurahan_code: code.into(),
                kelurahan_nama: code.into(),
                kkmp_nama: format!("KKMP {code}"),
                periode_data: None,
                badan_hukum: bh,
                rekening: false,
                gerai_sembako: Some(sembako),
                unit_beroperasi: (sembako == GeraiStatus::Beroperasi) as i64,
                status_operasi: if sembako == GeraiStatus::Beroperasi {
                    StatusOperasi::Terbatas
                } else {
                    StatusOperasi::Belum
                },
                formalitas: false,
                pinjaman: None,
                anggota: 10,
                omzet: None,
                laporan: lapor,
                hari_terlambat: None,
            },
        }
    }

    fn cuplikan() -> Cuplikan {
        Cuplikan {
            id: 1,
            jenis: RAPAT.into(),
            judul: "Rapat 1".into(),
            tanggal: String::new(),
            tanggal_iso: String::new(),
            periode: Periode::new(2026, 9).expect("valid"),
            cutoff: String::new(),
            hash: String::new(),
            dibuat_oleh: String::new(),
            utuh: true,
        }
    }

    #[test]
    fn changes_name_the_kkmp_that_moved_and_the_figures() {
        use GeraiStatus::*;
        use StatusLaporan::*;
        let lama = Isi {
            kota: Ringkasan {
                badan_hukum: 1,
                gerai_sembako: 0,
                ..Ringkasan::default()
            },
            kkmp: vec![
                kkmp("a", false, Persiapan, TepatWaktu),
                kkmp("b", true, BelumAda, TepatWaktu),
                kkmp("c", true, Beroperasi, TepatWaktu),
            ],
            ..Isi::default()
        };
        let kini = Isi {
            kota: Ringkasan {
                badan_hukum: 3,
                gerai_sembako: 1,
                ..Ringkasan::default()
            },
            kkmp: vec![
                kkmp("a", true, Beroperasi, TepatWaktu),
                kkmp("b", true, BelumAda, Terlambat),
                kkmp("c", true, Beroperasi, TidakAda),
                // Not in the earlier snapshot: not a change.
                kkmp("d", true, Beroperasi, TepatWaktu),
            ],
            ..Isi::default()
        };
        let p = perubahan(Some((cuplikan(), &lama)), &kini);
        let grup = |j: &str| -> Vec<String> {
            p.kelompok
                .iter()
                .find(|k| k.judul == j)
                .map(|k| k.kkmp.iter().map(|(c, _)| c.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(grup("Berbadan hukum baru"), ["a"]);
        assert_eq!(grup("Gerai sembako mulai beroperasi"), ["a"]);
        assert_eq!(grup("Mulai beroperasi"), ["a"]);
        assert_eq!(grup("Laporan kini terlambat atau belum masuk"), ["b", "c"]);
        assert!(grup("Berhenti beroperasi").is_empty());
        let bh = &p.angka[0];
        assert_eq!(
            (
                bh.sebelum.as_str(),
                bh.sesudah.as_str(),
                bh.selisih.as_str()
            ),
            ("1", "3", "+2")
        );
        assert_eq!(p.angka[5].selisih, "tetap");
        // No earlier snapshot: nothing to compare.
        assert_eq!(perubahan(None, &kini), Perubahan::default());
        // The same figures: every count "tetap", every group empty.
        let same = perubahan(Some((cuplikan(), &kini)), &kini);
        assert!(same.angka.iter().all(|a| a.selisih == "tetap"));
        assert!(same.kelompok.iter().all(|k| k.kkmp.is_empty()));
    }

    #[test]
    fn the_hash_covers_every_figure() {
        let a = Isi::default();
        let mut b = Isi::default();
        b.kota.anggota = 1;
        let (ta, ha) = kanonik(&a).expect("json");
        let (_, hb) = kanonik(&b).expect("json");
        assert_ne!(ha, hb);
        assert_eq!(sha256_hex(ta.as_bytes()), ha);
        assert_eq!(ha.len(), 64);
    }
}
