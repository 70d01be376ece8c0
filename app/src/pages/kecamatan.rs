//! `/kecamatan/<code>`: one kecamatan's KKMP for one month.

use crate::api::ambil_dashboard_kecamatan;
use crate::components::{
    CatatanData, KartuAngka, LencanaOperasi, PanelGrafik, PilihBulan, Remah, muat, selisih,
    selisih_rupiah,
};
use crate::pages::kota::TabelTarget;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::format::{angka, persen, rupiah, rupiah_ringkas};
use model::status::{GeraiStatus, StatusLaporan};
use model::view::{BarisKkmp, DashboardKecamatan, Kelengkapan};

#[component]
pub fn HalamanKecamatan() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                query.read().get("bulan"),
                query.read().get("status"),
            )
        },
        |(code, bulan, status)| ambil_dashboard_kecamatan(code, bulan, status),
    );
    muat(data, |d| view! { <Kecamatan d/> })
}

#[component]
fn Kecamatan(d: DashboardKecamatan) -> impl IntoView {
    let k = d.ringkasan.clone();
    let prev = d.bulan_lalu.clone();
    let p = d.konteks.periode;
    view! {
        <Title text=format!("Kecamatan {} {}", d.nama, p.label())/>
        <nav class="breadcrumb" aria-label="Jejak">
            <Remah href=format!("/?bulan={p}") teks="Kota Palembang"/>
            <span aria-hidden="true">" › "</span>
            <span>"Kecamatan " {d.nama.clone()}</span>
        </nav>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Kode Kemendagri " {d.code.clone()} " · " {angka(k.kkmp)} " kelurahan"</p>
                <h1 data-testid="judul-halaman">{format!("Kecamatan {} — {}", d.nama, p.label())}</h1>
            </div>
            <PilihBulan konteks=d.konteks.clone() action=format!("/kecamatan/{}", d.code)/>
        </div>

        <section class="cards" aria-label="Angka utama">
            <KartuAngka judul="KKMP" nilai=angka(k.kkmp) keterangan=format!("{} berbadan hukum", angka(k.badan_hukum))/>
            <KartuAngka
                judul="Beroperasi"
                nilai=angka(k.beroperasi())
                keterangan=format!("{} penuh · {} terbatas", angka(k.operasi_penuh), angka(k.operasi_terbatas))
                perubahan=selisih(k.beroperasi(), prev.as_ref().map(|r| r.beroperasi()))
                aksen=true
            />
            <KartuAngka
                judul="Belum beroperasi"
                nilai=angka(k.operasi_belum)
                keterangan=format!("termasuk {} hanya formalitas", angka(k.formalitas))
            />
            <KartuAngka
                judul="Anggota"
                nilai=angka(k.anggota)
                keterangan=format!("median {} per KKMP", model::format::desimal(k.anggota_median, 0))
                perubahan=selisih(k.anggota, prev.as_ref().map(|r| r.anggota))
            />
            <KartuAngka
                judul=format!("Omzet {}", p.label())
                nilai=rupiah_ringkas(k.omzet)
                keterangan=rupiah(k.omzet)
                perubahan=selisih_rupiah(k.omzet, prev.as_ref().map(|r| r.omzet))
            />
            <KartuAngka
                judul="Laporan bulan ini"
                nilai=format!("{} dari {}", angka(k.laporan_masuk), angka(k.kkmp))
                keterangan=format!("{} tepat waktu ({})", angka(k.laporan_tepat_waktu), persen(k.share(k.laporan_tepat_waktu)))
            />
        </section>
        <crate::pages::lapangan::GarisBukti bukti=d.bukti.clone()/>

        <section class="panel" aria-labelledby="judul-grafik">
            <h2 id="judul-grafik">{d.grafik.judul.clone()}</h2>
            <p class="panel-note">
                "Batang: capaian kecamatan terhadap target yang berlaku (target kecamatan sendiri bila ada, selain itu target kota). "
                "Garis hitam: lintasan lurus menuju target pada akhir bulan."
            </p>
            <div class="chart" tabindex="0" inner_html=d.grafik.svg.clone() data-testid="grafik-target"></div>
            <TabelTarget target=d.target.clone()/>
            <crate::components::DaftarProyeksi proyeksi=d.proyeksi.clone()/>
            <p class="rank-list" data-testid="peringkat-kecamatan">
                "Peringkat di antara 18 kecamatan: "
                {d.peringkat.iter().map(|(n, r)| view! { <span class="tag">{format!("{n}: ke-{r}")}</span> " " }).collect_view()}
            </p>
        </section>

        <PanelGrafik
            grafik=d.tren.clone()
            id="tren-kecamatan"
            catatan="Garis merah: bagian KKMP kecamatan ini dengan gerai sembako beroperasi; abu-abu: dengan sedikitnya satu unit usaha beroperasi; putus-putus: lintasan target yang berlaku setiap bulan."
        />

        <section class="panel" aria-labelledby="judul-kkmp">
            <h2 id="judul-kkmp">"KKMP per kelurahan"</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data-table" data-testid="tabel-kkmp">
                    <thead>
                        <tr>
                            <th scope="col">"Kelurahan"</th>
                            <th scope="col">"Badan hukum"</th>
                            <th scope="col">"Rekening"</th>
                            <th scope="col">"Gerai sembako"</th>
                            <th scope="col" class="num">"Unit beroperasi"</th>
                            <th scope="col">"Status operasi"</th>
                            <th scope="col">"Pinjaman Himbara"</th>
                            <th scope="col" class="num">"Anggota"</th>
                            <th scope="col" class="num">"Omzet bulan ini"</th>
                            <th scope="col">"Laporan bulan ini"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d.kkmp.clone().into_iter().map(|r| view! { <BarisTabel r periode=p/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="panel" aria-labelledby="judul-kelengkapan">
            <h2 id="judul-kelengkapan">"Kelengkapan dan ketepatan laporan, 12 bulan terakhir"</h2>
            <p class="panel-note">
                "✓ tepat waktu · angka = terlambat sekian hari · ✕ belum masuk. Batas: tanggal "
                {d.konteks.batas_hari} " bulan berikutnya, WIB."
            </p>
            <GridKelengkapan k=d.kelengkapan.clone()/>
        </section>
        <CatatanData konteks=d.konteks.clone()/>
    }
}

#[component]
fn GridKelengkapan(k: Kelengkapan) -> impl IntoView {
    let months = k.periode.clone();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="grid-table" data-testid="grid-kelengkapan">
                <thead>
                    <tr>
                        <th scope="col">"Kelurahan"</th>
                        {months
                            .iter()
                            .map(|p| {
                                let label = p.short_label();
                                let (month, year) = label.split_once(' ').unwrap_or((&label, ""));
                                view! { <th scope="col" class="grid-month">{month.to_string()}<br/>{year.to_string()}</th> }
                            })
                            .collect_view()}
                        <th scope="col" class="num">"Tepat waktu"</th>
                    </tr>
                </thead>
                <tbody>
                    {k.baris.into_iter().map(|b| {
                        let on_time = b.sel.iter().filter(|(s, _)| *s == StatusLaporan::TepatWaktu).count();
                        let total = b.sel.len();
                        let cells = b.sel.into_iter().zip(months.clone()).map(|((s, d), p)| {
                            let (cls, text, title) = match s {
                                StatusLaporan::TepatWaktu => ("cell cell-ok", "✓".to_string(), format!("{}: tepat waktu", p.label())),
                                StatusLaporan::Terlambat => {
                                    let d = d.unwrap_or(0);
                                    ("cell cell-late", d.to_string(), format!("{}: terlambat {d} hari", p.label()))
                                }
                                StatusLaporan::TidakAda => ("cell cell-missing", "✕".to_string(), format!("{}: belum masuk", p.label())),
                            };
                            view! { <td class=cls title=title>{text}</td> }
                        }).collect_view();
                        view! {
                            <tr>
                                <th scope="row">{b.kelurahan_nama}</th>
                                {cells}
                                <td class="num">{format!("{on_time}/{total}")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn ya_tidak(x: bool) -> &'static str {
    if x { "Ya" } else { "Belum" }
}

#[component]
fn BarisTabel(r: BarisKkmp, periode: model::Periode) -> impl IntoView {
    let laporan = match r.laporan {
        StatusLaporan::TepatWaktu => {
            view! { <span class="lap lap-ok">"✓ Tepat waktu"</span> }.into_any()
        }
        StatusLaporan::Terlambat => view! {
            <span class="lap lap-late">"! Terlambat " {r.hari_terlambat.unwrap_or(0)} " hari"</span>
        }
        .into_any(),
        StatusLaporan::TidakAda => {
            view! { <span class="lap lap-missing">"✕ Belum masuk"</span> }.into_any()
        }
    };
    let lama = r
        .periode_data
        .filter(|d| *d != periode)
        .map(|d| view! { <span class="tag">"data " {d.label()}</span> });
    view! {
        <tr>
            <th scope="row">
                <A href=format!("/kkmp/{}", r.kelurahan_code)>{r.kelurahan_nama.clone()}</A>
                <small class="code">{r.kelurahan_code.clone()}</small>
            </th>
            <td>{ya_tidak(r.badan_hukum)}</td>
            <td>{ya_tidak(r.rekening)}</td>
            <td>{r.gerai_sembako.unwrap_or(GeraiStatus::BelumAda).label()}</td>
            <td class="num">{angka(r.unit_beroperasi)}</td>
            <td>
                <LencanaOperasi status=r.status_operasi/>
                {r.formalitas.then(|| view! { <span class="tag tag-warn">"formalitas"</span> })}
                {lama}
            </td>
            <td>{r.pinjaman.map(|t| t.label()).unwrap_or("–")}</td>
            <td class="num">{angka(r.anggota)}</td>
            <td class="num">{r.omzet.map(rupiah).unwrap_or_else(|| "–".into())}</td>
            <td>{laporan}</td>
        </tr>
    }
}
