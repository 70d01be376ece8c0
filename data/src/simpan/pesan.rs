//! The outbox (`pesan_keluar`): every message the rules make is stored
//! first, with its idempotency key (unique: queued once, whatever restarts
//! or how many instances run the rules), then taken by a worker, sent, and
//! marked. A message taken and not marked before its claim expires (the
//! server died mid-send) is taken again: delivery is at least once, and
//! the key travels with the message (webhook `Idempotency-Key`, e-mail
//! `Message-ID`) so the far side can drop a repeat.

use crate::error::Result;
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::pesan::{PesanBaru, StatusPesan};
use crate::simpan::Db;
use crate::{catat_jejak, on_db};
use chrono::{DateTime, Duration, Utc};

/// How long a worker owns a message it took.
pub const KLAIM_MENIT: i64 = 5;

/// One stored message.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PesanKeluar {
    pub id: i64,
    pub kunci: String,
    pub aturan: String,
    pub periode: String,
    pub penerima: String,
    pub saluran: String,
    pub alamat: String,
    pub judul: String,
    pub isi: String,
    pub tautan: String,
    pub revisi: i64,
    pub status: String,
    pub percobaan: i32,
    pub coba_pada: DateTime<Utc>,
    pub alasan: String,
    pub dibuat_pada: DateTime<Utc>,
    pub terkirim_pada: Option<DateTime<Utc>>,
    pub lampiran_nama: String,
    /// Read only to send it (the page lists the name).
    pub lampiran: Option<Vec<u8>>,
}

const KOLOM: &str = "id, kunci, aturan, periode, penerima, saluran, alamat, judul, isi, tautan, revisi, \
                     status, percobaan, coba_pada, alasan, dibuat_pada, terkirim_pada, lampiran_nama";

/// Queues the messages not queued before (by key), with one audit entry
/// naming them; returns how many were new. One transaction.
pub async fn antrekan(
    db: &Db,
    pesan: &[PesanBaru],
    kini: DateTime<Utc>,
    pelaku: &Pelaku,
) -> Result<usize> {
    if pesan.is_empty() {
        return Ok(0);
    }
    crate::simpan::ulangi(|| async {
        let baru = on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            let (revisi,): (i64,) = sqlx::query_as("SELECT nomor FROM revisi WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
            let mut baru = Vec::new();
            for p in pesan {
                let n = sqlx::query(
                    "INSERT INTO pesan_keluar (kunci, aturan, periode, penerima, saluran, alamat, judul, isi, tautan, \
                     revisi, status, percobaan, coba_pada, alasan, dibuat_pada, lampiran_nama, lampiran) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, '', $12, $13, $14) \
                     ON CONFLICT (kunci) DO NOTHING",
                )
                .bind(&p.kunci)
                .bind(p.aturan.code())
                .bind(p.periode.to_string())
                .bind(&p.penerima)
                .bind(p.saluran.code())
                .bind(&p.alamat)
                .bind(&p.judul)
                .bind(&p.isi)
                .bind(&p.tautan)
                .bind(revisi)
                .bind(StatusPesan::Antre.code())
                .bind(kini)
                .bind(p.lampiran.as_ref().map_or("", |(n, _)| n.as_str()))
                .bind(p.lampiran.as_ref().map(|(_, b)| b.as_slice()))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 1 {
                    baru.push(p.kunci.as_str());
                }
            }
            if !baru.is_empty() {
                let entri = Entri::baru("pesan.antre", "pesan_keluar")
                    .sesudah(&serde_json::json!({ "jumlah": baru.len(), "kunci": baru }));
                catat_jejak!(&mut tx, pelaku, &entri);
            }
            tx.commit().await?;
            baru.len()
        });
        Ok(baru)
    })
    .await
}

/// Takes up to `n` messages due at `kini` (waiting, or taken by a worker
/// whose claim expired), counting the attempt. Another worker, in this
/// process or another instance, does not get them until the claim expires.
pub async fn ambil(db: &Db, kini: DateTime<Utc>, n: i64) -> Result<Vec<PesanKeluar>> {
    let sampai = kini + Duration::minutes(KLAIM_MENIT);
    // The outer condition is evaluated again on a row another transaction
    // just took (PostgreSQL re-checks it after the row lock): taken once.
    let sql = format!(
        "UPDATE pesan_keluar SET status = 'mengirim', percobaan = percobaan + 1, coba_pada = $2 \
         WHERE id IN (SELECT id FROM pesan_keluar \
                      WHERE status IN ('antre', 'mengirim') AND coba_pada <= $1 ORDER BY coba_pada, id LIMIT $3) \
           AND status IN ('antre', 'mengirim') AND coba_pada <= $1 \
         RETURNING {KOLOM}, lampiran"
    );
    let mut rows: Vec<PesanKeluar> = on_db!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(kini)
            .bind(sampai)
            .bind(n)
            .fetch_all(pool)
            .await?
    });
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// The outcome of one attempt.
pub enum Hasil {
    Terkirim,
    /// Failed; try again at the time given, or (`None`) never: failed for good.
    Gagal {
        alasan: String,
        lagi: Option<DateTime<Utc>>,
    },
}

/// Marks the messages of one pass (only those still taken by this pass:
/// `percobaan` as taken) and writes one audit entry for them.
pub async fn tandai(
    db: &Db,
    hasil: &[(PesanKeluar, Hasil)],
    kini: DateTime<Utc>,
    pelaku: &Pelaku,
) -> Result<()> {
    if hasil.is_empty() {
        return Ok(());
    }
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            let (mut terkirim, mut ulang, mut gagal) = (Vec::new(), Vec::new(), Vec::new());
            for (p, h) in hasil {
                let q = match h {
                    Hasil::Terkirim => {
                        terkirim.push(p.id);
                        sqlx::query(
                            "UPDATE pesan_keluar SET status = 'terkirim', terkirim_pada = $1, alasan = '' \
                             WHERE id = $2 AND status = 'mengirim' AND percobaan = $3",
                        )
                        .bind(kini)
                    }
                    Hasil::Gagal { alasan, lagi } => {
                        let (status, pada) = match lagi {
                            Some(t) => {
                                ulang.push(p.id);
                                (StatusPesan::Antre, *t)
                            }
                            None => {
                                gagal.push(p.id);
                                (StatusPesan::Gagal, kini)
                            }
                        };
                        sqlx::query(
                            "UPDATE pesan_keluar SET status = $1, coba_pada = $2, alasan = $3 \
                             WHERE id = $4 AND status = 'mengirim' AND percobaan = $5",
                        )
                        .bind(status.code())
                        .bind(pada)
                        .bind(crate::inti::teks::potong(alasan, 500))
                    }
                };
                q.bind(p.id).bind(p.percobaan).execute(&mut *tx).await?;
            }
            let entri = Entri::baru("pesan.kirim", "pesan_keluar").sesudah(&serde_json::json!({
                "terkirim": terkirim, "dicoba_lagi": ulang, "gagal": gagal,
            }));
            catat_jejak!(&mut tx, pelaku, &entri);
            tx.commit().await?;
        });
        Ok(())
    })
    .await
}

/// Messages for `/kotak-keluar`: newest first, at most `n`, of one status
/// or all; and the count per status.
pub async fn daftar(
    db: &Db,
    status: Option<StatusPesan>,
    n: i64,
) -> Result<(Vec<PesanKeluar>, Vec<(String, i64)>)> {
    let sql = format!(
        "SELECT {KOLOM}, CAST(NULL AS BYTEA) AS lampiran FROM pesan_keluar \
         WHERE ($1 = '' OR status = $1) ORDER BY id DESC LIMIT $2"
    );
    let s = status.map(|s| s.code()).unwrap_or("");
    let (rows, jumlah) = on_db!(db, pool => {
        let rows: Vec<PesanKeluar> = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(s)
            .bind(n)
            .fetch_all(pool)
            .await?;
        let jumlah: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, COUNT(*) FROM pesan_keluar GROUP BY status ORDER BY status")
                .fetch_all(pool)
                .await?;
        (rows, jumlah)
    });
    Ok((rows, jumlah))
}

/// The kelurahan with a report (any version) for a month.
pub async fn sudah_lapor(db: &Db, periode: &str) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = on_db!(db, pool => {
        sqlx::query_as("SELECT kelurahan_code FROM laporan_terkini WHERE periode = $1")
            .bind(periode)
            .fetch_all(pool)
            .await?
    });
    Ok(rows.into_iter().map(|(k,)| k).collect())
}

/// Reports whose latest step returned them: (kelurahan, month, step id,
/// by, at, note).
pub async fn dikembalikan(
    db: &Db,
) -> Result<Vec<(String, String, i64, String, DateTime<Utc>, String)>> {
    Ok(on_db!(db, pool => {
        sqlx::query_as(
            "SELECT t.kelurahan_code, t.periode, g.id, g.oleh, g.pada, g.catatan \
             FROM laporan_terkini t JOIN laporan_langkah g \
               ON g.kelurahan_code = t.kelurahan_code AND g.periode = t.periode \
             WHERE t.status = 'dikembalikan' AND g.langkah = 'dikembalikan' \
               AND g.id = (SELECT MAX(h.id) FROM laporan_langkah h \
                           WHERE h.kelurahan_code = t.kelurahan_code AND h.periode = t.periode) \
             ORDER BY t.kelurahan_code, t.periode",
        )
        .fetch_all(pool)
        .await?
    }))
}

/// Reports waiting for the camat's verification: (kelurahan, month, since).
pub async fn menunggu(db: &Db) -> Result<Vec<(String, String, Option<DateTime<Utc>>)>> {
    Ok(on_db!(db, pool => {
        sqlx::query_as(
            "SELECT kelurahan_code, periode, status_pada FROM laporan_terkini \
             WHERE status = 'diajukan' ORDER BY kelurahan_code, periode",
        )
        .fetch_all(pool)
        .await?
    }))
}

/// The keys queued that start with `awalan` (one week's briefing pack).
pub async fn kunci_berawal(db: &Db, awalan: &str) -> Result<Vec<String>> {
    let pola = format!("{}%", awalan.replace(['%', '_', '\\'], ""));
    let rows: Vec<(String,)> = on_db!(db, pool => {
        sqlx::query_as("SELECT kunci FROM pesan_keluar WHERE kunci LIKE $1")
            .bind(pola)
            .fetch_all(pool)
            .await?
    });
    Ok(rows.into_iter().map(|(k,)| k).collect())
}
