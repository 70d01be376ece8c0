//! Server functions of the three rooms: the briefing, the meeting room with
//! its tindak lanjut ledger, the Inspektorat's audit room, and the city's
//! support interventions. Same rules as the rest of `api`: check the role,
//! call one function of the data layer, return a wire type; every POST is
//! a plain form that redirects back with what happened or why not.

// A form's server function takes one argument per field: a new meeting's
// four participant checkboxes make eight. The allowance is for the whole
// module because the `server` macro generates the browser's copy of the
// function, which an attribute on the function does not reach.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::{izinkan, pelaku, periksa_csrf};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;
use model::ruang::{Briefing, HalamanAudit, HalamanIntervensi, HalamanRapat, Intervensi};

#[cfg(feature = "ssr")]
use super::{jawab, pantau, respond};

/// After a form: back to `halaman`, with the data layer's message when it
/// refused the input (kept under a token, shown by the page).
#[cfg(feature = "ssr")]
async fn kembali<T>(
    result: Result<T, data::DataError>,
    halaman: impl FnOnce(&T) -> String,
    gagal: &str,
) -> Result<(), AppError> {
    match result {
        Ok(v) => leptos_axum::redirect(&halaman(&v)),
        Err(data::DataError::Invalid(m)) | Err(data::DataError::NotFound(m)) => {
            let t = respond(pantau()?.simpan_pesan(&m).await.map_err(AppError::from))?;
            let sep = if gagal.contains('?') { '&' } else { '?' };
            leptos_axum::redirect(&format!("{gagal}{sep}galat={t}"))
        }
        Err(e) => return respond(Err(e.into())),
    }
    Ok(())
}

#[cfg(feature = "ssr")]
use data::inti::waktu::hari_ini;

/// The Wali Kota's briefing screen.
#[server(endpoint = "briefing", input = GetUrl)]
pub async fn ambil_briefing() -> Result<Briefing, AppError> {
    jawab(async {
        izinkan(Akun::baca_ruang)?;
        Ok(pantau()?.briefing().await?.0)
    })
    .await
}

/// Freezes the current figures as a briefing given (or a meeting held,
/// `jenis = rapat`), so the next one shows what changed since.
/// A meeting's pack goes to the roles ticked (`peserta_pimpinan`,
/// `peserta_admin`, `peserta_camat`, `peserta_inspektorat`) once frozen.
#[server(endpoint = "simpan_cuplikan")]
pub async fn simpan_cuplikan(
    jenis: String,
    judul: String,
    tanggal: String,
    peserta_pimpinan: Option<String>,
    peserta_admin: Option<String>,
    peserta_camat: Option<String>,
    peserta_inspektorat: Option<String>,
    csrf: String,
) -> Result<(), AppError> {
    use model::akun::Peran;
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_rapat))?;
    let jenis = jenis.trim().to_string();
    let peserta: Vec<Peran> = [
        (peserta_pimpinan, Peran::Pimpinan),
        (peserta_admin, Peran::Admin),
        (peserta_camat, Peran::Camat),
        (peserta_inspektorat, Peran::Inspektorat),
    ]
    .into_iter()
    .filter_map(|(v, p)| v.is_some().then_some(p))
    .collect();
    let result = pantau()?
        .simpan_cuplikan(&jenis, &judul, &tanggal, &peserta, &pelaku(&akun))
        .await;
    let asal = if jenis == "rapat" {
        "/rapat"
    } else {
        "/briefing"
    };
    let ke = |id: &i64| {
        if jenis == "rapat" {
            format!("/rapat?id={id}")
        } else {
            format!("/briefing?tersimpan={id}")
        }
    };
    kembali(result, ke, asal).await
}

/// The meeting room: meeting `id` (default: the newest), with the "what
/// if" for `andai` KKMP (default 10).
#[server(endpoint = "rapat", input = GetUrl)]
pub async fn ambil_rapat(id: Option<i64>, andai: Option<i64>) -> Result<HalamanRapat, AppError> {
    jawab(async {
        izinkan(Akun::baca_ruang)?;
        let p = pantau()?;
        let mut h = p.halaman_rapat(id, hari_ini()).await?;
        if h.periode_terbaru.is_some() {
            h.andai = p.andai(andai.unwrap_or(10)).await?;
        }
        Ok(h)
    })
    .await
}

/// Adds an item to a meeting's tindak lanjut ledger (notes come later,
/// with the status).
#[server(endpoint = "tambah_tindak")]
pub async fn tambah_tindak(
    rapat_id: i64,
    uraian: String,
    wilayah: String,
    indikator: String,
    penanggung_jawab: String,
    tenggat: String,
    csrf: String,
) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_rapat))?;
    let t = data::inti::ruang::TindakBaru {
        rapat_id,
        uraian,
        wilayah,
        indikator,
        penanggung_jawab,
        tenggat,
        catatan: String::new(),
    };
    let result = pantau()?.tambah_tindak(&t, &pelaku(&akun)).await;
    let halaman = format!("/rapat?id={rapat_id}");
    kembali(
        result,
        |id| format!("{halaman}&tindak={id}#tindak-lanjut"),
        &halaman,
    )
    .await
}

/// Changes an item's status and note.
#[server(endpoint = "ubah_tindak")]
pub async fn ubah_tindak(
    id: i64,
    rapat_id: i64,
    status: String,
    catatan: String,
    csrf: String,
) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_rapat))?;
    let result = pantau()?
        .ubah_tindak(id, status.trim(), &catatan, &pelaku(&akun))
        .await;
    let halaman = format!("/rapat?id={rapat_id}");
    kembali(
        result,
        |_| format!("{halaman}&diubah={id}#tindak-lanjut"),
        &halaman,
    )
    .await
}

/// The Inspektorat's room.
#[server(endpoint = "audit", input = GetUrl)]
pub async fn ambil_audit() -> Result<HalamanAudit, AppError> {
    jawab(async {
        izinkan(Akun::audit)?;
        Ok(pantau()?.halaman_audit().await?)
    })
    .await
}

/// Marks an anomaly as followed up, with a note.
#[server(endpoint = "tindak_anomali")]
pub async fn tindak_anomali(kunci: String, catatan: String, csrf: String) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::tindak_anomali))?;
    let result = pantau()?
        .tindak_anomali(kunci.trim(), &catatan, &pelaku(&akun))
        .await;
    kembali(
        result,
        |_| "/audit?ditindak=1#anomali".to_string(),
        "/audit",
    )
    .await
}

/// The support interventions: the log, totals and support against outcome.
#[server(endpoint = "intervensi", input = GetUrl)]
pub async fn ambil_intervensi() -> Result<HalamanIntervensi, AppError> {
    jawab(async {
        izinkan(Akun::baca_ruang)?;
        Ok(pantau()?.halaman_intervensi().await?)
    })
    .await
}

/// One KKMP's support (the KKMP page).
#[server(endpoint = "intervensi_kkmp", input = GetUrl)]
pub async fn ambil_intervensi_kkmp(kode: String) -> Result<Vec<Intervensi>, AppError> {
    let kode = kode.trim().to_string();
    jawab(async {
        izinkan(|a| a.baca_kkmp(&kode))?;
        Ok(pantau()?.intervensi_kkmp(&kode).await?)
    })
    .await
}

/// Logs one support to a KKMP (Dinas).
#[server(endpoint = "catat_intervensi")]
pub async fn catat_intervensi(
    kelurahan_code: String,
    tanggal: String,
    jenis: String,
    nilai: String,
    peserta: String,
    catatan: String,
    csrf: String,
) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::catat_intervensi))?;
    let i = data::inti::intervensi::IntervensiBaru {
        kelurahan_code,
        tanggal,
        jenis,
        nilai,
        peserta,
        catatan,
    };
    let result = pantau()?.catat_intervensi(&i, &pelaku(&akun)).await;
    kembali(
        result,
        |id| format!("/intervensi?tersimpan={id}"),
        "/intervensi",
    )
    .await
}
