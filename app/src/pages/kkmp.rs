//! `/kkmp/<kelurahan-code>`: one cooperative and every report it sent, each
//! version with who sent it, when and why.

use crate::api::ambil_detail_kkmp;
use crate::components::{LencanaOperasi, Remah, muat};
use crate::pages::kota::TabelTarget;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::format::{angka, desimal, rupiah};
use model::status::StatusLaporan;
use model::view::{DetailKkmp, VersiLaporan};

#[component]
pub fn HalamanKkmp() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        ambil_detail_kkmp,
    );
    muat(data, |d| view! { <Kkmp d/> })
}

#[component]
fn Kkmp(d: DetailKkmp) -> impl IntoView {
    let reported: std::collections::HashSet<_> = d.versi.iter().map(|v| v.periode).collect();
    let missing: Vec<String> = d
        .periode_wajib
        .iter()
        .filter(|p| !reported.contains(p))
        .map(|p| p.label())
        .collect();
    let late = d
        .versi
        .iter()
        .filter(|v| v.terkini && v.laporan == StatusLaporan::Terlambat)
        .count();
    let corrections = d.versi.iter().filter(|v| v.versi > 1).count();
    let latest = d.versi.first().cloned();
    let tercapai = d.tahapan.iter().filter(|(_, p)| p.is_some()).count();
    let query = use_query_map();
    let pesan = move || {
        let q = query.read();
        let bulan = |key: &str| q.get(key).and_then(|b| model::Periode::parse(&b).ok());
        let versi = q.get("versi").unwrap_or_default();
        if let Some(p) = bulan("tersimpan") {
            Some(view! {
                <div class="alert alert-success" role="status" data-testid="laporan-tersimpan">
                    {format!("Laporan {} tersimpan sebagai versi {versi}. Angka dasbor sudah memakai laporan ini.", p.label())}
                </div>
            }.into_any())
        } else {
            bulan("sama").map(|p| view! {
                <div class="alert alert-info" role="status" data-testid="laporan-sama">
                    {format!("Isian sama dengan laporan {} versi {versi} yang tersimpan; tidak ada versi baru.", p.label())}
                </div>
            }.into_any())
        }
    };
    let lapor = d
        .periode_lapor
        .iter()
        .map(|p| {
            let ada = reported.contains(p);
            let teks = if ada {
                format!("Perbaiki laporan {}", p.label())
            } else {
                format!("Isi laporan {}", p.label())
            };
            view! { <A href=format!("/laporan/{}/{}", d.kelurahan_code, p) attr:class=if ada { "" } else { "strong" }>{teks}</A> }
        })
        .collect_view();
    let templat = d.periode_lapor.first().map(|p| {
        view! {
            <a href=format!("/templat/{}.xlsx?kelurahan={}", p, d.kelurahan_code) rel="external">
                {format!("Templat Excel {} (.xlsx)", p.label())}
            </a>
        }
    });
    view! {
        <Title text=d.kkmp_nama.clone()/>
        <nav class="breadcrumb" aria-label="Jejak">
            <Remah href="/" teks="Kota Palembang"/>
            <span aria-hidden="true">" › "</span>
            <Remah href=format!("/kecamatan/{}", d.kecamatan_code) kecamatan=d.kecamatan_code.clone() teks=format!("Kecamatan {}", d.kecamatan_nama)/>
            <span aria-hidden="true">" › "</span>
            <span>{d.kelurahan_nama.clone()}</span>
        </nav>
        <div class="page-head">
            <div>
                <p class="eyebrow">
                    "Kelurahan " {d.kelurahan_nama.clone()} " · kode " {d.kelurahan_code.clone()}
                    " · titik tengah " {desimal(d.lat, 4)} ", " {desimal(d.lng, 4)}
                </p>
                <h1 data-testid="judul-halaman">{d.kkmp_nama.clone()}</h1>
                <p class="action-links" data-testid="tautan-lapor">{lapor}{templat}</p>
            </div>
        </div>
        {pesan}
        <section class="cards" aria-label="Ringkasan laporan">
            {latest.map(|v| view! {
                <div class="card card-accent">
                    <p class="card-title">"Status menurut laporan terakhir"</p>
                    <p class="card-value card-value-text">{v.status_operasi.label()}</p>
                    <p class="card-note">{format!("{} · {} unit usaha beroperasi", v.periode.label(), v.unit_beroperasi)}</p>
                </div>
                <div class="card">
                    <p class="card-title">"Anggota"</p>
                    <p class="card-value">{angka(v.anggota)}</p>
                    <p class="card-note">{format!("laporan {}", v.periode.label())}</p>
                </div>
            })}
            <div class="card">
                <p class="card-title">"Laporan masuk"</p>
                <p class="card-value">{format!("{} dari {}", reported.len(), d.periode_wajib.len())}</p>
                <p class="card-note">{format!("{late} terlambat · {corrections} perbaikan")}</p>
            </div>
            <div class="card">
                <p class="card-title">"Belum masuk"</p>
                <p class="card-value">{angka(missing.len() as i64)}</p>
                <p class="card-note">{if missing.is_empty() { "lengkap".to_string() } else { missing.join(", ") }}</p>
            </div>
        </section>
        <section class="panel" aria-labelledby="judul-tahapan-kkmp">
                <h2 id="judul-tahapan-kkmp">{format!("Tahapan program: {} dari {} tonggak tercapai", tercapai, d.tahapan.len())}</h2>
                <p class="panel-note">"Bulan laporan pertama yang menunjukkan setiap tonggak."</p>
                <ol class="milestones" data-testid="tahapan-kkmp">
                    {d.tahapan.iter().cloned().map(|(label, p)| {
                        let done = p.is_some();
                        view! {
                            <li class:done=done>
                                <span class="mark" aria-hidden="true">{if done { "✓" } else { "○" }}</span>
                                " " {label} " — "
                                <span>{p.map(|p| p.label()).unwrap_or_else(|| "belum".into())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
            <section class="panel" aria-labelledby="judul-target-kkmp">
                <h2 id="judul-target-kkmp">"Terhadap target yang berlaku"</h2>
                <p class="panel-note">
                    "Target kelurahan ini bila ada, selain itu target kecamatan atau kota. Untuk indikator persentase, satu KKMP bernilai 0% (belum) atau 100% (sudah)."
                </p>
                <TabelTarget target=d.target.clone()/>
            </section>

        <section class="panel" aria-labelledby="judul-riwayat">
            <h2 id="judul-riwayat">"Riwayat laporan bulanan"</h2>
            <p class="panel-note">
                "Setiap kiriman disimpan sebagai versi dan tidak pernah ditimpa. Angka dasbor memakai versi terkini yang sudah diterima Dinas; "
                "ketepatan waktu dihitung dari kiriman pertama."
            </p>
            <div class="table-scroll" tabindex="0">
                <table class="data-table" data-testid="tabel-riwayat">
                    <thead>
                        <tr>
                            <th scope="col">"Periode"</th>
                            <th scope="col">"Versi"</th>
                            <th scope="col">"Dikirim"</th>
                            <th scope="col">"Ketepatan"</th>
                            <th scope="col">"Persetujuan"</th>
                            <th scope="col">"Badan hukum"</th>
                            <th scope="col">"Gerai sembako"</th>
                            <th scope="col">"Status operasi"</th>
                            <th scope="col">"Pinjaman"</th>
                            <th scope="col" class="num">"Anggota"</th>
                            <th scope="col" class="num">"Omzet"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d.versi.into_iter().map(|v| view! { <BarisVersi v kode=d.kelurahan_code.clone()/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        {
            let kode = d.kelurahan_code.clone();
            view! {
                <crate::components::JikaBoleh boleh=model::akun::Akun::baca_lapangan>
                    <KunjunganKkmp kode=kode.clone()/>
                </crate::components::JikaBoleh>
            }
        }
        <DukunganKkmp kode=d.kelurahan_code.clone()/>
    }
}

/// The field visits to this KKMP (not shown to its own operator or lurah).
#[component]
fn KunjunganKkmp(kode: String) -> impl IntoView {
    let data = Resource::new(
        move || kode.clone(),
        crate::api::lapangan::ambil_kunjungan_kkmp,
    );
    view! {
        <section class="panel" aria-labelledby="judul-kunjungan" data-testid="kunjungan-kkmp">
            <h2 id="judul-kunjungan">"Verifikasi lapangan"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Memuat…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(daftar) => view! { <crate::pages::lapangan::TabelKunjungan daftar dengan_kkmp=false/> }.into_any(),
                        Err(e) => view! { <p class="notice notice-error">{e.pesan().to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The city's support to this KKMP, newest first.
#[component]
fn DukunganKkmp(kode: String) -> impl IntoView {
    let data = Resource::new(
        move || kode.clone(),
        crate::api::ruang::ambil_intervensi_kkmp,
    );
    view! {
        <section class="panel" aria-labelledby="judul-dukungan" data-testid="dukungan-kkmp">
            <h2 id="judul-dukungan">"Dukungan Pemkot"</h2>
            <p class="panel-note">"Pelatihan, bantuan modal, akses pasar, sertifikasi, kunjungan pengawasan dan dukungan lain yang dicatat Dinas Koperasi untuk KKMP ini."</p>
            <Suspense fallback=|| view! { <p class="loading">"Memuat…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(daftar) => view! { <crate::pages::intervensi::TabelIntervensi daftar dengan_kkmp=false/> }.into_any(),
                        Err(e) => view! { <p class="notice notice-error">{e.pesan().to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn BarisVersi(v: VersiLaporan, kode: String) -> impl IntoView {
    let ketepatan = match v.laporan {
        StatusLaporan::Terlambat => format!("! Terlambat {} hari", v.hari_terlambat.unwrap_or(0)),
        _ => "✓ Tepat waktu".to_string(),
    };
    view! {
        <tr class:superseded=!v.terkini id=format!("v-{}-{}", v.periode, v.versi)>
            <th scope="row">{v.periode.label()}</th>
            <td>
                <A href=format!("/kkmp/{kode}/{}/{}", v.periode, v.versi)>{format!("v{}", v.versi)}</A>
                {if v.terkini { None } else { Some(view! { <span class="tag">"diganti"</span> }) }}
                {v.alasan.clone().map(|a| view! { <small class="reason">"Alasan: " {a}</small> })}
                {(!v.perubahan.is_empty()).then(|| view! {
                    <details class="changes">
                        <summary>{format!("{} isian berubah", v.perubahan.len())}</summary>
                        <ul>{v.perubahan.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
                    </details>
                })}
                {(!v.peringatan.is_empty()).then(|| view! {
                    <small class="reason">"Peringatan diterima: " {v.peringatan.join("; ")}</small>
                })}
            </td>
            <td title=format!("oleh {} lewat {}", v.dikirim_oleh, v.sumber)>{v.dikirim.clone()}</td>
            <td>{ketepatan}</td>
            <td data-testid="persetujuan">
                {v.persetujuan.map(|p| view! {
                    <A href=format!("/kkmp/{kode}/{}/{}#persetujuan", v.periode, v.versi)>{p.label()}</A>
                })}
            </td>
            <td>{if v.badan_hukum { "Ya" } else { "Belum" }}</td>
            <td>{v.gerai_sembako.label()}</td>
            <td><LencanaOperasi status=v.status_operasi/></td>
            <td>{v.pinjaman.label()}</td>
            <td class="num">{angka(v.anggota)}</td>
            <td class="num">{rupiah(v.omzet)}</td>
        </tr>
    }
}
