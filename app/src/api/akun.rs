//! Signing in and out, and the accounts page.

#[cfg(feature = "ssr")]
use super::{isi, jawab, pantau, respond};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::keamanan::{izinkan, pelaku, periksa_csrf};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
#[cfg(feature = "ssr")]
use model::akun::Akun;

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
            .masuk(
                &nama_pengguna,
                &kata_sandi,
                &p.alamat,
                p.perangkat.as_deref(),
            )
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
        HasilMasuk::Berhasil {
            token,
            akun,
            perangkat,
        } => {
            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                for (nama, nilai, umur) in [
                    (
                        crate::keamanan::COOKIE_SESI,
                        &token,
                        data::inti::akun::UMUR_SESI_JAM * 3600,
                    ),
                    (
                        crate::keamanan::COOKIE_PERANGKAT,
                        &perangkat,
                        data::inti::akun::UMUR_PERANGKAT_HARI * 86_400,
                    ),
                ] {
                    if let Ok(v) = http::HeaderValue::from_str(&crate::keamanan::cookie(
                        nama,
                        nilai,
                        umur,
                        p.cookie_aman,
                    )) {
                        r.append_header(http::header::SET_COOKIE, v);
                    }
                }
            }
            let tujuan = if lanjut.is_empty() {
                akun.beranda()
            } else {
                lanjut.clone()
            };
            leptos_axum::redirect(&tujuan);
        }
        HasilMasuk::Salah => leptos_axum::redirect(&kembali("salah")),
        HasilMasuk::Tunggu { detik } => leptos_axum::redirect(&kembali(&format!("tunggu-{detik}"))),
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
    jawab(async {
        izinkan(Akun::kelola_pengguna)?;
        let galat = match isi(galat) {
            Some(t) => Some(pantau()?.baca_pesan(&t).await?),
            None => None,
        };
        Ok(pantau()?.halaman_pengguna(isi(pesan), galat).await?)
    })
    .await
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
    let result = jawab(async { Ok(pantau()?.buat_pengguna(baru, &pelaku(&akun)).await?) }).await;
    match result? {
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
    let perubahan = match aksi.as_str() {
        "nonaktifkan" => Perubahan::Aktif(false),
        "aktifkan" => Perubahan::Aktif(true),
        "sandi" => Perubahan::Sandi(kata_sandi.unwrap_or_default()),
        "peran" => Perubahan::Peran {
            peran: peran.unwrap_or_default(),
            cakupan,
        },
        other => {
            respond(periksa_csrf(&csrf))?;
            return respond(Err(AppError::Permintaan(format!(
                "Perubahan '{other}' tidak dikenal."
            ))));
        }
    };
    terapkan(id, perubahan, &alasan, &csrf).await
}

/// Changes an account's contacts for the app's own messages: an e-mail
/// address and a WhatsApp number (empty: none), and the checkboxes
/// `terima_surel` and `terima_whatsapp`; `alasan` is required and logged.
#[server(endpoint = "ubah_kontak")]
pub async fn ubah_kontak(
    id: i64,
    alasan: String,
    surel: Option<String>,
    whatsapp: Option<String>,
    terima_surel: Option<String>,
    terima_whatsapp: Option<String>,
    csrf: String,
) -> Result<(), AppError> {
    let kontak = data::inti::pesan::Kontak {
        surel: surel.unwrap_or_default(),
        whatsapp: whatsapp.unwrap_or_default(),
        terima_surel: terima_surel.is_some(),
        terima_whatsapp: terima_whatsapp.is_some(),
    };
    terapkan(
        id,
        data::inti::akun::Perubahan::Kontak(kontak),
        &alasan,
        &csrf,
    )
    .await
}

/// Applies a change to an account as the signed-in admin, then redirects
/// back to the account on `/pengguna`, with the reason when refused.
#[cfg(feature = "ssr")]
async fn terapkan(
    id: i64,
    perubahan: data::inti::akun::Perubahan,
    alasan: &str,
    csrf: &str,
) -> Result<(), AppError> {
    respond(periksa_csrf(csrf))?;
    let akun = respond(izinkan(Akun::kelola_pengguna))?;
    let result = jawab(async {
        Ok(pantau()?
            .ubah_pengguna(id, perubahan, &akun, &pelaku(&akun), alasan)
            .await?)
    })
    .await;
    match result? {
        Ok(()) => leptos_axum::redirect(&format!("/pengguna?pesan=diubah#u-{id}")),
        Err(m) => {
            let t = respond(pantau()?.simpan_pesan(&m).await.map_err(AppError::from))?;
            leptos_axum::redirect(&format!("/pengguna?galat={t}#u-{id}"))
        }
    }
    Ok(())
}
