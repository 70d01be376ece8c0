//! `/kkmp/<kelurahan-code>/<YYYY-MM>/<versi>`: one stored version of one
//! report, every field by section, what it changed from the version before,
//! who sent it, when and why. The end of the drill-down kota → kecamatan →
//! KKMP → version.

use crate::api::{ambil_pesan, ambil_versi_laporan};
use crate::components::{Info, Remah, TokenCsrf, akun_dari, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::status::{Persetujuan, StatusLaporan};
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
    let persetujuan = d.clone();
    view! {
        <Title text=format!("{} {} v{}", d.kkmp_nama, d.periode.label(), d.versi)/>
        <nav class="breadcrumb" aria-label="Jejak">
            <Remah href=format!("/?bulan={}", d.periode) teks="Kota Palembang"/>
            <span aria-hidden="true">" › "</span>
            <Remah href=format!("/kecamatan/{}?bulan={}", d.kecamatan_code, d.periode) kecamatan=d.kecamatan_code.clone() teks=format!("Kecamatan {}", d.kecamatan_nama)/>
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
                    {match (d.terkini, d.persetujuan) {
                        (true, Some(Persetujuan::Diterima)) => " Versi terkini, sudah diterima Dinas: dasbor memakainya.",
                        (true, _) => " Versi terkini; dasbor memakainya setelah diterima Dinas (atau dengan pilihan \"sertakan laporan yang menunggu verifikasi\").",
                        (false, _) => " Versi ini sudah diganti versi yang lebih baru.",
                    }}
                </p>
                {d.alasan.clone().map(|a| view! { <p class="reason">"Alasan: " {a}</p> })}
                {(!d.peringatan.is_empty()).then(|| view! { <p class="reason">"Peringatan diterima: " {d.peringatan.join("; ")}</p> })}
            </div>
        </div>
        <p class="segmented" role="group" aria-label="Versi lain">{lain}</p>
        <PanelPersetujuan d=persetujuan/>
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

/// Where this month stands in the approval workflow, every step taken, and
/// the steps this account may take now (plain forms: the page reloads with
/// the new state).
#[component]
fn PanelPersetujuan(d: DetailVersi) -> impl IntoView {
    let query = use_query_map();
    let info = use_context::<Info>();
    let pesan = Resource::new(
        move || query.read().get("galat"),
        |t| async move {
            match t {
                Some(t) if !t.is_empty() => ambil_pesan(t).await.ok(),
                _ => None,
            }
        },
    );
    let selesai = move || {
        query.read().get("langkah").and_then(|l| Persetujuan::from_code(&l)).map(|l| {
            view! { <p class="notice notice-ok" role="status" data-testid="langkah-selesai">{format!("Tercatat: {}.", l.langkah())}</p> }
        })
    };
    let status = d.persetujuan;
    let langkah = d
        .langkah
        .iter()
        .map(|l| {
            view! {
                <li>
                    <strong>{l.langkah.langkah()}</strong>
                    {format!(" · versi {} · {} · oleh {}", l.versi, l.pada, l.oleh)}
                    {(!l.catatan.is_empty()).then(|| view! { <span class="reason">" — " {l.catatan.clone()}</span> })}
                </li>
            }
        })
        .collect_view();
    let kode = d.kelurahan_code.clone();
    let bulan = d.periode.to_string();
    let versi = d.versi;
    let aksi = move |a: Option<model::akun::Akun>| {
        let a = a?;
        let s = status?;
        let mut pilihan: Vec<(Persetujuan, &'static str, bool)> = Vec::new();
        match s {
            Persetujuan::Diajukan if a.verifikasi(&kode) => {
                pilihan.push((Persetujuan::Diverifikasi, "Verifikasi", false));
                pilihan.push((
                    Persetujuan::Dikembalikan,
                    "Kembalikan untuk diperbaiki",
                    true,
                ));
            }
            Persetujuan::Diverifikasi if a.terima() => {
                pilihan.push((Persetujuan::Diterima, "Terima dan kunci", false));
                pilihan.push((
                    Persetujuan::Dikembalikan,
                    "Kembalikan untuk diperbaiki",
                    true,
                ));
            }
            Persetujuan::Diterima if a.terima() => {
                pilihan.push((Persetujuan::Dibuka, "Buka kembali", true));
            }
            _ => {}
        }
        (!pilihan.is_empty()).then(|| {
            let (kode, bulan) = (kode.clone(), bulan.clone());
            view! {
                <div class="approval-actions">
                    {pilihan.into_iter().map(|(ke, label, wajib)| view! {
                        <form method="post" action="/api/langkah_laporan" class="report-form approval-form">
                            <TokenCsrf/>
                            <input type="hidden" name="kode" value=kode.clone()/>
                            <input type="hidden" name="bulan" value=bulan.clone()/>
                            <input type="hidden" name="versi" value=versi.to_string()/>
                            <input type="hidden" name="langkah" value=ke.code()/>
                            <label for=format!("c-{}", ke.code())>
                                {if wajib { "Catatan (wajib)" } else { "Catatan (boleh kosong)" }}
                            </label>
                            <textarea id=format!("c-{}", ke.code()) name="catatan" rows="2" required=wajib></textarea>
                            <button type="submit" class=if wajib { "button-secondary" } else { "button-primary" }
                                data-testid=format!("langkah-{}", ke.code())>{label}</button>
                        </form>
                    }).collect_view()}
                </div>
            }
        })
    };
    view! {
        <section class="panel" id="persetujuan" aria-labelledby="judul-persetujuan">
            <h2 id="judul-persetujuan">"Persetujuan"</h2>
            {selesai}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    pesan.await.filter(|m| !m.is_empty()).map(|m| view! {
                        <p class="notice notice-error" role="alert" data-testid="langkah-galat">{m}</p>
                    })
                })}
            </Suspense>
            <p data-testid="status-persetujuan">
                {match status {
                    Some(s) => format!("Status bulan ini: {}.", s.label()),
                    None => "Versi ini sudah diganti versi yang lebih baru; persetujuan berlaku untuk versi terkini.".to_string(),
                }}
                {(status == Some(Persetujuan::Diterima)).then_some(" Laporan terkunci: perbaikan hanya setelah Dinas membukanya kembali dengan alasan.")}
            </p>
            <ol class="history">{langkah}</ol>
            <Suspense fallback=|| ()>
                {move || {
                    let aksi = aksi.clone();
                    Suspend::new(async move {
                        aksi(akun_dari(info).await)
                    })
                }}
            </Suspense>
        </section>
    }
}
