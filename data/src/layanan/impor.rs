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
///
/// The file is read, checked and turned into reports first, on a thread
/// the async runtime has handed its other tasks away from
/// ([`di_luar_async`]): sign-ins and page views go on while a large file
/// is parsed. The write transaction opens only then, so SQLite's write lock
/// (and PostgreSQL's `revisi` row lock) is held for the inserts alone,
/// never while the file is read (BENCHMARKS.md, "Imports and other
/// writers").
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
    let (mut pra, rows) = di_luar_async(|| {
        let (pra, pemeriksa) = pratinjau_dan(bytes, terbaca, nama, konteks, opsi, batas);
        if !pra.bisa_disimpan() {
            return (pra, None);
        }
        let rows = pemeriksa
            .and_then(|p| laporan_untuk_disimpan(bytes, terbaca, nama, p, opsi))
            .map(Iterator::collect::<Result<Vec<_>>>);
        (pra, rows)
    });
    pra.sudah_diunggah = crate::simpan::laporan::unggahan_dengan_hash(db, &pra.sha256).await?;
    let rows = match rows {
        Some(rows) if pra.bisa_disimpan() => rows?,
        _ => return Ok(HasilUnggah::Ditolak(Box::new(pra))),
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
    let Some((id, _)) = crate::simpan::laporan::simpan_berkas(
        db,
        &rows,
        Some((unggahan, jumlah)),
        (pelaku, &entri),
    )
    .await?
    else {
        // Stored meanwhile by a concurrent commit of the same file: the
        // preview says so ("sudah disimpan"), as it would have a moment later.
        pra.sudah_diunggah = crate::simpan::laporan::unggahan_dengan_hash(db, &pra.sha256).await?;
        return Ok(HasilUnggah::Ditolak(Box::new(pra)));
    };
    Ok(HasilUnggah::Tersimpan {
        unggahan_id: id.unwrap_or_default(),
        pratinjau: Box::new(pra),
    })
}

/// Runs CPU-bound `kerja` (reading and checking a file of up to 200,000
/// rows: seconds) without stalling the async threads. On the
/// multi-threaded runtime the server runs, [`tokio::task::block_in_place`]
/// hands this worker's other tasks to another thread first; it borrows,
/// so the file and its context need not be copied to a blocking thread.
/// On a single-threaded runtime (unit tests) it simply runs.
pub fn di_luar_async<T>(kerja: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(kerja),
        _ => kerja(),
    }
}
