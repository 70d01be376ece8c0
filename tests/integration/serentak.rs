//! Concurrent writers on one report (issue 15): a double submit stores one
//! version and the second click hears "tidak berubah"; two different
//! corrections based on the same version store one and send the other back
//! to its form with what was typed and why (its "before" would be wrong).
//! Both back ends.

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
        // As the form's hidden field sends it: the version it showed.
        dasar: Some(form.versi_tersimpan.unwrap_or(0)),
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
    two_corrections_of_one_version_store_one_and_send_the_other_back,
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
        // Neither is an error page: one is stored, the other goes back to
        // its form with everything typed and why.
        let hasil = [a.unwrap(), b.unwrap()];
        let tersimpan: Vec<_> = hasil
            .iter()
            .filter(|h| matches!(h, HasilKirim::Tersimpan { .. }))
            .collect();
        assert_eq!(tersimpan, [&HasilKirim::Tersimpan { versi: awal + 1 }]);
        let token = hasil
            .iter()
            .find_map(|h| match h {
                HasilKirim::Kembali { token } => Some(token.clone()),
                _ => None,
            })
            .expect("the other goes back to its form");
        let p = model::Periode::parse("2026-10").unwrap();
        let draf = app
            .pantau
            .formulir(KEL, p, Some(&token), &pelaku.pengguna)
            .await
            .unwrap();
        let pesan: Vec<_> = draf
            .galat
            .iter()
            .filter(|g| g.kolom == "alasan")
            .map(|g| g.pesan.as_str())
            .collect();
        assert!(
            pesan
                .iter()
                .any(|p| p.contains("baru saja diubah orang lain")),
            "{pesan:?}"
        );
        // What was typed is kept: the value that was not stored.
        let nilai = |f: &model::view::FormulirLaporan| {
            f.isian
                .iter()
                .find(|(k, _)| k == "tenaga_kerja")
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        let kini = app
            .pantau
            .formulir(KEL, p, None, &pelaku.pengguna)
            .await
            .unwrap();
        let mut dua = [nilai(&draf), nilai(&kini)];
        dua.sort();
        assert_eq!(dua, ["17", "23"]);
        assert_eq!(versi(&app).await, awal + 1);
        app.finish().await;
    }
);

/// The reports of `kelurahan` for November 2026 (a month the demo left
/// empty): each one's latest demo report, dated November.
fn november(kelurahan: &[String]) -> Vec<data::inti::laporan::Laporan> {
    let nov = model::Periode::parse("2026-11").unwrap();
    let terakhir = pantau_tests::demo_terakhir();
    kelurahan
        .iter()
        .map(|k| data::inti::laporan::Laporan {
            periode: nov,
            ..terakhir[k].clone()
        })
        .collect()
}

/// What one of the fifty writers did.
#[derive(Debug)]
enum Tulis {
    Formulir(HasilKirim),
    Unggahan(i64),
    Langkah,
    Target(data::layanan::kelola::HasilTarget),
}

on_both!(
    fifty_writers_at_once_store_every_write_once,
    |backend: Backend| async move {
        use data::inti::jejak::Pelaku;
        use model::status::Persetujuan;
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // On PostgreSQL the writers are shared by two app instances, each
        // with its own pool and caches, as two servers behind a balancer.
        let mut instans = vec![app.pantau.clone()];
        if backend == Backend::Postgres {
            instans.push(app.instans_lain().await);
        }
        let w = data::inti::wilayah::Wilayah::embedded().unwrap();
        let kode: Vec<String> = w.kelurahan.iter().map(|k| k.code.clone()).collect();
        let formulir = november(&kode[..20]);
        let unggahan = november(&kode[20..40]);
        let antre =
            data::simpan::persetujuan::dalam_status(&app.db, &[Persetujuan::Diajukan], None)
                .await
                .unwrap();
        assert!(antre.len() >= 10, "the demo leaves reports to verify");
        let langkah: Vec<_> = antre.into_iter().take(10).collect();
        let revisi_awal = app.db.revisi().await.unwrap().0;

        let mut tugas = tokio::task::JoinSet::new();
        for (i, l) in formulir.into_iter().enumerate() {
            let p = instans[i % instans.len()].clone();
            tugas.spawn(async move {
                let form = p
                    .formulir(&l.kelurahan_code, l.periode, None, "sistem:uji")
                    .await?;
                let mut isian: std::collections::HashMap<String, String> =
                    form.isian.iter().cloned().collect();
                for b in model::isian::BIDANG {
                    isian.insert(b.code.to_string(), data::berkas::ekspor::teks_berkas(&l, b));
                }
                let k = KirimanFormulir {
                    kelurahan_code: l.kelurahan_code.clone(),
                    periode: l.periode.to_string(),
                    isian,
                    pelapor: "Sekretaris KKMP".into(),
                    // Some figures stand out from the peers': the form asks
                    // for a word on them.
                    alasan: "Angka sesuai buku kas".into(),
                    dasar: None,
                };
                let pelaku = Pelaku::sistem("uji");
                p.kirim_formulir(k, &pelaku).await.map(Tulis::Formulir)
            });
        }
        for (i, pasangan) in unggahan.chunks(2).enumerate() {
            let p = instans[(i + 1) % instans.len()].clone();
            let bytes = pantau_tests::csv_laporan(pasangan);
            tugas.spawn(async move {
                let pelaku = Pelaku::sistem(&format!("unggah{i}"));
                let token = p
                    .unggah(&format!("rekap-{i}.csv"), &bytes, &pelaku.pengguna)
                    .await?
                    .expect("room for the upload");
                match p
                    .simpan_unggahan(&token, "Dinas Koperasi", "", None, &pelaku)
                    .await?
                {
                    Ok(id) => Ok(Tulis::Unggahan(id)),
                    Err(v) => panic!("upload {i} refused: {:?}", v.galat),
                }
            });
        }
        for (i, k) in langkah.iter().cloned().enumerate() {
            let db = app.db.clone();
            tugas.spawn(async move {
                let periode = model::Periode::parse(&k.periode).unwrap();
                data::simpan::persetujuan::langkah(
                    &db,
                    &k.kelurahan_code,
                    periode,
                    k.versi,
                    Persetujuan::Diverifikasi,
                    &format!("camat {i}"),
                    &Pelaku::sistem("uji"),
                    "",
                )
                .await
                .map(|()| Tulis::Langkah)
            });
        }
        for i in 0..10 {
            let p = instans[i % instans.len()].clone();
            let kec = w.kecamatan[i].code.clone();
            tugas.spawn(async move {
                let nilai = [
                    "gerai_sembako",
                    "kecamatan",
                    kec.as_str(),
                    "0",
                    "1/1/2026",
                    "5",
                    "31/12/2027",
                    "uji serentak",
                ];
                let isian = data::inti::target::KOLOM
                    .iter()
                    .zip(nilai)
                    .map(|(k, v)| ((*k).to_string(), v.to_string()))
                    .collect();
                let k = data::layanan::kelola::KirimanTarget {
                    isian,
                    oleh: format!("Dinas {i}"),
                    alasan: String::new(),
                };
                p.kirim_target(None, k, &Pelaku::sistem("uji"))
                    .await
                    .map(Tulis::Target)
            });
        }
        let mut hasil = Vec::new();
        while let Some(h) = tugas.join_next().await {
            hasil.push(h.expect("no writer panics").expect("no writer fails"));
        }
        assert_eq!(hasil.len(), 50);
        let formulir_ok = hasil
            .iter()
            .filter(|h| matches!(h, Tulis::Formulir(HasilKirim::Tersimpan { versi: 1 })))
            .count();
        let unggahan_ok = hasil
            .iter()
            .filter(|h| matches!(h, Tulis::Unggahan(id) if *id > 0))
            .count();
        let langkah_ok = hasil.iter().filter(|h| matches!(h, Tulis::Langkah)).count();
        let target_ok = hasil
            .iter()
            .filter(|h| {
                matches!(
                    h,
                    Tulis::Target(data::layanan::kelola::HasilTarget::Tersimpan { .. })
                )
            })
            .count();
        assert_eq!(
            (formulir_ok, unggahan_ok, langkah_ok, target_ok),
            (20, 10, 10, 10),
            "{hasil:?}"
        );

        // Every write present exactly once.
        let nov = model::Periode::parse("2026-11").unwrap();
        for k in &kode[..40] {
            let versi = data::simpan::laporan::riwayat(&app.db, k, nov)
                .await
                .unwrap();
            assert_eq!(versi.len(), 1, "{k} November: one version");
        }
        for k in &langkah {
            let periode = model::Periode::parse(&k.periode).unwrap();
            let steps = data::simpan::persetujuan::riwayat(&app.db, &k.kelurahan_code, periode)
                .await
                .unwrap();
            let verif = steps
                .iter()
                .filter(|s| s.0 == Persetujuan::Diverifikasi)
                .count();
            assert_eq!(
                verif, 1,
                "{} {}: one verification step",
                k.kelurahan_code, k.periode
            );
        }
        let target_baru = data::simpan::target::semua(&app.db)
            .await
            .unwrap()
            .into_iter()
            .filter(|t| t.keterangan == "uji serentak")
            .count();
        assert_eq!(target_baru, 10);
        // Every write bumped the revision once, so no cache is stale.
        let revisi = app.db.revisi().await.unwrap().0;
        assert!(revisi >= revisi_awal + 50, "{revisi_awal} → {revisi}");
        // The chain is gapless and every row is bound: `finish` verifies
        // the whole chain and every bound row.
        for p in instans.into_iter().skip(1) {
            drop(p);
        }
        app.finish().await;
    }
);

/// Two PostgreSQL transactions that lock two rows in opposite orders: the
/// server aborts one as the deadlock victim (40P01), and `simpan::ulangi`
/// runs it again, so both writes land, once each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadlock_victim_is_run_again_and_both_writes_land() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    let Some(t) = pantau_tests::TestDb::new(Backend::Postgres).await else {
        return;
    };
    let db = t.connect().await;
    pantau_tests::sql(
        &db,
        "CREATE TABLE uji_kunci (id INT PRIMARY KEY, n INT NOT NULL)",
    )
    .await
    .unwrap();
    pantau_tests::sql(&db, "INSERT INTO uji_kunci VALUES (1, 0), (2, 0)")
        .await
        .unwrap();
    let data::simpan::Db::Postgres(pool) = db.clone() else {
        unreachable!()
    };
    let pintu = Arc::new(tokio::sync::Barrier::new(2));
    let percobaan = Arc::new(AtomicU32::new(0));
    let tulis = |a: i32, b: i32| {
        let (pool, pintu, percobaan) = (pool.clone(), pintu.clone(), percobaan.clone());
        async move {
            let mut pertama = true;
            data::simpan::ulangi(|| {
                let (pool, pintu, percobaan) = (&pool, &pintu, &percobaan);
                let tunggu = std::mem::replace(&mut pertama, false);
                async move {
                    percobaan.fetch_add(1, Ordering::SeqCst);
                    let mut tx = pool.begin().await?;
                    sqlx::query("UPDATE uji_kunci SET n = n + 1 WHERE id = $1")
                        .bind(a)
                        .execute(&mut *tx)
                        .await?;
                    if tunggu {
                        // Both hold their first row before either asks for
                        // the other's: a deadlock, every time.
                        pintu.wait().await;
                    }
                    sqlx::query("UPDATE uji_kunci SET n = n + 1 WHERE id = $1")
                        .bind(b)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(())
                }
            })
            .await
        }
    };
    let (x, y) = tokio::join!(tulis(1, 2), tulis(2, 1));
    x.expect("first writer lands");
    y.expect("second writer lands");
    assert_eq!(
        percobaan.load(Ordering::SeqCst),
        3,
        "one of the two was the deadlock victim and ran once more"
    );
    let n: Vec<i32> = sqlx::query_scalar("SELECT n FROM uji_kunci ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(n, [2, 2], "each write applied exactly once");
    // A refusal is not retried: a unique violation comes back at once.
    let percobaan_unik = AtomicU32::new(0);
    let e = data::simpan::ulangi(|| async {
        percobaan_unik.fetch_add(1, Ordering::SeqCst);
        sqlx::query("INSERT INTO uji_kunci VALUES (1, 0)")
            .execute(&pool)
            .await?;
        Ok(())
    })
    .await
    .unwrap_err();
    assert!(!data::simpan::bisa_diulang(&e), "{e}");
    assert_eq!(percobaan_unik.load(Ordering::SeqCst), 1);
    t.drop_db(db).await;
}

on_both!(
    two_commits_of_one_upload_store_it_once_and_the_other_hears_sudah_disimpan,
    |backend: Backend| async move {
        use data::inti::jejak::Pelaku;
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let kedua = if backend == Backend::Postgres {
            app.instans_lain().await
        } else {
            app.pantau.clone()
        };
        let w = data::inti::wilayah::Wilayah::embedded().unwrap();
        let kode: Vec<String> = w.kelurahan.iter().take(3).map(|k| k.code.clone()).collect();
        let pelaku = Pelaku::sistem("dinas");
        let token = app
            .pantau
            .unggah(
                "rekap.csv",
                &pantau_tests::csv_laporan(&november(&kode)),
                &pelaku.pengguna,
            )
            .await
            .unwrap()
            .unwrap();
        let (a, b) = tokio::join!(
            app.pantau
                .simpan_unggahan(&token, "Dinas Koperasi", "", None, &pelaku),
            kedua.simpan_unggahan(&token, "Dinas Koperasi", "", None, &pelaku)
        );
        // One stores it. The other read the pending file either before
        // that commit (its own commit then finds the file under the lock)
        // or after it (the pending entry is marked stored): both answer
        // "sudah disimpan", neither is an error of the server.
        let tersimpan = |r: &data::Result<Result<i64, _>>| matches!(r, Ok(Ok(_)));
        assert!(
            tersimpan(&a) != tersimpan(&b),
            "exactly one stores: {a:?} {b:?}"
        );
        let pesan = match if tersimpan(&a) { b } else { a } {
            Ok(Err(view)) => view.sudah_diunggah.expect("told why"),
            Err(data::DataError::Invalid(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(pesan.contains("sudah disimpan"), "{pesan}");
        // A third click, later, hears the same.
        let lagi = app
            .pantau
            .simpan_unggahan(&token, "Dinas Koperasi", "", None, &pelaku)
            .await
            .unwrap_err()
            .to_string();
        assert!(lagi.contains("sudah disimpan"), "{lagi}");
        let nov = model::Periode::parse("2026-11").unwrap();
        for k in &kode {
            let versi = data::simpan::laporan::riwayat(&app.db, k, nov)
                .await
                .unwrap();
            assert_eq!(versi.len(), 1, "{k}: stored once");
        }
        drop(kedua);
        app.finish().await;
    }
);

on_both!(
    stored_uploads_do_not_count_against_the_five_pending_ones,
    |backend: Backend| async move {
        use data::inti::jejak::Pelaku;
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let w = data::inti::wilayah::Wilayah::embedded().unwrap();
        let kode: Vec<String> = w.kelurahan.iter().map(|k| k.code.clone()).collect();
        let pelaku = Pelaku::sistem("dinas");
        // A Dinas day: eight recaps uploaded and stored one after another
        // (the limit of five is for files waiting to be stored).
        for (i, dua) in kode.chunks(2).take(8).enumerate() {
            let token = app
                .pantau
                .unggah(
                    &format!("rekap-{i}.csv"),
                    &pantau_tests::csv_laporan(&november(dua)),
                    &pelaku.pengguna,
                )
                .await
                .unwrap()
                .unwrap_or_else(|p| panic!("upload {i} refused: {p:?}"));
            let id = app
                .pantau
                .simpan_unggahan(&token, "Dinas Koperasi", "Rekap kota", None, &pelaku)
                .await
                .unwrap()
                .unwrap_or_else(|v| panic!("upload {i} not stored: {:?}", v.galat));
            assert!(id > 0);
        }
        // Files waiting to be stored still stop at five.
        for i in 0..5 {
            app.pantau
                .unggah(&format!("tunggu-{i}.csv"), b"x;y\n1;2\n", &pelaku.pengguna)
                .await
                .unwrap()
                .unwrap();
        }
        assert!(
            app.pantau
                .unggah("keenam.csv", b"x;y\n1;2\n", &pelaku.pengguna)
                .await
                .unwrap()
                .is_err(),
            "a sixth waiting file is refused"
        );
        app.finish().await;
    }
);
