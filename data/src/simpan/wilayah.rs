//! The master data in the database: the 18 kecamatan, 107 kelurahan and
//! their KKMP, written from the embedded list at every start (idempotent:
//! names are brought up to date, nothing is duplicated or removed) and read
//! back.

use crate::error::Result;
use crate::inti::wilayah::Kecamatan;
use crate::inti::wilayah::Kelurahan;
use crate::inti::wilayah::Wilayah;
use crate::on_db;
use crate::simpan::Db;

type KelurahanRow = (String, String, String, String, f64, f64);

/// Writes the master data into `db`, in one transaction.
pub async fn muat(db: &Db, wilayah: &Wilayah) -> Result<()> {
    crate::simpan::ulangi(|| async {
        on_db!(db, pool => {
            let mut tx = pool.begin().await?;
            for k in &wilayah.kecamatan {
                sqlx::query(
                    "INSERT INTO kecamatan (code, nama) VALUES ($1, $2) \
                     ON CONFLICT (code) DO UPDATE SET nama = excluded.nama",
                )
                .bind(&k.code)
                .bind(&k.nama)
                .execute(&mut *tx)
                .await?;
            }
            for k in &wilayah.kelurahan {
                sqlx::query(
                    "INSERT INTO kelurahan (code, kecamatan_code, nama, lat, lng) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (code) DO UPDATE SET kecamatan_code = excluded.kecamatan_code, \
                     nama = excluded.nama, lat = excluded.lat, lng = excluded.lng",
                )
                .bind(&k.code)
                .bind(&k.kecamatan_code)
                .bind(&k.nama)
                .bind(k.lat)
                .bind(k.lng)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO kkmp (kelurahan_code, nama) VALUES ($1, $2) \
                     ON CONFLICT (kelurahan_code) DO NOTHING",
                )
                .bind(&k.code)
                .bind(&k.kkmp_nama)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    })
    .await?;
    Ok(())
}

/// Reads the master data back from `db`.
pub async fn baca(db: &Db) -> Result<Wilayah> {
    let (kec, kel): (Vec<(String, String)>, Vec<KelurahanRow>) = on_db!(db, pool => {
        let kec = sqlx::query_as("SELECT code, nama FROM kecamatan ORDER BY code")
            .fetch_all(pool)
            .await?;
        let kel = sqlx::query_as(
            "SELECT l.code, l.kecamatan_code, l.nama, k.nama, l.lat, l.lng \
             FROM kelurahan l JOIN kkmp k ON k.kelurahan_code = l.code ORDER BY l.code",
        )
        .fetch_all(pool)
        .await?;
        (kec, kel)
    });
    Ok(Wilayah {
        kecamatan: kec
            .into_iter()
            .map(|(code, nama)| Kecamatan { code, nama })
            .collect(),
        kelurahan: kel
            .into_iter()
            .map(
                |(code, kecamatan_code, nama, kkmp_nama, lat, lng)| Kelurahan {
                    code,
                    kecamatan_code,
                    nama,
                    kkmp_nama,
                    lat,
                    lng,
                },
            )
            .collect(),
    })
}
