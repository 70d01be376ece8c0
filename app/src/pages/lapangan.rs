//! `/verifikasi-lapangan`: field verification visits. The Dinas or a camat
//! records what they saw at a KKMP (from a phone, with photos); the visit
//! confirms or contradicts the KKMP's own report, and the dashboards grade
//! their "beroperasi" figure by it. `/verifikasi-lapangan/<id>`: one visit
//! with its photos, their EXIF position and time, distance and SHA-256.

use crate::api::lapangan::{ambil_kunjungan, ambil_lapangan};
use crate::components::{TokenCsrf, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::format::{angka, desimal};
use model::lapangan::{
    BULAN_BUKTI, BuktiLapangan, FOTO_MAKS, HalamanLapangan, HasilKunjungan, JARAK_WAJAR_M,
    Kunjungan, TONGGAK_LAPANGAN, UKURAN_FOTO_MAKS,
};

#[component]
pub fn HalamanLapangan() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.read().get("kecamatan"),
        |k| ambil_lapangan(k.filter(|k| !k.is_empty())),
    );
    muat(data, |h| view! { <Lapangan h/> })
}

/// A visit's result as a badge.
#[component]
pub fn LencanaHasil(hasil: HasilKunjungan) -> impl IntoView {
    let (cls, simbol) = match hasil {
        HasilKunjungan::Mengonfirmasi => ("status status-tercapai", "✓"),
        HasilKunjungan::Membantah => ("status status-tertinggal", "✕"),
        HasilKunjungan::TanpaLaporan => ("status status-berisiko", "?"),
    };
    view! { <span class=cls><span aria-hidden="true">{simbol}</span>" "{hasil.label()}</span> }
}

/// The evidence grade of a "beroperasi" figure, as a line under it.
#[component]
pub fn GarisBukti(bukti: BuktiLapangan) -> impl IntoView {
    let kelas_dibantah = if bukti.dibantah > 0 {
        "bukti-dibantah"
    } else {
        ""
    };
    view! {
        <p class="bukti-lapangan" data-testid="bukti-lapangan">
            <strong>{format!("Bukti lapangan: {} dari {} KKMP beroperasi", angka(bukti.terkonfirmasi), angka(bukti.beroperasi))}</strong>
            " terkonfirmasi kunjungan · "
            <span class=kelas_dibantah>{format!("{} dibantah kunjungan", angka(bukti.dibantah))}</span>
            {format!(" · {} hanya laporan sendiri (kunjungan {} s.d. {}). ", angka(bukti.laporan_saja), model::format::tanggal_iso(&bukti.dari), model::format::tanggal_iso(&bukti.sampai))}
            <A href="/verifikasi-lapangan">"Verifikasi lapangan"</A>
        </p>
    }
}

#[component]
fn Lapangan(h: HalamanLapangan) -> impl IntoView {
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let tersimpan = q("tersimpan");
    let kel_awal = q("kel");
    let tanggal_awal = {
        let t = q("tanggal");
        if t.is_empty() { h.hari_ini.clone() } else { t }
    };
    let bisa_catat = !h.kkmp.is_empty();
    let grade = h.bukti.clone().map(|(p, b)| {
        view! {
            <section class="panel" aria-labelledby="judul-bukti">
                <h2 id="judul-bukti">{format!("Bukti lapangan — laporan {}", p.label())}</h2>
                <GarisBukti bukti=b.clone()/>
                <p class="panel-note">{format!(
                    "Sebuah KKMP terkonfirmasi bila kunjungan terakhirnya dalam {BULAN_BUKTI} bulan (tiga bulan sebelum bulan laporan, bulan laporan, dan dua bulan sesudahnya, saat laporan masuk, diterima dan diperiksa di tempat) melihat gerai buka, stok ada, dan pengurus/petugas di tempat; dibantah bila kunjungan itu tidak melihatnya. {} KKMP dikunjungi dalam jendela ini.",
                    angka(b.dikunjungi)
                )}</p>
            </section>
        }
    });
    let form = bisa_catat.then(|| {
        let kkmp = h.kkmp.clone();
        view! {
            <section class="panel no-print" aria-labelledby="judul-catat">
                <h2 id="judul-catat">"Catat kunjungan"</h2>
                <p class="panel-note">{format!(
                    "Isi di tempat dari ponsel. Lampirkan 1–{FOTO_MAKS} foto JPEG atau PNG (masing-masing paling besar {} MB) langsung dari kamera: lokasi dan waktu di dalam foto (EXIF) dibaca dan dibandingkan dengan kelurahan; foto yang diambil lebih dari {} km dari titik tengah kelurahan ditandai.",
                    UKURAN_FOTO_MAKS / (1024 * 1024),
                    desimal(JARAK_WAJAR_M as f64 / 1000.0, 0)
                )}</p>
                <form method="post" action="/verifikasi-lapangan/catat" enctype="multipart/form-data" class="report-form" data-testid="form-kunjungan">
                    <TokenCsrf/>
                    <div class="form-grid">
                        <div class="field field-wide"><label for="kel">"KKMP yang dikunjungi"</label>
                            <select id="kel" name="kelurahan_code" required>
                                {kkmp.into_iter().map(|(c, n)| {
                                    let pilih = c == kel_awal;
                                    view! { <option value=c selected=pilih>{n}</option> }
                                }).collect_view()}
                            </select></div>
                        <div class="field"><label for="tanggal">"Tanggal kunjungan"</label>
                            <input id="tanggal" name="tanggal" type="date" required value=tanggal_awal max=h.hari_ini.clone()/></div>
                        <div class="field"><label for="petugas">"Petugas yang berkunjung"</label>
                            <input id="petugas" name="petugas" type="text" required maxlength="200" autocomplete="name" value=q("petugas") placeholder="nama, pisahkan dengan koma"/></div>
                    </div>
                    <fieldset class="tonggak-lapangan">
                        <legend>"Yang terlihat saat kunjungan"</legend>
                        {TONGGAK_LAPANGAN.iter().map(|(kode, label, arti)| {
                            let awal = q(kode);
                            view! {
                                <div class="tonggak-baris" role="radiogroup" aria-label=*label>
                                    <span class="tonggak-label">{*label}<small>{*arti}</small></span>
                                    <label class="pilih-ya"><input type="radio" name=*kode value="ya" required checked=awal == "ya"/>" Ya"</label>
                                    <label class="pilih-tidak"><input type="radio" name=*kode value="tidak" checked=awal == "tidak"/>" Tidak"</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="form-grid">
                        <div class="field field-wide"><label for="catatan">"Catatan"</label>
                            <textarea id="catatan" name="catatan" rows="3" maxlength="2000" placeholder="apa yang dilihat, siapa yang ditemui">{q("catatan")}</textarea></div>
                        <div class="field field-wide"><label for="foto">{format!("Foto (1–{FOTO_MAKS})")}</label>
                            <input id="foto" name="foto" type="file" accept="image/jpeg,image/png" multiple required data-testid="input-foto"/>
                            <p class="hint">"Pada iPhone, foto HEIC diubah otomatis menjadi JPEG saat dipilih di sini."</p></div>
                    </div>
                    <div class="form-actions"><button type="submit" class="button-primary" data-testid="catat-kunjungan">"Simpan kunjungan"</button></div>
                </form>
            </section>
        }
    });
    let filter = h.kecamatan_pilihan.clone();
    let pilih_kec = h.kecamatan.clone().unwrap_or_default();
    let n = h.kunjungan.len();
    view! {
        <Title text="Verifikasi lapangan"/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">"Dinas Koperasi · camat · kunjungan ke KKMP"</p>
                <h1 data-testid="judul-halaman">"Verifikasi lapangan"</h1>
                <p class="lead">"Laporan KKMP adalah pengakuan sendiri. Kunjungan lapangan memisahkan koperasi yang benar-benar beroperasi dari yang hanya ada di atas kertas: apa yang terlihat di tempat, dengan foto, dibandingkan dengan laporan KKMP itu."</p>
            </div>
        </div>
        <crate::components::PesanGalatDaftar judul="Kunjungan belum disimpan:"/>
        {(!tersimpan.is_empty()).then(|| view! {
            <p class="notice notice-ok" role="status" data-testid="kunjungan-tersimpan">
                "Kunjungan tersimpan. "
                <A href=format!("/verifikasi-lapangan/{tersimpan}")>"Lihat kunjungan dan fotonya"</A>
            </p>
        })}
        {grade}
        {form}
        <section class="panel" aria-labelledby="judul-daftar">
            <h2 id="judul-daftar">{format!("Kunjungan ({})", angka(n as i64))}</h2>
            {(!filter.is_empty()).then(|| view! {
                <form method="get" action="/verifikasi-lapangan" class="inline-form filter-form no-print">
                    <label for="f-kec">"Kecamatan"</label>
                    <select id="f-kec" name="kecamatan">
                        <option value="">"Semua"</option>
                        {filter.into_iter().map(|(c, nama)| {
                            let pilih = c == pilih_kec;
                            view! { <option value=c selected=pilih>{nama}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button-secondary">"Tampilkan"</button>
                </form>
            })}
            <TabelKunjungan daftar=h.kunjungan.clone() dengan_kkmp=true/>
        </section>
    }
}

/// Visits as a table (also on the KKMP page).
#[component]
pub fn TabelKunjungan(daftar: Vec<Kunjungan>, dengan_kkmp: bool) -> impl IntoView {
    if daftar.is_empty() {
        return view! { <p>"Belum ada kunjungan lapangan yang dicatat."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table compact" data-testid="tabel-kunjungan">
                <thead><tr>
                    <th>"Tanggal"</th>
                    {dengan_kkmp.then(|| view! { <th>"KKMP"</th> })}
                    <th>"Terlihat"</th><th>"Laporan KKMP"</th><th>"Hasil"</th><th class="num">"Foto"</th><th>"Petugas"</th>
                </tr></thead>
                <tbody>{daftar.into_iter().map(|k| {
                    let terlihat = k.temuan.iter().map(|(kode, v)| {
                        let label = TONGGAK_LAPANGAN.iter().find(|t| t.0 == kode).map_or("", |t| t.1);
                        view! { <span class=if *v { "cek cek-ya" } else { "cek cek-tidak" } title=label>{if *v { "✓ " } else { "✕ " }}{label}</span> }
                    }).collect_view();
                    view! {
                        <tr>
                            <td class="nowrap"><A href=format!("/verifikasi-lapangan/{}", k.id)>{k.tanggal.clone()}</A></td>
                            {dengan_kkmp.then(|| view! { <td><A href=format!("/kkmp/{}", k.kelurahan_code)>{k.kkmp_nama.clone()}</A><br/><small>{k.kecamatan_nama.clone()}</small></td> })}
                            <td class="cek-daftar">{terlihat}</td>
                            <td>{k.laporan.clone().map(|(p, s)| format!("{s} ({})", p.label())).unwrap_or_else(|| "–".into())}</td>
                            <td><LencanaHasil hasil=k.hasil/></td>
                            <td class="num">{angka(k.foto.len() as i64)}{(k.foto_bertanda > 0).then(|| view! { <span class="tag tag-warn">{format!("{} ditandai", k.foto_bertanda)}</span> })}</td>
                            <td>{k.petugas.clone()}<br/><small>{format!("dicatat {}", k.dicatat_oleh)}</small></td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn HalamanKunjungan() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        |id| async move {
            match id.trim().parse::<i64>() {
                Ok(id) => ambil_kunjungan(id).await,
                Err(_) => Err(crate::error::AppError::TidakDitemukan(format!(
                    "'{}' bukan nomor kunjungan.",
                    id.chars().take(30).collect::<String>()
                ))),
            }
        },
    );
    muat(data, |k| view! { <DetailKunjungan k/> })
}

#[component]
fn DetailKunjungan(k: Kunjungan) -> impl IntoView {
    let judul = format!("Kunjungan ke {} — {}", k.kkmp_nama, k.tanggal);
    let (nama_kkmp, tanggal) = (k.kkmp_nama.clone(), k.tanggal.clone());
    let temuan_baru = format!(
        "/temuan?sumber=kunjungan&ref={}&wilayah={}&judul={}#buka",
        k.id,
        k.kelurahan_code,
        if k.hasil == HasilKunjungan::Membantah {
            "Kunjungan%20membantah%20laporan%20KKMP"
        } else {
            "Temuan%20kunjungan%20lapangan"
        }
    );
    view! {
        <Title text=judul.clone()/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">{format!("Verifikasi lapangan · kunjungan #{} · Kecamatan {}", k.id, k.kecamatan_nama)}</p>
                <h1 data-testid="judul-halaman">{judul}</h1>
                <p class="lead"><LencanaHasil hasil=k.hasil/>" "{match (&k.laporan, k.hasil) {
                    (Some((p, s)), HasilKunjungan::Mengonfirmasi) => format!("Yang terlihat sesuai dengan laporan KKMP {}: {}.", p.label(), s.to_lowercase()),
                    (Some((p, s)), _) => format!("Laporan KKMP {} menyatakan {}, tetapi yang terlihat di tempat {}.", p.label(), s.to_lowercase(), if k.terlihat_beroperasi() { "menunjukkan KKMP beroperasi" } else { "tidak menunjukkan KKMP beroperasi" }),
                    (None, _) => "KKMP belum punya laporan untuk bulan kunjungan atau sebelumnya.".to_string(),
                }}</p>
            </div>
            <p class="no-print"><A href="/verifikasi-lapangan">"← Semua kunjungan"</A></p>
        </div>
        <crate::components::JikaBoleh boleh=model::akun::Akun::kelola_temuan>
            <p class="no-print"><A href=temuan_baru.clone()>"Jadikan temuan Inspektorat"</A></p>
        </crate::components::JikaBoleh>
        <div class="two-col">
            <section class="panel" aria-labelledby="judul-temuan">
                <h2 id="judul-temuan">"Yang terlihat"</h2>
                <ul class="cek-list">{k.temuan.iter().map(|(kode, v)| {
                    let (label, arti) = TONGGAK_LAPANGAN.iter().find(|t| t.0 == kode).map_or(("", ""), |t| (t.1, t.2));
                    view! { <li class=if *v { "cek-ya" } else { "cek-tidak" }><strong>{if *v { "✓ " } else { "✕ " }}{label}</strong><br/><small>{arti}</small></li> }
                }).collect_view()}</ul>
                {(!k.catatan.is_empty()).then(|| view! { <p><strong>"Catatan: "</strong>{k.catatan.clone()}</p> })}
            </section>
            <section class="panel" aria-labelledby="judul-siapa">
                <h2 id="judul-siapa">"Siapa dan kapan"</h2>
                <dl class="dl-grid">
                    <dt>"KKMP"</dt><dd><A href=format!("/kkmp/{}", k.kelurahan_code)>{k.kkmp_nama.clone()}</A>{format!(" ({})", k.kelurahan_code)}</dd>
                    <dt>"Tanggal kunjungan"</dt><dd>{k.tanggal.clone()}</dd>
                    <dt>"Petugas"</dt><dd>{k.petugas.clone()}</dd>
                    <dt>"Dicatat"</dt><dd>{format!("{} oleh {}", k.dicatat_pada, k.dicatat_oleh)}</dd>
                    <dt>"Laporan pembanding"</dt><dd>{k.laporan.clone().map(|(p, s)| format!("{s}, laporan {}", p.label())).unwrap_or_else(|| "tidak ada".into())}</dd>
                </dl>
            </section>
        </div>
        <section class="panel" aria-labelledby="judul-foto">
            <h2 id="judul-foto">{format!("Foto ({})", k.foto.len())}</h2>
            <p class="panel-note">"Setiap foto disimpan persis seperti dikirim; SHA-256-nya tercatat di jejak audit bersama kunjungan ini, sehingga foto yang diganti di basis data terdeteksi pada pemeriksaan jejak."</p>
            <div class="foto-grid">{k.foto.iter().enumerate().map(|(i, f)| {
                let src = format!("/verifikasi-lapangan/foto/{}", f.id);
                let tautan = src.clone();
                let alt = format!("Foto {} kunjungan ke {} pada {}", i + 1, nama_kkmp, tanggal);
                let posisi = match (f.lintang, f.bujur) {
                    (Some(la), Some(lo)) => format!("{}, {}", desimal(la, 5), desimal(lo, 5)),
                    _ => "tidak ada".into(),
                };
                let jarak = f.jarak_m.map(|m| if m == 0 { "di dalam batas kelurahan".to_string() } else { format!("{} km dari titik tengah kelurahan", desimal(m as f64 / 1000.0, 2)) }).unwrap_or_else(|| "–".into());
                view! {
                    <figure class="foto-kartu" data-testid="foto-kunjungan">
                        <a href=tautan><img src=src alt=alt loading="lazy" width=f.lebar.to_string() height=f.tinggi.to_string()/></a>
                        <figcaption>
                            {(!f.tanda.is_empty()).then(|| view! {
                                <ul class="tanda-foto">{f.tanda.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                            })}
                            <dl class="dl-grid kecil">
                                <dt>"Diambil (EXIF)"</dt><dd>{f.waktu.clone().unwrap_or_else(|| "tidak ada".into())}</dd>
                                <dt>"Lokasi (EXIF)"</dt><dd>{posisi}</dd>
                                <dt>"Jarak"</dt><dd>{jarak}</dd>
                                <dt>"Berkas"</dt><dd>{format!("{} · {} × {} piksel · {} KB", f.jenis, angka(f.lebar), angka(f.tinggi), angka((f.ukuran + 1023) / 1024))}</dd>
                                <dt>"SHA-256"</dt><dd><code class="hash">{f.sha256.clone()}</code></dd>
                            </dl>
                        </figcaption>
                    </figure>
                }
            }).collect_view()}</div>
        </section>
    }
}
