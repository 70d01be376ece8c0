//! Projections (issue 18): each target's month of reaching it at the pace
//! of the last 3 and 6 months, on /target, the kecamatan page and the
//! briefing, computed from the same figures as the dashboards.

use data::inti::proyeksi::hitung;
use model::Periode;
use pantau_tests::{Backend, TestApp, on_both};

/// The value of `indikator` on the city dashboard in month `p`, with the
/// target it is judged against there.
async fn kota(app: &TestApp, p: Periode, indikator: &str) -> Option<model::view::Capaian> {
    let d = app
        .pantau
        .dashboard_kota(Some(p), Some(indikator), None, false)
        .await
        .ok()?;
    d.target_kota
        .iter()
        .find(|c| c.indikator == indikator)
        .cloned()
}

on_both!(
    projections_follow_the_dashboards_figures_on_every_page,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let p = app.pantau.isi(None).await.unwrap().periode.unwrap();
        let ind = "gerai_sembako";
        let c = kota(&app, p, ind)
            .await
            .expect("a city target on gerai sembako");
        let lalu = |n: usize| {
            let m = (0..n).fold(p, |x, _| x.prev());
            let app = &app;
            async move { kota(app, m, ind).await.map(|c| c.aktual) }
        };
        let harap = hitung(
            p,
            (c.aktual, lalu(3).await, lalu(6).await),
            c.target,
            chrono::NaiveDate::parse_from_str(&c.tenggat, "%Y-%m-%d").unwrap(),
        )
        .kalimat(true);
        assert!(harap.starts_with("Dengan laju 3 bulan terakhir") || harap.starts_with("Target"));
        // The briefing says the same as the dashboard's own figures give.
        let (b, _) = app.pantau.briefing().await.unwrap();
        let (_, kalimat) = b
            .proyeksi
            .iter()
            .find(|(n, _)| *n == c.indikator_nama)
            .expect("the briefing projects the city target");
        assert_eq!(kalimat, &harap);
        let (_, html) = app.get("/briefing").await;
        assert!(
            html.contains("data-testid=\"proyeksi\""),
            "on the briefing page"
        );
        // The targets page: every active city or kecamatan target has one.
        let (_, html) = app.get("/target").await;
        assert!(
            html.matches("data-testid=\"proyeksi-target\"").count() >= 1,
            "on the targets page"
        );
        let h = app.pantau.halaman_target(None, None).await.unwrap();
        for t in h.target.iter().filter(|t| t.aktif) {
            assert!(t.proyeksi.is_some(), "target #{} projected", t.id);
        }
        // A kecamatan page.
        let kec = &app.pantau.wilayah().kecamatan[0].code;
        let d = app
            .pantau
            .dashboard_kecamatan(kec, None, false)
            .await
            .unwrap();
        assert_eq!(d.proyeksi.len(), d.target.len());
        let (_, html) = app.get(&format!("/kecamatan/{kec}")).await;
        assert!(html.contains("Proyeksi: kapan target tercapai"));
        // The meeting room's "what if": more KKMP moving next month never
        // brings the month later; the number is bounded.
        let dasar = app.pantau.dasar_proyeksi().await.unwrap();
        let kota_d = app
            .pantau
            .dashboard_kota(None, None, None, false)
            .await
            .unwrap();
        let kkmp = kota_d.kota.kkmp as f64;
        for c in kota_d.target_kota.iter().filter(|c| c.persen) {
            let tenggat = chrono::NaiveDate::parse_from_str(&c.tenggat, "%Y-%m-%d").unwrap();
            let p = dasar
                .hitung(
                    data::inti::target::KODE_KOTA,
                    &c.indikator,
                    c.target,
                    tenggat,
                )
                .unwrap();
            use data::inti::proyeksi::Arah::Pada;
            if let (Pada(a), Pada(b)) = (p.andai(5.0 / kkmp), p.andai(40.0 / kkmp)) {
                assert!(b <= a, "{}: {b} after {a}", c.indikator);
            }
        }
        let (_, html) = app.get("/rapat?andai=20").await;
        assert!(html.contains("data-testid=\"andai\""));
        assert!(html.contains("Bila 20 KKMP lagi"), "the number asked for");
        let (_, html) = app.get("/rapat?andai=999999").await;
        assert!(
            html.contains("Bila 107 KKMP lagi"),
            "bounded to the city's KKMP"
        );
        let (s, html) = app.get("/rapat?andai=abc").await;
        assert_eq!(s.as_u16(), 200);
        assert!(html.contains("Bila 10 KKMP lagi"), "the default");
        app.finish().await;
    }
);
