//! `/rekonsiliasi`: where the city's accepted reports and SIMKOPDES, the
//! national system, disagree — per KKMP and field, with an owner and a
//! status — the import of a national export, and the imports before.
//! `/rekonsiliasi/pratinjau/<token>`: what an export would record, its
//! located problems, and the unsure matches a person decides before
//! anything is stored.

use crate::api::rekonsiliasi::{ambil_halaman_rekonsiliasi, ambil_pratinjau_rekonsiliasi};
use crate::components::{JikaBoleh, KartuAngka, PesanGalatDaftar, TokenCsrf, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::akun::Akun;
use model::format::angka;
use model::rekonsiliasi::{
    HalamanRekonsiliasi, PratinjauRekonsiliasi, Selisih, TOLERANSI_ANGGOTA_PERSEN,
};
use model::temuan::{LANGKAH_BUKA, LANGKAH_TINDAK, LANGKAH_TUTUP, StatusTemuan};

#[component]
pub fn HalamanRekonsiliasiSimkopdes() -> impl IntoView {
    let data = Resource::new(|| (), |_| ambil_halaman_rekonsiliasi());
    muat(data, |h| view! { <Rekonsiliasi h/> })
}

/// A discrepancy's status as a badge.
#[component]
pub fn LencanaSelisih(status: StatusTemuan) -> impl IntoView {
    let cls = match status {
        StatusTemuan::Ditutup => "status status-tercapai",
        StatusTemuan::Ditindaklanjuti => "status status-jalur",
        StatusTemuan::Terbuka => "status status-berisiko",
    };
    view! { <span class=cls>{model::rekonsiliasi::label_status(status)}</span> }
}

fn label_langkah(jenis: &str) -> &'static str {
    match jenis {
        LANGKAH_TINDAK => "Tindak lanjut",
        LANGKAH_TUTUP => "Diselesaikan Dinas",
        LANGKAH_BUKA => "Dibuka lagi Dinas",
        _ => "Langkah",
    }
}

/// The discrepancies as a table; each row opens to its steps and the
/// form for the next one.
#[component]
pub fn TabelSelisih(daftar: Vec<Selisih>, #[prop(optional)] ringkas: bool) -> impl IntoView {
    if daftar.is_empty() {
        return view! { <p>"Tidak ada selisih."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table compact" data-testid="tabel-selisih">
                <thead><tr>
                    <th>"KKMP"</th><th>"Bidang"</th><th>"Laporan kota"</th><th>"SIMKOPDES"</th>
                    <th>"Penanggung jawab"</th><th>"Status"</th>
                </tr></thead>
                <tbody>{daftar.into_iter().map(|s| {
                    let id = s.id;
                    let selesai = s.status == StatusTemuan::Ditutup;
                    // A KKMP missing from the file says so in its value.
                    let sumber = (s.baris > 0).then(|| view! { <br/><small>{format!("baris {}", s.baris)}</small> });
                    view! {
                        <tr id=format!("selisih-{id}")>
                            <td><A href=format!("/kkmp/{}", s.kelurahan_code)>{s.kelurahan.clone()}</A><br/><small>{s.kecamatan.clone()}</small></td>
                            <td>{s.bidang_label.clone()}</td>
                            <td>{s.nilai_kota.clone()}</td>
                            <td>{s.nilai_nasional.clone()}{sumber}</td>
                            <td>{s.pemilik.clone()}</td>
                            <td>
                                <LencanaSelisih status=s.status/>
                                {(!ringkas).then(|| view! {
                                    <details class="no-print">
                                        <summary>{format!("Langkah ({})", s.langkah.len())}</summary>
                                        <ol class="langkah-temuan">{s.langkah.iter().map(|l| view! {
                                            <li><strong>{label_langkah(&l.jenis)}</strong>{format!(" · {} · {}", l.pada, l.oleh)}
                                                <p class="pre-line">{l.uraian.clone()}</p></li>
                                        }).collect_view()}</ol>
                                        <FormLangkah id selesai/>
                                    </details>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The next step's form: a follow-up while it is unresolved (the Dinas,
/// the camat of its kecamatan), resolving or reopening (the Dinas).
#[component]
fn FormLangkah(id: i64, selesai: bool) -> impl IntoView {
    let pilihan: Vec<(&'static str, &'static str)> = if selesai {
        vec![(LANGKAH_BUKA, "Buka lagi (Dinas)")]
    } else {
        vec![
            (LANGKAH_TINDAK, "Tindak lanjut"),
            (
                LANGKAH_TUTUP,
                "Selesai: data sudah sama atau yang benar sudah jelas (Dinas)",
            ),
        ]
    };
    view! {
        <JikaBoleh boleh=|a: &Akun| a.peran == model::akun::Peran::Admin || a.peran == model::akun::Peran::Camat>
            <form method="post" action="/api/langkah_selisih" class="report-form" data-testid="form-selisih">
                <TokenCsrf/>
                <input type="hidden" name="selisih_id" value=id.to_string()/>
                <div class="field"><label for=format!("jenis-{id}")>"Langkah"</label>
                    <select id=format!("jenis-{id}") name="jenis">{pilihan.iter().map(|(k, l)| view! {
                        <option value=*k>{*l}</option>
                    }).collect_view()}</select></div>
                <div class="field"><label for=format!("uraian-{id}")>"Uraian"</label>
                    <textarea id=format!("uraian-{id}") name="uraian" rows="2" required maxlength="2000"
                        placeholder="mis. data SIMKOPDES diperbarui pengurus pada 2 Des; atau laporan kota yang keliru"></textarea></div>
                <button type="submit" class="button-primary">"Simpan langkah"</button>
            </form>
        </JikaBoleh>
    }
}

#[component]
fn Rekonsiliasi(h: HalamanRekonsiliasi) -> impl IntoView {
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k);
    let (terbuka, proses, selesai) = h.jumlah;
    let terakhir = h.riwayat.first().cloned();
    let kolom = h.kolom.clone();
    let riwayat = h.riwayat.clone();
    view! {
        <Title text="Rekonsiliasi SIMKOPDES"/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">"Sekda · Dinas Koperasi · data nasional"</p>
                <h1 data-testid="judul-halaman">"Rekonsiliasi dengan SIMKOPDES"</h1>
                <p class="lead">"Di mana laporan kota yang sudah diterima Dinas dan catatan SIMKOPDES (sistem nasional) tentang KKMP yang sama tidak sama: per KKMP dan per bidang, dengan penanggung jawab dan statusnya. Tidak ada yang dihapus: setiap impor dan setiap langkah tercatat di jejak audit."</p>
            </div>
        </div>
        {q("tersimpan").map(|_| view! { <p class="notice notice-ok" role="status" data-testid="rekonsiliasi-tersimpan">"Impor tersimpan dan tercatat di jejak audit."</p> })}
        {q("langkah").map(|_| view! { <p class="notice notice-ok" role="status">"Langkah tersimpan dan tercatat di jejak audit."</p> })}
        <PesanGalatDaftar judul="Belum disimpan:"/>
        {match terakhir {
            None => view! {
                <section class="panel"><p data-testid="rekonsiliasi-kosong">"Belum ada ekspor SIMKOPDES yang diimpor. Dinas mengunggahnya di bawah; setelah disimpan, selisihnya tampil di sini dan di ruang rapat Sekda."</p></section>
            }.into_any(),
            Some(r) => view! {
                <p class="data-note" data-testid="sumber-rekonsiliasi">{format!(
                    "Dibandingkan: {} ({} baris, {} KKMP cocok{}), disimpan {} oleh {}, dengan laporan kota yang diterima s.d. {}.",
                    r.nama_berkas, angka(r.baris_data), angka(r.cocok + r.dikonfirmasi),
                    if r.dikonfirmasi > 0 { format!(", {} dikonfirmasi manual", angka(r.dikonfirmasi)) } else { String::new() },
                    r.pada, r.oleh, r.periode
                )}</p>
                <section class="cards" aria-label="Ringkasan selisih">
                    <KartuAngka judul="Selisih terbuka" nilai=angka(terbuka) keterangan="belum ada tindak lanjut" aksen={terbuka > 0}/>
                    <KartuAngka judul="Ditindaklanjuti" nilai=angka(proses) keterangan="menunggu Dinas"/>
                    <KartuAngka judul="Selesai" nilai=angka(selesai) keterangan="diselesaikan Dinas"/>
                </section>
                <section class="panel" aria-labelledby="judul-per-bidang">
                    <h2 id="judul-per-bidang">"Belum selesai, per bidang"</h2>
                    <p class="chips">{h.per_bidang.iter().map(|(b, n)| view! {
                        <span class="chip">{format!("{b}: {}", angka(*n))}</span>
                    }).collect_view()}</p>
                    <p class="data-note">{format!(
                        "Anggota dianggap berbeda bila selisihnya lebih dari {TOLERANSI_ANGGOTA_PERSEN}% dari angka yang lebih besar. Sel SIMKOPDES yang kosong berbeda bila laporan kota mengisi sesuatu. KKMP tanpa laporan yang diterima tidak dibandingkan."
                    )}</p>
                </section>
                <section class="panel" aria-labelledby="judul-selisih">
                    <h2 id="judul-selisih">{format!("Selisih ({})", h.selisih.len())}</h2>
                    <TabelSelisih daftar=h.selisih.clone()/>
                </section>
            }.into_any(),
        }}
        <JikaBoleh boleh=Akun::kelola_rekonsiliasi>
            <section class="panel no-print" id="unggah" aria-labelledby="judul-unggah">
                <h2 id="judul-unggah">"Impor ekspor SIMKOPDES"</h2>
                <p>"Unggah ekspor per KKMP dari SIMKOPDES (CSV atau XLSX, paling besar 32 MB; ekspor nasional boleh: baris di luar Kota Palembang dilewati). Sebelum disimpan, Anda melihat hasil pencocokan, masalah per baris dan kolom, dan memutuskan setiap kecocokan nama yang meragukan."</p>
                <form method="post" action="/rekonsiliasi/unggah" enctype="multipart/form-data" class="report-form" data-testid="form-rekonsiliasi">
                    <TokenCsrf/>
                    <div class="field field-wide"><label for="berkas-simkopdes">"Berkas ekspor"</label>
                        <input id="berkas-simkopdes" name="berkas" type="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/></div>
                    <div class="form-actions"><button type="submit" class="button-primary" data-testid="unggah-rekonsiliasi">"Periksa berkas"</button></div>
                </form>
                <details>
                    <summary>"Judul kolom yang dikenali"</summary>
                    <p class="data-note">"Tata letak ekspor SIMKOPDES tidak dibakukan; pemetaan judul kolom ada di berkas konfigurasi (PANTAU_SIMKOPDES_KOLOM). Kolom yang tidak ada di pemetaan ditolak dengan letaknya."</p>
                    <dl class="dl-grid">{kolom.clone().into_iter().map(|(b, j)| view! { <dt>{b}</dt><dd>{j}</dd> }).collect_view()}</dl>
                </details>
            </section>
        </JikaBoleh>
        {(!riwayat.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="judul-riwayat">
                <h2 id="judul-riwayat">"Impor sebelumnya"</h2>
                <div class="table-scroll" tabindex="0">
                    <table class="data-table compact">
                        <thead><tr><th>"Disimpan"</th><th>"Berkas"</th><th class="num">"Baris"</th><th class="num">"KKMP cocok"</th><th>"Data kota"</th><th class="num">"Selisih"</th></tr></thead>
                        <tbody>{riwayat.into_iter().map(|r| view! {
                            <tr><td>{format!("{} · {}", r.pada, r.oleh)}</td>
                                <td>{r.nama_berkas}<br/><code class="hash">{r.sha256}</code></td>
                                <td class="num">{angka(r.baris_data)}</td>
                                <td class="num">{angka(r.cocok + r.dikonfirmasi)}</td>
                                <td>{r.periode}</td>
                                <td class="num">{angka(r.jumlah_selisih)}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            </section>
        })}
    }
}

#[component]
pub fn HalamanPratinjauRekonsiliasi() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("token").unwrap_or_default(),
        ambil_pratinjau_rekonsiliasi,
    );
    muat(data, |p| view! { <Pratinjau p/> })
}

#[component]
fn Pratinjau(p: PratinjauRekonsiliasi) -> impl IntoView {
    let bisa = p.galat.is_empty();
    let n_ragu = p.ragu.len();
    view! {
        <Title text="Pratinjau impor SIMKOPDES"/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">"Rekonsiliasi SIMKOPDES · belum disimpan"</p>
                <h1 data-testid="judul-halaman">{p.nama_berkas.clone()}</h1>
                <p class="lead">{format!(
                    "{} baris data; {} di luar Kota Palembang dilewati; {} KKMP cocok pasti, {} perlu keputusan Anda.",
                    angka(p.baris_data as i64), angka(p.di_luar_kota as i64), angka(p.cocok as i64), angka(n_ragu as i64)
                )}</p>
                <p class="data-note">"SHA-256 "<code class="hash">{p.sha256.clone()}</code></p>
            </div>
            <p class="no-print"><A href="/rekonsiliasi">"← Rekonsiliasi"</A></p>
        </div>
        <PesanGalatDaftar judul="Belum disimpan:"/>
        {(!p.galat.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="judul-masalah">
                <h2 id="judul-masalah">"Masalah di berkas: tidak dapat disimpan"</h2>
                <div class="table-scroll" tabindex="0">
                    <table class="data-table compact" data-testid="galat-rekonsiliasi">
                        <thead><tr><th>"Letak"</th><th>"Masalah"</th></tr></thead>
                        <tbody>{p.galat.iter().map(|g| view! {
                            <tr><td class="nowrap">{if g.lokasi.is_empty() { "Berkas".to_string() } else { g.lokasi.clone() }}</td><td>{g.pesan.clone()}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
                {(p.galat_lain > 0).then(|| view! { <p>{format!("… dan {} masalah lain.", angka(p.galat_lain as i64))}</p> })}
                <p>"Perbaiki berkasnya (atau pemetaan kolom) lalu unggah lagi. Tidak ada yang disimpan."</p>
            </section>
        })}
        {bisa.then(|| view! {
            <form method="post" action="/rekonsiliasi/simpan" class="report-form" data-testid="form-simpan-rekonsiliasi">
                <TokenCsrf/>
                <input type="hidden" name="token" value=p.token.clone()/>
                {(n_ragu > 0).then(|| view! {
                    <section class="panel" aria-labelledby="judul-ragu">
                        <h2 id="judul-ragu">"Kecocokan yang perlu diputuskan"</h2>
                        <p>"Nama di baris berikut tidak persis nama resmi (Kepmendagri 2022 atau 2025) di kecamatannya. Pilih \"Ya\" bila kelurahan yang diusulkan benar; \"Bukan\" membuat baris itu tidak dipakai, dan KKMP-nya dihitung tidak ada di SIMKOPDES."</p>
                        <div class="table-scroll" tabindex="0">
                            <table class="data-table compact" data-testid="tabel-ragu">
                                <thead><tr><th>"Baris"</th><th>"Tertulis"</th><th>"Diusulkan"</th><th>"Alasan"</th><th>"Benar?"</th></tr></thead>
                                <tbody>{p.ragu.iter().map(|r| {
                                    let nama = format!("baris_{}", r.baris);
                                    view! {
                                        <tr><td class="num">{r.baris}</td><td>{r.tertulis.clone()}</td><td>{r.kelurahan.clone()}</td><td>{r.alasan.clone()}</td>
                                            <td>
                                                <div class="pilih-ragu" role="radiogroup" aria-label=format!("Baris {} benar?", r.baris)>
                                                    <label><input type="radio" name=nama.clone() value="ya" required/>" Ya"</label>
                                                    <label><input type="radio" name=nama value="bukan"/>" Bukan"</label>
                                                </div>
                                            </td></tr>
                                    }
                                }).collect_view()}</tbody>
                            </table>
                        </div>
                    </section>
                })}
                <section class="panel">
                    <p data-testid="ringkas-rekonsiliasi">{match &p.periode {
                        Some(per) => format!(
                            "Disimpan, impor ini mencatat {} selisih terhadap laporan kota yang diterima s.d. {per} (bila setiap kecocokan di atas benar).",
                            angka(p.selisih as i64)
                        ),
                        None => "Belum ada laporan yang diterima Dinas: tidak ada yang dapat dibandingkan.".into(),
                    }}</p>
                    {(!p.tidak_ada.is_empty()).then(|| view! {
                        <details><summary>{format!("{} KKMP tidak ada di berkas", p.tidak_ada.len())}</summary>
                            <p>{p.tidak_ada.join(", ")}</p></details>
                    })}
                    <div class="form-actions"><button type="submit" class="button-primary" data-testid="simpan-rekonsiliasi">"Simpan impor dan selisihnya"</button></div>
                </section>
            </form>
        })}
    }
}
