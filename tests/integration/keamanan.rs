//! Abuse and bad input: passwords and throttling, sessions, CSRF, role and
//! scope escalation through crafted requests, injection strings, odd file
//! names, oversized requests. Then the approval workflow and the audit
//! trail, including a row edited behind the application's back.

use axum::body::Body;
use axum::extract::ConnectInfo;
use data::simpan::jejak;
use http::{Request, StatusCode};
use model::akun::Peran;
use model::status::Persetujuan;
use pantau_tests::{Backend, SANDI_UJI, TestApp, enc, on_both, sql};
use std::net::SocketAddr;

const KEL: &str = "16.71.07.1011";
const KEC: &str = "16.71.07";
const KEL_LAIN: &str = "16.71.01.1001";

/// The anonymous double-submit token these tests use.
fn anon() -> String {
    "b".repeat(64)
}

/// Signs in over HTTP as a browser does, from `alamat`: status, Location
/// and the session cookie set (if any).
async fn masuk_http(
    app: &TestApp,
    nama: &str,
    sandi: &str,
    alamat: &str,
) -> (StatusCode, String, Option<String>) {
    let (status, location, sesi, _) = masuk_dari(app, nama, sandi, alamat, None).await;
    (status, location, sesi)
}

/// [`masuk_http`] with the device cookie `perangkat` (if any); also returns
/// the device token the answer sets.
async fn masuk_dari(
    app: &TestApp,
    nama: &str,
    sandi: &str,
    alamat: &str,
    perangkat: Option<&str>,
) -> (StatusCode, String, Option<String>, Option<String>) {
    let t = anon();
    let mut cookie = format!("pantau_csrf={t}");
    if let Some(d) = perangkat {
        cookie.push_str(&format!("; pantau_perangkat={d}"));
    }
    let mut req = Request::builder()
        .method("POST")
        .uri("/api/masuk")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("cookie", cookie)
        .body(Body::from(format!(
            "nama_pengguna={}&kata_sandi={}&lanjut=&csrf={t}",
            enc(nama),
            enc(sandi)
        )))
        .unwrap();
    let ip: std::net::IpAddr = alamat.parse().unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(ip, 40000)));
    let (status, headers, _) = app.mentah(req).await;
    let location = headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let set = |nama: &str| {
        headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{nama}=")))
            .map(str::to_string)
    };
    let perangkat = set("pantau_perangkat").map(|c| {
        c.trim_start_matches("pantau_perangkat=")
            .split(';')
            .next()
            .unwrap_or_default()
            .to_string()
    });
    (status, location, set("pantau_sesi"), perangkat)
}

/// `n` failed sign-ins under `kunci`, `menit_lalu` minutes ago (a guesser's
/// history, without waiting for it).
async fn gagal_lalu(app: &TestApp, kunci: &str, n: usize, menit_lalu: i64) {
    let pada = chrono::Utc::now() - chrono::Duration::minutes(menit_lalu);
    for i in 0..n {
        let t = pada - chrono::Duration::milliseconds(i as i64);
        match &app.db {
            data::simpan::Db::Sqlite(p) => {
                sqlx::query("INSERT INTO gagal_masuk (kunci, pada) VALUES ($1, $2)")
                    .bind(kunci)
                    .bind(t)
                    .execute(p)
                    .await
                    .unwrap();
            }
            data::simpan::Db::Postgres(p) => {
                sqlx::query("INSERT INTO gagal_masuk (kunci, pada) VALUES ($1, $2)")
                    .bind(kunci)
                    .bind(t)
                    .execute(p)
                    .await
                    .unwrap();
            }
        }
    }
}

/// Rows stored under `kunci` in `gagal_masuk`.
async fn jumlah_gagal(app: &TestApp, kunci: &str) -> i64 {
    match &app.db {
        data::simpan::Db::Sqlite(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM gagal_masuk WHERE kunci = $1")
                .bind(kunci)
                .fetch_one(p)
                .await
                .unwrap()
        }
        data::simpan::Db::Postgres(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM gagal_masuk WHERE kunci = $1")
                .bind(kunci)
                .fetch_one(p)
                .await
                .unwrap()
        }
    }
}

/// GET `path` with exactly this cookie header.
async fn get_dengan(app: &TestApp, path: &str, cookie: &str) -> StatusCode {
    let req = Request::builder()
        .uri(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    app.mentah(req).await.0
}

on_both!(
    passwords_throttling_and_sessions,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        app.sesi_untuk("siti", Peran::Pimpinan, None).await;

        // Right password: a session cookie that is HttpOnly and SameSite, and
        // the person's home page.
        let (status, location, cookie) = masuk_http(&app, "siti", SANDI_UJI, "10.0.0.1").await;
        assert_eq!((status.as_u16(), location.as_str()), (302, "/"));
        let cookie = cookie.expect("session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(
            !cookie.contains("Secure"),
            "not over plain HTTP unless configured"
        );
        let token = cookie
            .trim_start_matches("pantau_sesi=")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert_eq!(
            get_dengan(&app, "/", &format!("pantau_sesi={token}")).await,
            200
        );
        // The database keeps only the token's hash.
        let stored: Vec<(String,)> = match &app.db {
            data::simpan::Db::Sqlite(p) => sqlx::query_as("SELECT id FROM sesi")
                .fetch_all(p)
                .await
                .unwrap(),
            data::simpan::Db::Postgres(p) => sqlx::query_as("SELECT id FROM sesi")
                .fetch_all(p)
                .await
                .unwrap(),
        };
        assert!(stored.iter().all(|(id,)| *id != token));
        assert!(
            stored
                .iter()
                .any(|(id,)| *id == data::inti::sandi::id_sesi(&token))
        );

        // Wrong password and unknown name: the same answer.
        let (_, l1, c1) = masuk_http(&app, "siti", "salah-salah-salah", "10.0.0.2").await;
        let (_, l2, c2) = masuk_http(&app, "tidak.ada", "salah-salah-salah", "10.0.0.2").await;
        assert_eq!(l1, "/masuk?galat=salah");
        assert_eq!(l2, l1);
        assert!(c1.is_none() && c2.is_none());
        // SQL in the name is only a wrong name.
        let (_, l3, _) = masuk_http(&app, "siti' OR '1'='1' --", "x' OR '1'='1", "10.0.0.2").await;
        assert_eq!(l3, "/masuk?galat=salah");

        // The page that says why.
        gagal_lalu(&app, "pasangan:siti@10.0.2.1", 10, 0).await;
        let (_, l, c) = masuk_http(&app, "siti", SANDI_UJI, "10.0.2.1").await;
        assert!(l.starts_with("/masuk?galat=tunggu-"), "{l}");
        assert!(c.is_none());
        let (_, page) = app.get(&l).await;
        assert!(
            page.contains("Terlalu banyak percobaan masuk yang gagal"),
            "{page}"
        );
        app.finish().await;
    }
);

on_both!(
    a_guesser_cannot_lock_a_person_out,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        app.sesi_untuk("inspektur", Peran::Inspektorat, None).await;
        app.sesi_untuk("budi", Peran::Pimpinan, None).await;

        // An attacker guesses at the Inspektorat's account from one
        // address, as fast as it is let through: a few tries, then it
        // waits, and its held-back tries are not counted.
        let mut ditahan = 0;
        for _ in 0..12 {
            let (_, l, c) = masuk_http(&app, "inspektur", "tebakan-salah-1", "10.6.6.6").await;
            assert!(c.is_none());
            if l.starts_with("/masuk?galat=tunggu-") {
                ditahan += 1;
            } else {
                assert_eq!(l, "/masuk?galat=salah");
            }
        }
        assert!(ditahan >= 12 - 4, "the pair is slowed: {ditahan} held back");
        let tercatat = jumlah_gagal(&app, "pasangan:inspektur@10.6.6.6").await;
        assert!(tercatat <= 4, "held-back tries are not counted: {tercatat}");
        // Meanwhile the Inspektorat signs in from its own address.
        let (_, l, c, perangkat) = masuk_dari(&app, "inspektur", SANDI_UJI, "10.0.5.5", None).await;
        assert_eq!(l, "/");
        assert!(c.is_some());
        let perangkat = perangkat.expect("a device cookie");
        assert!(data::inti::sandi::token_sah(&perangkat));

        // A guessing storm from many addresses reaches the account-wide
        // limit: a browser the account never used waits, the Inspektorat's
        // own browser (its device cookie) still gets in.
        gagal_lalu(&app, "akun:inspektur", 30, 1).await;
        let (_, l, c) = masuk_http(&app, "inspektur", SANDI_UJI, "10.0.7.7").await;
        assert!(l.starts_with("/masuk?galat=tunggu-"), "{l}");
        assert!(c.is_none());
        let (_, l, c, baru) =
            masuk_dari(&app, "inspektur", SANDI_UJI, "10.0.7.7", Some(&perangkat)).await;
        assert_eq!(l, "/");
        assert!(c.is_some());
        // The device token rotates; the old one is no longer a device.
        let baru = baru.expect("a new device cookie");
        assert_ne!(baru, perangkat);
        gagal_lalu(&app, "akun:inspektur", 30, 1).await;
        let (_, l, _, _) =
            masuk_dari(&app, "inspektur", SANDI_UJI, "10.0.7.7", Some(&perangkat)).await;
        assert!(l.starts_with("/masuk?galat=tunggu-"), "{l}");
        // A device cookie of another account is no device of this one.
        let (_, _, _, budi) = masuk_dari(&app, "budi", SANDI_UJI, "10.0.8.8", None).await;
        let (_, l, _, _) =
            masuk_dari(&app, "inspektur", SANDI_UJI, "10.0.7.7", budi.as_deref()).await;
        assert!(l.starts_with("/masuk?galat=tunggu-"), "{l}");
        // A stolen device cookie buys only a few guesses.
        gagal_lalu(
            &app,
            &format!("perangkat:{}", data::inti::sandi::id_sesi(&baru)),
            5,
            1,
        )
        .await;
        let (_, l, _, _) = masuk_dari(&app, "inspektur", SANDI_UJI, "10.0.7.7", Some(&baru)).await;
        assert!(l.starts_with("/masuk?galat=tunggu-"), "{l}");

        // Per address: twenty failures from one address (any accounts), then
        // a browser there that is not a known device waits; other addresses
        // do not, and a known device does not either.
        let (_, _, _, perangkat_budi) =
            masuk_dari(&app, "budi", SANDI_UJI, "10.9.9.10", None).await;
        gagal_lalu(&app, "alamat:10.9.9.9", 20, 1).await;
        let (_, l, _) = masuk_http(&app, "budi", SANDI_UJI, "10.9.9.9").await;
        assert!(l.starts_with("/masuk?galat=tunggu-"), "{l}");
        let (_, l, c) = masuk_http(&app, "budi", SANDI_UJI, "10.9.9.11").await;
        assert_eq!(l, "/");
        assert!(c.is_some());
        let (_, l, _, _) = masuk_dari(
            &app,
            "budi",
            SANDI_UJI,
            "10.9.9.9",
            perangkat_budi.as_deref(),
        )
        .await;
        assert_eq!(l, "/");

        // IPv6 is counted per /64: a new address in the same /64 is the same
        // guesser; the next /64 is someone else.
        for i in 0..20 {
            let (_, l, _) = masuk_http(
                &app,
                &format!("tebak{i}"),
                "salah-salah-salah",
                &format!("2001:db8:0:1::{:x}", i + 1),
            )
            .await;
            assert_eq!(l, "/masuk?galat=salah", "guess {i}");
        }
        let (_, l, _) = masuk_http(&app, "budi", SANDI_UJI, "2001:db8:0:1:ffff::1").await;
        assert!(l.starts_with("/masuk?galat=tunggu-"), "{l}");
        let (_, l, _) = masuk_http(&app, "budi", SANDI_UJI, "2001:db8:0:2::1").await;
        assert_eq!(l, "/");

        // Failed sign-ins do not pile up: older than a day, they are purged.
        gagal_lalu(&app, "akun:tebakan-lama", 50, 25 * 60).await;
        assert_eq!(jumlah_gagal(&app, "akun:tebakan-lama").await, 50);
        assert!(app.pantau.bersihkan().await.unwrap() >= 50);
        assert_eq!(jumlah_gagal(&app, "akun:tebakan-lama").await, 0);
        assert!(
            jumlah_gagal(&app, "akun:inspektur").await > 0,
            "recent ones stay"
        );
        app.finish().await;
    }
);

on_both!(
    sessions_cookies_and_sign_out,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        // Forged and malformed session cookies are nobody.
        for forged in [
            format!("pantau_sesi={}", "f".repeat(64)),
            "pantau_sesi=../../etc/passwd".to_string(),
            "pantau_sesi='; DROP TABLE sesi; --".to_string(),
        ] {
            assert_eq!(get_dengan(&app, "/", &forged).await, 401, "{forged}");
        }
        // An expired session is nobody.
        let expired = app.sesi_untuk("siti.lama", Peran::Pimpinan, None).await;
        let past = chrono::Utc::now() - chrono::Duration::hours(1);
        let id = data::inti::sandi::id_sesi(&expired.token);
        match &app.db {
            data::simpan::Db::Sqlite(p) => {
                sqlx::query("UPDATE sesi SET kedaluwarsa = $1 WHERE id = $2")
                    .bind(past)
                    .bind(&id)
                    .execute(p)
                    .await
                    .unwrap();
            }
            data::simpan::Db::Postgres(p) => {
                sqlx::query("UPDATE sesi SET kedaluwarsa = $1 WHERE id = $2")
                    .bind(past)
                    .bind(&id)
                    .execute(p)
                    .await
                    .unwrap();
            }
        }
        assert_eq!(
            get_dengan(&app, "/", &format!("pantau_sesi={}", expired.token)).await,
            401
        );

        // Signing out ends the session on the server, not just the cookie.
        let s = app.sesi_untuk("siti.keluar", Peran::Pimpinan, None).await;
        app.pakai(Some(s.clone()));
        let (status, location) = app.post_html("/api/keluar", "", "/").await;
        assert_eq!(
            (status.as_u16(), location.as_str()),
            (302, "/masuk?keluar=1")
        );
        assert_eq!(
            get_dengan(&app, "/", &format!("pantau_sesi={}", s.token)).await,
            401
        );
        app.finish().await;
    }
);

on_both!(
    csrf_origin_and_oversized_requests,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let sesi = app.sesi().unwrap();
        let other = app.sesi_untuk("admin.lain", Peran::Admin, None).await;
        let before = pantau_tests::dump(&app.db).await;
        let target_form = "id=&alasan=&isian%5Bindikator%5D=gerai_sembako&isian%5Bcakupan%5D=kota\
         &isian%5Bnilai_awal%5D=0&isian%5Btgl_awal%5D=1%2F7%2F2025&isian%5Bnilai_target%5D=100\
         &isian%5Btenggat%5D=31%2F12%2F2027&isian%5Bketerangan%5D=csrf";
        let kirim = |csrf: Option<String>, extra: Option<(&'static str, String)>| {
            let mut b = Request::builder()
                .method("POST")
                .uri("/api/kirim_target")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "text/html")
                .header("cookie", format!("pantau_sesi={}", sesi.token));
            if let Some((k, v)) = extra {
                b = b.header(k, v);
            }
            let body = match csrf {
                Some(t) => format!("{target_form}&csrf={t}"),
                None => target_form.to_string(),
            };
            b.body(Body::from(body)).unwrap()
        };
        // Missing, wrong, another session's: refused before anything runs.
        for (what, req) in [
            ("missing", kirim(None, None)),
            ("forged", kirim(Some("0".repeat(64)), None)),
            ("another session's", kirim(Some(other.csrf.clone()), None)),
            (
                "right token, other site",
                kirim(
                    Some(sesi.csrf.clone()),
                    Some(("origin", "https://evil.example".into())),
                ),
            ),
        ] {
            let (status, _, body) = app.mentah(req).await;
            assert_eq!(status, 403, "{what}: {}", String::from_utf8_lossy(&body));
        }
        assert_eq!(pantau_tests::dump(&app.db).await, before, "nothing written");
        // The right token in the form body: stored.
        let (status, headers, _) = app.mentah(kirim(Some(sesi.csrf.clone()), None)).await;
        assert_eq!(status, 302);
        assert!(
            headers["location"]
                .to_str()
                .unwrap()
                .starts_with("/target/")
        );

        // Multipart: the token as a form field works, none is refused.
        let boundary = "----uji";
        let multipart = |csrf: Option<&str>| {
            let mut body = String::new();
            if let Some(t) = csrf {
                body.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{t}\r\n"
                ));
            }
            body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"..\\\\..\\\\rekap jahat.csv\"\r\n\
             Content-Type: text/csv\r\n\r\nkelurahan_code;periode\r\n16.71.01.1001;2026-10\r\n--{boundary}--\r\n"
        ));
            Request::builder()
                .method("POST")
                .uri("/unggah/berkas")
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .header("cookie", format!("pantau_sesi={}", sesi.token))
                .body(Body::from(body))
                .unwrap()
        };
        assert_eq!(app.mentah(multipart(None)).await.0, 403);
        let (status, headers, _) = app.mentah(multipart(Some(&sesi.csrf))).await;
        assert_eq!(status, 303, "a plain form redirect to the preview");
        let location = headers["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/unggah/"), "{location}");
        // Path parts of the uploaded name are dropped.
        let (_, preview) = app.get(&location).await;
        assert!(preview.contains("rekap jahat.csv"), "{preview}");
        assert!(!preview.contains("..\\"), "no path in the shown name");

        // The sign-in form: double submit, cookie and field must agree.
        let login = |cookie: &str, field: &str| {
            Request::builder()
                .method("POST")
                .uri("/api/masuk")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("pantau_csrf={cookie}"))
                .header("accept", "text/html")
                .body(Body::from(format!(
                    "nama_pengguna=uji.admin&kata_sandi={}&csrf={field}",
                    enc(SANDI_UJI)
                )))
                .unwrap()
        };
        assert_eq!(app.mentah(login(&anon(), &"c".repeat(64))).await.0, 403);
        assert_eq!(app.mentah(login(&anon(), &anon())).await.0, 302);

        // Not signed in, nothing bigger than a sign-in form is read.
        let req = Request::builder()
            .method("POST")
            .uri("/api/masuk")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("pantau_csrf={}", anon()))
            .body(Body::from(format!(
                "csrf={}&x={}",
                anon(),
                "y".repeat(100 * 1024)
            )))
            .unwrap();
        assert_eq!(app.mentah(req).await.0, 413);
        // Oversized: refused with 413, nothing read into the data layer.
        let big = format!("csrf={}&alasan={}", sesi.csrf, "x".repeat(3 * 1024 * 1024));
        let (status, _) = app.post_form("/api/kirim_target", &big).await;
        assert_eq!(status, 413);
        // A GET gets a CSRF cookie for the forms to come, and security headers.
        app.anonim();
        let h = app.headers("/masuk").await;
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'sha256-") && csp.contains("frame-ancestors 'none'")
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert!(h["cache-control"].to_str().unwrap().contains("no-store"));
        let set = h["set-cookie"].to_str().unwrap();
        assert!(
            set.starts_with("pantau_csrf=")
                && set.contains("HttpOnly")
                && set.contains("SameSite=Strict")
        );
        // No nonce: the head's inline scripts are allowed by hash
        // (integration::cache_halaman checks the hashes).
        let (_, html) = app.get("/masuk").await;
        assert_eq!(
            html.matches("nonce=").count(),
            html.matches("nonce=\"anonymous\"").count(),
            "no random nonce in the page"
        );
        app.finish().await;
    }
);

on_both!(
    escalation_through_crafted_requests,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // A file in the export layout with a row of its own KKMP and a row of
        // another, taken from Dinas' export of October.
        let (_, semua) = app
            .get("/ekspor/laporan.csv?bulan=2026-10&status=semua")
            .await;
        let mut lines = semua.lines();
        let mut csv = format!("{}\n", lines.next().unwrap());
        for l in lines.filter(|l| l.contains(KEL) || l.contains(KEL_LAIN)) {
            csv.push_str(l);
            csv.push('\n');
        }
        let operator = app.masuk_sebagai(Peran::Operator, Some(KEL)).await;
        let before = pantau_tests::dump(&app.db).await;
        // Another KKMP in the hidden field of the report form.
        let (status, _) = app
            .post_html(
                "/api/kirim_laporan",
                &format!("kode={KEL_LAIN}&periode=2026-11&alasan=&isian%5Banggota%5D=10"),
                "/",
            )
            .await;
        assert_eq!(status, 403);
        // Crafted calls to what only Dinas or a camat may do.
        for (path, form) in [
        ("/api/buat_pengguna", "nama_pengguna=operator.jahat&nama=X&peran=admin&cakupan=&kata_sandi=rahasia-sekali-123".to_string()),
        ("/api/ubah_pengguna", "id=1&aksi=peran&peran=admin&cakupan=&alasan=naik".to_string()),
        ("/api/langkah_laporan", format!("kode={KEL}&bulan=2026-10&versi=1&langkah=diterima&catatan=")),
        ("/api/langkah_laporan", format!("kode={KEL}&bulan=2026-10&versi=1&langkah=diverifikasi&catatan=")),
        ("/api/nonaktifkan_target", "id=1&alasan=x".to_string()),
    ] {
        let (status, body) = app.post_form(path, &form).await;
        assert_eq!(status, 403, "{path}: {body}");
    }
        // Reading another kecamatan by changing the code.
        assert_eq!(
            app.api("/api/dashboard_kecamatan", "code=16.71.01").await.0,
            403
        );
        assert_eq!(
            app.api("/api/detail_kkmp", &format!("code={KEL_LAIN}"))
                .await
                .0,
            403
        );
        // An upload with a row of another KKMP: every such row is refused, by
        // row and column, and nothing is stored.
        let (status, location) = app.unggah("campur.csv", csv.as_bytes()).await;
        assert_eq!(status, 303);
        let (_, preview) = app.get(&location).await;
        assert!(
            preview.contains("di luar cakupan akun Anda"),
            "{}",
            &preview[..preview.len().min(3000)]
        );
        let token = location.trim_start_matches("/unggah/").to_string();
        // Another account cannot see or store this upload, even Dinas.
        let admin = app.sesi_untuk("uji.admin", Peran::Admin, None).await;
        app.pakai(Some(admin));
        assert_eq!(
            app.api("/api/pratinjau", &format!("token={token}")).await.0,
            404
        );
        app.pakai(Some(operator));
        let (status, back) = app
            .post_html(
                "/api/simpan_unggahan",
                &format!("token={token}&alasan=x"),
                &location,
            )
            .await;
        assert_eq!(status, 302);
        assert!(back.contains("galat="), "{back}");
        // The export holds only the operator's own KKMP.
        let (status, csv) = app.get("/ekspor/laporan.csv").await;
        assert_eq!(status, 200);
        assert!(
            csv.lines().skip(1).all(|l| l.contains(KEL)),
            "only its KKMP"
        );
        assert!(csv.lines().count() > 1);
        // Reads and refused writes change nothing but the audit trail (the
        // export is recorded) and the kept upload.
        let after = pantau_tests::dump(&app.db).await;
        let strip = |d: &[String]| -> Vec<String> {
            let mut skip = false;
            d.iter()
                .filter(|l| {
                    if l.starts_with("-- ") {
                        skip = l.starts_with("-- jejak_")
                            || l.starts_with("-- sementara")
                            || l.starts_with("-- gagal");
                        return !skip;
                    }
                    !skip
                })
                .cloned()
                .collect()
        };
        assert_eq!(strip(&after), strip(&before));
        app.finish().await;
    }
);

on_both!(
    injection_strings_are_stored_as_given_and_shown_escaped,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let jahat = "'); DROP TABLE laporan; -- <script>alert('x')</script> \"&";
        let form = format!(
            "id=&alasan={}&isian%5Bindikator%5D=gerai_sembako&isian%5Bcakupan%5D=kota\
         &isian%5Bnilai_awal%5D=0&isian%5Btgl_awal%5D=1%2F7%2F2025&isian%5Bnilai_target%5D=100\
         &isian%5Btenggat%5D=31%2F12%2F2027&isian%5Bketerangan%5D={}",
            enc(jahat),
            enc(jahat)
        );
        let (status, location) = app.post_html("/api/kirim_target", &form, "/target").await;
        assert_eq!(status, 302, "{location}");
        let id: i64 = location
            .trim_start_matches("/target/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        // Stored exactly as typed; the tables are all still there.
        let t = data::simpan::target::satu(&app.db, id).await.unwrap();
        assert_eq!(t.target.keterangan, jahat);
        assert!(data::simpan::laporan::terkini(&app.db, true).await.is_ok());
        // Shown escaped on the target page and in the audit trail.
        for path in [format!("/target/{id}"), "/jejak".to_string()] {
            let (status, html) = app.get(&path).await;
            assert_eq!(status, 200, "{path}");
            assert!(
                !html.contains("<script>alert('x')</script>"),
                "{path} escapes"
            );
            assert!(html.contains("&lt;script&gt;"), "{path} shows the text");
        }
        // The audit search takes the same string as data, not SQL.
        let (status, _) = app
            .get(&format!("/jejak?cari={}", enc("%' OR 1=1 --")))
            .await;
        assert_eq!(status, 200);
        // A user name with SQL in it is refused by its rule, not by the database.
        let (status, location) = app
            .post_html(
                "/api/buat_pengguna",
                &format!(
                    "nama_pengguna={}&nama=X&peran=pimpinan&cakupan=&kata_sandi=cukup-panjang-123",
                    enc("x'; DROP TABLE pengguna; --")
                ),
                "/pengguna",
            )
            .await;
        assert_eq!(status, 302);
        let (_, page) = app.get(&location).await;
        assert!(page.contains("Nama pengguna 3–32 karakter"), "{location}");
        app.finish().await;
    }
);

on_both!(
    submit_verify_accept_lock_reopen,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let admin = app.sesi().unwrap();
        let camat = app
            .sesi_untuk("camat.sukarami.uji", Peran::Camat, Some(KEC))
            .await;
        let camat_lain = app
            .sesi_untuk("camat.lain", Peran::Camat, Some("16.71.01"))
            .await;
        let operator = app
            .sesi_untuk("operator.uji", Peran::Operator, Some(KEL))
            .await;

        // The operator submits November through the form.
        app.pakai(Some(operator.clone()));
        let (_, html) = app.get(&format!("/laporan/{KEL}/2026-11")).await;
        assert!(html.contains("operator.uji"), "the form names the sender");
        let fields = crate::web_laporan::isian_dari_halaman(&html);
        let kirim = |alasan: &str, tenaga_kerja: Option<&str>| {
            let mut f: Vec<String> = fields
                .iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), tenaga_kerja) {
                        ("tenaga_kerja", Some(a)) => a,
                        _ => v.as_str(),
                    };
                    format!("isian%5B{k}%5D={}", enc(v))
                })
                .collect();
            f.push(format!("kode={KEL}&periode=2026-11&alasan={}", enc(alasan)));
            f.join("&")
        };
        let (status, location) = app
            .post_html("/api/kirim_laporan", &kirim("Laporan November", None), "/")
            .await;
        assert_eq!(status, 302);
        assert!(location.contains("tersimpan=2026-11&versi=1"), "{location}");
        let p = model::Periode::parse("2026-11").unwrap();
        let status_now = || async {
            data::simpan::persetujuan::keadaan(&app.db, KEL, p)
                .await
                .unwrap()
                .unwrap()
                .status
        };
        assert_eq!(status_now().await, Persetujuan::Diajukan);
        // Not counted by default yet.
        app.pakai(Some(admin.clone()));
        let d: model::view::DashboardKota =
            serde_json::from_str(&app.api("/api/dashboard_kota", "").await.1).unwrap();
        assert_eq!(
            d.konteks.periode.to_string(),
            "2026-10",
            "November has no accepted report"
        );

        // The camat's queue lists it with its waiting time; another camat's does not.
        app.pakai(Some(camat.clone()));
        let q: model::view::HalamanAntrean =
            serde_json::from_str(&app.api("/api/antrean", "").await.1).unwrap();
        assert!(
            q.baris
                .iter()
                .any(|b| b.kelurahan_code == KEL && b.periode == p)
        );
        assert!(
            q.baris
                .iter()
                .all(|b| b.kelurahan_code.starts_with("16.71.07."))
        );
        app.pakai(Some(camat_lain.clone()));
        let q: model::view::HalamanAntrean =
            serde_json::from_str(&app.api("/api/antrean", "").await.1).unwrap();
        assert!(q.baris.iter().all(|b| b.kelurahan_code != KEL));
        let langkah = |ke: &str, versi: i64, catatan: &str| {
            format!(
                "kode={KEL}&bulan=2026-11&versi={versi}&langkah={ke}&catatan={}",
                enc(catatan)
            )
        };
        assert_eq!(
            app.post_form("/api/langkah_laporan", &langkah("diverifikasi", 1, ""))
                .await
                .0,
            403
        );

        // Returning needs a note; with one, the operator must correct.
        app.pakai(Some(camat.clone()));
        let (_, back) = app
            .post_html("/api/langkah_laporan", &langkah("dikembalikan", 1, ""), "/")
            .await;
        assert!(back.contains("galat="), "{back}");
        let (_, page) = app.get(&back).await;
        assert!(
            page.contains("wajib disertai catatan"),
            "the refusal is shown"
        );
        app.post_html(
            "/api/langkah_laporan",
            &langkah("dikembalikan", 1, "Omzet belum sesuai buku kas"),
            "/",
        )
        .await;
        assert_eq!(status_now().await, Persetujuan::Dikembalikan);
        // Dinas cannot accept what the camat has not verified.
        app.pakai(Some(admin.clone()));
        let (_, back) = app
            .post_html("/api/langkah_laporan", &langkah("diterima", 1, ""), "/")
            .await;
        assert!(back.contains("galat="), "{back}");

        // The operator corrects: version 2, waiting again.
        app.pakai(Some(operator.clone()));
        let (_, location) = app
            .post_html(
                "/api/kirim_laporan",
                &kirim("Sesuai catatan camat", Some("21")),
                "/",
            )
            .await;
        assert!(location.contains("versi=2"), "{location}");
        assert_eq!(status_now().await, Persetujuan::Diajukan);
        // Verifying version 1 (not the current one) is refused.
        app.pakai(Some(camat.clone()));
        let (_, back) = app
            .post_html("/api/langkah_laporan", &langkah("diverifikasi", 1, ""), "/")
            .await;
        assert!(back.contains("galat="), "{back}");
        let (_, back) = app
            .post_html("/api/langkah_laporan", &langkah("diverifikasi", 2, ""), "/")
            .await;
        assert!(back.contains("langkah=diverifikasi"), "{back}");
        app.pakai(Some(admin.clone()));
        let (_, back) = app
            .post_html("/api/langkah_laporan", &langkah("diterima", 2, ""), "/")
            .await;
        assert!(back.contains("langkah=diterima"), "{back}");
        assert_eq!(status_now().await, Persetujuan::Diterima);
        // Now it counts by default.
        let d: model::view::DashboardKota =
            serde_json::from_str(&app.api("/api/dashboard_kota", "bulan=2026-11").await.1).unwrap();
        assert_eq!(d.konteks.periode.to_string(), "2026-11");

        // Locked: the operator's next correction is refused with the reason.
        app.pakai(Some(operator.clone()));
        let (_, back) = app
            .post_html("/api/kirim_laporan", &kirim("Lagi", Some("24")), "/")
            .await;
        assert!(back.contains("draf="), "{back}");
        let (_, page) = app.get(&back).await;
        assert!(page.contains("dikunci"), "the form says it is locked");
        // The sent-back form (with what was typed) shows only to its author.
        app.pakai(Some(admin.clone()));
        let (_, lain) = app.get(&back).await;
        assert!(
            !lain.contains("dikunci"),
            "a draft shows only to its author"
        );
        // Reopening needs a reason and is logged; then a new version is possible.
        app.pakai(Some(admin.clone()));
        let (_, back) = app
            .post_html("/api/langkah_laporan", &langkah("dibuka", 2, ""), "/")
            .await;
        assert!(back.contains("galat="), "{back}");
        let (_, back) = app
            .post_html(
                "/api/langkah_laporan",
                &langkah("dibuka", 2, "Surat lurah 12/XI: anggota salah hitung"),
                "/",
            )
            .await;
        assert!(back.contains("langkah=dibuka"), "{back}");
        app.pakai(Some(operator.clone()));
        let (_, location) = app
            .post_html(
                "/api/kirim_laporan",
                &kirim("Dibuka Dinas", Some("24")),
                "/",
            )
            .await;
        assert!(location.contains("versi=3"), "{location}");
        // While version 3 waits, the dashboard still counts accepted version 2.
        let after = data::simpan::laporan::terkini(&app.db, false)
            .await
            .unwrap();
        let counted = after
            .iter()
            .find(|r| r.isi.kelurahan_code == KEL && r.isi.periode == p)
            .unwrap();
        assert_eq!((counted.versi, counted.isi.tenaga_kerja), (2, 21));

        // Every step is on the version page and in the audit trail.
        app.pakai(Some(admin.clone()));
        let (_, page) = app.get(&format!("/kkmp/{KEL}/2026-11/v3")).await;
        for step in [
            "Dikembalikan",
            "Diverifikasi",
            "Diterima",
            "Dibuka kembali",
            "Omzet belum sesuai buku kas",
        ] {
            assert!(page.contains(step), "{step}");
        }
        let entries = jejak::daftar(&app.db, None, Some("laporan."), 100)
            .await
            .unwrap();
        let aksi: Vec<&str> = entries.iter().map(|e| e.aksi.as_str()).collect();
        for a in [
            "laporan.kirim",
            "laporan.dikembalikan",
            "laporan.diverifikasi",
            "laporan.diterima",
            "laporan.dibuka",
        ] {
            assert!(aksi.contains(&a), "{a} in {aksi:?}");
        }
        let dibuka = entries.iter().find(|e| e.aksi == "laporan.dibuka").unwrap();
        assert_eq!(dibuka.alasan, "Surat lurah 12/XI: anggota salah hitung");
        assert_eq!(dibuka.pengguna, "uji.admin");
        app.finish().await;
    }
);

/// The id of account `nama`.
async fn id_pengguna(app: &TestApp, nama: &str) -> i64 {
    data::simpan::akun::daftar(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.nama_pengguna == nama)
        .unwrap()
        .id
}

on_both!(
    the_audit_trail_is_append_only_and_tamper_evident,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // Some writes and an export.
        let (status, _) = app.get("/ekspor/laporan.csv").await;
        assert_eq!(status, 200);
        let h = jejak::periksa(&app.db).await.unwrap();
        assert_eq!(h.rusak, None);
        assert!(
            h.jumlah >= 8,
            "demo load, accounts, sign-ins, export: {}",
            h.jumlah
        );
        let ekspor = jejak::daftar(&app.db, None, Some("ekspor"), 10)
            .await
            .unwrap();
        assert_eq!(ekspor[0].pengguna, "uji.admin");
        assert!(ekspor[0].objek.contains("laporan.csv"));

        // The database refuses changes and deletions.
        let err = sql(
            &app.db,
            "UPDATE jejak_audit SET alasan = 'diubah' WHERE id = 2",
        )
        .await;
        assert!(
            err.unwrap_err()
                .contains("jejak audit hanya dapat ditambah")
        );
        let err = sql(&app.db, "DELETE FROM jejak_audit WHERE id = 2").await;
        assert!(
            err.unwrap_err()
                .contains("jejak audit hanya dapat ditambah")
        );
        if backend == Backend::Postgres {
            assert!(sql(&app.db, "TRUNCATE jejak_audit").await.is_err());
        }
        assert_eq!(jejak::periksa(&app.db).await.unwrap().rusak, None);
        // The Inspektorat's page: the chain verified (and its verified
        // prefix remembered, so later views check only new entries).
        app.masuk_sebagai(Peran::Inspektorat, None).await;
        let (_, html) = app.get("/jejak").await;
        assert!(html.contains("Rantai hash utuh"), "intact at first");

        // Someone with the database's owner rights drops the guard and edits
        // one entry: verification names that entry.
        let drop = match backend {
            Backend::Sqlite => "DROP TRIGGER jejak_audit_tolak_ubah",
            Backend::Postgres => "DROP TRIGGER jejak_audit_tolak_ubah ON jejak_audit",
        };
        sql(&app.db, drop).await.unwrap();
        sql(
            &app.db,
            "UPDATE jejak_audit SET sesudah = '{\"jumlah_laporan\":1}' WHERE id = 3",
        )
        .await
        .unwrap();
        let h = jejak::periksa(&app.db).await.unwrap();
        let (id, why) = h.rusak.expect("caught");
        assert_eq!(id, 3);
        assert!(why.contains("diubah"), "{why}");
        // The Inspektorat sees it on its page once the periodic full check
        // (the server runs it every ten minutes, off the request path) has
        // run; the break stays reported from then on.
        let h = app.pantau.periksa_jejak_penuh().await.unwrap();
        assert_eq!(h.rantai.rusak.as_ref().map(|r| r.0), Some(3));
        let (status, html) = app.get("/jejak").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("RANTAI RUSAK di entri nomor 3"),
            "the page names the entry"
        );
        let (_, html) = app.get("/audit").await;
        assert!(
            html.contains("Rantai rusak mulai entri #3"),
            "nor is /audit fooled"
        );
        app.finish_dirusak().await;
    }
);

on_both!(
    a_removed_entry_breaks_the_chain,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let n = jejak::periksa(&app.db).await.unwrap().jumlah;
        assert!(n >= 2);
        let drop = match backend {
            Backend::Sqlite => "DROP TRIGGER jejak_audit_tolak_hapus",
            Backend::Postgres => "DROP TRIGGER jejak_audit_tolak_ubah ON jejak_audit",
        };
        sql(&app.db, drop).await.unwrap();
        sql(&app.db, "DELETE FROM jejak_audit WHERE id = 1")
            .await
            .unwrap();
        let (id, why) = jejak::periksa(&app.db)
            .await
            .unwrap()
            .rusak
            .expect("caught");
        assert_eq!(id, 1);
        assert!(why.contains("hilang"), "{why}");
        app.finish_dirusak().await;
    }
);

on_both!(
    accounts_are_managed_and_every_change_logged,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        // Dinas creates an operator; a camat without scope is refused.
        let (_, back) = app
        .post_html(
            "/api/buat_pengguna",
            "nama_pengguna=camat.tanpa&nama=C&peran=camat&cakupan=&kata_sandi=cukup-panjang-123",
            "/pengguna",
        )
        .await;
        let (_, page) = app.get(&back).await;
        assert!(page.contains("wajib diberi cakupan kecamatan"), "{back}");
        let (_, back) = app
        .post_html(
            "/api/buat_pengguna",
            &format!("nama_pengguna=op.baru&nama=Ani&peran=operator&cakupan={KEL}&kata_sandi=cukup-panjang-123"),
            "/pengguna",
        )
        .await;
        assert_eq!(back, "/pengguna?pesan=dibuat");
        let (_, _, cookie) = masuk_http(&app, "op.baru", "cukup-panjang-123", "10.1.1.1").await;
        let cookie = cookie.expect("the new account signs in");
        let token = cookie
            .trim_start_matches("pantau_sesi=")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert_eq!(
            get_dengan(
                &app,
                &format!("/kkmp/{KEL}"),
                &format!("pantau_sesi={token}")
            )
            .await,
            200
        );
        assert_eq!(
            get_dengan(&app, "/", &format!("pantau_sesi={token}")).await,
            403
        );

        let id = id_pengguna(&app, "op.baru").await;
        // A role change ends the account's sessions.
        let (_, back) = app
            .post_html(
                "/api/ubah_pengguna",
                &format!("id={id}&aksi=peran&peran=lurah&cakupan={KEL}&alasan=Pindah+tugas"),
                "/pengguna",
            )
            .await;
        assert!(back.contains("pesan=diubah"), "{back}");
        assert_eq!(
            get_dengan(
                &app,
                &format!("/kkmp/{KEL}"),
                &format!("pantau_sesi={token}")
            )
            .await,
            401
        );
        // Deactivated: cannot sign in.
        app.post_html(
            "/api/ubah_pengguna",
            &format!("id={id}&aksi=nonaktifkan&alasan=Berhenti"),
            "/pengguna",
        )
        .await;
        let (_, l, c) = masuk_http(&app, "op.baru", "cukup-panjang-123", "10.1.1.2").await;
        assert_eq!(l, "/masuk?galat=salah");
        assert!(c.is_none());
        // An admin cannot deactivate itself.
        let me = id_pengguna(&app, "uji.admin").await;
        let (_, back) = app
            .post_html(
                "/api/ubah_pengguna",
                &format!("id={me}&aksi=nonaktifkan&alasan=x"),
                "/pengguna",
            )
            .await;
        assert!(back.contains("galat="), "{back}");
        // Each change is in the trail with before, after and why.
        let log = jejak::daftar(&app.db, None, Some("pengguna/op.baru"), 20)
            .await
            .unwrap();
        let aksi: Vec<&str> = log.iter().map(|e| e.aksi.as_str()).collect();
        for a in [
            "pengguna.buat",
            "masuk",
            "pengguna.ubah_peran",
            "pengguna.nonaktifkan",
        ] {
            assert!(aksi.contains(&a), "{a} in {aksi:?}");
        }
        let ubah = log
            .iter()
            .find(|e| e.aksi == "pengguna.ubah_peran")
            .unwrap();
        assert!(ubah.sebelum.contains("\"operator\"") && ubah.sesudah.contains("\"lurah\""));
        assert_eq!(ubah.alasan, "Pindah tugas");
        // No password hash ever reaches the trail.
        assert!(log.iter().all(|e| !e.sesudah.contains("argon2")));
        assert_eq!(jejak::periksa(&app.db).await.unwrap().rusak, None);
        app.finish().await;
    }
);
