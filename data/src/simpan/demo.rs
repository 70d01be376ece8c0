use crate::inti::wilayah::Wilayah;

/// Puts the demo's reports through the approval workflow: every month but
/// the newest is accepted; of the newest, seven in ten are accepted and the
/// rest wait at each step, so the queue and the "include pending" switch
/// have something to show. Runs in one transaction after the reports are
/// stored.
pub async fn setujui(db: &crate::simpan::Db, wilayah: &Wilayah) -> crate::Result<()> {
    use model::status::Persetujuan::*;
    let newest: Option<String> = crate::on_db!(db, p => {
        sqlx::query_scalar("SELECT MAX(periode) FROM laporan_terkini").fetch_one(p).await?
    });
    let Some(newest) = newest else {
        return Ok(());
    };
    crate::on_db!(db, p => {
        let mut tx = p.begin().await?;
        for (i, kel) in wilayah.kelurahan.iter().enumerate() {
            let status = match (i * 7) % 10 {
                0 | 1 => Diajukan,
                2 => Diverifikasi,
                3 => Dikembalikan,
                _ => Diterima,
            };
            sqlx::query("UPDATE laporan_terkini SET status = $1 WHERE kelurahan_code = $2 AND periode = $3")
                .bind(status.code())
                .bind(&kel.code)
                .bind(&newest)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE laporan_terkini SET status = $1 WHERE periode < $2")
            .bind(Diterima.code())
            .bind(&newest)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE laporan_terkini SET status_pada = pertama_dikirim, \
                     diterima_id = CASE WHEN status = 'diterima' THEN laporan_id ELSE NULL END")
            .execute(&mut *tx)
            .await?;
        for (langkah, dari, catatan) in [
            (Diverifikasi, "('diverifikasi', 'diterima')", ""),
            (Dikembalikan, "('dikembalikan')", "Contoh: angka omzet belum sesuai buku kas, mohon diperiksa."),
            (Diterima, "('diterima')", ""),
        ] {
            let sql = format!(
                "INSERT INTO laporan_langkah (laporan_id, kelurahan_code, periode, langkah, oleh, pada, catatan) \
                 SELECT laporan_id, kelurahan_code, periode, $1, 'demo', pertama_dikirim, $2 \
                 FROM laporan_terkini WHERE status IN {dari}"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(langkah.code()).bind(catatan).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}
