//! Storage of the installed boundary files (GeoJSON, one per level).

use crate::error::Result;
use crate::inti::batas::{Batas, BatasTerpasang};
use crate::inti::jejak::{Entri, Pelaku};
use crate::inti::sandi::sha256_hex;
use crate::simpan::Db;
use crate::{catat_jejak, naikkan_revisi, on_db};
use chrono::{DateTime, Utc};

/// Installs a boundary file already read whole into `batas` (replacing the
/// one of its level); bumps `revisi` so the maps redraw.
pub async fn pasang(
    db: &Db,
    batas: &Batas,
    nama: &str,
    isi: &[u8],
    oleh: &str,
    pada: DateTime<Utc>,
    pelaku: &Pelaku,
) -> Result<()> {
    let teks = String::from_utf8_lossy(isi).into_owned();
    let hash = sha256_hex(isi);
    let n = batas.area.len();
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            naikkan_revisi!(&mut *tx);
            sqlx::query("DELETE FROM batas_wilayah WHERE tingkat = $1")
                .bind(batas.tingkat.code())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO batas_wilayah (tingkat, nama_berkas, sha256, isi, jumlah_wilayah, dipasang_pada, dipasang_oleh) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(batas.tingkat.code())
            .bind(nama)
            .bind(&hash)
            .bind(&teks)
            .bind(n as i64)
            .bind(pada)
            .bind(oleh)
            .execute(&mut *tx)
            .await?;
            let entri = Entri::baru("batas.pasang", format!("batas/{}", batas.tingkat.code()))
                .sesudah(&serde_json::json!({
                    "nama_berkas": nama, "sha256": hash, "jumlah_wilayah": n,
                }));
            catat_jejak!(&mut tx, pelaku, &entri);
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    Ok(())
}

/// The installed files, without their content.
pub async fn daftar(db: &Db) -> Result<Vec<BatasTerpasang>> {
    type Row = (String, String, String, i64, DateTime<Utc>, String);
    let rows: Vec<Row> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT tingkat, nama_berkas, sha256, jumlah_wilayah, dipasang_pada, dipasang_oleh FROM batas_wilayah ORDER BY tingkat DESC",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(tingkat, nama_berkas, sha256, jumlah_wilayah, dipasang_pada, dipasang_oleh)| {
                BatasTerpasang {
                    tingkat,
                    nama_berkas,
                    sha256,
                    jumlah_wilayah,
                    dipasang_pada,
                    dipasang_oleh,
                }
            },
        )
        .collect())
}

/// The installed files' names and content, kelurahan level first when both
/// exist.
pub async fn berkas(db: &Db) -> Result<Vec<(String, String)>> {
    Ok(on_db!(db, pool => {
        sqlx::query_as("SELECT nama_berkas, isi FROM batas_wilayah ORDER BY tingkat DESC")
            .fetch_all(pool)
            .await?
    }))
}
