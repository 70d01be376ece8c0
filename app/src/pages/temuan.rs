//! `/temuan`: the Inspektorat's findings register — finding,
//! recommendation, the responsible office's follow-ups with evidence, the
//! Inspektorat's closing. `/temuan/<id>`: one finding with its steps and
//! the forms for the next one.

use crate::api::temuan::{ambil_halaman_temuan, ambil_temuan};
use crate::components::{JikaBoleh, TokenCsrf, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use model::akun::Akun;
use model::format::angka;
use model::temuan::{
    HalamanTemuan, LANGKAH_BUKA, LANGKAH_TINDAK, LANGKAH_TUTUP, SUMBER_TEMUAN, StatusTemuan, Temuan,
};

#[component]
pub fn HalamanDaftarTemuan() -> impl IntoView {
    let data = Resource::new(|| (), |_| ambil_halaman_temuan());
    muat(data, |h| view! { <Register h/> })
}

/// A finding's status as a badge (red when overdue).
#[component]
pub fn LencanaTemuan(status: StatusTemuan, lewat: bool) -> impl IntoView {
    let cls = match (status, lewat) {
        (StatusTemuan::Ditutup, _) => "status status-tercapai",
        (_, true) => "status status-tertinggal",
        (StatusTemuan::Ditindaklanjuti, _) => "status status-jalur",
        (StatusTemuan::Terbuka, _) => "status status-berisiko",
    };
    view! {
        <span class=cls>{status.label()}{lewat.then_some(" · lewat tenggat")}</span>
    }
}

#[component]
pub fn TabelTemuan(daftar: Vec<Temuan>) -> impl IntoView {
    if daftar.is_empty() {
        return view! { <p>"Tidak ada temuan."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table compact" data-testid="tabel-temuan">
                <thead><tr><th>"No."</th><th>"Temuan"</th><th>"Wilayah"</th><th>"Penanggung jawab"</th><th>"Tenggat"</th><th>"Status"</th><th class="num">"Langkah"</th></tr></thead>
                <tbody>{daftar.into_iter().map(|t| view! {
                    <tr class:baris-lewat=t.lewat>
                        <td class="nowrap"><A href=format!("/temuan/{}", t.id)>{format!("#{}", t.id)}</A></td>
                        <td><A href=format!("/temuan/{}", t.id)>{t.judul.clone()}</A><br/><small>{t.sumber_label.clone()}</small></td>
                        <td>{t.wilayah.clone()}</td>
                        <td>{t.penanggung_jawab.clone()}</td>
                        <td class="nowrap">{t.tenggat.clone()}</td>
                        <td><LencanaTemuan status=t.status lewat=t.lewat/></td>
                        <td class="num">{angka(t.langkah.len() as i64)}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Register(h: HalamanTemuan) -> impl IntoView {
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let (terbuka, proses, tutup, lewat) = h.jumlah;
    let ada_lewat = lewat > 0;
    let wilayah_awal = q("wilayah");
    let sumber_awal = {
        let s = q("sumber");
        if s.is_empty() {
            "pemeriksaan".to_string()
        } else {
            s
        }
    };
    let tenggat_awal = {
        let t = q("tenggat");
        if t.is_empty() { h.hari_ini.clone() } else { t }
    };
    let wilayah = h.wilayah.clone();
    let hari_ini = h.hari_ini.clone();
    view! {
        <Title text="Temuan Inspektorat"/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">"Inspektorat · register temuan"</p>
                <h1 data-testid="judul-halaman">"Temuan dan tindak lanjut"</h1>
                <p class="lead">"Setiap temuan Inspektorat dengan rekomendasinya, tindak lanjut dari dinas atau camat yang bertanggung jawab beserta buktinya, sampai Inspektorat menutupnya. Tidak ada yang dihapus atau diubah: setiap langkah tercatat di jejak audit."</p>
            </div>
        </div>
        <section class="cards" aria-label="Ringkasan temuan">
            <crate::components::KartuAngka judul="Terbuka" nilai=angka(terbuka) keterangan="belum ada tindak lanjut"/>
            <crate::components::KartuAngka judul="Ditindaklanjuti" nilai=angka(proses) keterangan="menunggu penilaian Inspektorat"/>
            <crate::components::KartuAngka judul="Ditutup" nilai=angka(tutup) keterangan="selesai menurut Inspektorat"/>
            <crate::components::KartuAngka judul="Lewat tenggat" nilai=angka(lewat) keterangan="belum ditutup, tenggat terlewati" aksen=ada_lewat/>
        </section>
        <crate::components::PesanGalatDaftar judul="Belum disimpan:"/>
        <section class="panel" aria-labelledby="judul-daftar-temuan">
            <h2 id="judul-daftar-temuan">{format!("Temuan ({})", h.temuan.len())}</h2>
            <TabelTemuan daftar=h.temuan.clone()/>
        </section>
        <JikaBoleh boleh=Akun::kelola_temuan>
            <section class="panel no-print" id="buka" aria-labelledby="judul-buka">
                <h2 id="judul-buka">"Buka temuan"</h2>
                <form method="post" action="/api/buka_temuan" class="report-form" data-testid="form-temuan">
                    <TokenCsrf/>
                    <div class="form-grid">
                        <div class="field field-wide"><label for="judul">"Judul"</label>
                            <input id="judul" name="judul" type="text" required maxlength="200" value=q("judul")/></div>
                        <div class="field field-wide"><label for="uraian">"Kondisi yang ditemukan"</label>
                            <textarea id="uraian" name="uraian" rows="3" required maxlength="4000">{q("uraian")}</textarea></div>
                        <div class="field field-wide"><label for="rekomendasi">"Rekomendasi"</label>
                            <textarea id="rekomendasi" name="rekomendasi" rows="3" required maxlength="4000">{q("rekomendasi")}</textarea></div>
                        <div class="field"><label for="pj">"Penanggung jawab"</label>
                            <input id="pj" name="penanggung_jawab" type="text" required maxlength="200" value=q("pj") placeholder="mis. Kepala Dinas Koperasi"/></div>
                        <div class="field"><label for="wilayah">"Wilayah"</label>
                            <select id="wilayah" name="wilayah_code">{wilayah.clone().into_iter().map(|(c, n)| {
                                let pilih = c == wilayah_awal;
                                view! { <option value=c selected=pilih>{n}</option> }
                            }).collect_view()}</select></div>
                        <div class="field"><label for="sumber">"Sumber"</label>
                            <select id="sumber" name="sumber">{SUMBER_TEMUAN.iter().map(|(c, n)| {
                                let pilih = *c == sumber_awal;
                                view! { <option value=*c selected=pilih>{*n}</option> }
                            }).collect_view()}</select></div>
                        <div class="field"><label for="ref">"Rujukan sumber"</label>
                            <input id="ref" name="sumber_ref" type="text" maxlength="200" value=q("ref") placeholder="kunci anomali atau nomor kunjungan"/></div>
                        <div class="field"><label for="tenggat">"Tenggat tindak lanjut"</label>
                            <input id="tenggat" name="tenggat" type="date" required min=hari_ini.clone() value=tenggat_awal.clone()/></div>
                    </div>
                    <div class="form-actions"><button type="submit" class="button-primary" data-testid="buka-temuan">"Buka temuan"</button></div>
                </form>
            </section>
        </JikaBoleh>
    }
}

#[component]
pub fn HalamanSatuTemuan() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        |id| async move {
            match id.trim().parse::<i64>() {
                Ok(id) => ambil_temuan(id).await,
                Err(_) => Err(crate::error::AppError::TidakDitemukan(format!(
                    "'{}' bukan nomor temuan.",
                    id.chars().take(30).collect::<String>()
                ))),
            }
        },
    );
    muat(data, |t| view! { <DetailTemuan t/> })
}

fn label_langkah(jenis: &str) -> &'static str {
    match jenis {
        LANGKAH_TINDAK => "Tindak lanjut",
        LANGKAH_TUTUP => "Ditutup Inspektorat",
        LANGKAH_BUKA => "Dibuka lagi Inspektorat",
        _ => "Langkah",
    }
}

#[component]
fn DetailTemuan(t: Temuan) -> impl IntoView {
    let query = use_query_map();
    let tersimpan = query
        .read_untracked()
        .get("langkah")
        .or(query.read_untracked().get("dibuka"));
    let id = t.id;
    let ditutup = t.status == StatusTemuan::Ditutup;
    let sumber = match (t.sumber.as_str(), t.sumber_ref.is_empty()) {
        (_, true) => t.sumber_label.clone(),
        ("kunjungan", false) => format!("{} #{}", t.sumber_label, t.sumber_ref),
        _ => format!("{}: {}", t.sumber_label, t.sumber_ref),
    };
    let sumber_link = (t.sumber == "kunjungan" && t.sumber_ref.parse::<i64>().is_ok())
        .then(|| format!("/verifikasi-lapangan/{}", t.sumber_ref));
    view! {
        <Title text=format!("Temuan #{}", t.id)/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">{format!("Temuan #{} · {} · dibuka {} oleh {}", t.id, t.wilayah, t.dibuka_pada, t.dibuka_oleh)}</p>
                <h1 data-testid="judul-halaman">{t.judul.clone()}</h1>
                <p class="lead"><LencanaTemuan status=t.status lewat=t.lewat/>{format!(" Tenggat {} · penanggung jawab {}", t.tenggat, t.penanggung_jawab)}</p>
            </div>
            <p class="no-print"><A href="/temuan">"← Semua temuan"</A></p>
        </div>
        <crate::components::PesanGalatDaftar judul="Belum disimpan:"/>
        {tersimpan.map(|_| view! { <p class="notice notice-ok" role="status" data-testid="temuan-tersimpan">"Tersimpan dan tercatat di jejak audit."</p> })}
        <div class="two-col">
            <section class="panel" aria-labelledby="judul-kondisi">
                <h2 id="judul-kondisi">"Kondisi yang ditemukan"</h2>
                <p class="pre-line">{t.uraian.clone()}</p>
                <p><strong>"Sumber: "</strong>{match sumber_link {
                    Some(href) => view! { <A href=href>{sumber.clone()}</A> }.into_any(),
                    None => view! { <span>{sumber.clone()}</span> }.into_any(),
                }}</p>
            </section>
            <section class="panel" aria-labelledby="judul-rekomendasi">
                <h2 id="judul-rekomendasi">"Rekomendasi"</h2>
                <p class="pre-line">{t.rekomendasi.clone()}</p>
            </section>
        </div>
        <section class="panel" aria-labelledby="judul-langkah">
            <h2 id="judul-langkah">"Tindak lanjut dan keputusan"</h2>
            {if t.langkah.is_empty() {
                view! { <p>"Belum ada tindak lanjut."</p> }.into_any()
            } else {
                view! {
                    <ol class="langkah-temuan" data-testid="langkah-temuan">{t.langkah.iter().map(|l| view! {
                        <li>
                            <strong>{label_langkah(&l.jenis)}</strong>{format!(" · {} · {}", l.pada, l.oleh)}
                            <p class="pre-line">{l.uraian.clone()}</p>
                            {l.berkas.clone().map(|(nama, jenis, ukuran, sha)| view! {
                                <p class="bukti-berkas"><a href=format!("/temuan/berkas/{}", l.id) download>{format!("Bukti: {nama}")}</a>
                                    {format!(" ({jenis}, {} KB) ", angka((ukuran + 1023) / 1024))}<code class="hash">{sha}</code></p>
                            })}
                        </li>
                    }).collect_view()}</ol>
                }.into_any()
            }}
        </section>
        {(!ditutup).then(|| view! {
            <JikaBoleh boleh=|a: &Akun| a.peran == model::akun::Peran::Admin || a.peran == model::akun::Peran::Camat>
                <section class="panel no-print" aria-labelledby="judul-tindak">
                    <h2 id="judul-tindak">"Laporkan tindak lanjut"</h2>
                    <form method="post" action="/temuan/langkah" enctype="multipart/form-data" class="report-form" data-testid="form-tindak-temuan">
                        <TokenCsrf/>
                        <input type="hidden" name="temuan_id" value=id.to_string()/>
                        <input type="hidden" name="jenis" value=LANGKAH_TINDAK/>
                        <div class="form-grid">
                            <div class="field field-wide"><label for="uraian-tindak">"Apa yang sudah dilakukan"</label>
                                <textarea id="uraian-tindak" name="uraian" rows="3" required maxlength="4000"></textarea></div>
                            <div class="field field-wide"><label for="berkas-tindak">"Bukti (PDF, JPEG atau PNG, paling besar 8 MB)"</label>
                                <input id="berkas-tindak" name="berkas" type="file" accept="application/pdf,image/jpeg,image/png" required/></div>
                        </div>
                        <div class="form-actions"><button type="submit" class="button-primary" data-testid="kirim-tindak-temuan">"Kirim tindak lanjut"</button></div>
                    </form>
                </section>
            </JikaBoleh>
        })}
        <JikaBoleh boleh=Akun::kelola_temuan>
            <section class="panel no-print" aria-labelledby="judul-putus">
                <h2 id="judul-putus">{if ditutup { "Buka lagi temuan ini" } else { "Tutup temuan ini" }}</h2>
                <form method="post" action="/temuan/langkah" enctype="multipart/form-data" class="report-form" data-testid="form-putus-temuan">
                    <TokenCsrf/>
                    <input type="hidden" name="temuan_id" value=id.to_string()/>
                    <input type="hidden" name="jenis" value=if ditutup { LANGKAH_BUKA } else { LANGKAH_TUTUP }/>
                    <div class="form-grid">
                        <div class="field field-wide"><label for="uraian-putus">{if ditutup { "Alasan membuka lagi" } else { "Penilaian: mengapa tindak lanjut memadai" }}</label>
                            <textarea id="uraian-putus" name="uraian" rows="3" required maxlength="4000"></textarea></div>
                        <div class="field field-wide"><label for="berkas-putus">"Lampiran (tidak wajib)"</label>
                            <input id="berkas-putus" name="berkas" type="file" accept="application/pdf,image/jpeg,image/png"/></div>
                    </div>
                    <div class="form-actions"><button type="submit" class="button-primary" data-testid="putus-temuan">{if ditutup { "Buka lagi" } else { "Tutup temuan" }}</button></div>
                </form>
            </section>
        </JikaBoleh>
    }
}
