//! The one entry point the web layer calls: [`Pantau`] owns the database
//! handle, the master data and the aggregation cache, and turns stored
//! reports into the wire types of `model::view`.
//!
//! Freshness: every write bumps `revisi` in the same transaction; every read
//! first reads `revisi` (one cheap query) and throws the cache away when it
//! moved, so a page never shows figures older than the last committed write,
//! whichever app instance made it. The accepted-only view's cache is keyed
//! by the revision's `diterima` number, which a report version or a step
//! short of acceptance does not move ([`Revisi`]). Polars work runs on a
//! blocking thread.

pub use crate::simpan::Revisi;

pub mod akun;
pub mod anomali;
pub mod bukti;
pub mod cadangan;
pub mod demo;
pub mod impor;
pub mod intervensi;
pub mod jangkar;
pub mod jatah;
pub mod jejak;
pub mod kelola;
pub mod lapangan;
pub mod paket;
pub mod pembaca;
pub mod penerimaan;
pub mod persetujuan;
pub mod pesan;
pub mod proyeksi;
pub mod rekonsiliasi;
pub mod ruang;
pub mod temuan;
pub mod terbuka;

use crate::analitik::dasbor::{Bingkai, HariTerlambat, KeadaanKkmp};
use crate::error::DataError;
use crate::error::Result;
use crate::grafik::BarCapaian;
use crate::inti::demo::DemoConfig;
use crate::inti::demo::SANDI;
use crate::inti::target::KODE_KOTA;
use crate::inti::target::Target;
use crate::inti::teks::nilai_teks;
use crate::inti::waktu::akhir_bulan;
use crate::inti::waktu::wib;
use crate::inti::wilayah::Wilayah;
use crate::simpan::Db;
use chrono::Datelike;
use chrono::Utc;
use model::Periode;
use model::indikator;
use model::indikator::TARGETABLE;
use model::status::JenisGerai;
use model::status::StatusLaporan;
use model::status::StatusOperasi;
use model::status::StatusTarget;
use model::view::BarisKelengkapanKecamatan;
use model::view::BarisWilayah;
use model::view::Capaian;
use model::view::DashboardKecamatan;
use model::view::DashboardKota;
use model::view::DetailKkmp;
use model::view::DetailVersi;
use model::view::Grafik;
use model::view::IsianVersi;
use model::view::Kelengkapan;
use model::view::KelengkapanKota;
use model::view::Konteks;
use model::view::Ringkasan;
use model::view::Tabel;
use model::view::VersiLaporan;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;

/// The indicator of the city page's main chart: the national milestone.
pub const INDIKATOR_UTAMA: &str = "gerai_sembako";

/// The x axis of every progress-against-target chart.
const SUMBU_CAPAIAN: &str = "Capaian terhadap target (%); garis hitam = lintasan target";

/// Stored data as frames, for one revision.
struct Basis {
    /// The revision number the frames were read at (shown on the pages).
    revisi: i64,
    /// The number they stay valid for: `Revisi::kunci` of their view, so
    /// the accepted-only frames outlive writes that view cannot see.
    kunci: i64,
    demo: bool,
    bingkai: Bingkai,
    /// Newest first.
    periode: Vec<Periode>,
    targets: Vec<Target>,
    /// Installed boundary polygons, kelurahan level first.
    batas: Vec<crate::inti::batas::Batas>,
    /// Reports awaiting verification included.
    semua: bool,
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
    /// Two caches: accepted data only (`[0]`, the default) and data
    /// awaiting verification included (`[1]`).
    cache: [Mutex<Cache>; 2],
    /// Reads uploaded workbooks in a separate process.
    pembaca: pembaca::Pembaca,
    /// Downloads per account ([`UNDUH_MAKS`] per [`UNDUH_JENDELA`]): each
    /// is logged in the audit trail, which must not be floodable.
    unduhan: jatah::Jatah,
    /// The audit chain's verified prefix ([`jejak::Rantai`]).
    rantai: Mutex<jejak::Rantai>,
    /// The key and file the chain's head is anchored with, if configured.
    jangkar: Option<jangkar::KonfigJangkar>,
    /// One computation per cache key at a time ([`Pantau::satu_per_kunci`]).
    dihitung: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// How many city and kecamatan pages were computed (cache misses).
    perhitungan: std::sync::atomic::AtomicU64,
    /// The open data's files ([`terbuka`]).
    terbuka: terbuka::CacheTerbuka,
    /// The figures the targets' projections start from ([`proyeksi`]).
    proyeksi: proyeksi::CacheProyeksi,
    /// SIMKOPDES' column mapping and the name matcher ([`rekonsiliasi`]).
    simkopdes: Arc<rekonsiliasi::Simkopdes>,
}

/// Downloads (exports, templates, packs) one account may make per window.
pub const UNDUH_MAKS: usize = 60;
/// The window of [`UNDUH_MAKS`].
pub const UNDUH_JENDELA: std::time::Duration = std::time::Duration::from_secs(600);

impl Pantau {
    /// Loads the master data into `db` (idempotent) and builds the service.
    pub async fn new(db: Db, hari_batas: u32) -> Result<Pantau> {
        crate::simpan::wilayah::muat(&db, &Wilayah::embedded()?).await?;
        let wilayah = Arc::new(crate::simpan::wilayah::baca(&db).await?);
        let simkopdes = Arc::new(rekonsiliasi::Simkopdes {
            peta: crate::inti::rekonsiliasi::Peta::bawaan(),
            pencocok: crate::inti::rekonsiliasi::Pencocok::baru(&wilayah),
        });
        Ok(Pantau {
            db,
            wilayah,
            hari_batas,
            cache: [Mutex::new(Cache::default()), Mutex::new(Cache::default())],
            pembaca: pembaca::Pembaca::server(),
            unduhan: jatah::Jatah::baru(UNDUH_MAKS, UNDUH_JENDELA),
            rantai: Mutex::new(jejak::Rantai::default()),
            jangkar: None,
            dihitung: Mutex::new(HashMap::new()),
            perhitungan: Default::default(),
            terbuka: Default::default(),
            proyeksi: Default::default(),
            simkopdes,
        })
    }

    /// Reads uploaded workbooks with `pembaca` instead of this binary's
    /// `baca-berkas` command (tests use their own reader binary).
    /// Takes one download from the account's allowance, or says how many
    /// seconds until the next is allowed.
    pub fn izin_unduh(&self, nama_pengguna: &str) -> std::result::Result<(), u64> {
        self.unduhan
            .ambil(nama_pengguna)
            .map_err(|d| d.as_secs().max(1))
    }

    pub fn dengan_pembaca(mut self, pembaca: pembaca::Pembaca) -> Pantau {
        self.pembaca = pembaca;
        self
    }

    /// The stored data's revision number and whether it is demo data.
    pub async fn revisi(&self) -> Result<(i64, bool)> {
        self.db.revisi().await
    }

    /// Both revision numbers ([`Revisi`]): what a cache of a page of the
    /// accepted-only view or of the full view is valid for.
    pub async fn revisi_lengkap(&self) -> Result<Revisi> {
        self.db.revisi_lengkap().await
    }

    /// A round trip to the database, for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await
    }

    /// "sqlite" or "postgres".
    pub fn backend(&self) -> &'static str {
        self.db.backend()
    }

    pub(crate) fn db(&self) -> &Db {
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

    /// Loads the demo into an empty database, in one transaction: all of
    /// it or, on any failure or a crash halfway, nothing. Returns the
    /// reason, and changes nothing, when the database may not take it
    /// ([`crate::simpan::demo::ditolak`]).
    pub async fn muat_demo(&self, cfg: &DemoConfig) -> Result<std::result::Result<(), String>> {
        let demo = crate::inti::demo::generate(&self.wilayah, cfg);
        let akun = crate::inti::demo::pengguna(&self.wilayah);
        // The demo accounts' password hashes, before the write lock is taken.
        let mut hash = Vec::with_capacity(akun.len());
        for _ in &akun {
            hash.push(crate::simpan::akun::hash_sandi(SANDI).await?);
        }
        let mut tx = self.db.mulai().await?;
        // The DATA CONTOH flag is the first write: SQLite takes the write
        // lock before the emptiness check below reads anything.
        crate::simpan::demo::tandai(&mut tx).await?;
        if let Some(sebab) = crate::simpan::demo::ditolak(&mut tx).await? {
            return Ok(Err(sebab));
        }
        let pelaku = crate::inti::jejak::Pelaku::sistem("demo");
        let entri =
            crate::inti::jejak::Entri::baru("demo.muat", "laporan").sesudah(&serde_json::json!({
                "jumlah_laporan": demo.laporan.len(),
                "seed": cfg.seed,
            }));
        crate::simpan::laporan::simpan_dalam(&mut tx, &demo.laporan, (&pelaku, &entri)).await?;
        crate::simpan::target::simpan_dalam(
            &mut tx,
            &demo.target,
            "demo",
            crate::inti::demo::waktu_target(),
        )
        .await?;
        crate::simpan::demo::setujui(&mut tx, &self.wilayah).await?;
        // The demo's workflow steps are written in bulk: bind them now.
        crate::simpan::ikatan::ikat_yang_lepas_dalam(
            &mut tx,
            &pelaku,
            &crate::inti::jejak::Entri::baru("demo.ikat", "laporan_langkah"),
        )
        .await?;
        for ((peran, nama_pengguna, nama, cakupan), phc) in akun.into_iter().zip(&hash) {
            let baru = crate::inti::akun::PenggunaBaru {
                nama_pengguna: nama_pengguna.into(),
                nama: nama.into(),
                peran: peran.code().into(),
                cakupan: cakupan.unwrap_or_default(),
                sandi: String::new(),
            };
            crate::simpan::akun::simpan_baru_dalam(&mut tx, &baru, phc, &pelaku, true).await?;
        }
        crate::layanan::demo::ruang(self, &mut tx, cfg.akhir, &pelaku).await?;
        tx.selesai().await?;
        Ok(Ok(()))
    }

    /// Forgets every cached result (benchmarks measure the cold path).
    pub fn kosongkan_cache(&self) {
        for cache in &self.cache {
            if let Ok(mut c) = cache.lock() {
                *c = Cache::default();
            }
        }
    }

    /// How many city and kecamatan pages this instance has computed (each
    /// a cache miss): concurrent requests for one cold page count one.
    pub fn jumlah_perhitungan(&self) -> u64 {
        self.perhitungan.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Waits until no other request computes `kunci`, then holds it: the
    /// caller checks the cache again (the other request may have filled
    /// it) and computes only on a miss. Without it, 64 requests arriving
    /// together on a cold page all computed it (a p99 of 1.1 s on
    /// `/kecamatan`). Keys are cache keys: a few hundred at most, dropped
    /// when no request holds or waits for them.
    async fn satu_per_kunci(&self, kunci: String) -> tokio::sync::OwnedMutexGuard<()> {
        let kunci_mutex = {
            let mut peta = self.dihitung.lock().unwrap_or_else(|e| e.into_inner());
            // Locks nobody holds or waits for any more.
            peta.retain(|_, m| Arc::strong_count(m) > 1);
            peta.entry(kunci).or_default().clone()
        };
        kunci_mutex.lock_owned().await
    }

    /// What `cari` finds in the cache, or, on a miss, the turn to compute
    /// it ([`Pantau::satu_per_kunci`]): the cache is looked at again once
    /// the turn comes, since the request before may have filled it.
    async fn dari_cache<T>(
        &self,
        kunci: String,
        cari: impl Fn() -> Option<T>,
    ) -> std::result::Result<T, tokio::sync::OwnedMutexGuard<()>> {
        if let Some(v) = cari() {
            return Ok(v);
        }
        let giliran = self.satu_per_kunci(kunci).await;
        cari().ok_or(giliran)
    }

    /// Stores into the cache, unless a write has moved the revision since
    /// `revisi` was read (the result would then be stale).
    fn simpan_cache(&self, semua: bool, kunci: i64, store: impl FnOnce(&mut Cache)) {
        if let Ok(mut c) = self.cache[semua as usize].lock()
            && c.basis.as_ref().is_some_and(|b| b.kunci == kunci)
        {
            store(&mut c);
        }
    }

    /// The stored data as frames: accepted reports only, or with `semua`
    /// the latest version of every report.
    async fn basis(&self, semua: bool) -> Result<Arc<Basis>> {
        let kunci = self.db.revisi_lengkap().await?.kunci(semua);
        if let Some(b) = self.cache[semua as usize]
            .lock()
            .ok()
            .and_then(|c| c.basis.clone())
            .filter(|b| b.kunci == kunci)
        {
            return Ok(b);
        }
        // After a write every request finds the revision moved: one of
        // them loads the frames, the others wait for it.
        let _giliran = self.satu_per_kunci(format!("basis/{semua}")).await;
        let revisi = self.db.revisi_lengkap().await?;
        {
            let mut cache = self.cache[semua as usize]
                .lock()
                .map_err(|_| DataError::Internal("cache lock".into()))?;
            match &cache.basis {
                Some(b) if b.kunci == revisi.kunci(semua) => return Ok(b.clone()),
                _ => *cache = Cache::default(),
            }
        }
        let rows = crate::simpan::laporan::terkini(&self.db, semua).await?;
        let targets = crate::simpan::target::semua(&self.db).await?;
        let batas = crate::simpan::batas::berkas(&self.db).await?;
        let basis = Arc::new(self.basis_dari(rows, targets, batas, revisi, semua).await?);
        let mut cache = self.cache[semua as usize]
            .lock()
            .map_err(|_| DataError::Internal("cache lock".into()))?;
        cache.basis = Some(basis.clone());
        Ok(basis)
    }

    /// Frames from stored reports, targets and boundary files.
    async fn basis_dari(
        &self,
        rows: Vec<crate::inti::laporan::LaporanTersimpan>,
        targets: Vec<Target>,
        batas: Vec<(String, String)>,
        revisi: crate::simpan::Revisi,
        semua: bool,
    ) -> Result<Basis> {
        let batas = batas
            .into_iter()
            .map(|(nama, isi)| {
                crate::berkas::batas::baca(isi.as_bytes(), &nama, &self.wilayah).map_err(|e| {
                    DataError::Internal(format!("batas wilayah tersimpan rusak: {}", e.join("; ")))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut periode: Vec<Periode> = rows.iter().map(|r| r.isi.periode).collect();
        periode.sort_unstable_by(|a, b| b.cmp(a));
        periode.dedup();
        let wilayah = self.wilayah.clone();
        let hari_batas = self.hari_batas;
        let bingkai = blocking(move || Bingkai::baru(&rows, &wilayah, hari_batas)).await?;
        Ok(Basis {
            revisi: revisi.nomor,
            kunci: revisi.kunci(semua),
            demo: revisi.demo,
            bingkai,
            periode,
            targets,
            batas,
            semua,
        })
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
            dihitung: crate::inti::waktu::waktu_wib(Utc::now()),
            revisi: basis.revisi,
            batas_hari: self.hari_batas,
            semua: basis.semua,
        }
    }

    /// The city dashboard for `periode` (default: the newest month).
    /// `indikator` chooses the target shown per kecamatan (default: the
    /// national milestone, gerai sembako).
    pub async fn dashboard_kota(
        &self,
        periode: Option<Periode>,
        indikator: Option<&str>,
        peta: Option<&str>,
        semua: bool,
    ) -> Result<Arc<DashboardKota>> {
        let indikator = indikator_sah(indikator)?;
        let peta_mode = match peta {
            None | Some("") | Some("status") => "status",
            Some(x) if x == indikator => indikator,
            Some(x) => {
                return Err(DataError::Invalid(format!(
                    "Pewarnaan peta '{x}' tidak dikenal: pilih 'status' (status operasi) atau indikator halaman ini ('{indikator}')."
                )));
            }
        };
        let basis = self.basis(semua).await?;
        let p = Self::pilih_periode(&basis, periode)?;
        let key = (p, format!("{indikator}/{peta_mode}"));
        let cari = || {
            self.cache[semua as usize]
                .lock()
                .ok()
                .and_then(|c| c.kota.get(&key).cloned())
        };
        let _giliran = match self
            .dari_cache(format!("kota/{semua}/{}/{}", key.0, key.1), cari)
            .await
        {
            Ok(hit) => return Ok(hit),
            Err(giliran) => giliran,
        };
        let b = basis.clone();
        let has_prev = basis.periode.contains(&p.prev());
        let first = basis.periode.last().copied().unwrap_or(p).min(p);
        let known: HashMap<Periode, Ringkasan> = self.cache[semua as usize]
            .lock()
            .ok()
            .filter(|c| c.basis.as_ref().is_some_and(|x| x.kunci == basis.kunci))
            .map(|c| c.bulanan.clone())
            .unwrap_or_default();
        let missing: Vec<Periode> = first
            .through(p)
            .filter(|m| !known.contains_key(m))
            .collect();
        let w = self.wilayah.clone();
        self.perhitungan
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let h = blocking(move || {
            crate::analitik::dasbor::kota(
                &b.bingkai,
                &w,
                &b.targets,
                (p, first),
                indikator,
                &missing,
            )
        })
        .await?;
        let mut bulanan = known;
        bulanan.extend(h.bulanan.iter().cloned());
        self.simpan_cache(basis.semua, basis.kunci, |c| {
            c.bulanan
                .extend(bulanan.iter().map(|(m, r)| (*m, r.clone())));
        });
        let series: Vec<(Periode, Ringkasan)> = first
            .through(p)
            .filter_map(|m| bulanan.get(&m).map(|r| (m, r.clone())))
            .collect();
        let prev = has_prev.then(|| bulanan.get(&p.prev()).cloned()).flatten();

        let capaian = &h.capaian;
        let kota = h.total.clone();
        let kecamatan: Vec<BarisWilayah> = h
            .kecamatan
            .iter()
            .map(|(code, ringkasan)| BarisWilayah {
                capaian: capaian.get(&(code.clone(), indikator.to_string())).cloned(),
                nama: self.nama_kecamatan(code),
                code: code.clone(),
                ringkasan: ringkasan.clone(),
            })
            .collect();
        let target_kota = TARGETABLE
            .iter()
            .filter_map(|i| {
                capaian
                    .get(&(KODE_KOTA.to_string(), i.to_string()))
                    .cloned()
            })
            .collect();
        let grafik = grafik_kecamatan(&kecamatan, p, indikator)?;
        let peta = self.peta(
            &basis,
            &h.kkmp,
            &h.kec_nilai,
            p,
            indikator,
            peta_mode,
            capaian,
        )?;
        let tren = grafik_tren(&series, &basis.targets, p, None, "Kota Palembang")?;
        let tahapan = h.tahapan.clone();
        let grafik_tahapan = grafik_funnel(&tahapan, kota.kkmp, p)?;
        let kelipatan = self.kelipatan(&h.seri, &basis.targets, capaian, indikator, first, p)?;
        let liga = h.liga.clone();
        let liga_ketepatan = h.liga_ketepatan.clone();
        let lama_tahapan = h.lama_tahapan.clone();
        let bukti = self
            .bukti_lapangan(
                p,
                h.kkmp
                    .iter()
                    .filter(|k| k.status != StatusOperasi::Belum)
                    .map(|k| k.kelurahan_code.clone())
                    .collect(),
            )
            .await?;
        let view = Arc::new(DashboardKota {
            bukti,
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
            peta_mode: peta_mode.to_string(),
            peta_batas: !basis.batas.is_empty(),
            kelipatan,
            liga,
            liga_ketepatan,
            lama_tahapan,
        });
        self.simpan_cache(basis.semua, basis.kunci, |c| {
            c.kota.insert(key, view.clone());
        });
        Ok(view)
    }

    /// Every KKMP as a form's choice: (kelurahan code, "KKMP name (kecamatan)").
    pub(crate) fn pilihan_kkmp(&self) -> Vec<(String, String)> {
        self.wilayah
            .kelurahan
            .iter()
            .map(|k| {
                (
                    k.code.clone(),
                    format!(
                        "{} ({})",
                        k.kkmp_nama,
                        self.nama_kecamatan(&k.kecamatan_code)
                    ),
                )
            })
            .collect()
    }

    pub(crate) fn nama_kecamatan(&self, code: &str) -> String {
        self.wilayah
            .kecamatan(code)
            .map(|k| k.nama.clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// Small multiples: each kecamatan's progress on `indikator` month by
    /// month (as a share of its target), with its trajectory.
    fn kelipatan(
        &self,
        seri: &HashMap<String, Vec<(Periode, f64)>>,
        targets: &[Target],
        capaian: &HashMap<(String, String), Capaian>,
        indikator: &str,
        first: Periode,
        p: Periode,
    ) -> Result<Grafik> {
        let meta = indikator::cari(indikator);
        let persen_kkmp = indikator::persen_kkmp(indikator);
        let mut panel = Vec::new();
        let mut baris = Vec::new();
        for k in &self.wilayah.kecamatan {
            let titik = seri.get(&k.code).cloned().unwrap_or_default();
            let skala = |m: Periode| {
                Target::berlaku(targets, indikator, Some(&k.code), None, akhir_bulan(m))
                    .map(|t| t.nilai_target)
                    .filter(|t| *t > 0.0)
                    .unwrap_or(1.0)
            };
            let lintasan: Vec<(Periode, f64)> = first
                .through(p)
                .filter_map(|m| {
                    Target::berlaku(targets, indikator, Some(&k.code), None, akhir_bulan(m))
                        .map(|t| (m, t.harapan(akhir_bulan(m)) / skala(m)))
                })
                .collect();
            let c = capaian.get(&(k.code.clone(), indikator.to_string()));
            baris.push(vec![
                k.nama.clone(),
                titik
                    .last()
                    .map(|(_, x)| nilai_teks(*x, persen_kkmp))
                    .unwrap_or_default(),
                c.map(|c| nilai_teks(c.harapan, persen_kkmp))
                    .unwrap_or_else(|| "–".into()),
                c.map(|c| nilai_teks(c.target, persen_kkmp))
                    .unwrap_or_else(|| "–".into()),
                c.map(|c| c.status.label().to_string())
                    .unwrap_or_else(|| "tanpa target".into()),
            ]);
            panel.push(crate::grafik::Panel {
                label: k.nama.clone(),
                titik: titik.iter().map(|(m, x)| (*m, x / skala(*m))).collect(),
                lintasan,
                status: c.map(|c| c.status),
            });
        }
        let nama = model::format::awal_kecil(meta.map_or(indikator, |i| i.nama));
        let behind = panel
            .iter()
            .filter(|x| matches!(x.status, Some(StatusTarget::Tertinggal)))
            .count();
        let judul = format!(
            "{behind} dari {} kecamatan tertinggal dari target {nama}: perkembangan {} sampai {}",
            panel.len(),
            first.label(),
            p.label()
        );
        let svg = crate::grafik::kelipatan_kecil(&judul, &panel).map_err(DataError::Internal)?;
        Ok(Grafik {
            judul,
            svg,
            tabel: Tabel {
                kolom: vec![
                    "Kecamatan".into(),
                    format!("Nilai {}", p.label()),
                    "Lintasan".into(),
                    "Target".into(),
                    "Status".into(),
                ],
                angka: vec![false, true, true, true, false],
                baris,
            },
        })
    }

    /// One kecamatan's page for `periode`.
    pub async fn dashboard_kecamatan(
        &self,
        code: &str,
        periode: Option<Periode>,
        semua: bool,
    ) -> Result<Arc<DashboardKecamatan>> {
        let kec = self.wilayah.kecamatan(code).cloned().ok_or_else(|| {
            DataError::NotFound(format!(
                "Kecamatan dengan kode '{code}' tidak ada di Kota Palembang."
            ))
        })?;
        let basis = self.basis(semua).await?;
        let p = Self::pilih_periode(&basis, periode)?;
        let key = (kec.code.clone(), p);
        let cari = || {
            self.cache[semua as usize]
                .lock()
                .ok()
                .and_then(|c| c.kecamatan.get(&key).cloned())
        };
        let _giliran = match self
            .dari_cache(format!("kecamatan/{semua}/{}/{}", key.0, key.1), cari)
            .await
        {
            Ok(hit) => return Ok(hit),
            Err(giliran) => giliran,
        };
        let b = basis.clone();
        let has_prev = basis.periode.contains(&p.prev());
        let kec_code = kec.code.clone();
        let first = basis.periode.last().copied().unwrap_or(p).min(p);
        let w = self.wilayah.clone();
        self.perhitungan
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let h = blocking(move || {
            crate::analitik::dasbor::kecamatan(
                &b.bingkai,
                &w,
                &b.targets,
                &kec_code,
                (p, first),
                has_prev,
            )
        })
        .await?;

        let target = target_berurut(&h.capaian, &kec.code);
        let proyeksi = proyeksi::kalimat(&*self.dasar_proyeksi().await?, &kec.code, &target);
        let grafik = grafik_target(&target, &kec.nama, p)?;
        let kelengkapan = self.kelengkapan(&basis, &kec.code, p)?;
        let tren = grafik_tren(
            &h.seri,
            &basis.targets,
            p,
            Some(&kec.code),
            &format!("Kecamatan {}", kec.nama),
        )?;
        let bukti = self
            .bukti_lapangan(
                p,
                h.kkmp
                    .iter()
                    .filter(|k| k.status_operasi != StatusOperasi::Belum)
                    .map(|k| k.kelurahan_code.clone())
                    .collect(),
            )
            .await?;
        let view = Arc::new(DashboardKecamatan {
            bukti,
            konteks: self.konteks(&basis, p),
            code: kec.code.clone(),
            nama: kec.nama.clone(),
            bulan_lalu: h.bulan_lalu,
            ringkasan: h.ringkasan,
            target,
            kkmp: h.kkmp,
            grafik,
            kelengkapan,
            tren,
            proyeksi,
            peringkat: h
                .peringkat
                .into_iter()
                .map(|(i, r)| (indikator::cari(i).map_or(i, |m| m.nama).to_string(), r))
                .collect(),
        });
        self.simpan_cache(basis.semua, basis.kunci, |c| {
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
        // Figures against targets count accepted reports, as the dashboards do.
        let basis = self.basis(false).await?;
        let rows = crate::simpan::laporan::semua_versi(&self.db, &kel.code).await?;
        let status = crate::simpan::persetujuan::status_kkmp(&self.db, &kel.code).await?;
        let mut seen = std::collections::HashSet::new();
        let by_version: HashMap<(Periode, i64), &crate::inti::laporan::Laporan> = rows
            .iter()
            .map(|r| ((r.isi.periode, r.versi), &r.isi))
            .collect();
        let versi = rows
            .iter()
            .map(|r| {
                let terkini = seen.insert(r.isi.periode);
                let (status_laporan, hari_terlambat) =
                    ketepatan(crate::inti::waktu::hari_terlambat(
                        r.isi.periode,
                        self.hari_batas,
                        r.pertama_dikirim,
                    ));
                VersiLaporan {
                    periode: r.isi.periode,
                    versi: r.versi,
                    terkini,
                    dikirim: crate::inti::waktu::waktu_wib(r.pengiriman.dikirim_pada),
                    dikirim_oleh: r.pengiriman.dikirim_oleh.clone(),
                    sumber: r.pengiriman.sumber.clone(),
                    alasan: r.pengiriman.alasan.clone(),
                    perubahan: by_version
                        .get(&(r.isi.periode, r.versi - 1))
                        .map(|before| crate::inti::isian::perubahan(before, &r.isi))
                        .unwrap_or_default(),
                    peringatan: peringatan_diterima(&r.pengiriman),
                    laporan: status_laporan,
                    hari_terlambat,
                    persetujuan: terkini
                        .then(|| status.get(&r.isi.periode.to_string()).copied())
                        .flatten(),
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
        // Its milestones and its targets at the newest month with data.
        let (tahapan, target) = match basis.periode.first().copied() {
            None => (
                crate::analitik::TAHAPAN
                    .iter()
                    .map(|(_, l)| (l.to_string(), None))
                    .collect(),
                Vec::new(),
            ),
            Some(p) => {
                let b = basis.clone();
                let (kel_code, kec_code) = (kel.code.clone(), kec.code.clone());
                let (tahapan, capaian) = blocking(move || {
                    crate::analitik::dasbor::kkmp(&b.bingkai, &b.targets, (&kel_code, &kec_code), p)
                })
                .await?;
                let target = TARGETABLE
                    .iter()
                    .filter_map(|i| capaian.get(&(kel.code.clone(), i.to_string())).cloned())
                    .collect();
                (tahapan, target)
            }
        };
        Ok(DetailKkmp {
            tahapan,
            target,
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
                // The three months that ended last: the current month is
                // reported after it ends.
                let akhir = crate::layanan::penerimaan::bulan_ini(Utc::now()).prev();
                vec![akhir, akhir.prev(), akhir.prev().prev()]
            },
        })
    }

    /// One version of one KKMP's report for one month, every field, with
    /// what it changed from the version before.
    pub async fn versi_laporan(
        &self,
        kelurahan_code: &str,
        periode: Periode,
        versi: i64,
    ) -> Result<DetailVersi> {
        let kel = self
            .wilayah
            .kelurahan(kelurahan_code)
            .cloned()
            .ok_or_else(|| {
                DataError::NotFound(format!(
                    "KKMP dengan kode kelurahan '{kelurahan_code}' tidak ada di Kota Palembang."
                ))
            })?;
        let (_, demo) = self.db.revisi().await?;
        let rows = crate::simpan::laporan::semua_versi(&self.db, &kel.code).await?;
        let bulan: Vec<&crate::inti::laporan::LaporanTersimpan> =
            rows.iter().filter(|r| r.isi.periode == periode).collect();
        let r = bulan.iter().find(|r| r.versi == versi).ok_or_else(|| {
            DataError::NotFound(format!(
                "Laporan {} versi {versi} dari {} tidak ada.",
                periode.label(),
                kel.kkmp_nama
            ))
        })?;
        let before = bulan.iter().find(|b| b.versi == versi - 1).map(|b| &b.isi);
        let bagian = model::isian::Bagian::ALL
            .iter()
            .map(|bg| {
                let fields = model::isian::BIDANG
                    .iter()
                    .filter(|b| b.bagian == *bg)
                    .map(|b| {
                        let now = crate::inti::isian::tampil(&r.isi, b);
                        let prev = before
                            .map(|x| crate::inti::isian::tampil(x, b))
                            .filter(|p| *p != now);
                        IsianVersi {
                            label: b.label.to_string(),
                            nilai: now,
                            sebelumnya: prev,
                        }
                    })
                    .collect();
                (bg.label().to_string(), fields)
            })
            .collect();
        let (status_laporan, hari_terlambat) = ketepatan(crate::inti::waktu::hari_terlambat(
            periode,
            self.hari_batas,
            r.pertama_dikirim,
        ));
        let mut semua: Vec<i64> = bulan.iter().map(|b| b.versi).collect();
        semua.sort_unstable();
        let (persetujuan, langkah) = self.langkah_laporan(&kel.code, periode).await?;
        let versi_terkini = semua.last() == Some(&versi);
        Ok(DetailVersi {
            demo,
            kecamatan_nama: self.nama_kecamatan(&kel.kecamatan_code),
            kecamatan_code: kel.kecamatan_code.clone(),
            kelurahan_code: kel.code.clone(),
            kelurahan_nama: kel.nama.clone(),
            kkmp_nama: kel.kkmp_nama.clone(),
            periode,
            versi,
            terkini: versi_terkini,
            semua_versi: semua,
            dikirim: crate::inti::waktu::waktu_wib(r.pengiriman.dikirim_pada),
            dikirim_oleh: r.pengiriman.dikirim_oleh.clone(),
            sumber: r.pengiriman.sumber.clone(),
            alasan: r.pengiriman.alasan.clone(),
            peringatan: peringatan_diterima(&r.pengiriman),
            laporan: status_laporan,
            hari_terlambat,
            bagian,
            persetujuan: if versi_terkini { persetujuan } else { None },
            langkah,
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
        crate::analitik::dasbor::terlambat_12_bulan(&basis.bingkai, first, p)
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

    /// The map of every KKMP: by operating status, or by the page's
    /// indicator (shaded by progress towards the city's target), over the
    /// installed boundary polygons if any.
    #[expect(
        clippy::too_many_arguments,
        reason = "one call site; the pieces of one page"
    )]
    fn peta(
        &self,
        basis: &Basis,
        kkmp: &[KeadaanKkmp],
        kec_nilai: &HashMap<String, f64>,
        p: Periode,
        indikator: &str,
        mode: &str,
        capaian: &HashMap<(String, String), Capaian>,
    ) -> Result<Grafik> {
        let meta = indikator::cari(indikator);
        let persen_kkmp = indikator::persen_kkmp(indikator);
        let menurut_status = mode == "status";
        // Classes by progress towards the city's target (or the largest value).
        let skala = capaian
            .get(&(KODE_KOTA.to_string(), indikator.to_string()))
            .map(|c| c.target)
            .filter(|t| *t > 0.0)
            .unwrap_or_else(|| {
                kkmp.iter()
                    .map(|k| k.nilai)
                    .fold(f64::NEG_INFINITY, f64::max)
                    .max(1e-9)
            });
        let kelas = |x: f64| {
            ((x / skala * crate::grafik::KELAS as f64).floor().max(0.0) as usize)
                .min(crate::grafik::KELAS - 1)
        };
        let mut isi_kkmp: HashMap<String, (crate::grafik::IsiPeta, String)> = HashMap::new();
        for k in kkmp {
            let (status, f, x) = (k.status, k.formalitas, k.nilai);
            let entry = if menurut_status {
                (
                    crate::grafik::IsiPeta::Status(status, f),
                    format!(
                        "{}{}",
                        status.label(),
                        if f { ", hanya formalitas" } else { "" }
                    ),
                )
            } else {
                let teks = if persen_kkmp {
                    if x >= 1.0 {
                        "sudah".to_string()
                    } else {
                        "belum".to_string()
                    }
                } else {
                    nilai_teks(x, false)
                };
                (crate::grafik::IsiPeta::Kelas(kelas(x)), teks)
            };
            isi_kkmp.insert(k.kelurahan_code.clone(), entry);
        }
        let titik: Vec<crate::grafik::TitikPeta> = self
            .wilayah
            .kelurahan
            .iter()
            .filter_map(|k| {
                isi_kkmp
                    .get(&k.code)
                    .map(|(isi, teks)| crate::grafik::TitikPeta {
                        label: k.nama.clone(),
                        lat: k.lat,
                        lng: k.lng,
                        isi: isi.clone(),
                        teks: teks.clone(),
                    })
            })
            .collect();
        let kec_v = kec_nilai;
        let poligon: Vec<crate::grafik::PoligonPeta> = match basis.batas.first() {
            Some(b) => b
                .area
                .iter()
                .map(|a| crate::grafik::PoligonPeta {
                    label: a.code.clone(),
                    cincin: a.cincin.clone(),
                    isi: match b.tingkat {
                        crate::inti::batas::Tingkat::Kelurahan => {
                            isi_kkmp.get(&a.code).map(|(i, _)| i.clone())
                        }
                        crate::inti::batas::Tingkat::Kecamatan if !menurut_status => kec_v
                            .get(a.code.as_str())
                            .map(|x| crate::grafik::IsiPeta::Kelas(kelas(*x))),
                        crate::inti::batas::Tingkat::Kecamatan => None,
                    },
                })
                .collect(),
            None => Vec::new(),
        };
        let label: Vec<crate::grafik::LabelPeta> = self
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
                crate::grafik::LabelPeta {
                    label: kec.nama.clone(),
                    lat: kel.iter().map(|k| k.lat).sum::<f64>() / n,
                    lng: kel.iter().map(|k| k.lng).sum::<f64>() / n,
                }
            })
            .collect();
        let nama = model::format::awal_kecil(meta.map_or(indikator, |i| i.nama));
        let (judul, legenda) = if menurut_status {
            let belum = titik
                .iter()
                .filter(|t| {
                    matches!(
                        t.isi,
                        crate::grafik::IsiPeta::Status(StatusOperasi::Belum, _)
                    )
                })
                .count();
            (
                format!(
                    "Peta {} KKMP: {belum} belum beroperasi ({})",
                    titik.len(),
                    p.label()
                ),
                Vec::new(),
            )
        } else {
            let sudah = kkmp.iter().filter(|k| k.nilai >= 1.0).count();
            let judul = if persen_kkmp {
                format!(
                    "Peta {nama}: {sudah} dari {} KKMP ({})",
                    titik.len(),
                    p.label()
                )
            } else {
                format!("Peta {nama} per KKMP ({})", p.label())
            };
            let step = 100 / crate::grafik::KELAS;
            let per_kkmp = basis
                .batas
                .first()
                .is_none_or(|b| b.tingkat == crate::inti::batas::Tingkat::Kelurahan);
            // A share is yes or no for one KKMP: two classes say it.
            let legenda: Vec<(usize, String)> = if persen_kkmp && per_kkmp {
                vec![
                    (0, format!("Belum ({} KKMP)", titik.len() - sudah)),
                    (crate::grafik::KELAS - 1, format!("Sudah ({sudah} KKMP)")),
                ]
            } else {
                (0..crate::grafik::KELAS)
                    .map(|k| {
                        let text = if k + 1 == crate::grafik::KELAS {
                            format!("≥ {}% dari target", k * step)
                        } else {
                            format!("{}–{}% dari target", k * step, (k + 1) * step - 1)
                        };
                        (k, text)
                    })
                    .collect()
            };
            (judul, legenda)
        };
        let svg = crate::grafik::peta(&judul, &titik, &poligon, &label, &legenda)
            .map_err(DataError::Internal)?;
        let baris = self
            .wilayah
            .kelurahan
            .iter()
            .filter_map(|k| {
                isi_kkmp.get(&k.code).map(|(_, teks)| {
                    vec![
                        k.nama.clone(),
                        self.nama_kecamatan(&k.kecamatan_code),
                        teks.clone(),
                    ]
                })
            })
            .collect();
        Ok(Grafik {
            judul,
            svg,
            tabel: Tabel {
                kolom: vec![
                    "Kelurahan".into(),
                    "Kecamatan".into(),
                    if menurut_status {
                        "Status operasi".into()
                    } else {
                        meta.map_or(indikator, |i| i.nama).to_string()
                    },
                ],
                angka: vec![false, false, !menurut_status && !persen_kkmp],
                baris,
            },
        })
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

/// Area `code`'s progress on each targetable indicator that has a target,
/// in the registry's order.
pub(crate) fn target_berurut(
    capaian: &crate::analitik::dasbor::PetaCapaian,
    code: &str,
) -> Vec<Capaian> {
    TARGETABLE
        .iter()
        .filter_map(|i| capaian.get(&(code.to_string(), i.to_string())).cloned())
        .collect()
}

/// An indicator a page may show: the requested one if targetable, else the
/// national milestone.
fn indikator_sah(indikator: Option<&str>) -> Result<&'static str> {
    match indikator {
        None | Some("") => Ok(INDIKATOR_UTAMA),
        Some(code) => TARGETABLE
            .iter()
            .copied()
            .find(|t| *t == code)
            .ok_or_else(|| {
                DataError::Invalid(format!(
                    "Indikator '{code}' tidak dikenal. Pilih salah satu: {}",
                    TARGETABLE.join(", ")
                ))
            }),
    }
}

/// The soft warnings a sender accepted with a version, one per line.
fn peringatan_diterima(p: &crate::inti::laporan::Pengiriman) -> Vec<String> {
    p.peringatan
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// A version's timeliness from its days late: the status, and the days when
/// late.
fn ketepatan(late: i64) -> (StatusLaporan, Option<i64>) {
    if late <= 0 {
        (StatusLaporan::TepatWaktu, None)
    } else {
        (StatusLaporan::Terlambat, Some(late))
    }
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

/// A progress row of a chart's table: area, actual, trajectory, target,
/// deadline, status.
fn baris_capaian(label: &str, c: &Capaian) -> Vec<String> {
    vec![
        label.to_string(),
        nilai_teks(c.aktual, c.persen),
        nilai_teks(c.harapan, c.persen),
        nilai_teks(c.target, c.persen),
        model::format::tanggal_iso(&c.tenggat),
        c.status.label().to_string(),
    ]
}

fn tabel_capaian(kepala: &str, baris: Vec<Vec<String>>) -> Tabel {
    Tabel {
        kolom: [kepala, "Capaian", "Lintasan", "Target", "Tenggat", "Status"]
            .map(String::from)
            .to_vec(),
        angka: vec![false, true, true, true, false, false],
        baris,
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
    let svg = crate::grafik::capaian_per_wilayah(&judul, SUMBU_CAPAIAN, &bars)
        .map_err(DataError::Internal)?;
    let baris = rows
        .iter()
        .filter_map(|r| r.capaian.as_ref().map(|c| baris_capaian(&r.nama, c)))
        .collect();
    Ok(Grafik {
        judul,
        svg,
        tabel: tabel_capaian("Kecamatan", baris),
    })
}

/// An area's gerai sembako and operating shares month by month, against the
/// trajectory of the gerai sembako target that applies to it each month.
fn grafik_tren(
    series: &[(Periode, Ringkasan)],
    targets: &[Target],
    p: Periode,
    kecamatan: Option<&str>,
    wilayah: &str,
) -> Result<Grafik> {
    let sembako: Vec<(Periode, f64)> = series
        .iter()
        .map(|(m, r)| {
            (
                *m,
                crate::analitik::nilai(INDIKATOR_UTAMA, r).unwrap_or(0.0),
            )
        })
        .collect();
    let beroperasi: Vec<(Periode, f64)> = series
        .iter()
        .map(|(m, r)| (*m, crate::analitik::nilai("beroperasi", r).unwrap_or(0.0)))
        .collect();
    let lintasan: Vec<(Periode, f64)> = series
        .iter()
        .filter_map(|(m, _)| {
            Target::berlaku(targets, INDIKATOR_UTAMA, kecamatan, None, akhir_bulan(*m))
                .map(|t| (*m, t.harapan(akhir_bulan(*m))))
        })
        .collect();
    let judul = match (sembako.first(), sembako.last()) {
        (Some((a, x)), Some((b, y))) if a != b => format!(
            "{wilayah}: gerai sembako beroperasi {} dari {} ({}) ke {} ({}); lintasan target {}",
            if y >= x { "naik" } else { "turun" },
            model::format::persen(*x),
            a.label(),
            model::format::persen(*y),
            b.label(),
            lintasan
                .last()
                .map_or("–".to_string(), |l| model::format::persen(l.1)),
        ),
        _ => format!(
            "{wilayah}: perkembangan gerai sembako beroperasi sampai {}",
            p.label()
        ),
    };
    let svg = crate::grafik::tren_bulanan(
        &judul,
        &[
            crate::grafik::Garis {
                nama: "Gerai sembako beroperasi".into(),
                titik: sembako.clone(),
                gaya: crate::grafik::GayaGaris::Utama,
            },
            crate::grafik::Garis {
                nama: "KKMP beroperasi (≥ 1 unit)".into(),
                titik: beroperasi.clone(),
                gaya: crate::grafik::GayaGaris::Kedua,
            },
            crate::grafik::Garis {
                nama: "Lintasan target gerai sembako".into(),
                titik: lintasan.clone(),
                gaya: crate::grafik::GayaGaris::Target,
            },
        ],
    )
    .map_err(DataError::Internal)?;
    let lintasan: HashMap<Periode, f64> = lintasan.into_iter().collect();
    let baris = series
        .iter()
        .zip(sembako.iter().zip(&beroperasi))
        .map(|((m, _), ((_, s), (_, o)))| {
            vec![
                m.label(),
                model::format::persen(*s),
                model::format::persen(*o),
                lintasan
                    .get(m)
                    .map_or("–".into(), |x| model::format::persen(*x)),
            ]
        })
        .collect();
    Ok(Grafik {
        judul,
        svg,
        tabel: Tabel {
            kolom: [
                "Bulan",
                "Gerai sembako beroperasi",
                "KKMP beroperasi",
                "Lintasan target",
            ]
            .map(String::from)
            .to_vec(),
            angka: vec![false, true, true, true],
            baris,
        },
    })
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
    let svg = crate::grafik::tahapan(&judul, tahap, total).map_err(DataError::Internal)?;
    let share = |n: i64| {
        if total > 0 {
            n as f64 / total as f64
        } else {
            0.0
        }
    };
    Ok(Grafik {
        judul,
        svg,
        tabel: Tabel {
            kolom: ["Tahap", "KKMP", "% dari semua KKMP"]
                .map(String::from)
                .to_vec(),
            angka: vec![false, true, true],
            baris: tahap
                .iter()
                .map(|(l, n)| {
                    vec![
                        l.to_string(),
                        model::format::angka(*n),
                        model::format::persen(share(*n)),
                    ]
                })
                .collect(),
        },
    })
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
    let svg = crate::grafik::capaian_per_wilayah(&judul, SUMBU_CAPAIAN, &bars)
        .map_err(DataError::Internal)?;
    let baris = target
        .iter()
        .map(|c| baris_capaian(&c.indikator_nama, c))
        .collect();
    Ok(Grafik {
        judul,
        svg,
        tabel: tabel_capaian("Indikator", baris),
    })
}
