//! Test support: fresh databases per test on SQLite and PostgreSQL, an app
//! built in-process, and a request helper. Used by `integration/`.
//!
//! PostgreSQL comes from `TEST_DATABASE_URL` (an admin connection, default
//! `postgres://postgres@127.0.0.1:5432/test`); each test creates and drops its
//! own database there. When PostgreSQL cannot be reached the PostgreSQL
//! variants say so loudly and pass without running, unless
//! `PANTAU_REQUIRE_POSTGRES=1` (set by `.ci/run`), which makes them fail.

use axum::Router;
use axum::body::Body;
use data::Pantau;
use data::inti::demo::DemoConfig;
use data::simpan::Db;
use http::{Request, StatusCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test and is removed afterwards.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    PgDatabase { admin: String, name: String },
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The PostgreSQL admin connection the tests create their databases with.
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A number no other call in this process returns.
pub fn unik() -> usize {
    COUNTER.fetch_add(1, Ordering::SeqCst)
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

impl TestDb {
    /// A fresh, empty database; `None` when PostgreSQL is unavailable and
    /// not required.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("pantau-kkmp-tests");
                std::fs::create_dir_all(&dir).expect("temp dir");
                let path = dir.join(format!("{}.sqlite", unique("t")));
                Some(TestDb {
                    url: format!("sqlite://{}", path.display()),
                    cleanup: Cleanup::File(path),
                })
            }
            Backend::Postgres => {
                use sqlx::Connection;
                let admin = admin_url();
                let mut conn = match sqlx::PgConnection::connect(&admin).await {
                    Ok(c) => c,
                    Err(e) => {
                        let required =
                            std::env::var("PANTAU_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
                        assert!(
                            !required,
                            "PostgreSQL diperlukan (PANTAU_REQUIRE_POSTGRES=1) tetapi tidak terjangkau di {admin}: {e}"
                        );
                        eprintln!(
                            "\n!!! PERINGATAN: PostgreSQL tidak terjangkau di {admin} ({e}).\n!!! Varian PostgreSQL dari tes ini DILEWATI. Set TEST_DATABASE_URL atau jalankan PostgreSQL.\n"
                        );
                        return None;
                    }
                };
                sweep_stale(&mut conn).await;
                let name = unique("pantau_t");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let url = match admin.rfind('/') {
                    Some(i) => format!("{}/{name}", &admin[..i]),
                    None => panic!("TEST_DATABASE_URL has no database name: {admin}"),
                };
                Some(TestDb {
                    url,
                    cleanup: Cleanup::PgDatabase { admin, name },
                })
            }
        }
    }

    pub async fn connect(&self) -> Db {
        Db::connect(&self.url).await.expect("connect and migrate")
    }

    /// Removes the database. Call at the end of the test.
    pub async fn drop_db(self, db: Db) {
        // Closing waits for every connection to come back; a request the
        // test dropped mid-way must not keep the suite waiting (the
        // database is dropped with FORCE below anyway).
        if tokio::time::timeout(std::time::Duration::from_secs(10), db.close())
            .await
            .is_err()
        {
            eprintln!("warning: the pool did not close within 10 s; dropping the database anyway");
        }
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PgDatabase { admin, name } => {
                use sqlx::Connection;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut conn)
                    .await;
                }
            }
        }
    }
}

/// Drops test databases left by test processes that are gone (a test that
/// panics never reaches its cleanup). Names carry the creating process id.
async fn sweep_stale(conn: &mut sqlx::PgConnection) {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'pantau_t_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| {
            p == std::process::id() || std::path::Path::new(&format!("/proc/{p}")).exists()
        });
        if !alive {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut *conn)
            .await;
        }
    }
}

/// A signed-in test client: the session cookie's token and its CSRF token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sesi {
    pub token: String,
    pub csrf: String,
}

/// The app on a fresh database, with or without the demo data. Requests go
/// out as the account the app is signed in as (at first an admin, `uji.admin`;
/// see [`TestApp::masuk_sebagai`] and [`TestApp::anonim`]), carrying its
/// session cookie and, on POST, its CSRF token in the `x-csrf-token` header.
pub struct TestApp {
    pub router: Router,
    pub pantau: Arc<Pantau>,
    pub db: Db,
    /// The router's page cache (hits and misses, for the cache's tests).
    pub halaman: Arc<server::cache::CacheHalaman>,
    test_db: TestDb,
    sesi: std::sync::Mutex<Option<Sesi>>,
}

/// The workbook reader binary of this package (`pantau-baca`), built by
/// cargo next to the test binaries' folder.
pub fn pembaca() -> data::layanan::pembaca::Pembaca {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(|d| {
            if d.ends_with("deps") {
                d.parent()
            } else {
                Some(d)
            }
        })
        .expect("target folder");
    data::layanan::pembaca::Pembaca::proses(dir.join("pantau-baca"), &[])
}

/// The password of every account the tests create.
pub const SANDI_UJI: &str = "sandi-uji-yang-panjang";

impl TestApp {
    pub async fn new(backend: Backend, demo: bool) -> Option<TestApp> {
        let test_db = TestDb::new(backend).await?;
        let db = test_db.connect().await;
        let pantau = Arc::new(
            Pantau::new(db.clone(), 10)
                .await
                .expect("master data")
                .dengan_pembaca(pembaca()),
        );
        if demo {
            pantau
                .muat_demo(&DemoConfig::default())
                .await
                .expect("demo")
                .expect("an empty database takes the demo");
        }
        let halaman = Arc::new(server::cache::CacheHalaman::default());
        let state = server::AppState {
            leptos_options: server::leptos_options(
                "target/site",
                "127.0.0.1:3000".parse().expect("addr"),
            ),
            pantau: pantau.clone(),
            keamanan: server::keamanan::Keamanan::default(),
            halaman: halaman.clone(),
            terbuka: Arc::new(server::terbuka::Terbuka::baru(
                "https://pantau.example",
                server::terbuka::PER_MENIT,
            )),
        };
        let app = TestApp {
            router: server::router(state),
            pantau,
            db,
            halaman,
            test_db,
            sesi: std::sync::Mutex::new(None),
        };
        app.masuk_sebagai(model::akun::Peran::Admin, None).await;
        Some(app)
    }

    /// The database's URL, for a process of its own (the fault drills).
    pub fn url(&self) -> &str {
        &self.test_db.url
    }

    /// A second app instance on the same database (its own pool, its own
    /// caches), as a second server process behind a load balancer would be.
    pub async fn instans_lain(&self) -> Arc<Pantau> {
        let db = Db::connect(&self.test_db.url)
            .await
            .expect("second instance connects");
        Arc::new(
            Pantau::new(db, 10)
                .await
                .expect("master data")
                .dengan_pembaca(pembaca()),
        )
    }

    /// Creates (once) an account of `peran` with `cakupan`, signs it in and
    /// sends every later request as it. Returns the session.
    pub async fn masuk_sebagai(&self, peran: model::akun::Peran, cakupan: Option<&str>) -> Sesi {
        let nama = format!(
            "uji.{}{}",
            peran.code(),
            cakupan
                .map(|c| format!(".{}", c.replace('.', "-")))
                .unwrap_or_default()
        );
        let sesi = self.sesi_untuk(&nama, peran, cakupan).await;
        *self.sesi.lock().expect("lock") = Some(sesi.clone());
        sesi
    }

    /// A session for account `nama` (created with `peran` and `cakupan` when
    /// missing), without switching to it.
    pub async fn sesi_untuk(
        &self,
        nama: &str,
        peran: model::akun::Peran,
        cakupan: Option<&str>,
    ) -> Sesi {
        let ada = data::simpan::akun::daftar(&self.db)
            .await
            .expect("users")
            .iter()
            .any(|p| p.nama_pengguna == nama);
        if !ada {
            let baru = data::inti::akun::PenggunaBaru {
                nama_pengguna: nama.to_string(),
                nama: format!("Penguji {}", peran.label()),
                peran: peran.code().to_string(),
                cakupan: cakupan.unwrap_or("").to_string(),
                sandi: SANDI_UJI.to_string(),
            };
            data::simpan::akun::simpan_baru(
                &self.db,
                &baru,
                &data::inti::jejak::Pelaku::sistem("uji"),
                false,
            )
            .await
            .expect("create test account");
        }
        match data::simpan::akun::masuk(&self.db, nama, SANDI_UJI, "127.0.0.1", None)
            .await
            .expect("sign in")
        {
            data::inti::akun::HasilMasuk::Berhasil { token, .. } => {
                let csrf = data::simpan::akun::sesi(&self.db, &token)
                    .await
                    .expect("session")
                    .expect("live session")
                    .csrf;
                Sesi { token, csrf }
            }
            other => panic!("test sign-in failed: {other:?}"),
        }
    }

    /// Sends every later request as a visitor who is not signed in.
    pub fn anonim(&self) {
        *self.sesi.lock().expect("lock") = None;
    }

    /// Sends every later request with this session.
    pub fn pakai(&self, sesi: Option<Sesi>) {
        *self.sesi.lock().expect("lock") = sesi;
    }

    /// The current session.
    pub fn sesi(&self) -> Option<Sesi> {
        self.sesi.lock().expect("lock").clone()
    }

    /// GET `path`: status and body.
    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let req = Request::builder()
            .uri(path)
            .body(Body::empty())
            .expect("request");
        self.send(req).await
    }

    /// GET `path`: the response headers.
    pub async fn headers(&self, path: &str) -> http::HeaderMap {
        let req = Request::builder()
            .uri(path)
            .body(Body::empty())
            .expect("request");
        self.call(req).await.headers().clone()
    }

    /// A reading server function: GET `path?query`, JSON back.
    pub async fn api(&self, path: &str, query: &str) -> (StatusCode, String) {
        let req = Request::builder()
            .uri(format!("{path}?{query}"))
            .header("accept", "application/json")
            .body(Body::empty())
            .expect("request");
        self.send(req).await
    }

    /// A form body with the session's CSRF token added as the `csrf` field,
    /// as the app's forms carry it (unless the form has one already).
    fn dengan_csrf(&self, form: &str) -> String {
        match self.sesi() {
            Some(s) if !form.split('&').any(|kv| kv.starts_with("csrf=")) => {
                if form.is_empty() {
                    format!("csrf={}", s.csrf)
                } else {
                    format!("{form}&csrf={}", s.csrf)
                }
            }
            _ => form.to_string(),
        }
    }

    /// POST a form to `path` (server functions take url-encoded forms).
    pub async fn post_form(&self, path: &str, form: &str) -> (StatusCode, String) {
        let form = self.dengan_csrf(form);
        let req = Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(Body::from(form.to_string()))
            .expect("request");
        self.send(req).await
    }

    /// Any request: status, headers and body bytes.
    pub async fn kirim(&self, req: Request<Body>) -> (StatusCode, http::HeaderMap, Vec<u8>) {
        kumpulkan(self.call(req).await).await
    }

    /// One request exactly as given: no cookie, no token added.
    pub async fn mentah(&self, req: Request<Body>) -> (StatusCode, http::HeaderMap, Vec<u8>) {
        kumpulkan(self.call_mentah(req).await).await
    }

    /// POST a form as a browser without JavaScript does: the answer is a
    /// redirect. Returns the status and the `Location`.
    pub async fn post_html(&self, path: &str, form: &str, referer: &str) -> (StatusCode, String) {
        let form = self.dengan_csrf(form);
        let req = Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", referer)
            .body(Body::from(form.to_string()))
            .expect("request");
        let (status, headers, _) = self.kirim(req).await;
        let location = headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (status, location)
    }

    /// Uploads `bytes` as the file of the upload form (multipart).
    pub async fn unggah(&self, nama: &str, bytes: &[u8]) -> (StatusCode, String) {
        self.multipart("/unggah/berkas", nama, bytes, &[]).await
    }

    /// POSTs a multipart form to `path`: `bytes` as the file field `berkas`
    /// named `nama`, and text `fields`. Returns the status and `Location`.
    pub async fn multipart(
        &self,
        path: &str,
        nama: &str,
        bytes: &[u8],
        fields: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let boundary = "----pantau-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{nama}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method("POST")
            .uri(path)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        let (status, headers, _) = self.kirim(req).await;
        let location = headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (status, location)
    }

    async fn send(&self, req: Request<Body>) -> (StatusCode, String) {
        let res = self.call(req).await;
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// One request through the router, as the current session (cookie, and
    /// the CSRF header on POST unless the request carries its own); a
    /// request that gets no answer in 30 s names itself before the test's
    /// time limit takes over.
    async fn call(&self, mut req: Request<Body>) -> axum::response::Response {
        if let Some(s) = self.sesi() {
            let h = req.headers_mut();
            if !h.contains_key(http::header::COOKIE) {
                h.insert(
                    http::header::COOKIE,
                    format!("pantau_sesi={}", s.token).parse().expect("cookie"),
                );
            }
            if req.method() != http::Method::GET && !req.headers().contains_key("x-csrf-token") {
                req.headers_mut()
                    .insert("x-csrf-token", s.csrf.parse().expect("csrf"));
            }
        }
        self.call_mentah(req).await
    }

    async fn call_mentah(&self, req: Request<Body>) -> axum::response::Response {
        let what = format!("{} {}", req.method(), req.uri());
        match tokio::time::timeout(
            std::time::Duration::from_secs(30),
            self.router.clone().oneshot(req),
        )
        .await
        {
            Ok(res) => res.expect("infallible"),
            Err(_) => {
                eprintln!("HANG: no answer in 30 s to {what}");
                std::future::pending().await
            }
        }
    }

    /// Ends the test: the audit chain and every bound row must still verify
    /// (every write path of every test binds what it stores), then the
    /// database is dropped.
    pub async fn finish(self) {
        let p = self
            .pantau
            .periksa_jejak()
            .await
            .expect("verification runs");
        assert_eq!(
            p.rantai.rusak, None,
            "audit chain broken at the end of the test"
        );
        assert!(
            p.isi.masalah.is_empty(),
            "stored rows do not match the audit trail at the end of the test: {:?}",
            p.isi.masalah
        );
        self.test_db.drop_db(self.db).await;
    }

    /// Ends a test that tampered with the database on purpose.
    pub async fn finish_dirusak(self) {
        self.test_db.drop_db(self.db).await;
    }
}

/// A response's status, headers and body bytes.
async fn kumpulkan(res: axum::response::Response) -> (StatusCode, http::HeaderMap, Vec<u8>) {
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024)
        .await
        .expect("body");
    (status, headers, bytes.to_vec())
}

/// Percent-encodes a form value (`application/x-www-form-urlencoded`).
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Runs a test body, failing it (instead of hanging the suite) when it
/// takes longer than four minutes.
pub async fn with_timeout<F, Fut>(body: F)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    tokio::time::timeout(std::time::Duration::from_secs(240), body())
        .await
        .expect("the test did not finish within 240 s");
}

/// Defines `mod $name { sqlite, postgres }`: the same async test body on both
/// databases. The body gets the [`Backend`].
#[macro_export]
macro_rules! on_both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                pantau_tests::with_timeout(|| ($body)(pantau_tests::Backend::Sqlite)).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                pantau_tests::with_timeout(|| ($body)(pantau_tests::Backend::Postgres)).await
            }
        }
    };
}

/// Runs one SQL statement directly on the database, behind the
/// application's back (what an intruder or a careless administrator does);
/// the database's error as text.
pub async fn sql(db: &Db, q: &str) -> Result<(), String> {
    match db {
        Db::Sqlite(p) => sqlx::query(sqlx::AssertSqlSafe(q))
            .execute(p)
            .await
            .map(|_| ()),
        Db::Postgres(p) => sqlx::query(sqlx::AssertSqlSafe(q))
            .execute(p)
            .await
            .map(|_| ()),
    }
    .map_err(|e| e.to_string())
}

/// Every row of every table, as text, in a stable order: two dumps are
/// equal exactly when the stored data is. Sessions and known devices
/// (`sesi`, `perangkat`: made by every sign-in) are not data and are left
/// out.
pub async fn dump(db: &Db) -> Vec<String> {
    const TABLES: [&str; 25] = [
        "kecamatan",
        "kelurahan",
        "kkmp",
        "laporan",
        "laporan_terkini",
        "target",
        "target_riwayat",
        "batas_wilayah",
        "revisi",
        "unggahan",
        "sementara",
        "pengguna",
        "laporan_langkah",
        "jejak_audit",
        "jejak_kepala",
        "jejak_ikatan",
        "gagal_masuk",
        "penanda",
        "cuplikan",
        "tindak_lanjut",
        "intervensi",
        "tindak_anomali",
        "rekonsiliasi",
        "selisih",
        "selisih_langkah",
    ];
    let mut out = Vec::new();
    for table in TABLES {
        let rows: Vec<String> = match db {
            Db::Sqlite(pool) => {
                let cols: Vec<(String,)> =
                    sqlx::query_as("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                        .bind(table)
                        .fetch_all(pool)
                        .await
                        .expect("columns");
                let expr: Vec<String> = cols.iter().map(|(c,)| format!("quote({c})")).collect();
                let sql = format!(
                    "SELECT {} FROM {table} ORDER BY 1",
                    expr.join(" || ',' || ")
                );
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(pool)
                    .await
                    .expect("rows")
            }
            Db::Postgres(pool) => {
                let sql = format!("SELECT t::text FROM {table} t ORDER BY 1");
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(pool)
                    .await
                    .expect("rows")
            }
        };
        out.push(format!("-- {table}: {} rows", rows.len()));
        out.extend(rows);
    }
    out
}

/// The actor and audit entry for writes the tests make directly in the
/// data layer.
pub fn uji() -> (
    &'static data::inti::jejak::Pelaku,
    &'static data::inti::jejak::Entri,
) {
    static P: std::sync::LazyLock<data::inti::jejak::Pelaku> =
        std::sync::LazyLock::new(|| data::inti::jejak::Pelaku::sistem("uji"));
    static E: std::sync::LazyLock<data::inti::jejak::Entri> =
        std::sync::LazyLock::new(|| data::inti::jejak::Entri::baru("uji.simpan", "laporan"));
    (&P, &E)
}

/// Accepts every report not yet accepted, as the camat and Dinas would
/// (through the workflow), so the default dashboards count them.
pub async fn terima_semua(db: &Db) {
    use model::status::Persetujuan::*;
    let p = data::inti::jejak::Pelaku::sistem("uji");
    let rows = data::simpan::persetujuan::dalam_status(db, &[Diajukan, Diverifikasi], None)
        .await
        .expect("queue");
    for k in rows {
        let periode = model::Periode::parse(&k.periode).expect("period");
        if k.status == Diajukan {
            data::simpan::persetujuan::langkah(
                db,
                &k.kelurahan_code,
                periode,
                k.versi,
                Diverifikasi,
                "uji",
                &p,
                "",
            )
            .await
            .expect("verify");
        }
        data::simpan::persetujuan::langkah(
            db,
            &k.kelurahan_code,
            periode,
            k.versi,
            Diterima,
            "uji",
            &p,
            "",
        )
        .await
        .expect("accept");
    }
}

/// Each KKMP's latest demo report, by kelurahan code.
pub fn demo_terakhir() -> std::collections::BTreeMap<String, data::inti::laporan::Laporan> {
    let w = data::inti::wilayah::Wilayah::embedded().expect("master data");
    let mut terakhir = std::collections::BTreeMap::new();
    for (l, _) in data::inti::demo::generate(&w, &DemoConfig::default()).laporan {
        terakhir.insert(l.kelurahan_code.clone(), l);
    }
    terakhir
}

/// A CSV upload of `reports` in the template's columns.
pub fn csv_laporan(reports: &[data::inti::laporan::Laporan]) -> Vec<u8> {
    use data::berkas::{ekspor, impor};
    let mut header = vec![impor::JUDUL_KODE, impor::JUDUL_PERIODE];
    header.extend(model::isian::BIDANG.iter().map(|b| b.label));
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(&header).expect("header");
    for l in reports {
        let mut cells = vec![l.kelurahan_code.clone(), l.periode.to_string()];
        cells.extend(
            model::isian::BIDANG
                .iter()
                .map(|b| ekspor::teks_berkas(l, b)),
        );
        w.write_record(&cells).expect("row");
    }
    w.into_inner().expect("csv")
}
