use crate::inti::demo::date;
use crate::inti::intervensi::IntervensiBaru;
use crate::inti::ruang::BRIEFING;
use crate::inti::ruang::RAPAT;
use crate::inti::ruang::TindakBaru;
use crate::layanan::ruang::periksa_ubah_tindak;
use crate::simpan::Tx;
use crate::simpan::ruang::{tambah_tindak_dalam, ubah_tindak_dalam};
use chrono::TimeZone;
use chrono::Utc;
use model::Periode;

/// The rooms as they would stand after a month of use: last month's
/// briefing and coordination meeting (frozen at the figures of the month
/// before `akhir`), four tindak lanjut items of that meeting (one done, one
/// in progress, two open of which one is overdue), and the city's support
/// logged for about a third of the KKMP. Deterministic. Written inside the
/// demo load's transaction `tx`, through the same checks as the pages'.
pub async fn ruang(
    p: &crate::layanan::Pantau,
    tx: &mut Tx<'_>,
    akhir: Periode,
    pelaku: &crate::inti::jejak::Pelaku,
) -> crate::error::Result<()> {
    let lalu = akhir.prev();
    // Field visits first: the frozen rooms carry their evidence grade.
    let dibantah = crate::layanan::lapangan::demo(p, tx, lalu, pelaku).await?;
    let isi = p.isi_dalam(tx, lalu).await?;
    // Held late in month `akhir`, when the month before was complete.
    let (y, m) = (akhir.year(), akhir.month());
    let jam = |d: u32, h: u32| {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("valid")
    };
    let briefing_hari = date(y, m, 26);
    p.simpan_isi(
        &crate::inti::ruang::Acara {
            jenis: BRIEFING,
            judul: &format!(
                "Briefing Wali Kota {}",
                model::format::tanggal_iso(&briefing_hari.to_string())
            ),
            hari: briefing_hari,
            peserta: &[],
        },
        &isi,
        jam(26, 2),
        pelaku,
        Some(&mut *tx),
    )
    .await?;
    let rapat_hari = date(y, m, 28);
    let rapat = p
        .simpan_isi(
            &crate::inti::ruang::Acara {
                jenis: RAPAT,
                judul: &format!(
                    "Rapat koordinasi KKMP {}",
                    model::format::tanggal_iso(&rapat_hari.to_string())
                ),
                hari: rapat_hari,
                peserta: &[
                    model::akun::Peran::Pimpinan,
                    model::akun::Peran::Admin,
                    model::akun::Peran::Camat,
                ],
            },
            &isi,
            jam(28, 1),
            pelaku,
            Some(&mut *tx),
        )
        .await?;
    let tenggat = |hari: i64| (rapat_hari + chrono::Duration::days(hari)).to_string();
    let items = [
        (
            "Percepat penerbitan NIB untuk KKMP yang belum memilikinya",
            "16.71.07",
            "badan_hukum",
            "Camat Sukarami",
            10,
            "selesai",
            "NIB terbit untuk dua KKMP.",
        ),
        (
            "Pastikan gerai sembako yang sudah dibangun mulai beroperasi",
            "16.71.04",
            "gerai_sembako",
            "Camat Ilir Barat I",
            16,
            "terbuka",
            "",
        ),
        (
            "Dampingi proposal pinjaman Himbara ke bank",
            "",
            "pinjaman_cair",
            "Kepala Dinas Koperasi",
            46,
            "proses",
            "Tiga proposal dalam penilaian bank.",
        ),
        (
            "Tertibkan laporan bulanan yang terlambat",
            "16.71.01",
            "",
            "Camat Ilir Barat II",
            21,
            "terbuka",
            "",
        ),
    ];
    for (uraian, wilayah, indikator, pj, hari, status, catatan) in items {
        let t = TindakBaru {
            rapat_id: rapat,
            uraian: uraian.into(),
            wilayah: wilayah.into(),
            indikator: indikator.into(),
            penanggung_jawab: pj.into(),
            tenggat: tenggat(hari),
            catatan: String::new(),
        };
        // The meeting was stored just above: it is one.
        let (baru, pada, entri) = p.periksa_tindak(&t, None)?;
        let id = tambah_tindak_dalam(tx, &baru, &pada, pelaku, entri).await?;
        if status != "terbuka" || !catatan.is_empty() {
            let (pada, entri) = periksa_ubah_tindak(id, ("terbuka", ""), status, catatan)?;
            ubah_tindak_dalam(tx, id, status, catatan.trim(), &pada, pelaku, &entri).await?;
        }
    }
    crate::layanan::temuan::demo(p, tx, rapat_hari, &dibantah, pelaku).await?;
    crate::layanan::rekonsiliasi::demo(p, tx, rapat_hari - chrono::Duration::days(3), pelaku)
        .await?;
    let jenis = [
        (
            3,
            "pelatihan",
            2025,
            8,
            None,
            Some(12),
            "Pelatihan tata kelola dan pembukuan koperasi",
        ),
        (
            5,
            "bantuan_modal",
            2025,
            10,
            Some(25_000_000),
            None,
            "Hibah modal awal gerai sembako",
        ),
        (
            7,
            "sertifikasi",
            2026,
            2,
            Some(3_500_000),
            None,
            "Fasilitasi sertifikasi halal dan PIRT",
        ),
        (
            11,
            "pengawasan",
            2026,
            5,
            None,
            Some(3),
            "Kunjungan pengawasan Dinas",
        ),
        (
            13,
            "akses_pasar",
            2026,
            3,
            None,
            None,
            "Kemitraan pemasok dengan pasar induk",
        ),
        (
            17,
            "penghargaan",
            2026,
            8,
            None,
            None,
            "Penghargaan KKMP teladan tingkat kota",
        ),
    ];
    for (i, kel) in p.wilayah().kelurahan.clone().iter().enumerate() {
        for (tiap, kode, th, bln, nilai, peserta, catatan) in jenis {
            if i % tiap != 0 {
                continue;
            }
            let hari_ke = 1 + (i as u32 * 7) % 27;
            let baru = IntervensiBaru {
                kelurahan_code: kel.code.clone(),
                tanggal: date(th, bln, hari_ke).to_string(),
                jenis: kode.into(),
                nilai: nilai
                    .map(|n: i64| (n + (i as i64 % 4) * 5_000_000).to_string())
                    .unwrap_or_default(),
                peserta: peserta
                    .map(|n: i64| (n + i as i64 % 9).to_string())
                    .unwrap_or_default(),
                catatan: catatan.into(),
            };
            let (nilai, peserta, pada, entri) = p.periksa_intervensi(&baru)?;
            crate::simpan::intervensi::catat_dalam(
                tx, &baru, nilai, peserta, &pada, pelaku, &entri,
            )
            .await?;
        }
    }
    Ok(())
}
