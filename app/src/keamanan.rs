//! Who is asking, as every server function and page loader sees it.
//!
//! The server's security layer (`server::keamanan`) resolves the session
//! cookie, checks the CSRF token of every state-changing request, and puts
//! a [`Pengunjung`] into the request's extensions; server functions read it
//! from the request parts Leptos provides as context. Every server function
//! calls [`izinkan`] (or [`akun`]) with a rule of `model::akun`, so the
//! check lives next to the data access it guards.

#[cfg(feature = "ssr")]
use crate::error::AppError;
#[cfg(feature = "ssr")]
use model::akun::Akun;

/// The visitor of one request.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct Pengunjung {
    /// The live session, if signed in.
    pub sesi: Option<data::inti::akun::Sesi>,
    /// The CSRF token forms must carry: the session's, or for a visitor
    /// not signed in the token of the `pantau_csrf` cookie.
    pub csrf: String,
    /// The client's address (for throttling and the audit trail).
    pub alamat: String,
    /// Cookies get `Secure` (served over HTTPS).
    pub cookie_aman: bool,
    /// The device cookie's token, if it has the shape of one: a browser
    /// that signed in before (`data::simpan::akun::masuk`).
    pub perangkat: Option<String>,
}

#[cfg(feature = "ssr")]
pub const COOKIE_SESI: &str = "pantau_sesi";
#[cfg(feature = "ssr")]
pub const COOKIE_CSRF: &str = "pantau_csrf";
#[cfg(feature = "ssr")]
pub const COOKIE_PERANGKAT: &str = "pantau_perangkat";

/// This request's visitor (None outside a request, e.g. route listing).
#[cfg(feature = "ssr")]
pub fn pengunjung() -> Option<Pengunjung> {
    leptos::prelude::use_context::<http::request::Parts>()?
        .extensions
        .get::<Pengunjung>()
        .cloned()
}

/// The signed-in account, or 401.
#[cfg(feature = "ssr")]
pub fn akun() -> Result<Akun, AppError> {
    akun_pengunjung(pengunjung().as_ref())
}

/// The account of visitor `p`, or 401.
#[cfg(feature = "ssr")]
pub fn akun_pengunjung(p: Option<&Pengunjung>) -> Result<Akun, AppError> {
    p.and_then(|p| p.sesi.as_ref())
        .map(|s| s.akun.clone())
        .ok_or_else(|| {
            AppError::BelumMasuk("Silakan masuk dengan akun Anda untuk membuka halaman ini.".into())
        })
}

/// The signed-in account if `boleh` allows it; 401 when not signed in,
/// 403 when the role or scope does not allow it.
#[cfg(feature = "ssr")]
pub fn izinkan(boleh: impl FnOnce(&Akun) -> bool) -> Result<Akun, AppError> {
    izinkan_pengunjung(pengunjung().as_ref(), boleh)
}

/// [`izinkan`] for visitor `p` (the file endpoints, outside Leptos).
#[cfg(feature = "ssr")]
pub fn izinkan_pengunjung(
    p: Option<&Pengunjung>,
    boleh: impl FnOnce(&Akun) -> bool,
) -> Result<Akun, AppError> {
    let a = akun_pengunjung(p)?;
    if boleh(&a) {
        Ok(a)
    } else {
        Err(AppError::Terlarang(format!(
            "Akun {} ({}{}) tidak berwenang membuka atau mengubah data ini.",
            a.nama_pengguna,
            a.peran.label(),
            a.cakupan
                .as_deref()
                .map(|c| format!(", cakupan {c}"))
                .unwrap_or_default()
        )))
    }
}

/// The audit trail's "who and from where" for the signed-in account.
#[cfg(feature = "ssr")]
pub fn pelaku(akun: &Akun) -> data::inti::jejak::Pelaku {
    let alamat = pengunjung().map(|p| p.alamat).unwrap_or_default();
    data::inti::jejak::Pelaku::akun(akun, &alamat)
}

/// Checks the CSRF token a form carried again (the security layer checked
/// it already; this guards a server function mounted elsewhere).
#[cfg(feature = "ssr")]
pub fn periksa_csrf(token: &str) -> Result<(), AppError> {
    match pengunjung() {
        Some(p) if data::inti::sandi::sama(token, &p.csrf) => Ok(()),
        _ => Err(AppError::Terlarang(
            "Token keamanan formulir tidak cocok. Muat ulang halaman lalu kirim lagi.".into(),
        )),
    }
}

/// A `Set-Cookie` value for the session: HttpOnly, `SameSite=Lax` (a link
/// from another site still arrives signed in), `Secure` over HTTPS, for
/// `max_age` seconds (0 clears it).
#[cfg(feature = "ssr")]
pub fn cookie(nama: &str, nilai: &str, max_age: i64, aman: bool) -> String {
    ::cookie::Cookie::build((nama, nilai))
        .path("/")
        .http_only(true)
        .same_site(::cookie::SameSite::Lax)
        .secure(aman)
        .max_age(::cookie::time::Duration::seconds(max_age))
        .build()
        .to_string()
}

/// A `Set-Cookie` value for the sign-in form's CSRF token: HttpOnly,
/// `SameSite=Strict`, `Secure` over HTTPS, gone when the browser closes.
#[cfg(feature = "ssr")]
pub fn cookie_ketat(nama: &str, nilai: &str, aman: bool) -> String {
    ::cookie::Cookie::build((nama, nilai))
        .path("/")
        .http_only(true)
        .same_site(::cookie::SameSite::Strict)
        .secure(aman)
        .build()
        .to_string()
}
