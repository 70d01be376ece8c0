//! `/data-terbuka`: the open data for the city's Satu Data portal and for
//! anyone, without an account: the two tables as CSV and JSON, the
//! catalogue a portal harvests, the OpenAPI description and the column
//! dictionary. The columns listed are the whole of what is published.

use leptos::prelude::*;
use leptos_meta::Title;
use model::terbuka::{LISENSI, LISENSI_NAMA, PENERBIT, TABEL};

#[component]
pub fn HalamanDataTerbuka() -> impl IntoView {
    view! {
        <Title text="Data terbuka"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Satu Data Indonesia · " {PENERBIT}</p>
                <h1>"Data terbuka Koperasi Kelurahan Merah Putih"</h1>
                <p class="lead">
                    "Agregat bulanan laporan 107 KKMP Kota Palembang yang telah diterima Dinas Koperasi, "
                    "per kecamatan dan per KKMP, dengan kode wilayah Kemendagri. Tanpa data pribadi: "
                    "tidak ada nama orang, NIK atau nomor telepon. Bebas dipakai tanpa akun dengan menyebut sumber ("
                    <a href=LISENSI rel="license">{LISENSI_NAMA}</a> ")."
                </p>
            </div>
        </div>
        <section class="panel" aria-labelledby="judul-berkas">
            <h2 id="judul-berkas">"Berkas"</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data-table" data-testid="berkas-terbuka">
                    <thead><tr><th>"Tabel"</th><th>"Isi"</th><th>"Unduh"</th></tr></thead>
                    <tbody>
                        {TABEL.iter().map(|t| view! {
                            <tr>
                                <td><strong>{t.judul}</strong></td>
                                <td>{t.uraian}</td>
                                <td class="nowrap">
                                    <a href=format!("/data-terbuka/{}.csv", t.kode) rel="external">"CSV"</a>
                                    " · "
                                    <a href=format!("/data-terbuka/{}.json", t.kode) rel="external">"JSON"</a>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <ul class="plain-list">
                <li><a href="/data-terbuka/katalog.json" rel="external">"katalog.json"</a>
                    " — metadata DCAT (data.json) untuk dipanen portal Satu Data / CKAN: judul, uraian, penerbit, cakupan waktu dan wilayah, lisensi, tanggal diubah, distribusi."</li>
                <li><a href="/data-terbuka/openapi.json" rel="external">"openapi.json"</a>
                    " — deskripsi OpenAPI 3.0 untuk berkas JSON."</li>
                <li><a href="/data-terbuka/kamus.json" rel="external">"kamus.json"</a>
                    " — kamus kolom dan definisi indikator."</li>
            </ul>
            <p class="panel-note">
                "Berkas diperbarui setiap kali Dinas Koperasi menerima laporan. Paling banyak 120 permintaan per menit per alamat IP; "
                "berkas yang tidak berubah dijawab 304 bila ETag dikirim kembali (If-None-Match)."
            </p>
        </section>
        {TABEL.iter().map(|t| view! {
            <section class="panel" aria-labelledby=format!("kolom-{}", t.kode)>
                <h2 id=format!("kolom-{}", t.kode)>{format!("Kolom {}", t.kode)}</h2>
                <div class="table-scroll" tabindex="0">
                    <table class="data-table compact" data-testid=format!("kolom-{}", t.kode)>
                        <thead><tr><th>"Kolom"</th><th>"Judul"</th><th>"Jenis"</th><th>"Uraian"</th></tr></thead>
                        <tbody>
                            {t.kolom.iter().map(|k| view! {
                                <tr>
                                    <td><code>{k.nama}</code></td>
                                    <td>{k.judul}</td>
                                    <td>{k.jenis}</td>
                                    <td>{k.uraian}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }).collect_view()}
    }
}
