//! `/laporan/<kelurahan-code>/<YYYY-MM>`: the monthly report form. Sections
//! follow the report (docs/domain.md §4); every field comes from
//! `model::isian::BIDANG`. It is an `ActionForm`: without JavaScript it is
//! a plain POST that comes back here with a message at each field; with
//! JavaScript the same happens without a full reload.

use crate::api::{KirimLaporan, ambil_formulir};
use crate::components::{Remah, TokenCsrf, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::isian::{BIDANG, Bagian, Bidang, Jenis};
use model::view::{CatatanIsian, FormulirLaporan};

#[component]
pub fn HalamanLaporan() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let p = params.read();
            (
                p.get("code").unwrap_or_default(),
                p.get("bulan").unwrap_or_default(),
                query.read().get("draf"),
            )
        },
        |(code, bulan, draf)| ambil_formulir(code, bulan, draf),
    );
    muat(data, |f| view! { <Formulir f/> })
}

fn pesan_untuk(list: &[CatatanIsian], kolom: &str) -> Vec<String> {
    list.iter()
        .filter(|c| c.kolom == kolom)
        .map(|c| c.pesan.clone())
        .collect()
}

#[component]
fn Formulir(f: FormulirLaporan) -> impl IntoView {
    let kirim = ServerAction::<KirimLaporan>::new();
    let pending = kirim.pending();
    let value_of = |code: &str| {
        f.isian
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let label_of = |kolom: &str| match kolom {
        "pelapor" => "Nama pengirim".to_string(),
        "alasan" => "Alasan".to_string(),
        k => model::isian::cari(k).map_or(k.to_string(), |b| b.label.to_string()),
    };
    let ringkasan_galat = (!f.galat.is_empty()).then(|| {
        let items = f
            .galat
            .iter()
            .map(|g| {
                let href = format!("#f-{}", g.kolom);
                view! { <li><a href=href>{label_of(&g.kolom)}</a> ": " {g.pesan.clone()}</li> }
            })
            .collect_view();
        view! {
            <div class="alert alert-error" role="alert" data-testid="ringkasan-galat" tabindex="-1">
                <h2>{format!("Laporan belum tersimpan: {} isian perlu diperbaiki", f.galat.len())}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    let ringkasan_peringatan = (!f.peringatan.is_empty()).then(|| {
        let items = f
            .peringatan
            .iter()
            .map(|g| {
                let href = format!("#f-{}", g.kolom);
                view! { <li><a href=href>{label_of(&g.kolom)}</a> ": " {g.pesan.clone()}</li> }
            })
            .collect_view();
        view! {
            <div class="alert alert-warning" role="status" data-testid="ringkasan-peringatan">
                <h2>"Peringatan: periksa angka berikut"</h2>
                <ul>{items}</ul>
                <p>"Bila angkanya benar, tulis alasannya di kolom Alasan di bawah, lalu kirim lagi."</p>
            </div>
        }
    });
    let koreksi = f.versi_tersimpan.map(|v| {
        view! {
            <div class="alert alert-info" role="note">
                {format!(
                    "Laporan {} sudah tersimpan (versi {v}). Mengirim formulir ini menyimpan versi {} sebagai perbaikan; versi lama tetap tercatat. Alasan perbaikan wajib diisi.",
                    f.periode.label(),
                    v + 1
                )}
            </div>
        }
    });
    let sections = Bagian::ALL
        .iter()
        .map(|bagian| {
            let in_section: Vec<&Bidang> = BIDANG.iter().filter(|b| b.bagian == *bagian).collect();
            // A definition several fields share is said once, above them.
            let shared = in_section
                .iter()
                .map(|b| b.definisi)
                .find(|d| in_section.iter().filter(|b| b.definisi == *d).count() > 1);
            let fields = in_section
                .iter()
                .map(|b| {
                    view! {
                        <Isian
                            b=**b
                            nilai=value_of(b.code)
                            galat=pesan_untuk(&f.galat, b.code)
                            peringatan=pesan_untuk(&f.peringatan, b.code)
                            definisi={Some(b.definisi) != shared}
                        />
                    }
                })
                .collect_view();
            view! {
                <fieldset class="form-section">
                    <legend>{bagian.label()}</legend>
                    {shared.map(|d| view! { <p class="panel-note">{d}</p> })}
                    <div class="form-grid">{fields}</div>
                </fieldset>
            }
        })
        .collect_view();
    let galat_alasan = pesan_untuk(&f.galat, "alasan");
    let perlu_alasan = f.versi_tersimpan.is_some() || !f.peringatan.is_empty();
    let alasan_salah = !galat_alasan.is_empty();
    let judul = format!("Laporan {} · {}", f.periode.label(), f.kkmp_nama);
    view! {
        <Title text=judul/>
        <nav class="breadcrumb" aria-label="Jejak">
            <Remah href="/" teks="Kota Palembang"/>
            <span aria-hidden="true">" › "</span>
            <Remah href=format!("/kecamatan/{}", f.kecamatan_code) kecamatan=f.kecamatan_code.clone() teks=format!("Kecamatan {}", f.kecamatan_nama)/>
            <span aria-hidden="true">" › "</span>
            <A href=format!("/kkmp/{}", f.kelurahan_code)>{f.kelurahan_nama.clone()}</A>
            <span aria-hidden="true">" › "</span>
            <span>"Laporan " {f.periode.label()}</span>
        </nav>
        <div class="page-head">
            <div>
                <p class="eyebrow">
                    "Laporan bulanan · periode " {f.periode.label()} " · batas kirim " {f.batas.clone()} " pukul 23.59 WIB"
                </p>
                <h1 data-testid="judul-halaman">{f.kkmp_nama.clone()}</h1>
                <p class="lead">
                    "Isian awal: " {f.sumber_isian.clone()} ". "
                    <a href=format!("/templat/{}.xlsx?kelurahan={}", f.periode, f.kelurahan_code) rel="external">"Unduh sebagai templat Excel"</a>
                </p>
            </div>
        </div>
        {ringkasan_galat}
        {ringkasan_peringatan}
        {koreksi}
        <ActionForm action=kirim attr:class="report-form" attr:novalidate=true>
            <TokenCsrf/>
            <input type="hidden" name="kode" value=f.kelurahan_code.clone()/>
            <input type="hidden" name="periode" value=f.periode.to_string()/>
            // The version this form shows: a correction stored by someone
            // else meanwhile sends this one back instead of replacing it.
            <input type="hidden" name="versi_dasar" value=f.versi_tersimpan.unwrap_or(0).to_string()/>
            {sections}
            <fieldset class="form-section">
                <legend>"Pengirim"</legend>
                <div class="form-grid">
                    <div class="field" id="f-pelapor">
                        <p class="label">"Dikirim oleh"</p>
                        <p data-testid="pelapor"><strong>{f.pelapor.clone()}</strong></p>
                        <p class="hint">"Akun yang masuk; tercatat bersama laporan dan di jejak audit."</p>
                    </div>
                    <div class="field field-wide" class:field-invalid=alasan_salah id="f-alasan">
                        <label for="i-alasan">
                            "Alasan" {if perlu_alasan { " (wajib)" } else { " (bila perbaikan atau ada peringatan)" }}
                        </label>
                        <p class="hint">"Mengapa angka ini diubah, atau mengapa angka yang diperingatkan memang benar."</p>
                        <textarea id="i-alasan" name="alasan" rows="3" aria-invalid=alasan_salah.to_string()>{f.alasan.clone()}</textarea>
                        {galat_alasan.into_iter().map(|m| view! { <p class="field-error">{m}</p> }).collect_view()}
                    </div>
                </div>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button-primary" data-testid="kirim-laporan" disabled=move || pending.get()>
                    {move || if pending.get() { "Mengirim…" } else { "Kirim laporan" }}
                </button>
                <A href=format!("/kkmp/{}", f.kelurahan_code)>"Batal"</A>
            </div>
        </ActionForm>
    }
}

/// One field: label, definition as a hint, the input its kind needs, and
/// its messages.
#[component]
fn Isian(
    b: Bidang,
    nilai: String,
    galat: Vec<String>,
    peringatan: Vec<String>,
    /// Whether to show the field's own definition (not when the section
    /// already states it for several fields).
    definisi: bool,
) -> impl IntoView {
    let id = format!("i-{}", b.code);
    let name = format!("isian[{}]", b.code);
    let invalid = !galat.is_empty();
    let warned = !peringatan.is_empty();
    let describedby = format!("h-{}", b.code);
    let input = match b.jenis {
        Jenis::YaTidak => view! {
            <select id=id.clone() name=name aria-describedby=describedby.clone() aria-invalid=invalid.to_string()>
                <option value="ya" selected=nilai == "ya">"Ya"</option>
                <option value="tidak" selected=nilai == "tidak">"Tidak"</option>
                {(nilai != "ya" && nilai != "tidak").then(|| view! { <option value=nilai.clone() selected=true>{nilai.clone()}</option> })}
            </select>
        }
        .into_any(),
        Jenis::Pilihan(options) => {
            let known = options.iter().any(|(c, _)| *c == nilai);
            let opts = options
                .iter()
                .map(|(code, label)| view! { <option value=*code selected=*code == nilai>{*label}</option> })
                .collect_view();
            view! {
                <select id=id.clone() name=name aria-describedby=describedby.clone() aria-invalid=invalid.to_string()>
                    {opts}
                    {(!known).then(|| view! { <option value=nilai.clone() selected=true>{nilai.clone()}</option> })}
                </select>
            }
            .into_any()
        }
        Jenis::Tanggal => view! {
            <input id=id.clone() name=name type="date" value=nilai aria-describedby=describedby.clone() aria-invalid=invalid.to_string()/>
        }
        .into_any(),
        Jenis::Rupiah => view! {
            <div class="input-prefix">
                <span aria-hidden="true">"Rp"</span>
                <input id=id.clone() name=name type="text" inputmode="numeric" value=nilai
                    aria-describedby=describedby.clone() aria-invalid=invalid.to_string()/>
            </div>
        }
        .into_any(),
        Jenis::Bilangan => view! {
            <input id=id.clone() name=name type="text" inputmode="numeric" value=nilai
                aria-describedby=describedby.clone() aria-invalid=invalid.to_string()/>
        }
        .into_any(),
        Jenis::Teks => view! {
            <input id=id.clone() name=name type="text" value=nilai aria-describedby=describedby.clone()/>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:field-invalid=invalid class:field-warning=warned id=format!("f-{}", b.code)>
            <label for=id>{b.label}</label>
            {input}
            <p class="hint" id=describedby>{if definisi { b.definisi } else { "" }}</p>
            {galat.into_iter().map(|m| view! { <p class="field-error">{m}</p> }).collect_view()}
            {peringatan.into_iter().map(|m| view! { <p class="field-warning-text">"Peringatan: " {m}</p> }).collect_view()}
        </div>
    }
}
