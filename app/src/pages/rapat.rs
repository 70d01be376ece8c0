//! `/rapat`: the Sekda's coordination meeting. A meeting freezes the
//! figures at a cut-off (with their hash); the page shows every indicator
//! per kecamatan with its status, the laggards, reporting completeness and
//! timeliness per camat, the tindak lanjut ledger (with open items of
//! earlier meetings carried in), what changed since the last meeting, and
//! the PDF and XLSX packs.

use crate::api::ruang::ambil_rapat;
use crate::components::{JikaBoleh, LencanaStatus, PesanGalat, TokenCsrf, muat};
use crate::pages::briefing::PanelPerubahan;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::akun::Akun;
use model::format::{angka, persen};
use model::ruang::{DetailRapat, HalamanRapat, STATUS_TINDAK, TindakLanjut};

#[component]
pub fn HalamanRapat() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("id").and_then(|s| s.parse::<i64>().ok()),
                q.get("andai").and_then(|s| s.trim().parse::<i64>().ok()),
            )
        },
        |(id, andai)| ambil_rapat(id, andai),
    );
    muat(data, |h| view! { <Ruang h/> })
}

#[component]
fn Ruang(h: HalamanRapat) -> impl IntoView {
    let judul_default = format!(
        "Rapat koordinasi KKMP {}",
        model::format::tanggal_iso(&h.hari_ini)
    );
    let daftar = h.rapat.clone();
    let pilihan = h.detail.as_ref().map(|d| d.rapat.id);
    let wilayah = h.wilayah.clone();
    let indikator = h.indikator.clone();
    let hari_ini = h.hari_ini.clone();
    let hari_ini_form = h.hari_ini.clone();
    view! {
        <Title text="Rapat koordinasi"/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">"Rapat koordinasi Sekda · camat, lurah, Dinas"</p>
                <h1 data-testid="judul-halaman">{h.detail.as_ref().map_or("Rapat koordinasi".to_string(), |d| d.rapat.judul.clone())}</h1>
                {h.detail.as_ref().map(|d| view! {
                    <p class="lead">
                        {format!("{} · laporan {} · angka dibekukan per ", d.rapat.tanggal, d.rapat.periode.label())}
                        <strong data-testid="cutoff">{d.rapat.cutoff.clone()}</strong>
                        " · hash "
                        <code class="hash" title=d.rapat.hash.clone() data-testid="hash-data">{d.rapat.hash[..16.min(d.rapat.hash.len())].to_string()}"…"</code>
                        {if d.rapat.utuh { " (cocok)" } else { " — ANGKA TERSIMPAN TIDAK COCOK DENGAN HASH" }}
                    </p>
                })}
                {h.detail.as_ref().filter(|d| !d.rapat.peserta.is_empty()).map(|d| view! {
                    <p class="panel-note" data-testid="peserta-rapat">
                        {format!("Paket rapat dikirim otomatis ke peserta: {}.", d.rapat.peserta.join(", "))}
                    </p>
                })}
            </div>
            {h.detail.as_ref().map(|d| {
                let id = d.rapat.id;
                view! {
                    <div class="room-actions">
                        <a class="button-primary" href=format!("/rapat/{id}/paket.pdf") rel="external" data-testid="unduh-pdf">"Paket rapat (PDF)"</a>
                        <a class="button-secondary" href=format!("/rapat/{id}/paket.xlsx") rel="external" data-testid="unduh-xlsx">"Paket rapat (XLSX)"</a>
                    </div>
                }
            })}
        </div>
        <PesanGalat/>

        <section class="panel no-print" aria-labelledby="judul-daftar-rapat">
            <h2 id="judul-daftar-rapat">"Rapat"</h2>
            {if daftar.is_empty() {
                view! { <p>"Belum ada rapat. Buat rapat untuk membekukan angka hari ini dan mencatat tindak lanjut."</p> }.into_any()
            } else {
                view! {
                    <nav class="segmented" aria-label="Pilih rapat" data-testid="daftar-rapat">
                        {daftar.clone().into_iter().map(|r| view! {
                            <a class=if Some(r.id) == pilihan { "seg aktif" } else { "seg" } href=format!("/rapat?id={}", r.id)>
                                {format!("{} · {}", r.judul, r.tanggal)}
                            </a>
                        }).collect_view()}
                    </nav>
                }.into_any()
            }}
            <JikaBoleh boleh=Akun::kelola_rapat>
                <form method="post" action="/api/simpan_cuplikan" class="inline-form room-form" data-testid="form-rapat-baru">
                    <TokenCsrf/>
                    <input type="hidden" name="jenis" value="rapat"/>
                    <label for="judul-r">"Rapat baru"</label>
                    <input id="judul-r" name="judul" type="text" required maxlength="200" value=judul_default.clone()/>
                    <label for="tanggal-r">"Tanggal"</label>
                    <input id="tanggal-r" name="tanggal" type="date" required value=hari_ini_form.clone()/>
                    <fieldset class="peserta" data-testid="pilih-peserta">
                        <legend>"Kirim paket rapat ke"</legend>
                        <label><input type="checkbox" name="peserta_pimpinan" checked/>" Pimpinan"</label>
                        <label><input type="checkbox" name="peserta_admin" checked/>" Dinas Koperasi"</label>
                        <label><input type="checkbox" name="peserta_camat" checked/>" Semua camat"</label>
                        <label><input type="checkbox" name="peserta_inspektorat"/>" Inspektorat"</label>
                    </fieldset>
                    <button type="submit" class="button-secondary" data-testid="buat-rapat">"Buat rapat dan bekukan angka"</button>
                </form>
            </JikaBoleh>
        </section>

        {(!h.temuan_lewat.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="judul-temuan-lewat" data-testid="temuan-lewat">
                <h2 id="judul-temuan-lewat">{format!("Temuan Inspektorat lewat tenggat ({})", h.temuan_lewat.len())}</h2>
                <p class="panel-note">"Temuan yang belum ditutup Inspektorat padahal tenggat tindak lanjutnya sudah lewat, per hari ini."</p>
                <crate::pages::temuan::TabelTemuan daftar=h.temuan_lewat.clone()/>
            </section>
        })}
        {(!h.selisih.terbuka.is_empty()).then(|| {
            let s = h.selisih.clone();
            view! {
                <section class="panel" aria-labelledby="judul-selisih-rapat" data-testid="selisih-rapat">
                    <h2 id="judul-selisih-rapat">{format!("Selisih dengan SIMKOPDES belum selesai ({})", s.terbuka.len())}</h2>
                    <p class="panel-note">{format!("Laporan kota yang diterima dan catatan SIMKOPDES tentang KKMP yang sama tidak sama. Sumber: {}.", s.sumber)}</p>
                    <p class="chips">{s.per_kecamatan.iter().map(|(k, n, t)| view! {
                        <span class="chip">{if *t > 0 {
                            format!("{k}: {} ({} ditindaklanjuti)", model::format::angka(*n), model::format::angka(*t))
                        } else {
                            format!("{k}: {}", model::format::angka(*n))
                        }}</span>
                    }).collect_view()}</p>
                    <crate::pages::rekonsiliasi::TabelSelisih daftar=s.terbuka ringkas=true/>
                    <p class="no-print"><leptos_router::components::A href="/rekonsiliasi">"Tindak lanjuti di halaman rekonsiliasi →"</leptos_router::components::A></p>
                </section>
            }
        })}
        {h.detail.map(|d| view! { <Detail d wilayah=wilayah.clone() indikator=indikator.clone() hari_ini=hari_ini.clone()/> })}
        {(!h.andai.1.is_empty()).then(|| {
            let (n, baris) = h.andai.clone();
            view! {
                <section class="panel" aria-labelledby="judul-andai" data-testid="andai">
                    <h2 id="judul-andai">"Bagaimana jika: KKMP yang tertahan bergerak bulan depan"</h2>
                    <form method="get" action="/rapat" class="inline-form room-form no-print">
                        {pilihan.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
                        <label for="andai-n">"Jumlah KKMP yang bergerak bulan depan"</label>
                        <input id="andai-n" name="andai" type="number" min="1" max="107" required value=n.to_string()/>
                        <button type="submit" class="button-secondary">"Hitung"</button>
                    </form>
                    <ul class="plain-list">
                        {baris.into_iter().map(|(nama, k)| view! { <li><strong>{nama}</strong>": " {k}</li> }).collect_view()}
                    </ul>
                    <p class="panel-note">"Angka kota dari laporan yang diterima; setelah bulan depan laju 3 bulan terakhir berlanjut. Target yang sudah tercapai tidak dicantumkan."</p>
                </section>
            }
        })}
    }
}

#[component]
fn Detail(
    d: DetailRapat,
    wilayah: Vec<(String, String)>,
    indikator: Vec<(String, String)>,
    hari_ini: String,
) -> impl IntoView {
    let rapat_id = d.rapat.id;
    let n_ind = d.indikator.len() as i64;
    let lewat = d.terbawa.iter().filter(|t| t.lewat).count();
    view! {
        {d.bukti.clone().map(|g| view! { <crate::pages::lapangan::GarisBukti bukti=g/> })}
        <section class="panel" aria-labelledby="judul-indikator">
            <h2 id="judul-indikator">"Setiap indikator per kecamatan"</h2>
            <p class="panel-note">"Capaian terhadap target kecamatan (atau kota) pada akhir bulan laporan, dengan status lintasan. Klik kecamatan untuk rinciannya."</p>
            <div class="table-scroll" tabindex="0">
                <table class="data-table compact wrap-head" data-testid="tabel-indikator">
                    <thead><tr>
                        <th>"Kecamatan"</th>
                        {d.indikator.clone().into_iter().map(|(_, n)| view! { <th>{n}</th> }).collect_view()}
                        <th class="num">"Tertinggal"</th>
                    </tr></thead>
                    <tbody>{d.kecamatan.clone().into_iter().map(|k| view! {
                        <tr>
                            <td><A href=format!("/kecamatan/{}", k.code)>{k.nama.clone()}</A></td>
                            {k.capaian.clone().into_iter().map(|c| match c {
                                Some(c) => {
                                    let r = if c.target > 0.0 { c.aktual / c.target } else { 0.0 };
                                    view! { <td class="sel-status"><span class="num-inline">{persen(r)}</span>" "<LencanaStatus status=c.status/></td> }.into_any()
                                }
                                None => view! { <td>"–"</td> }.into_any(),
                            }).collect_view()}
                            <td class="num">{format!("{} dari {}", k.tertinggal, n_ind)}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            </div>
        </section>

        <div class="two-col">
            <section class="panel" aria-labelledby="judul-tertinggal" data-testid="tertinggal">
                <h2 id="judul-tertinggal">"Kecamatan yang tertinggal"</h2>
                {if d.tertinggal.is_empty() {
                    view! { <p>"Tidak ada kecamatan yang tertinggal dari target."</p> }.into_any()
                } else {
                    view! {
                        <ol class="rank-list">{d.tertinggal.clone().into_iter().map(|k| view! {
                            <li><A href=format!("/kecamatan/{}", k.code)>{k.nama.clone()}</A>
                                {format!(": {} dari {} indikator tertinggal; laporan tepat waktu {} dari {}", k.tertinggal, n_ind, k.tepat_waktu, k.kkmp)}</li>
                        }).collect_view()}</ol>
                    }.into_any()
                }}
            </section>
            <section class="panel" aria-labelledby="judul-kelengkapan">
                <h2 id="judul-kelengkapan">"Kelengkapan dan ketepatan laporan per camat"</h2>
                <table class="data-table compact" data-testid="tabel-kelengkapan">
                    <thead><tr><th>"Kecamatan"</th><th class="num">"KKMP"</th><th class="num">"Masuk"</th><th class="num">"Tepat waktu"</th></tr></thead>
                    <tbody>{d.kecamatan.clone().into_iter().map(|k| {
                        let share = |x: i64| if k.kkmp > 0 { x as f64 / k.kkmp as f64 } else { 0.0 };
                        view! {
                            <tr>
                                <td>{k.nama.clone()}</td>
                                <td class="num">{angka(k.kkmp)}</td>
                                <td class="num">{format!("{} ({})", angka(k.laporan_masuk), persen(share(k.laporan_masuk)))}</td>
                                <td class="num">{format!("{} ({})", angka(k.tepat_waktu), persen(share(k.tepat_waktu)))}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
            </section>
        </div>

        <section class="panel" id="tindak-lanjut" aria-labelledby="judul-tindak">
            <h2 id="judul-tindak">"Tindak lanjut"</h2>
            <p class="panel-note">"Dicatat selama rapat: apa, di mana, indikator, penanggung jawab, tenggat. Yang belum selesai terbawa otomatis ke rapat berikutnya."</p>
            <TabelTindak items=d.tindak_lanjut.clone() rapat_id terbawa=false/>
            <JikaBoleh boleh=Akun::kelola_rapat>
                <form method="post" action="/api/tambah_tindak" class="report-form room-form" data-testid="form-tindak">
                    <TokenCsrf/>
                    <input type="hidden" name="rapat_id" value=rapat_id.to_string()/>
                    <div class="form-grid">
                        <div class="field field-wide"><label for="uraian">"Tindak lanjut"</label>
                            <textarea id="uraian" name="uraian" rows="2" required maxlength="1000"></textarea></div>
                        <div class="field"><label for="wilayah">"Wilayah"</label>
                            <select id="wilayah" name="wilayah">{wilayah.clone().into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}</select></div>
                        <div class="field"><label for="indikator">"Indikator"</label>
                            <select id="indikator" name="indikator"><option value="">"(umum)"</option>{indikator.clone().into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}</select></div>
                        <div class="field"><label for="pj">"Penanggung jawab"</label>
                            <input id="pj" name="penanggung_jawab" type="text" required maxlength="200" placeholder="mis. Camat Sukarami"/></div>
                        <div class="field"><label for="tenggat">"Tenggat"</label>
                            <input id="tenggat" name="tenggat" type="date" required value=hari_ini.clone()/></div>
                    </div>
                    <div class="form-actions"><button type="submit" class="button-primary" data-testid="tambah-tindak">"Catat tindak lanjut"</button></div>
                </form>
            </JikaBoleh>
        </section>

        <section class="panel" aria-labelledby="judul-terbawa" data-testid="terbawa">
            <h2 id="judul-terbawa">{format!("Terbawa dari rapat sebelumnya ({}, {} lewat tenggat)", d.terbawa.len(), lewat)}</h2>
            {if d.terbawa.is_empty() {
                view! { <p>"Tidak ada: semua tindak lanjut rapat sebelumnya selesai."</p> }.into_any()
            } else {
                view! { <TabelTindak items=d.terbawa.clone() rapat_id terbawa=true/> }.into_any()
            }}
        </section>

        <PanelPerubahan p=d.perubahan.clone() apa="rapat"/>
    }
}

#[component]
fn TabelTindak(items: Vec<TindakLanjut>, rapat_id: i64, terbawa: bool) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>"Belum ada tindak lanjut."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table compact" data-testid=if terbawa { "tabel-terbawa" } else { "tabel-tindak" }>
                <thead><tr>
                    <th class="num">"No."</th><th>"Tindak lanjut"</th><th>"Wilayah / indikator"</th><th>"Penanggung jawab"</th>
                    <th>"Tenggat"</th><th>"Status"</th><th>{if terbawa { "Dari rapat" } else { "Catatan" }}</th>
                </tr></thead>
                <tbody>{items.into_iter().map(|t| {
                    let id = t.id;
                    let status = t.status.clone();
                    let catatan = t.catatan.clone();
                    view! {
                        <tr id=format!("tl-{id}") class:lewat=t.lewat>
                            <td class="num">{format!("#{id}")}</td>
                            <td>{t.uraian.clone()}<br/><small class="sub">{t.riwayat.clone()}</small></td>
                            <td>{t.wilayah.clone()}{(!t.indikator_nama.is_empty()).then(|| view! { <br/><small>{t.indikator_nama.clone()}</small> })}</td>
                            <td>{t.penanggung_jawab.clone()}</td>
                            <td class="nowrap">{t.tenggat.clone()}{t.lewat.then(|| view! { <br/><span class="tag tag-warn">"LEWAT TENGGAT"</span> })}</td>
                            <td>
                                <span class="tag">{label_status(&t.status)}</span>
                                <JikaBoleh boleh=Akun::kelola_rapat>
                                    <form method="post" action="/api/ubah_tindak" class="inline-form no-print">
                                        <TokenCsrf/>
                                        <input type="hidden" name="id" value=id.to_string()/>
                                        <input type="hidden" name="rapat_id" value=rapat_id.to_string()/>
                                        <select name="status" aria-label=format!("Status tindak lanjut #{id}")>
                                            {STATUS_TINDAK.iter().map(|(c, l)| view! { <option value=*c selected=*c == status>{*l}</option> }).collect_view()}
                                        </select>
                                        <input type="text" name="catatan" value=catatan.clone() aria-label=format!("Catatan tindak lanjut #{id}") maxlength="2000"/>
                                        <button type="submit" class="button-link" data-testid=format!("ubah-tindak-{id}")>"Simpan"</button>
                                    </form>
                                </JikaBoleh>
                            </td>
                            <td>{if terbawa { t.rapat_judul.clone() } else { t.catatan.clone() }}</td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn label_status(code: &str) -> &'static str {
    STATUS_TINDAK
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("?", |(_, l)| l)
}
