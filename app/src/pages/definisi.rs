//! `/definisi`: the indicator registry and the fields of the monthly
//! report, so every number and every answer can be looked up.

use leptos::prelude::*;
use leptos_meta::Title;
use model::indikator::{REGISTRY, VERSI_DEFINISI};
use model::isian::{BIDANG, Bagian};

#[component]
pub fn HalamanDefinisi() -> impl IntoView {
    view! {
        <Title text="Definisi indikator"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Versi definisi " {VERSI_DEFINISI}</p>
                <h1>"Definisi indikator dan isian laporan"</h1>
                <p class="lead">
                    "Indikator dihitung dari laporan bulanan setiap KKMP; isian laporan adalah yang dikirim KKMP. "
                    "Kode dipakai di URL, di kolom templat Excel dan di berkas ekspor."
                </p>
            </div>
        </div>
        <section class="panel" aria-labelledby="judul-indikator">
            <h2 id="judul-indikator">"Indikator (dihitung)"</h2>
            <dl class="definitions" data-testid="daftar-indikator">
                {REGISTRY.iter().map(|i| view! {
                    <div class="definition" id=i.code>
                        <dt>{i.nama} <span class="code">{i.code}</span> <span class="tag">{i.satuan.label()}</span></dt>
                        <dd>{i.definisi}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
        <section class="panel" aria-labelledby="judul-isian">
            <h2 id="judul-isian">"Isian laporan bulanan (dikirim KKMP)"</h2>
            {Bagian::ALL.iter().map(|bagian| view! {
                <h3>{bagian.label()}</h3>
                <dl class="definitions">
                    {BIDANG.iter().filter(|b| b.bagian == *bagian).map(|b| view! {
                        <div class="definition" id=format!("isian-{}", b.code)>
                            <dt>{b.label} <span class="code">{b.code}</span> <span class="tag">{b.jenis.satuan()}</span></dt>
                            <dd>{b.definisi}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            }).collect_view()}
        </section>
    }
}
