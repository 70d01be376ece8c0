//! `/audit`: the Inspektorat's room — the anomaly list (each linked to its
//! evidence, markable as followed up), the risk ranking for audit sampling,
//! the audit trail's chain check, and the evidence export per KKMP.

use crate::api::ruang::ambil_audit;
use crate::components::{JikaBoleh, PesanGalat, TokenCsrf, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::akun::Akun;
use model::format::angka;
use model::ruang::{Anomali, HalamanAudit};

/// Rows of the anomaly list shown at once (the rest behind "semua").
const TAMPIL: usize = 150;

#[component]
pub fn HalamanAudit() -> impl IntoView {
    let data = Resource::new(|| (), |_| ambil_audit());
    muat(data, |h| view! { <Ruang h/> })
}

#[component]
fn Ruang(h: HalamanAudit) -> impl IntoView {
    let query = use_query_map();
    let jenis = move || query.read().get("jenis").unwrap_or_default();
    let semua = move || query.read().get("semua").is_some();
    let ditindak = move || {
        query.read().get("ditindak").map(|_| {
            view! { <p class="notice notice-ok" role="status" data-testid="tindak-tersimpan">"Tindak lanjut anomali tercatat."</p> }
        })
    };
    let per_jenis = h.per_jenis.clone();
    let anomali = h.anomali.clone();
    let terbaru = h.periode.first().map(|p| p.to_string()).unwrap_or_default();
    let awal = h
        .periode
        .get(5)
        .or(h.periode.last())
        .map(|p| p.to_string())
        .unwrap_or_default();
    view! {
        <Title text="Ruang Inspektorat"/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">"Inspektorat · reviu audit"</p>
                <h1 data-testid="judul-halaman">"Anomali, risiko dan bukti"</h1>
                <p class="lead">{format!("Dihitung {} dari semua laporan yang dikirim (versi terakhir, termasuk yang belum diterima). {} anomali, {} belum ditindaklanjuti.", h.dihitung, angka(h.jumlah), angka(h.terbuka))}</p>
            </div>
        </div>
        <PesanGalat/>
        {ditindak}
        <p class=if h.jejak_utuh { "notice notice-ok" } else { "notice notice-error" } data-testid="status-rantai">
            "Jejak audit: " {h.jejak_pesan.clone()} " " <A href="/jejak">"Buka jejak audit →"</A>
        </p>

        <div class="two-col">
            <section class="panel" aria-labelledby="judul-jenis">
                <h2 id="judul-jenis">"Anomali per jenis"</h2>
                <p class="panel-note">"Aturan DOMAIN §6: pencilan dihitung dengan median dan MAD (bukan rata-rata), terhadap riwayat KKMP itu sendiri dan KKMP sekecamatan."</p>
                <table class="data-table compact" data-testid="tabel-jenis">
                    <thead><tr><th>"Jenis"</th><th class="num">"Jumlah"</th><th class="num">"Belum ditindak"</th></tr></thead>
                    <tbody>{per_jenis.into_iter().map(|(c, l, n, o)| view! {
                        <tr>
                            <td><a href=format!("/audit?jenis={c}#anomali")>{l}</a></td>
                            <td class="num">{angka(n)}</td>
                            <td class="num">{angka(o)}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            </section>
            <section class="panel" aria-labelledby="judul-bukti">
                <h2 id="judul-bukti">"Paket bukti per KKMP"</h2>
                <p class="panel-note">"ZIP berisi setiap versi setiap laporan (CSV dan JSON), riwayat persetujuan, jejak audit KKMP itu, berkas unggahan asal, dukungan Pemkot, dan manifest SHA-256. Periksa kemudian dengan " <code>"server bukti verify BERKAS.zip"</code> "."</p>
                <form method="get" action="/audit/bukti.zip" class="report-form" data-testid="form-bukti">
                    <div class="form-grid">
                        <div class="field field-wide"><label for="kel">"KKMP"</label>
                            <select id="kel" name="kelurahan" required>{h.kkmp.clone().into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}</select></div>
                        <div class="field"><label for="dari">"Dari bulan"</label>
                            <input id="dari" name="dari" type="month" required value=awal/></div>
                        <div class="field"><label for="sampai">"Sampai bulan"</label>
                            <input id="sampai" name="sampai" type="month" required value=terbaru/></div>
                    </div>
                    <div class="form-actions"><button type="submit" class="button-primary" data-testid="unduh-bukti">"Unduh paket bukti (ZIP)"</button></div>
                </form>
            </section>
        </div>

        <section class="panel" aria-labelledby="judul-risiko">
            <h2 id="judul-risiko">"Peringkat risiko untuk sampel audit"</h2>
            <p class="panel-note">"Skor = jumlah bobot anomali KKMP itu (diubah setelah diterima 4; lonjakan, nilai kembar, omzet tanpa gerai 3; pencilan sejawat, satu akun banyak KKMP, tidak lapor 2; nilai bulat, terlambat 1). 20 teratas."</p>
            <div class="table-scroll" tabindex="0">
                <table class="data-table compact" data-testid="tabel-risiko">
                    <thead><tr><th class="num">"Peringkat"</th><th>"KKMP"</th><th>"Kecamatan"</th><th class="num">"Skor"</th><th class="num">"Belum ditindak"</th><th>"Rincian"</th></tr></thead>
                    <tbody>{h.risiko.clone().into_iter().take(20).map(|r| view! {
                        <tr>
                            <td class="num">{r.peringkat}</td>
                            <td><A href=format!("/kkmp/{}", r.kelurahan_code)>{r.kkmp_nama.clone()}</A></td>
                            <td>{r.kecamatan_nama.clone()}</td>
                            <td class="num">{r.skor}</td>
                            <td class="num">{r.terbuka}</td>
                            <td>{r.rincian.clone()}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            </div>
        </section>

        <section class="panel" id="anomali" aria-labelledby="judul-anomali">
            <h2 id="judul-anomali">"Daftar anomali"</h2>
            {move || {
                let j = jenis();
                let rows: Vec<Anomali> = anomali.iter().filter(|a| j.is_empty() || a.jenis == j).cloned().collect();
                let n = rows.len();
                let tampil = if semua() { n } else { n.min(TAMPIL) };
                let saring = (!j.is_empty()).then(|| view! { <p class="panel-note">{format!("Hanya jenis '{j}'. ")}<a href="/audit#anomali">"Tampilkan semua jenis"</a></p> });
                let lagi = (tampil < n).then(|| {
                    let q = if j.is_empty() { "semua=1".to_string() } else { format!("jenis={j}&semua=1") };
                    view! { <p><a href=format!("/audit?{q}#anomali")>{format!("Tampilkan semua {} anomali", angka(n as i64))}</a></p> }
                });
                view! {
                    {saring}
                    <div class="table-scroll" tabindex="0">
                        <table class="data-table compact" data-testid="tabel-anomali">
                            <thead><tr><th>"Jenis"</th><th>"KKMP"</th><th>"Bulan"</th><th>"Temuan"</th><th>"Bukti"</th><th>"Tindak lanjut"</th></tr></thead>
                            <tbody>{rows.into_iter().take(tampil).map(|a| view! { <BarisAnomali a/> }).collect_view()}</tbody>
                        </table>
                    </div>
                    {lagi}
                }
            }}
        </section>
    }
}

#[component]
fn BarisAnomali(a: Anomali) -> impl IntoView {
    let kunci = a.kunci.clone();
    let enc = model::format::url_aman;
    let temuan_baru = format!(
        "/temuan?sumber=anomali&ref={}&wilayah={}&judul={}&uraian={}#buka",
        enc(&a.kunci),
        enc(&a.kelurahan_code),
        enc(&format!("{} — {}", a.jenis_label, a.kkmp_nama)),
        enc(&a.uraian)
    );
    let tindak = match a.tindak.clone() {
        Some((catatan, oleh, pada)) => view! {
            <span class="tag">"ditindaklanjuti"</span><br/>
            <small>{format!("{catatan} — {oleh}, {pada}")}</small>
        }
        .into_any(),
        None => view! {
            <span class="tag tag-warn">"belum"</span>
            <JikaBoleh boleh=Akun::tindak_anomali>
                <form method="post" action="/api/tindak_anomali" class="inline-form no-print">
                    <TokenCsrf/>
                    <input type="hidden" name="kunci" value=kunci.clone()/>
                    <input type="text" name="catatan" required maxlength="2000" placeholder="Catatan tindak lanjut" aria-label="Catatan tindak lanjut"/>
                    <button type="submit" class="button-link">"Tandai"</button>
                </form>
            </JikaBoleh>
        }
        .into_any(),
    };
    view! {
        <tr data-kunci=a.kunci.clone()>
            <td>{a.jenis_label.clone()}</td>
            <td><A href=format!("/kkmp/{}", a.kelurahan_code)>{a.kkmp_nama.clone()}</A><br/><small>{a.kecamatan_nama.clone()}</small></td>
            <td class="nowrap">{a.periode.map(|p| p.short_label()).unwrap_or_else(|| "–".into())}</td>
            <td>{a.uraian.clone()}</td>
            <td><A href=a.bukti.clone()>"Lihat"</A></td>
            <td>{tindak}
                <JikaBoleh boleh=Akun::kelola_temuan>
                    <br/><A href=temuan_baru.clone()>"Jadikan temuan"</A>
                </JikaBoleh>
            </td>
        </tr>
    }
}
