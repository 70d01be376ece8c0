//! `/briefing`: the Wali Kota's one screen — headline numbers for the 107,
//! the map, progress per kecamatan against target, the five best and five
//! worst kecamatan, what changed since the last briefing, and the city's
//! support — with the "Bahan Briefing" PDF one click away. Laid out for a
//! tablet and a projector; prints on A4.

use crate::api::ruang::ambil_briefing;
use crate::components::{
    JikaBoleh, KartuAngka, LencanaStatus, PanelGrafik, PesanGalat, TokenCsrf, muat,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::format::{angka, persen, rupiah, rupiah_ringkas};
use model::ruang::{Briefing, Perubahan};
use model::view::BarisLiga;

#[component]
pub fn HalamanBriefing() -> impl IntoView {
    let data = Resource::new(|| (), |_| ambil_briefing());
    muat(data, |b| view! { <Layar b/> })
}

/// The change of a headline figure since the last briefing, for a card.
fn sejak(p: &Perubahan, label: &str) -> String {
    match (p.sejak.as_ref(), p.angka.iter().find(|a| a.label == label)) {
        (Some(c), Some(a)) => format!("{} sejak briefing {}", a.selisih, c.tanggal),
        _ => String::new(),
    }
}

#[component]
fn Layar(b: Briefing) -> impl IntoView {
    let k = b.kota.clone();
    let p = b.konteks.periode;
    let pr = b.perubahan.clone();
    let hash_pendek = b.hash[..16.min(b.hash.len())].to_string();
    let hari_ini = b.hari_ini.clone();
    let judul_default = format!(
        "Briefing Wali Kota {}",
        model::format::tanggal_iso(&b.hari_ini)
    );
    view! {
        <Title text=format!("Briefing Wali Kota — {}", p.label())/>
        <div class="page-head room-head">
            <div>
                <p class="eyebrow">"Briefing Wali Kota · 107 KKMP · 18 kecamatan"</p>
                <h1 data-testid="judul-halaman">{format!("KKMP Kota Palembang — laporan {}", p.label())}</h1>
                <p class="lead">
                    "Data per " <strong data-testid="cutoff">{b.konteks.dihitung.clone()}</strong>
                    ", hanya laporan yang sudah diterima Dinas. Hash data "
                    <code class="hash" title=b.hash.clone() data-testid="hash-data">{hash_pendek}"…"</code>
                </p>
            </div>
            <div class="room-actions">
                <a class="button-primary" href="/briefing/bahan.pdf" data-testid="unduh-pdf" rel="external">"Unduh Bahan Briefing (PDF)"</a>
            </div>
        </div>
        <PesanGalat/>

        <section class="cards room-cards" aria-label="Angka utama">
            <KartuAngka judul="Berbadan hukum" nilai=format!("{} dari {}", angka(k.badan_hukum), angka(k.kkmp)) keterangan=sejak(&pr, "KKMP berbadan hukum") aksen=true/>
            <KartuAngka judul="Gerai sembako beroperasi" nilai=format!("{} dari {}", angka(k.gerai_sembako), angka(k.kkmp)) keterangan=sejak(&pr, "Gerai sembako beroperasi")/>
            <KartuAngka judul="KKMP beroperasi" nilai=angka(k.beroperasi()) keterangan=format!("penuh {} · terbatas {}. {}", angka(k.operasi_penuh), angka(k.operasi_terbatas), sejak(&pr, "KKMP beroperasi (penuh atau terbatas)"))/>
            <KartuAngka judul="Hanya formalitas" nilai=angka(k.formalitas) keterangan=format!("berbadan hukum, tanpa usaha berjalan. {}", sejak(&pr, "KKMP formalitas")) naik_baik=false/>
            <KartuAngka judul="Pinjaman Himbara cair" nilai=angka(k.pinjaman_cair) keterangan=sejak(&pr, "Pinjaman Himbara sudah cair")/>
            <KartuAngka judul="Laporan tepat waktu" nilai=persen(k.share(k.laporan_tepat_waktu)) keterangan=format!("{} masuk, {} tepat waktu dari {}", angka(k.laporan_masuk), angka(k.laporan_tepat_waktu), angka(k.kkmp))/>
            <KartuAngka judul="Anggota" nilai=angka(k.anggota) keterangan=format!("median {} per KKMP", model::format::desimal(k.anggota_median, 0))/>
            <KartuAngka judul="Omzet bulan ini" nilai=rupiah_ringkas(k.omzet) keterangan=rupiah(k.omzet)/>
        </section>
        {b.bukti.clone().map(|g| view! { <crate::pages::lapangan::GarisBukti bukti=g/> })}

        <div class="two-col room-two">
            <PanelGrafik grafik=b.peta.clone() id="peta" catatan="Status operasi setiap KKMP di peta kota; setiap warna juga bertanda dan berlabel."/>
            <PanelGrafik grafik=b.grafik.clone() id="capaian" catatan="Capaian setiap kecamatan terhadap target, garis hitam = lintasan target pada akhir bulan."/>
        </div>

        <div class="two-col">
            <Liga judul=format!("Lima kecamatan terbaik: {}", b.indikator_nama) baris=b.terbaik.clone() id="terbaik"/>
            <Liga judul=format!("Lima kecamatan terburuk: {}", b.indikator_nama) baris=b.terburuk.clone() id="terburuk"/>
        </div>

        <PanelPerubahan p=pr.clone() apa="briefing"/>

        <section class="panel" aria-labelledby="judul-dukungan">
            <h2 id="judul-dukungan">"Dukungan Pemkot"</h2>
            <p class="panel-note">"Dukungan yang dicatat Dinas untuk KKMP, dari sepuluh upaya Pemkot. "<A href="/intervensi">"Rincian dan dampaknya →"</A></p>
            {if b.dukungan.is_empty() {
                view! { <p>"Belum ada dukungan yang dicatat."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0"><table class="data-table" data-testid="tabel-dukungan">
                        <thead><tr><th>"Jenis dukungan"</th><th class="num">"Kegiatan"</th><th class="num">"KKMP"</th><th class="num">"Nilai"</th><th class="num">"Peserta"</th></tr></thead>
                        <tbody>{b.dukungan.clone().into_iter().map(|d| view! {
                            <tr><td>{d.label.clone()}</td><td class="num">{angka(d.kegiatan)}</td><td class="num">{angka(d.kkmp)}</td><td class="num">{if d.nilai > 0 { rupiah(d.nilai) } else { "–".into() }}</td><td class="num">{if d.peserta > 0 { angka(d.peserta) } else { "–".into() }}</td></tr>
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any()
            }}
        </section>

        <section class="panel" aria-labelledby="judul-target">
            <h2 id="judul-target">"Target kota"</h2>
            <div class="table-scroll" tabindex="0"><table class="data-table">
                <thead><tr><th>"Indikator"</th><th class="num">"Capaian"</th><th class="num">"Lintasan"</th><th class="num">"Target"</th><th>"Tenggat"</th><th>"Status"</th></tr></thead>
                <tbody>{b.target_kota.clone().into_iter().map(|c| view! {
                    <tr>
                        <td>{c.indikator_nama.clone()}</td>
                        <td class="num">{crate::components::nilai_capaian(&c, c.aktual)}</td>
                        <td class="num">{crate::components::nilai_capaian(&c, c.harapan)}</td>
                        <td class="num">{crate::components::nilai_capaian(&c, c.target)}</td>
                        <td>{model::format::tanggal_iso(&c.tenggat)}</td>
                        <td><LencanaStatus status=c.status/></td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
            <crate::components::DaftarProyeksi proyeksi=b.proyeksi.clone()/>
        </section>

        <section class="panel no-print" aria-labelledby="judul-riwayat">
            <h2 id="judul-riwayat">"Briefing yang lalu"</h2>
            <p class="panel-note">"Setelah briefing, simpan angka hari ini: briefing berikutnya menunjukkan apa yang berubah sejak itu. Angka yang disimpan dibekukan dengan hash-nya."</p>
            <JikaBoleh boleh=model::akun::Akun::kelola_rapat>
                <form method="post" action="/api/simpan_cuplikan" class="inline-form room-form" data-testid="form-simpan-briefing">
                    <TokenCsrf/>
                    <input type="hidden" name="jenis" value="briefing"/>
                    <label for="judul-b">"Judul"</label>
                    <input id="judul-b" name="judul" type="text" required maxlength="200" value=judul_default.clone()/>
                    <label for="tanggal-b">"Tanggal"</label>
                    <input id="tanggal-b" name="tanggal" type="date" required value=hari_ini.clone()/>
                    <button type="submit" class="button-secondary" data-testid="simpan-briefing">"Simpan angka briefing ini"</button>
                </form>
            </JikaBoleh>
            {if b.riwayat.is_empty() {
                view! { <p>"Belum ada briefing yang disimpan."</p> }.into_any()
            } else {
                view! {
                    <ul class="link-list" data-testid="riwayat-briefing">{b.riwayat.clone().into_iter().map(|c| view! {
                        <li>
                            <strong>{c.judul.clone()}</strong>
                            {format!(" · {} · laporan {} · data per {} · hash ", c.tanggal, c.periode.label(), c.cutoff)}
                            <code class="hash" title=c.hash.clone()>{c.hash[..12.min(c.hash.len())].to_string()}"…"</code>
                            {if c.utuh { " · utuh" } else { " · ANGKA TERSIMPAN TIDAK COCOK DENGAN HASH" }}
                        </li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Liga(
    #[prop(into)] judul: String,
    baris: Vec<BarisLiga>,
    #[prop(into)] id: String,
) -> impl IntoView {
    view! {
        <section class="panel" data-testid=format!("liga-{id}")>
            <h2>{judul}</h2>
            <table class="data-table compact">
                <thead><tr><th class="num">"Peringkat"</th><th>"Kecamatan"</th><th class="num">"Nilai"</th><th class="num">"Sebulan"</th><th>"Status"</th></tr></thead>
                <tbody>{baris.into_iter().map(|r| view! {
                    <tr>
                        <td class="num">{r.peringkat}</td>
                        <td><A href=format!("/kecamatan/{}", r.code)>{r.nama.clone()}</A></td>
                        <td class="num">{r.nilai.clone()}</td>
                        <td class="num">{r.mom.clone().unwrap_or_else(|| "–".into())}</td>
                        <td>{r.status.map(|s| view! { <LencanaStatus status=s/> })}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </section>
    }
}

/// What changed since the last briefing or meeting: the headline figures
/// and the KKMP that moved, each linked to its page.
#[component]
pub fn PanelPerubahan(p: Perubahan, apa: &'static str) -> impl IntoView {
    let Some(c) = p.sejak.clone() else {
        return view! {
            <section class="panel" data-testid="perubahan">
                <h2>{format!("Yang berubah sejak {apa} lalu")}</h2>
                <p>{format!("Belum ada {apa} yang disimpan: setelah {apa} ini disimpan, {apa} berikutnya menunjukkan apa yang berubah.")}</p>
            </section>
        }
        .into_any();
    };
    view! {
        <section class="panel" data-testid="perubahan">
            <h2>{format!("Yang berubah sejak {apa} lalu ({})", c.tanggal)}</h2>
            <p class="panel-note">{format!("Dibandingkan dengan \"{}\", data per {}.", c.judul, c.cutoff)}</p>
            <div class="two-col">
                <table class="data-table compact">
                    <thead><tr><th>"Angka"</th><th class="num">"Sebelumnya"</th><th class="num">"Sekarang"</th><th class="num">"Perubahan"</th></tr></thead>
                    <tbody>{p.angka.clone().into_iter().map(|a| {
                        let cls = match (a.beda > 0.0, a.beda < 0.0, a.naik_baik) {
                            (true, _, true) | (_, true, false) => "num delta good",
                            (true, _, false) | (_, true, true) => "num delta bad",
                            _ => "num",
                        };
                        view! { <tr><td>{a.label.clone()}</td><td class="num">{a.sebelum.clone()}</td><td class="num">{a.sesudah.clone()}</td><td class=cls>{a.selisih.clone()}</td></tr> }
                    }).collect_view()}</tbody>
                </table>
                <div class="kelompok-perubahan">
                    {p.kelompok.clone().into_iter().map(|k| view! {
                        <details open=!k.kkmp.is_empty() && k.kkmp.len() <= 12>
                            <summary><strong>{k.judul.clone()}</strong>{format!(": {}", k.kkmp.len())}</summary>
                            <ul>{k.kkmp.clone().into_iter().map(|(code, nama)| view! { <li><A href=format!("/kkmp/{code}")>{nama}</A></li> }).collect_view()}</ul>
                        </details>
                    }).collect_view()}
                </div>
            </div>
        </section>
    }
    .into_any()
}
