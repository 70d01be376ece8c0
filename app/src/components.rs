//! Building blocks shared by the pages: the frame (header, demo banner,
//! footer), headline cards, status badges, the month selector and the error
//! panel.

use crate::api::ambil_info;
use crate::error::AppError;
use crate::pulau::{KirimSaatBerubah, TandaHidup};
use leptos::prelude::*;
use leptos_router::components::{A, Form};
use model::Periode;
use model::format::{angka, persen, rupiah_ringkas};
use model::status::{StatusOperasi, StatusTarget};
use model::view::{Capaian, Grafik, Konteks, Tabel};

/// What every page knows about its visitor (demo data, account, CSRF
/// token), loaded once by the frame and shared through context.
pub type Info = Resource<Result<crate::api::InfoAplikasi, AppError>>;

/// The page frame: header with the navigation this account may use and
/// its name with a sign-out button, the demo banner while demo data is
/// loaded, the page, and the footer.
#[component]
pub fn Kerangka(children: Children) -> impl IntoView {
    let info: Info = Resource::new(|| (), |_| ambil_info());
    provide_context(info);
    view! {
        <a class="skip" href="#isi">"Langsung ke isi"</a>
        <header class="site-header">
            <div class="wrap header-row">
                <Suspense fallback=|| view! { <Merek href="/".to_string()/> }>
                    {move || Suspend::new(async move {
                        let i = info.await.ok();
                        let akun = i.as_ref().and_then(|i| i.akun.clone());
                        let csrf = i.map(|i| i.csrf).unwrap_or_default();
                        // The brand leads to the account's own home page.
                        let href = akun.as_ref().map_or_else(|| "/".to_string(), |a| a.beranda());
                        view! {
                            <Merek href/>
                            <Navigasi akun csrf/>
                        }
                    })}
                </Suspense>
            </div>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(i) if i.demo => Some(view! {
                        <div class="demo-banner" role="status" data-testid="demo-banner">
                            <div class="wrap">
                                <strong>"DATA CONTOH"</strong>
                                " — angka di aplikasi ini dibangkitkan untuk demonstrasi, bukan laporan nyata koperasi. "
                                "Akun contoh: lihat README (kata sandi " <code>"pantau-demo-2025"</code> ")."
                            </div>
                        </div>
                    }),
                    _ => None,
                }
            })}
        </Suspense>
        <main id="isi" class="wrap">{children()}</main>
        <TandaHidup/>
        <footer class="site-footer">
            <div class="wrap">
                "Pemerintah Kota Palembang · Dinas Koperasi dan UKM. Semua angka dihitung dari laporan per KKMP; kode wilayah Kemendagri."
            </div>
        </footer>
    }
}

/// The product's name and mark, linking to `href`.
#[component]
fn Merek(href: String) -> impl IntoView {
    view! {
        <A href=href attr:class="brand">
            <span class="brand-mark" aria-hidden="true"></span>
            <span class="brand-text">
                <strong>"Pantau KKMP"</strong>
                <small>"Koperasi Kelurahan Merah Putih · Kota Palembang"</small>
            </span>
        </A>
    }
}

/// The main navigation: only what this account may open (the server
/// checks every page again), and who is signed in.
#[component]
fn Navigasi(akun: Option<model::akun::Akun>, csrf: String) -> impl IntoView {
    let Some(a) = akun else {
        return view! {
            <nav class="nav" aria-label="Navigasi utama">
                <A href="/definisi">"Definisi"</A>
                <A href="/data-terbuka">"Data terbuka"</A>
                <A href="/masuk">"Masuk"</A>
            </nav>
        }
        .into_any();
    };
    let mut links: Vec<(String, &'static str)> = Vec::new();
    if a.baca_kota() {
        links.push(("/".into(), "Dasbor kota"));
    } else if a.peran == model::akun::Peran::Camat {
        links.push((a.beranda(), "Kecamatan saya"));
    } else {
        links.push((a.beranda(), "KKMP saya"));
    }
    if a.baca_ruang() {
        links.push(("/briefing".into(), "Briefing"));
        links.push(("/rapat".into(), "Rapat"));
    }
    if a.unggah() {
        links.push(("/unggah".into(), "Kirim laporan"));
    }
    if a.antrean() {
        links.push(("/verifikasi".into(), "Verifikasi"));
    }
    if a.baca_lapangan() {
        links.push(("/verifikasi-lapangan".into(), "Lapangan"));
    }
    if a.baca_target() {
        links.push(("/target".into(), "Target"));
    }
    if a.audit() {
        links.push(("/audit".into(), "Audit"));
    }
    if a.baca_temuan() {
        links.push(("/temuan".into(), "Temuan"));
    }
    if a.baca_rekonsiliasi() {
        links.push(("/rekonsiliasi".into(), "SIMKOPDES"));
    }
    if a.baca_jejak() {
        links.push(("/jejak".into(), "Jejak audit"));
    }
    if a.baca_ruang() {
        links.push(("/intervensi".into(), "Dukungan"));
    }
    if a.kelola_pengguna() {
        links.push(("/pengguna".into(), "Pengguna"));
    }
    if a.baca_kotak_keluar() {
        links.push(("/kotak-keluar".into(), "Kotak keluar"));
    }
    links.push(("/definisi".into(), "Definisi"));
    links.push(("/data-terbuka".into(), "Data terbuka"));
    let peran = a.peran.label();
    view! {
        <nav class="nav" aria-label="Navigasi utama">
            {links.into_iter().map(|(href, t)| view! { <A href=href>{t}</A> }).collect_view()}
        </nav>
        <div class="akun" data-testid="akun">
            <span class="akun-nama" title=peran>{a.nama.clone()} <small>{peran}</small></span>
            <form method="post" action="/api/keluar" class="inline-form">
                <input type="hidden" name="csrf" value=csrf/>
                <button type="submit" class="button-link" data-testid="keluar">"Keluar"</button>
            </form>
        </div>
    }
    .into_any()
}

/// The signed-in account, awaited from the frame's resource (inside a
/// `Suspense`); None when nobody is signed in.
pub async fn akun_dari(info: Option<Info>) -> Option<model::akun::Akun> {
    match info {
        Some(r) => r.await.ok().and_then(|i| i.akun),
        None => None,
    }
}

/// A breadcrumb: a link when this account may open `href` (the kota or a
/// kecamatan page), plain text otherwise, so nobody is led to a 403.
#[component]
pub fn Remah(
    #[prop(into)] href: String,
    /// The kecamatan code of the page, or None for the city page.
    #[prop(optional, into)]
    kecamatan: Option<String>,
    #[prop(into)] teks: String,
) -> impl IntoView {
    let info = use_context::<Info>();
    view! {
        <Suspense fallback=|| ()>
            {
                let (href, kecamatan, teks) = (href.clone(), kecamatan.clone(), teks.clone());
                move || {
                    let (href, kecamatan, teks) = (href.clone(), kecamatan.clone(), teks.clone());
                    Suspend::new(async move {
                        let akun = akun_dari(info).await;
                        let boleh = akun.is_some_and(|a| match &kecamatan {
                            Some(k) => a.baca_kecamatan(k),
                            None => a.baca_kota(),
                        });
                        if boleh {
                            view! { <A href=href>{teks}</A> }.into_any()
                        } else {
                            view! { <span>{teks}</span> }.into_any()
                        }
                    })
                }
            }
        </Suspense>
    }
}

/// A link to the signed-in account's own home page (the city, its
/// kecamatan or its KKMP), or to the sign-in page.
#[component]
fn KeBeranda() -> impl IntoView {
    let info = use_context::<Info>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let akun = akun_dari(info).await;
                let href = akun.map_or_else(|| "/masuk".to_string(), |a| a.beranda());
                view! { <A href=href>"Ke beranda"</A> }
            })}
        </Suspense>
    }
}

/// The hidden CSRF field every form that changes something carries
/// (put it first in multipart forms).
#[component]
pub fn TokenCsrf() -> impl IntoView {
    let info = use_context::<Info>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let t = match info {
                    Some(r) => r.await.map(|i| i.csrf).unwrap_or_default(),
                    None => String::new(),
                };
                view! { <input type="hidden" name="csrf" value=t/> }
            })}
        </Suspense>
    }
}

/// A headline figure.
#[component]
pub fn KartuAngka(
    #[prop(into)] judul: String,
    #[prop(into)] nilai: String,
    #[prop(into, optional)] keterangan: String,
    /// Change since last month, already formatted with its sign.
    #[prop(default = None)]
    perubahan: Option<(i64, String)>,
    #[prop(optional)] aksen: bool,
    /// Whether a rise is good news (green); false for counts that should fall.
    #[prop(default = true)]
    naik_baik: bool,
) -> impl IntoView {
    let ket = (!keterangan.is_empty()).then(|| view! { <p class="card-note">{keterangan}</p> });
    let delta = perubahan.map(|(d, text)| {
        let (cls, arrow) = match (d.signum(), naik_baik) {
            (1, true) | (-1, false) => ("delta good", if d > 0 { "▲" } else { "▼" }),
            (1, false) | (-1, true) => ("delta bad", if d > 0 { "▲" } else { "▼" }),
            _ => ("delta flat", "="),
        };
        view! { <p class=cls>{arrow} " " {text} " dari bulan lalu"</p> }
    });
    view! {
        <div class="card" class:card-accent=aksen>
            <p class="card-title">{judul}</p>
            <p class="card-value">{nilai}</p>
            {ket}
            {delta}
        </div>
    }
}

/// `(sign, "3")` for a change in a count.
pub fn selisih(now: i64, before: Option<i64>) -> Option<(i64, String)> {
    before.map(|b| {
        let d = now - b;
        (d, angka(d.abs()))
    })
}

/// `(sign, "Rp1,2 jt")` for a change in money.
pub fn selisih_rupiah(now: i64, before: Option<i64>) -> Option<(i64, String)> {
    before.map(|b| {
        let d = now - b;
        (d, rupiah_ringkas(d.abs()))
    })
}

/// A status word with a symbol, so it never depends on colour alone.
#[component]
pub fn LencanaStatus(status: StatusTarget) -> impl IntoView {
    let (cls, symbol) = match status {
        StatusTarget::Tercapai => ("status status-tercapai", "✓"),
        StatusTarget::SesuaiJalur => ("status status-jalur", "→"),
        StatusTarget::Berisiko => ("status status-berisiko", "!"),
        StatusTarget::Tertinggal => ("status status-tertinggal", "✕"),
    };
    view! {
        <span class=cls>
            <span aria-hidden="true">{symbol}</span>
            " "
            {status.label()}
        </span>
    }
}

/// A cooperative's operating status as a badge.
#[component]
pub fn LencanaOperasi(status: StatusOperasi) -> impl IntoView {
    let cls = match status {
        StatusOperasi::Penuh => "op op-penuh",
        StatusOperasi::Terbatas => "op op-terbatas",
        StatusOperasi::Belum => "op op-belum",
    };
    view! { <span class=cls>{status.label()}</span> }
}

/// A value of an indicator in its unit.
pub fn nilai_capaian(c: &Capaian, x: f64) -> String {
    if c.persen {
        persen(x)
    } else {
        model::format::desimal(x, 0)
    }
}

/// The month selector: a GET form, so it works without JavaScript (the
/// button); with the bundle loaded a change submits it at once.
#[component]
pub fn PilihBulan(
    konteks: Konteks,
    #[prop(into)] action: String,
    /// When set, also a selector of the chart's indicator (current code).
    #[prop(default = None)]
    indikator: Option<String>,
    /// Other filters of the page the form must keep (hidden fields).
    #[prop(default = Vec::new())]
    tetap: Vec<(&'static str, String)>,
) -> impl IntoView {
    let current = konteks.periode;
    let options = konteks
        .periode_tersedia
        .iter()
        .map(|p: &Periode| {
            let value = p.to_string();
            let selected = *p == current;
            view! { <option value=value selected=selected>{p.label()}</option> }
        })
        .collect_view();
    let pilih_indikator = indikator.map(|current| {
        let options = model::indikator::TARGETABLE
            .iter()
            .filter_map(|code| model::indikator::cari(code))
            .map(|i| view! { <option value=i.code selected=i.code == current>{i.nama}</option> })
            .collect_view();
        view! {
            <label for="indikator">"Indikator"</label>
            <select id="indikator" name="indikator" data-testid="pilih-indikator">
                {options}
            </select>
        }
    });
    view! {
        <Form method="GET" action=action attr:class="month-form">
            <label for="bulan">"Bulan laporan"</label>
            <select id="bulan" name="bulan" data-testid="pilih-bulan">
                {options}
            </select>
            {pilih_indikator}
            <label class="check">
                <input type="checkbox" name="status" value="semua" checked=konteks.semua
                    data-testid="sertakan-menunggu"/>
                " Sertakan laporan yang menunggu verifikasi"
            </label>
            {tetap.into_iter().map(|(n, v)| view! { <input type="hidden" name=n value=v/> }).collect_view()}
            <button type="submit" class="button-secondary">"Tampilkan"</button>
            <KirimSaatBerubah/>
        </Form>
    }
}

/// Where the figures come from: cut-off, revision, definitions version.
#[component]
pub fn CatatanData(konteks: Konteks) -> impl IntoView {
    view! {
        <p class="data-note">
            "Periode " <strong>{konteks.periode.label()}</strong>
            ". Dihitung " {konteks.dihitung} " dari revisi data #" {konteks.revisi}
            ". Status KKMP memakai laporan terakhir sampai bulan ini; omzet dan ketepatan hanya dari laporan bulan ini. "
            {if konteks.semua {
                "Termasuk laporan yang masih menunggu verifikasi. "
            } else {
                "Hanya laporan yang sudah diterima Dinas Koperasi. "
            }}
            <A href="/definisi">"Definisi indikator (versi " {model::indikator::VERSI_DEFINISI} ")"</A>
        </p>
    }
}

/// A page body that waits for its data: the page, or the error panel with
/// the matching status. While new data loads the old page stays (Transition).
pub fn muat<T, V>(data: Resource<Result<T, AppError>>, tampil: fn(T) -> V) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat data…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => tampil(d).into_any(),
                    Err(galat) => view! { <PanelGalat galat/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A failed page: the message, and the matching HTTP status on the server.
#[component]
pub fn PanelGalat(galat: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(
            http::StatusCode::from_u16(galat.status())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let location = leptos_router::hooks::use_location();
    let lanjut = format!(
        "/masuk?lanjut={}",
        location.pathname.get_untracked().replace('&', "%26")
    );
    let tindak = match galat.status() {
        401 => view! { <p><a href=lanjut class="button-primary" data-testid="ke-masuk">"Masuk"</a></p> }.into_any(),
        403 => view! { <p>"Bila Anda memerlukan akses ini, hubungi admin Dinas Koperasi. " <KeBeranda/></p> }.into_any(),
        _ => view! { <p><A href="/">"Kembali ke dasbor kota"</A></p> }.into_any(),
    };
    view! {
        <section class="error-panel" role="alert" data-status=galat.status()>
            <h1>{galat.judul()}</h1>
            <p>{galat.pesan().to_string()}</p>
            {tindak}
        </section>
    }
}

/// A table of formatted values (the numbers behind a chart).
#[component]
pub fn TabelAngka(tabel: Tabel, #[prop(into)] judul: String) -> impl IntoView {
    let angka = tabel.angka.clone();
    let head = tabel
        .kolom
        .iter()
        .zip(angka.iter().chain(std::iter::repeat(&false)))
        .map(|(k, a)| view! { <th scope="col" class=a.then_some("num")>{k.clone()}</th> })
        .collect_view();
    let rows = tabel
        .baris
        .into_iter()
        .map(|b| {
            let cells = b
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let num = angka.get(i).copied().unwrap_or(false);
                    if i == 0 {
                        view! { <th scope="row">{v}</th> }.into_any()
                    } else {
                        view! { <td class=num.then_some("num")>{v}</td> }.into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table compact">
                <caption class="sr-only">{judul}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A chart panel: the finding as heading, how to read it, the SVG, and the
/// same numbers as a table (open on print, a click away on screen).
#[component]
pub fn PanelGrafik(
    grafik: Grafik,
    #[prop(into)] id: String,
    #[prop(into)] catatan: String,
    #[prop(into, optional)] kelas: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let judul_id = format!("judul-{id}");
    let label_id = judul_id.clone();
    let chart_label = judul_id.clone();
    let chart_class = format!("chart {kelas}");
    view! {
        <section class="panel" aria-labelledby=label_id>
            <h2 id=judul_id>{grafik.judul.clone()}</h2>
            <p class="panel-note">{catatan}</p>
            {children.map(|c| c())}
            // Focusable: a chart wider than a phone scrolls inside this box,
            // and a keyboard must be able to scroll it too.
            <div class=chart_class tabindex="0" aria-labelledby=chart_label inner_html=grafik.svg.clone() data-testid=format!("grafik-{id}")></div>
            <details class="chart-table" data-testid=format!("angka-{id}")>
                <summary>"Tabel angka grafik ini"</summary>
                <TabelAngka tabel=grafik.tabel.clone() judul=grafik.judul.clone()/>
            </details>
        </section>
    }
}

/// `children` only for an account that `boleh` allows: forms and buttons a
/// role may use. Cosmetic — every server function checks again.
#[component]
pub fn JikaBoleh(boleh: fn(&model::akun::Akun) -> bool, children: ChildrenFn) -> impl IntoView {
    let info = use_context::<Info>();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    akun_dari(info).await.filter(&boleh).map(|_| children())
                })
            }}
        </Suspense>
    }
}

/// The message a refused form left under `?galat=` (None without one).
fn pesan_galat() -> Resource<Option<String>> {
    let query = leptos_router::hooks::use_query_map();
    Resource::new(
        move || query.read().get("galat"),
        |t| async move {
            match t {
                Some(t) if !t.is_empty() => crate::api::ambil_pesan(t).await.ok(),
                _ => None,
            }
        },
    )
}

/// The message a refused form left under `?galat=`, shown at the form.
#[component]
pub fn PesanGalat() -> impl IntoView {
    let pesan = pesan_galat();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                pesan.await.map(|m| view! {
                    <p class="notice notice-error" role="alert" data-testid="pesan-galat">{m}</p>
                })
            })}
        </Suspense>
    }
}

/// A refusal kept under `?galat=` that names several problems: one per
/// line, as a list under `judul`.
#[component]
pub fn PesanGalatDaftar(judul: &'static str) -> impl IntoView {
    let pesan = pesan_galat();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                pesan.await.filter(|m| !m.is_empty()).map(|m| view! {
                    <div class="notice notice-error" role="alert" data-testid="pesan-galat">
                        {judul}
                        <ul>{m.lines().map(|l| view! { <li>{l.to_string()}</li> }).collect_view()}</ul>
                    </div>
                })
            })}
        </Suspense>
    }
}

/// The targets' projections: when each is reached at the pace of the last
/// 3 and 6 months, and how that is computed.
#[component]
pub fn DaftarProyeksi(proyeksi: Vec<(String, String)>) -> impl IntoView {
    (!proyeksi.is_empty()).then(|| {
        view! {
            <div class="proyeksi" data-testid="proyeksi">
                <h3>"Proyeksi: kapan target tercapai dengan laju sekarang"</h3>
                <ul>
                    {proyeksi.into_iter().map(|(n, k)| view! { <li><strong>{n}</strong>": " {k}</li> }).collect_view()}
                </ul>
                <p class="panel-note">
                    "Laju = perubahan angka selama 3 (dan 6) bulan terakhir dibagi 3 (dan 6), dari laporan yang diterima. "
                    "Bulan tercapai = bulan terakhir ditambah sisa selisih dibagi laju, dibulatkan ke atas; kedua laju memberi rentang. "
                    "Laju yang diperlukan = sisa selisih dibagi bulan tersisa sampai tenggat."
                </p>
            </div>
        }
    })
}
