//! The one entry point the web layer calls: [`Pantau`] owns the database
//! handle, the master data and the aggregation cache, and turns stored
//! reports into the wire types of `model::view`.
//!
//! Freshness: every write bumps `revisi` in the same transaction; every read
//! first reads `revisi` (one cheap query) and throws the cache away when it
//! moved, so a page never shows figures older than the last committed write,
//! whichever app instance made it. Polars work runs on a blocking thread.

use crate::analytics::{self, kol};
use crate::charts::{self, BarCapaian};
use crate::demo::{self, DemoConfig};
use crate::error::{DataError, Result};
use crate::laporan::{self, wib};
use crate::master::Wilayah;
use crate::target::{self, Cakupan, Target};
use crate::{Db, on_db};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use model::Periode;
use model::indikator::{self, TARGETABLE};
use model::status::JenisGerai;
use model::status::{GeraiStatus, PinjamanTahap, StatusLaporan, StatusOperasi, StatusTarget};
use model::view::{
    BarisKelengkapanKecamatan, BarisKkmp, BarisWilayah, Capaian, DashboardKecamatan, DashboardKota,
    DetailKkmp, Grafik, Kelengkapan, KelengkapanKota, Konteks, Ringkasan, VersiLaporan,
};
use polars::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Days late of the first version of each reported (KKMP code, month index).
type HariTerlambat = HashMap<(String, i32), i64>;

/// The indicator of the city page's main chart: the national milestone.
pub const INDIKATOR_UTAMA: &str = "gerai_sembako";

/// The x axis of every progress-against-target chart.
const SUMBU_CAPAIAN: &str = "Capaian terhadap target (%); garis hitam = lintasan target";

/// Stored data as frames, for one revision.
struct Basis {
    revisi: i64,
    demo: bool,
    laporan: DataFrame,
    master: DataFrame,
    /// Newest first.
    periode: Vec<Periode>,
    targets: Vec<Target>,
}

#[derive(Default)]
struct Cache {
    basis: Option<Arc<Basis>>,
    kota: HashMap<(Periode, String), Arc<DashboardKota>>,
    kecamatan: HashMap<(String, Periode), Arc<DashboardKecamatan>>,
    /// The city's totals per month, shared by the trends of every month's
    /// page, so a cache miss computes only the months not seen yet.
    bulanan: HashMap<Periode, Ringkasan>,
}

/// The application's data service.
pub struct Pantau {
    db: Db,
    wilayah: Arc<Wilayah>,
    hari_batas: u32,
    cache: Mutex<Cache>,
}

impl Pantau {
    /// Loads the master data into `db` (idempotent) and builds the service.
    pub async fn new(db: Db, hari_batas: u32) -> Result<Pantau> {
        Wilayah::embedded()?.load(&db).await?;
        let wilayah = Arc::new(Wilayah::read(&db).await?);
        Ok(Pantau {
            db,
            wilayah,
            hari_batas,
            cache: Mutex::new(Cache::default()),
        })
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn wilayah(&self) -> &Wilayah {
        &self.wilayah
    }

    pub fn wilayah_arc(&self) -> Arc<Wilayah> {
        self.wilayah.clone()
    }

    pub fn hari_batas(&self) -> u32 {
        self.hari_batas
    }

    /// Loads the demo into an empty database: returns false, and changes
    /// nothing, when reports are already stored.
    pub async fn muat_demo(&self, cfg: &DemoConfig) -> Result<bool> {
        let count: i64 = on_db!(&self.db, p => {
            sqlx::query_scalar("SELECT COUNT(*) FROM laporan").fetch_one(p).await?
        });
        if count > 0 {
            return Ok(false);
        }
        let demo = demo::generate(&self.wilayah, cfg);
        laporan::simpan(&self.db, &demo.laporan).await?;
        target::simpan(&self.db, &demo.target, "demo", demo::waktu_target()).await?;
        on_db!(&self.db, p => {
            sqlx::query("UPDATE revisi SET demo = TRUE, nomor = nomor + 1 WHERE id = 1").execute(p).await?;
        });
        Ok(true)
    }

    /// Stores into the cache, unless a write has moved the revision since
    /// `revisi` was read (the result would then be stale).
    fn simpan_cache(&self, revisi: i64, store: impl FnOnce(&mut Cache)) {
        if let Ok(mut c) = self.cache.lock()
            && c.basis.as_ref().is_some_and(|b| b.revisi == revisi)
        {
            store(&mut c);
        }
    }

    async fn basis(&self) -> Result<Arc<Basis>> {
        let (revisi, demo) = self.db.revisi().await?;
        {
            let mut cache = self
                .cache
                .lock()
                .map_err(|_| DataError::Internal("cache lock".into()))?;
            match &cache.basis {
                Some(b) if b.revisi == revisi => return Ok(b.clone()),
                _ => *cache = Cache::default(),
            }
        }
        let rows = laporan::terkini(&self.db).await?;
        let targets = target::semua(&self.db).await?;
        let mut periode: Vec<Periode> = rows.iter().map(|r| r.isi.periode).collect();
        periode.sort_unstable_by(|a, b| b.cmp(a));
        periode.dedup();
        let wilayah = self.wilayah.clone();
        let hari_batas = self.hari_batas;
        let (laporan, master) = blocking(move || -> Result<_> {
            Ok((
                analytics::laporan_frame(&rows, hari_batas)?,
                analytics::master_frame(&wilayah)?,
            ))
        })
        .await?;
        let basis = Arc::new(Basis {
            revisi,
            demo,
            laporan,
            master,
            periode,
            targets,
        });
        let mut cache = self
            .cache
            .lock()
            .map_err(|_| DataError::Internal("cache lock".into()))?;
        cache.basis = Some(basis.clone());
        Ok(basis)
    }

    /// The month to show: the requested one if it has data, else the newest.
    fn pilih_periode(basis: &Basis, diminta: Option<Periode>) -> Result<Periode> {
        match (diminta, basis.periode.first()) {
            (Some(p), _) if basis.periode.contains(&p) => Ok(p),
            (Some(p), Some(_)) => Err(DataError::NotFound(format!(
                "Belum ada laporan untuk periode {}. Data tersedia {} sampai {}.",
                p.label(),
                basis.periode.last().map(|x| x.label()).unwrap_or_default(),
                basis.periode.first().map(|x| x.label()).unwrap_or_default(),
            ))),
            (Some(p), None) => Ok(p),
            (None, Some(p)) => Ok(*p),
            (None, None) => {
                let now = Utc::now().with_timezone(&wib());
                Ok(Periode::new(now.year(), now.month())
                    .map(Periode::prev)
                    .unwrap_or_else(|| Periode::new(2025, 1).expect("valid")))
            }
        }
    }

    fn konteks(&self, basis: &Basis, periode: Periode) -> Konteks {
        Konteks {
            periode,
            periode_tersedia: basis.periode.clone(),
            demo: basis.demo,
            dihitung: laporan::waktu_wib(Utc::now()),
            revisi: basis.revisi,
            batas_hari: self.hari_batas,
        }
    }

    /// The city dashboard for `periode` (default: the newest month).
    /// `indikator` chooses the target shown per kecamatan (default: the
    /// national milestone, gerai sembako).
    pub async fn dashboard_kota(
        &self,
        periode: Option<Periode>,
        indikator: Option<&str>,
    ) -> Result<Arc<DashboardKota>> {
        let indikator = match indikator {
            None => INDIKATOR_UTAMA,
            Some(code) => TARGETABLE
                .iter()
                .copied()
                .find(|t| *t == code)
                .ok_or_else(|| {
                    DataError::Invalid(format!(
                        "Indikator '{code}' tidak dikenal. Pilih salah satu: {}",
                        TARGETABLE.join(", ")
                    ))
                })?,
        };
        let basis = self.basis().await?;
        let p = Self::pilih_periode(&basis, periode)?;
        let key = (p, indikator.to_string());
        if let Some(hit) = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.kota.get(&key).cloned())
        {
            return Ok(hit);
        }
        let b = basis.clone();
        let has_prev = basis.periode.contains(&p.prev());
        let first = basis.periode.last().copied().unwrap_or(p).min(p);
        let known: HashMap<Periode, Ringkasan> = self
            .cache
            .lock()
            .ok()
            .filter(|c| c.basis.as_ref().is_some_and(|x| x.revisi == basis.revisi))
            .map(|c| c.bulanan.clone())
            .unwrap_or_default();
        let missing: Vec<Periode> = first
            .through(p)
            .filter(|m| !known.contains_key(m))
            .collect();
        let (kec_df, kkmp_df, total_df, series, funnel_df) =
            blocking(move || -> PolarsResult<_> {
                let at = |m: Periode| {
                    analytics::per_kkmp(
                        b.laporan.clone().lazy(),
                        b.master.clone().lazy(),
                        m.index(),
                    )
                };
                let now = at(p);
                let kec = analytics::per_kecamatan(now.clone()).collect()?;
                let kkmp = now
                    .clone()
                    .select([col(kol::KEL), col(kol::STATUS), col(kol::FORMALITAS)])
                    .collect()?;
                let total = analytics::total(now.clone()).collect()?;
                let funnel = analytics::funnel(now).collect()?;
                // The city's totals for the months of the trend not cached yet.
                let mut series = Vec::new();
                for m in missing {
                    let df = analytics::total(at(m)).collect()?;
                    series.push((m, analytics::ringkasan_at(&df, 0)?));
                }
                Ok((kec, kkmp, total, series, funnel))
            })
            .await?;
        let mut bulanan = known;
        bulanan.extend(series);
        self.simpan_cache(basis.revisi, |c| {
            c.bulanan
                .extend(bulanan.iter().map(|(m, r)| (*m, r.clone())));
        });
        let series: Vec<(Periode, Ringkasan)> = first
            .through(p)
            .filter_map(|m| bulanan.get(&m).map(|r| (m, r.clone())))
            .collect();
        let prev = has_prev.then(|| bulanan.get(&p.prev()).cloned()).flatten();

        let akhir_bulan = akhir_bulan(p);
        let kota = analytics::ringkasan_at(&total_df, 0)?;
        let kec_codes = kec_df.column(kol::KEC)?.str()?.clone();
        let mut kecamatan = Vec::with_capacity(kec_df.height());
        for row in 0..kec_df.height() {
            let code = kec_codes.get(row).unwrap_or_default().to_string();
            let ringkasan = analytics::ringkasan_at(&kec_df, row)?;
            let capaian = capaian(
                &basis.targets,
                indikator,
                Some(&code),
                &ringkasan,
                akhir_bulan,
            );
            let nama = self
                .wilayah
                .kecamatan(&code)
                .map(|k| k.nama.clone())
                .unwrap_or_else(|| code.clone());
            kecamatan.push(BarisWilayah {
                code,
                nama,
                ringkasan,
                capaian,
            });
        }
        let target_kota = TARGETABLE
            .iter()
            .filter_map(|i| capaian(&basis.targets, i, None, &kota, akhir_bulan))
            .collect();
        let grafik = grafik_kecamatan(&kecamatan, p, indikator)?;
        let peta = self.peta(&kkmp_df, p)?;
        let tren = grafik_tren(&series, &basis.targets, p)?;
        let tahapan = analytics::funnel_at(&funnel_df)?;
        let grafik_tahapan = grafik_funnel(&tahapan, kota.kkmp, p)?;
        let view = Arc::new(DashboardKota {
            indikator: indikator.to_string(),
            indikator_nama: indikator::cari(indikator)
                .map_or(indikator, |i| i.nama)
                .to_string(),
            konteks: self.konteks(&basis, p),
            bulan_lalu: prev,
            kota,
            target_kota,
            kecamatan,
            grafik,
            peta,
            tren,
            tahapan: tahapan.iter().map(|(l, c)| (l.to_string(), *c)).collect(),
            grafik_tahapan,
            kelengkapan: self.kelengkapan_kota(&basis, p)?,
        });
        self.simpan_cache(basis.revisi, |c| {
            c.kota.insert(key, view.clone());
        });
        Ok(view)
    }

    /// One kecamatan's page for `periode`.
    pub async fn dashboard_kecamatan(
        &self,
        code: &str,
        periode: Option<Periode>,
    ) -> Result<Arc<DashboardKecamatan>> {
        let kec = self.wilayah.kecamatan(code).cloned().ok_or_else(|| {
            DataError::NotFound(format!(
                "Kecamatan dengan kode '{code}' tidak ada di Kota Palembang."
            ))
        })?;
        let basis = self.basis().await?;
        let p = Self::pilih_periode(&basis, periode)?;
        let key = (kec.code.clone(), p);
        if let Some(hit) = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.kecamatan.get(&key).cloned())
        {
            return Ok(hit);
        }
        let b = basis.clone();
        let has_prev = basis.periode.contains(&p.prev());
        let kec_code = kec.code.clone();
        let (rows_df, total_df, prev_df) = blocking(move || -> PolarsResult<_> {
            let only = |lf: LazyFrame| lf.filter(col(kol::KEC).eq(lit(kec_code.as_str())));
            let now = only(analytics::per_kkmp(
                b.laporan.clone().lazy(),
                b.master.clone().lazy(),
                p.index(),
            ));
            let rows = now
                .clone()
                .sort([kol::KEL], SortMultipleOptions::default())
                .collect()?;
            let total = analytics::total(now).collect()?;
            let prev = if has_prev {
                let before = only(analytics::per_kkmp(
                    b.laporan.clone().lazy(),
                    b.master.clone().lazy(),
                    p.prev().index(),
                ));
                Some(analytics::total(before).collect()?)
            } else {
                None
            };
            Ok((rows, total, prev))
        })
        .await?;

        let ringkasan = analytics::ringkasan_at(&total_df, 0)?;
        let akhir = akhir_bulan(p);
        let target: Vec<Capaian> = TARGETABLE
            .iter()
            .filter_map(|i| capaian(&basis.targets, i, Some(&kec.code), &ringkasan, akhir))
            .collect();
        let kkmp = self.baris_kkmp(&rows_df)?;
        let grafik = grafik_target(&target, &kec.nama, p)?;
        let kelengkapan = self.kelengkapan(&basis, &kec.code, p)?;
        let view = Arc::new(DashboardKecamatan {
            konteks: self.konteks(&basis, p),
            code: kec.code.clone(),
            nama: kec.nama.clone(),
            bulan_lalu: prev_df
                .map(|df| analytics::ringkasan_at(&df, 0))
                .transpose()?,
            ringkasan,
            target,
            kkmp,
            grafik,
            kelengkapan,
        });
        self.simpan_cache(basis.revisi, |c| {
            c.kecamatan.insert(key, view.clone());
        });
        Ok(view)
    }

    /// One KKMP with every version of every report it sent.
    pub async fn detail_kkmp(&self, kelurahan_code: &str) -> Result<DetailKkmp> {
        let kel = self
            .wilayah
            .kelurahan(kelurahan_code)
            .cloned()
            .ok_or_else(|| {
                DataError::NotFound(format!(
                    "KKMP dengan kode kelurahan '{kelurahan_code}' tidak ada di Kota Palembang."
                ))
            })?;
        let kec = self
            .wilayah
            .kecamatan(&kel.kecamatan_code)
            .cloned()
            .ok_or_else(|| {
                DataError::Internal(format!("kelurahan {} tanpa kecamatan", kel.code))
            })?;
        let basis = self.basis().await?;
        let rows = laporan::semua_versi(&self.db, &kel.code).await?;
        let mut seen = std::collections::HashSet::new();
        let by_version: HashMap<(Periode, i64), &crate::laporan::Laporan> = rows
            .iter()
            .map(|r| ((r.isi.periode, r.versi), &r.isi))
            .collect();
        let versi = rows
            .iter()
            .map(|r| {
                let late =
                    laporan::hari_terlambat(r.isi.periode, self.hari_batas, r.pertama_dikirim);
                VersiLaporan {
                    periode: r.isi.periode,
                    versi: r.versi,
                    terkini: seen.insert(r.isi.periode),
                    dikirim: laporan::waktu_wib(r.pengiriman.dikirim_pada),
                    dikirim_oleh: r.pengiriman.dikirim_oleh.clone(),
                    sumber: r.pengiriman.sumber.clone(),
                    alasan: r.pengiriman.alasan.clone(),
                    perubahan: by_version
                        .get(&(r.isi.periode, r.versi - 1))
                        .map(|before| crate::isian::perubahan(before, &r.isi))
                        .unwrap_or_default(),
                    peringatan: r
                        .pengiriman
                        .peringatan
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(str::to_string)
                        .collect(),
                    laporan: if late <= 0 {
                        StatusLaporan::TepatWaktu
                    } else {
                        StatusLaporan::Terlambat
                    },
                    hari_terlambat: (late > 0).then_some(late),
                    badan_hukum: r.isi.badan_hukum,
                    rekening: r.isi.rekening,
                    gerai_sembako: r.isi.gerai(JenisGerai::Sembako),
                    unit_beroperasi: r.isi.unit_usaha_beroperasi(),
                    status_operasi: StatusOperasi::from_units(r.isi.unit_usaha_beroperasi()),
                    pinjaman: r.isi.pinjaman_tahap,
                    anggota: r.isi.anggota,
                    omzet: r.isi.omzet,
                    shu: r.isi.shu,
                }
            })
            .collect();
        let periode_wajib = match (basis.periode.last(), basis.periode.first()) {
            (Some(first), Some(last)) => {
                let mut all: Vec<Periode> = first.through(*last).collect();
                all.reverse();
                all
            }
            _ => Vec::new(),
        };
        Ok(DetailKkmp {
            demo: basis.demo,
            kelurahan_code: kel.code,
            kelurahan_nama: kel.nama,
            kecamatan_code: kec.code,
            kecamatan_nama: kec.nama,
            kkmp_nama: kel.kkmp_nama,
            lat: kel.lat,
            lng: kel.lng,
            periode_wajib,
            versi,
            periode_lapor: {
                let now = crate::penerimaan::bulan_ini(Utc::now());
                vec![now, now.prev(), now.prev().prev()]
            },
        })
    }

    /// The twelve months up to `p` (fewer when the data starts later), and
    /// for each (KKMP, month) with a report, the days late of its first
    /// version (0 or less: on time).
    fn terlambat_12_bulan(
        &self,
        basis: &Basis,
        p: Periode,
    ) -> Result<(Vec<Periode>, HariTerlambat)> {
        let first = basis.periode.last().copied().unwrap_or(p);
        let start = Periode::from_index((p.index() - 11).max(first.index())).unwrap_or(p);
        let periode: Vec<Periode> = start.through(p).collect();
        let df = basis
            .laporan
            .clone()
            .lazy()
            .filter(
                col(kol::P)
                    .gt_eq(lit(start.index()))
                    .and(col(kol::P).lt_eq(lit(p.index()))),
            )
            .select([col(kol::KEL), col(kol::P), col(kol::TERLAMBAT)])
            .collect()?;
        let kel = df.column(kol::KEL)?.str()?;
        let pp = df.column(kol::P)?.i32()?;
        let late = df.column(kol::TERLAMBAT)?.i64()?;
        let mut seen = HashMap::new();
        for i in 0..df.height() {
            if let (Some(k), Some(m), Some(d)) = (kel.get(i), pp.get(i), late.get(i)) {
                seen.insert((k.to_string(), m), d);
            }
        }
        Ok((periode, seen))
    }

    /// The kecamatan's KKMP × the twelve months up to `p`: on time, late by
    /// how many days, or missing.
    fn kelengkapan(&self, basis: &Basis, kecamatan: &str, p: Periode) -> Result<Kelengkapan> {
        let (periode, seen) = self.terlambat_12_bulan(basis, p)?;
        let baris = self
            .wilayah
            .kelurahan
            .iter()
            .filter(|k| k.kecamatan_code == kecamatan)
            .map(|k| model::view::BarisKelengkapan {
                kelurahan_code: k.code.clone(),
                kelurahan_nama: k.nama.clone(),
                sel: periode
                    .iter()
                    .map(|m| match seen.get(&(k.code.clone(), m.index())) {
                        None => (StatusLaporan::TidakAda, None),
                        Some(d) if *d <= 0 => (StatusLaporan::TepatWaktu, None),
                        Some(d) => (StatusLaporan::Terlambat, Some(*d)),
                    })
                    .collect(),
            })
            .collect();
        Ok(Kelengkapan { periode, baris })
    }

    /// Every kecamatan × the twelve months up to `p`: reports in and on time.
    fn kelengkapan_kota(&self, basis: &Basis, p: Periode) -> Result<KelengkapanKota> {
        let (periode, seen) = self.terlambat_12_bulan(basis, p)?;
        let baris = self
            .wilayah
            .kecamatan
            .iter()
            .map(|kec| {
                let kel: Vec<&str> = self
                    .wilayah
                    .kelurahan
                    .iter()
                    .filter(|k| k.kecamatan_code == kec.code)
                    .map(|k| k.code.as_str())
                    .collect();
                let sel = periode
                    .iter()
                    .map(|m| {
                        let days: Vec<i64> = kel
                            .iter()
                            .filter_map(|k| seen.get(&(k.to_string(), m.index())).copied())
                            .collect();
                        let tepat = days.iter().filter(|d| **d <= 0).count() as i64;
                        (days.len() as i64, tepat)
                    })
                    .collect();
                BarisKelengkapanKecamatan {
                    code: kec.code.clone(),
                    nama: kec.nama.clone(),
                    kkmp: kel.len() as i64,
                    sel,
                }
            })
            .collect();
        Ok(KelengkapanKota { periode, baris })
    }

    /// The map of every KKMP in `df` (columns kel, status, formalitas).
    fn peta(&self, df: &DataFrame, p: Periode) -> Result<Grafik> {
        let kel = df.column(kol::KEL)?.str()?;
        let status = df.column(kol::STATUS)?.str()?;
        let formalitas = df.column(kol::FORMALITAS)?.bool()?;
        let mut titik = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let Some(k) = kel.get(i).and_then(|c| self.wilayah.kelurahan(c)) else {
                continue;
            };
            titik.push(charts::TitikPeta {
                label: k.nama.clone(),
                lat: k.lat,
                lng: k.lng,
                status: status
                    .get(i)
                    .and_then(StatusOperasi::from_code)
                    .unwrap_or(StatusOperasi::Belum),
                formalitas: formalitas.get(i).unwrap_or(false),
            });
        }
        let label: Vec<charts::LabelPeta> = self
            .wilayah
            .kecamatan
            .iter()
            .map(|kec| {
                let kel: Vec<_> = self
                    .wilayah
                    .kelurahan
                    .iter()
                    .filter(|k| k.kecamatan_code == kec.code)
                    .collect();
                let n = kel.len().max(1) as f64;
                charts::LabelPeta {
                    label: kec.nama.clone(),
                    lat: kel.iter().map(|k| k.lat).sum::<f64>() / n,
                    lng: kel.iter().map(|k| k.lng).sum::<f64>() / n,
                }
            })
            .collect();
        let belum = titik
            .iter()
            .filter(|t| t.status == StatusOperasi::Belum)
            .count();
        let judul = format!("Peta 107 KKMP: {belum} belum beroperasi ({})", p.label());
        let svg = charts::peta_kkmp(&judul, &titik, &label).map_err(DataError::Internal)?;
        Ok(Grafik { judul, svg })
    }

    fn baris_kkmp(&self, df: &DataFrame) -> Result<Vec<BarisKkmp>> {
        let kel = df.column(kol::KEL)?.str()?;
        let p_data = df.column(kol::P_DATA)?.i32()?;
        let bh = df.column(kol::BADAN_HUKUM)?.bool()?;
        let rek = df.column(kol::REKENING)?.bool()?;
        let sembako = df.column(kol::SEMBAKO_STATUS)?.str()?;
        let unit = df.column(kol::UNIT)?.i64()?;
        let status = df.column(kol::STATUS)?.str()?;
        let formalitas = df.column(kol::FORMALITAS)?.bool()?;
        let tahap = df.column(kol::TAHAP)?.str()?;
        let anggota = df.column(kol::ANGGOTA)?.i64()?;
        let omzet = df.column(kol::OMZET_BULAN)?.i64()?;
        let terlambat = df.column(kol::TERLAMBAT_BULAN)?.i64()?;
        let mut out = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let code = kel.get(i).unwrap_or_default();
            let master = self.wilayah.kelurahan(code);
            let late = terlambat.get(i);
            out.push(BarisKkmp {
                kelurahan_code: code.to_string(),
                kelurahan_nama: master.map(|k| k.nama.clone()).unwrap_or_default(),
                kkmp_nama: master.map(|k| k.kkmp_nama.clone()).unwrap_or_default(),
                periode_data: p_data.get(i).and_then(Periode::from_index),
                badan_hukum: bh.get(i).unwrap_or(false),
                rekening: rek.get(i).unwrap_or(false),
                gerai_sembako: sembako.get(i).and_then(GeraiStatus::from_code),
                unit_beroperasi: unit.get(i).unwrap_or(0),
                status_operasi: status
                    .get(i)
                    .and_then(StatusOperasi::from_code)
                    .unwrap_or(StatusOperasi::Belum),
                formalitas: formalitas.get(i).unwrap_or(false),
                pinjaman: tahap.get(i).and_then(PinjamanTahap::from_code),
                anggota: anggota.get(i).unwrap_or(0),
                omzet: omzet.get(i),
                laporan: match late {
                    None => StatusLaporan::TidakAda,
                    Some(d) if d <= 0 => StatusLaporan::TepatWaktu,
                    Some(_) => StatusLaporan::Terlambat,
                },
                hari_terlambat: late.filter(|d| *d > 0),
            });
        }
        Ok(out)
    }
}

/// Runs CPU-bound frame work off the async runtime.
pub(crate) async fn blocking<T, E>(
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T>
where
    T: Send + 'static,
    E: Into<DataError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || work().map_err(Into::into))
        .await
        .map_err(|e| DataError::Internal(e.to_string()))?
}

/// The last day of a month, when targets are judged.
fn akhir_bulan(p: Periode) -> NaiveDate {
    let next = p.next();
    NaiveDate::from_ymd_opt(next.year(), next.month(), 1).expect("valid period") - Duration::days(1)
}

/// Progress of a scope's figures on one indicator, if a target applies.
fn capaian(
    targets: &[Target],
    indikator: &str,
    kecamatan: Option<&str>,
    r: &Ringkasan,
    pada: NaiveDate,
) -> Option<Capaian> {
    let t = Target::berlaku(targets, indikator, kecamatan)?;
    let aktual = analytics::nilai(indikator, r)?;
    let meta = indikator::cari(indikator)?;
    Some(Capaian {
        indikator: indikator.to_string(),
        indikator_nama: meta.nama.to_string(),
        cakupan: match &t.cakupan {
            Cakupan::Kota => "kota".into(),
            Cakupan::Kecamatan(c) => c.clone(),
        },
        aktual,
        harapan: t.harapan(pada),
        target: t.nilai_target,
        tenggat: t.tenggat.to_string(),
        status: t.status(aktual, pada),
        persen: meta.satuan == model::indikator::Satuan::PersenKkmp,
    })
}

fn progress_bar(label: String, c: &Capaian) -> BarCapaian {
    let scale = if c.target > 0.0 { c.target } else { 1.0 };
    BarCapaian {
        label,
        aktual: c.aktual / scale,
        harapan: c.harapan / scale,
        status: c.status,
    }
}

fn grafik_kecamatan(rows: &[BarisWilayah], p: Periode, indikator: &str) -> Result<Grafik> {
    let bars: Vec<BarCapaian> = rows
        .iter()
        .filter_map(|r| r.capaian.as_ref().map(|c| progress_bar(r.nama.clone(), c)))
        .collect();
    let nama = model::format::awal_kecil(indikator::cari(indikator).map_or(indikator, |i| i.nama));
    let count = |s: StatusTarget| {
        rows.iter()
            .filter(|r| r.capaian.as_ref().is_some_and(|c| c.status == s))
            .count()
    };
    let tertinggal = count(StatusTarget::Tertinggal);
    let berisiko = count(StatusTarget::Berisiko);
    let judul = if tertinggal > 0 {
        format!(
            "{tertinggal} dari {} kecamatan tertinggal dari target {nama} ({})",
            rows.len(),
            p.label()
        )
    } else if berisiko > 0 {
        format!(
            "{berisiko} dari {} kecamatan berisiko tidak mencapai target {nama} ({})",
            rows.len(),
            p.label()
        )
    } else {
        format!(
            "Semua {} kecamatan sesuai jalur target {nama} ({})",
            rows.len(),
            p.label()
        )
    };
    let svg =
        charts::capaian_per_wilayah(&judul, SUMBU_CAPAIAN, &bars).map_err(DataError::Internal)?;
    Ok(Grafik { judul, svg })
}

/// The city's main indicator and operating share month by month, against
/// the main target's trajectory.
fn grafik_tren(series: &[(Periode, Ringkasan)], targets: &[Target], p: Periode) -> Result<Grafik> {
    let target = Target::berlaku(targets, INDIKATOR_UTAMA, None);
    let sembako: Vec<(Periode, f64)> = series
        .iter()
        .map(|(m, r)| (*m, analytics::nilai(INDIKATOR_UTAMA, r).unwrap_or(0.0)))
        .collect();
    let beroperasi: Vec<(Periode, f64)> = series
        .iter()
        .map(|(m, r)| (*m, analytics::nilai("beroperasi", r).unwrap_or(0.0)))
        .collect();
    let lintasan: Vec<(Periode, f64)> = match target {
        Some(t) => series
            .iter()
            .map(|(m, _)| (*m, t.harapan(akhir_bulan(*m))))
            .collect(),
        None => Vec::new(),
    };
    let judul = match (sembako.first(), sembako.last()) {
        (Some((a, x)), Some((b, y))) if a != b => format!(
            "Gerai sembako beroperasi naik dari {} ({}) ke {} ({}); lintasan target {}",
            model::format::persen(*x),
            a.label(),
            model::format::persen(*y),
            b.label(),
            model::format::persen(lintasan.last().map_or(1.0, |l| l.1)),
        ),
        _ => format!("Perkembangan gerai sembako beroperasi sampai {}", p.label()),
    };
    let svg = charts::tren_bulanan(
        &judul,
        &[
            charts::Garis {
                nama: "Gerai sembako beroperasi".into(),
                titik: sembako,
                gaya: charts::GayaGaris::Utama,
            },
            charts::Garis {
                nama: "KKMP beroperasi (≥ 1 unit)".into(),
                titik: beroperasi,
                gaya: charts::GayaGaris::Kedua,
            },
            charts::Garis {
                nama: "Lintasan target gerai sembako".into(),
                titik: lintasan,
                gaya: charts::GayaGaris::Target,
            },
        ],
    )
    .map_err(DataError::Internal)?;
    Ok(Grafik { judul, svg })
}

fn grafik_funnel(tahap: &[(&str, i64)], total: i64, p: Periode) -> Result<Grafik> {
    // The finding: where the funnel narrows most.
    let drop = tahap
        .windows(2)
        .map(|w| (w[1].0, w[0].1 - w[1].1))
        .max_by_key(|(_, d)| *d);
    let judul = match drop {
        Some((stage, d)) if d > 0 => format!(
            "Tahapan program: penyempitan terbesar di tahap \"{}\" ({} KKMP tertahan, {})",
            stage.to_lowercase(),
            model::format::angka(d),
            p.label()
        ),
        _ => format!("Tahapan program KKMP ({})", p.label()),
    };
    let svg = charts::tahapan(&judul, tahap, total).map_err(DataError::Internal)?;
    Ok(Grafik { judul, svg })
}

fn grafik_target(target: &[Capaian], nama: &str, p: Periode) -> Result<Grafik> {
    let bars: Vec<BarCapaian> = target
        .iter()
        .map(|c| progress_bar(c.indikator_nama.clone(), c))
        .collect();
    let behind = target
        .iter()
        .filter(|c| matches!(c.status, StatusTarget::Tertinggal | StatusTarget::Berisiko))
        .count();
    let judul = if behind > 0 {
        format!(
            "Kecamatan {nama}: {behind} dari {} target berisiko atau tertinggal ({})",
            target.len(),
            p.label()
        )
    } else {
        format!(
            "Kecamatan {nama}: semua {} target sesuai jalur ({})",
            target.len(),
            p.label()
        )
    };
    let svg =
        charts::capaian_per_wilayah(&judul, SUMBU_CAPAIAN, &bars).map_err(DataError::Internal)?;
    Ok(Grafik { judul, svg })
}
