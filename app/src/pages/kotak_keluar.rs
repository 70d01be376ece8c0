//! `/kotak-keluar`: the outbox, for the Dinas. Every message the app sent
//! or will send on its own (reminders, late lists, escalations): to whom,
//! on which channel, why (the rule and the month), and what became of it —
//! delivered, waiting for another attempt (when, after how many), or
//! failed for good with the reason.

use crate::api::ambil_kotak_keluar;
use crate::components::muat;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use model::format::angka;
use model::view::KotakKeluar;

#[component]
pub fn HalamanKotakKeluar() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("status"), ambil_kotak_keluar);
    muat(data, |h| view! { <Kotak h/> })
}

#[component]
fn Kotak(h: KotakKeluar) -> impl IntoView {
    let semua: i64 = h.jumlah.iter().map(|(_, _, n)| n).sum();
    let saring = {
        let aktif = h.status.clone();
        let mut v = vec![(String::new(), "Semua".to_string(), semua)];
        v.extend(h.jumlah.iter().cloned());
        v.into_iter()
            .map(|(code, label, n)| {
                let kini = aktif.clone().unwrap_or_default() == code;
                let href = if code.is_empty() {
                    "/kotak-keluar".to_string()
                } else {
                    format!("/kotak-keluar?status={code}")
                };
                view! {
                    <a href=href class="chip" class:chip-aktif=kini aria-current=kini.then_some("page")
                        data-testid=format!("jumlah-{}", if code.is_empty() { "semua" } else { code.as_str() })>
                        {format!("{label}: {}", angka(n))}
                    </a>
                }
            })
            .collect_view()
    };
    let kosong = h.pesan.is_empty();
    let baris = h
        .pesan
        .into_iter()
        .map(|p| {
            let keadaan = match (p.status.as_str(), &p.berikut, &p.terkirim) {
                ("terkirim", _, Some(t)) => format!("{} · {t}", p.status_label),
                ("antre", Some(b), _) => format!("{} · percobaan berikut {b}", p.status_label),
                _ => p.status_label.clone(),
            };
            let cls = format!("status-pesan status-{}", p.status);
            view! {
                <tr id=format!("p-{}", p.id)>
                    <td>{p.dibuat}</td>
                    <td>{p.aturan}<br/><small>{p.periode}</small></td>
                    <td>{p.penerima}<br/><small>{p.saluran}{(!p.alamat.is_empty()).then(|| format!(" · {}", p.alamat))}</small></td>
                    <td>
                        <details>
                            <summary>{p.judul}</summary>
                            <pre class="pesan-isi">{p.isi}</pre>
                            <p><a href=p.tautan.clone()>{p.tautan.clone()}</a></p>
                            {(!p.lampiran.is_empty()).then(|| view! { <p><small>{format!("Lampiran: {}", p.lampiran)}</small></p> })}
                            <p><small>{format!("Dibuat dari revisi data #{}", p.revisi)}</small></p>
                        </details>
                    </td>
                    <td><span class=cls>{keadaan}</span>
                        {(p.percobaan > 0).then(|| view! { <br/><small>{format!("{} percobaan", p.percobaan)}</small> })}
                        {(!p.alasan.is_empty()).then(|| view! { <br/><small class="alasan-gagal">{p.alasan.clone()}</small> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text="Kotak keluar"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Dinas Koperasi · pesan otomatis"</p>
                <h1 data-testid="judul-halaman">"Kotak keluar"</h1>
                <p class="lead">"Pengingat sebelum batas pengiriman (H-3, H-1) kepada operator dan lurah, daftar keterlambatan kepada camat (H+1), eskalasi kepada Dinas dan pimpinan (H+5); laporan yang dikembalikan kepada operator dan lurah beserta catatannya; laporan yang menunggu verifikasi 7 hari kepada camat, 14 hari kepada Dinas; tindak lanjut rapat tiga hari sebelum dan sesudah lewat tenggat; setiap Senin pukul 07.00 WIB Bahan Briefing (PDF beserta hash-nya) dan ringkasan pengecualian pekan itu (hanya bila ada yang perlu perhatian) kepada pimpinan; indikator kecamatan yang baru menjadi tertinggal kepada camat dan Dinas, sekali per perubahan; paket rapat kepada peserta yang dipilih saat rapat dibuat. Setiap pesan disimpan dulu, lalu dikirim; yang gagal dicoba lagi dengan jeda yang makin panjang, lalu ditandai gagal beserta alasannya. Setiap pesan masuk antrean sekali saja."</p>
            </div>
        </div>
        <nav class="chips" aria-label="Saring menurut status">{saring}</nav>
        <section class="panel">
            {kosong.then(|| view! { <p class="panel-note" data-testid="kotak-kosong">"Belum ada pesan dengan status ini."</p> })}
            <div class="table-scroll" tabindex="0">
                <table class="data-table compact" data-testid="tabel-kotak-keluar">
                    <thead><tr><th>"Dibuat"</th><th>"Aturan"</th><th>"Penerima"</th><th>"Pesan"</th><th>"Status"</th></tr></thead>
                    <tbody>{baris}</tbody>
                </table>
            </div>
        </section>
    }
}
