//! A synthetic national workload for the analytics benchmark (`server
//! bench-analitik`): about 83,000 cooperatives in about 7,000 kecamatan over
//! 36 months, 5% of the reports corrected once. Generated straight into the
//! frames the analytics core reads, and loadable into SQLite and
//! PostgreSQL for the SQL `GROUP BY` comparison. Not used by the app.

use data::Result;
use data::analitik::kol;
use data::on_db;
use data::simpan::Db;
use model::status::GeraiStatus;
use model::status::PinjamanTahap;
use polars::prelude::*;

/// The size of the workload.
#[derive(Clone, Copy, Debug)]
pub struct Ukuran {
    pub kkmp: usize,
    pub per_kecamatan: usize,
    pub bulan: i32,
    /// Share of reports corrected once (a second version).
    pub koreksi: f64,
}

impl Ukuran {
    /// The national scale of the issue: 83,000 KKMP, 12 per kecamatan
    /// (about 6,900 kecamatan), 36 months, 5% corrected.
    pub const NASIONAL: Ukuran = Ukuran {
        kkmp: 83_000,
        per_kecamatan: 12,
        bulan: 36,
        koreksi: 0.05,
    };
}

/// The generated frames.
pub struct Nasional {
    /// Every version, each KKMP's rows in month order: the laporan columns
    /// plus `versi` and `terkini` (the flag storage keeps on write).
    pub semua_versi: DataFrame,
    /// One row per KKMP: `kel`, `kec`.
    pub master: DataFrame,
    /// The first month's index (months are `awal..awal+bulan`).
    pub awal: i32,
}

/// A small, fast, deterministic generator (xorshift64*).
struct Acak(u64);

impl Acak {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn bawah(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn peluang(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Generates the workload: each KKMP reaches its milestones at random months
/// and reports every month; some reports are corrected (version 2 with a
/// slightly different member count).
pub fn nasional(u: Ukuran) -> PolarsResult<Nasional> {
    let awal = model::Periode::new(2025, 1).map_or(0, model::Periode::index);
    let mut rng = Acak(0x9e37_79b9_7f4a_7c15);
    let n_rows = (u.kkmp as f64 * u.bulan as f64 * (1.0 + u.koreksi)) as usize + 16;
    let mut kel = Vec::with_capacity(n_rows);
    let mut kec = Vec::with_capacity(n_rows);
    let mut kid = Vec::with_capacity(n_rows);
    let mut p = Vec::with_capacity(n_rows);
    let mut p_bh: Vec<Option<i32>> = Vec::with_capacity(n_rows);
    let (mut bh, mut nib, mut npwp, mut rek, mut sembako, mut cair, mut lahan, mut gerai, mut rat) = (
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
    );
    let (mut sembako_status, mut tahap) = (Vec::with_capacity(n_rows), Vec::with_capacity(n_rows));
    let (mut unit, mut anggota, mut omzet, mut terlambat, mut rank, mut versi, mut terkini) = (
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
        Vec::with_capacity(n_rows),
    );
    let mut m_kel = Vec::with_capacity(u.kkmp);
    let mut m_kec = Vec::with_capacity(u.kkmp);
    let b = u.bulan as u64;
    for i in 0..u.kkmp {
        let kec_code = format!(
            "{:02}.{:04}",
            11 + i / u.per_kecamatan / 1000,
            (i / u.per_kecamatan) % 1000
        );
        let code = format!("{kec_code}.{:04}", 1001 + i % u.per_kecamatan);
        m_kel.push(code.clone());
        m_kec.push(kec_code.clone());
        // The month each milestone is reached (may be beyond the window).
        let t_bh = rng.bawah(6) as i32;
        let t_papers = t_bh + rng.bawah(6) as i32;
        let t_prop = t_papers + rng.bawah(8) as i32;
        let t_unit = 4 + rng.bawah(b) as i32;
        let t_sembako = 6 + rng.bawah(b) as i32;
        let t_lahan = 3 + rng.bawah(b) as i32;
        let t_gerai = t_lahan + rng.bawah(12) as i32;
        let a0 = 20 + rng.bawah(40) as i64;
        for m in 0..u.bulan {
            let units = if m >= t_unit {
                1 + ((m - t_unit) / 8).min(3) as i64
            } else {
                0
            };
            let rk = if m >= t_prop {
                ((m - t_prop) / 3).min(5)
            } else {
                0
            };
            let members = a0 + 3 * m as i64 + rng.bawah(5) as i64;
            let koreksi = rng.peluang(u.koreksi);
            let versions: &[i64] = if koreksi { &[1, 2] } else { &[1] };
            for v in versions {
                kel.push(code.clone());
                kec.push(kec_code.clone());
                kid.push(i as i32);
                p.push(awal + m);
                p_bh.push((m >= t_bh).then_some(awal + t_bh));
                bh.push(m >= t_bh);
                nib.push(m >= t_papers);
                npwp.push(m >= t_papers);
                rek.push(m >= t_papers);
                let s = m >= t_sembako;
                sembako.push(s);
                sembako_status.push(if s {
                    GeraiStatus::Beroperasi.code()
                } else {
                    GeraiStatus::BelumAda.code()
                });
                tahap.push(PinjamanTahap::ALL[rk as usize].code());
                cair.push(rk >= 5);
                rank.push(rk);
                lahan.push(m >= t_lahan);
                gerai.push(m >= t_gerai);
                rat.push(m % 12 >= 5 && m >= t_bh + 6);
                unit.push(units);
                anggota.push(if *v == 2 { members + 1 } else { members });
                omzet.push(if units > 0 {
                    2_000_000 * units + rng.bawah(1_000_000) as i64
                } else {
                    0
                });
                terlambat.push(rng.bawah(20) as i64 - 12);
                versi.push(*v);
                terkini.push(*v == versions.len() as i64);
            }
        }
    }
    let semua_versi = df! {
        kol::KEL => kel,
        kol::KID => kid,
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
        kol::TAHAP_RANK => rank,
        kol::LAHAN_SIAP => lahan,
        kol::GERAI_SELESAI => gerai,
        kol::RAT => rat,
        kol::VERSI => versi,
        "terkini" => terkini,
    }?;
    let m_kid: Vec<i32> = (0..m_kel.len() as i32).collect();
    let master = df! { kol::KEL => m_kel, kol::KID => m_kid, kol::KEC => m_kec }?;
    Ok(Nasional {
        semua_versi,
        master,
        awal,
    })
}

/// One target per kecamatan for gerai sembako and for operating KKMP, as
/// the frame `analitik::capaian` joins (dates as days since 1970).
pub fn target_per_kecamatan(
    master: &DataFrame,
    hari_awal: i32,
    hari_tenggat: i32,
) -> PolarsResult<DataFrame> {
    let kec = master
        .clone()
        .lazy()
        .select([col(kol::KEC)])
        .unique(None, UniqueKeepStrategy::First)
        .collect()?;
    let ca = kec.column(kol::KEC)?.str()?;
    let codes: Vec<String> = (0..kec.height())
        .filter_map(|i| ca.get(i).map(str::to_string))
        .collect();
    let n = codes.len();
    let mut w = Vec::with_capacity(2 * n);
    let mut ind = Vec::with_capacity(2 * n);
    for c in codes {
        for i in ["gerai_sembako", "beroperasi"] {
            w.push(c.clone());
            ind.push(i);
        }
    }
    df! {
        kol::WILAYAH => w,
        kol::INDIKATOR => ind,
        kol::NILAI_AWAL => vec![0.0; 2 * n],
        kol::HARI_AWAL => vec![hari_awal; 2 * n],
        kol::NILAI_TARGET => vec![1.0; 2 * n],
        kol::HARI_TENGGAT => vec![hari_tenggat; 2 * n],
    }
}

/// The SQL the comparison times: the same roll-up per (kecamatan, month) as
/// `analitik::laporan_per_kecamatan_bulan` over the current versions,
/// joined with the gerai sembako target of each kecamatan.
pub const SQL_ROLLUP: &str = "SELECT r.kec, r.p, r.laporan, r.sembako, r.beroperasi, r.anggota, r.omzet, t.nilai_target \
     FROM (SELECT kec, p, COUNT(*) AS laporan, SUM(CASE WHEN sembako THEN 1 ELSE 0 END) AS sembako, \
           SUM(CASE WHEN unit >= 1 THEN 1 ELSE 0 END) AS beroperasi, SUM(anggota) AS anggota, SUM(omzet) AS omzet \
           FROM bench_laporan WHERE terkini GROUP BY kec, p) r \
     LEFT JOIN bench_target t ON t.kec = r.kec";

/// The rows the SQL tables (and the DuckDB comparison's CSV) hold: every
/// version with its kecamatan and `terkini`, the roll-up's columns.
fn tabel_sql(n: &Nasional) -> PolarsResult<DataFrame> {
    n.semua_versi
        .clone()
        .lazy()
        .join(
            n.master.clone().lazy(),
            [col(kol::KEL)],
            [col(kol::KEL)],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col(kol::KEL),
            col(kol::KEC),
            col(kol::P),
            col(kol::VERSI),
            col("terkini"),
            col(kol::SEMBAKO),
            col(kol::UNIT),
            col(kol::ANGGOTA),
            col(kol::OMZET),
        ])
        .collect()
}

/// The columns of [`tabel_sql`], typed.
struct Kolom<'a> {
    kel: &'a StringChunked,
    kec: &'a StringChunked,
    p: &'a Int32Chunked,
    versi: &'a Int64Chunked,
    terkini: &'a BooleanChunked,
    sembako: &'a BooleanChunked,
    unit: &'a Int64Chunked,
    anggota: &'a Int64Chunked,
    omzet: &'a Int64Chunked,
}

impl<'a> Kolom<'a> {
    fn dari(df: &'a DataFrame) -> PolarsResult<Kolom<'a>> {
        Ok(Kolom {
            kel: df.column(kol::KEL)?.str()?,
            kec: df.column(kol::KEC)?.str()?,
            p: df.column(kol::P)?.i32()?,
            versi: df.column(kol::VERSI)?.i64()?,
            terkini: df.column("terkini")?.bool()?,
            sembako: df.column(kol::SEMBAKO)?.bool()?,
            unit: df.column(kol::UNIT)?.i64()?,
            anggota: df.column(kol::ANGGOTA)?.i64()?,
            omzet: df.column(kol::OMZET)?.i64()?,
        })
    }
}

/// Row `i` of [`tabel_sql`] as a CSV line.
fn baris_csv(k: &Kolom, i: usize, buf: &mut String) {
    use std::fmt::Write;
    let _ = writeln!(
        buf,
        "{},{},{},{},{},{},{},{},{}",
        k.kel.get(i).unwrap_or_default(),
        k.kec.get(i).unwrap_or_default(),
        k.p.get(i).unwrap_or_default(),
        k.versi.get(i).unwrap_or_default(),
        k.terkini.get(i).unwrap_or_default(),
        k.sembako.get(i).unwrap_or_default(),
        k.unit.get(i).unwrap_or_default(),
        k.anggota.get(i).unwrap_or_default(),
        k.omzet.get(i).unwrap_or_default()
    );
}

/// Writes the rows of the SQL tables as `laporan.csv` and `target.csv`
/// (with headers) into `dir`, for the DuckDB comparison
/// (`bench/duckdb_nasional.py`). Returns the report rows written.
pub fn tulis_csv(n: &Nasional, dir: &std::path::Path) -> anyhow::Result<usize> {
    use std::io::Write;
    let df = tabel_sql(n)?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("laporan.csv"))?);
    writeln!(f, "kel,kec,p,versi,terkini,sembako,unit,anggota,omzet")?;
    let mut buf = String::with_capacity(1 << 16);
    let k = Kolom::dari(&df)?;
    for i in 0..df.height() {
        baris_csv(&k, i, &mut buf);
        if buf.len() > (1 << 16) - 256 {
            f.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    f.write_all(buf.as_bytes())?;
    f.flush()?;
    let kec = df
        .clone()
        .lazy()
        .select([col(kol::KEC)])
        .unique_stable(None, UniqueKeepStrategy::First)
        .collect()?;
    let mut t = std::io::BufWriter::new(std::fs::File::create(dir.join("target.csv"))?);
    writeln!(t, "kec,nilai_target")?;
    let kec = kec.column(kol::KEC)?.str()?;
    for k in (0..kec.len()).filter_map(|i| kec.get(i)) {
        writeln!(t, "{k},1.0")?;
    }
    t.flush()?;
    Ok(df.height())
}

/// Loads every version (with kecamatan and `terkini`) into `bench_laporan`,
/// and one target per kecamatan into `bench_target`, replacing earlier
/// benchmark tables. Returns the rows loaded.
pub async fn muat_sql(db: &Db, n: &Nasional) -> Result<usize> {
    let df = tabel_sql(n)?;
    let rows = df.height();
    const DDL: [&str; 4] = [
        "DROP TABLE IF EXISTS bench_laporan",
        "DROP TABLE IF EXISTS bench_target",
        "CREATE TABLE bench_laporan (kel TEXT NOT NULL, kec TEXT NOT NULL, p INTEGER NOT NULL, versi BIGINT NOT NULL, \
         terkini BOOLEAN NOT NULL, sembako BOOLEAN NOT NULL, unit BIGINT NOT NULL, anggota BIGINT NOT NULL, omzet BIGINT NOT NULL)",
        "CREATE TABLE bench_target (kec TEXT PRIMARY KEY, nilai_target DOUBLE PRECISION NOT NULL)",
    ];
    match db {
        Db::Postgres(pool) => {
            for s in DDL {
                sqlx::query(s).execute(pool).await?;
            }
            let mut conn = pool.acquire().await?;
            let mut copy = conn
                .copy_in_raw("COPY bench_laporan FROM STDIN WITH (FORMAT csv)")
                .await?;
            let mut buf = String::with_capacity(8 << 20);
            let k = Kolom::dari(&df)?;
            for i in 0..rows {
                baris_csv(&k, i, &mut buf);
                if buf.len() > (8 << 20) - 256 {
                    copy.send(buf.as_bytes()).await?;
                    buf.clear();
                }
            }
            copy.send(buf.as_bytes()).await?;
            copy.finish().await?;
        }
        Db::Sqlite(pool) => {
            for s in DDL {
                sqlx::query(s).execute(pool).await?;
            }
            let mut tx = pool.begin().await?;
            let k = Kolom::dari(&df)?;
            const BLOK: usize = 100;
            let one = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
            let full = format!(
                "INSERT INTO bench_laporan VALUES {}",
                vec![one; BLOK].join(", ")
            );
            let mut i = 0;
            while i < rows {
                let end = (i + BLOK).min(rows);
                let sql = if end - i == BLOK {
                    full.clone()
                } else {
                    format!(
                        "INSERT INTO bench_laporan VALUES {}",
                        vec![one; end - i].join(", ")
                    )
                };
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for j in i..end {
                    q = q
                        .bind(k.kel.get(j).unwrap_or_default())
                        .bind(k.kec.get(j).unwrap_or_default())
                        .bind(k.p.get(j).unwrap_or_default())
                        .bind(k.versi.get(j).unwrap_or_default())
                        .bind(k.terkini.get(j).unwrap_or_default())
                        .bind(k.sembako.get(j).unwrap_or_default())
                        .bind(k.unit.get(j).unwrap_or_default())
                        .bind(k.anggota.get(j).unwrap_or_default())
                        .bind(k.omzet.get(j).unwrap_or_default());
                }
                q.execute(&mut *tx).await?;
                i = end;
            }
            tx.commit().await?;
        }
    }
    on_db!(db, pool => {
        sqlx::query("INSERT INTO bench_target (kec, nilai_target) SELECT DISTINCT kec, 1.0 FROM bench_laporan")
            .execute(pool)
            .await?;
        sqlx::query("ANALYZE").execute(pool).await?;
    });
    Ok(rows)
}

/// Runs [`SQL_ROLLUP`] and fetches every row; returns how many.
pub async fn rollup_sql(db: &Db) -> Result<usize> {
    let n = on_db!(db, pool => {
        sqlx::query(SQL_ROLLUP).fetch_all(pool).await?.len()
    });
    Ok(n)
}

/// Drops the benchmark tables.
pub async fn hapus_sql(db: &Db) -> Result<()> {
    on_db!(db, pool => {
        sqlx::query("DROP TABLE IF EXISTS bench_laporan").execute(pool).await?;
        sqlx::query("DROP TABLE IF EXISTS bench_target").execute(pool).await?;
    });
    Ok(())
}
