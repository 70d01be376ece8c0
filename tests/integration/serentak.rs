//! Concurrent writers on one report (issue 15): a double submit stores one
//! version and the second click hears "tidak berubah"; two different
//! corrections based on the same version store one and refuse the other
//! (its "before" would be wrong). Both back ends.

use data::layanan::penerimaan::{HasilKirim, KirimanFormulir};
use pantau_tests::{Backend, TestApp, on_both};

const KEL: &str = "16.71.01.1001";

async fn kiriman(app: &TestApp, ubah: &[(&str, &str)], alasan: &str) -> KirimanFormulir {
    let form = app
        .pantau
        .formulir(
            KEL,
            model::Periode::parse("2026-10").unwrap(),
            None,
            "sistem:uji",
        )
        .await
        .unwrap();
    let mut isian: std::collections::HashMap<String, String> = form.isian.iter().cloned().collect();
    for (k, v) in ubah {
        isian.insert((*k).into(), (*v).into());
    }
    KirimanFormulir {
        kelurahan_code: KEL.into(),
        periode: "2026-10".into(),
        isian,
        pelapor: "Sekretaris KKMP".into(),
        alasan: alasan.into(),
    }
}

async fn versi(app: &TestApp) -> i64 {
    data::simpan::laporan::riwayat(&app.db, KEL, model::Periode::parse("2026-10").unwrap())
        .await
        .unwrap()
        .len() as i64
}

on_both!(
    a_double_submit_stores_one_version,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let awal = versi(&app).await;
        let k = kiriman(&app, &[("tenaga_kerja", "17")], "Salah ketik tenaga kerja").await;
        let pelaku = pantau_tests::uji().0;
        let (a, b) = tokio::join!(
            app.pantau.kirim_formulir(k.clone(), pelaku),
            app.pantau.kirim_formulir(k.clone(), pelaku)
        );
        let mut hasil = [a.unwrap(), b.unwrap()];
        hasil.sort_by_key(|h| format!("{h:?}"));
        assert_eq!(
            hasil,
            [
                HasilKirim::Tersimpan { versi: awal + 1 },
                HasilKirim::TidakBerubah { versi: awal + 1 }
            ]
        );
        assert_eq!(versi(&app).await, awal + 1, "one new version, not two");
        app.finish().await;
    }
);

on_both!(
    two_corrections_of_one_version_store_one_and_refuse_the_other,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let awal = versi(&app).await;
        let k1 = kiriman(&app, &[("tenaga_kerja", "17")], "Koreksi tenaga kerja").await;
        let k2 = kiriman(&app, &[("tenaga_kerja", "23")], "Koreksi lain").await;
        let pelaku = pantau_tests::uji().0;
        let (a, b) = tokio::join!(
            app.pantau.kirim_formulir(k1, pelaku),
            app.pantau.kirim_formulir(k2, pelaku)
        );
        let (ok, err): (Vec<_>, Vec<_>) = [a, b].into_iter().partition(|r| r.is_ok());
        assert_eq!(ok.len(), 1, "{ok:?} {err:?}");
        assert_eq!(
            ok[0].as_ref().unwrap(),
            &HasilKirim::Tersimpan { versi: awal + 1 }
        );
        let pesan = err[0].as_ref().unwrap_err().to_string();
        assert!(pesan.contains("baru saja diubah orang lain"), "{pesan}");
        assert_eq!(versi(&app).await, awal + 1);
        app.finish().await;
    }
);
