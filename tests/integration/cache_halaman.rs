//! The page cache (`server::cache`): a repeat view of the city or a
//! kecamatan page is served from it, byte for byte what was rendered; never
//! to another session, never after a write, never after sign-out; error
//! pages are not kept; every page's policy allows exactly its own inline
//! scripts by hash (the browser would block any other).

use axum::body::Body;
use base64::Engine;
use data::inti::laporan::Pengiriman;
use data::simpan::laporan;
use http::Request;
use model::akun::Peran;
use model::format::rupiah;
use pantau_tests::{Backend, TestApp, on_both};
use std::io::Read;

/// GET `path` as the app's current session, as a browser asks (gzip):
/// status, content encoding, policy, and the HTML (unzipped).
async fn buka(app: &TestApp, path: &str) -> (u16, bool, String, String) {
    let req = Request::builder()
        .uri(path)
        .header("accept-encoding", "gzip, deflate, br")
        .body(Body::empty())
        .unwrap();
    let (status, h, body) = app.kirim(req).await;
    let gzip = h.get("content-encoding").is_some_and(|v| v == "gzip");
    let html = if gzip {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_string(&mut s)
            .expect("gzip");
        s
    } else {
        String::from_utf8(body).unwrap()
    };
    let csp = h
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status.as_u16(), gzip, csp, html)
}

/// The `'sha256-…'` sources of every inline script of `html`: all of them
/// must be in the page's policy (or the browser blocks them).
fn hash_semua(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("<script").skip(1) {
        let (tag, rest) = part.split_once('>').unwrap();
        let isi = &rest[..rest.find("</script>").unwrap()];
        if !tag.contains("src=") {
            let d = data::inti::sandi::sha256(isi.as_bytes());
            let h = format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(d)
            );
            if !out.contains(&h) {
                out.push(h);
            }
        }
    }
    out
}

on_both!(
    pages_are_served_again_per_session_and_revision,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let a = app.sesi().unwrap();
        let (status, gzip, csp, html) = buka(&app, "/?status=semua").await;
        assert_eq!(status, 200, "{html}");
        assert!(gzip);
        assert_eq!(app.halaman.statistik(), (0, 1));
        // The policy allows the page's inline scripts by hash, no nonce.
        let hashes = hash_semua(&html);
        assert!(!hashes.is_empty(), "the hydration loader is inline");
        for h in &hashes {
            assert!(csp.contains(h.as_str()), "{h} in {csp}");
        }
        assert_eq!(csp.matches("'sha256-").count(), hashes.len(), "{csp}");
        assert!(!csp.contains("nonce"));
        assert_eq!(
            html.matches("nonce=").count(),
            html.matches("nonce=\"anonymous\"").count(),
            "no random nonce in the page"
        );
        assert!(
            html.contains(&a.csrf),
            "the sign-out form carries the token"
        );

        // Again: from the cache, the same bytes and the same policy.
        let (_, _, csp2, html2) = buka(&app, "/?status=semua").await;
        assert_eq!(app.halaman.statistik(), (1, 1));
        assert_eq!(html2, html);
        assert_eq!(csp2, csp);
        // Another address is another page.
        assert_eq!(buka(&app, "/kecamatan/16.71.07").await.0, 200);
        assert_eq!(app.halaman.statistik(), (1, 2));

        // Another session of the same account gets its own page: its own
        // token, never the first session's.
        let b = app.sesi_untuk("uji.admin", Peran::Admin, None).await;
        app.pakai(Some(b.clone()));
        let (_, _, _, html_b) = buka(&app, "/?status=semua").await;
        assert_eq!(app.halaman.statistik(), (1, 3));
        assert!(html_b.contains(&b.csrf) && !html_b.contains(&a.csrf));

        // A write moves the revision: the next view is rendered anew and
        // shows the new figure.
        app.pakai(Some(a.clone()));
        let before = api_omzet(&app).await;
        assert!(
            html.contains(&rupiah(before)),
            "the city's turnover is shown"
        );
        let rows = laporan::terkini(&app.db, true).await.unwrap();
        let last = rows.iter().map(|r| r.isi.periode).max().unwrap();
        let r = rows
            .iter()
            .find(|r| r.isi.periode == last && r.isi.omzet > 0)
            .unwrap();
        let mut baru = r.isi.clone();
        baru.omzet += 987_654_000;
        let kirim = Pengiriman {
            alasan: Some("Koreksi".into()),
            ..r.pengiriman.clone()
        };
        laporan::simpan(&app.db, &[(baru, kirim)], pantau_tests::uji())
            .await
            .unwrap();
        let after = api_omzet(&app).await;
        assert_eq!(after, before + 987_654_000);
        let (_, _, _, html3) = buka(&app, "/?status=semua").await;
        assert_eq!(app.halaman.statistik(), (1, 4), "a miss after the write");
        assert!(html3.contains(&rupiah(after)) && !html3.contains(&rupiah(before)));
        assert_eq!(buka(&app, "/?status=semua").await.3, html3);
        assert_eq!(app.halaman.statistik(), (2, 4));

        // Signed out, the session's pages are gone with it.
        let (status, _) = app.post_html("/api/keluar", "", "/").await;
        assert_eq!(status.as_u16(), 302);
        let (status, _, _, html) = buka(&app, "/?status=semua").await;
        assert_eq!(status, 401);
        assert!(!html.contains(&a.csrf));
        assert_eq!(app.halaman.statistik(), (2, 4));

        // A refusal is not kept: a camat on the city page, or on another
        // kecamatan's page.
        app.masuk_sebagai(Peran::Camat, Some("16.71.07")).await;
        for path in ["/", "/kecamatan/16.71.01", "/", "/kecamatan/16.71.01"] {
            assert_eq!(buka(&app, path).await.0, 403, "{path}");
        }
        assert_eq!(app.halaman.statistik(), (2, 4));
        assert_eq!(buka(&app, "/kecamatan/16.71.07").await.0, 200);
        assert_eq!(app.halaman.statistik(), (2, 5));
        app.finish().await;
    }
);

on_both!(
    a_submission_keeps_the_accepted_view_and_an_acceptance_does_not,
    |backend: Backend| async move {
        use model::status::Persetujuan::*;
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let (_, _, _, kota) = buka(&app, "/").await;
        let (_, _, _, kec) = buka(&app, "/kecamatan/16.71.07").await;
        let (_, _, _, semua) = buka(&app, "/?status=semua").await;
        assert_eq!(app.halaman.statistik(), (0, 3));
        let dihitung = app.pantau.jumlah_perhitungan();
        // A report of the newest month still waiting for the camat, sent
        // again with a larger turnover.
        let before = api_omzet_diterima(&app).await;
        assert!(
            kota.contains(&rupiah(before)),
            "the accepted turnover is shown"
        );
        let menunggu = data::simpan::persetujuan::dalam_status(&app.db, &[Diajukan], None)
            .await
            .unwrap();
        let rows = laporan::terkini(&app.db, true).await.unwrap();
        let last = rows.iter().map(|r| r.isi.periode).max().unwrap();
        let r = rows
            .iter()
            .find(|r| {
                r.isi.periode == last
                    && r.isi.omzet > 0
                    && menunggu.iter().any(|k| {
                        k.kelurahan_code == r.isi.kelurahan_code && k.periode == last.to_string()
                    })
            })
            .expect("a report waiting for verification");
        let mut baru = r.isi.clone();
        baru.omzet += 987_654_000;
        let kirim = Pengiriman {
            alasan: Some("Koreksi".into()),
            ..r.pengiriman.clone()
        };
        let t = laporan::simpan(&app.db, &[(baru.clone(), kirim)], pantau_tests::uji())
            .await
            .unwrap();
        let versi = laporan::riwayat(&app.db, &baru.kelurahan_code, last)
            .await
            .unwrap()
            .last()
            .unwrap()
            .versi;
        assert_eq!(t.len(), 1);
        // The default pages cannot show it: served again, byte for byte,
        // and their figures not even recomputed. The full view moves.
        assert_eq!(buka(&app, "/").await.3, kota);
        assert_eq!(buka(&app, "/kecamatan/16.71.07").await.3, kec);
        assert_eq!(app.halaman.statistik(), (2, 3));
        let (_, _, _, semua2) = buka(&app, "/?status=semua").await;
        assert_eq!(app.halaman.statistik(), (2, 4));
        assert_ne!(semua2, semua);
        // The camat verifies: still not counted by default, still cached.
        let p = data::inti::jejak::Pelaku::sistem("uji");
        let langkah = |ke| {
            let (db, kel, p) = (&app.db, baru.kelurahan_code.clone(), &p);
            async move {
                data::simpan::persetujuan::langkah(db, &kel, last, versi, ke, "uji", p, "")
                    .await
                    .unwrap()
            }
        };
        langkah(Diverifikasi).await;
        assert_eq!(buka(&app, "/").await.3, kota);
        assert_eq!(app.halaman.statistik(), (3, 4));
        assert_eq!(api_omzet_diterima(&app).await, before);
        assert_eq!(
            app.pantau.jumlah_perhitungan(),
            dihitung + 1,
            "only the full view"
        );
        // The Dinas accepts: the default pages are rendered anew with it.
        langkah(Diterima).await;
        let (_, _, _, kota2) = buka(&app, "/").await;
        assert_eq!(
            app.halaman.statistik(),
            (3, 5),
            "a miss after the acceptance"
        );
        let after = api_omzet_diterima(&app).await;
        assert!(after > before, "{after} > {before}");
        assert!(kota2.contains(&rupiah(after)) && !kota2.contains(&rupiah(before)));
        assert_eq!(buka(&app, "/kecamatan/16.71.07").await.0, 200);
        assert_eq!(app.halaman.statistik(), (3, 6), "the kecamatan page too");
        app.finish().await;
    }
);

on_both!(
    every_html_page_allows_exactly_its_own_inline_scripts,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // Pages outside the cache, signed in and not, and an error page.
        for (anonim, path) in [
            (false, "/jejak"),
            (false, "/definisi"),
            (false, "/tidak-ada"),
            (true, "/masuk"),
            (true, "/"),
        ] {
            if anonim {
                app.anonim();
            }
            let (_, _, csp, html) = buka(&app, path).await;
            let hashes = hash_semua(&html);
            assert!(!hashes.is_empty(), "{path}: the hydration loader is inline");
            for h in &hashes {
                assert!(csp.contains(h.as_str()), "{path}: {h} in {csp}");
            }
            assert_eq!(csp.matches("'sha256-").count(), hashes.len(), "{path}");
            assert!(csp.contains("frame-ancestors 'none'"));
        }
        // Files get the policy without any script hash.
        let h = app.headers("/healthz").await;
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(!csp.contains("sha256") && csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
        app.finish().await;
    }
);

async fn api_omzet(app: &TestApp) -> i64 {
    let (status, body) = app.api("/api/dashboard_kota", "status=semua").await;
    assert_eq!(status, 200, "{body}");
    let d: model::view::DashboardKota = serde_json::from_str(&body).unwrap();
    d.kota.omzet
}

async fn api_omzet_diterima(app: &TestApp) -> i64 {
    let (status, body) = app.api("/api/dashboard_kota", "").await;
    assert_eq!(status, 200, "{body}");
    let d: model::view::DashboardKota = serde_json::from_str(&body).unwrap();
    d.kota.omzet
}
