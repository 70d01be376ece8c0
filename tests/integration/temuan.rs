//! The Inspektorat's findings register (issue 18, part 3): a finding
//! opened by the Inspektorat only, followed up by the responsible office
//! with evidence, closed and reopened by the Inspektorat only; scope for
//! camat; overdue findings in the meeting room; every step in the audit
//! trail and in the evidence package; a failure halfway leaves nothing; a
//! replaced evidence file is named; two closings at once close once.

use http::{Request, StatusCode};
use model::akun::Peran;
use model::temuan::StatusTemuan;
use pantau_tests::{Backend, TestApp, enc, on_both, sql};

const KEL: &str = "16.71.07.1011";
const KEC: &str = "16.71.07";
const KEC_LAIN: &str = "16.71.01";

/// A multipart step form: id, kind, text, and an optional file.
async fn langkah(
    app: &TestApp,
    id: &str,
    jenis: &str,
    uraian: &str,
    berkas: Option<(&str, &[u8])>,
) -> (StatusCode, String) {
    let b = "----pantau-temuan";
    let mut body = Vec::new();
    for (k, v) in [("temuan_id", id), ("jenis", jenis), ("uraian", uraian)] {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((nama, isi)) = berkas {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{nama}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(isi);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    let req = Request::builder()
        .method("POST")
        .uri("/temuan/langkah")
        .header("content-type", format!("multipart/form-data; boundary={b}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    let (status, headers, body) = app.kirim(req).await;
    let lokasi = headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
    (status, lokasi)
}

async fn pesan(app: &TestApp, lokasi: &str) -> String {
    let token = lokasi
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("galat="))
        .unwrap_or_else(|| panic!("a refusal with a message: {lokasi}"));
    app.pantau.baca_pesan(token).await.unwrap()
}

/// Opens a finding about `wilayah` as the Inspektorat; returns its id.
async fn buka(app: &TestApp, wilayah: &str) -> i64 {
    app.masuk_sebagai(Peran::Inspektorat, None).await;
    let hari = data::inti::waktu::hari_ini().to_string();
    let form = format!(
        "judul={}&uraian={}&rekomendasi={}&penanggung_jawab={}&wilayah_code={}&sumber=kunjungan&sumber_ref=7&tenggat={hari}",
        enc("Gerai tutup saat jam kerja"),
        enc("Kunjungan #7 menemukan gerai tutup, laporan menyatakan beroperasi penuh."),
        enc("Camat memastikan gerai buka dan laporan dikoreksi."),
        enc("Camat Sukarami"),
        enc(wilayah)
    );
    let (status, lokasi) = app.post_html("/api/buka_temuan", &form, "/temuan").await;
    assert!(status.is_redirection(), "{status} {lokasi}");
    lokasi
        .trim_start_matches("/temuan/")
        .split('?')
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("opened: {lokasi}"))
}

on_both!(
    a_finding_is_followed_up_with_evidence_and_closed_by_the_inspektorat_alone,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        // Only the Inspektorat opens.
        app.masuk_sebagai(Peran::Admin, None).await;
        let (status, _) = app
            .post_form("/api/buka_temuan", "judul=x&uraian=x&rekomendasi=x&penanggung_jawab=x&wilayah_code=&sumber=pemeriksaan&sumber_ref=&tenggat=2030-01-01")
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Every problem of a bad form named.
        app.masuk_sebagai(Peran::Inspektorat, None).await;
        let (_, lokasi) = app
            .post_html("/api/buka_temuan", "judul=&uraian=x&rekomendasi=&penanggung_jawab=x&wilayah_code=99&sumber=gosip&sumber_ref=&tenggat=2020-01-01", "/temuan")
            .await;
        let m = pesan(&app, &lokasi).await;
        for kata in ["Judul", "Rekomendasi", "Wilayah", "Sumber", "sudah lewat"] {
            assert!(m.contains(kata), "{kata}: {m}");
        }
        let id = buka(&app, KEL).await;
        let sid = id.to_string();
        let t = app.pantau.temuan(id).await.unwrap();
        assert_eq!(t.status, StatusTemuan::Terbuka);

        // A camat of another kecamatan does not see it or act on it.
        app.masuk_sebagai(Peran::Camat, Some(KEC_LAIN)).await;
        let (status, _) = app.get(&format!("/temuan/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let pdf = b"%PDF-1.4\n% berita acara\n".to_vec();
        let (status, _) = langkah(&app, &sid, "tindak_lanjut", "x", Some(("ba.pdf", &pdf))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The camat of its kecamatan follows up: evidence is required and
        // must be a PDF or a checked picture.
        app.masuk_sebagai(Peran::Camat, Some(KEC)).await;
        let (_, lokasi) = langkah(&app, &sid, "tindak_lanjut", "Sudah ditegur", None).await;
        assert!(pesan(&app, &lokasi).await.contains("lampirkan bukti"));
        let (_, lokasi) = langkah(
            &app,
            &sid,
            "tindak_lanjut",
            "Sudah ditegur",
            Some(("a.exe", b"MZ\x90\x00")),
        )
        .await;
        assert!(
            pesan(&app, &lokasi)
                .await
                .contains("hanya PDF, JPEG atau PNG")
        );
        let bom = data::berkas::foto::png_bom(100_000, 100_000);
        let (_, lokasi) = langkah(&app, &sid, "tindak_lanjut", "Foto", Some(("b.png", &bom))).await;
        assert!(pesan(&app, &lokasi).await.contains("bom dekompresi"));
        assert!(
            app.pantau.temuan(id).await.unwrap().langkah.is_empty(),
            "nothing stored"
        );
        let (status, lokasi) = langkah(
            &app,
            &sid,
            "tindak_lanjut",
            "Gerai dibuka kembali; berita acara terlampir.",
            Some(("berita acara.pdf", &pdf)),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{lokasi}");
        let t = app.pantau.temuan(id).await.unwrap();
        assert_eq!(t.status, StatusTemuan::Ditindaklanjuti);
        let (nama, _, ukuran, sha) = t.langkah[0].berkas.clone().unwrap();
        assert_eq!(
            (nama.as_str(), ukuran),
            ("berita_acara.pdf", pdf.len() as i64)
        );
        assert_eq!(sha, data::inti::sandi::sha256_hex(&pdf));
        // Neither the camat nor the Dinas closes it.
        let (status, _) = langkah(&app, &sid, "ditutup", "Selesai", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        app.masuk_sebagai(Peran::Admin, None).await;
        let (status, _) = langkah(&app, &sid, "ditutup", "Selesai", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Overdue in the meeting room once its day has passed.
        let lusa = data::inti::waktu::hari_ini() + chrono::Duration::days(2);
        let rapat = app.pantau.halaman_rapat(None, lusa).await.unwrap();
        assert!(
            rapat.temuan_lewat.iter().any(|t| t.id == id),
            "overdue in the meeting room"
        );
        app.masuk_sebagai(Peran::Pimpinan, None).await;
        let (status, html) = app.get("/rapat").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !html.contains("data-testid=\"temuan-lewat\""),
            "not overdue today"
        );

        // The evidence, as stored, as a download.
        let (st, h, isi) = app
            .kirim(
                Request::get(format!("/temuan/berkas/{}", t.langkah[0].id))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(isi, pdf);
        assert!(
            h["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );

        // The Inspektorat closes; a follow-up after that is refused; it
        // reopens.
        app.masuk_sebagai(Peran::Inspektorat, None).await;
        let (status, _) = langkah(&app, &sid, "ditutup", "Tindak lanjut memadai.", None).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.pantau.temuan(id).await.unwrap().status,
            StatusTemuan::Ditutup
        );
        app.masuk_sebagai(Peran::Camat, Some(KEC)).await;
        let (_, lokasi) = langkah(&app, &sid, "tindak_lanjut", "lagi", Some(("c.pdf", &pdf))).await;
        assert!(pesan(&app, &lokasi).await.contains("sudah ditutup"));
        app.masuk_sebagai(Peran::Inspektorat, None).await;
        let (status, _) = langkah(&app, &sid, "dibuka_lagi", "Gerai tutup lagi.", None).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.pantau.temuan(id).await.unwrap().status,
            StatusTemuan::Terbuka
        );

        // Two closings at once: one wins, the other is told.
        let pelaku = data::inti::jejak::Pelaku {
            pengguna: "uji.inspektorat".into(),
            peran: "inspektorat".into(),
            alamat: "127.0.0.1".into(),
        };
        let (a, b) = tokio::join!(
            app.pantau.langkah_temuan(id, "ditutup", "A", None, &pelaku),
            app.pantau.langkah_temuan(id, "ditutup", "B", None, &pelaku)
        );
        assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
        let t = app.pantau.temuan(id).await.unwrap();
        assert_eq!(
            t.langkah.iter().filter(|l| l.jenis == "ditutup").count(),
            2,
            "the first closing and one of the two"
        );

        // The evidence package of the KKMP carries the finding and its file.
        let bulan = data::inti::waktu::hari_ini().format("%Y-%m").to_string();
        let (st, _, zip) = app
            .kirim(
                Request::get(format!(
                    "/audit/bukti.zip?kelurahan={KEL}&dari={bulan}&sampai={bulan}"
                ))
                .body(axum::body::Body::empty())
                .unwrap(),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        let hasil = data::berkas::bukti::verifikasi(&zip).expect("the package verifies");
        let nama: Vec<&str> = hasil
            .manifest
            .berkas
            .iter()
            .map(|b| b.nama.as_str())
            .collect();
        assert!(nama.contains(&"temuan.json"), "{nama:?}");
        assert!(
            nama.iter()
                .any(|n| n.starts_with(&format!("lampiran/temuan-{id}-langkah-"))),
            "{nama:?}"
        );
        app.finish().await;
    }
);

on_both!(
    a_failure_halfway_stores_no_step_and_a_replaced_file_is_named,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let id = buka(&app, KEC).await;
        // The audit entry of a follow-up fails after the step's row is
        // written: the transaction leaves nothing.
        let perangkap = match backend {
            Backend::Sqlite => vec![
                "CREATE TRIGGER gagal_jejak BEFORE INSERT ON jejak_audit WHEN NEW.aksi = 'temuan.tindak_lanjut' \
                 BEGIN SELECT RAISE(ABORT, 'disk rusak'); END",
            ],
            Backend::Postgres => vec![
                "CREATE FUNCTION gagal_jejak() RETURNS trigger AS $$ BEGIN \
                 IF NEW.aksi = 'temuan.tindak_lanjut' THEN RAISE EXCEPTION 'disk rusak'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER gagal_jejak BEFORE INSERT ON jejak_audit FOR EACH ROW EXECUTE FUNCTION gagal_jejak()",
            ],
        };
        for q in &perangkap {
            sql(&app.db, q).await.expect(q);
        }
        app.masuk_sebagai(Peran::Camat, Some(KEC)).await;
        let pdf = b"%PDF-1.4\n% surat\n".to_vec();
        let (status, _) = langkah(
            &app,
            &id.to_string(),
            "tindak_lanjut",
            "Surat teguran",
            Some(("s.pdf", &pdf)),
        )
        .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let t = app.pantau.temuan(id).await.unwrap();
        assert!(
            t.langkah.is_empty() && t.status == StatusTemuan::Terbuka,
            "nothing stored"
        );
        let drop = match backend {
            Backend::Sqlite => "DROP TRIGGER gagal_jejak",
            Backend::Postgres => "DROP TRIGGER gagal_jejak ON jejak_audit",
        };
        sql(&app.db, drop).await.unwrap();
        let (status, _) = langkah(
            &app,
            &id.to_string(),
            "tindak_lanjut",
            "Surat teguran",
            Some(("s.pdf", &pdf)),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let l = app.pantau.temuan(id).await.unwrap().langkah[0].id;
        let p = app.pantau.periksa_jejak().await.unwrap();
        assert!(p.isi.masalah.is_empty(), "{:?}", p.isi.masalah);
        // The evidence replaced behind the application's back is named.
        let ganti = match backend {
            Backend::Sqlite => "X'00FF'",
            Backend::Postgres => "'\\x00ff'::bytea",
        };
        sql(
            &app.db,
            &format!("UPDATE temuan_langkah SET isi = {ganti} WHERE id = {l}"),
        )
        .await
        .unwrap();
        sql(
            &app.db,
            &format!("UPDATE temuan SET rekomendasi = 'tidak perlu' WHERE id = {id}"),
        )
        .await
        .unwrap();
        let masalah = app
            .pantau
            .periksa_jejak()
            .await
            .unwrap()
            .isi
            .masalah
            .join("\n");
        assert!(
            masalah.contains(&format!(
                "temuan_langkah id {l}: bukti tindak lanjut tersimpan tidak cocok"
            )),
            "{masalah}"
        );
        assert!(
            masalah.contains(&format!("temuan id {id}: isinya tidak cocok")),
            "{masalah}"
        );
        app.finish_dirusak().await;
    }
);
