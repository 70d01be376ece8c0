//! `/unggah`: monthly reports from Excel or CSV — templates to download, the
//! upload form, recent uploads, exports. `/unggah/<token>`: the preview of
//! one uploaded file, every problem located, and the button that stores it
//! all or nothing.

use crate::api::{SimpanUnggahan, ambil_halaman_unggah, ambil_pratinjau};
use crate::components::{TokenCsrf, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::format::angka;
use model::view::{HalamanUnggah, PratinjauUnggahan, TemuanBerkas, UnggahanTersimpan};

#[component]
pub fn HalamanUnggahLaporan() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query
                .read()
                .get("tersimpan")
                .and_then(|t| t.parse::<i64>().ok())
        },
        ambil_halaman_unggah,
    );
    let galat = move || match query.read().get("galat").as_deref() {
        Some("besar") => Some(
            "Berkas terlalu besar untuk diunggah (batas 32 MB). Pecah berkas per bulan atau per kecamatan.",
        ),
        Some("kosong") => {
            Some("Belum ada berkas yang dipilih. Pilih berkas XLSX atau CSV, lalu tekan Unggah.")
        }
        // The texts of data::simpan::sementara::Penuh.
        Some("penuh") => Some(
            "Anda sudah punya 5 unggahan yang belum disimpan, atau unggahan sebesar 64 MB bersama-sama. Simpan atau tinggalkan unggahan sebelumnya: unggahan yang belum disimpan terhapus sendiri setelah 24 jam.",
        ),
        Some("server-penuh") => Some(
            "Penyimpanan sementara server sedang penuh. Coba lagi nanti; bila berulang, hubungi admin Dinas Koperasi.",
        ),
        _ => None,
    };
    view! {
        <Title text="Kirim laporan dari Excel"/>
        {move || galat().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })}
        {muat(data, |h| view! { <Unggah h/> })}
    }
}

#[component]
fn Unggah(h: HalamanUnggah) -> impl IntoView {
    let lalu = h.periode.get(1).copied();
    let pilihan = h
        .periode
        .iter()
        .map(|p| view! { <option value=p.to_string() selected=Some(*p) == lalu>{p.label()}</option> })
        .collect_view();
    let tersimpan = h.tersimpan.map(|u| {
        view! {
            <div class="alert alert-success" role="status" data-testid="unggahan-tersimpan">
                <h2>{format!("Tersimpan: {} laporan dari berkas {}", angka(u.jumlah_laporan), u.nama_berkas)}</h2>
                <p>
                    "Diunggah " {u.diunggah.clone()} " oleh " {u.diunggah_oleh.clone()}
                    ". Sidik jari berkas (SHA-256): " <code>{u.sha256.clone()}</code>
                    ". Berkas aslinya disimpan sebagai bukti. Angka dasbor sudah memakai laporan ini."
                </p>
            </div>
        }
    });
    view! {
        {tersimpan}
        <div class="page-head">
            <div>
                <p class="eyebrow">"Laporan bulanan lewat Excel atau CSV"</p>
                <h1 data-testid="judul-halaman">"Kirim laporan dari berkas"</h1>
                <p class="lead">
                    "Satu baris untuk setiap KKMP dan bulan. Sebelum apa pun disimpan, Pantau KKMP menampilkan pratinjau "
                    "dan setiap masalah menurut lembar, baris dan kolom. Penyimpanan berlaku semua atau tidak sama sekali."
                </p>
            </div>
        </div>
        <div class="two-col">
            <section class="panel" aria-labelledby="judul-templat">
                <h2 id="judul-templat">"1. Unduh templat"</h2>
                <p class="panel-note">
                    {if h.kelurahan.is_some() {
                        "Templat KKMP Anda: kode terkunci, daftar pilihan untuk kolom status, dan angka laporan terakhir sebagai isian awal."
                    } else {
                        "Templat rekap berisi 107 KKMP dengan kode terkunci, daftar pilihan untuk kolom status, dan angka laporan terakhir setiap KKMP sebagai isian awal. Templat satu KKMP ada di halaman KKMP-nya."
                    }}
                </p>
                <form method="GET" action="/templat/unduh" class="inline-form">
                    <label for="bulan-templat">"Bulan laporan"</label>
                    <select id="bulan-templat" name="bulan">{pilihan}</select>
                    {h.kelurahan.clone().map(|k| view! { <input type="hidden" name="kelurahan" value=k/> })}
                    <button type="submit" class="button-secondary" data-testid="unduh-templat">
                        {if h.kelurahan.is_some() { "Unduh templat KKMP (.xlsx)" } else { "Unduh templat rekap (.xlsx)" }}
                    </button>
                </form>
            </section>
            <section class="panel" aria-labelledby="judul-unggah">
                <h2 id="judul-unggah">"2. Unggah berkas yang sudah diisi"</h2>
                <p class="panel-note">
                    "XLSX (templat Pantau KKMP) atau CSV UTF-8 dengan judul kolom yang sama; paling besar 32 MB. "
                    "Angka boleh ditulis 1.250 atau Rp 5.000.000,00; ya/tidak boleh Y/T; tanggal boleh 4/9/2025."
                </p>
                <form method="POST" action="/unggah/berkas" enctype="multipart/form-data" class="inline-form">
                    <TokenCsrf/>
                    <label for="berkas">"Berkas"</label>
                    <input id="berkas" name="berkas" type="file" accept=".xlsx,.xls,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required=true/>
                    <button type="submit" class="button-primary" data-testid="unggah">"Unggah dan periksa"</button>
                </form>
            </section>
        </div>
        <section class="panel" aria-labelledby="judul-ekspor">
            <h2 id="judul-ekspor">"Ekspor data laporan"</h2>
            <p class="panel-note">
                "Versi terkini setiap laporan yang sudah diterima Dinas (seperti dasbor), dengan kolom yang sama dengan templat: berkas ekspor dapat diunggah kembali. "
                "Teks yang diawali =, +, - atau @ diberi tanda petik agar tidak dibaca sebagai rumus."
            </p>
            <ul class="link-list">
                <li><a href="/ekspor/laporan.csv" rel="external">"Semua bulan (CSV)"</a></li>
                <li><a href="/ekspor/laporan.xlsx" rel="external">"Semua bulan (XLSX, dengan metadata)"</a></li>
                <li><a href="/ekspor/laporan.xlsx?status=semua" rel="external">"Semua bulan, termasuk laporan yang menunggu verifikasi (XLSX)"</a></li>
                {lalu.map(|p| view! {
                    <li><a href=format!("/ekspor/laporan.xlsx?bulan={p}") rel="external">{format!("{} saja (XLSX)", p.label())}</a></li>
                })}
            </ul>
        </section>
        <section class="panel" aria-labelledby="judul-riwayat-unggah">
            <h2 id="judul-riwayat-unggah">"Unggahan terakhir"</h2>
            {if h.terakhir.is_empty() {
                view! { <p class="panel-note">"Belum ada berkas yang disimpan."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0">
                        <table class="data-table" data-testid="tabel-unggahan">
                            <thead>
                                <tr>
                                    <th scope="col">"Waktu"</th>
                                    <th scope="col">"Berkas"</th>
                                    <th scope="col">"Oleh"</th>
                                    <th scope="col" class="num">"Laporan"</th>
                                    <th scope="col">"SHA-256"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {h.terakhir.into_iter().map(|u| view! { <BarisUnggahan u/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn BarisUnggahan(u: UnggahanTersimpan) -> impl IntoView {
    let short = u.sha256.chars().take(12).collect::<String>();
    view! {
        <tr>
            <td>{u.diunggah}</td>
            <td>{u.nama_berkas} " " <small>"(" {u.ukuran} ")"</small></td>
            <td>{u.diunggah_oleh}</td>
            <td class="num">{angka(u.jumlah_laporan)}</td>
            <td><code title=u.sha256.clone()>{short} "…"</code></td>
        </tr>
    }
}

#[component]
pub fn HalamanPratinjau() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("token").unwrap_or_default(),
        ambil_pratinjau,
    );
    view! {
        <Title text="Pratinjau unggahan"/>
        {muat(data, |p| view! { <Pratinjau p/> })}
    }
}

#[component]
fn Pratinjau(p: PratinjauUnggahan) -> impl IntoView {
    let query = use_query_map();
    let simpan = ServerAction::<SimpanUnggahan>::new();
    let pending = simpan.pending();
    let galat_simpan = move || match query.read().get("galat").as_deref() {
        Some("oleh") => Some("Tulis nama pengunggah sebelum menyimpan."),
        Some("alasan") => Some(
            "Ada baris yang perlu alasan (perbaikan laporan yang sudah ada, atau peringatan). Tulis alasannya, lalu simpan lagi.",
        ),
        Some("ganda") => Some("Berkas yang sama sudah pernah disimpan; tidak ada yang dibuat."),
        Some("galat") => Some(
            "Data tersimpan berubah sejak pratinjau dan berkas ini kini bermasalah; lihat daftar di bawah.",
        ),
        _ => None,
    };
    let jumlah = p.baru + p.perbaikan;
    let judul = if p.jumlah_galat > 0 {
        format!(
            "{} masalah harus diperbaiki sebelum berkas ini dapat disimpan",
            angka(p.jumlah_galat as i64)
        )
    } else if p.sudah_diunggah.is_some() {
        "Berkas ini sudah pernah disimpan".to_string()
    } else if jumlah == 0 {
        "Tidak ada yang baru di berkas ini".to_string()
    } else {
        format!("Siap disimpan: {} laporan", angka(jumlah as i64))
    };
    let periode = match (p.periode.first(), p.periode.last()) {
        (Some(a), Some(b)) if a == b => a.label(),
        (Some(a), Some(b)) => format!("{} sampai {}", a.label(), b.label()),
        _ => "—".to_string(),
    };
    let layak = p.layak;
    let token = p.token.clone();
    view! {
        <nav class="breadcrumb" aria-label="Jejak">
            <A href="/unggah">"Kirim laporan dari berkas"</A>
            <span aria-hidden="true">" › "</span>
            <span>"Pratinjau"</span>
        </nav>
        <div class="page-head">
            <div>
                <p class="eyebrow">
                    "Berkas " {p.nama_berkas.clone()} " · " {p.ukuran.clone()}
                    {p.format.clone().map(|f| format!(" · {}", f.to_uppercase()))}
                    {p.lembar.clone().map(|l| format!(" · lembar {l}"))}
                </p>
                <h1 data-testid="judul-halaman">{judul}</h1>
                <p class="lead">"Belum ada yang disimpan. SHA-256: " <code>{p.sha256.clone()}</code></p>
            </div>
        </div>
        {move || galat_simpan().map(|m| view! { <div class="alert alert-error" role="alert" data-testid="galat-simpan">{m}</div> })}
        {p.sudah_diunggah.clone().map(|m| view! { <div class="alert alert-info" role="status" data-testid="sudah-diunggah">{m}</div> })}
        <section class="cards" aria-label="Ringkasan berkas">
            <div class="card"><p class="card-title">"Baris data"</p><p class="card-value">{angka(p.baris_data as i64)}</p><p class="card-note">{format!("{} KKMP · {periode}", p.kelurahan)}</p></div>
            <div class="card card-accent"><p class="card-title">"Laporan baru"</p><p class="card-value">{angka(p.baru as i64)}</p><p class="card-note">"disimpan sebagai versi 1"</p></div>
            <div class="card"><p class="card-title">"Perbaikan"</p><p class="card-value">{angka(p.perbaikan as i64)}</p><p class="card-note">"versi baru; versi lama tetap tercatat"</p></div>
            <div class="card"><p class="card-title">"Sama dengan yang tersimpan"</p><p class="card-value">{angka(p.sama as i64)}</p><p class="card-note">"dilewati"</p></div>
        </section>
        <DaftarTemuan judul="Masalah (menghalangi penyimpanan)" kelas="temuan-galat" daftar=p.galat.clone() jumlah=p.jumlah_galat testid="daftar-galat"/>
        <DaftarTemuan judul="Peringatan (boleh disimpan dengan alasan)" kelas="temuan-peringatan" daftar=p.peringatan.clone() jumlah=p.jumlah_peringatan testid="daftar-peringatan"/>
        {layak.then(|| view! {
            <section class="panel" aria-labelledby="judul-simpan">
                <h2 id="judul-simpan">"Simpan"</h2>
                <p class="panel-note">
                    "Semua laporan di berkas ini disimpan dalam satu transaksi: bila satu saja gagal, tidak ada yang tersimpan. "
                    {(p.perlu_alasan > 0).then(|| format!("{} baris perlu alasan (perbaikan atau peringatan); alasan di bawah berlaku untuk baris yang kolom Alasan-nya kosong.", angka(p.perlu_alasan as i64)))}
                </p>
                <ActionForm action=simpan attr:class="report-form">
                    <TokenCsrf/>
                    <input type="hidden" name="token" value=token.clone()/>
                    <div class="form-grid">
                        <div class="field field-wide">
                            <label for="i-alasan">{if p.perlu_alasan > 0 { "Alasan (wajib)" } else { "Alasan (tidak wajib)" }}</label>
                            <textarea id="i-alasan" name="alasan" rows="2"></textarea>
                        </div>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button-primary" data-testid="simpan-unggahan" disabled=move || pending.get()>
                            {move || if pending.get() { "Menyimpan…".to_string() } else { format!("Simpan {} laporan", angka(jumlah as i64)) }}
                        </button>
                        <A href="/unggah">"Batal"</A>
                    </div>
                </ActionForm>
            </section>
        })}
        {(!layak).then(|| view! { <p><A href="/unggah">"Perbaiki berkasnya, lalu unggah lagi"</A></p> })}
    }
}

#[component]
fn DaftarTemuan(
    judul: &'static str,
    kelas: &'static str,
    daftar: Vec<TemuanBerkas>,
    jumlah: u64,
    testid: &'static str,
) -> impl IntoView {
    if daftar.is_empty() {
        return None;
    }
    let lebih = (jumlah as usize > daftar.len()).then(|| {
        view! { <p class="panel-note">{format!("Ditampilkan {} pertama dari {}.", daftar.len(), angka(jumlah as i64))}</p> }
    });
    Some(view! {
        <section class=format!("panel {kelas}")>
            <h2>{format!("{judul}: {}", angka(jumlah as i64))}</h2>
            {lebih}
            <div class="table-scroll" tabindex="0">
                <table class="data-table" data-testid=testid>
                    <thead><tr><th scope="col">"Letak"</th><th scope="col">"Masalah"</th></tr></thead>
                    <tbody>
                        {daftar.into_iter().map(|t| view! {
                            <tr><td class="nowrap">{if t.lokasi.is_empty() { "Berkas".to_string() } else { t.lokasi }}</td><td>{t.pesan}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    })
}
