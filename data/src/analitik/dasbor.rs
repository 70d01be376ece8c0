//! The dashboards' computations: what the city, kecamatan and KKMP pages
//! show, computed from the frames of one revision and returned as plain
//! values (names, figures, progress against targets). Nothing here knows
//! the cache, the database or the charts; `layanan` runs these off the async
//! threads and draws the charts from what they return.

use super::kol;
use crate::error::{DataError, Result};
use crate::inti::laporan::LaporanTersimpan;
use crate::inti::target::{Cakupan, KODE_KOTA, Target};
use crate::inti::waktu::hari;
use crate::inti::wilayah::Wilayah;
use chrono::NaiveDate;
use model::Periode;
use model::indikator::{self, TARGETABLE};
use model::status::{GeraiStatus, PinjamanTahap, StatusLaporan, StatusOperasi, StatusTarget};
use model::view::{BarisKkmp, BarisLamaTahapan, BarisLiga, Capaian, Ringkasan};
use polars::prelude::*;
use std::collections::HashMap;

/// Progress on targets keyed by (area code, indicator).
pub type PetaCapaian = HashMap<(String, String), Capaian>;

/// Each milestone's label and the month it was first reported.
pub type Tahapan = Vec<(String, Option<Periode>)>;

/// For each (KKMP, month index) with a report, the days late of its first
/// version (0 or less: on time).
pub type HariTerlambat = HashMap<(String, i32), i64>;

/// The stored reports and the master data as frames, for one revision.
pub struct Bingkai {
    laporan: DataFrame,
    master: DataFrame,
}

impl Bingkai {
    /// Builds the frames from the current versions (CPU work: call off the
    /// async threads).
    pub fn baru(rows: &[LaporanTersimpan], wilayah: &Wilayah, hari_batas: u32) -> Result<Bingkai> {
        Ok(Bingkai {
            laporan: super::laporan_frame(rows, wilayah, hari_batas)?,
            master: super::master_frame(wilayah)?,
        })
    }

    /// Frames already in the layout of [`super::laporan_frame`] (current
    /// versions only) and [`super::master_frame`]: the benchmark's
    /// national-scale synthetic workload.
    pub fn dari_frame(laporan: DataFrame, master: DataFrame) -> Bingkai {
        Bingkai { laporan, master }
    }

    fn per_kkmp(&self, m: Periode) -> LazyFrame {
        super::per_kkmp(
            self.laporan.clone().lazy(),
            self.master.clone().lazy(),
            m.index(),
        )
    }
}

/// A KKMP's state at the page's month, for the map.
#[derive(Clone, Debug, PartialEq)]
pub struct KeadaanKkmp {
    pub kelurahan_code: String,
    pub status: StatusOperasi,
    pub formalitas: bool,
    /// The page's indicator.
    pub nilai: f64,
}

/// What the city page shows, before the charts.
pub struct HitunganKota {
    /// Every kecamatan's totals at the month, in master order.
    pub kecamatan: Vec<(String, Ringkasan)>,
    /// The page's indicator per kecamatan.
    pub kec_nilai: HashMap<String, f64>,
    pub kkmp: Vec<KeadaanKkmp>,
    pub total: Ringkasan,
    pub tahapan: Vec<(&'static str, i64)>,
    /// The page's indicator per kecamatan and month, first month to the month.
    pub seri: HashMap<String, Vec<(Periode, f64)>>,
    /// Progress on every target, per kecamatan and for the city.
    pub capaian: PetaCapaian,
    pub liga: Vec<BarisLiga>,
    pub liga_ketepatan: Vec<BarisLiga>,
    pub lama_tahapan: Vec<BarisLamaTahapan>,
    /// City totals for the months asked for in `bulanan`.
    pub bulanan: Vec<(Periode, Ringkasan)>,
}

/// The city dashboard at month `p` on `indikator` (one of
/// [`TARGETABLE`]); `first` is the first month with data, `bulanan` the
/// months whose city totals are wanted (the trend's months not cached yet).
pub fn kota(
    b: &Bingkai,
    w: &Wilayah,
    targets: &[Target],
    (p, first): (Periode, Periode),
    ind: &str,
    bulanan: &[Periode],
) -> Result<HitunganKota> {
    let akhir = crate::inti::waktu::akhir_bulan(p);
    let (target_df, pakai) = target_frame(
        targets,
        w.kecamatan
            .iter()
            .map(|k| (k.code.clone(), Some(k.code.clone()), None))
            .chain(std::iter::once((KODE_KOTA.to_string(), None, None))),
        TARGETABLE,
        akhir,
    )?;
    let now = b.per_kkmp(p);
    let nilai = || super::ekspr_nilai(ind).ok_or_else(|| tak_dikenal(ind));
    let kec = super::per_kecamatan(now.clone()).collect()?;
    let kec_nilai = kec
        .clone()
        .lazy()
        .select([col(kol::KEC), nilai()?.alias(kol::NILAI)])
        .collect()?;
    let kkmp = super::rollup_per(now.clone(), kol::KEL)
        .with_column(nilai()?.alias(kol::NILAI))
        .collect()?;
    let total = super::total(now.clone())
        .with_column(lit(KODE_KOTA).alias(kol::KEC))
        .collect()?;
    let funnel = super::funnel(now).collect()?;
    let bulan: Vec<i32> = first.through(p).map(Periode::index).collect();
    let seri =
        super::per_kecamatan_bulanan(b.laporan.clone().lazy(), b.master.clone().lazy(), &bulan)?
            .collect()?;
    let wilayah = concat(
        [
            kec.clone().lazy(),
            total.clone().lazy().select(
                kec.get_column_names()
                    .into_iter()
                    .map(|c| col(c.clone()))
                    .collect::<Vec<_>>(),
            ),
        ],
        UnionArgs::default(),
    )?;
    let capaian = super::capaian(
        super::nilai_panjang(wilayah, &[kol::KEC], TARGETABLE)?,
        target_df.lazy(),
        hari(akhir),
    )
    .collect()?;
    let capaian = baca_capaian(&capaian, &pakai)?;
    let berubah = super::perubahan(
        seri.clone()
            .lazy()
            .select([col(kol::KEC), col(kol::P), nilai()?.alias(kol::NILAI)]),
        kol::KEC,
        &[kol::NILAI],
    )
    .filter(col(kol::P).eq(lit(p.index())))
    .select([col(kol::KEC), col("nilai_mom"), col("nilai_yoy")]);
    let liga = super::liga(kec.clone().lazy(), kol::KEC, nilai()?, true)
        .select([col(kol::KEC), col(kol::PERINGKAT), col(kol::NILAI)])
        .left_join(berubah, col(kol::KEC), col(kol::KEC))
        .sort([kol::PERINGKAT], SortMultipleOptions::default())
        .collect()?;
    let dari = (p.index() - 11).max(first.index());
    let ketepatan = super::liga(
        super::ketepatan(
            b.laporan.clone().lazy(),
            b.master.clone().lazy(),
            dari,
            p.index(),
        ),
        kol::KEC,
        col(kol::NILAI),
        true,
    )
    .collect()?;
    let lama = super::lama_tahapan(b.laporan.clone().lazy(), b.master.clone().lazy(), p.index())
        .collect()?;
    let mut totals = Vec::new();
    for m in bulanan {
        let df = super::total(b.per_kkmp(*m)).collect()?;
        totals.push((*m, super::ringkasan_at(&df, 0)?));
    }
    let kec_codes = kec.column(kol::KEC)?.str()?;
    let mut kecamatan = Vec::with_capacity(kec.height());
    for row in 0..kec.height() {
        let code = kec_codes.get(row).unwrap_or_default().to_string();
        kecamatan.push((code, super::ringkasan_at(&kec, row)?));
    }
    Ok(HitunganKota {
        kecamatan,
        kec_nilai: kode_nilai(&kec_nilai, kol::KEC)?.into_iter().collect(),
        kkmp: keadaan_kkmp(&kkmp)?,
        total: super::ringkasan_at(&total, 0)?,
        tahapan: super::funnel_at(&funnel)?,
        seri: seri_per_kecamatan(&seri, nilai()?)?,
        liga: baca_liga(&liga, w, ind, &capaian)?,
        liga_ketepatan: baca_ketepatan(&ketepatan, w)?,
        lama_tahapan: baca_lama(&lama, w)?,
        capaian,
        bulanan: totals,
    })
}

/// What one kecamatan's page shows, before the charts.
pub struct HitunganKecamatan {
    /// Its KKMP at the month, by kelurahan code.
    pub kkmp: Vec<BarisKkmp>,
    pub ringkasan: Ringkasan,
    /// Its totals the month before, when there is data for it.
    pub bulan_lalu: Option<Ringkasan>,
    pub capaian: PetaCapaian,
    /// Its rank among the kecamatan on each targetable indicator.
    pub peringkat: Vec<(&'static str, i64)>,
    /// Its totals month by month, first month to the month.
    pub seri: Vec<(Periode, Ringkasan)>,
}

/// One kecamatan's page at month `p`; `first` is the first month with data.
pub fn kecamatan(
    b: &Bingkai,
    w: &Wilayah,
    targets: &[Target],
    kec_code: &str,
    (p, first): (Periode, Periode),
    ada_bulan_lalu: bool,
) -> Result<HitunganKecamatan> {
    let akhir = crate::inti::waktu::akhir_bulan(p);
    let (target_df, pakai) = target_frame(
        targets,
        std::iter::once((kec_code.to_string(), Some(kec_code.to_string()), None)),
        TARGETABLE,
        akhir,
    )?;
    let only = |lf: LazyFrame| lf.filter(col(kol::KEC).eq(lit(kec_code)));
    let rows = only(b.per_kkmp(p))
        .sort([kol::KEL], SortMultipleOptions::default())
        .collect()?;
    let semua = super::per_kecamatan(b.per_kkmp(p));
    let total = only(semua.clone()).collect()?;
    let capaian = super::capaian(
        super::nilai_panjang(total.clone().lazy(), &[kol::KEC], TARGETABLE)?,
        target_df.lazy(),
        hari(akhir),
    )
    .collect()?;
    let mut peringkat = Vec::new();
    for i in TARGETABLE {
        if let Some(e) = super::ekspr_nilai(i) {
            let df = only(super::liga(semua.clone(), kol::KEC, e, true)).collect()?;
            let r = df
                .column(kol::PERINGKAT)?
                .cast(&DataType::Int64)?
                .i64()?
                .get(0);
            peringkat.push((*i, r.unwrap_or(0)));
        }
    }
    let bulan_lalu = if ada_bulan_lalu {
        let df = only(super::per_kecamatan(b.per_kkmp(p.prev()))).collect()?;
        Some(super::ringkasan_at(&df, 0)?)
    } else {
        None
    };
    let bulan: Vec<i32> = first.through(p).map(Periode::index).collect();
    let seri_df = only(super::per_kecamatan_bulanan(
        b.laporan.clone().lazy(),
        b.master.clone().lazy(),
        &bulan,
    )?)
    .sort([kol::P], SortMultipleOptions::default())
    .collect()?;
    let pp = seri_df.column(kol::P)?.i32()?;
    let seri = (0..seri_df.height())
        .filter_map(|i| {
            let m = pp.get(i).and_then(Periode::from_index)?;
            Some(super::ringkasan_at(&seri_df, i).map(|r| (m, r)))
        })
        .collect::<PolarsResult<_>>()?;
    Ok(HitunganKecamatan {
        kkmp: baris_kkmp(&rows, w)?,
        ringkasan: super::ringkasan_at(&total, 0)?,
        bulan_lalu,
        capaian: baca_capaian(&capaian, &pakai)?,
        peringkat,
        seri,
    })
}

/// One kecamatan as the rooms (briefing, meeting) freeze it.
pub struct HitunganRuang {
    pub code: String,
    pub ringkasan: Ringkasan,
    /// Its progress on each targetable indicator, keyed as [`PetaCapaian`].
    pub capaian: PetaCapaian,
    /// Its KKMP at the month, by kelurahan code.
    pub kkmp: Vec<BarisKkmp>,
}

/// Every kecamatan at month `p` in one pass over the frames: the figures
/// [`kecamatan`] gives for one (its totals, its progress on targets, its
/// KKMP), without the series, ranks and month-before that only its page
/// shows. In the order of the master data.
pub fn ruang(
    b: &Bingkai,
    w: &Wilayah,
    targets: &[Target],
    p: Periode,
) -> Result<Vec<HitunganRuang>> {
    let akhir = crate::inti::waktu::akhir_bulan(p);
    let (target_df, pakai) = target_frame(
        targets,
        w.kecamatan
            .iter()
            .map(|k| (k.code.clone(), Some(k.code.clone()), None)),
        TARGETABLE,
        akhir,
    )?;
    let rows = b
        .per_kkmp(p)
        .sort([kol::KEC, kol::KEL], SortMultipleOptions::default())
        .collect()?;
    let total = super::per_kecamatan(rows.clone().lazy()).collect()?;
    let capaian = super::capaian(
        super::nilai_panjang(total.clone().lazy(), &[kol::KEC], TARGETABLE)?,
        target_df.lazy(),
        hari(akhir),
    )
    .collect()?;
    let mut capaian_kec: HashMap<String, PetaCapaian> = HashMap::new();
    for (kunci, c) in baca_capaian(&capaian, &pakai)? {
        capaian_kec
            .entry(kunci.0.clone())
            .or_default()
            .insert(kunci, c);
    }
    let kec_baris = rows.column(kol::KEC)?.str()?;
    let mut kkmp: HashMap<String, Vec<BarisKkmp>> = HashMap::new();
    for (i, baris) in baris_kkmp(&rows, w)?.into_iter().enumerate() {
        let kec = kec_baris.get(i).unwrap_or_default().to_string();
        kkmp.entry(kec).or_default().push(baris);
    }
    let kec_total = total.column(kol::KEC)?.str()?;
    let mut out = Vec::with_capacity(w.kecamatan.len());
    for k in &w.kecamatan {
        let Some(i) = (0..total.height()).find(|&i| kec_total.get(i) == Some(k.code.as_str()))
        else {
            return Err(DataError::Internal(format!(
                "kecamatan {} tidak ada dalam rekap",
                k.code
            )));
        };
        out.push(HitunganRuang {
            code: k.code.clone(),
            ringkasan: super::ringkasan_at(&total, i)?,
            capaian: capaian_kec.remove(&k.code).unwrap_or_default(),
            kkmp: kkmp.remove(&k.code).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// One KKMP at month `p`: the month each milestone was first reported (in
/// the order of [`super::TAHAPAN`], with its label), and its progress on
/// the targets that apply to it.
pub fn kkmp(
    b: &Bingkai,
    targets: &[Target],
    (kel_code, kec_code): (&str, &str),
    p: Periode,
) -> Result<(Tahapan, PetaCapaian)> {
    let akhir = crate::inti::waktu::akhir_bulan(p);
    let (target_df, pakai) = target_frame(
        targets,
        std::iter::once((
            kel_code.to_string(),
            Some(kec_code.to_string()),
            Some(kel_code.to_string()),
        )),
        TARGETABLE,
        akhir,
    )?;
    let only = |lf: LazyFrame| lf.filter(col(kol::KEL).eq(lit(kel_code)));
    let laporan = only(b.laporan.clone().lazy());
    let masuk = super::masuk_tahapan(laporan.clone(), p.index()).collect()?;
    let satu = super::rollup_per(
        super::per_kkmp(laporan, only(b.master.clone().lazy()), p.index()),
        kol::KEL,
    );
    let capaian = super::capaian(
        super::nilai_panjang(satu, &[kol::KEL], TARGETABLE)?,
        target_df.lazy(),
        hari(akhir),
    )
    .collect()?;
    let mut tahapan = Vec::new();
    for (name, label) in super::TAHAPAN {
        let m = if masuk.height() > 0 {
            masuk
                .column(name)?
                .i32()?
                .get(0)
                .and_then(Periode::from_index)
        } else {
            None
        };
        tahapan.push((label.to_string(), m));
    }
    Ok((tahapan, baca_capaian(&capaian, &pakai)?))
}

/// The twelve months up to `p` (fewer when the data starts at `first`),
/// and for each (KKMP, month) with a report, its days late.
pub fn terlambat_12_bulan(
    b: &Bingkai,
    first: Periode,
    p: Periode,
) -> Result<(Vec<Periode>, HariTerlambat)> {
    let start = Periode::from_index((p.index() - 11).max(first.index())).unwrap_or(p);
    let periode: Vec<Periode> = start.through(p).collect();
    let df = b
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

fn tak_dikenal(ind: &str) -> DataError {
    DataError::Invalid(format!("Indikator '{ind}' tidak dikenal."))
}

fn nama_kecamatan(w: &Wilayah, code: &str) -> String {
    w.kecamatan(code)
        .map(|k| k.nama.clone())
        .unwrap_or_else(|| code.to_string())
}

/// (code, nilai) pairs of a frame keyed by `kunci`.
fn kode_nilai(df: &DataFrame, kunci: &str) -> Result<Vec<(String, f64)>> {
    let c = df.column(kunci)?.str()?;
    let x = df.column(kol::NILAI)?.f64()?;
    Ok((0..df.height())
        .filter_map(|i| Some((c.get(i)?.to_string(), x.get(i)?)))
        .collect())
}

fn keadaan_kkmp(df: &DataFrame) -> Result<Vec<KeadaanKkmp>> {
    let kel = df.column(kol::KEL)?.str()?;
    let penuh = df.column("operasi_penuh")?.i64()?;
    let terbatas = df.column("operasi_terbatas")?.i64()?;
    let formalitas = df.column(kol::FORMALITAS)?.i64()?;
    let v = df.column(kol::NILAI)?.f64()?;
    Ok((0..df.height())
        .filter_map(|i| {
            let code = kel.get(i)?;
            let status = if penuh.get(i).unwrap_or(0) > 0 {
                StatusOperasi::Penuh
            } else if terbatas.get(i).unwrap_or(0) > 0 {
                StatusOperasi::Terbatas
            } else {
                StatusOperasi::Belum
            };
            Some(KeadaanKkmp {
                kelurahan_code: code.to_string(),
                status,
                formalitas: formalitas.get(i).unwrap_or(0) > 0,
                nilai: v.get(i).unwrap_or(0.0),
            })
        })
        .collect())
}

/// The indicator `nilai` per kecamatan, month by month, in month order.
fn seri_per_kecamatan(
    seri: &DataFrame,
    nilai: Expr,
) -> Result<HashMap<String, Vec<(Periode, f64)>>> {
    let df = seri
        .clone()
        .lazy()
        .select([col(kol::KEC), col(kol::P), nilai.alias(kol::NILAI)])
        .collect()?;
    let kec = df.column(kol::KEC)?.str()?;
    let pp = df.column(kol::P)?.i32()?;
    let v = df.column(kol::NILAI)?.f64()?;
    let mut by: HashMap<String, Vec<(Periode, f64)>> = HashMap::new();
    for i in 0..df.height() {
        if let (Some(k), Some(m), Some(x)) = (
            kec.get(i),
            pp.get(i).and_then(Periode::from_index),
            v.get(i),
        ) {
            by.entry(k.to_string()).or_default().push((m, x));
        }
    }
    for titik in by.values_mut() {
        titik.sort_by_key(|(m, _)| *m);
    }
    Ok(by)
}

/// The league table by the page's indicator.
fn baca_liga(
    df: &DataFrame,
    w: &Wilayah,
    indikator: &str,
    capaian: &PetaCapaian,
) -> Result<Vec<BarisLiga>> {
    let persen_kkmp = indikator::persen_kkmp(indikator);
    let kec = df.column(kol::KEC)?.str()?;
    let rank = df.column(kol::PERINGKAT)?.cast(&DataType::Int64)?;
    let rank = rank.i64()?;
    let v = df.column(kol::NILAI)?.f64()?;
    let mom = df.column("nilai_mom")?.f64()?;
    let yoy = df.column("nilai_yoy")?.f64()?;
    let beda = |x: f64| {
        let t = if persen_kkmp {
            format!("{} poin", model::format::desimal(x * 100.0, 1))
        } else {
            model::format::desimal(x, 1)
        };
        if x > 0.0 { format!("+{t}") } else { t }
    };
    Ok((0..df.height())
        .map(|i| {
            let code = kec.get(i).unwrap_or_default().to_string();
            BarisLiga {
                peringkat: rank.get(i).unwrap_or(0),
                nama: nama_kecamatan(w, &code),
                nilai: crate::inti::teks::nilai_teks(v.get(i).unwrap_or(0.0), persen_kkmp),
                mom: mom.get(i).map(beda),
                yoy: yoy.get(i).map(beda),
                status: capaian
                    .get(&(code.clone(), indikator.to_string()))
                    .map(|c| c.status),
                code,
            }
        })
        .collect())
}

/// The league table by reports on time.
fn baca_ketepatan(df: &DataFrame, w: &Wilayah) -> Result<Vec<BarisLiga>> {
    let kec = df.column(kol::KEC)?.str()?;
    let rank = df.column(kol::PERINGKAT)?.cast(&DataType::Int64)?;
    let rank = rank.i64()?;
    let v = df.column(kol::NILAI)?.f64()?;
    let wajib = df.column(kol::WAJIB)?.i64()?;
    let tepat = df.column(kol::TEPAT)?.i64()?;
    Ok((0..df.height())
        .map(|i| {
            let code = kec.get(i).unwrap_or_default().to_string();
            BarisLiga {
                peringkat: rank.get(i).unwrap_or(0),
                nama: nama_kecamatan(w, &code),
                nilai: format!(
                    "{} ({} dari {})",
                    model::format::persen(v.get(i).unwrap_or(0.0)),
                    model::format::angka(tepat.get(i).unwrap_or(0)),
                    model::format::angka(wajib.get(i).unwrap_or(0))
                ),
                mom: None,
                yoy: None,
                status: None,
                code,
            }
        })
        .collect())
}

fn baca_lama(df: &DataFrame, w: &Wilayah) -> Result<Vec<BarisLamaTahapan>> {
    let kec = df.column(kol::KEC)?.str()?;
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let code = kec.get(i).unwrap_or_default().to_string();
        let mut sel = Vec::new();
        for (name, _) in super::TAHAPAN {
            let n = df
                .column(&format!("{name}_kkmp"))?
                .i64()?
                .get(i)
                .unwrap_or(0);
            let m = df.column(&format!("{name}_bulan"))?.f64()?.get(i);
            sel.push((n, m));
        }
        out.push(BarisLamaTahapan {
            nama: nama_kecamatan(w, &code),
            code,
            sel,
        });
    }
    Ok(out)
}

fn baris_kkmp(df: &DataFrame, w: &Wilayah) -> Result<Vec<BarisKkmp>> {
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
        let master = w.kelurahan(code);
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

/// Which target each (area, indicator) row of the target frame came from.
type TargetPakai = HashMap<(String, String), Target>;

/// The targets that apply on `pada` to each area (code, kecamatan,
/// kelurahan) for each indicator, as the frame [`super::capaian`] joins,
/// and which target each row came from.
fn target_frame(
    targets: &[Target],
    wilayah: impl Iterator<Item = (String, Option<String>, Option<String>)>,
    indikator: &[&str],
    pada: NaiveDate,
) -> Result<(DataFrame, TargetPakai)> {
    let (mut w, mut ind, mut na, mut ha, mut nt, mut ht) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    let mut pakai = HashMap::new();
    for (code, kec, kel) in wilayah {
        for i in indikator {
            if let Some(t) = Target::berlaku(targets, i, kec.as_deref(), kel.as_deref(), pada) {
                w.push(code.clone());
                ind.push(i.to_string());
                na.push(t.nilai_awal);
                ha.push(hari(t.tgl_awal));
                nt.push(t.nilai_target);
                ht.push(hari(t.tenggat));
                pakai.insert((code.clone(), i.to_string()), t.clone());
            }
        }
    }
    let df = df! {
        kol::WILAYAH => w,
        kol::INDIKATOR => ind,
        kol::NILAI_AWAL => na,
        kol::HARI_AWAL => ha,
        kol::NILAI_TARGET => nt,
        kol::HARI_TENGGAT => ht,
    }?;
    Ok((df, pakai))
}

/// Reads the frame of [`super::capaian`] into wire values keyed by (area
/// code, indicator).
fn baca_capaian(df: &DataFrame, pakai: &TargetPakai) -> Result<PetaCapaian> {
    let w = df.column(kol::WILAYAH)?.str()?;
    let ind = df.column(kol::INDIKATOR)?.str()?;
    let aktual = df.column(kol::AKTUAL)?.f64()?;
    let harapan = df.column(kol::HARAPAN)?.f64()?;
    let status = df.column(kol::STATUS_TARGET)?.str()?;
    let mut out = HashMap::new();
    for i in 0..df.height() {
        let (Some(code), Some(ind)) = (w.get(i), ind.get(i)) else {
            continue;
        };
        let (Some(t), Some(meta)) = (
            pakai.get(&(code.to_string(), ind.to_string())),
            indikator::cari(ind),
        ) else {
            continue;
        };
        out.insert(
            (code.to_string(), ind.to_string()),
            Capaian {
                indikator: ind.to_string(),
                indikator_nama: meta.nama.to_string(),
                cakupan: match &t.cakupan {
                    Cakupan::Kota => "kota".into(),
                    Cakupan::Kecamatan(c) | Cakupan::Kelurahan(c) => c.clone(),
                },
                aktual: aktual.get(i).unwrap_or(0.0),
                harapan: harapan.get(i).unwrap_or(0.0),
                target: t.nilai_target,
                tenggat: t.tenggat.to_string(),
                status: status
                    .get(i)
                    .and_then(StatusTarget::from_code)
                    .unwrap_or(StatusTarget::Tertinggal),
                persen: meta.satuan == model::indikator::Satuan::PersenKkmp,
            },
        );
    }
    Ok(out)
}
