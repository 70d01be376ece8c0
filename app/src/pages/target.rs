//! `/target` and `/target/<id>`: the Dinas' targets — the list, the form to
//! add one, the CSV import and export, and each target's history with its
//! edit form. `/batas`: the map's boundary files.
//!
//! Forms are `ActionForm`s (plain POSTs without JavaScript) that always
//! answer with a redirect; files go to the multipart endpoints
//! `/target/impor` and `/batas/berkas`.

use crate::api::{
    KirimTarget, NonaktifkanTarget, ambil_detail_target, ambil_halaman_batas, ambil_halaman_target,
};
use crate::components::{TokenCsrf, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::view::{BarisTarget, CatatanIsian, DetailTarget, HalamanBatas, HalamanTarget};

#[component]
pub fn HalamanDaftarTarget() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("draf"), q.get("galat"))
        },
        |(draf, galat)| ambil_halaman_target(draf, galat),
    );
    muat(data, |h| view! { <DaftarTarget h/> })
}

#[component]
fn DaftarTarget(h: HalamanTarget) -> impl IntoView {
    let query = use_query_map();
    let hasil_impor = move || {
        let q = query.read();
        match (q.get("ditambah"), q.get("diubah")) {
            (Some(t), Some(u)) => Some(view! {
                <div class="alert alert-success" role="status" data-testid="impor-target-berhasil">
                    {format!("Impor selesai: {t} target ditambahkan, {u} target diubah. Riwayat setiap target mencatat impor ini.")}
                </div>
            }),
            _ => None,
        }
    };
    let galat_impor = (!h.galat_impor.is_empty()).then(|| {
        view! {
            <div class="alert alert-error" role="alert" data-testid="impor-target-galat">
                <ul>{h.galat_impor.iter().map(|g| view! { <li>{g.clone()}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let aktif = h.target.iter().filter(|t| t.aktif).count();
    view! {
        <Title text="Target program"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Dinas Koperasi · data acuan"</p>
                <h1 data-testid="judul-halaman">{format!("Target program: {aktif} target aktif")}</h1>
            </div>
        </div>
        <p class="lead">
            "Setiap target berlaku untuk satu indikator dan satu cakupan (kota, kecamatan atau kelurahan) sampai tenggatnya. "
            "Cakupan paling sempit yang punya target dipakai; dari beberapa tenggat, yang terdekat dan belum lewat. "
            "Status dinilai terhadap lintasan lurus dari nilai awal ke nilai target. Setiap perubahan tercatat beserta pengubah dan alasannya."
        </p>
        {hasil_impor}
        {galat_impor}
        <section class="panel" aria-labelledby="judul-daftar-target">
            <h2 id="judul-daftar-target">"Daftar target"</h2>
            <TabelDaftarTarget target=h.target.clone()/>
            <p class="action-links">
                <a href="/target/target.csv" rel="external" data-testid="unduh-target">"Unduh target aktif (.csv)"</a>
            </p>
        </section>
        <div class="two-col">
            <section class="panel" aria-labelledby="judul-baru" id="baru">
                <h2 id="judul-baru">"Tambah target"</h2>
                <FormTarget
                    id=None
                    isian=h.isian.clone()
                    galat=h.galat.clone()
                    indikator=h.indikator.clone()
                    wilayah=h.wilayah.clone()
                />
            </section>
            <section class="panel" aria-labelledby="judul-impor">
                <h2 id="judul-impor">"Impor target dari CSV"</h2>
                <p class="panel-note">
                    "Kolom: indikator, cakupan (kota/kecamatan/kelurahan), kode_wilayah, nilai_awal, tgl_awal, nilai_target, tenggat, keterangan; "
                    "pemisah koma atau titik koma. Persentase ditulis 0–100. Target dengan indikator, cakupan dan tenggat yang sama dengan target aktif mengubah target itu. "
                    "Semua atau tidak sama sekali: satu baris salah, tidak ada yang disimpan. Berkas unduhan di kiri dapat diubah lalu diimpor lagi."
                </p>
                <form method="post" action="/target/impor" enctype="multipart/form-data" class="upload-form">
                    <TokenCsrf/>
                    <label for="impor-berkas">"Berkas CSV"</label>
                    <input id="impor-berkas" type="file" name="berkas" accept=".csv,text/csv" required=true/>
                    <label for="impor-alasan">"Alasan (misalnya nomor surat keputusan)"</label>
                    <input id="impor-alasan" type="text" name="alasan"/>
                    <button type="submit" class="button-primary">"Impor"</button>
                </form>
            </section>
        </div>
    }
}

#[component]
fn TabelDaftarTarget(target: Vec<BarisTarget>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table" data-testid="tabel-daftar-target">
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">"Indikator"</th>
                        <th scope="col">"Cakupan"</th>
                        <th scope="col" class="num">"Awal"</th>
                        <th scope="col" class="num">"Target"</th>
                        <th scope="col">"Tenggat"</th>
                        <th scope="col">"Keterangan"</th>
                        <th scope="col">"Terakhir diubah"</th>
                    </tr>
                </thead>
                <tbody>
                    {target.into_iter().map(|t| {
                        let href = format!("/target/{}", t.id);
                        view! {
                            <tr class:superseded=!t.aktif>
                                <td><A href=href>{format!("#{}", t.id)}</A></td>
                                <th scope="row">
                                    {t.indikator_nama}
                                    {(!t.aktif).then(|| view! { <span class="tag">"nonaktif"</span> })}
                                    {t.proyeksi.clone().map(|p| view! { <small class="proyeksi-baris" data-testid="proyeksi-target">{p}</small> })}
                                </th>
                                <td>{t.cakupan}</td>
                                <td class="num">{format!("{} ({})", t.nilai_awal, t.tgl_awal)}</td>
                                <td class="num">{t.nilai_target}</td>
                                <td>{t.tenggat}</td>
                                <td>{t.keterangan}</td>
                                <td><small>{t.diubah.unwrap_or(t.dibuat)}</small></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn pesan_untuk(list: &[CatatanIsian], kolom: &str) -> Vec<String> {
    list.iter()
        .filter(|c| c.kolom == kolom)
        .map(|c| c.pesan.clone())
        .collect()
}

/// The target form, for a new target (`id` None) or a change.
#[component]
fn FormTarget(
    id: Option<i64>,
    isian: Vec<(String, String)>,
    galat: Vec<CatatanIsian>,
    indikator: Vec<(String, String, String)>,
    wilayah: Vec<(String, String)>,
) -> impl IntoView {
    let kirim = ServerAction::<KirimTarget>::new();
    let pending = kirim.pending();
    let nilai = |k: &str| {
        isian
            .iter()
            .find(|(c, _)| c == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let prefix = if id.is_some() { "u" } else { "b" };
    let umum = pesan_untuk(&galat, "umum");
    let field = move |k: &'static str, label: &'static str, hint: &'static str, input: AnyView| {
        let pesan = pesan_untuk(&galat, k);
        let salah = !pesan.is_empty();
        view! {
            <div class="field" class:field-invalid=salah id=format!("f-{prefix}-{k}")>
                <label for=format!("i-{prefix}-{k}")>{label}</label>
                {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
                {input}
                {pesan.into_iter().map(|m| view! { <p class="field-error">{m}</p> }).collect_view()}
            </div>
        }
        .into_any()
    };
    let pilih_ind = {
        let current = nilai("indikator");
        view! {
            <select id=format!("i-{prefix}-indikator") name="isian[indikator]">
                {indikator.into_iter().map(|(c, n, u)| {
                    let sel = c == current;
                    view! { <option value=c selected=sel>{format!("{n} ({u})")}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    let pilih_cakupan = {
        let current = nilai("cakupan");
        view! {
            <select id=format!("i-{prefix}-cakupan") name="isian[cakupan]">
                {["kota", "kecamatan", "kelurahan"].into_iter().map(|c| {
                    view! { <option value=c selected=c == current>{c}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    let pilih_wilayah = {
        let current = nilai("kode_wilayah");
        view! {
            <select id=format!("i-{prefix}-kode_wilayah") name="isian[kode_wilayah]">
                <option value="" selected=current.is_empty()>"— Kota Palembang (16.71) —"</option>
                {wilayah.into_iter().map(|(c, n)| {
                    let sel = c == current;
                    let label = format!("{n} · {c}");
                    view! { <option value=c selected=sel>{label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    let teks = |k: &'static str, placeholder: &'static str| {
        view! { <input id=format!("i-{prefix}-{k}") name=format!("isian[{k}]") type="text" value=nilai(k) placeholder=placeholder/> }
            .into_any()
    };
    let fields = vec![
                field("indikator", "Indikator", "", pilih_ind),
                field("cakupan", "Cakupan", "Kota, satu kecamatan, atau satu kelurahan.", pilih_cakupan),
                field("kode_wilayah", "Wilayah", "Untuk cakupan kecamatan atau kelurahan.", pilih_wilayah),
                field("nilai_awal", "Nilai awal", "Persentase ditulis 0–100.", teks("nilai_awal", "0")),
                field("tgl_awal", "Tanggal awal", "Misalnya 1/7/2025.", teks("tgl_awal", "1/7/2025")),
                field("nilai_target", "Nilai target", "Persentase ditulis 0–100.", teks("nilai_target", "100")),
                field("tenggat", "Tenggat", "Misalnya 31/3/2026.", teks("tenggat", "31/3/2026")),
                field("keterangan", "Keterangan", "Dasar target, misalnya tonggak nasional.", teks("keterangan", "")),
                field("alasan", "Alasan", if id.is_some() { "Wajib untuk perubahan: tercatat di riwayat." } else { "Boleh kosong untuk target baru." }, view! {
                    <input id=format!("i-{prefix}-alasan") name="alasan" type="text" value=nilai("alasan")/>
                }.into_any()),
    ];
    view! {
        <ActionForm action=kirim attr:class="report-form" attr:novalidate=true>
            <TokenCsrf/>
            <input type="hidden" name="id" value=id.map(|i| i.to_string()).unwrap_or_default()/>
            {umum.into_iter().map(|m| view! { <p class="field-error">{m}</p> }).collect_view()}
            <div class="form-grid">{fields}</div>
            <button type="submit" class="button-primary" disabled=move || pending.get()>
                {if id.is_some() { "Simpan perubahan" } else { "Tambah target" }}
            </button>
        </ActionForm>
    }
}

#[component]
pub fn HalamanDetailTarget() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("draf"),
            )
        },
        |(id, draf)| ambil_detail_target(id, draf),
    );
    muat(data, |d| view! { <DetailTargetView d/> })
}

#[component]
fn DetailTargetView(d: DetailTarget) -> impl IntoView {
    let query = use_query_map();
    let t = d.target.clone();
    let id = t.id;
    let pesan = move || {
        let q = query.read();
        if q.get("tersimpan").is_some() {
            Some(view! { <div class="alert alert-success" role="status" data-testid="target-tersimpan">"Target tersimpan. Dasbor sudah memakai nilai ini."</div> }.into_any())
        } else {
            match q.get("nonaktif").as_deref() {
                Some("galat") => Some(view! { <div class="alert alert-error" role="alert">"Untuk menonaktifkan target, isi nama pengubah dan alasannya."</div> }.into_any()),
                Some(_) => Some(view! { <div class="alert alert-info" role="status">"Target dinonaktifkan: tidak lagi dipakai dasbor; riwayatnya tetap."</div> }.into_any()),
                None => None,
            }
        }
    };
    let nonaktif = ServerAction::<NonaktifkanTarget>::new();
    view! {
        <Title text=format!("Target #{id}")/>
        <nav class="breadcrumb" aria-label="Jejak">
            <A href="/target">"Target program"</A>
            <span aria-hidden="true">" › "</span>
            <span>{format!("Target #{id}")}</span>
        </nav>
        <div class="page-head">
            <div>
                <p class="eyebrow">{t.cakupan.clone()} " · " {if t.aktif { "aktif" } else { "nonaktif" }}</p>
                <h1 data-testid="judul-halaman">{format!("{}: {} pada {}", t.indikator_nama, t.nilai_target, t.tenggat)}</h1>
                <p class="lead">{format!("Dari {} pada {}. {}", t.nilai_awal, t.tgl_awal, t.keterangan)}</p>
                {t.proyeksi_kalimat.clone().map(|p| view! { <p class="lead" data-testid="proyeksi-target">{p}</p> })}
            </div>
        </div>
        {pesan}
        <section class="panel" aria-labelledby="judul-riwayat-target">
            <h2 id="judul-riwayat-target">{format!("Riwayat: {} catatan", d.riwayat.len())}</h2>
            <ol class="history" data-testid="riwayat-target">
                {d.riwayat.iter().cloned().map(|r| view! {
                    <li>
                        <strong>{r.aksi}</strong> " · " {r.pada} " · oleh " {r.oleh}
                        {(!r.alasan.is_empty()).then(|| view! { <small class="reason">"Alasan: " {r.alasan.clone()}</small> })}
                        {(!r.perubahan.is_empty()).then(|| view! {
                            <ul class="changes">{r.perubahan.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        {t.aktif.then(|| view! {
            <div class="two-col">
                <section class="panel" aria-labelledby="judul-ubah" id="ubah">
                    <h2 id="judul-ubah">"Ubah target"</h2>
                    <FormTarget
                        id=Some(id)
                        isian=d.isian.clone()
                        galat=d.galat.clone()
                        indikator=d.indikator.clone()
                        wilayah=d.wilayah.clone()
                    />
                </section>
                <section class="panel" aria-labelledby="judul-nonaktif" id="nonaktifkan">
                    <h2 id="judul-nonaktif">"Nonaktifkan target"</h2>
                    <p class="panel-note">"Target nonaktif tidak dipakai dasbor; riwayatnya tetap dapat dibaca. Target tidak pernah dihapus."</p>
                    <ActionForm action=nonaktif attr:class="report-form">
                        <TokenCsrf/>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <label for="n-alasan">"Alasan"</label>
                        <input id="n-alasan" name="alasan" type="text" required=true/>
                        <button type="submit" class="button-secondary">"Nonaktifkan"</button>
                    </ActionForm>
                </section>
            </div>
        })}
    }
}

#[component]
pub fn HalamanBatasWilayah() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("galat"), ambil_halaman_batas);
    muat(data, |h| view! { <BatasWilayah h/> })
}

#[component]
fn BatasWilayah(h: HalamanBatas) -> impl IntoView {
    let query = use_query_map();
    let hasil = move || {
        let q = query.read();
        q.get("dipasang").map(|t| {
            view! {
                <div class="alert alert-success" role="status" data-testid="batas-dipasang">
                    {format!("Batas {t} dipasang: {} wilayah. Peta dasbor kini memakai batas ini.", q.get("wilayah").unwrap_or_default())}
                </div>
            }
        })
    };
    let galat = (!h.galat.is_empty()).then(|| {
        view! {
            <div class="alert alert-error" role="alert" data-testid="batas-galat">
                <ul>{h.galat.iter().map(|g| view! { <li>{g.clone()}</li> }).collect_view()}</ul>
            </div>
        }
    });
    view! {
        <Title text="Batas wilayah peta"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Dinas Koperasi · data acuan"</p>
                <h1 data-testid="judul-halaman">"Batas wilayah untuk peta"</h1>
            </div>
        </div>
        <p class="lead">
            "Tanpa berkas batas, peta dasbor menandai setiap KKMP di titik tengah kelurahannya. Dengan berkas GeoJSON batas kelurahan atau kecamatan, "
            "peta menggambar wilayahnya dan mewarnainya menurut status atau indikator. Setiap fitur harus memuat kode Kemendagri wilayahnya (misalnya 16.71.01.1001) "
            "di salah satu propertinya; koordinat dalam derajat WGS 84."
        </p>
        {hasil}
        {galat}
        <section class="panel" aria-labelledby="judul-terpasang">
            <h2 id="judul-terpasang">"Berkas terpasang"</h2>
            {if h.terpasang.is_empty() {
                view! { <p data-testid="batas-kosong">"Belum ada berkas batas; peta memakai titik tengah kelurahan."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" data-testid="tabel-batas">
                        <thead><tr>
                            <th scope="col">"Tingkat"</th><th scope="col">"Berkas"</th>
                            <th scope="col" class="num">"Wilayah"</th><th scope="col">"Dipasang"</th><th scope="col">"SHA-256"</th>
                        </tr></thead>
                        <tbody>
                            {h.terpasang.iter().cloned().map(|b| view! {
                                <tr>
                                    <th scope="row">{b.tingkat}</th><td>{b.nama_berkas}</td>
                                    <td class="num">{b.jumlah_wilayah}</td><td>{b.dipasang}</td>
                                    <td><code class="hash">{b.sha256}</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="judul-pasang">
            <h2 id="judul-pasang">"Pasang berkas batas"</h2>
            <form method="post" action="/batas/berkas" enctype="multipart/form-data" class="upload-form">
                <TokenCsrf/>
                <label for="batas-berkas">"Berkas GeoJSON (paling besar 20 MB)"</label>
                <input id="batas-berkas" type="file" name="berkas" accept=".geojson,.json,application/geo+json" required=true/>
                <button type="submit" class="button-primary">"Pasang"</button>
            </form>
        </section>
    }
}
