//! One module per route.

pub mod akun;
pub mod audit;
pub mod briefing;
pub mod definisi;
pub mod intervensi;
pub mod jejak;
pub mod kecamatan;
pub mod kkmp;
pub mod kota;
pub mod kotak_keluar;
pub mod lapangan;
pub mod laporan;
pub mod rapat;
pub mod rekonsiliasi;
pub mod target;
pub mod temuan;
pub mod terbuka;
pub mod unggah;
pub mod verifikasi;
pub mod versi;

use crate::components::PanelGalat;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Any path the route table does not know.
#[component]
pub fn TidakDitemukan() -> impl IntoView {
    view! {
        <Title text="Halaman tidak ditemukan"/>
        <PanelGalat galat=AppError::TidakDitemukan(
            "Halaman yang Anda buka tidak ada. Periksa alamatnya, atau mulai dari dasbor kota.".into(),
        )/>
    }
}
