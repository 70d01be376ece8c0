//! Reports in, through HTTP as a browser without JavaScript sends them: the
//! form (POST, redirect, the form again with messages), uploads (multipart,
//! preview, commit), templates and exports.

use data::inti::laporan::Pengiriman;
use data::simpan::laporan;
use pantau_tests::{Backend, TestApp, enc, on_both};

/// The form's fields as the page renders them, values included.
pub(crate) fn isian_dari_halaman(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for b in model::isian::BIDANG {
        let name = format!("name=\"isian[{}]\"", b.code);
        let Some(at) = html.find(&name) else {
            panic!("field {} not on the page", b.code);
        };
        let tag_start = html[..at].rfind('<').unwrap();
        let tag = &html[tag_start..];
        let value = if tag.starts_with("<select") {
            let end = tag.find("</select>").unwrap();
            let sel = &tag[..end];
            let pos = sel.find("selected").expect("an option is selected");
            let opt_start = sel[..pos].rfind("value=\"").unwrap() + 7;
            let opt_end = opt_start + sel[opt_start..].find('"').unwrap();
            sel[opt_start..opt_end].to_string()
        } else {
            let end = tag.find('>').unwrap();
            let input = &tag[..end];
            match input.find("value=\"") {
                Some(v) => {
                    let s = v + 7;
                    input[s..s + input[s..].find('"').unwrap()].to_string()
                }
                None => String::new(),
            }
        };
        out.push((b.code.to_string(), value.replace("&amp;", "&")));
    }
    out
}

fn body(fields: &[(String, String)], extra: &[(&str, &str)]) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(&format!("isian[{k}]")), enc(v)))
        .collect();
    parts.extend(extra.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))));
    parts.join("&")
}

on_both!(
    the_form_works_without_javascript,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let kel = "16.71.05.1001";
        let url = format!("/laporan/{kel}/2026-11");
        let (status, html) = app.get(&url).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Keanggotaan") && html.contains("Pinjaman Himbara"));
        assert!(
            html.contains("(bulan terakhir yang tersimpan)"),
            "prefilled: {}",
            &html[html.find("Isian awal").unwrap_or(0)..][..300]
        );
        let mut fields = isian_dari_halaman(&html);
        let original = fields.clone();

        // A word in a number and no sender: back to the form with messages.
        for (k, v) in fields.iter_mut() {
            if k == "anggota" {
                *v = "seratus".into();
            }
        }
        let form = body(
            &fields,
            &[
                ("kode", kel),
                ("periode", "2026-11"),
                ("pelapor", ""),
                ("alasan", ""),
            ],
        );
        let (status, location) = app.post_html("/api/kirim_laporan", &form, &url).await;
        assert_eq!(status, 302);
        assert!(location.starts_with(&format!("{url}?draf=")), "{location}");
        let (status, back) = app.get(&location).await;
        assert_eq!(status, 200);
        assert!(
            back.contains("Laporan belum tersimpan: 1 isian perlu diperbaiki"),
            "{back}"
        );
        assert!(
            back.contains("harus bilangan bulat, tertulis &#x27;seratus&#x27;")
                || back.contains("tertulis 'seratus'"),
            "{back}"
        );
        assert!(back.contains("value=\"seratus\""), "what was typed is kept");

        // Money as people type it, and a sender: stored as version 1.
        let mut fields = original.clone();
        for (k, v) in fields.iter_mut() {
            if k == "simpanan_sukarela" {
                *v = "Rp 5.000.000,00".into();
            }
        }
        let form = body(
            &fields,
            &[
                ("kode", kel),
                ("periode", "2026-11"),
                ("pelapor", "Siti Aminah, bendahara"),
                ("alasan", "Angka bulan ini"),
            ],
        );
        let (status, location) = app.post_html("/api/kirim_laporan", &form, &url).await;
        assert_eq!(status, 302);
        assert_eq!(location, format!("/kkmp/{kel}?tersimpan=2026-11&versi=1"));
        let stored = laporan::riwayat(&app.db, kel, model::Periode::parse("2026-11").unwrap())
            .await
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].isi.simpanan_sukarela, 5_000_000);
        // The sender is the signed-in account, whatever the form says.
        assert_eq!(
            stored[0].pengiriman.dikirim_oleh,
            "Penguji Admin Dinas Koperasi (uji.admin)"
        );
        let (_, page) = app.get(&location).await;
        assert!(page.contains("Laporan November 2026 tersimpan sebagai versi 1"));

        // Unknown KKMP, a month not yet come, a malformed month.
        assert_eq!(app.get("/laporan/16.71.99.9999/2026-10").await.0, 404);
        assert_eq!(app.get(&format!("/laporan/{kel}/2031-01")).await.0, 400);
        assert_eq!(app.get(&format!("/laporan/{kel}/kemarin")).await.0, 400);
        app.finish().await;
    }
);

on_both!(
    upload_preview_and_commit_over_http,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // The recap template for November, as a browser downloads it.
        let (status, headers, xlsx) = app
            .kirim(
                http::Request::builder()
                    .uri("/templat/unduh?bulan=2026-11")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(status, 303);
        assert_eq!(headers["location"], "/templat/2026-11.xlsx");
        let _ = xlsx;
        let (status, headers, xlsx) = app
            .kirim(
                http::Request::builder()
                    .uri("/templat/2026-11.xlsx")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(status, 200);
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .contains("spreadsheetml")
        );
        assert!(
            headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("templat-rekap-107-kkmp-2026-11.xlsx")
        );
        assert!(xlsx.starts_with(b"PK\x03\x04"));

        let (status, location) = app.unggah("../../rekap nov.xlsx", &xlsx).await;
        assert_eq!(status, 303);
        assert!(location.starts_with("/unggah/"), "{location}");
        let (status, preview) = app.get(&location).await;
        assert_eq!(status, 200);
        assert!(preview.contains("Siap disimpan: 107 laporan"), "{preview}");
        assert!(preview.contains("Belum ada yang disimpan"));
        assert!(
            preview.contains("rekap nov.xlsx"),
            "path stripped from the name"
        );
        let token = location.trim_start_matches("/unggah/");

        let (status, done) = app
            .post_html(
                "/api/simpan_unggahan",
                &format!("token={token}&oleh=Operator+Dinas&alasan=Rekap+November"),
                &location,
            )
            .await;
        assert_eq!(status, 302);
        assert!(done.starts_with("/unggah?tersimpan="), "{done}");
        let (_, page) = app.get(&done).await;
        assert!(
            page.contains("Tersimpan: 107 laporan dari berkas rekap nov.xlsx"),
            "{page}"
        );

        // Not a spreadsheet: the preview says so, nothing can be stored.
        let (_, location) = app.unggah("foto.png", b"\x89PNG\r\n\x1a\n\0\0\0").await;
        let (status, preview) = app.get(&location).await;
        assert_eq!(status, 200);
        assert!(preview.contains("bukan spreadsheet"), "{preview}");
        assert!(!preview.contains("data-testid=\"simpan-unggahan\""));
        // No file chosen.
        let (_, location) = app.unggah("", b"").await;
        assert_eq!(location, "/unggah?galat=kosong");
        // A token that does not exist.
        let (status, page) = app.get("/unggah/00000000000000000000000000000000").await;
        assert_eq!(status, 404);
        assert!(page.contains("tidak ditemukan atau sudah kedaluwarsa"));
        app.finish().await;
    }
);

on_both!(
    exports_are_safe_against_formula_injection,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let kel = "16.71.01.1001";
        let p = model::Periode::parse("2026-10").unwrap();
        let last = laporan::riwayat(&app.db, kel, p)
            .await
            .unwrap()
            .pop()
            .unwrap();
        let mut isi = last.isi.clone();
        isi.unit_lain = "=HYPERLINK(\"http://contoh\",\"klik\")".into();
        let kirim = Pengiriman {
            dikirim_oleh: "@admin".into(),
            alasan: Some("+ koreksi".into()),
            ..last.pengiriman.clone()
        };
        laporan::simpan(&app.db, &[(isi, kirim)], pantau_tests::uji())
            .await
            .unwrap();
        let (status, headers, csv) = app
            .kirim(
                http::Request::builder()
                    .uri("/ekspor/laporan.csv?bulan=2026-10&status=semua")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(status, 200);
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with('\u{feff}'), "BOM for Excel");
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://contoh\"\",\"\"klik\"\")\""),
            "{}",
            &text[..400]
        );
        assert!(text.contains(",'@admin,"));
        assert!(text.contains(",'+ koreksi,"));
        // Negative numbers stay numbers.
        assert!(!text.contains("'-"));
        for line in text.lines().skip(1) {
            for cell in line.split(',') {
                let c = cell.trim_matches('"');
                assert!(
                    !(c.starts_with('=') || c.starts_with('@') || c.starts_with('+')),
                    "unsafe cell {c}"
                );
            }
        }
        let (status, _, xlsx) = app
            .kirim(
                http::Request::builder()
                    .uri("/ekspor/laporan.xlsx?status=semua")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(status, 200);
        assert!(xlsx.starts_with(b"PK\x03\x04"));
        assert_eq!(app.get("/ekspor/laporan.pdf").await.0, 404);
        assert_eq!(app.get("/ekspor/laporan.csv?bulan=13-2026").await.0, 400);
        app.finish().await;
    }
);

on_both!(
    a_stale_form_comes_back_with_what_was_typed,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let kel = "16.71.01.1001";
        let url = format!("/laporan/{kel}/2026-10");
        let versi_dasar = |html: &str| {
            let i = html
                .find("name=\"versi_dasar\" value=\"")
                .expect("hidden field")
                + 26;
            html[i..i + html[i..].find('"').unwrap()]
                .parse::<i64>()
                .unwrap()
        };
        // The operator opens the form on the stored version…
        let (status, html) = app.get(&url).await;
        assert_eq!(status, 200, "{html}");
        let awal = versi_dasar(&html);
        assert!(awal >= 1);
        let mut fields = isian_dari_halaman(&html);
        for (k, v) in fields.iter_mut() {
            if k == "tenaga_kerja" {
                *v = "41".into();
            }
        }
        // …the lurah stores a correction meanwhile…
        let p = model::Periode::parse("2026-10").unwrap();
        let mut lain = app.pantau.formulir(kel, p, None, "uji").await.unwrap();
        for (k, v) in lain.isian.iter_mut() {
            if k == "tenaga_kerja" {
                *v = "39".into();
            }
        }
        let lurah = data::layanan::penerimaan::KirimanFormulir {
            kelurahan_code: kel.into(),
            periode: "2026-10".into(),
            isian: lain.isian.into_iter().collect(),
            pelapor: "Lurah".into(),
            alasan: "Koreksi lurah".into(),
            dasar: Some(awal),
        };
        let h = app
            .pantau
            .kirim_formulir(lurah, pantau_tests::uji().0)
            .await
            .unwrap();
        assert_eq!(
            h,
            data::layanan::penerimaan::HasilKirim::Tersimpan { versi: awal + 1 }
        );
        // …the operator's form comes back, nothing stored, typed kept.
        let kirim = |fields: &[(String, String)], dasar: String| {
            body(
                fields,
                &[
                    ("kode", kel),
                    ("periode", "2026-10"),
                    ("pelapor", ""),
                    ("alasan", "Koreksi operator"),
                    ("versi_dasar", &dasar),
                ],
            )
        };
        let (status, location) = app
            .post_html(
                "/api/kirim_laporan",
                &kirim(&fields, awal.to_string()),
                &url,
            )
            .await;
        assert_eq!(status, 302);
        assert!(location.starts_with(&format!("{url}?draf=")), "{location}");
        let (_, back) = app.get(&location).await;
        assert!(
            back.contains(&format!(
                "baru saja diubah orang lain (kini versi {})",
                awal + 1
            )),
            "{back}"
        );
        assert!(back.contains("value=\"41\""), "what was typed is kept");
        assert_eq!(versi_dasar(&back), awal + 1, "now based on the new version");
        let riwayat = || async { laporan::riwayat(&app.db, kel, p).await.unwrap() };
        assert_eq!(riwayat().await.len() as i64, awal + 1);
        // Sent again from the form it came back to: stored on top.
        let (status, location) = app
            .post_html(
                "/api/kirim_laporan",
                &kirim(&fields, (awal + 1).to_string()),
                &url,
            )
            .await;
        assert_eq!(status, 302);
        assert_eq!(
            location,
            format!("/kkmp/{kel}?tersimpan=2026-10&versi={}", awal + 2)
        );
        let r = riwayat().await;
        assert_eq!(r.len() as i64, awal + 2);
        let terbaru = r.iter().max_by_key(|x| x.versi).unwrap();
        assert_eq!(terbaru.isi.tenaga_kerja, 41);
        // A hidden field that is not a number is as if not sent.
        for (k, v) in fields.iter_mut() {
            if k == "tenaga_kerja" {
                *v = "42".into();
            }
        }
        let (_, location) = app
            .post_html(
                "/api/kirim_laporan",
                &kirim(&fields, "x'; DROP".into()),
                &url,
            )
            .await;
        assert!(location.contains("tersimpan=2026-10"), "{location}");
        app.finish().await;
    }
);
