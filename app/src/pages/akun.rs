//! `/masuk` (sign in) and `/pengguna` (accounts, for Dinas admins).
//!
//! Both use plain HTML forms posting to server functions: the answer is a
//! redirect and the page reloads, so the frame always shows the account
//! and CSRF token that are current after signing in or out.

use crate::api::ambil_halaman_pengguna;
use crate::components::{Info, TokenCsrf, akun_dari, muat};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::akun::Peran;
use model::view::HalamanPengguna as Halaman;

#[component]
pub fn HalamanMasuk() -> impl IntoView {
    let query = use_query_map();
    let info = use_context::<Info>();
    let pesan = move || {
        let q = query.read();
        let galat = q.get("galat").unwrap_or_default();
        if galat == "salah" {
            Some((
                "notice-error",
                "Nama pengguna atau kata sandi salah.".to_string(),
            ))
        } else if let Some(d) = galat.strip_prefix("tunggu-") {
            let d: i64 = d.parse().unwrap_or(60).max(1);
            let lama = if d < 60 {
                format!("{d} detik")
            } else {
                format!("{} menit", (d + 59) / 60)
            };
            Some((
                "notice-error",
                format!(
                    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {lama}. Dari perangkat yang pernah Anda pakai untuk masuk, kata sandi yang benar tetap diterima."
                ),
            ))
        } else if q.get("keluar").is_some() {
            Some(("notice-ok", "Anda sudah keluar.".to_string()))
        } else {
            None
        }
    };
    let lanjut = move || query.read().get("lanjut").unwrap_or_default();
    view! {
        <Title text="Masuk"/>
        <div class="login">
            <h1 data-testid="judul-halaman">"Masuk ke Pantau KKMP"</h1>
            <p class="lead">"Dasbor ini memuat angka yang menentukan anggaran: setiap akun hanya melihat dan mengubah cakupannya, dan setiap perubahan tercatat di jejak audit."</p>
            {move || pesan().map(|(cls, m)| view! { <p class=format!("notice {cls}") role="alert" data-testid="pesan-masuk">{m}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    akun_dari(info).await.map(|a| view! {
                        <p class="notice notice-ok">"Anda masuk sebagai " <strong>{a.tampil()}</strong> ". " <A href=a.beranda()>"Ke beranda"</A></p>
                    })
                })}
            </Suspense>
            <form method="post" action="/api/masuk" class="report-form login-form">
                <TokenCsrf/>
                <input type="hidden" name="lanjut" value=lanjut/>
                <div class="field">
                    <label for="i-nama-pengguna">"Nama pengguna"</label>
                    <input id="i-nama-pengguna" name="nama_pengguna" type="text" autocomplete="username"
                        autocapitalize="none" spellcheck="false" required=true/>
                </div>
                <div class="field">
                    <label for="i-kata-sandi">"Kata sandi"</label>
                    <input id="i-kata-sandi" name="kata_sandi" type="password" autocomplete="current-password" required=true/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button-primary" data-testid="tombol-masuk">"Masuk"</button>
                </div>
            </form>
            <p class="panel-note">"Lupa kata sandi? Hubungi admin Dinas Koperasi: kata sandi hanya dapat diatur ulang oleh admin."</p>
        </div>
    }
}

#[component]
pub fn HalamanPengguna() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("pesan"), q.get("galat"))
        },
        |(pesan, galat)| ambil_halaman_pengguna(pesan, galat),
    );
    muat(data, |h| view! { <Pengguna h/> })
}

fn pilihan_peran(terpilih: Option<Peran>) -> impl IntoView {
    Peran::ALL
        .into_iter()
        .map(|p| view! { <option value=p.code() selected=terpilih == Some(p)>{p.label()}</option> })
        .collect_view()
}

#[component]
fn Pengguna(h: Halaman) -> impl IntoView {
    let wilayah = h.wilayah.clone();
    let opsi_wilayah = move |terpilih: Option<String>| {
        let mut v = vec![
            view! { <option value="" selected=terpilih.is_none()>"— tanpa cakupan —"</option> }
                .into_any(),
        ];
        v.extend(wilayah.iter().map(|(code, nama)| {
            let sel = terpilih.as_deref() == Some(code.as_str());
            view! { <option value=code.clone() selected=sel>{format!("{nama} ({code})")}</option> }
                .into_any()
        }));
        v
    };
    let pesan = match h.pesan.as_deref() {
        Some("dibuat") => {
            Some("Akun dibuat. Sampaikan kata sandinya secara langsung, bukan lewat pesan terbuka.")
        }
        Some("diubah") => Some("Perubahan disimpan dan tercatat di jejak audit."),
        _ => None,
    };
    let baris = h
        .pengguna
        .iter()
        .map(|u| {
            let id = u.id;
            let opsi = opsi_wilayah.clone();
            view! {
                <tr id=format!("u-{id}") class:nonaktif=!u.aktif>
                    <td><strong>{u.nama_pengguna.clone()}</strong><br/><small>{u.nama.clone()}</small>
                        {(!u.surel.is_empty() || !u.whatsapp.is_empty()).then(|| view! {
                            <br/><small class="kontak">{[u.surel.clone(), u.whatsapp.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</small>
                        })}
                    </td>
                    <td>{u.peran.label()}</td>
                    <td>{if u.cakupan_nama.is_empty() { "—".to_string() } else { u.cakupan_nama.clone() }}</td>
                    <td>{if u.aktif { "Aktif" } else { "Nonaktif" }}<br/><small>{u.diubah.clone()}</small></td>
                    <td>
                        <details>
                            <summary>"Ubah"</summary>
                            <form method="post" action="/api/ubah_pengguna" class="report-form compact-form">
                                <TokenCsrf/>
                                <input type="hidden" name="id" value=id.to_string()/>
                                <input type="hidden" name="aksi" value=if u.aktif { "nonaktifkan" } else { "aktifkan" }/>
                                <label>"Alasan" <input name="alasan" type="text" required=true/></label>
                                <button type="submit" class="button-secondary">{if u.aktif { "Nonaktifkan" } else { "Aktifkan kembali" }}</button>
                            </form>
                            <form method="post" action="/api/ubah_pengguna" class="report-form compact-form">
                                <TokenCsrf/>
                                <input type="hidden" name="id" value=id.to_string()/>
                                <input type="hidden" name="aksi" value="sandi"/>
                                <label>"Kata sandi baru" <input name="kata_sandi" type="password" autocomplete="new-password" minlength="10" required=true/></label>
                                <label>"Alasan" <input name="alasan" type="text" required=true/></label>
                                <button type="submit" class="button-secondary">"Atur ulang kata sandi"</button>
                            </form>
                            <form method="post" action="/api/ubah_pengguna" class="report-form compact-form">
                                <TokenCsrf/>
                                <input type="hidden" name="id" value=id.to_string()/>
                                <input type="hidden" name="aksi" value="peran"/>
                                <label>"Peran" <select name="peran">{pilihan_peran(Some(u.peran))}</select></label>
                                <label>"Cakupan" <select name="cakupan">{opsi(u.cakupan.clone())}</select></label>
                                <label>"Alasan" <input name="alasan" type="text" required=true/></label>
                                <button type="submit" class="button-secondary">"Ubah peran dan cakupan"</button>
                            </form>
                            <form method="post" action="/api/ubah_kontak" class="report-form compact-form" data-testid=format!("kontak-{id}")>
                                <TokenCsrf/>
                                <input type="hidden" name="id" value=id.to_string()/>
                                <label>"Surel" <input name="surel" type="email" autocomplete="off" maxlength="254" value=u.surel.clone()/></label>
                                <label>"WhatsApp" <input name="whatsapp" type="tel" autocomplete="off" maxlength="40" placeholder="+6281234567890" value=u.whatsapp.clone()/></label>
                                <label class="check"><input name="terima_surel" type="checkbox" checked=u.terima_surel/>" Terima pesan otomatis lewat surel"</label>
                                <label class="check"><input name="terima_whatsapp" type="checkbox" checked=u.terima_whatsapp/>" Terima pesan otomatis lewat WhatsApp"</label>
                                <label>"Alasan" <input name="alasan" type="text" required=true/></label>
                                <button type="submit" class="button-secondary">"Simpan kontak"</button>
                            </form>
                        </details>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text="Pengguna"/>
        <div class="page-head">
            <div>
                <p class="eyebrow">"Dinas Koperasi · pengelolaan akun"</p>
                <h1 data-testid="judul-halaman">"Pengguna"</h1>
                <p class="lead">"Operator dan lurah terikat pada satu kelurahan, camat pada satu kecamatan. Akun tidak pernah dihapus: dinonaktifkan. Setiap perubahan tercatat di jejak audit beserta alasannya."</p>
            </div>
        </div>
        {pesan.map(|m| view! { <p class="notice notice-ok" role="status">{m}</p> })}
        {h.galat.clone().filter(|g| !g.is_empty()).map(|g| view! { <p class="notice notice-error" role="alert" data-testid="galat-pengguna">{g}</p> })}
        <section class="panel">
            <h2>{format!("{} akun", h.pengguna.len())}</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data-table" data-testid="tabel-pengguna">
                    <thead><tr><th>"Akun"</th><th>"Peran"</th><th>"Cakupan"</th><th>"Status"</th><th>"Tindakan"</th></tr></thead>
                    <tbody>{baris}</tbody>
                </table>
            </div>
        </section>
        <section class="panel" id="baru">
            <h2>"Akun baru"</h2>
            <form method="post" action="/api/buat_pengguna" class="report-form">
                <TokenCsrf/>
                <div class="form-grid">
                    <div class="field"><label for="b-nama-pengguna">"Nama pengguna"</label>
                        <p class="hint">"3–32 huruf kecil, angka, titik, garis bawah atau tanda hubung."</p>
                        <input id="b-nama-pengguna" name="nama_pengguna" type="text" autocomplete="off" required=true/></div>
                    <div class="field"><label for="b-nama">"Nama lengkap dan jabatan"</label>
                        <input id="b-nama" name="nama" type="text" required=true/></div>
                    <div class="field"><label for="b-peran">"Peran"</label>
                        <select id="b-peran" name="peran">{pilihan_peran(None)}</select></div>
                    <div class="field"><label for="b-cakupan">"Cakupan"</label>
                        <p class="hint">"Camat: kecamatannya. Operator dan lurah: kelurahannya. Peran lain: tanpa cakupan."</p>
                        <select id="b-cakupan" name="cakupan">{opsi_wilayah(None)}</select></div>
                    <div class="field"><label for="b-sandi">"Kata sandi awal"</label>
                        <p class="hint">"Minimal 10 karakter, tanpa nama pengguna."</p>
                        <input id="b-sandi" name="kata_sandi" type="password" autocomplete="new-password" minlength="10" required=true/></div>
                </div>
                <div class="form-actions"><button type="submit" class="button-primary" data-testid="buat-pengguna">"Buat akun"</button></div>
            </form>
        </section>
    }
}
