//! Server functions: thin adapters that take the data service from context,
//! check the input, call one function of the data layer and return a wire
//! type. Every one of them is a public HTTP endpoint under `/api/`, so each
//! checks the caller's role and scope itself ([`izinkan`] with a rule of
//! `model::akun`) before it touches data. Reads are GET; every POST changes
//! something and carries the form's CSRF token (checked by the server's
//! security layer, and again here).

pub mod ruang;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::{izinkan, pelaku, periksa_csrf};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use model::akun::Akun;
use model::view::{
    DashboardKecamatan, DashboardKota, DetailKkmp, DetailTarget, DetailVersi, FormulirLaporan,
    HalamanBatas, HalamanTarget, HalamanUnggah, PratinjauUnggahan,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What every page's frame needs to know.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InfoAplikasi {
    /// True while the database holds generated demo data.
    pub demo: bool,
    /// The signed-in account, if any.
    pub akun: Option<Akun>,
    /// The CSRF token every form of this visitor carries.
    pub csrf: String,
}

#[cfg(feature = "ssr")]
fn pantau() -> Result<std::sync::Arc<data::Pantau>, AppError> {
    use_context::<std::sync::Arc<data::Pantau>>()
        .ok_or_else(|| AppError::Server("Layanan data belum siap.".into()))
}

/// `?bulan=` as given: absent or blank means "the newest month".
#[cfg(feature = "ssr")]
fn periode(bulan: Option<String>) -> Result<Option<model::Periode>, AppError> {
    match bulan.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => model::Periode::parse(text)
            .map(Some)
            .map_err(|e| AppError::Permintaan(e.to_string())),
    }
}

/// Sets the HTTP status of a failed call (400, 404, 500) before returning it.
#[cfg(feature = "ssr")]
fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result
        && let Some(resp) = use_context::<leptos_axum::ResponseOptions>()
    {
        resp.set_status(
            http::StatusCode::from_u16(e.status())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    result
}

/// Open to everybody: whether demo data is loaded, who is signed in, and
/// the visitor's CSRF token.
#[server(endpoint = "info", input = GetUrl)]
pub async fn ambil_info() -> Result<InfoAplikasi, AppError> {
    let result: Result<_, AppError> = async { Ok(pantau()?.revisi().await?.1) }.await;
    let p = crate::keamanan::pengunjung();
    respond(result.map(|demo| {
        InfoAplikasi {
            demo,
            akun: p
                .as_ref()
                .and_then(|p| p.sesi.as_ref())
                .map(|s| s.akun.clone()),
            csrf: p.map(|p| p.csrf).unwrap_or_default(),
        }
    }))
}

/// `?status=semua` includes reports awaiting verification.
#[cfg(feature = "ssr")]
fn semua(status: &Option<String>) -> bool {
    status.as_deref().map(str::trim) == Some("semua")
}

/// A query value as given, trimmed; blank means absent.
#[cfg(feature = "ssr")]
fn isi(v: Option<String>) -> Option<String> {
    v.map(|i| i.trim().to_string()).filter(|i| !i.is_empty())
}

#[server(endpoint = "dashboard_kota", input = GetUrl)]
pub async fn ambil_dashboard_kota(
    bulan: Option<String>,
    indikator: Option<String>,
    peta: Option<String>,
    status: Option<String>,
) -> Result<DashboardKota, AppError> {
    let (indikator, peta) = (isi(indikator), isi(peta));
    let result: Result<_, AppError> = async {
        izinkan(Akun::baca_kota)?;
        Ok(pantau()?
            .dashboard_kota(
                periode(bulan)?,
                indikator.as_deref(),
                peta.as_deref(),
                semua(&status),
            )
            .await?)
    }
    .await;
    respond(result.map(|d| (*d).clone()))
}

#[server(endpoint = "dashboard_kecamatan", input = GetUrl)]
pub async fn ambil_dashboard_kecamatan(
    code: String,
    bulan: Option<String>,
    status: Option<String>,
) -> Result<DashboardKecamatan, AppError> {
    let result: Result<_, AppError> = async {
        izinkan(|a| a.baca_kecamatan(code.trim()))?;
        Ok(pantau()?
            .dashboard_kecamatan(code.trim(), periode(bulan)?, semua(&status))
            .await?)
    }
    .await;
    respond(result.map(|d| (*d).clone()))
}

#[server(endpoint = "detail_kkmp", input = GetUrl)]
pub async fn ambil_detail_kkmp(code: String) -> Result<DetailKkmp, AppError> {
    let result: Result<_, AppError> = async {
        izinkan(|a| a.baca_kkmp(code.trim()))?;
        Ok(pantau()?.detail_kkmp(code.trim()).await?)
    }
    .await;
    respond(result)
}

#[server(endpoint = "formulir", input = GetUrl)]
pub async fn ambil_formulir(
    code: String,
    bulan: String,
    draf: Option<String>,
) -> Result<FormulirLaporan, AppError> {
    let result: Result<_, AppError> = async {
        let akun = izinkan(|a| a.kirim_laporan(code.trim()))?;
        let p = periode(Some(bulan))?
            .ok_or_else(|| AppError::Permintaan("Bulan laporan wajib diisi.".into()))?;
        let mut f = pantau()?
            .formulir(
                code.trim(),
                p,
                draf.as_deref().filter(|d| !d.is_empty()),
                &akun.nama_pengguna,
            )
            .await?;
        f.pelapor = akun.tampil();
        Ok(f)
    }
    .await;
    respond(result)
}

/// Sends the monthly form. Whatever happens, the answer is a redirect, so
/// that the same request works from a plain HTML form: stored → the KKMP
/// page; unchanged → the KKMP page saying so; refused → back to the form
/// with what was typed and a message at each field.
#[server(endpoint = "kirim_laporan")]
pub async fn kirim_laporan(
    kode: String,
    periode: String,
    isian: HashMap<String, String>,
    alasan: String,
    csrf: String,
) -> Result<(), AppError> {
    use data::layanan::penerimaan::HasilKirim;
    use data::layanan::penerimaan::KirimanFormulir;
    let kode = kode.trim().to_string();
    let periode = periode.trim().to_string();
    let result: Result<_, AppError> = async {
        periksa_csrf(&csrf)?;
        let akun = izinkan(|a| a.kirim_laporan(&kode))?;
        let kiriman = KirimanFormulir {
            kelurahan_code: kode.clone(),
            periode: periode.clone(),
            isian,
            pelapor: akun.tampil(),
            alasan,
        };
        Ok(pantau()?.kirim_formulir(kiriman, &pelaku(&akun)).await?)
    }
    .await;
    match respond(result)? {
        HasilKirim::Tersimpan { versi } => {
            leptos_axum::redirect(&format!("/kkmp/{kode}?tersimpan={periode}&versi={versi}"))
        }
        HasilKirim::TidakBerubah { versi } => {
            leptos_axum::redirect(&format!("/kkmp/{kode}?sama={periode}&versi={versi}"))
        }
        HasilKirim::Kembali { token } => {
            leptos_axum::redirect(&format!("/laporan/{kode}/{periode}?draf={token}"))
        }
    }
    Ok(())
}

#[server(endpoint = "halaman_unggah", input = GetUrl)]
pub async fn ambil_halaman_unggah(tersimpan: Option<i64>) -> Result<HalamanUnggah, AppError> {
    let result: Result<_, AppError> = async {
        let akun = izinkan(Akun::unggah)?;
        let mut h = pantau()?.halaman_unggah(tersimpan).await?;
        // An operator or lurah sees its own template and its own uploads.
        if let Some(k) = cakupan_unggah(&akun) {
            h.kelurahan = Some(k);
            let saya = akun.tampil();
            h.terakhir.retain(|u| u.diunggah_oleh == saya);
            h.tersimpan = h.tersimpan.filter(|u| u.diunggah_oleh == saya);
        }
        Ok(h)
    }
    .await;
    respond(result)
}

/// The kelurahan an uploading account is bound to (None: Dinas, any).
#[cfg(feature = "ssr")]
fn cakupan_unggah(a: &Akun) -> Option<String> {
    (a.peran != model::akun::Peran::Admin).then(|| a.cakupan.clone().unwrap_or_default())
}

#[server(endpoint = "pratinjau", input = GetUrl)]
pub async fn ambil_pratinjau(token: String) -> Result<PratinjauUnggahan, AppError> {
    let result: Result<_, AppError> = async {
        let akun = izinkan(Akun::unggah)?;
        Ok(pantau()?
            .pratinjau_unggahan(token.trim(), cakupan_unggah(&akun), &akun.nama_pengguna)
            .await?)
    }
    .await;
    respond(result)
}

/// Commits an upload, all or nothing. Redirects to the upload page with the
/// stored upload, or back to the preview with the reason it was refused.
#[server(endpoint = "simpan_unggahan")]
pub async fn simpan_unggahan(token: String, alasan: String, csrf: String) -> Result<(), AppError> {
    let token = token.trim().to_string();
    let result: Result<_, AppError> = async {
        periksa_csrf(&csrf)?;
        let akun = izinkan(Akun::unggah)?;
        let cakupan = cakupan_unggah(&akun);
        Ok(pantau()?
            .simpan_unggahan(
                &token,
                &akun.tampil(),
                &alasan,
                cakupan.as_deref(),
                &pelaku(&akun),
            )
            .await?)
    }
    .await;
    match respond(result)? {
        Ok(id) => leptos_axum::redirect(&format!("/unggah?tersimpan={id}")),
        Err(view) => {
            let why = if view.sudah_diunggah.is_some() {
                "ganda"
            } else if view.jumlah_galat > 0 {
                "galat"
            } else {
                "alasan"
            };
            leptos_axum::redirect(&format!("/unggah/{token}?galat={why}"))
        }
    }
    Ok(())
}

#[server(endpoint = "halaman_target", input = GetUrl)]
pub async fn ambil_halaman_target(
    draf: Option<String>,
    galat: Option<String>,
) -> Result<HalamanTarget, AppError> {
    let (draf, galat) = (isi(draf), isi(galat));
    let result: Result<_, AppError> = async {
        izinkan(Akun::baca_target)?;
        Ok(pantau()?
            .halaman_target(draf.as_deref(), galat.as_deref())
            .await?)
    }
    .await;
    respond(result)
}

#[server(endpoint = "detail_target", input = GetUrl)]
pub async fn ambil_detail_target(
    id: String,
    draf: Option<String>,
) -> Result<DetailTarget, AppError> {
    let draf = isi(draf);
    let result: Result<_, AppError> = async {
        izinkan(Akun::baca_target)?;
        let id: i64 = id
            .trim()
            .parse()
            .map_err(|_| AppError::TidakDitemukan(format!("Target '{}' tidak ada.", id.trim())))?;
        Ok(pantau()?.detail_target(id, draf.as_deref()).await?)
    }
    .await;
    respond(result)
}

/// Adds a target (`id` empty) or changes one. Always a redirect: stored →
/// the target's page; refused → back to the form with its messages.
#[server(endpoint = "kirim_target")]
pub async fn kirim_target(
    id: Option<String>,
    isian: HashMap<String, String>,
    alasan: String,
    csrf: String,
) -> Result<(), AppError> {
    use data::layanan::kelola::HasilTarget;
    use data::layanan::kelola::KirimanTarget;
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_data))?;
    let id = match isi(id) {
        None => None,
        Some(t) => Some(
            t.parse::<i64>()
                .map_err(|_| AppError::Permintaan(format!("Nomor target '{t}' tidak sah.")))?,
        ),
    };
    let kiriman = KirimanTarget {
        isian,
        oleh: akun.tampil(),
        alasan,
    };
    let result: Result<_, AppError> =
        async { Ok(pantau()?.kirim_target(id, kiriman, &pelaku(&akun)).await?) }.await;
    match (respond(result)?, id) {
        (HasilTarget::Tersimpan { id }, _) => {
            leptos_axum::redirect(&format!("/target/{id}?tersimpan=1"))
        }
        (HasilTarget::Kembali { token }, Some(id)) => {
            leptos_axum::redirect(&format!("/target/{id}?draf={token}#ubah"))
        }
        (HasilTarget::Kembali { token }, None) => {
            leptos_axum::redirect(&format!("/target?draf={token}#baru"))
        }
    }
    Ok(())
}

/// Retires a target (it stops counting; its history stays).
#[server(endpoint = "nonaktifkan_target")]
pub async fn nonaktifkan_target(id: i64, alasan: String, csrf: String) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_data))?;
    let result = pantau()?
        .nonaktifkan_target(id, &akun.tampil(), &alasan, &pelaku(&akun))
        .await;
    match result {
        Ok(()) => leptos_axum::redirect(&format!("/target/{id}?nonaktif=1")),
        // Name and reason missing: back to the page, which says so.
        Err(data::DataError::Invalid(_)) => {
            leptos_axum::redirect(&format!("/target/{id}?nonaktif=galat#nonaktifkan"))
        }
        Err(e) => return respond(Err(e.into())),
    }
    Ok(())
}

#[server(endpoint = "halaman_batas", input = GetUrl)]
pub async fn ambil_halaman_batas(galat: Option<String>) -> Result<HalamanBatas, AppError> {
    let galat = isi(galat);
    let result: Result<_, AppError> = async {
        izinkan(Akun::baca_target)?;
        Ok(pantau()?.halaman_batas(galat.as_deref()).await?)
    }
    .await;
    respond(result)
}

#[server(endpoint = "versi_laporan", input = GetUrl)]
pub async fn ambil_versi_laporan(
    code: String,
    bulan: String,
    versi: String,
) -> Result<DetailVersi, AppError> {
    let result: Result<_, AppError> = async {
        izinkan(|a| a.baca_kkmp(code.trim()))?;
        let p = periode(Some(bulan))?
            .ok_or_else(|| AppError::Permintaan("Bulan laporan wajib diisi.".into()))?;
        let v: i64 = versi.trim().trim_start_matches('v').parse().map_err(|_| {
            AppError::TidakDitemukan(format!("Versi '{}' tidak ada.", versi.trim()))
        })?;
        Ok(pantau()?.versi_laporan(code.trim(), p, v).await?)
    }
    .await;
    respond(result)
}

/// Signs in (a plain form POST; the page reloads). Always a redirect: to
/// `lanjut` (a path on this site) or the account's home page, or back to
/// `/masuk` saying why.
#[server(endpoint = "masuk")]
pub async fn masuk(
    nama_pengguna: String,
    kata_sandi: String,
    lanjut: Option<String>,
    csrf: String,
) -> Result<(), AppError> {
    use data::inti::akun::HasilMasuk;
    respond(periksa_csrf(&csrf))?;
    let p = crate::keamanan::pengunjung()
        .ok_or_else(|| AppError::Server("Layanan keamanan belum siap.".into()))?;
    let hasil = respond(
        pantau()?
            .masuk(&nama_pengguna, &kata_sandi, &p.alamat)
            .await
            .map_err(AppError::from),
    )?;
    let lanjut = isi(lanjut)
        .filter(|l| model::akun::lanjut_aman(l).is_some())
        .unwrap_or_default();
    let kembali = |galat: &str| {
        let mut url = format!("/masuk?galat={galat}");
        if !lanjut.is_empty() {
            url.push_str(&format!("&lanjut={}", enc_query(&lanjut)));
        }
        url
    };
    match hasil {
        HasilMasuk::Berhasil { token, akun } => {
            if let Some(r) = use_context::<leptos_axum::ResponseOptions>()
                && let Ok(v) = http::HeaderValue::from_str(&crate::keamanan::cookie(
                    crate::keamanan::COOKIE_SESI,
                    &token,
                    data::inti::akun::UMUR_SESI_JAM * 3600,
                    p.cookie_aman,
                ))
            {
                r.append_header(http::header::SET_COOKIE, v);
            }
            let tujuan = if lanjut.is_empty() {
                akun.beranda()
            } else {
                lanjut.clone()
            };
            leptos_axum::redirect(&tujuan);
        }
        HasilMasuk::Salah => leptos_axum::redirect(&kembali("salah")),
        HasilMasuk::Tunggu { menit } => leptos_axum::redirect(&kembali(&format!("tunggu-{menit}"))),
    }
    Ok(())
}

/// Percent-encodes a path for a query value.
#[cfg(feature = "ssr")]
fn enc_query(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Signs out: ends the session and clears the cookie.
#[server(endpoint = "keluar")]
pub async fn keluar(csrf: String) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let p = crate::keamanan::pengunjung()
        .ok_or_else(|| AppError::Server("Layanan keamanan belum siap.".into()))?;
    if let Some(s) = &p.sesi {
        let pel = pelaku(&s.akun);
        respond(pantau()?.keluar(s, &pel).await.map_err(AppError::from))?;
    }
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(v) = http::HeaderValue::from_str(&crate::keamanan::cookie(
            crate::keamanan::COOKIE_SESI,
            "",
            0,
            p.cookie_aman,
        ))
    {
        r.append_header(http::header::SET_COOKIE, v);
    }
    leptos_axum::redirect("/masuk?keluar=1");
    Ok(())
}

#[server(endpoint = "halaman_pengguna", input = GetUrl)]
pub async fn ambil_halaman_pengguna(
    pesan: Option<String>,
    galat: Option<String>,
) -> Result<model::view::HalamanPengguna, AppError> {
    let result: Result<_, AppError> = async {
        izinkan(Akun::kelola_pengguna)?;
        let galat = match isi(galat) {
            Some(t) => Some(pantau()?.baca_pesan(&t).await?),
            None => None,
        };
        Ok(pantau()?.halaman_pengguna(isi(pesan), galat).await?)
    }
    .await;
    respond(result)
}

/// Creates an account. Always a redirect back to `/pengguna`, with the new
/// account or the reason it was refused.
#[server(endpoint = "buat_pengguna")]
pub async fn buat_pengguna(
    nama_pengguna: String,
    nama: String,
    peran: String,
    cakupan: String,
    kata_sandi: String,
    csrf: String,
) -> Result<(), AppError> {
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_pengguna))?;
    let baru = data::inti::akun::PenggunaBaru {
        nama_pengguna,
        nama,
        peran,
        cakupan,
        sandi: kata_sandi,
    };
    let result: Result<_, AppError> =
        async { Ok(pantau()?.buat_pengguna(baru, &pelaku(&akun)).await?) }.await;
    match respond(result)? {
        Ok(_) => leptos_axum::redirect("/pengguna?pesan=dibuat"),
        Err(m) => {
            let t = respond(pantau()?.simpan_pesan(&m).await.map_err(AppError::from))?;
            leptos_axum::redirect(&format!("/pengguna?galat={t}#baru"))
        }
    }
    Ok(())
}

/// Changes an account: `aksi` is `nonaktifkan`, `aktifkan`, `sandi` (with
/// `kata_sandi`) or `peran` (with `peran` and `cakupan`); `alasan` is
/// required and logged.
#[server(endpoint = "ubah_pengguna")]
pub async fn ubah_pengguna(
    id: i64,
    aksi: String,
    alasan: String,
    peran: Option<String>,
    cakupan: Option<String>,
    kata_sandi: Option<String>,
    csrf: String,
) -> Result<(), AppError> {
    use data::inti::akun::Perubahan;
    respond(periksa_csrf(&csrf))?;
    let akun = respond(izinkan(Akun::kelola_pengguna))?;
    let perubahan = match aksi.as_str() {
        "nonaktifkan" => Perubahan::Aktif(false),
        "aktifkan" => Perubahan::Aktif(true),
        "sandi" => Perubahan::Sandi(kata_sandi.unwrap_or_default()),
        "peran" => Perubahan::Peran {
            peran: peran.unwrap_or_default(),
            cakupan,
        },
        other => {
            return respond(Err(AppError::Permintaan(format!(
                "Perubahan '{other}' tidak dikenal."
            ))));
        }
    };
    let result: Result<_, AppError> = async {
        Ok(pantau()?
            .ubah_pengguna(id, perubahan, &akun, &pelaku(&akun), &alasan)
            .await?)
    }
    .await;
    match respond(result)? {
        Ok(()) => leptos_axum::redirect(&format!("/pengguna?pesan=diubah#u-{id}")),
        Err(m) => {
            let t = respond(pantau()?.simpan_pesan(&m).await.map_err(AppError::from))?;
            leptos_axum::redirect(&format!("/pengguna?galat={t}#u-{id}"))
        }
    }
    Ok(())
}

/// The verification queue: a camat's kecamatan, or the whole city for Dinas.
#[server(endpoint = "antrean", input = GetUrl)]
pub async fn ambil_antrean() -> Result<model::view::HalamanAntrean, AppError> {
    let result: Result<_, AppError> = async {
        let akun = izinkan(Akun::antrean)?;
        let kec = (akun.peran == model::akun::Peran::Camat)
            .then(|| akun.cakupan.clone())
            .flatten();
        Ok(pantau()?.antrean(kec.as_deref()).await?)
    }
    .await;
    respond(result)
}

/// One step of the approval workflow on the current version of a KKMP's
/// month: `langkah` is `diverifikasi` or `dikembalikan` (camat of the
/// kecamatan), `diterima`, `dikembalikan` or `dibuka` (Dinas). Back to the
/// version page, saying what happened or why not.
#[server(endpoint = "langkah_laporan")]
pub async fn langkah_laporan(
    kode: String,
    bulan: String,
    versi: i64,
    langkah: String,
    catatan: String,
    csrf: String,
) -> Result<(), AppError> {
    use model::status::Persetujuan;
    respond(periksa_csrf(&csrf))?;
    let kode = kode.trim().to_string();
    let ke = respond(
        Persetujuan::from_code(langkah.trim())
            .ok_or_else(|| AppError::Permintaan(format!("Langkah '{langkah}' tidak dikenal."))),
    )?;
    let akun = respond(izinkan(|a| a.langkah(ke, &kode)))?;
    let p = respond(
        periode(Some(bulan))?.ok_or_else(|| AppError::Permintaan("Bulan wajib diisi.".into())),
    )?;
    let result = pantau()?
        .langkah(&akun, &pelaku(&akun), (&kode, p, versi), ke, &catatan)
        .await;
    let halaman = format!("/kkmp/{kode}/{p}/v{versi}");
    match result {
        Ok(()) => leptos_axum::redirect(&format!("{halaman}?langkah={}", ke.code())),
        Err(data::DataError::Invalid(m)) => {
            let t = respond(pantau()?.simpan_pesan(&m).await.map_err(AppError::from))?;
            leptos_axum::redirect(&format!("{halaman}?galat={t}#persetujuan"))
        }
        Err(e) => return respond(Err(e.into())),
    }
    Ok(())
}

/// The audit trail with its verification (Inspektorat, Dinas).
#[server(endpoint = "jejak", input = GetUrl)]
pub async fn ambil_jejak(
    sebelum: Option<i64>,
    cari: Option<String>,
) -> Result<model::view::HalamanJejak, AppError> {
    let cari = isi(cari);
    let result: Result<_, AppError> = async {
        izinkan(Akun::baca_jejak)?;
        Ok(pantau()?.halaman_jejak(sebelum, cari.as_deref()).await?)
    }
    .await;
    respond(result)
}

/// A message kept under a token (`?galat=` of the version page).
#[server(endpoint = "pesan", input = GetUrl)]
pub async fn ambil_pesan(token: String) -> Result<String, AppError> {
    let result: Result<_, AppError> = async {
        crate::keamanan::akun()?;
        Ok(pantau()?.baca_pesan(token.trim()).await?)
    }
    .await;
    respond(result)
}
