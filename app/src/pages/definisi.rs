//! `/definisi`: the indicator registry, so every number can be looked up.

use leptos::prelude::*;
use leptos_meta::Title;
use model::indikator::{REGISTRY, VERSI_DEFINISI};

#[component]
pub fn HalamanDefinisi() -> impl IntoView {
    view! {
        <Title text="Definisi indikator"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Versi definisi " {VERSI_DEFINISI}</p>
                <h1>"Definisi indikator"</h1>
            </div>
        </div>
        <section class="panel">
            <dl class="definitions">
                {REGISTRY.iter().map(|i| view! {
                    <div class="definition" id=i.code>
                        <dt>{i.nama} <span class="code">{i.code}</span> <span class="tag">{i.satuan.label()}</span></dt>
                        <dd>{i.definisi}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
    }
}
