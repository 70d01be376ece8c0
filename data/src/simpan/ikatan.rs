//! Bound content in storage: reading back what a transaction wrote to bind
//! it ([`ikatan_laporan!`], [`ikatan_langkah!`]), binding rows that no
//! entry binds yet (once at the upgrade that introduced bindings, and the
//! demo's workflow steps), and verifying every bound row against its entry
//! ([`periksa`]). See [`crate::inti::ikatan`] for the scheme.

use crate::catat_jejak;
use crate::error::Result;
use crate::inti::ikatan::{Ikatan, LANGKAH, LAPORAN, Langkah, hash_langkah, hash_laporan, ringkas};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::laporan::LaporanTersimpan;
use crate::on_db;
use crate::simpan::Db;
use crate::simpan::Tx;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// Bindings per multi-row insert (4 parameters each).
pub const BLOK: usize = 200;

/// `INSERT INTO jejak_ikatan` for `n` bindings.
pub fn sql_tambah(n: usize) -> String {
    let nilai: Vec<String> = (0..n)
        .map(|i| {
            let b = i * 4;
            format!("(${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4)
        })
        .collect();
    format!(
        "INSERT INTO jejak_ikatan (tabel, baris_id, jejak_id, hash_isi) VALUES {}",
        nilai.join(", ")
    )
}

/// `$1, …, $n`.
pub fn daftar_param(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A report version as the bindings read it: every stored column (the
/// month's first submission is not part of a version, so the version's own
/// time stands in for it).
pub const SQL_LAPORAN: &str = "SELECT l.*, l.dikirim_pada AS pertama_dikirim FROM laporan l";

pub const SQL_LANGKAH: &str = "SELECT id, laporan_id, kelurahan_code, periode, langkah, oleh, pada, catatan FROM laporan_langkah";

pub type TupelLangkah = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    DateTime<Utc>,
    String,
);

pub fn langkah_dari(t: TupelLangkah) -> Langkah {
    let (id, laporan_id, kelurahan_code, periode, langkah, oleh, pada, catatan) = t;
    Langkah {
        id,
        laporan_id,
        kelurahan_code,
        periode,
        langkah,
        oleh,
        pada,
        catatan,
    }
}

pub fn ikatan_dari_laporan(r: &LaporanTersimpan) -> Ikatan {
    Ikatan {
        tabel: LAPORAN.into(),
        baris_id: r.id,
        hash_isi: hash_laporan(r),
    }
}

pub fn ikatan_dari_langkah(l: &Langkah) -> Ikatan {
    Ikatan {
        tabel: LANGKAH.into(),
        baris_id: l.id,
        hash_isi: hash_langkah(l),
    }
}

/// `SELECT id, CAST(col AS TEXT), … FROM tabel` over the columns
/// [`crate::inti::ikatan::UMUM`] lists for it.
pub fn sql_umum(tabel: &str) -> String {
    let kolom: Vec<String> = crate::inti::ikatan::kolom_umum(tabel)
        .split(',')
        .map(|k| format!("CAST({} AS TEXT)", k.trim()))
        .collect();
    format!("SELECT id, {} FROM {tabel}", kolom.join(", "))
}

/// A row of [`sql_umum`]: its id and its columns as text (either back
/// end's row type).
#[macro_export]
macro_rules! baris_umum {
    ($row:expr) => {{
        use sqlx::Row as _;
        let row = &$row;
        let id: i64 = row.try_get(0)?;
        let mut nilai: Vec<Option<String>> = Vec::with_capacity(row.len() - 1);
        for i in 1..row.len() {
            nilai.push(row.try_get::<Option<String>, _>(i)?);
        }
        (id, nilai)
    }};
}

/// The bindings of rows `ids` of a table bound column by column
/// ([`crate::inti::ikatan::UMUM`]), read back inside the open transaction
/// `$conn`.
#[macro_export]
macro_rules! ikatan_umum {
    ($conn:expr, $tabel:expr, $ids:expr) => {{
        let tabel: &str = $tabel;
        let ids: &[i64] = $ids;
        let kolom = $crate::inti::ikatan::kolom_umum(tabel);
        let mut out = Vec::with_capacity(ids.len());
        for blok in ids.chunks($crate::simpan::ikatan::BLOK) {
            let sql = format!(
                "{} WHERE id IN ({})",
                $crate::simpan::ikatan::sql_umum(tabel),
                $crate::simpan::ikatan::daftar_param(blok.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for id in blok {
                q = q.bind(*id);
            }
            for row in q.fetch_all($conn).await? {
                let (id, nilai) = $crate::baris_umum!(row);
                out.push($crate::inti::ikatan::Ikatan {
                    tabel: tabel.to_string(),
                    baris_id: id,
                    hash_isi: $crate::inti::ikatan::hash_baris(tabel, kolom, id, &nilai),
                });
            }
        }
        out
    }};
}

/// The bindings of the report versions `ids`, read back inside the open
/// transaction `$conn` (an expression such as `&mut *tx`): what is hashed is
/// what the database holds.
#[macro_export]
macro_rules! ikatan_laporan {
    ($conn:expr, $ids:expr) => {{
        let ids: &[i64] = $ids;
        let mut out = Vec::with_capacity(ids.len());
        for blok in ids.chunks($crate::simpan::ikatan::BLOK) {
            let sql = format!(
                "{} WHERE l.id IN ({})",
                $crate::simpan::ikatan::SQL_LAPORAN,
                $crate::simpan::ikatan::daftar_param(blok.len())
            );
            let mut q = sqlx::query_as::<_, $crate::inti::laporan::LaporanTersimpan>(
                sqlx::AssertSqlSafe(sql.as_str()),
            );
            for id in blok {
                q = q.bind(*id);
            }
            for r in q.fetch_all($conn).await? {
                out.push($crate::simpan::ikatan::ikatan_dari_laporan(&r));
            }
        }
        out
    }};
}

/// The bindings of the approval steps `WHERE {kolom} IN ids`, read back
/// inside the open transaction `$conn`.
#[macro_export]
macro_rules! ikatan_langkah {
    ($conn:expr, $kolom:literal, $ids:expr) => {{
        let ids: &[i64] = $ids;
        let mut out = Vec::with_capacity(ids.len());
        for blok in ids.chunks($crate::simpan::ikatan::BLOK) {
            let sql = format!(
                "{} WHERE {} IN ({})",
                $crate::simpan::ikatan::SQL_LANGKAH,
                $kolom,
                $crate::simpan::ikatan::daftar_param(blok.len())
            );
            let mut q = sqlx::query_as::<_, $crate::simpan::ikatan::TupelLangkah>(
                sqlx::AssertSqlSafe(sql.as_str()),
            );
            for id in blok {
                q = q.bind(*id);
            }
            for t in q.fetch_all($conn).await? {
                out.push($crate::simpan::ikatan::ikatan_dari_langkah(
                    &$crate::simpan::ikatan::langkah_dari(t),
                ));
            }
        }
        out
    }};
}

/// The `penanda` set once every row stored before bindings existed is bound
/// (v1 bound report versions and approval steps; v2 added the tables of
/// [`crate::inti::ikatan::UMUM`], so a v1 database binds those once).
const PENANDA_AWAL: &str = "ikatan_v2";

/// Binds, with one audit entry, every row of a bound table that no entry
/// binds: the rows stored before bindings existed (once, at the first start
/// after the upgrade, marked by a `penanda` so it never runs again) and the
/// demo's workflow steps. Returns how many rows were bound.
pub async fn ikat_yang_lepas(db: &Db, pelaku: &Pelaku, entri: &Entri) -> Result<usize> {
    crate::dalam_tx!(db, tx => ikat_dalam(&mut tx, pelaku, entri, None).await?)
}

/// [`ikat_yang_lepas`] inside an open transaction (the demo load).
pub async fn ikat_yang_lepas_dalam(
    tx: &mut Tx<'_>,
    pelaku: &Pelaku,
    entri: &Entri,
) -> Result<usize> {
    ikat_dalam(tx, pelaku, entri, None).await
}

/// The upgrade step: binds the rows stored before this version, once.
pub async fn ikat_data_lama(db: &Db) -> Result<usize> {
    let entri = Entri::baru("data.ikat", "jejak_ikatan").alasan(
        "Pengikatan isi data yang tersimpan sebelum pembaruan: isi saat ini dicatat sebagai acuan.",
    );
    let pelaku = Pelaku::sistem("pembaruan");
    crate::dalam_tx!(db, tx => ikat_dalam(&mut tx, &pelaku, &entri, Some(PENANDA_AWAL)).await?)
}

async fn ikat_dalam(
    tx: &mut Tx<'_>,
    pelaku: &Pelaku,
    entri: &Entri,
    penanda: Option<&str>,
) -> Result<usize> {
    let laporan_lepas = format!(
        "{SQL_LAPORAN} WHERE NOT EXISTS (SELECT 1 FROM jejak_ikatan i WHERE i.tabel = 'laporan' AND i.baris_id = l.id) ORDER BY l.id"
    );
    let langkah_lepas = format!(
        "{SQL_LANGKAH} WHERE NOT EXISTS (SELECT 1 FROM jejak_ikatan i WHERE i.tabel = 'laporan_langkah' AND i.baris_id = laporan_langkah.id) ORDER BY id"
    );
    let n = crate::on_tx!(tx, tx => {
        // The head first: writers are serialised before anything is read.
        sqlx::query("UPDATE jejak_kepala SET nomor = nomor WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        if let Some(kunci) = penanda {
            let sudah: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM penanda WHERE kunci = $1")
                .bind(kunci)
                .fetch_one(&mut *tx)
                .await?;
            if sudah > 0 {
                return Ok(0);
            }
            sqlx::query("INSERT INTO penanda (kunci, pada) VALUES ($1, $2)")
                .bind(kunci)
                .bind(Utc::now())
                .execute(&mut *tx)
                .await?;
        }
        let mut ikatan: Vec<Ikatan> = sqlx::query_as::<_, LaporanTersimpan>(sqlx::AssertSqlSafe(laporan_lepas.as_str()))
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(ikatan_dari_laporan)
            .collect();
        ikatan.extend(
            sqlx::query_as::<_, TupelLangkah>(sqlx::AssertSqlSafe(langkah_lepas.as_str()))
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|t| ikatan_dari_langkah(&langkah_dari(t))),
        );
        for (tabel, _) in crate::inti::ikatan::UMUM {
            let sql = format!(
                "SELECT id FROM {tabel} WHERE NOT EXISTS (SELECT 1 FROM jejak_ikatan i WHERE i.tabel = '{tabel}' AND i.baris_id = {tabel}.id) ORDER BY id"
            );
            let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *tx).await?;
            ikatan.extend(crate::ikatan_umum!(&mut *tx, tabel, &ids));
        }
        let n = ikatan.len();
        if n > 0 {
            let entri = entri.clone().sesudah(&serde_json::json!({ "baris": n }));
            catat_jejak!(&mut tx, pelaku, &entri, &ikatan);
        }
        n
    });
    Ok(n)
}

/// What checking the bound content found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HasilIsi {
    /// Rows checked.
    pub baris: i64,
    /// The first [`MAKS_MASALAH`] problems, each naming its row or entry.
    pub masalah: Vec<String>,
    /// How many problems in all.
    pub jumlah_masalah: i64,
}

pub const MAKS_MASALAH: usize = 200;

impl HasilIsi {
    fn tambah(&mut self, m: String) {
        self.jumlah_masalah += 1;
        if self.masalah.len() < MAKS_MASALAH {
            self.masalah.push(m);
        }
    }
}

/// Recomputes every bound row's content hash and every entry's binding
/// digest; names every row whose content no longer matches its entry, every
/// entry whose bindings were changed, every binding whose row is missing
/// and every row that no entry binds. Reads the tables in pages.
pub async fn periksa(db: &Db) -> Result<HasilIsi> {
    let mut hasil = HasilIsi::default();
    let semua: Vec<(String, i64, i64, String)> = on_db!(db, pool => {
        // In entry order: a row written again (a target edited, an item's
        // status changed) is checked against its latest binding.
        sqlx::query_as("SELECT tabel, baris_id, jejak_id, hash_isi FROM jejak_ikatan ORDER BY jejak_id")
            .fetch_all(pool)
            .await?
    });
    let entri: Vec<(i64, String)> = on_db!(db, pool => {
        sqlx::query_as("SELECT id, ikatan FROM jejak_audit WHERE ikatan <> '' ORDER BY id")
            .fetch_all(pool)
            .await?
    });
    // Each entry's digest against its bindings as stored.
    let mut per_entri: BTreeMap<i64, Vec<Ikatan>> = BTreeMap::new();
    for (tabel, baris_id, jejak_id, hash_isi) in &semua {
        per_entri.entry(*jejak_id).or_default().push(Ikatan {
            tabel: tabel.clone(),
            baris_id: *baris_id,
            hash_isi: hash_isi.clone(),
        });
    }
    for (id, ringkasan) in &entri {
        let ikatan = per_entri.remove(id).unwrap_or_default();
        if ringkas(&ikatan) != *ringkasan {
            hasil.tambah(format!(
                "entri jejak #{id}: ikatan isinya ({} baris tersimpan) tidak cocok dengan ringkasan di entri — ikatan diubah, dihapus atau ditambah di luar aplikasi",
                ikatan.len()
            ));
        }
    }
    for (id, ikatan) in per_entri {
        hasil.tambah(format!(
            "{} ikatan isi menunjuk entri jejak #{id}, yang tidak mengikat apa pun — ikatan ditambah di luar aplikasi",
            ikatan.len()
        ));
    }
    let mut tercatat: Tercatat = semua
        .into_iter()
        .map(|(t, b, j, h)| ((t, b), (j, h)))
        .collect();
    type Tercatat = HashMap<(String, i64), (i64, String)>;
    fn cocokkan(
        hasil: &mut HasilIsi,
        tercatat: &mut Tercatat,
        tabel: &str,
        id: i64,
        hash: String,
        uraian: String,
    ) {
        hasil.baris += 1;
        match tercatat.remove(&(tabel.to_string(), id)) {
            None => hasil.tambah(format!(
                "{uraian}: tidak diikat entri jejak mana pun — baris ditambahkan di luar aplikasi"
            )),
            Some((j, h)) if h != hash => hasil.tambah(format!(
                "{uraian}: isinya tidak cocok dengan yang dicatat entri jejak #{j} — diubah di luar aplikasi"
            )),
            Some(_) => {}
        }
    }
    // Report versions, in pages by id.
    let sql = format!("{SQL_LAPORAN} WHERE l.id > $1 ORDER BY l.id LIMIT 2000");
    let mut dari = i64::MIN;
    loop {
        let rows = on_db!(db, pool => {
            sqlx::query_as::<_, LaporanTersimpan>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(dari)
                .fetch_all(pool)
                .await
        });
        let rows = match rows {
            Ok(r) => r,
            Err(e) => {
                hasil.tambah(format!(
                    "laporan setelah id {dari}: tidak terbaca ({e}) — isi diubah di luar aplikasi"
                ));
                tercatat.retain(|(t, _), _| t != LAPORAN);
                break;
            }
        };
        let Some(last) = rows.last() else { break };
        dari = last.id;
        for r in &rows {
            cocokkan(
                &mut hasil,
                &mut tercatat,
                LAPORAN,
                r.id,
                hash_laporan(r),
                format!(
                    "laporan id {} ({} periode {}, versi {})",
                    r.id, r.isi.kelurahan_code, r.isi.periode, r.versi
                ),
            );
        }
    }
    let sql = format!("{SQL_LANGKAH} WHERE id > $1 ORDER BY id LIMIT 2000");
    let mut dari = i64::MIN;
    loop {
        let rows: Vec<TupelLangkah> = on_db!(db, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(dari)
                .fetch_all(pool)
                .await?
        });
        let Some(last) = rows.last() else { break };
        dari = last.0;
        for l in rows.into_iter().map(langkah_dari) {
            cocokkan(
                &mut hasil,
                &mut tercatat,
                LANGKAH,
                l.id,
                hash_langkah(&l),
                format!(
                    "langkah persetujuan id {} ({} periode {}, {})",
                    l.id, l.kelurahan_code, l.periode, l.langkah
                ),
            );
        }
    }
    // The tables bound column by column, in pages by id.
    for (tabel, kolom) in crate::inti::ikatan::UMUM {
        let sql = format!("{} WHERE id > $1 ORDER BY id LIMIT 2000", sql_umum(tabel));
        let mut dari = i64::MIN;
        loop {
            let rows: Vec<(i64, Vec<Option<String>>)> = on_db!(db, pool => {
                let mut out = Vec::new();
                for row in sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(dari).fetch_all(pool).await? {
                    out.push(crate::baris_umum!(row));
                }
                out
            });
            let Some(last) = rows.last() else { break };
            dari = last.0;
            for (id, nilai) in rows {
                cocokkan(
                    &mut hasil,
                    &mut tercatat,
                    tabel,
                    id,
                    crate::inti::ikatan::hash_baris(tabel, kolom, id, &nilai),
                    format!("{tabel} id {id}"),
                );
            }
        }
    }
    // Every stored file (uploads, visit photos) against the SHA-256 its
    // bound metadata records, one file at a time.
    for (tabel, uraian) in [
        ("unggahan", "berkas tersimpan"),
        ("foto_kunjungan", "foto tersimpan"),
        ("temuan_langkah", "bukti tindak lanjut tersimpan"),
    ] {
        let sql = format!(
            "SELECT id, sha256, isi FROM {tabel} WHERE id > $1 AND isi IS NOT NULL ORDER BY id LIMIT 1"
        );
        let mut dari = i64::MIN;
        loop {
            let row: Option<(i64, String, Vec<u8>)> = on_db!(db, pool => {
                sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                    .bind(dari)
                    .fetch_optional(pool)
                    .await?
            });
            let Some((id, sha, isi)) = row else { break };
            dari = id;
            if crate::inti::sandi::sha256_hex(&isi) != sha {
                hasil.tambah(format!(
                    "{tabel} id {id}: {uraian} tidak cocok dengan SHA-256 yang dicatat ({sha}) — berkas diganti di luar aplikasi"
                ));
            }
        }
    }
    let mut hilang: Vec<_> = tercatat.into_iter().collect();
    hilang.sort();
    for ((tabel, id), (j, _)) in hilang {
        hasil.tambah(format!(
            "{tabel} id {id}: dicatat entri jejak #{j} tetapi tidak ada lagi di basis data — dihapus di luar aplikasi"
        ));
    }
    Ok(hasil)
}
