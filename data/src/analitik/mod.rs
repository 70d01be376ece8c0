//! The analytics core: pure functions from frames to frames (polars lazy
//! API). Nothing here touches the database or the async runtime; the
//! service builds the input frames, calls these, and collects the result once
//! on a blocking thread.
//!
//! Input frames:
//! - the laporan frame ([`laporan_frame`]): one row per current report
//!   version, with the columns [`kol`] names (its kecamatan included), the
//!   rows of each KKMP in month order — [`per_kkmp`] relies on that order
//!   instead of sorting three million rows at every read;
//! - the master frame ([`master_frame`]): one row per KKMP (`kel`, `kec`).
//!
//! State at a month M is the latest report at or before M ("laporan
//! terakhir"); flows (omzet) and timeliness count M's own report only.
pub mod dasbor;

use crate::inti::laporan::LaporanTersimpan;
use crate::inti::waktu::hari_terlambat;
use crate::inti::wilayah::Wilayah;
use chrono::Datelike;
use model::Periode;
use model::status::GeraiStatus;
use model::status::JenisGerai;
use model::status::Lahan;
use model::status::Pembangunan;
use model::status::PinjamanTahap;
use model::status::StatusOperasi;
use model::view::Ringkasan;
use polars::prelude::*;

/// Column names of the frames.
pub mod kol {
    pub const KEL: &str = "kel";
    /// A KKMP's position in the master data: the integer key the hot
    /// group-bys use (hashing three million codes costs more than the rest).
    pub const KID: &str = "kid";
    pub const KEC: &str = "kec";
    pub const P: &str = "p";
    pub const P_DATA: &str = "p_data";
    pub const P_BH: &str = "p_bh";
    pub const BADAN_HUKUM: &str = "badan_hukum";
    pub const NIB: &str = "nib";
    pub const NPWP: &str = "npwp";
    pub const REKENING: &str = "rekening";
    pub const SEMBAKO: &str = "sembako";
    pub const SEMBAKO_STATUS: &str = "sembako_status";
    pub const UNIT: &str = "unit";
    pub const TAHAP: &str = "tahap";
    pub const CAIR: &str = "cair";
    pub const ANGGOTA: &str = "anggota";
    pub const OMZET: &str = "omzet";
    pub const TERLAMBAT: &str = "terlambat";
    pub const OMZET_BULAN: &str = "omzet_bulan";
    pub const TERLAMBAT_BULAN: &str = "terlambat_bulan";
    pub const UNIT_MAX3: &str = "unit_max3";
    pub const OMZET3: &str = "omzet3";
    pub const STATUS: &str = "status_operasi";
    pub const FORMALITAS: &str = "formalitas";
    pub const MASUK: &str = "masuk";
    pub const TEPAT: &str = "tepat";
    pub const TAHAP_RANK: &str = "tahap_rank";
    pub const LAHAN_SIAP: &str = "lahan_siap";
    pub const GERAI_SELESAI: &str = "gerai_selesai";
    pub const RAT: &str = "rat";
    pub const VERSI: &str = "versi";
    pub const ANGGOTA_MEDIAN: &str = "anggota_median";
    pub const OMZET_MEDIAN: &str = "omzet_median";
    pub const WILAYAH: &str = "wilayah";
    pub const INDIKATOR: &str = "indikator";
    pub const AKTUAL: &str = "aktual";
    pub const NILAI_AWAL: &str = "nilai_awal";
    pub const HARI_AWAL: &str = "hari_awal";
    pub const NILAI_TARGET: &str = "nilai_target";
    pub const HARI_TENGGAT: &str = "hari_tenggat";
    pub const HARAPAN: &str = "harapan";
    pub const PROGRES: &str = "progres";
    pub const STATUS_TARGET: &str = "status_target";
    pub const PERINGKAT: &str = "peringkat";
    pub const NILAI: &str = "nilai";
    pub const WAJIB: &str = "wajib";
}

/// One row per current report version.
pub fn laporan_frame(
    rows: &[LaporanTersimpan],
    wilayah: &Wilayah,
    hari_batas: u32,
) -> PolarsResult<DataFrame> {
    // Rows of a KKMP in month order: `per_kkmp` relies on it.
    let mut rows: Vec<&LaporanTersimpan> = rows.iter().collect();
    rows.sort_by(|a, b| {
        (a.isi.kelurahan_code.as_str(), a.isi.periode)
            .cmp(&(b.isi.kelurahan_code.as_str(), b.isi.periode))
    });
    let n = rows.len();
    let mut kec = Vec::with_capacity(n);
    let mut kids = Vec::with_capacity(n);
    let mut last: Option<(&str, i32)> = None;
    let mut kel = Vec::with_capacity(n);
    let mut p = Vec::with_capacity(n);
    let mut p_bh: Vec<Option<i32>> = Vec::with_capacity(n);
    let (mut bh, mut nib, mut npwp, mut rek, mut sembako, mut cair) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut sembako_status, mut tahap) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut tahap_rank, mut lahan_siap, mut gerai_selesai, mut rat) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut unit, mut anggota, mut omzet, mut terlambat) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for r in rows {
        let l = &r.isi;
        kel.push(l.kelurahan_code.as_str());
        let id = match last {
            Some((code, id)) if code == l.kelurahan_code => id,
            _ => kid(wilayah, &l.kelurahan_code),
        };
        last = Some((l.kelurahan_code.as_str(), id));
        kids.push(id);
        kec.push(
            wilayah
                .kelurahan(&l.kelurahan_code)
                .map_or("", |k| k.kecamatan_code.as_str()),
        );
        p.push(l.periode.index());
        p_bh.push(
            l.tgl_badan_hukum
                .filter(|_| l.badan_hukum)
                .and_then(|d| Periode::new(d.year(), d.month()))
                .map(Periode::index),
        );
        bh.push(l.badan_hukum);
        nib.push(l.nib);
        npwp.push(l.npwp);
        rek.push(l.rekening);
        let s = l.gerai(JenisGerai::Sembako);
        sembako.push(s == GeraiStatus::Beroperasi);
        sembako_status.push(s.code());
        tahap.push(l.pinjaman_tahap.code());
        cair.push(l.pinjaman_tahap == PinjamanTahap::Cair);
        tahap_rank.push(
            PinjamanTahap::ALL
                .iter()
                .position(|t| *t == l.pinjaman_tahap)
                .unwrap_or(0) as i32,
        );
        lahan_siap.push(l.lahan == Lahan::MemenuhiSyarat);
        gerai_selesai.push(l.pembangunan == Pembangunan::Selesai);
        rat.push(l.rat);
        unit.push(l.unit_usaha_beroperasi());
        anggota.push(l.anggota);
        omzet.push(l.omzet);
        terlambat.push(hari_terlambat(l.periode, hari_batas, r.pertama_dikirim));
    }
    df! {
        kol::KEL => kel,
        kol::KID => kids,
        kol::KEC => kec,
        kol::P => p,
        kol::P_BH => p_bh,
        kol::BADAN_HUKUM => bh,
        kol::NIB => nib,
        kol::NPWP => npwp,
        kol::REKENING => rek,
        kol::SEMBAKO => sembako,
        kol::SEMBAKO_STATUS => sembako_status,
        kol::UNIT => unit,
        kol::TAHAP => tahap,
        kol::CAIR => cair,
        kol::ANGGOTA => anggota,
        kol::OMZET => omzet,
        kol::TERLAMBAT => terlambat,
        kol::TAHAP_RANK => tahap_rank,
        kol::LAHAN_SIAP => lahan_siap,
        kol::GERAI_SELESAI => gerai_selesai,
        kol::RAT => rat,
    }
}

/// One row per KKMP of the master data.
pub fn master_frame(wilayah: &Wilayah) -> PolarsResult<DataFrame> {
    let kel: Vec<&str> = wilayah.kelurahan.iter().map(|k| k.code.as_str()).collect();
    let kec: Vec<&str> = wilayah
        .kelurahan
        .iter()
        .map(|k| k.kecamatan_code.as_str())
        .collect();
    let kid: Vec<i32> = (0..kel.len() as i32).collect();
    df! { kol::KEL => kel, kol::KID => kid, kol::KEC => kec }
}

/// The [`kol::KID`] of a kelurahan code: its position in the master data.
fn kid(wilayah: &Wilayah, code: &str) -> i32 {
    wilayah
        .kelurahan
        .iter()
        .position(|k| k.code == code)
        .map_or(-1, |i| i as i32)
}

/// Each KKMP's state at month `p` (a [`Periode::index`]): one row per KKMP of
/// `master`, whether it reported or not.
///
/// Adds: `p_data` (month of the latest report, null if none), the latest
/// report's fields, `omzet_bulan` and `terlambat_bulan` (null without a report
/// for `p`), `status_operasi`, `formalitas`, `masuk`, `tepat`.
pub fn per_kkmp(laporan: LazyFrame, master: LazyFrame, p: i32) -> LazyFrame {
    use kol::*;
    // Rows of a KKMP come in month order (see the module doc), and a group
    // keeps the order of its rows: the last row is the latest report.
    let latest = laporan
        .clone()
        .filter(col(P).lt_eq(lit(p)))
        .group_by([col(KID)])
        .agg([
            col(P).last().alias(P_DATA),
            col(P_BH).last(),
            col(BADAN_HUKUM).last(),
            col(NIB).last(),
            col(NPWP).last(),
            col(REKENING).last(),
            col(SEMBAKO).last(),
            col(SEMBAKO_STATUS).last(),
            col(UNIT).last(),
            col(TAHAP).last(),
            col(CAIR).last(),
            col(ANGGOTA).last(),
            col(TAHAP_RANK).last(),
            col(LAHAN_SIAP).last(),
            col(GERAI_SELESAI).last(),
            col(RAT).last(),
        ]);
    // The last three months, for the "formalitas" flag.
    let window = laporan
        .clone()
        .filter(col(P).gt_eq(lit(p - 2)).and(col(P).lt_eq(lit(p))))
        .group_by([col(KID)])
        .agg([
            col(UNIT).max().alias(UNIT_MAX3),
            col(OMZET).sum().alias(OMZET3),
        ]);
    let this_month = laporan.filter(col(P).eq(lit(p))).select([
        col(KID),
        col(OMZET).alias(OMZET_BULAN),
        col(TERLAMBAT).alias(TERLAMBAT_BULAN),
    ]);
    let flag = |name: &str| col(name).fill_null(lit(false));
    master
        .left_join(latest, col(KID), col(KID))
        .left_join(window, col(KID), col(KID))
        .left_join(this_month, col(KID), col(KID))
        .with_columns([
            flag(BADAN_HUKUM),
            flag(NIB),
            flag(NPWP),
            flag(REKENING),
            flag(SEMBAKO),
            flag(CAIR),
            flag(LAHAN_SIAP),
            flag(GERAI_SELESAI),
            flag(RAT),
            col(TAHAP_RANK).fill_null(lit(0i32)),
            col(UNIT).fill_null(lit(0i64)),
            col(ANGGOTA).fill_null(lit(0i64)),
        ])
        .with_columns([
            when(col(UNIT).gt_eq(lit(StatusOperasi::PENUH_MIN_UNIT)))
                .then(lit(StatusOperasi::Penuh.code()))
                .when(col(UNIT).gt_eq(lit(1i64)))
                .then(lit(StatusOperasi::Terbatas.code()))
                .otherwise(lit(StatusOperasi::Belum.code()))
                .alias(STATUS),
            col(BADAN_HUKUM)
                .and(col(P_BH).lt_eq(lit(p - 2)).fill_null(lit(false)))
                .and(col(UNIT_MAX3).fill_null(lit(0i64)).eq(lit(0i64)))
                .and(col(OMZET3).fill_null(lit(0i64)).eq(lit(0i64)))
                .alias(FORMALITAS),
            col(TERLAMBAT_BULAN).is_not_null().alias(MASUK),
            col(TERLAMBAT_BULAN)
                .lt_eq(lit(0i64))
                .fill_null(lit(false))
                .alias(TEPAT),
        ])
}

fn count(e: Expr) -> Expr {
    e.cast(DataType::Int64).sum()
}

/// The aggregations behind a [`Ringkasan`], over the rows of [`per_kkmp`].
fn ringkasan_exprs() -> Vec<Expr> {
    use kol::*;
    let status_is = |s: StatusOperasi| count(col(STATUS).eq(lit(s.code())));
    vec![
        len().cast(DataType::Int64).alias("kkmp"),
        count(col(BADAN_HUKUM)).alias(BADAN_HUKUM),
        count(col(NIB)).alias(NIB),
        count(col(NPWP)).alias(NPWP),
        count(col(REKENING)).alias(REKENING),
        count(col(SEMBAKO)).alias(SEMBAKO),
        status_is(StatusOperasi::Penuh).alias("operasi_penuh"),
        status_is(StatusOperasi::Terbatas).alias("operasi_terbatas"),
        status_is(StatusOperasi::Belum).alias("operasi_belum"),
        count(col(FORMALITAS)).alias(FORMALITAS),
        count(col(CAIR)).alias(CAIR),
        col(ANGGOTA).sum().alias(ANGGOTA),
        col(OMZET_BULAN)
            .sum()
            .fill_null(lit(0i64))
            .alias(OMZET_BULAN),
        count(col(MASUK)).alias(MASUK),
        count(col(TEPAT)).alias(TEPAT),
        // Medians where sums mislead: one large KKMP hides many small ones.
        col(ANGGOTA)
            .cast(DataType::Float64)
            .median()
            .fill_null(lit(0.0))
            .alias(ANGGOTA_MEDIAN),
        col(OMZET_BULAN)
            .cast(DataType::Float64)
            .median()
            .fill_null(lit(0.0))
            .alias(OMZET_MEDIAN),
    ]
}

/// Rolls [`per_kkmp`] up per kecamatan, sorted by kecamatan code.
pub fn per_kecamatan(per_kkmp: LazyFrame) -> LazyFrame {
    rollup_per(per_kkmp, kol::KEC)
}

/// Rolls [`per_kkmp`] up per value of `kunci` (kecamatan, or `kel` for
/// one row per KKMP with the same columns as every roll-up), sorted.
pub fn rollup_per(per_kkmp: LazyFrame, kunci: &str) -> LazyFrame {
    per_kkmp
        .group_by([col(kunci)])
        .agg(ringkasan_exprs())
        .sort([kunci], SortMultipleOptions::default())
}

/// Rolls [`per_kkmp`] up to one row for the whole scope.
pub fn total(per_kkmp: LazyFrame) -> LazyFrame {
    per_kkmp.select(ringkasan_exprs())
}

/// The program's milestones (docs/domain.md §4), in order: column and label.
pub const TAHAPAN: [(&str, &str); 9] = [
    ("t1_badan_hukum", "Berbadan hukum"),
    ("t2_legalitas", "NIB, NPWP dan rekening"),
    ("t3_proposal", "Proposal pinjaman"),
    ("t4_disetujui", "Disetujui Wali Kota"),
    ("t5_cair", "Pinjaman cair"),
    ("t6_lahan", "Lahan memenuhi 4 syarat"),
    ("t7_gerai", "Gerai selesai dibangun"),
    ("t8_beroperasi", "Beroperasi (≥ 1 unit)"),
    ("t9_rat", "RAT terlaksana tahun ini"),
];

/// How many KKMP have reached each milestone, one row, columns as
/// [`TAHAPAN`]. Milestones are counted independently: a KKMP may operate
/// from a rented place before its own gerai is built.
pub fn funnel(per_kkmp: LazyFrame) -> LazyFrame {
    per_kkmp.select(
        syarat_tahapan()
            .into_iter()
            .zip(TAHAPAN)
            .map(|(e, (name, _))| count(e).alias(name))
            .collect::<Vec<_>>(),
    )
}

/// Reads the one row of [`funnel`]: (label, count) in milestone order.
pub fn funnel_at(df: &DataFrame) -> PolarsResult<Vec<(&'static str, i64)>> {
    TAHAPAN
        .iter()
        .map(|(name, label)| Ok((*label, i64_at(df, name, 0)?)))
        .collect()
}

fn i64_at(df: &DataFrame, name: &str, row: usize) -> PolarsResult<i64> {
    Ok(df.column(name)?.i64()?.get(row).unwrap_or(0))
}

fn f64_at(df: &DataFrame, name: &str, row: usize) -> PolarsResult<f64> {
    Ok(df
        .column(name)?
        .cast(&DataType::Float64)?
        .f64()?
        .get(row)
        .unwrap_or(0.0))
}

/// Reads row `row` of a frame made by [`per_kecamatan`] or [`total`].
pub fn ringkasan_at(df: &DataFrame, row: usize) -> PolarsResult<Ringkasan> {
    use kol::*;
    let g = |name: &str| i64_at(df, name, row);
    Ok(Ringkasan {
        kkmp: g("kkmp")?,
        badan_hukum: g(BADAN_HUKUM)?,
        nib: g(NIB)?,
        npwp: g(NPWP)?,
        rekening: g(REKENING)?,
        gerai_sembako: g(SEMBAKO)?,
        operasi_penuh: g("operasi_penuh")?,
        operasi_terbatas: g("operasi_terbatas")?,
        operasi_belum: g("operasi_belum")?,
        formalitas: g(FORMALITAS)?,
        pinjaman_cair: g(CAIR)?,
        anggota: g(ANGGOTA)?,
        omzet: g(OMZET_BULAN)?,
        laporan_masuk: g(MASUK)?,
        laporan_tepat_waktu: g(TEPAT)?,
        anggota_median: f64_at(df, ANGGOTA_MEDIAN, row)?,
        omzet_median: f64_at(df, OMZET_MEDIAN, row)?,
    })
}

/// The value of a targetable indicator for a scope's figures.
pub fn nilai(indikator: &str, r: &Ringkasan) -> Option<f64> {
    Some(match indikator {
        "badan_hukum" => r.share(r.badan_hukum),
        "rekening" => r.share(r.rekening),
        "gerai_sembako" => r.share(r.gerai_sembako),
        "beroperasi" => r.share(r.beroperasi()),
        "pinjaman_cair" => r.share(r.pinjaman_cair),
        "anggota_rata" => {
            if r.kkmp == 0 {
                0.0
            } else {
                r.anggota as f64 / r.kkmp as f64
            }
        }
        _ => return None,
    })
}

/// Resolves versions at read time: from every stored version (columns
/// `kid`, `p`, `versi`, …), the latest version per KKMP and month, in
/// (KKMP, month) order. The storage keeps `laporan_terkini` on write so
/// the dashboard never needs this; it exists for frames that hold every
/// version (evidence, the benchmark's comparison).
///
/// One pass, no hashing: in (`kid`, `p`, `versi`) order — the order the
/// storage reads versions in — the latest version of a (KKMP, month) is the
/// last row of its run, the row whose next row is another KKMP or month.
/// A frame out of that order (checked in one pass) is sorted first. The
/// earlier group-by + join + sort took 0.9–1.7 s on 3.1 million versions.
pub fn versi_terkini(semua_versi: DataFrame) -> PolarsResult<LazyFrame> {
    use kol::*;
    let berikut = |c: &str| col(c).shift(lit(-1));
    // Rows i and i+1 in order: (kid, p, versi) does not decrease.
    let urut = berikut(KID)
        .gt(col(KID))
        .or(berikut(KID).eq(col(KID)).and(
            berikut(P)
                .gt(col(P))
                .or(berikut(P).eq(col(P)).and(berikut(VERSI).gt_eq(col(VERSI)))),
        ))
        .fill_null(lit(true))
        .all(true)
        .alias("urut");
    let sudah_urut = semua_versi
        .clone()
        .lazy()
        .select([urut])
        .collect()?
        .column("urut")?
        .bool()?
        .get(0)
        .unwrap_or(true);
    let lf = if sudah_urut {
        semua_versi.lazy()
    } else {
        semua_versi
            .lazy()
            .sort([KID, P, VERSI], SortMultipleOptions::default())
    };
    let terakhir = berikut(KID)
        .neq(col(KID))
        .or(berikut(P).neq(col(P)))
        .fill_null(lit(true));
    Ok(lf.filter(terakhir))
}

/// The value of every targetable indicator as an expression over the
/// columns of a roll-up ([`per_kecamatan`], [`total`]). Shares are of the
/// KKMP in scope.
pub fn ekspr_nilai(indikator: &str) -> Option<Expr> {
    use kol::*;
    let kkmp = || col("kkmp").cast(DataType::Float64);
    let share = |c: Expr| {
        when(col("kkmp").gt(lit(0i64)))
            .then(c.cast(DataType::Float64) / kkmp())
            .otherwise(lit(0.0))
    };
    Some(match indikator {
        "badan_hukum" => share(col(BADAN_HUKUM)),
        "rekening" => share(col(REKENING)),
        "gerai_sembako" => share(col(SEMBAKO)),
        "beroperasi" => share(col("operasi_penuh") + col("operasi_terbatas")),
        "pinjaman_cair" => share(col(CAIR)),
        "anggota_rata" => share(col(ANGGOTA)),
        _ => return None,
    })
}

/// A roll-up's indicators in long form: one row per (`wilayah`,
/// `indikator`) with `aktual`. `kunci[0]` is the roll-up's area column
/// (renamed `wilayah`); further keys (such as `p`) are kept.
pub fn nilai_panjang(
    rollup: LazyFrame,
    kunci: &[&str],
    indikator: &[&str],
) -> PolarsResult<LazyFrame> {
    use kol::*;
    let parts: Vec<LazyFrame> = indikator
        .iter()
        .filter_map(|code| {
            ekspr_nilai(code).map(|e| {
                let mut cols: Vec<Expr> = kunci
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        if i == 0 {
                            col(*k).alias(WILAYAH)
                        } else {
                            col(*k)
                        }
                    })
                    .collect();
                cols.push(lit(*code).alias(INDIKATOR));
                cols.push(e.alias(AKTUAL));
                rollup.clone().select(cols)
            })
        })
        .collect();
    concat(parts, UnionArgs::default())
}

/// Progress against target and its status, for every row of `nilai`
/// ([`nilai_panjang`]) that has a target in `target` (one row per
/// `wilayah` × `indikator`: `nilai_awal`, `hari_awal`, `nilai_target`,
/// `hari_tenggat`, dates as days since 1970-01-01), judged on day `hari`.
///
/// Adds `harapan` (the straight trajectory from baseline to deadline,
/// clamped), `progres` (aktual ÷ target) and `status_target`: tercapai when
/// aktual ≥ target; sesuai jalur when ≥ harapan; berisiko when ≥ 75% of the
/// way from the baseline to harapan; else tertinggal — the same bands as
/// `Target::status`.
pub fn capaian(nilai: LazyFrame, target: LazyFrame, hari: i32) -> LazyFrame {
    use kol::*;
    use model::status::StatusTarget as S;
    const EPS: f64 = 1e-9;
    let f = |c: &str| col(c).cast(DataType::Float64);
    let total = f(HARI_TENGGAT) - f(HARI_AWAL);
    let lewat = lit(hari as f64) - f(HARI_AWAL);
    let done = when(lewat.clone().lt(lit(0.0)))
        .then(lit(0.0))
        .when(lewat.clone().gt(total.clone()))
        .then(total.clone())
        .otherwise(lewat);
    let harapan = when(
        total
            .clone()
            .lt_eq(lit(0.0))
            .or(lit(hari).gt_eq(col(HARI_TENGGAT))),
    )
    .then(f(NILAI_TARGET))
    .otherwise(f(NILAI_AWAL) + (f(NILAI_TARGET) - f(NILAI_AWAL)) * done / total);
    let aktual = || col(AKTUAL) + lit(EPS);
    nilai
        .join(
            target,
            [col(WILAYAH), col(INDIKATOR)],
            [col(WILAYAH), col(INDIKATOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .with_column(harapan.alias(HARAPAN))
        .with_columns([
            when(col(NILAI_TARGET).gt(lit(0.0)))
                .then(col(AKTUAL) / col(NILAI_TARGET))
                .otherwise(lit(1.0))
                .alias(PROGRES),
            when(aktual().gt_eq(col(NILAI_TARGET)))
                .then(lit(S::Tercapai.code()))
                .when(aktual().gt_eq(col(HARAPAN)))
                .then(lit(S::SesuaiJalur.code()))
                .when(aktual().gt_eq(
                    col(NILAI_AWAL)
                        + (col(HARAPAN) - col(NILAI_AWAL))
                            * lit(crate::inti::target::AMBANG_BERISIKO),
                ))
                .then(lit(S::Berisiko.code()))
                .otherwise(lit(S::Tertinggal.code()))
                .alias(STATUS_TARGET),
        ])
}

/// Adds month-over-month and year-over-year change of `kolom` to a series
/// with one row per (`kunci`, `p`): `{c}_bulan_lalu`, `{c}_mom` (the
/// difference from the month before) and `{c}_tahun_lalu`, `{c}_yoy` (from
/// the same month a year before); null where that month is not in the
/// series.
pub fn perubahan(seri: LazyFrame, kunci: &str, kolom: &[&str]) -> LazyFrame {
    use kol::*;
    let geser = |n: i32, akhiran: &str| {
        let mut cols = vec![col(kunci), (col(P) + lit(n)).alias(P)];
        cols.extend(
            kolom
                .iter()
                .map(|c| col(*c).alias(format!("{c}_{akhiran}"))),
        );
        seri.clone().select(cols)
    };
    let mut out = seri
        .clone()
        .join(
            geser(1, "bulan_lalu"),
            [col(kunci), col(P)],
            [col(kunci), col(P)],
            JoinArgs::new(JoinType::Left),
        )
        .join(
            geser(12, "tahun_lalu"),
            [col(kunci), col(P)],
            [col(kunci), col(P)],
            JoinArgs::new(JoinType::Left),
        );
    let mut delta = Vec::new();
    for c in kolom {
        delta.push((col(*c) - col(format!("{c}_bulan_lalu"))).alias(format!("{c}_mom")));
        delta.push((col(*c) - col(format!("{c}_tahun_lalu"))).alias(format!("{c}_yoy")));
    }
    out = out.with_columns(delta);
    out.sort([kunci, P], SortMultipleOptions::default())
}

/// Roll-ups per kecamatan for every month in `bulan` (each month's state as
/// [`per_kkmp`] defines it), stacked with a `p` column: the series behind
/// trends, small multiples and month-over-month change.
pub fn per_kecamatan_bulanan(
    laporan: LazyFrame,
    master: LazyFrame,
    bulan: &[i32],
) -> PolarsResult<LazyFrame> {
    let parts: Vec<LazyFrame> = bulan
        .iter()
        .map(|m| {
            per_kecamatan(per_kkmp(laporan.clone(), master.clone(), *m))
                .with_column(lit(*m).alias(kol::P))
        })
        .collect();
    concat(parts, UnionArgs::default())
}

/// One row per (kecamatan, month) from that month's own reports: the
/// roll-up the benchmark compares with SQL `GROUP BY` and DuckDB (no
/// carrying of state from earlier months). `master` is the KKMP master
/// data in `kid` order ([`master_frame`]).
///
/// The group-by keys on one integer: each report's kecamatan is looked up
/// by its `kid` (a gather, no join) as the kecamatan's position in the
/// master data, and combined with the month; the codes come back on the
/// result rows only. Grouping on the kecamatan code and the month hashed a
/// string per report and encoded two keys into rows (BENCHMARKS.md,
/// "National scale against DuckDB").
pub fn laporan_per_kecamatan_bulan(
    laporan: LazyFrame,
    master: &DataFrame,
) -> PolarsResult<LazyFrame> {
    use kol::*;
    const KEC_I: &str = "kec_i";
    let kec = master.column(KEC)?.str()?;
    let mut posisi: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut nama: Vec<&str> = Vec::new();
    let mut kec_per_kid: Vec<u32> = Vec::with_capacity(master.height());
    for i in 0..kec.len() {
        let k = kec.get(i).unwrap_or("");
        let i = *posisi.entry(k).or_insert_with(|| {
            nama.push(k);
            nama.len() as u32 - 1
        });
        kec_per_kid.push(i);
    }
    let kec_per_kid = Series::new(KEC_I.into(), kec_per_kid);
    let nama = Series::new(KEC.into(), nama);
    // One integer key per (kecamatan, month): a single-key group-by.
    const GESER: i64 = 1 << 20;
    const KUNCI: &str = "kunci";
    let kunci = col(KEC_I).cast(DataType::Int64) * lit(GESER) + col(P).cast(DataType::Int64);
    Ok(laporan
        .with_column(lit(kec_per_kid).gather(col(KID), true).alias(KEC_I))
        .group_by([kunci.alias(KUNCI)])
        .agg([
            col(KEC_I).first(),
            col(P).first(),
            len().cast(DataType::Int64).alias("laporan"),
            count(col(SEMBAKO)).alias(SEMBAKO),
            count(col(UNIT).gt_eq(lit(1i64))).alias("beroperasi"),
            col(ANGGOTA).sum().alias(ANGGOTA),
            col(OMZET).sum().alias(OMZET),
        ])
        .with_column(lit(nama).gather(col(KEC_I), false).alias(KEC))
        .drop(cols([KEC_I, KUNCI])))
}

/// Ranks the rows of a roll-up by `nilai` (an expression over its
/// columns), best first: adds `nilai` and `peringkat` (1 = best; ties keep
/// code order). `naik_baik` false ranks the lowest first.
pub fn liga(rollup: LazyFrame, kunci: &str, nilai: Expr, naik_baik: bool) -> LazyFrame {
    use kol::*;
    rollup
        .with_column(nilai.alias(NILAI))
        .sort(
            [NILAI, kunci],
            SortMultipleOptions::default().with_order_descending_multi([naik_baik, false]),
        )
        .with_row_index(PERINGKAT, Some(1))
}

/// Reporting timeliness per kecamatan over months `dari..=sampai`: reports
/// due (`wajib` = KKMP × months), in (`masuk`), on time (`tepat`) and the
/// on-time share of what was due (`nilai`).
pub fn ketepatan(laporan: LazyFrame, master: LazyFrame, dari: i32, sampai: i32) -> LazyFrame {
    use kol::*;
    let bulan = (sampai - dari + 1).max(0) as i64;
    let masuk = laporan
        .filter(col(P).gt_eq(lit(dari)).and(col(P).lt_eq(lit(sampai))))
        .group_by([col(KEL)])
        .agg([
            len().cast(DataType::Int64).alias(MASUK),
            count(col(TERLAMBAT).lt_eq(lit(0i64))).alias(TEPAT),
        ]);
    master
        .left_join(masuk, col(KEL), col(KEL))
        .group_by([col(KEC)])
        .agg([
            (len().cast(DataType::Int64) * lit(bulan)).alias(WAJIB),
            col(MASUK).fill_null(lit(0i64)).sum().alias(MASUK),
            col(TEPAT).fill_null(lit(0i64)).sum().alias(TEPAT),
        ])
        .with_column(
            when(col(WAJIB).gt(lit(0i64)))
                .then(col(TEPAT).cast(DataType::Float64) / col(WAJIB).cast(DataType::Float64))
                .otherwise(lit(0.0))
                .alias(NILAI),
        )
        .sort([KEC], SortMultipleOptions::default())
}

/// The conditions of the milestones of [`TAHAPAN`], over report columns.
fn syarat_tahapan() -> [Expr; 9] {
    use kol::*;
    let rank = |r: usize| col(TAHAP_RANK).gt_eq(lit(r as i32));
    [
        col(BADAN_HUKUM),
        col(NIB).and(col(NPWP)).and(col(REKENING)),
        rank(1),
        rank(2),
        rank(5),
        col(LAHAN_SIAP),
        col(GERAI_SELESAI),
        col(UNIT).gt_eq(lit(1i64)),
        col(RAT),
    ]
}

/// The first month (index) each KKMP's reports up to month `p` show each
/// milestone of [`TAHAPAN`]: one row per KKMP that reported, one column per
/// milestone (null: not yet).
pub fn masuk_tahapan(laporan: LazyFrame, p: i32) -> LazyFrame {
    use kol::*;
    let masuk: Vec<Expr> = syarat_tahapan()
        .into_iter()
        .zip(TAHAPAN)
        .map(|(cond, (name, _))| col(P).filter(cond).min().alias(name))
        .collect();
    laporan
        .filter(col(P).lt_eq(lit(p)))
        .group_by([col(KEL)])
        .agg(masuk)
}

/// How long KKMP stay in each stage of the program, per kecamatan, as of
/// month `p`. A KKMP enters stage *i* in the first month its report shows
/// milestone *i* ([`TAHAPAN`]); it stays there until the first month it
/// shows milestone *i+1* (or until `p`, if it has not yet). Milestones are
/// not strictly ordered (a KKMP may operate before its gerai is built), so
/// a stage left before it was entered counts 0 months.
///
/// One row per kecamatan: `{stage}_kkmp` (KKMP that entered the stage) and
/// `{stage}_bulan` (median months in it, null when none entered).
pub fn lama_tahapan(laporan: LazyFrame, master: LazyFrame, p: i32) -> LazyFrame {
    use kol::*;
    let pertama = masuk_tahapan(laporan, p);
    let mut lama = Vec::new();
    for (i, (name, _)) in TAHAPAN.iter().enumerate() {
        let keluar = match TAHAPAN.get(i + 1) {
            Some((next, _)) => col(*next).fill_null(lit(p)),
            None => lit(p),
        };
        lama.push(
            when(col(*name).is_not_null())
                .then(
                    when(keluar.clone().lt(col(*name)))
                        .then(lit(0i32))
                        .otherwise(keluar - col(*name)),
                )
                .otherwise(lit(NULL).cast(DataType::Int32))
                .alias(format!("{name}_bulan")),
        );
    }
    let mut agg = Vec::new();
    for (name, _) in TAHAPAN {
        agg.push(count(col(name).is_not_null()).alias(format!("{name}_kkmp")));
        agg.push(
            col(format!("{name}_bulan"))
                .cast(DataType::Float64)
                .median()
                .alias(format!("{name}_bulan")),
        );
    }
    master
        .left_join(pertama, col(KEL), col(KEL))
        .with_columns(lama)
        .group_by([col(KEC)])
        .agg(agg)
        .sort([KEC], SortMultipleOptions::default())
}

/// The dashboard's core pipeline for month `p`, as the benchmark times it:
/// each KKMP's state (from the current versions) → roll-up per kecamatan →
/// progress and status against `target` on day `hari` → the funnel.
/// Returns (per KKMP, per kecamatan, progress, funnel).
pub fn pipa(
    laporan: LazyFrame,
    master: LazyFrame,
    target: LazyFrame,
    p: i32,
    hari: i32,
    indikator: &[&str],
) -> PolarsResult<[DataFrame; 4]> {
    let kkmp = per_kkmp(laporan, master, p).collect()?;
    let kec = per_kecamatan(kkmp.clone().lazy()).collect()?;
    let cap = capaian(
        nilai_panjang(kec.clone().lazy(), &[kol::KEC], indikator)?,
        target,
        hari,
    )
    .collect()?;
    let fun = funnel(kkmp.clone().lazy()).collect()?;
    Ok([kkmp, kec, cap, fun])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three KKMP in two kecamatan, hand-built.
    fn fixture() -> (LazyFrame, LazyFrame) {
        let master = df! {
            kol::KEL => ["a1", "a2", "b1"],
            kol::KID => [0, 1, 2],
            kol::KEC => ["A", "A", "B"],
        }
        .unwrap();
        // a1 reports months 10, 11, 12; a2 only 10 (late); b1 months 11 and 12.
        let laporan = df! {
            kol::KEL => ["a1", "a1", "a1", "a2", "b1", "b1"],
            kol::KID => [0, 0, 0, 1, 2, 2],
            kol::KEC => ["A", "A", "A", "A", "B", "B"],
            kol::P => [10, 11, 12, 10, 11, 12],
            kol::P_BH => [Some(5), Some(5), Some(5), Some(9), None, Some(12)],
            kol::BADAN_HUKUM => [true, true, true, true, false, true],
            kol::NIB => [true, true, true, false, false, false],
            kol::NPWP => [true, true, true, true, false, true],
            kol::REKENING => [true, true, true, false, false, false],
            kol::SEMBAKO => [false, true, true, false, false, false],
            kol::SEMBAKO_STATUS => ["persiapan", "beroperasi", "beroperasi", "belum_ada", "belum_ada", "belum_ada"],
            kol::UNIT => [0i64, 1, 3, 0, 0, 0],
            kol::TAHAP => ["belum", "belum", "cair", "belum", "belum", "belum"],
            kol::CAIR => [false, false, true, false, false, false],
            kol::ANGGOTA => [50i64, 60, 70, 30, 20, 25],
            kol::OMZET => [0i64, 10_000_000, 20_000_000, 0, 0, 0],
            kol::TERLAMBAT => [-3i64, 0, 4, 12, -1, -5],
            kol::TAHAP_RANK => [0i32, 1, 5, 0, 0, 2],
            kol::LAHAN_SIAP => [false, true, true, false, false, false],
            kol::GERAI_SELESAI => [false, false, true, false, false, false],
            kol::RAT => [false, false, true, false, false, false],
        }
        .unwrap();
        (laporan.lazy(), master.lazy())
    }

    #[test]
    fn per_kecamatan_at_month_12() {
        let (laporan, master) = fixture();
        let df = per_kecamatan(per_kkmp(laporan, master, 12))
            .collect()
            .unwrap();
        assert_eq!(df.height(), 2);
        let a = ringkasan_at(&df, 0).unwrap();
        // a1 latest = month 12 (3 units: penuh); a2 latest = month 10 (belum).
        assert_eq!(a.kkmp, 2);
        assert_eq!(a.badan_hukum, 2);
        assert_eq!(a.operasi_penuh, 1);
        assert_eq!(a.operasi_belum, 1);
        assert_eq!(a.anggota, 70 + 30);
        assert_eq!(a.omzet, 20_000_000);
        assert_eq!(a.laporan_masuk, 1);
        assert_eq!(a.laporan_tepat_waktu, 0, "a1 was 4 days late for month 12");
        assert_eq!(a.pinjaman_cair, 1);
        // a2: legal since month 9 ≤ 12-2, no unit and no revenue in 10..12: formalitas.
        assert_eq!(a.formalitas, 1);
        let b = ringkasan_at(&df, 1).unwrap();
        // b1: legal only since month 12, so not (yet) a formality.
        assert_eq!(
            (b.kkmp, b.badan_hukum, b.formalitas, b.laporan_tepat_waktu),
            (1, 1, 0, 1)
        );
    }

    #[test]
    fn state_is_carried_from_the_latest_report_at_or_before_the_month() {
        let (laporan, master) = fixture();
        let df = per_kkmp(laporan, master, 11)
            .sort([kol::KEL], SortMultipleOptions::default())
            .collect()
            .unwrap();
        let p_data_ca = df.column(kol::P_DATA).unwrap().i32().unwrap();
        let p_data: Vec<Option<i32>> = (0..df.height()).map(|i| p_data_ca.get(i)).collect();
        assert_eq!(p_data, [Some(11), Some(10), Some(11)]);
        let status_ca = df.column(kol::STATUS).unwrap().str().unwrap();
        let status: Vec<Option<&str>> = (0..df.height()).map(|i| status_ca.get(i)).collect();
        assert_eq!(status, [Some("terbatas"), Some("belum"), Some("belum")]);
    }

    #[test]
    fn a_kkmp_without_reports_still_counts() {
        let (laporan, master) = fixture();
        let total = total(per_kkmp(laporan, master, 9)).collect().unwrap();
        let t = ringkasan_at(&total, 0).unwrap();
        assert_eq!(
            (t.kkmp, t.badan_hukum, t.laporan_masuk, t.operasi_belum),
            (3, 0, 0, 3)
        );
    }

    #[test]
    fn funnel_counts_each_milestone() {
        let (laporan, master) = fixture();
        let df = funnel(per_kkmp(laporan, master, 12)).collect().unwrap();
        let counts: Vec<i64> = funnel_at(&df)
            .unwrap()
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        // a1 (month 12): legal, full papers, loan cair, land, gerai, 3 units, RAT.
        // a2 (month 10): legal only. b1 (month 12): legal, loan approved.
        assert_eq!(counts, [3, 1, 2, 2, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn the_rust_and_polars_indicator_values_agree() {
        let (laporan, master) = fixture();
        let kec = per_kecamatan(per_kkmp(laporan, master, 12))
            .collect()
            .unwrap();
        for code in model::indikator::TARGETABLE {
            let df = kec
                .clone()
                .lazy()
                .select([ekspr_nilai(code).unwrap().alias("v")])
                .collect()
                .unwrap();
            for row in 0..kec.height() {
                let r = ringkasan_at(&kec, row).unwrap();
                let v = df.column("v").unwrap().f64().unwrap().get(row).unwrap();
                assert!(
                    (nilai(code, &r).unwrap() - v).abs() < 1e-12,
                    "{code} row {row}"
                );
            }
        }
    }

    #[test]
    fn indicator_values() {
        let r = Ringkasan {
            kkmp: 4,
            gerai_sembako: 1,
            anggota: 400,
            ..Default::default()
        };
        assert_eq!(nilai("gerai_sembako", &r), Some(0.25));
        assert_eq!(nilai("anggota_rata", &r), Some(100.0));
        assert_eq!(nilai("tidak_ada", &r), None);
    }
    #[test]
    fn medians_per_kecamatan() {
        let (laporan, master) = fixture();
        let df = per_kecamatan(per_kkmp(laporan, master, 12))
            .collect()
            .unwrap();
        let a = ringkasan_at(&df, 0).unwrap();
        assert_eq!(a.anggota_median, 50.0, "median of 70 and 30");
        assert_eq!(a.omzet_median, 20_000_000.0, "only a1 reported month 12");
    }

    #[test]
    fn latest_version_per_kkmp_and_month() {
        let all = df! {
            kol::KEL => ["a1", "a1", "a1", "b1"],
            kol::KID => [0, 0, 0, 1],
            kol::P => [10, 10, 11, 10],
            kol::VERSI => [1i64, 2, 1, 1],
            kol::ANGGOTA => [50i64, 55, 60, 20],
        }
        .unwrap();
        let anggota = |df: DataFrame| -> Vec<Option<i64>> {
            let df = versi_terkini(df).unwrap().collect().unwrap();
            let ca = df.column(kol::ANGGOTA).unwrap().i64().unwrap();
            (0..df.height()).map(|i| ca.get(i)).collect()
        };
        assert_eq!(anggota(all.clone()), [Some(55), Some(60), Some(20)]);
        // Out of order (a correction stored after other months, version 2
        // before version 1): sorted first, same answer.
        let acak = all
            .take(&IdxCa::from_vec("i".into(), vec![3, 1, 2, 0]))
            .unwrap();
        assert_eq!(anggota(acak), [Some(55), Some(60), Some(20)]);
    }

    #[test]
    fn reports_per_kecamatan_and_month_key_on_integers() {
        let master = df! {
            kol::KEL => ["b1", "a1", "a2"],
            kol::KID => [0, 1, 2],
            kol::KEC => ["B", "A", "A"],
        }
        .unwrap();
        let laporan = df! {
            kol::KID => [1, 2, 0, 1],
            kol::P => [10, 10, 10, 11],
            kol::SEMBAKO => [true, false, true, true],
            kol::UNIT => [1i64, 0, 2, 1],
            kol::ANGGOTA => [10i64, 20, 30, 40],
            kol::OMZET => [1i64, 2, 3, 4],
        }
        .unwrap();
        let df = laporan_per_kecamatan_bulan(laporan.lazy(), &master)
            .unwrap()
            .sort([kol::KEC, kol::P], SortMultipleOptions::default())
            .collect()
            .unwrap();
        let cols = [kol::KEC, kol::P, "laporan", kol::SEMBAKO, "beroperasi"];
        let mut cols = cols.to_vec();
        cols.extend([kol::ANGGOTA, kol::OMZET]);
        assert_eq!(
            tabel(&df, &cols),
            ["A|10|2|1|1|30|3", "A|11|1|1|1|40|4", "B|10|1|1|1|30|3"]
        );
    }

    #[test]
    fn indicator_values_in_long_form() {
        let (laporan, master) = fixture();
        let kec = per_kecamatan(per_kkmp(laporan, master, 12));
        let df = nilai_panjang(kec, &[kol::KEC], &["gerai_sembako", "anggota_rata"])
            .unwrap()
            .collect()
            .unwrap();
        let rows = tabel(&df, &[kol::WILAYAH, kol::INDIKATOR, kol::AKTUAL]);
        assert_eq!(
            rows,
            [
                "A|gerai_sembako|0.5",
                "B|gerai_sembako|0.0",
                "A|anggota_rata|50.0",
                "B|anggota_rata|25.0"
            ]
        );
    }

    /// Rows of `df` as "a|b|c" text, for compact assertions.
    fn tabel(df: &DataFrame, cols: &[&str]) -> Vec<String> {
        (0..df.height())
            .map(|i| {
                cols.iter()
                    .map(|c| {
                        let v = df.column(c).unwrap().get(i).unwrap();
                        match v {
                            AnyValue::String(s) => s.to_string(),
                            AnyValue::Null => "null".into(),
                            other => other.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn progress_and_status_match_the_target_rules() {
        use crate::inti::target::Cakupan;
        use crate::inti::target::Target;
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let t = Target {
            indikator: "gerai_sembako".into(),
            cakupan: Cakupan::Kota,
            nilai_awal: 0.0,
            tgl_awal: d("2025-07-01"),
            nilai_target: 1.0,
            tenggat: d("2026-03-31"),
            keterangan: String::new(),
        };
        let hari = |x: chrono::NaiveDate| (x - d("1970-01-01")).num_days() as i32;
        let wilayah = ["A", "B", "C", "D", "E"];
        let aktual = [1.0, 0.5, 0.40, 0.30, 0.0];
        let nilai = df! {
            kol::WILAYAH => wilayah,
            kol::INDIKATOR => ["gerai_sembako"; 5],
            kol::AKTUAL => aktual,
        }
        .unwrap();
        let target = df! {
            kol::WILAYAH => wilayah,
            kol::INDIKATOR => ["gerai_sembako"; 5],
            kol::NILAI_AWAL => [0.0; 5],
            kol::HARI_AWAL => [hari(t.tgl_awal); 5],
            kol::NILAI_TARGET => [1.0; 5],
            kol::HARI_TENGGAT => [hari(t.tenggat); 5],
        }
        .unwrap();
        for day in ["2025-06-01", "2025-11-14", "2026-03-31", "2026-08-31"] {
            let df = capaian(nilai.clone().lazy(), target.clone().lazy(), hari(d(day)))
                .sort([kol::WILAYAH], SortMultipleOptions::default())
                .collect()
                .unwrap();
            let ca = df.column(kol::STATUS_TARGET).unwrap().str().unwrap();
            let status: Vec<&str> = (0..df.height()).map(|i| ca.get(i).unwrap()).collect();
            let expected: Vec<&str> = aktual.iter().map(|a| t.status(*a, d(day)).code()).collect();
            assert_eq!(status, expected, "on {day}");
            let harapan = df
                .column(kol::HARAPAN)
                .unwrap()
                .f64()
                .unwrap()
                .get(0)
                .unwrap();
            assert!(
                (harapan - t.harapan(d(day))).abs() < 1e-12,
                "{day}: {harapan}"
            );
        }
        // Hand-computed: on 2025-11-14 the trajectory stands at 136/273.
        let df = capaian(nilai.lazy(), target.lazy(), hari(d("2025-11-14")))
            .collect()
            .unwrap();
        let rows = tabel(&df, &[kol::WILAYAH, kol::STATUS_TARGET]);
        assert_eq!(
            rows,
            [
                "A|tercapai",
                "B|sesuai_jalur",
                "C|berisiko",
                "D|tertinggal",
                "E|tertinggal"
            ]
        );
    }

    #[test]
    fn month_over_month_and_year_over_year() {
        let seri = df! {
            "kec" => ["A"; 14],
            kol::P => (0..14).collect::<Vec<i32>>(),
            "x" => (0..14).map(|i| (i * i) as i64).collect::<Vec<i64>>(),
        }
        .unwrap();
        let df = perubahan(seri.lazy(), "kec", &["x"]).collect().unwrap();
        let rows = tabel(&df, &[kol::P, "x", "x_mom", "x_yoy"]);
        assert_eq!(rows[0], "0|0|null|null");
        assert_eq!(rows[1], "1|1|1|null");
        assert_eq!(rows[12], "12|144|23|144");
        assert_eq!(rows[13], "13|169|25|168");
    }

    #[test]
    fn league_table_ranks_best_first() {
        let (laporan, master) = fixture();
        let kec = per_kecamatan(per_kkmp(laporan, master, 12));
        let df = liga(
            kec.clone(),
            kol::KEC,
            ekspr_nilai("anggota_rata").unwrap(),
            true,
        )
        .collect()
        .unwrap();
        assert_eq!(tabel(&df, &[kol::PERINGKAT, kol::KEC]), ["1|A", "2|B"]);
        let df = liga(kec, kol::KEC, ekspr_nilai("anggota_rata").unwrap(), false)
            .collect()
            .unwrap();
        assert_eq!(tabel(&df, &[kol::PERINGKAT, kol::KEC]), ["1|B", "2|A"]);
    }

    #[test]
    fn timeliness_over_a_window() {
        let (laporan, master) = fixture();
        let df = ketepatan(laporan, master, 10, 12).collect().unwrap();
        // A: 2 KKMP × 3 months due; a1 in 3 (on time 2), a2 in 1 (late).
        // B: 1 × 3 due; b1 in 2, both on time.
        assert_eq!(
            tabel(&df, &[kol::KEC, kol::WAJIB, kol::MASUK, kol::TEPAT]),
            ["A|6|4|2", "B|3|2|2"]
        );
        let share = df
            .column(kol::NILAI)
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        assert!((share - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn months_in_each_stage() {
        let (laporan, master) = fixture();
        let df = lama_tahapan(laporan, master, 12).collect().unwrap();
        let t = |i: usize| TAHAPAN[i].0;
        let cols = |i: usize| [format!("{}_kkmp", t(i)), format!("{}_bulan", t(i))];
        let get = |i: usize| {
            let [k, b] = cols(i);
            tabel(&df, &[kol::KEC, &k, &b])
        };
        // a1 is legal and has its papers from month 10, a proposal in 11:
        // 0 months as "legal only", 1 month with papers. a2 is legal from 10
        // and still there at 12: 2 months. Median of 0 and 2 is 1.
        assert_eq!(get(0), ["A|2|1.0", "B|1|0.0"]);
        assert_eq!(get(1), ["A|1|1.0", "B|0|null"]);
        // RAT is the last stage: a1 reached it in month 12.
        assert_eq!(get(8), ["A|1|0.0", "B|0|null"]);
    }

    #[test]
    fn monthly_series_per_kecamatan() {
        let (laporan, master) = fixture();
        let df = per_kecamatan_bulanan(laporan, master, &[10, 11, 12])
            .unwrap()
            .sort([kol::KEC, kol::P], SortMultipleOptions::default())
            .collect()
            .unwrap();
        assert_eq!(
            tabel(&df, &[kol::KEC, kol::P, kol::ANGGOTA]),
            [
                "A|10|80", "A|11|90", "A|12|100", "B|10|0", "B|11|20", "B|12|25"
            ]
        );
    }
}
