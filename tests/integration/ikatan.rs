//! Bound content (issue 15): a report version or an approval step edited,
//! deleted or inserted behind the application's back is named by the
//! verification, and so is a binding rewritten to match an edit; so are
//! targets, their history, snapshots, tindak lanjut items, support entries,
//! anomaly follow-ups and uploads (bound column by column).

use model::akun::Peran;
use pantau_tests::{Backend, TestApp, on_both, sql};

/// The id of the newest version of `kel`'s report for `periode`.
async fn id_versi(
    app: &TestApp,
    kel: &str,
    periode: &str,
) -> data::inti::laporan::LaporanTersimpan {
    data::simpan::laporan::riwayat(&app.db, kel, model::Periode::parse(periode).unwrap())
        .await
        .unwrap()
        .pop()
        .expect("a stored version")
}

on_both!(
    figures_edited_in_the_database_are_named,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let awal = app.pantau.periksa_jejak().await.unwrap();
        assert!(awal.utuh(), "{:?}", awal.isi.masalah);
        assert!(
            awal.isi.baris > 3000,
            "every demo version and approval step is bound: {}",
            awal.isi.baris
        );

        // Members 41 → 541 on one version, revenue ×10 on another.
        let a = id_versi(&app, "16.71.07.1011", "2026-03").await;
        let b = id_versi(&app, "16.71.01.1001", "2026-05").await;
        sql(
            &app.db,
            &format!(
                "UPDATE laporan SET anggota = anggota + 500 WHERE id = {}",
                a.id
            ),
        )
        .await
        .unwrap();
        sql(
            &app.db,
            &format!(
                "UPDATE laporan SET omzet = omzet * 10 + 10 WHERE id = {}",
                b.id
            ),
        )
        .await
        .unwrap();
        // An approval step deleted, another forged.
        sql(
            &app.db,
            // Not the newest: SQLite would hand its id to the forged row.
            "DELETE FROM laporan_langkah WHERE id = (SELECT MIN(id) + 1 FROM laporan_langkah)",
        )
        .await
        .unwrap();
        sql(
            &app.db,
            "INSERT INTO laporan_langkah (laporan_id, kelurahan_code, periode, langkah, oleh, pada, catatan) \
             SELECT laporan_id, kelurahan_code, periode, 'diterima', 'penyusup', pada, '' \
             FROM laporan_langkah WHERE id = (SELECT MIN(id) FROM laporan_langkah)",
        )
        .await
        .unwrap();

        let p = app.pantau.periksa_jejak().await.unwrap();
        assert_eq!(p.rantai.rusak, None, "the log itself is intact");
        assert!(!p.utuh());
        assert_eq!(p.isi.jumlah_masalah, 4, "{:#?}", p.isi.masalah);
        let semua = p.isi.masalah.join("\n");
        assert!(
            semua.contains(&format!(
                "laporan id {} (16.71.07.1011 periode 2026-03, versi {})",
                a.id, a.versi
            )) && semua.contains("diubah di luar aplikasi"),
            "{semua}"
        );
        assert!(
            semua.contains(&format!("laporan id {} (16.71.01.1001", b.id)),
            "{semua}"
        );
        assert!(semua.contains("dihapus di luar aplikasi"), "{semua}");
        assert!(
            semua.contains("tidak diikat entri jejak mana pun"),
            "{semua}"
        );

        // The Inspektorat sees it once the periodic full check has run.
        app.pantau.periksa_jejak_penuh().await.unwrap();
        app.masuk_sebagai(Peran::Inspektorat, None).await;
        let (status, html) = app.get("/jejak").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("ISI DATA TIDAK COCOK DENGAN JEJAK AUDIT"),
            "the page says so"
        );
        assert!(
            html.contains(&format!("laporan id {}", a.id)),
            "and names the row"
        );
        let (_, html) = app.get("/audit").await;
        assert!(
            html.contains("baris data tidak cocok dengan jejak audit"),
            "nor is /audit fooled"
        );
        app.finish_dirusak().await;
    }
);

on_both!(
    a_binding_rewritten_to_match_an_edit_is_caught_by_its_entry,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let v = id_versi(&app, "16.71.07.1011", "2026-04").await;
        // The bindings refuse changes...
        let ubah = format!(
            "UPDATE jejak_ikatan SET hash_isi = 'x' WHERE tabel = 'laporan' AND baris_id = {}",
            v.id
        );
        let err = sql(&app.db, &ubah).await.unwrap_err();
        assert!(err.contains("hanya dapat ditambah"), "{err}");
        let err = sql(&app.db, "DELETE FROM jejak_ikatan").await.unwrap_err();
        assert!(err.contains("hanya dapat ditambah"), "{err}");
        // ...until someone with the owner's rights drops the guard, edits
        // the figures and rewrites the binding to the edited content.
        let drop = match backend {
            Backend::Sqlite => "DROP TRIGGER jejak_ikatan_tolak_ubah",
            Backend::Postgres => "DROP TRIGGER jejak_ikatan_tolak_ubah ON jejak_ikatan",
        };
        sql(&app.db, drop).await.unwrap();
        sql(
            &app.db,
            &format!(
                "UPDATE laporan SET anggota = anggota + 500 WHERE id = {}",
                v.id
            ),
        )
        .await
        .unwrap();
        let diubah = id_versi(&app, "16.71.07.1011", "2026-04").await;
        assert_eq!(diubah.isi.anggota, v.isi.anggota + 500);
        let hash = data::inti::ikatan::hash_laporan(&diubah);
        sql(
            &app.db,
            &format!(
                "UPDATE jejak_ikatan SET hash_isi = '{hash}' WHERE tabel = 'laporan' AND baris_id = {}",
                v.id
            ),
        )
        .await
        .unwrap();
        let p = app.pantau.periksa_jejak().await.unwrap();
        assert_eq!(p.isi.jumlah_masalah, 1, "{:#?}", p.isi.masalah);
        assert!(
            p.isi.masalah[0].starts_with("entri jejak #")
                && p.isi.masalah[0].contains("tidak cocok dengan ringkasan"),
            "the entry that wrote the row names the rewrite: {}",
            p.isi.masalah[0]
        );
        app.finish_dirusak().await;
    }
);

on_both!(
    rows_stored_before_bindings_are_bound_once_at_the_upgrade,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        // A database from before bindings: a report row that no entry
        // binds (written here directly), and the upgrade not yet run.
        sql(
            &app.db,
            "INSERT INTO laporan (kelurahan_code, periode, versi, dikirim_pada, dikirim_oleh, sumber, \
             badan_hukum, nib, npwp, rekening, simkopdes, anggota, anggota_pria, anggota_wanita, pengurus, pengawas, \
             simpanan_pokok, simpanan_wajib, simpanan_sukarela, hibah, gerai_kantor, gerai_sembako, gerai_simpan_pinjam, \
             gerai_klinik, gerai_apotek, gerai_cold_storage, gerai_logistik, unit_lain, unit_lain_beroperasi, lahan, \
             pembangunan, tempat_sewa, pinjaman_tahap, pinjaman_plafon, pinjaman_cair, pinjaman_outstanding, rat, omzet, \
             shu, tenaga_kerja, transaksi_anggota, peringatan) VALUES ('16.71.07.1011', '2025-06', 1, \
             '2025-07-05T03:00:00Z', 'operator lama', 'formulir', false, false, false, true, false, 30, 15, 15, 5, 3, \
             3000000, 500000, 0, 0, 'belum_ada', 'belum_ada', 'belum_ada', 'belum_ada', 'belum_ada', 'belum_ada', \
             'belum_ada', '', 0, 'belum_ada', 'belum', false, 'belum', 0, 0, 0, false, 0, 0, 0, 0, '')",
        )
        .await
        .unwrap();
        // And a support entry, a table bound since v2.
        sql(
            &app.db,
            "INSERT INTO intervensi (kelurahan_code, tanggal, jenis, nilai, peserta, catatan, dicatat_oleh, dicatat_pada) \
             VALUES ('16.71.07.1011', '2025-06-10', 'pelatihan', NULL, 12, 'Pelatihan pembukuan', 'dinas lama', '2025-06-10T03:00:00Z')",
        )
        .await
        .unwrap();
        let p = app.pantau.periksa_jejak().await.unwrap();
        assert_eq!(p.isi.jumlah_masalah, 2, "{:?}", p.isi.masalah);
        sql(&app.db, "DELETE FROM penanda WHERE kunci = 'ikatan_v2'")
            .await
            .unwrap();
        // The first start after the upgrade binds it, with one entry that
        // says so; later starts never bind anything again.
        assert_eq!(
            data::simpan::ikatan::ikat_data_lama(&app.db).await.unwrap(),
            2
        );
        assert_eq!(
            data::simpan::ikatan::ikat_data_lama(&app.db).await.unwrap(),
            0
        );
        let p = app.pantau.periksa_jejak().await.unwrap();
        assert!(p.utuh(), "{:?}", p.isi.masalah);
        let e = data::simpan::jejak::daftar(&app.db, None, Some("data.ikat"), 5)
            .await
            .unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].pengguna, "sistem:pembaruan");
        assert!(e[0].sesudah.contains("\"baris\":2"), "{}", e[0].sesudah);
        app.finish().await;
    }
);

on_both!(
    a_chain_cut_short_is_caught_by_its_anchor_outside_the_database,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let dir = std::env::temp_dir().join(format!(
            "pantau-jangkar-{}-{:?}",
            std::process::id(),
            backend
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let kunci = dir.join("kunci-jejak");
        let berkas = dir.join("jangkar-jejak");
        let pantau = data::Pantau::new(app.db.clone(), 10)
            .await
            .unwrap()
            .dengan_jangkar(
                data::layanan::jangkar::KonfigJangkar::buka(&kunci, berkas.clone()).unwrap(),
            );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&kunci).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the key is readable by its owner only");
        }
        let p = pantau.periksa_jejak().await.unwrap();
        assert!(p.utuh() && p.jangkar.is_none(), "nothing anchored yet");
        let j = pantau.tambatkan().await.unwrap().expect("anchored");
        assert!(
            pantau.tambatkan().await.unwrap().is_none(),
            "an unchanged head is not anchored twice"
        );
        let p = pantau.periksa_jejak().await.unwrap();
        assert!(p.utuh(), "{:?}", p.jangkar);
        assert_eq!(p.jangkar.as_ref().unwrap().jangkar, 1);

        // Cut the newest entry off and move the head back one: the chain
        // alone still verifies...
        let drop = match backend {
            Backend::Sqlite => "DROP TRIGGER jejak_audit_tolak_hapus",
            Backend::Postgres => "DROP TRIGGER jejak_audit_tolak_ubah ON jejak_audit",
        };
        sql(&app.db, drop).await.unwrap();
        let sebelum = data::simpan::jejak::hash_entri(&app.db, j.nomor - 1)
            .await
            .unwrap()
            .unwrap();
        sql(
            &app.db,
            &format!("DELETE FROM jejak_audit WHERE id = {}", j.nomor),
        )
        .await
        .unwrap();
        sql(
            &app.db,
            &format!(
                "UPDATE jejak_kepala SET nomor = {}, hash = '{sebelum}' WHERE id = 1",
                j.nomor - 1
            ),
        )
        .await
        .unwrap();
        let rantai = data::simpan::jejak::periksa(&app.db).await.unwrap();
        assert_eq!(rantai.rusak, None, "the truncation the chain cannot see");
        // ...but not against its anchor.
        let p = pantau.periksa_jejak().await.unwrap();
        assert!(!p.utuh());
        let (nomor, why) = p.rantai.rusak.clone().expect("named as a break");
        assert_eq!(nomor, j.nomor);
        assert!(why.contains("dipotong"), "{why}");
        // Nor can the anchor file be forged without the key.
        let palsu = data::inti::jangkar::Jangkar {
            nomor: j.nomor - 1,
            hash: sebelum,
            ..j.clone()
        };
        std::fs::write(&berkas, format!("{}\n", palsu.baris())).unwrap();
        let h = pantau.periksa_jangkar().await.unwrap().unwrap();
        assert_eq!(h.masalah.len(), 1);
        assert!(
            h.masalah[0].contains("tanda tangan tidak sah"),
            "{}",
            h.masalah[0]
        );
        let _ = std::fs::remove_dir_all(&dir);
        app.finish_dirusak().await;
    }
);

on_both!(
    targets_rooms_support_and_uploads_edited_in_the_database_are_named,
    |backend: Backend| async move {
        // The demo wrote targets and their history, a briefing and a
        // meeting, tindak lanjut items (some changed since) and support
        // entries, each bound by the entry that wrote it.
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let awal = app.pantau.periksa_jejak().await.unwrap();
        assert!(awal.utuh(), "{:?}", awal.isi.masalah);
        for q in [
            "UPDATE target SET nilai_target = nilai_target + 1 WHERE id = 1".to_string(),
            "UPDATE target_riwayat SET alasan = 'tidak pernah' WHERE id = 2".into(),
            "UPDATE cuplikan SET judul = 'Briefing lain' WHERE id = 1".into(),
            "UPDATE tindak_lanjut SET status = 'selesai' WHERE id = 2".into(),
            "DELETE FROM intervensi WHERE id = 3".into(),
            "INSERT INTO tindak_anomali (kunci, catatan, oleh, pada) VALUES ('x', 'ditutup diam-diam', 'siapa', '2026-11-01T00:00:00Z')".into(),
            format!(
                "INSERT INTO unggahan (sha256, nama_berkas, ukuran, jumlah_laporan, diunggah_pada, diunggah_oleh, isi) \
                 VALUES ('{}', 'palsu.csv', 1, 0, '2026-11-01T00:00:00Z', 'siapa', {})",
                "ab".repeat(32),
                if backend == Backend::Sqlite { "X'00'" } else { "'\\x00'::bytea" }
            ),
        ] {
            sql(&app.db, &q).await.unwrap();
        }
        let p = app.pantau.periksa_jejak().await.unwrap();
        assert!(!p.utuh());
        let semua = p.isi.masalah.join("\n");
        for harap in [
            "target id 1: isinya tidak cocok",
            "target_riwayat id 2: isinya tidak cocok",
            "cuplikan id 1: isinya tidak cocok",
            "tindak_lanjut id 2: isinya tidak cocok",
            "intervensi id 3: dicatat entri jejak",
            "tindak_anomali id 1: tidak diikat",
            "unggahan id 1: tidak diikat",
            "unggahan id 1: berkas tersimpan tidak cocok dengan SHA-256",
        ] {
            assert!(semua.contains(harap), "'{harap}' not in:\n{semua}");
        }
        assert_eq!(p.isi.jumlah_masalah, 8, "{semua}");
        app.finish_dirusak().await;
    }
);
