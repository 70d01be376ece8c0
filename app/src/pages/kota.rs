//! `/`: the city dashboard for one month.

use crate::api::ambil_dashboard_kota;
use crate::components::{
    CatatanData, KartuAngka, LencanaStatus, PilihBulan, muat, nilai_capaian, selisih,
    selisih_rupiah,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::format::{angka, persen, rupiah, rupiah_ringkas, tanggal_iso};
use model::view::{Capaian, DashboardKota};

#[component]
pub fn HalamanKota() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || (query.read().get("bulan"), query.read().get("indikator")),
        |(bulan, indikator)| ambil_dashboard_kota(bulan, indikator),
    );
    muat(data, |d| view! { <Dasbor d/> })
}

#[component]
fn Dasbor(d: DashboardKota) -> impl IntoView {
    let k = d.kota.clone();
    let prev = d.bulan_lalu.clone();
    let p = d.konteks.periode;
    let judul = format!("Dasbor KKMP Kota Palembang — {}", p.label());
    view! {
        <Title text=format!("Dasbor kota {}", p.label())/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Kota Palembang · 18 kecamatan · 107 kelurahan"</p>
                <h1 data-testid="judul-halaman">{judul}</h1>
            </div>
            <PilihBulan
                konteks=d.konteks.clone()
                action="/"
                indikator=Some(d.indikator.clone())
            />
        </div>

        <section class="cards" aria-label="Angka utama">
            <KartuAngka judul="Jumlah KKMP" nilai=angka(k.kkmp) keterangan="satu koperasi di setiap kelurahan"/>
            <KartuAngka
                judul="Berbadan hukum"
                nilai=angka(k.badan_hukum)
                keterangan=format!("{} · NIB {} · NPWP {} · rekening {}", persen(k.share(k.badan_hukum)), angka(k.nib), angka(k.npwp), angka(k.rekening))
                perubahan=selisih(k.badan_hukum, prev.as_ref().map(|r| r.badan_hukum))
            />
            <KartuAngka
                judul="Beroperasi penuh"
                nilai=angka(k.operasi_penuh)
                keterangan="3 unit usaha atau lebih"
                perubahan=selisih(k.operasi_penuh, prev.as_ref().map(|r| r.operasi_penuh))
                aksen=true
            />
            <KartuAngka
                judul="Beroperasi terbatas"
                nilai=angka(k.operasi_terbatas)
                keterangan="1–2 unit usaha"
                perubahan=selisih(k.operasi_terbatas, prev.as_ref().map(|r| r.operasi_terbatas))
            />
            <KartuAngka
                judul="Belum beroperasi"
                nilai=angka(k.operasi_belum)
                keterangan=format!("termasuk {} hanya formalitas", angka(k.formalitas))
                perubahan=selisih(k.operasi_belum, prev.as_ref().map(|r| r.operasi_belum))
                naik_baik=false
            />
            <KartuAngka
                judul="Total anggota"
                nilai=angka(k.anggota)
                keterangan="menurut laporan terakhir tiap KKMP"
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
                keterangan=format!("{} tepat waktu · {} belum masuk", angka(k.laporan_tepat_waktu), angka(k.kkmp - k.laporan_masuk))
            />
        </section>

        <section class="panel" aria-labelledby="judul-grafik">
            <h2 id="judul-grafik">{d.grafik.judul.clone()}</h2>
            <p class="panel-note">
                {format!(
                    "Batang: capaian setiap kecamatan untuk {} terhadap targetnya. Garis hitam: posisi lintasan lurus menuju target pada akhir bulan. ",
                    model::format::awal_kecil(&d.indikator_nama)
                )}
                "Status tertulis di ujung setiap batang. Indikator lain dapat dipilih di atas."
            </p>
            <div class="chart" inner_html=d.grafik.svg.clone() data-testid="grafik-kecamatan"></div>
        </section>

        <section class="panel" aria-labelledby="judul-tren">
            <h2 id="judul-tren">{d.tren.judul.clone()}</h2>
            <p class="panel-note">
                "Garis merah: bagian KKMP dengan gerai sembako beroperasi. Garis abu-abu: KKMP dengan sedikitnya satu unit usaha beroperasi. "
                "Garis putus-putus: lintasan lurus menuju target."
            </p>
            <div class="chart" inner_html=d.tren.svg.clone() data-testid="grafik-tren"></div>
        </section>

        <section class="panel" aria-labelledby="judul-tahapan">
            <h2 id="judul-tahapan">{d.grafik_tahapan.judul.clone()}</h2>
            <p class="panel-note">
                "Jumlah KKMP yang sudah mencapai setiap tonggak program menurut laporan terakhirnya. "
                "Tiap tonggak dihitung sendiri: KKMP dapat beroperasi di tempat sewa sebelum gerainya selesai dibangun."
            </p>
            <div class="chart" inner_html=d.grafik_tahapan.svg.clone() data-testid="grafik-tahapan"></div>
        </section>

        <section class="panel" aria-labelledby="judul-peta">
            <h2 id="judul-peta">{d.peta.judul.clone()}</h2>
            <p class="panel-note">
                "Setiap tanda adalah satu KKMP di titik tengah kelurahannya. Nama abu-abu: kecamatan. "
                "Rincian per KKMP ada di halaman setiap kecamatan."
            </p>
            <div class="chart map" inner_html=d.peta.svg.clone() data-testid="peta-kkmp"></div>
        </section>

        <KelengkapanKecamatan k=d.kelengkapan.clone() batas=d.konteks.batas_hari/>

        <section class="panel" aria-labelledby="judul-target">
            <h2 id="judul-target">"Target program tingkat kota"</h2>
            <TabelTarget target=d.target_kota.clone()/>
        </section>

        <section class="panel" aria-labelledby="judul-tabel">
            <h2 id="judul-tabel">"Angka per kecamatan"</h2>
            <div class="table-scroll">
                <table class="data-table" data-testid="tabel-kecamatan">
                    <thead>
                        <tr>
                            <th scope="col">"Kecamatan"</th>
                            <th scope="col" class="num">"KKMP"</th>
                            <th scope="col" class="num">"Badan hukum"</th>
                            <th scope="col" class="num">"Penuh"</th>
                            <th scope="col" class="num">"Terbatas"</th>
                            <th scope="col" class="num">"Belum"</th>
                            <th scope="col" class="num">"Formalitas"</th>
                            <th scope="col" class="num">"Anggota"</th>
                            <th scope="col" class="num">"Omzet bulan ini"</th>
                            <th scope="col" class="num">"Laporan masuk"</th>
                            <th scope="col" class="num">"Tepat waktu"</th>
                            <th scope="col" class="num">"Gerai sembako"</th>
                            <th scope="col">{format!("Status: {}", model::format::awal_kecil(&d.indikator_nama))}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d.kecamatan.clone().into_iter().map(|r| {
                            let s = r.ringkasan.clone();
                            let href = format!("/kecamatan/{}?bulan={}", r.code, p);
                            view! {
                                <tr>
                                    <th scope="row"><A href=href>{r.nama}</A></th>
                                    <td class="num">{angka(s.kkmp)}</td>
                                    <td class="num">{angka(s.badan_hukum)}</td>
                                    <td class="num">{angka(s.operasi_penuh)}</td>
                                    <td class="num">{angka(s.operasi_terbatas)}</td>
                                    <td class="num">{angka(s.operasi_belum)}</td>
                                    <td class="num">{angka(s.formalitas)}</td>
                                    <td class="num">{angka(s.anggota)}</td>
                                    <td class="num" title=rupiah(s.omzet)>{rupiah_ringkas(s.omzet)}</td>
                                    <td class="num">{format!("{}/{}", s.laporan_masuk, s.kkmp)}</td>
                                    <td class="num">{angka(s.laporan_tepat_waktu)}</td>
                                    <td class="num">{persen(s.share(s.gerai_sembako))}</td>
                                    <td>{r.capaian.map(|c| view! { <LencanaStatus status=c.status/> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">"Kota Palembang"</th>
                            <td class="num">{angka(k.kkmp)}</td>
                            <td class="num">{angka(k.badan_hukum)}</td>
                            <td class="num">{angka(k.operasi_penuh)}</td>
                            <td class="num">{angka(k.operasi_terbatas)}</td>
                            <td class="num">{angka(k.operasi_belum)}</td>
                            <td class="num">{angka(k.formalitas)}</td>
                            <td class="num">{angka(k.anggota)}</td>
                            <td class="num" title=rupiah(k.omzet)>{rupiah_ringkas(k.omzet)}</td>
                            <td class="num">{format!("{}/{}", k.laporan_masuk, k.kkmp)}</td>
                            <td class="num">{angka(k.laporan_tepat_waktu)}</td>
                            <td class="num">{persen(k.share(k.gerai_sembako))}</td>
                            <td></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
        <CatatanData konteks=d.konteks.clone()/>
    }
}

/// Progress on targets: value, trajectory, target, deadline, status.
#[component]
pub fn TabelTarget(target: Vec<Capaian>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Indikator"</th>
                        <th scope="col" class="num">"Capaian"</th>
                        <th scope="col" class="num">"Lintasan bulan ini"</th>
                        <th scope="col" class="num">"Target"</th>
                        <th scope="col">"Tenggat"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {target.into_iter().map(|c| view! {
                        <tr>
                            <th scope="row">
                                {c.indikator_nama.clone()}
                                {(c.cakupan != "kota").then(|| view! { <span class="tag">"target kecamatan"</span> })}
                            </th>
                            <td class="num">{nilai_capaian(&c, c.aktual)}</td>
                            <td class="num">{nilai_capaian(&c, c.harapan)}</td>
                            <td class="num">{nilai_capaian(&c, c.target)}</td>
                            <td>{tanggal_iso(&c.tenggat)}</td>
                            <td><LencanaStatus status=c.status/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Reporting per kecamatan and month: share of KKMP that reported, and how
/// many on time. Colour follows the share in, and the number is always there.
#[component]
fn KelengkapanKecamatan(k: model::view::KelengkapanKota, batas: u32) -> impl IntoView {
    let last = k.periode.len().saturating_sub(1);
    let (masuk, tepat, total) = k.baris.iter().fold((0, 0, 0), |(m, t, n), b| {
        let (bm, bt) = b.sel.get(last).copied().unwrap_or((0, 0));
        (m + bm, t + bt, n + b.kkmp)
    });
    let bulan = k.periode.last().map(|p| p.label()).unwrap_or_default();
    let kurang: Vec<String> = k
        .baris
        .iter()
        .filter(|b| b.sel.get(last).is_some_and(|(m, _)| *m < b.kkmp))
        .map(|b| b.nama.clone())
        .collect();
    let judul = format!(
        "Laporan {bulan}: {masuk} dari {total} KKMP melapor, {tepat} tepat waktu; {} kecamatan belum lengkap",
        kurang.len()
    );
    let header = k
        .periode
        .iter()
        .map(|p| {
            let label = p.short_label();
            let (m, y) = label.split_once(' ').unwrap_or((&label, ""));
            view! { <th scope="col" class="grid-month">{m.to_string()}<br/>{y.to_string()}</th> }
        })
        .collect_view();
    let rows = k
        .baris
        .into_iter()
        .map(|b| {
            let cells = b
                .sel
                .iter()
                .zip(&k.periode)
                .map(|((m, t), p)| {
                    let share = if b.kkmp > 0 { *m as f64 / b.kkmp as f64 } else { 0.0 };
                    let cls = if *m == b.kkmp && *t == *m {
                        "cell cell-wide cell-ok"
                    } else if share >= 0.75 {
                        "cell cell-wide cell-late"
                    } else {
                        "cell cell-wide cell-missing"
                    };
                    let title = format!("{}: {m} dari {} KKMP melapor, {t} tepat waktu", p.label(), b.kkmp);
                    view! { <td class=cls title=title.clone() aria-label=title>{format!("{m}/{}", b.kkmp)}</td> }
                })
                .collect_view();
            let href = format!("/kecamatan/{}", b.code);
            view! { <tr><th scope="row"><A href=href>{b.nama}</A></th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="judul-kelengkapan-kota">
            <h2 id="judul-kelengkapan-kota">{judul}</h2>
            <p class="panel-note">
                "Angka = KKMP yang melapor dari seluruh KKMP kecamatan itu. Hijau: lengkap dan semuanya tepat waktu; "
                "kuning bergaris: sedikitnya tiga perempat melapor atau ada yang terlambat; merah berbingkai: kurang dari tiga perempat. "
                {format!("Batas kirim: tanggal {batas} bulan berikutnya, 23.59 WIB. ")}
                "Rincian per KKMP ada di halaman kecamatan."
            </p>
            <div class="table-scroll">
                <table class="grid-table" data-testid="grid-kelengkapan-kota">
                    <thead><tr><th scope="col">"Kecamatan"</th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
