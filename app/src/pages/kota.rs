//! `/`: the city dashboard for one month.

use crate::api::ambil_dashboard_kota;
use crate::components::{
    CatatanData, KartuAngka, LencanaStatus, PanelGrafik, PilihBulan, muat, nilai_capaian, selisih,
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
        move || {
            let q = query.read();
            (
                q.get("bulan"),
                q.get("indikator"),
                q.get("peta"),
                q.get("status"),
            )
        },
        |(bulan, indikator, peta, status)| ambil_dashboard_kota(bulan, indikator, peta, status),
    );
    muat(data, |d| view! { <Dasbor d/> })
}

#[component]
fn Dasbor(d: DashboardKota) -> impl IntoView {
    let k = d.kota.clone();
    let prev = d.bulan_lalu.clone();
    let p = d.konteks.periode;
    let judul = format!("Dasbor KKMP Kota Palembang — {}", p.label());
    let d_peta = d.clone();
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
                tetap=if d.peta_mode == "status" { Vec::new() } else { vec![("peta", "indikator".to_string())] }
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
                keterangan=format!("median {} per KKMP, menurut laporan terakhir", model::format::desimal(k.anggota_median, 0))
                perubahan=selisih(k.anggota, prev.as_ref().map(|r| r.anggota))
            />
            <KartuAngka
                judul=format!("Omzet {}", p.label())
                nilai=rupiah_ringkas(k.omzet)
                keterangan=format!("{} · median {} per KKMP yang melapor", rupiah(k.omzet), rupiah_ringkas(k.omzet_median.round() as i64))
                perubahan=selisih_rupiah(k.omzet, prev.as_ref().map(|r| r.omzet))
            />
            <KartuAngka
                judul="Laporan bulan ini"
                nilai=format!("{} dari {}", angka(k.laporan_masuk), angka(k.kkmp))
                keterangan=format!("{} tepat waktu · {} belum masuk", angka(k.laporan_tepat_waktu), angka(k.kkmp - k.laporan_masuk))
            />
        </section>
        <crate::pages::lapangan::GarisBukti bukti=d.bukti.clone()/>

        <PanelGrafik
            grafik=d.grafik.clone()
            id="kecamatan"
            catatan=format!(
                "Batang: capaian setiap kecamatan untuk {} terhadap targetnya. Garis hitam: posisi lintasan lurus menuju target pada akhir bulan. Status tertulis di ujung setiap batang. Indikator lain dapat dipilih di atas.",
                model::format::awal_kecil(&d.indikator_nama)
            )
        />

        <LigaKecamatan d=d.clone()/>

        <PanelGrafik
            grafik=d.kelipatan.clone()
            id="kelipatan"
            catatan="Satu panel per kecamatan, skala sama: garis merah = capaian terhadap target (100% = target), garis putus-putus = lintasan target, garis abu-abu = target. Di bawah nama: nilai bulan ini dan statusnya."
        />

        <PanelGrafik
            grafik=d.tren.clone()
            id="tren"
            catatan="Garis merah: bagian KKMP dengan gerai sembako beroperasi. Garis abu-abu: KKMP dengan sedikitnya satu unit usaha beroperasi. Garis putus-putus: lintasan lurus menuju target."
        />

        <PanelGrafik
            grafik=d.grafik_tahapan.clone()
            id="tahapan"
            catatan="Jumlah KKMP yang sudah mencapai setiap tonggak program menurut laporan terakhirnya. Tiap tonggak dihitung sendiri: KKMP dapat beroperasi di tempat sewa sebelum gerainya selesai dibangun."
        />

        <LamaTahapan d=d.clone()/>

        <PanelGrafik
            grafik=d.peta.clone()
            id="peta"
            kelas="map"
            catatan=if d.peta_batas {
                "Wilayah digambar dari berkas batas yang dipasang admin; tanda di titik tengah setiap kelurahan. Nama abu-abu: kecamatan."
            } else {
                "Setiap tanda adalah satu KKMP di titik tengah kelurahannya (batas wilayah belum dipasang). Nama abu-abu: kecamatan."
            }
        >
            <PilihPeta d=d_peta/>
        </PanelGrafik>

        <KelengkapanKecamatan k=d.kelengkapan.clone() batas=d.konteks.batas_hari/>

        <section class="panel" aria-labelledby="judul-target">
            <h2 id="judul-target">"Target program tingkat kota"</h2>
            <TabelTarget target=d.target_kota.clone()/>
        </section>

        <section class="panel" aria-labelledby="judul-tabel">
            <h2 id="judul-tabel">"Angka per kecamatan"</h2>
            <div class="table-scroll" tabindex="0">
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
                            <th scope="col" class="num">"Median anggota"</th>
                            <th scope="col" class="num">"Omzet bulan ini"</th>
                            <th scope="col" class="num">"Median omzet"</th>
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
                                    <td class="num">{model::format::desimal(s.anggota_median, 0)}</td>
                                    <td class="num" title=rupiah(s.omzet)>{rupiah_ringkas(s.omzet)}</td>
                                    <td class="num">{rupiah_ringkas(s.omzet_median.round() as i64)}</td>
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
                            <td class="num">{model::format::desimal(k.anggota_median, 0)}</td>
                            <td class="num" title=rupiah(k.omzet)>{rupiah_ringkas(k.omzet)}</td>
                            <td class="num">{rupiah_ringkas(k.omzet_median.round() as i64)}</td>
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
        <div class="table-scroll" tabindex="0">
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
                                {match c.cakupan.matches('.').count() {
                                    3 => Some(view! { <span class="tag">"target kelurahan"</span> }),
                                    2 => Some(view! { <span class="tag">"target kecamatan"</span> }),
                                    _ => None,
                                }}
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
                .map(|(m, t)| {
                    let share = if b.kkmp > 0 { *m as f64 / b.kkmp as f64 } else { 0.0 };
                    let cls = if *m == b.kkmp && *t == *m {
                        "ok"
                    } else if share >= 0.75 {
                        "late"
                    } else {
                        "miss"
                    };
                    // The month and kecamatan are the cell's headers; only
                    // a late report adds what "m/n" does not say.
                    let label = (*t < *m).then(|| format!("{m} dari {} melapor, {t} tepat waktu", b.kkmp));
                    view! { <td class=cls title=label.clone() aria-label=label>{format!("{m}/{}", b.kkmp)}</td> }
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
            <div class="table-scroll" tabindex="0">
                <table class="grid-table grid-wide" data-testid="grid-kelengkapan-kota">
                    <thead><tr><th scope="col">"Kecamatan"</th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The map's colouring: links that keep the month and the indicator.
#[component]
fn PilihPeta(d: DashboardKota) -> impl IntoView {
    let p = d.konteks.periode;
    let status = d.peta_mode == "status";
    let href_status = format!("/?bulan={p}&indikator={}", d.indikator);
    let href_ind = format!("/?bulan={p}&indikator={}&peta={}", d.indikator, d.indikator);
    view! {
        <p class="segmented" role="group" aria-label="Warnai peta menurut">
            "Warnai menurut: "
            <a href=href_status class="seg" class:aktif=status>"Status operasi"</a>
            <a href=href_ind class="seg" class:aktif=!status>{d.indikator_nama.clone()}</a>
        </p>
    }
}

/// Kecamatan ranked by the page's indicator (with change from last month
/// and last year) and by reports on time.
#[component]
fn LigaKecamatan(d: DashboardKota) -> impl IntoView {
    let p = d.konteks.periode;
    let nama = model::format::awal_kecil(&d.indikator_nama);
    let teratas = d.liga.first().map(|r| r.nama.clone()).unwrap_or_default();
    let terbawah = d.liga.last().map(|r| r.nama.clone()).unwrap_or_default();
    let judul = format!(
        "Peringkat kecamatan: {teratas} teratas, {terbawah} terbawah untuk {nama} ({})",
        p.label()
    );
    let indikator = d.indikator.clone();
    let rows = d
        .liga
        .iter()
        .cloned()
        .map(|r| {
            let href = format!("/kecamatan/{}?bulan={p}&indikator={indikator}", r.code);
            view! {
                <tr>
                    <td class="num">{r.peringkat}</td>
                    <th scope="row"><A href=href>{r.nama}</A></th>
                    <td class="num">{r.nilai}</td>
                    <td class="num">{r.mom.unwrap_or_else(|| "–".into())}</td>
                    <td class="num">{r.yoy.unwrap_or_else(|| "–".into())}</td>
                    <td>{r.status.map(|s| view! { <LencanaStatus status=s/> })}</td>
                </tr>
            }
        })
        .collect_view();
    let tepat = d
        .liga_ketepatan
        .iter()
        .cloned()
        .map(|r| {
            let href = format!("/kecamatan/{}?bulan={p}", r.code);
            view! {
                <tr>
                    <td class="num">{r.peringkat}</td>
                    <th scope="row"><A href=href>{r.nama}</A></th>
                    <td class="num">{r.nilai}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="judul-liga">
            <h2 id="judul-liga">{judul}</h2>
            <p class="panel-note">
                "Kiri: urutan menurut indikator yang dipilih di atas, dengan perubahan dari bulan lalu dan dari bulan yang sama tahun lalu ("
                "“–”: bulan itu belum ada datanya). Kanan: urutan menurut laporan tepat waktu selama 12 bulan terakhir (laporan tepat waktu dari laporan wajib)."
            </p>
            <div class="two-col liga">
                <div class="table-scroll" tabindex="0">
                    <table class="data-table compact" data-testid="liga-indikator">
                        <caption>{d.indikator_nama.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="num">"#"</th>
                                <th scope="col">"Kecamatan"</th>
                                <th scope="col" class="num">"Nilai"</th>
                                <th scope="col" class="num">"vs bulan lalu"</th>
                                <th scope="col" class="num">"vs tahun lalu"</th>
                                <th scope="col">"Status"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="table-scroll" tabindex="0">
                    <table class="data-table compact" data-testid="liga-ketepatan">
                        <caption>"Ketepatan lapor, 12 bulan"</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="num">"#"</th>
                                <th scope="col">"Kecamatan"</th>
                                <th scope="col" class="num">"Tepat waktu"</th>
                            </tr>
                        </thead>
                        <tbody>{tepat}</tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}

/// Median months the KKMP of each kecamatan spend in each program stage.
#[component]
fn LamaTahapan(d: DashboardKota) -> impl IntoView {
    let head = d
        .tahapan
        .iter()
        .map(|(l, _)| view! { <th scope="col" class="num">{l.clone()}</th> })
        .collect_view();
    let rows = d
        .lama_tahapan
        .iter()
        .cloned()
        .map(|r| {
            let cells = r
                .sel
                .iter()
                .map(|(n, m)| {
                    let text = match m {
                        Some(m) => format!("{} bln", model::format::desimal(*m, 1)),
                        None => "–".into(),
                    };
                    view! { <td class="num">{text}<small class="sub">{format!(" ({})", angka(*n))}</small></td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{r.nama}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="judul-lama">
            <h2 id="judul-lama">"Berapa lama KKMP tertahan di setiap tahap (median bulan per kecamatan)"</h2>
            <p class="panel-note">
                "Sebuah KKMP masuk suatu tahap pada bulan laporan pertamanya yang menunjukkan tonggak itu, dan keluar pada bulan tonggak berikutnya tercapai "
                "(bila belum: sampai bulan terpilih). Angka dalam kurung: KKMP yang pernah di tahap itu. Tonggak tidak selalu berurutan; tahap yang dilewati dihitung 0 bulan."
            </p>
            <div class="table-scroll" tabindex="0">
                <table class="data-table compact wrap-head" data-testid="tabel-lama-tahapan">
                    <thead><tr><th scope="col">"Kecamatan"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
