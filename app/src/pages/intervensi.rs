//! `/intervensi`: the city's support to the KKMP (the ten efforts of the
//! program): the Dinas logs each one; the page totals them and sets them
//! beside outcomes — do supported KKMP operate more, and did the support
//! come before they started operating?

use crate::api::ruang::ambil_intervensi;
use crate::components::{JikaBoleh, PesanGalat, TokenCsrf, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::akun::Akun;
use model::format::{angka, persen, rupiah};
use model::ruang::{HalamanIntervensi, Intervensi};

#[component]
pub fn HalamanIntervensi() -> impl IntoView {
    let data = Resource::new(|| (), |_| ambil_intervensi());
    muat(data, |h| view! { <Dukungan h/> })
}

#[component]
fn Dukungan(h: HalamanIntervensi) -> impl IntoView {
    let query = use_query_map();
    let tersimpan = move || {
        query.read().get("tersimpan").map(|_| {
            view! { <p class="notice notice-ok" role="status" data-testid="intervensi-tersimpan">"Dukungan tercatat."</p> }
        })
    };
    let periode = h.periode.map(|p| p.label()).unwrap_or_else(|| "–".into());
    view! {
        <Title text="Dukungan Pemkot"/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">"Dinas Koperasi · intervensi Pemkot"</p>
                <h1 data-testid="judul-halaman">"Dukungan Pemkot untuk KKMP"</h1>
                <p class="lead">"Pelatihan, bantuan modal, akses pasar, sertifikasi, kerja sama, kunjungan pengawasan, penghargaan: setiap dukungan per KKMP, dan apakah KKMP yang didukung benar-benar beroperasi."</p>
            </div>
        </div>
        <PesanGalat/>
        {tersimpan}
        <JikaBoleh boleh=Akun::catat_intervensi>
            <section class="panel no-print" aria-labelledby="judul-catat">
                <h2 id="judul-catat">"Catat dukungan"</h2>
                <form method="post" action="/api/catat_intervensi" class="report-form" data-testid="form-intervensi">
                    <TokenCsrf/>
                    <div class="form-grid">
                        <div class="field field-wide"><label for="kel">"KKMP"</label>
                            <select id="kel" name="kelurahan_code" required>{h.kkmp.clone().into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}</select></div>
                        <div class="field"><label for="jenis">"Jenis"</label>
                            <select id="jenis" name="jenis" required>{h.jenis.clone().into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}</select></div>
                        <div class="field"><label for="tanggal">"Tanggal"</label>
                            <input id="tanggal" name="tanggal" type="date" required value=h.hari_ini.clone()/></div>
                        <div class="field"><label for="nilai">"Nilai (Rp)"</label>
                            <input id="nilai" name="nilai" type="text" inputmode="numeric" placeholder="mis. 25.000.000"/>
                            <p class="hint">"Kosongkan bila bukan uang atau barang."</p></div>
                        <div class="field"><label for="peserta">"Peserta"</label>
                            <input id="peserta" name="peserta" type="text" inputmode="numeric" placeholder="mis. 12"/></div>
                        <div class="field field-wide"><label for="catatan">"Catatan"</label>
                            <input id="catatan" name="catatan" type="text" required maxlength="2000" placeholder="apa yang diberikan, oleh siapa"/></div>
                    </div>
                    <div class="form-actions"><button type="submit" class="button-primary" data-testid="catat-intervensi">"Catat"</button></div>
                </form>
            </section>
        </JikaBoleh>

        <div class="two-col">
            <section class="panel" aria-labelledby="judul-rekap">
                <h2 id="judul-rekap">"Total per jenis"</h2>
                {if h.rekap.is_empty() {
                    view! { <p>"Belum ada dukungan yang dicatat."</p> }.into_any()
                } else {
                    view! {
                        <table class="data-table compact" data-testid="tabel-rekap">
                            <thead><tr><th>"Jenis"</th><th class="num">"Kegiatan"</th><th class="num">"KKMP"</th><th class="num">"Nilai"</th><th class="num">"Peserta"</th></tr></thead>
                            <tbody>{h.rekap.clone().into_iter().map(|d| view! {
                                <tr><td>{d.label.clone()}</td><td class="num">{angka(d.kegiatan)}</td><td class="num">{angka(d.kkmp)}</td><td class="num">{if d.nilai > 0 { rupiah(d.nilai) } else { "–".into() }}</td><td class="num">{if d.peserta > 0 { angka(d.peserta) } else { "–".into() }}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
            <section class="panel" aria-labelledby="judul-dampak">
                <h2 id="judul-dampak">{format!("Dukungan dan hasil — laporan {periode}")}</h2>
                <p class="panel-note">"Berapa KKMP yang didukung kini beroperasi dibanding yang tidak didukung; dan pada berapa KKMP dukungan pertama datang sebelum bulan pertama ada gerai beroperasi. Hubungan, bukan sebab-akibat."</p>
                {if h.dampak.is_empty() {
                    view! { <p>"Belum ada dukungan yang dicatat."</p> }.into_any()
                } else {
                    view! {
                        <table class="data-table compact" data-testid="tabel-dampak">
                            <thead><tr><th>"Jenis"</th><th class="num">"Didukung: beroperasi"</th><th class="num">"Tidak didukung: beroperasi"</th><th class="num">"Dukungan lebih dulu"</th></tr></thead>
                            <tbody>{h.dampak.clone().into_iter().map(|d| {
                                let share = |a: i64, b: i64| if b > 0 { persen(a as f64 / b as f64) } else { "–".into() };
                                view! {
                                    <tr>
                                        <td>{d.label.clone()}</td>
                                        <td class="num">{format!("{} dari {} ({})", d.didukung_beroperasi, d.didukung, share(d.didukung_beroperasi, d.didukung))}</td>
                                        <td class="num">{format!("{} dari {} ({})", d.tidak_didukung_beroperasi, d.tidak_didukung, share(d.tidak_didukung_beroperasi, d.tidak_didukung))}</td>
                                        <td class="num">{format!("{} dari {}", d.sebelum_beroperasi, d.didukung_beroperasi)}</td>
                                    </tr>
                                }
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        </div>

        <section class="panel" aria-labelledby="judul-daftar">
            <h2 id="judul-daftar">{format!("Semua dukungan ({})", h.daftar.len())}</h2>
            <TabelIntervensi daftar=h.daftar.clone() dengan_kkmp=true/>
        </section>
    }
}

/// The support rows, newest first (also on the KKMP page).
#[component]
pub fn TabelIntervensi(daftar: Vec<Intervensi>, dengan_kkmp: bool) -> impl IntoView {
    if daftar.is_empty() {
        return view! { <p>"Belum ada dukungan Pemkot yang dicatat."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table compact" data-testid="tabel-intervensi">
                <thead><tr>
                    <th>"Tanggal"</th>
                    {dengan_kkmp.then(|| view! { <th>"KKMP"</th> })}
                    <th>"Jenis"</th><th class="num">"Nilai"</th><th class="num">"Peserta"</th><th>"Catatan"</th><th>"Dicatat oleh"</th>
                </tr></thead>
                <tbody>{daftar.into_iter().map(|i| view! {
                    <tr>
                        <td class="nowrap">{i.tanggal.clone()}</td>
                        {dengan_kkmp.then(|| view! { <td><A href=format!("/kkmp/{}", i.kelurahan_code)>{i.kkmp_nama.clone()}</A><br/><small>{i.kecamatan_nama.clone()}</small></td> })}
                        <td>{i.jenis_label.clone()}</td>
                        <td class="num">{i.nilai.map(rupiah).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">{i.peserta.map(angka).unwrap_or_else(|| "–".into())}</td>
                        <td>{i.catatan.clone()}</td>
                        <td>{i.dicatat_oleh.clone()}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}
