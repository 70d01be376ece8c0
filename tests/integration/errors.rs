//! Unknown routes, bad months and unknown codes: a clear message in Bahasa
//! and a 4xx status, never a panic or a 500.

use pantau_tests::{Backend, TestApp, on_both};

on_both!(
    unknown_routes_and_bad_input_get_4xx,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let cases = [
            ("/tidak-ada", 404, "Halaman tidak ditemukan"),
            ("/kecamatan", 404, "Halaman tidak ditemukan"),
            (
                "/kecamatan/99.99.99",
                404,
                "Kecamatan dengan kode '99.99.99' tidak ada",
            ),
            (
                "/kecamatan/%3Cscript%3E",
                404,
                "Kecamatan dengan kode '&lt;script&gt;' tidak ada",
            ),
            ("/?bulan=2026-13", 400, "Periode '2026-13' tidak valid"),
            ("/?bulan=oktober", 400, "tidak valid"),
            (
                "/?bulan=2030-01",
                404,
                "Belum ada laporan untuk periode Januari 2030",
            ),
            ("/kecamatan/16.71.01?bulan=2026-1", 400, "tidak valid"),
            (
                "/kkmp/16.71.99.9999",
                404,
                "KKMP dengan kode kelurahan '16.71.99.9999' tidak ada",
            ),
        ];
        for (path, status, text) in cases {
            let (got, html) = app.get(path).await;
            assert_eq!(got.as_u16(), status, "{path}");
            assert!(
                html.contains(text),
                "{path}: expected «{text}» in\n{}",
                &html[html.len().saturating_sub(3000)..]
            );
            assert!(
                !html.contains("<script>alert"),
                "{path}: input echoed unescaped"
            );
        }
        // Server functions answer with the same errors, as JSON.
        let (status, body) = app.api("/api/dashboard_kota", "bulan=2026-99").await;
        assert_eq!(status.as_u16(), 500 - 100, "{body}");
        assert!(body.contains("tidak valid"), "{body}");
        app.finish().await;
    }
);

on_both!(
    health_check_reports_the_database,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let (status, body) = app.get("/healthz").await;
        assert_eq!(status, 200);
        let expected = match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        assert!(
            body.contains(&format!("\"database\":\"{expected}\"")),
            "{body}"
        );
        app.finish().await;
    }
);
