//! `/kkmp/<kelurahan-code>/<YYYY-MM>/<versi>`: one stored version of one
//! report, every field by section, what it changed from the version before,
//! who sent it, when and why. The end of the drill-down kota → kecamatan →
//! KKMP → version.

use crate::api::ambil_versi_laporan;
use crate::components::muat;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::status::StatusLaporan;
use model::view::DetailVersi;

#[component]
pub fn HalamanVersi() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || {
            let p = params.read();
            (
                p.get("code").unwrap_or_default(),
                p.get("bulan").unwrap_or_default(),
                p.get("versi").unwrap_or_default(),
            )
        },
        |(code, bulan, versi)| ambil_versi_laporan(code, bulan, versi),
    );
    muat(data, |d| view! { <Versi d/> })
}

#[component]
fn Versi(d: DetailVersi) -> impl IntoView {
    let base = format!("/kkmp/{}/{}", d.kelurahan_code, d.periode);
    let lain = d
        .semua_versi
        .iter()
        .map(|v| {
            let current = *v == d.versi;
            view! {
                <a href=format!("{base}/{v}") class="seg" class:aktif=current>{format!("Versi {v}")}</a>
            }
        })
        .collect_view();
    let berubah = d
        .bagian
        .iter()
        .flat_map(|(_, f)| f)
        .filter(|f| f.sebelumnya.is_some())
        .count();
    let ketepatan = match d.laporan {
        StatusLaporan::Terlambat => format!(
            "terlambat {} hari (dihitung dari versi 1)",
            d.hari_terlambat.unwrap_or(0)
        ),
        _ => "tepat waktu (dihitung dari versi 1)".to_string(),
    };
    view! {
        <Title text=format!("{} {} v{}", d.kkmp_nama, d.periode.label(), d.versi)/>
        <nav class="breadcrumb" aria-label="Jejak">
            <A href=format!("/?bulan={}", d.periode)>"Kota Palembang"</A>
            <span aria-hidden="true">" › "</span>
            <A href=format!("/kecamatan/{}?bulan={}", d.kecamatan_code, d.periode)>"Kecamatan " {d.kecamatan_nama.clone()}</A>
            <span aria-hidden="true">" › "</span>
            <A href=format!("/kkmp/{}#v-{}-{}", d.kelurahan_code, d.periode, d.versi)>{d.kelurahan_nama.clone()}</A>
            <span aria-hidden="true">" › "</span>
            <span>{format!("{} v{}", d.periode.label(), d.versi)}</span>
        </nav>
        <div class="page-head">
            <div>
                <p class="eyebrow">{d.kkmp_nama.clone()} " · kode " {d.kelurahan_code.clone()}</p>
                <h1 data-testid="judul-halaman">{format!("Laporan {} — versi {}", d.periode.label(), d.versi)}</h1>
                <p class="lead">
                    {format!("Dikirim {} oleh {} lewat {}; {}.", d.dikirim, d.dikirim_oleh, d.sumber, ketepatan)}
                    {if d.terkini { " Versi ini yang dipakai dasbor." } else { " Versi ini sudah diganti versi yang lebih baru; dasbor tidak memakainya." }}
                </p>
                {d.alasan.clone().map(|a| view! { <p class="reason">"Alasan: " {a}</p> })}
                {(!d.peringatan.is_empty()).then(|| view! { <p class="reason">"Peringatan diterima: " {d.peringatan.join("; ")}</p> })}
            </div>
        </div>
        <p class="segmented" role="group" aria-label="Versi lain">{lain}</p>
        {(d.versi > 1).then(|| view! {
            <p class="panel-note" data-testid="jumlah-berubah">{format!("{berubah} isian berubah dari versi {}: ditandai di bawah dengan nilai sebelumnya.", d.versi - 1)}</p>
        })}
        <div class="version-grid">
            {d.bagian.iter().cloned().map(|(judul, fields)| view! {
                <section class="panel">
                    <h2>{judul}</h2>
                    <table class="data-table compact">
                        <tbody>
                            {fields.into_iter().map(|f| {
                                let changed = f.sebelumnya.is_some();
                                view! {
                                    <tr class:changed=changed>
                                        <th scope="row">{f.label}</th>
                                        <td class="num">
                                            {f.nilai}
                                            {f.sebelumnya.map(|p| view! { <small class="sub was">" (sebelumnya " {p} ")"</small> })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }).collect_view()}
        </div>
    }
}
