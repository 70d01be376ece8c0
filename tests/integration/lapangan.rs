//! Field verification visits (issue 18, part 1): a visit with photos from
//! the form, its EXIF read and its distance judged, bound to the audit
//! trail; the evidence grade on the dashboards, the briefing PDF and the
//! meeting pack; hostile photos and forms refused with nothing stored; a
//! failure halfway through the write leaves nothing behind; a photo
//! replaced in the database is named by the trail's verification.

use data::berkas::foto::{ContohExif, contoh_jpeg, contoh_png, png_bom};
use http::{Request, StatusCode};
use model::akun::Peran;
use model::lapangan::HasilKunjungan;
use model::status::StatusOperasi;
use pantau_tests::{Backend, TestApp, on_both, sql};

/// Photos of a form: (file name, bytes).
type Foto<'a> = Vec<(&'a str, Vec<u8>)>;

/// A multipart visit form: text fields, then every photo as `foto`.
async fn kirim_kunjungan(
    app: &TestApp,
    fields: &[(&str, &str)],
    foto: &[(&str, Vec<u8>)],
) -> (StatusCode, String) {
    let b = "----pantau-kunjungan";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (nama, isi) in foto {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"foto\"; filename=\"{nama}\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(isi);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    let req = Request::builder()
        .method("POST")
        .uri("/verifikasi-lapangan/catat")
        .header("content-type", format!("multipart/form-data; boundary={b}"))
        .body(axum::body::Body::from(body))
        .expect("request");
    let (status, headers, body) = app.kirim(req).await;
    let lokasi = headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
    (status, lokasi)
}

fn isian<'a>(kel: &'a str, tanggal: &'a str, ya: [&'a str; 4]) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kelurahan_code", kel),
        ("tanggal", tanggal),
        ("petugas", "Rina, Budi"),
        ("gerai_buka", ya[0]),
        ("stok_ada", ya[1]),
        ("petugas_ada", ya[2]),
        ("pembukuan_ada", ya[3]),
        ("catatan", "Gerai ramai pembeli"),
    ]
}

/// A photo taken `geser` degrees north of the kelurahan's centroid today.
fn foto_di(app: &TestApp, kel: &str, geser: f64, warna: u8) -> Vec<u8> {
    let k = app
        .pantau
        .wilayah()
        .kelurahan(kel)
        .expect("kelurahan")
        .clone();
    let hari = data::inti::waktu::hari_ini();
    contoh_png(
        40,
        30,
        [warna, 90, 40],
        Some(&ContohExif {
            lintang: Some(k.lat + geser),
            bujur: Some(k.lng),
            waktu: Some(format!("{} 10:00:00", hari.format("%Y:%m:%d"))),
        }),
    )
}

/// The stored visits, photos and audit entries.
async fn hitung(app: &TestApp) -> (usize, usize) {
    let v = app
        .pantau
        .halaman_lapangan(None, |_| false)
        .await
        .expect("page");
    let foto = v.kunjungan.iter().map(|k| k.foto.len()).sum();
    (v.kunjungan.len(), foto)
}

/// The message a refusal left under `?galat=`.
async fn pesan(app: &TestApp, lokasi: &str) -> String {
    let token = lokasi
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("galat="))
        .unwrap_or_else(|| panic!("a refusal with a message: {lokasi}"));
    app.pantau.baca_pesan(token).await.expect("message")
}

/// Two KKMP of one kecamatan that report operating at the newest month
/// and were not visited by the demo: (kecamatan, kelurahan, kelurahan).
async fn dua_beroperasi(app: &TestApp) -> (String, String, String) {
    let dikunjungi: Vec<String> = app
        .pantau
        .halaman_lapangan(None, |_| false)
        .await
        .unwrap()
        .kunjungan
        .into_iter()
        .map(|k| k.kelurahan_code)
        .collect();
    for kec in &app.pantau.wilayah().kecamatan {
        let d = app
            .pantau
            .dashboard_kecamatan(&kec.code, None, false)
            .await
            .unwrap();
        let ok: Vec<String> = d
            .kkmp
            .iter()
            .filter(|k| k.status_operasi != StatusOperasi::Belum)
            .map(|k| k.kelurahan_code.clone())
            .filter(|k| !dikunjungi.contains(k))
            .collect();
        if ok.len() >= 2 {
            return (kec.code.clone(), ok[0].clone(), ok[1].clone());
        }
    }
    panic!("the demo has a kecamatan with two operating KKMP not visited");
}

on_both!(
    a_visit_with_photos_confirms_or_contradicts_and_grades_the_figure,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let hari = data::inti::waktu::hari_ini().to_string();
        let sebelum = app
            .pantau
            .dashboard_kota(None, None, None, false)
            .await
            .unwrap()
            .bukti
            .clone();
        assert!(
            sebelum.beroperasi > 0 && sebelum.dikunjungi > 0,
            "the demo has visits: {sebelum:?}"
        );
        let (kec, kel, kel2) = dua_beroperasi(&app).await;
        app.masuk_sebagai(Peran::Camat, Some(&kec)).await;

        // Seen operating, photos near the kelurahan: confirms.
        let f1 = foto_di(&app, &kel, 0.002, 200);
        let f2 = contoh_jpeg(4000, 3000, None);
        let (status, lokasi) = kirim_kunjungan(
            &app,
            &isian(&kel, &hari, ["ya"; 4]),
            &[("gerai.png", f1.clone()), ("rak.jpg", f2.clone())],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{lokasi}");
        let id: i64 = lokasi
            .split("tersimpan=")
            .nth(1)
            .and_then(|x| x.parse().ok())
            .unwrap_or_else(|| panic!("stored: {lokasi}"));
        let k = app.pantau.kunjungan(id).await.unwrap();
        assert_eq!(k.hasil, HasilKunjungan::Mengonfirmasi);
        assert_eq!(k.foto.len(), 2);
        let a = &k.foto[0];
        assert_eq!(a.sha256, data::inti::sandi::sha256_hex(&f1));
        assert!(a.jarak_m.unwrap() < 500, "{a:?}");
        assert!(a.tanda.is_empty(), "{:?}", a.tanda);
        assert!(a.waktu.is_some() && a.lintang.is_some());
        // The JPEG carries no EXIF: flagged, not refused.
        assert!(
            k.foto[1].tanda.iter().any(|t| t.contains("tanpa lokasi")),
            "{:?}",
            k.foto[1].tanda
        );

        // The photo as stored, to whoever reads the kecamatan.
        let (st, h, isi) = app
            .kirim(
                Request::get(format!("/verifikasi-lapangan/foto/{}", a.id))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(isi, f1);
        assert_eq!(h["content-type"], "image/png");
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("sandbox")
        );
        let (_, html) = app.get(&format!("/verifikasi-lapangan/{id}")).await;
        assert!(
            html.contains(&a.sha256) && html.contains("Mengonfirmasi laporan"),
            "detail page"
        );

        // Seen closed, one photo 5.5 km away: contradicts, and is flagged.
        let jauh = foto_di(&app, &kel2, 0.05, 30);
        let (status, lokasi) = kirim_kunjungan(
            &app,
            &isian(&kel2, &hari, ["tidak", "ya", "tidak", "ya"]),
            &[("jauh.png", jauh)],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{lokasi}");
        let id2: i64 = lokasi.split("tersimpan=").nth(1).unwrap().parse().unwrap();
        let k2 = app.pantau.kunjungan(id2).await.unwrap();
        assert_eq!(k2.hasil, HasilKunjungan::Membantah);
        assert!(
            k2.foto[0]
                .tanda
                .iter()
                .any(|t| t.contains("km dari titik tengah")),
            "{:?}",
            k2.foto[0].tanda
        );

        // The grade moved by exactly these two, on the city and the
        // kecamatan page.
        let sesudah = app
            .pantau
            .dashboard_kota(None, None, None, false)
            .await
            .unwrap()
            .bukti
            .clone();
        assert_eq!(sesudah.beroperasi, sebelum.beroperasi);
        assert_eq!(
            sesudah.terkonfirmasi,
            sebelum.terkonfirmasi + 1,
            "{sebelum:?} → {sesudah:?}"
        );
        assert_eq!(sesudah.dibantah, sebelum.dibantah + 1);
        assert_eq!(sesudah.laporan_saja, sebelum.laporan_saja - 2);
        assert_eq!(
            sesudah.terkonfirmasi + sesudah.dibantah + sesudah.laporan_saja,
            sesudah.beroperasi
        );
        let (_, html) = app.get(&format!("/kecamatan/{kec}")).await;
        assert!(
            html.contains("data-testid=\"bukti-lapangan\""),
            "grade on the kecamatan page"
        );

        app.masuk_sebagai(Peran::Inspektorat, None).await;
        let (_, html) = app.get("/").await;
        assert!(
            html.contains("data-testid=\"bukti-lapangan\""),
            "grade on the city page"
        );

        // The briefing PDF prints the grade; a meeting frozen now carries it.
        app.masuk_sebagai(Peran::Pimpinan, None).await;
        let (st, _, pdf) = app
            .kirim(
                Request::get("/briefing/bahan.pdf")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let teks: String = (1..=doc.get_pages().len() as u32)
            .map(|i| doc.extract_text(&[i]).unwrap())
            .collect();
        assert!(
            teks.contains(&format!(
                "Bukti lapangan: {} dari {}",
                sesudah.terkonfirmasi, sesudah.beroperasi
            )),
            "the briefing PDF prints the grade"
        );
        // The demo's meeting was frozen with the demo's visits: its pack
        // prints the grade it froze.
        let rapat = app
            .pantau
            .halaman_rapat(None, data::inti::waktu::hari_ini())
            .await
            .unwrap()
            .detail
            .expect("the demo's meeting");
        let beku = rapat.bukti.clone().expect("frozen with a grade");
        let (st, _, pdf) = app
            .kirim(
                Request::get(format!("/rapat/{}/paket.pdf", rapat.rapat.id))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let teks: String = (1..=doc.get_pages().len() as u32)
            .map(|i| doc.extract_text(&[i]).unwrap())
            .collect();
        assert!(
            teks.contains(&format!(
                "Bukti lapangan: {} dari {}",
                beku.terkonfirmasi, beku.beroperasi
            )),
            "the meeting pack prints the frozen grade"
        );
        let isi = app.pantau.isi(None).await.unwrap();
        assert_eq!(
            isi.bukti.as_ref(),
            Some(&sesudah),
            "the rooms freeze the same grade"
        );
        app.finish().await;
    }
);

on_both!(
    hostile_photos_and_forms_are_refused_with_nothing_stored,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let hari = data::inti::waktu::hari_ini().to_string();
        let (kec, kel, _) = dua_beroperasi(&app).await;
        let kel_lain = app
            .pantau
            .wilayah()
            .kelurahan
            .iter()
            .find(|k| k.kecamatan_code != kec)
            .unwrap()
            .code
            .clone();
        let awal = hitung(&app).await;
        app.masuk_sebagai(Peran::Camat, Some(&kec)).await;
        let baik = foto_di(&app, &kel, 0.001, 120);
        let gila = contoh_jpeg(
            800,
            600,
            Some(&ContohExif {
                lintang: Some(200.0),
                bujur: Some(104.7),
                waktu: None,
            }),
        );
        let kasus: Vec<(&str, Foto, &str)> = vec![
            (
                "gif",
                vec![("a.gif", b"GIF89a\x01\x00\x01\x00".to_vec())],
                "bukan foto JPEG atau PNG",
            ),
            (
                "bom",
                vec![("bom.png", png_bom(100_000, 100_000))],
                "bom dekompresi",
            ),
            ("exif", vec![("gps.jpg", gila)], "tidak masuk akal"),
            ("kosong", vec![], "sedikitnya satu foto"),
            (
                "lima",
                (0..5)
                    .map(|i| ("x.png", foto_di(&app, &kel, 0.001, i as u8 * 20)))
                    .collect(),
                "paling banyak 4 foto",
            ),
            (
                "kembar",
                vec![("a.png", baik.clone()), ("b.png", baik.clone())],
                "sama persis dengan foto 1",
            ),
        ];
        for (nama, foto, kata) in kasus {
            let (status, lokasi) =
                kirim_kunjungan(&app, &isian(&kel, &hari, ["ya"; 4]), &foto).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{nama}: {lokasi}");
            assert!(
                lokasi.contains("petugas=Rina%2C%20Budi"),
                "{nama}: typed fields come back: {lokasi}"
            );
            let m = pesan(&app, &lokasi).await;
            assert!(m.contains(kata), "{nama}: {m}");
            assert_eq!(hitung(&app).await, awal, "{nama}: nothing stored");
        }
        // Fields: every problem named at once.
        let (_, lokasi) = kirim_kunjungan(
            &app,
            &[
                ("kelurahan_code", kel.as_str()),
                ("tanggal", "2999-01-01"),
                ("gerai_buka", "mungkin"),
            ],
            &[("a.png", baik.clone())],
        )
        .await;
        let m = pesan(&app, &lokasi).await;
        for kata in ["belum terjadi", "Petugas", "Gerai buka", "Stok barang ada"] {
            assert!(m.contains(kata), "{kata}: {m}");
        }
        // Another kecamatan's KKMP: refused before anything is read.
        let (status, _) = kirim_kunjungan(
            &app,
            &isian(&kel_lain, &hari, ["ya"; 4]),
            &[("a.png", baik.clone())],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A camat of another kecamatan does not learn a photo exists.
        let foto_demo = app
            .pantau
            .halaman_lapangan(None, |_| false)
            .await
            .unwrap()
            .kunjungan
            .into_iter()
            .find(|k| !k.kelurahan_code.starts_with(&format!("{kec}.")))
            .map(|k| k.foto[0].id)
            .expect("a demo visit elsewhere");
        let (status, _) = app
            .get(&format!("/verifikasi-lapangan/foto/{foto_demo}"))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // An operator records nothing, and cannot see the photos.
        app.masuk_sebagai(Peran::Operator, Some(&kel)).await;
        let (status, _) = kirim_kunjungan(
            &app,
            &isian(&kel, &hari, ["ya"; 4]),
            &[("a.png", baik.clone())],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A body past the route's limit is refused before it is read.
        app.masuk_sebagai(Peran::Camat, Some(&kec)).await;
        let besar = vec![0u8; server::lapangan::BATAS_BODY_KUNJUNGAN + 1];
        let (status, lokasi) = kirim_kunjungan(
            &app,
            &isian(&kel, &hari, ["ya"; 4]),
            &[("besar.jpg", besar)],
        )
        .await;
        assert!(
            status == StatusCode::PAYLOAD_TOO_LARGE || lokasi.contains("galat="),
            "{status} {lokasi}"
        );
        assert_eq!(hitung(&app).await, awal, "nothing stored");
        // One account's day has a ceiling.
        let pelaku = data::inti::jejak::Pelaku {
            pengguna: "uji.kuota".into(),
            peran: "admin".into(),
            alamat: "127.0.0.1".into(),
        };
        let baru = data::inti::lapangan::KunjunganBaru {
            kelurahan_code: kel.clone(),
            tanggal: hari.clone(),
            petugas: "Rina".into(),
            temuan: model::lapangan::TONGGAK_LAPANGAN
                .iter()
                .map(|t| (t.0.to_string(), "ya".to_string()))
                .collect(),
            catatan: String::new(),
        };
        let kuota = data::layanan::lapangan::KUOTA_KUNJUNGAN_HARIAN;
        for i in 0..kuota {
            let f = foto_di(&app, &kel, 0.0001 * i as f64, (i * 3) as u8);
            app.pantau
                .catat_kunjungan(&baru, vec![("f.png".into(), f)], &pelaku)
                .await
                .expect("within the allowance");
        }
        let e = app
            .pantau
            .catat_kunjungan(
                &baru,
                vec![("f.png".into(), foto_di(&app, &kel, 0.01, 1))],
                &pelaku,
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains(&format!("batas {kuota}")), "{e}");
        assert_eq!(hitung(&app).await.0, awal.0 + kuota as usize);
        app.finish().await;
    }
);

on_both!(
    a_failure_halfway_stores_nothing_and_a_replaced_photo_is_named,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let hari = data::inti::waktu::hari_ini().to_string();
        let (kec, kel, _) = dua_beroperasi(&app).await;
        app.masuk_sebagai(Peran::Camat, Some(&kec)).await;
        // The third photo's insert fails inside the transaction.
        let perangkap = match backend {
            Backend::Sqlite => vec![
                "CREATE TRIGGER gagal_foto BEFORE INSERT ON foto_kunjungan WHEN NEW.urutan = 3 \
                 BEGIN SELECT RAISE(ABORT, 'disk rusak'); END",
            ],
            Backend::Postgres => vec![
                "CREATE FUNCTION gagal_foto() RETURNS trigger AS $$ BEGIN \
                 IF NEW.urutan = 3 THEN RAISE EXCEPTION 'disk rusak'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER gagal_foto BEFORE INSERT ON foto_kunjungan FOR EACH ROW EXECUTE FUNCTION gagal_foto()",
            ],
        };
        for q in &perangkap {
            sql(&app.db, q).await.expect(q);
        }
        let awal = hitung(&app).await;
        let revisi = app.pantau.revisi_lengkap().await.unwrap();
        let jejak = app.pantau.periksa_jejak().await.unwrap();
        let foto: Vec<(&str, Vec<u8>)> = (0..3)
            .map(|i| ("f.png", foto_di(&app, &kel, 0.001, 50 + i as u8)))
            .collect();
        let (status, _) = kirim_kunjungan(&app, &isian(&kel, &hari, ["ya"; 4]), &foto).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(hitung(&app).await, awal, "no visit and no photo of it");
        assert_eq!(
            app.pantau.revisi_lengkap().await.unwrap(),
            revisi,
            "no revision moved"
        );
        let lagi = app.pantau.periksa_jejak().await.unwrap();
        assert_eq!(lagi.rantai.jumlah, jejak.rantai.jumlah, "no audit entry");
        sql(&app.db, "DROP TRIGGER gagal_foto ON foto_kunjungan")
            .await
            .or(sql(&app.db, "DROP TRIGGER gagal_foto").await)
            .expect("drop trigger");
        let (status, lokasi) = kirim_kunjungan(&app, &isian(&kel, &hari, ["ya"; 4]), &foto).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{lokasi}");
        let id: i64 = lokasi.split("tersimpan=").nth(1).unwrap().parse().unwrap();
        let k = app.pantau.kunjungan(id).await.unwrap();
        assert_eq!(k.foto.len(), 3);
        // A photo replaced behind the application's back, and a finding
        // edited: both named.
        let ganti = match backend {
            Backend::Sqlite => "X'00FF'",
            Backend::Postgres => "'\\x00ff'::bytea",
        };
        sql(
            &app.db,
            &format!(
                "UPDATE foto_kunjungan SET isi = {ganti} WHERE id = {}",
                k.foto[1].id
            ),
        )
        .await
        .unwrap();
        sql(
            &app.db,
            &format!("UPDATE kunjungan SET gerai_buka = 0 WHERE id = {id}"),
        )
        .await
        .unwrap();
        let p = app.pantau.periksa_jejak().await.unwrap();
        let masalah = p.isi.masalah.join("\n");
        assert!(
            masalah.contains(&format!(
                "foto_kunjungan id {}: foto tersimpan tidak cocok",
                k.foto[1].id
            )),
            "{masalah}"
        );
        assert!(
            masalah.contains(&format!("kunjungan id {id}: isinya tidak cocok")),
            "{masalah}"
        );
        app.finish_dirusak().await;
    }
);
