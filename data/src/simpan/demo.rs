use crate::inti::wilayah::Wilayah;
use crate::simpan::Tx;

/// Marks the stored data as demo data (the DATA CONTOH banner). The demo
/// load's first statement: a write, so SQLite takes its write lock before
/// anything is read.
pub async fn tandai(tx: &mut Tx<'_>) -> crate::Result<()> {
    crate::on_tx!(tx, c => {
        sqlx::query("UPDATE revisi SET demo = TRUE, nomor = nomor + 1, diterima = diterima + 1 WHERE id = 1").execute(&mut *c).await?;
    });
    Ok(())
}

/// Why the demo data may not be loaded here, if it may not: only a
/// database that holds no report and no account, and never held a real
/// (non-demo) account, takes it. Read inside the load's transaction.
pub async fn ditolak(tx: &mut Tx<'_>) -> crate::Result<Option<String>> {
    let (laporan, akun, nyata): (i64, i64, i64) = crate::on_tx!(tx, c => {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM laporan), (SELECT COUNT(*) FROM pengguna), \
             (SELECT COUNT(*) FROM penanda WHERE kunci = 'akun_nyata')",
        )
        .fetch_one(&mut *c)
        .await?
    });
    Ok(if nyata > 0 {
        Some(
            "basis data ini pernah berisi akun nyata: data contoh tidak pernah dimuat ke dalamnya"
                .into(),
        )
    } else if laporan > 0 {
        Some("basis data sudah berisi laporan".into())
    } else if akun > 0 {
        Some("basis data sudah berisi akun".into())
    } else {
        None
    })
}

/// Puts the demo's reports through the approval workflow: every month but
/// the newest is accepted; of the newest, seven in ten are accepted and the
/// rest wait at each step, so the queue and the "include pending" switch
/// have something to show. Runs inside the demo load's transaction, after
/// the reports are stored.
pub async fn setujui(tx: &mut Tx<'_>, wilayah: &Wilayah) -> crate::Result<()> {
    use model::status::Persetujuan::*;
    crate::on_tx!(tx, tx => {
        let newest: Option<String> =
            sqlx::query_scalar("SELECT MAX(periode) FROM laporan_terkini").fetch_one(&mut *tx).await?;
        let Some(newest) = newest else {
            return Ok(());
        };
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
    });
    Ok(())
}
