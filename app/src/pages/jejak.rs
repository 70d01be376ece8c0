//! `/jejak`: the audit trail for the Inspektorat (and Dinas): the whole
//! hash chain verified on every visit, and the entries, newest first, with
//! who, when, from where, what, before and after, and why.

use crate::api::ambil_jejak;
use crate::components::muat;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use model::format::angka;
use model::view::HalamanJejak;

#[component]
pub fn HalamanJejak() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("sebelum").and_then(|s| s.parse::<i64>().ok()),
                q.get("cari"),
            )
        },
        |(sebelum, cari)| ambil_jejak(sebelum, cari),
    );
    muat(data, |h| view! { <Jejak h/> })
}

#[component]
fn Jejak(h: HalamanJejak) -> impl IntoView {
    let status = match &h.rusak {
        None => view! {
            <p class="notice notice-ok" data-testid="rantai-utuh">
                {format!("Rantai hash utuh: {} entri; entri terbaru diperiksa {}, seluruh rantai diperiksa ulang otomatis setiap 10 menit. Hash terakhir: ", h.jumlah, h.diperiksa)}
                <code class="hash">{h.hash_terakhir.clone()}</code>
            </p>
        }
        .into_any(),
        Some((id, why)) => view! {
            <p class="notice notice-error" role="alert" data-testid="rantai-rusak">
                {format!("RANTAI RUSAK di entri nomor {id}: {why}. Entri sebelum nomor itu utuh; laporkan ke Inspektorat dan periksa cadangan basis data.")}
            </p>
        }
        .into_any(),
    };
    let isi = h.isi.clone().map(|i| {
        if i.jumlah_masalah == 0 {
            view! {
                <p class="notice notice-ok" data-testid="isi-utuh">
                    {format!("Isi data terikat utuh: {} baris (versi laporan, langkah persetujuan, unggahan, target dan riwayatnya, briefing dan rapat, tindak lanjut, dukungan, tindak anomali, kunjungan lapangan dan fotonya, temuan dan langkahnya) cocok dengan jejak audit; diperiksa {}.", angka(i.baris), i.pada)}
                </p>
            }
            .into_any()
        } else {
            let lain = i.jumlah_masalah - i.masalah.len() as i64;
            view! {
                <div class="notice notice-error" role="alert" data-testid="isi-rusak">
                    <p><strong>{format!("ISI DATA TIDAK COCOK DENGAN JEJAK AUDIT: {} masalah ({} baris diperiksa {}).", angka(i.jumlah_masalah), angka(i.baris), i.pada)}</strong>" Angka ini diubah di luar aplikasi; laporkan ke Inspektorat dan bandingkan dengan cadangan basis data."</p>
                    <ul>{i.masalah.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    {(lain > 0).then(|| view! { <p>{format!("… dan {} masalah lain (lihat server audit verify).", angka(lain))}</p> })}
                </div>
            }
            .into_any()
        }
    });
    let pemulihan = (!h.pemulihan.is_empty()).then(|| {
        view! {
            <div class="notice notice-warn" data-testid="pemulihan">
                <p><strong>"Basis data ini pernah dipulihkan dari cadangan."</strong>" Berkas jangkar mencatat setiap pemulihan dan entri yang dibatalkannya; ini bukan kerusakan, tetapi perubahan yang harus diketahui pemeriksa:"</p>
                <ul>{h.pemulihan.clone().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let cari = h.cari.clone();
    let lanjut = h.berikutnya.map(|id| {
        let q = if cari.is_empty() {
            String::new()
        } else {
            format!("&cari={cari}")
        };
        view! { <p><a href=format!("/jejak?sebelum={id}{q}")>"Entri lebih lama →"</a></p> }
    });
    let baris = h
        .baris
        .into_iter()
        .map(|b| {
            let detail = (!b.sebelum.is_empty() || !b.sesudah.is_empty()).then(|| {
                let (sebelum, sesudah) = (b.sebelum.clone(), b.sesudah.clone());
                view! {
                    <details>
                        <summary>"Sebelum / sesudah"</summary>
                        {(!sebelum.is_empty()).then(|| view! { <pre class="json">"Sebelum: " {sebelum}</pre> })}
                        {(!sesudah.is_empty()).then(|| view! { <pre class="json">"Sesudah: " {sesudah}</pre> })}
                    </details>
                }
            });
            view! {
                <tr>
                    <td class="num">{b.id}</td>
                    <td>{b.pada}</td>
                    <td>{b.pengguna}<br/><small>{b.peran}" · "{b.alamat}</small></td>
                    <td><strong>{b.aksi}</strong><br/><small>{b.objek}</small>{detail}</td>
                    <td>{b.alasan}</td>
                    <td><code class="hash" title=b.hash.clone()>{b.hash[..12.min(b.hash.len())].to_string()}"…"</code></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text="Jejak audit"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Inspektorat · jejak audit"</p>
                <h1 data-testid="judul-halaman">"Jejak audit"</h1>
                <p class="lead">"Setiap perubahan data, persetujuan, akun, unggahan dan ekspor tercatat di sini dan tidak dapat diubah atau dihapus: setiap entri memuat hash entri sebelumnya, sehingga satu perubahan saja memutus rantai. Isi setiap versi laporan dan langkah persetujuan terikat pada entri yang mencatatnya, sehingga angka yang diubah langsung di basis data ikut ketahuan. Perintah " <code>"server audit verify"</code> " memeriksa rantai dan isi yang sama."</p>
            </div>
            <Form method="GET" action="/jejak" attr:class="month-form">
                <label for="cari">"Cari (aksi, objek, pengguna)"</label>
                <input id="cari" name="cari" type="search" value=h.cari.clone()/>
                <button type="submit" class="button-secondary">"Cari"</button>
            </Form>
        </div>
        {status}
        {isi}
        {pemulihan}
        <section class="panel">
            <div class="table-scroll" tabindex="0">
                <table class="data-table compact" data-testid="tabel-jejak">
                    <thead><tr><th class="num">"No."</th><th>"Waktu"</th><th>"Oleh"</th><th>"Aksi"</th><th>"Alasan"</th><th>"Hash"</th></tr></thead>
                    <tbody>{baris}</tbody>
                </table>
            </div>
            {lanjut}
        </section>
    }
}
