//! `/verifikasi`: the approval queue. A camat sees what waits in its
//! kecamatan and for how long; Dinas sees the whole city. Each row leads to
//! the version page, where the report is read and the step is taken.

use crate::api::ambil_antrean;
use crate::components::muat;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::status::Persetujuan;
use model::view::HalamanAntrean;

#[component]
pub fn HalamanVerifikasi() -> impl IntoView {
    let data = Resource::new(|| (), |_| ambil_antrean());
    muat(data, |h| view! { <Antrean h/> })
}

#[component]
fn Antrean(h: HalamanAntrean) -> impl IntoView {
    let kelompok = [
        (Persetujuan::Diajukan, "Menunggu verifikasi camat"),
        (
            Persetujuan::Diverifikasi,
            "Terverifikasi, menunggu penerimaan Dinas",
        ),
        (
            Persetujuan::Dikembalikan,
            "Dikembalikan, menunggu perbaikan dari operator",
        ),
        (Persetujuan::Dibuka, "Dibuka kembali, menunggu versi baru"),
    ];
    let cakupan = match &h.kecamatan {
        Some(k) => format!("Kecamatan {k}"),
        None => "Seluruh kota".to_string(),
    };
    let bagian = kelompok
        .into_iter()
        .map(|(status, judul)| {
            let rows: Vec<_> = h.baris.iter().filter(|b| b.status == status).cloned().collect();
            let n = rows.len();
            let isi = if rows.is_empty() {
                view! { <p class="panel-note">"Tidak ada."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0">
                        <table class="data-table" data-testid=format!("antrean-{}", status.code())>
                            <thead><tr>
                                <th>"KKMP"</th><th>"Kecamatan"</th><th>"Periode"</th><th class="num">"Versi"</th>
                                <th>"Sejak"</th><th class="num">"Menunggu"</th><th>"Dikirim oleh"</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|b| view! {
                                    <tr class:lama={b.hari_menunggu >= 7}>
                                        <th scope="row"><A href=format!("/kkmp/{}/{}/v{}#persetujuan", b.kelurahan_code, b.periode, b.versi)>{b.kelurahan_nama.clone()}</A></th>
                                        <td>{b.kecamatan_nama.clone()}</td>
                                        <td>{b.periode.label()}</td>
                                        <td class="num">{b.versi}</td>
                                        <td>{b.sejak.clone()}</td>
                                        <td class="num">{format!("{} hari", b.hari_menunggu)}{(b.hari_menunggu >= 7).then_some(" ⚠")}</td>
                                        <td>{b.dikirim_oleh.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            };
            view! {
                <section class="panel">
                    <h2>{format!("{judul}: {n}")}</h2>
                    {isi}
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text="Verifikasi laporan"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">{cakupan}</p>
                <h1 data-testid="judul-halaman">"Antrean verifikasi laporan"</h1>
                <p class="lead">"Operator mengajukan → camat memverifikasi atau mengembalikan dengan catatan → Dinas menerima. Dasbor menghitung laporan yang sudah diterima; yang terlama menunggu tampil paling atas (⚠ tujuh hari atau lebih)."</p>
            </div>
        </div>
        {bagian}
    }
}
