//! The analytics core: pure functions from frames to frames (polars lazy
//! API). Nothing here touches the database or the async runtime; the
//! service builds the input frames, calls these, and collects the result once
//! on a blocking thread.
//!
//! Input frames:
//! - the laporan frame ([`laporan_frame`]): one row per current report
//!   version, with the columns [`kol`] names;
//! - the master frame ([`master_frame`]): one row per KKMP (`kel`, `kec`).
//!
//! State at a month M is the latest report at or before M ("laporan
//! terakhir"); flows (omzet) and timeliness count M's own report only.

use crate::laporan::{LaporanTersimpan, hari_terlambat};
use crate::master::Wilayah;
use chrono::Datelike;
use model::Periode;
use model::status::{GeraiStatus, JenisGerai, Lahan, Pembangunan, PinjamanTahap, StatusOperasi};
use model::view::Ringkasan;
use polars::prelude::*;

/// Column names of the frames.
pub mod kol {
    pub const KEL: &str = "kel";
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
}

/// One row per current report version.
pub fn laporan_frame(rows: &[LaporanTersimpan], hari_batas: u32) -> PolarsResult<DataFrame> {
    let n = rows.len();
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
    df! { kol::KEL => kel, kol::KEC => kec }
}

/// Each KKMP's state at month `p` (a [`Periode::index`]): one row per KKMP of
/// `master`, whether it reported or not.
///
/// Adds: `p_data` (month of the latest report, null if none), the latest
/// report's fields, `omzet_bulan` and `terlambat_bulan` (null without a report
/// for `p`), `status_operasi`, `formalitas`, `masuk`, `tepat`.
pub fn per_kkmp(laporan: LazyFrame, master: LazyFrame, p: i32) -> LazyFrame {
    use kol::*;
    let latest = laporan
        .clone()
        .filter(col(P).lt_eq(lit(p)))
        .sort([P], SortMultipleOptions::default())
        .group_by([col(KEL)])
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
        .group_by([col(KEL)])
        .agg([
            col(UNIT).max().alias(UNIT_MAX3),
            col(OMZET).sum().alias(OMZET3),
        ]);
    let this_month = laporan.filter(col(P).eq(lit(p))).select([
        col(KEL),
        col(OMZET).alias(OMZET_BULAN),
        col(TERLAMBAT).alias(TERLAMBAT_BULAN),
    ]);
    let flag = |name: &str| col(name).fill_null(lit(false));
    master
        .left_join(latest, col(KEL), col(KEL))
        .left_join(window, col(KEL), col(KEL))
        .left_join(this_month, col(KEL), col(KEL))
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
    ]
}

/// Rolls [`per_kkmp`] up per kecamatan, sorted by kecamatan code.
pub fn per_kecamatan(per_kkmp: LazyFrame) -> LazyFrame {
    per_kkmp
        .group_by([col(kol::KEC)])
        .agg(ringkasan_exprs())
        .sort([kol::KEC], SortMultipleOptions::default())
}

/// Rolls [`per_kkmp`] up to one row for the whole scope.
pub fn total(per_kkmp: LazyFrame) -> LazyFrame {
    per_kkmp.select(ringkasan_exprs())
}

/// The program's milestones (DOMAIN.md §4), in order: column and label.
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
    use kol::*;
    let rank = |r: usize| col(TAHAP_RANK).gt_eq(lit(r as i32));
    let reached = [
        col(BADAN_HUKUM),
        col(NIB).and(col(NPWP)).and(col(REKENING)),
        rank(1),
        rank(2),
        rank(5),
        col(LAHAN_SIAP),
        col(GERAI_SELESAI),
        col(UNIT).gt_eq(lit(1i64)),
        col(RAT),
    ];
    per_kkmp.select(
        reached
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Three KKMP in two kecamatan, hand-built.
    fn fixture() -> (LazyFrame, LazyFrame) {
        let master = df! {
            kol::KEL => ["a1", "a2", "b1"],
            kol::KEC => ["A", "A", "B"],
        }
        .unwrap();
        // a1 reports months 10, 11, 12; a2 only 10 (late); b1 months 11 and 12.
        let laporan = df! {
            kol::KEL => ["a1", "a1", "a1", "a2", "b1", "b1"],
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
}
