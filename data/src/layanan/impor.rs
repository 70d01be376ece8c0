use crate::berkas::impor::HasilUnggah;
use crate::berkas::impor::Konteks;
use crate::berkas::impor::Opsi;
use crate::berkas::impor::Terbaca;
use crate::berkas::impor::{Batas, laporan_untuk_disimpan, pratinjau_dan};
use crate::error::Result;
use crate::inti::laporan::UnggahanBaru;
use crate::simpan::Db;

/// An uploaded file to store: its bytes, its name, and what the reader
/// process made of it.
#[derive(Clone, Copy)]
pub struct BerkasMasuk<'a> {
    pub bytes: &'a [u8],
    pub nama: &'a str,
    pub terbaca: &'a Terbaca,
}

/// Checks the file again and, if nothing blocks, stores every new or
/// corrected report and the file itself in one transaction.
pub async fn simpan(
    db: &Db,
    berkas: BerkasMasuk<'_>,
    konteks: &Konteks<'_>,
    opsi: &Opsi<'_>,
    batas: Batas,
    pelaku: &crate::inti::jejak::Pelaku,
) -> Result<HasilUnggah> {
    let BerkasMasuk {
        bytes,
        nama,
        terbaca,
    } = berkas;
    let (mut pra, pemeriksa) = pratinjau_dan(bytes, terbaca, nama, konteks, opsi, batas);
    pra.sudah_diunggah = crate::simpan::laporan::unggahan_dengan_hash(db, &pra.sha256).await?;
    if !pra.bisa_disimpan() {
        return Ok(HasilUnggah::Ditolak(Box::new(pra)));
    }
    let Some(rows) = pemeriksa.and_then(|p| laporan_untuk_disimpan(bytes, terbaca, nama, p, opsi))
    else {
        return Ok(HasilUnggah::Ditolak(Box::new(pra)));
    };
    let jumlah = (pra.baru + pra.perbaikan) as i64;
    let unggahan = UnggahanBaru {
        sha256: &pra.sha256,
        nama_berkas: nama,
        isi: bytes,
        diunggah_pada: opsi.sekarang,
        diunggah_oleh: opsi.oleh,
    };
    let entri =
        crate::inti::jejak::Entri::baru("unggahan.simpan", format!("unggahan/{}", pra.sha256))
            .sesudah(&serde_json::json!({
                "nama_berkas": nama,
                "sha256": pra.sha256,
                "ukuran": bytes.len(),
                "laporan_baru": pra.baru,
                "perbaikan": pra.perbaikan,
            }))
            .alasan(opsi.alasan_umum.unwrap_or(""));
    let (id, _) =
        crate::simpan::laporan::simpan_aliran(db, rows, Some((unggahan, jumlah)), (pelaku, &entri))
            .await?;
    Ok(HasilUnggah::Tersimpan {
        unggahan_id: id.unwrap_or_default(),
        pratinjau: Box::new(pra),
    })
}
