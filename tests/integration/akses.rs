//! Who may do what: every page route, every server function and every file
//! endpoint, called as an anonymous visitor and as each role, against the
//! expected answer. A server function, page route or plain HTTP route
//! (`server::rute_berkas`) that is not in the table fails the test, so a
//! new endpoint cannot ship without a decision.

use http::{Method, Request, StatusCode};
use model::akun::Peran;
use pantau_tests::{Backend, TestApp, enc, on_both};

/// The answer expected: allowed (anything but 401/403), or refused.
/// (A request whose fields do not even decode never reaches the function:
/// Leptos answers it with a redirect back; the rows send well-formed
/// fields so that the role and scope checks are what is tested.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum H {
    /// Allowed: the request reached the data (2xx, 3xx, or a 4xx about the
    /// input such as 404 for an unknown id).
    Y,
    /// 401: not signed in.
    A,
    /// 403: signed in, but not this role or not this scope.
    F,
}
use H::*;

/// Operator and lurah of Sukodadi (Sukarami), camat of Sukarami.
const KEL: &str = "16.71.07.1011";
const KEC: &str = "16.71.07";
/// A kelurahan and kecamatan outside those scopes.
const KEL_LAIN: &str = "16.71.01.1001";
const KEC_LAIN: &str = "16.71.01";

/// A role and its scope; None for the anonymous visitor.
type Pemanggil = Option<(Peran, Option<&'static str>)>;

/// The callers, in the order of the expectation arrays.
const PERAN: [(&str, Pemanggil); 7] = [
    ("anonim", None),
    ("admin", Some((Peran::Admin, None))),
    ("operator", Some((Peran::Operator, Some(KEL)))),
    ("lurah", Some((Peran::Lurah, Some(KEL)))),
    ("camat", Some((Peran::Camat, Some(KEC)))),
    ("pimpinan", Some((Peran::Pimpinan, None))),
    ("inspektorat", Some((Peran::Inspektorat, None))),
];

/// One row: what is called (the route or server function it covers), the
/// request, and the answer per caller.
struct Baris {
    /// The route pattern or `/api/<endpoint>` this row covers.
    pola: &'static str,
    method: Method,
    /// Path with query.
    path: String,
    /// Url-encoded form (POST), `None` for GET; `Some("multipart")` for the
    /// file forms.
    form: Option<String>,
    harap: [H; 7],
}

fn get(pola: &'static str, path: impl Into<String>, harap: [H; 7]) -> Baris {
    Baris {
        pola,
        method: Method::GET,
        path: path.into(),
        form: None,
        harap,
    }
}

fn post(pola: &'static str, form: impl Into<String>, harap: [H; 7]) -> Baris {
    Baris {
        pola,
        method: Method::POST,
        path: pola.to_string(),
        form: Some(form.into()),
        harap,
    }
}

//                       anon admin op  lurah camat pimp insp
const SEMUA: [H; 7] = [Y, Y, Y, Y, Y, Y, Y];
const MASUK: [H; 7] = [A, Y, Y, Y, Y, Y, Y];
const KOTA: [H; 7] = [A, Y, F, F, F, Y, Y];
const KEC_SENDIRI: [H; 7] = [A, Y, F, F, Y, Y, Y];
const KKMP_SENDIRI: [H; 7] = [A, Y, Y, Y, Y, Y, Y];
const KKMP_LAIN: [H; 7] = [A, Y, F, F, F, Y, Y];
const LAPOR_SENDIRI: [H; 7] = [A, Y, Y, Y, F, F, F];
const LAPOR_LAIN: [H; 7] = [A, Y, F, F, F, F, F];
const UNGGAH: [H; 7] = [A, Y, Y, Y, F, F, F];
const DINAS: [H; 7] = [A, Y, F, F, F, F, F];
const ANTREAN: [H; 7] = [A, Y, F, F, Y, F, F];
const JEJAK: [H; 7] = [A, Y, F, F, F, F, Y];
const VERIFIKASI: [H; 7] = [A, F, F, F, Y, F, F];
const KEMBALIKAN: [H; 7] = [A, Y, F, F, Y, F, F];
const KELOLA_RAPAT: [H; 7] = [A, Y, F, F, F, Y, F];
const INSPEKTORAT: [H; 7] = [A, F, F, F, F, F, Y];
const LAPANGAN: [H; 7] = [A, Y, F, F, Y, Y, Y];
const CATAT_KUNJUNGAN: [H; 7] = [A, Y, F, F, Y, F, F];
const LANGKAH_TEMUAN: [H; 7] = [A, Y, F, F, Y, F, Y];

fn tabel() -> Vec<Baris> {
    vec![
        // Pages.
        get("/", "/", KOTA),
        get(
            "/kecamatan/{code}",
            format!("/kecamatan/{KEC}"),
            KEC_SENDIRI,
        ),
        get("/kecamatan/{code}", format!("/kecamatan/{KEC_LAIN}"), KOTA),
        get("/kkmp/{code}", format!("/kkmp/{KEL}"), KKMP_SENDIRI),
        get("/kkmp/{code}", format!("/kkmp/{KEL_LAIN}"), KKMP_LAIN),
        get(
            "/kkmp/{code}/{bulan}/{versi}",
            format!("/kkmp/{KEL}/2026-10/1"),
            KKMP_SENDIRI,
        ),
        get(
            "/kkmp/{code}/{bulan}/{versi}",
            format!("/kkmp/{KEL_LAIN}/2026-10/1"),
            KKMP_LAIN,
        ),
        get("/definisi", "/definisi", SEMUA),
        get("/verifikasi-lapangan", "/verifikasi-lapangan", LAPANGAN),
        get(
            "/verifikasi-lapangan/{id}",
            "/verifikasi-lapangan/999999",
            LAPANGAN,
        ),
        get("/api/lapangan", "/api/lapangan", LAPANGAN),
        get("/api/kunjungan", "/api/kunjungan?id=999999", LAPANGAN),
        get(
            "/api/kunjungan_kkmp",
            format!("/api/kunjungan_kkmp?kode={KEL}"),
            KEC_SENDIRI,
        ),
        get(
            "/api/kunjungan_kkmp",
            format!("/api/kunjungan_kkmp?kode={KEL_LAIN}"),
            KOTA,
        ),
        get("/temuan", "/temuan", LAPANGAN),
        get("/temuan/{id}", "/temuan/999999", LAPANGAN),
        get("/api/temuan", "/api/temuan", LAPANGAN),
        get("/api/satu_temuan", "/api/satu_temuan?id=999999", LAPANGAN),
        post(
            "/api/buka_temuan",
            "judul=x&uraian=x&rekomendasi=x&penanggung_jawab=x&wilayah_code=&sumber=pemeriksaan&sumber_ref=&tenggat=2030-01-01",
            INSPEKTORAT,
        ),
        get("/temuan/berkas/{id}", "/temuan/berkas/999999", LAPANGAN),
        get("/rekonsiliasi", "/rekonsiliasi", LAPANGAN),
        get(
            "/rekonsiliasi/pratinjau/{token}",
            "/rekonsiliasi/pratinjau/abc",
            DINAS,
        ),
        get("/api/rekonsiliasi", "/api/rekonsiliasi", LAPANGAN),
        get(
            "/api/pratinjau_rekonsiliasi",
            "/api/pratinjau_rekonsiliasi?token=abc",
            DINAS,
        ),
        post(
            "/api/langkah_selisih",
            "selisih_id=999999&jenis=tindak_lanjut&uraian=x",
            LAPANGAN,
        ),
        post("/rekonsiliasi/simpan", "token=abc", DINAS),
        get(
            "/verifikasi-lapangan/foto/{id}",
            "/verifikasi-lapangan/foto/999999",
            LAPANGAN,
        ),
        get("/data-terbuka", "/data-terbuka", SEMUA),
        get(
            "/laporan/{code}/{bulan}",
            format!("/laporan/{KEL}/2026-11"),
            LAPOR_SENDIRI,
        ),
        get(
            "/laporan/{code}/{bulan}",
            format!("/laporan/{KEL_LAIN}/2026-11"),
            LAPOR_LAIN,
        ),
        get("/unggah", "/unggah", UNGGAH),
        get("/unggah/{token}", "/unggah/tidak-ada", UNGGAH),
        get("/target", "/target", KOTA),
        get("/target/{id}", "/target/1", KOTA),
        get("/batas", "/batas", KOTA),
        get("/masuk", "/masuk", SEMUA),
        get("/pengguna", "/pengguna", DINAS),
        get("/kotak-keluar", "/kotak-keluar", DINAS),
        get("/verifikasi", "/verifikasi", ANTREAN),
        get("/jejak", "/jejak", JEJAK),
        get("/briefing", "/briefing", KOTA),
        get("/rapat", "/rapat", KOTA),
        get("/audit", "/audit", JEJAK),
        get("/intervensi", "/intervensi", KOTA),
        // Server functions that read (GET).
        get("/api/info", "/api/info", SEMUA),
        get("/api/dashboard_kota", "/api/dashboard_kota", KOTA),
        get(
            "/api/dashboard_kecamatan",
            format!("/api/dashboard_kecamatan?code={KEC}"),
            KEC_SENDIRI,
        ),
        get(
            "/api/dashboard_kecamatan",
            format!("/api/dashboard_kecamatan?code={KEC_LAIN}"),
            KOTA,
        ),
        get(
            "/api/detail_kkmp",
            format!("/api/detail_kkmp?code={KEL}"),
            KKMP_SENDIRI,
        ),
        get(
            "/api/detail_kkmp",
            format!("/api/detail_kkmp?code={KEL_LAIN}"),
            KKMP_LAIN,
        ),
        get(
            "/api/versi_laporan",
            format!("/api/versi_laporan?code={KEL}&bulan=2026-10&versi=1"),
            KKMP_SENDIRI,
        ),
        get(
            "/api/versi_laporan",
            format!("/api/versi_laporan?code={KEL_LAIN}&bulan=2026-10&versi=1"),
            KKMP_LAIN,
        ),
        get(
            "/api/formulir",
            format!("/api/formulir?code={KEL}&bulan=2026-11"),
            LAPOR_SENDIRI,
        ),
        get(
            "/api/formulir",
            format!("/api/formulir?code={KEL_LAIN}&bulan=2026-11"),
            LAPOR_LAIN,
        ),
        get("/api/halaman_unggah", "/api/halaman_unggah", UNGGAH),
        get("/api/pratinjau", "/api/pratinjau?token=tidak-ada", UNGGAH),
        get("/api/halaman_target", "/api/halaman_target", KOTA),
        get("/api/detail_target", "/api/detail_target?id=1", KOTA),
        get("/api/halaman_batas", "/api/halaman_batas", KOTA),
        get("/api/halaman_pengguna", "/api/halaman_pengguna", DINAS),
        get("/api/kotak_keluar", "/api/kotak_keluar", DINAS),
        get("/api/antrean", "/api/antrean", ANTREAN),
        get("/api/jejak", "/api/jejak", JEJAK),
        get("/api/pesan", "/api/pesan?token=tidak-ada", MASUK),
        get("/api/briefing", "/api/briefing", KOTA),
        get("/api/rapat", "/api/rapat", KOTA),
        get("/api/audit", "/api/audit", JEJAK),
        get("/api/intervensi", "/api/intervensi", KOTA),
        get(
            "/api/intervensi_kkmp",
            format!("/api/intervensi_kkmp?kode={KEL}"),
            KKMP_SENDIRI,
        ),
        get(
            "/api/intervensi_kkmp",
            format!("/api/intervensi_kkmp?kode={KEL_LAIN}"),
            KKMP_LAIN,
        ),
        // Server functions that change something (POST, with the CSRF token).
        post(
            "/api/kirim_laporan",
            format!("kode={KEL}&periode=2026-11&alasan=&isian%5Banggota%5D=1"),
            LAPOR_SENDIRI,
        ),
        post(
            "/api/kirim_laporan",
            format!("kode={KEL_LAIN}&periode=2026-11&alasan=&isian%5Banggota%5D=1"),
            LAPOR_LAIN,
        ),
        post("/api/simpan_unggahan", "token=tidak-ada&alasan=", UNGGAH),
        post(
            "/api/kirim_target",
            "id=&alasan=&isian%5Bindikator%5D=x",
            DINAS,
        ),
        post("/api/nonaktifkan_target", "id=999999&alasan=", DINAS),
        post(
            "/api/buat_pengguna",
            "nama_pengguna=x&nama=&peran=admin&cakupan=&kata_sandi=",
            DINAS,
        ),
        post(
            "/api/ubah_pengguna",
            "id=999999&aksi=nonaktifkan&alasan=uji",
            DINAS,
        ),
        post("/api/ubah_kontak", "id=999999&alasan=uji&surel=", DINAS),
        post(
            "/api/langkah_laporan",
            format!("kode={KEL}&bulan=2026-10&versi=99&langkah=diverifikasi&catatan="),
            VERIFIKASI,
        ),
        post(
            "/api/langkah_laporan",
            format!("kode={KEL_LAIN}&bulan=2026-10&versi=99&langkah=diverifikasi&catatan="),
            [A, F, F, F, F, F, F],
        ),
        post(
            "/api/langkah_laporan",
            format!("kode={KEL}&bulan=2026-10&versi=99&langkah=dikembalikan&catatan=x"),
            KEMBALIKAN,
        ),
        post(
            "/api/langkah_laporan",
            format!("kode={KEL}&bulan=2026-10&versi=99&langkah=diterima&catatan="),
            DINAS,
        ),
        post(
            "/api/langkah_laporan",
            format!("kode={KEL}&bulan=2026-10&versi=99&langkah=dibuka&catatan=x"),
            DINAS,
        ),
        post(
            "/api/simpan_cuplikan",
            "jenis=rapat&judul=Uji&tanggal=bukan-tanggal",
            KELOLA_RAPAT,
        ),
        post(
            "/api/tambah_tindak",
            "rapat_id=999999&uraian=x&wilayah=&indikator=&penanggung_jawab=x&tenggat=2026-12-01",
            KELOLA_RAPAT,
        ),
        post(
            "/api/ubah_tindak",
            "id=999999&rapat_id=1&status=selesai&catatan=",
            KELOLA_RAPAT,
        ),
        post(
            "/api/tindak_anomali",
            "kunci=tidak%2Fada&catatan=x",
            INSPEKTORAT,
        ),
        post(
            "/api/catat_intervensi",
            "kelurahan_code=x&tanggal=2026-11-01&jenis=pelatihan&nilai=&peserta=&catatan=x",
            DINAS,
        ),
        post(
            "/api/masuk",
            "nama_pengguna=tidak.ada&kata_sandi=salah&lanjut=",
            SEMUA,
        ),
        // Files.
        get(
            "/templat/{file}",
            format!("/templat/2026-11.xlsx?kelurahan={KEL}"),
            LAPOR_SENDIRI,
        ),
        get(
            "/templat/{file}",
            format!("/templat/2026-11.xlsx?kelurahan={KEL_LAIN}"),
            LAPOR_LAIN,
        ),
        get("/templat/{file}", "/templat/2026-11.xlsx", DINAS),
        get("/ekspor/{file}", "/ekspor/laporan.csv", MASUK),
        get("/target/target.csv", "/target/target.csv", KOTA),
        get("/briefing/bahan.pdf", "/briefing/bahan.pdf", KOTA),
        get("/rapat/{id}/{berkas}", "/rapat/999999/paket.pdf", KOTA),
        get(
            "/audit/bukti.zip",
            format!("/audit/bukti.zip?kelurahan={KEL}&dari=2026-09&sampai=2026-10"),
            JEJAK,
        ),
        Baris {
            form: Some("multipart".into()),
            ..post("/unggah/berkas", "", UNGGAH)
        },
        Baris {
            form: Some("multipart".into()),
            ..post("/target/impor", "", DINAS)
        },
        Baris {
            form: Some("multipart".into()),
            ..post("/batas/berkas", "", DINAS)
        },
        Baris {
            form: Some("multipart".into()),
            ..post("/verifikasi-lapangan/catat", "", CATAT_KUNJUNGAN)
        },
        Baris {
            form: Some("multipart".into()),
            ..post("/temuan/langkah", "", LANGKAH_TEMUAN)
        },
        Baris {
            form: Some("multipart".into()),
            ..post("/rekonsiliasi/unggah", "", DINAS)
        },
        get("/healthz", "/healthz", SEMUA),
        get(
            "/data-terbuka/{berkas}",
            "/data-terbuka/katalog.json",
            SEMUA,
        ),
        // Last: it ends the session.
        post("/api/keluar", "", SEMUA),
    ]
}

/// A multipart body with the CSRF field first and an empty CSV file.
fn multipart(csrf: &str) -> (String, Vec<u8>) {
    let b = "----matriks";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"kosong.csv\"\r\n\
         Content-Type: text/csv\r\n\r\nkode\r\n--{b}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={b}"),
        body.into_bytes(),
    )
}

/// The table as Markdown, for the docs and the closing note.
fn markdown(rows: &[Baris]) -> String {
    let mut out = String::from(
        "| endpoint | request | anonim | admin | operator | lurah | camat | pimpinan | inspektorat |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let cells: Vec<&str> = r
            .harap
            .iter()
            .map(|h| match h {
                Y => "200",
                A => "401",
                F => "403",
            })
            .collect();
        out.push_str(&format!(
            "| `{}` | {} `{}` | {} |\n",
            r.pola,
            r.method,
            r.path,
            cells.join(" | ")
        ));
    }
    out
}

on_both!(
    every_endpoint_answers_each_role_as_the_matrix_says,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let rows = tabel();

        // Completeness: every server function and every page route has a row.
        let mut tanpa_baris = Vec::new();
        for (path, _) in leptos::server_fn::axum::server_fn_paths() {
            if !rows.iter().any(|r| r.pola == path) {
                tanpa_baris.push(path.to_string());
            }
        }
        for r in server::rute() {
            let pola = r.path().to_string();
            if !rows.iter().any(|b| b.pola == pola) {
                tanpa_baris.push(pola);
            }
        }
        for (pola, _) in server::rute_berkas() {
            if !rows.iter().any(|b| b.pola == pola) {
                tanpa_baris.push(pola.to_string());
            }
        }
        assert!(
            tanpa_baris.is_empty(),
            "endpoints without a row in the access matrix: {tanpa_baris:?}"
        );

        let mut salah = Vec::new();
        for (i, (nama, peran)) in PERAN.iter().enumerate() {
            let sesi = match peran {
                Some((p, c)) => Some(app.sesi_untuk(&format!("matriks.{nama}"), *p, *c).await),
                None => None,
            };
            // The anonymous visitor's double-submit token.
            let csrf_anon = "a".repeat(64);
            for r in &rows {
                let csrf = sesi.as_ref().map_or(csrf_anon.clone(), |s| s.csrf.clone());
                let mut req = Request::builder()
                    .method(r.method.clone())
                    .uri(&r.path)
                    .header("accept", "text/html");
                let cookie = match &sesi {
                    Some(s) => format!("pantau_sesi={}", s.token),
                    None => format!("pantau_csrf={csrf_anon}"),
                };
                req = req.header("cookie", cookie);
                let body = match r.form.as_deref() {
                    None => Vec::new(),
                    Some("multipart") => {
                        let (ct, b) = multipart(&csrf);
                        req = req.header("content-type", ct);
                        b
                    }
                    Some(f) => {
                        req = req.header("content-type", "application/x-www-form-urlencoded");
                        let sep = if f.is_empty() { "" } else { "&" };
                        format!("{f}{sep}csrf={}", enc(&csrf)).into_bytes()
                    }
                };
                let (status, _, bytes) = app
                    .mentah(req.body(axum::body::Body::from(body)).unwrap())
                    .await;
                let got = match status {
                    StatusCode::UNAUTHORIZED => A,
                    StatusCode::FORBIDDEN => F,
                    s if s.is_server_error() => {
                        salah.push(format!(
                            "{} {} as {nama}: {s} {}",
                            r.method,
                            r.path,
                            String::from_utf8_lossy(&bytes)
                                .chars()
                                .take(200)
                                .collect::<String>()
                        ));
                        continue;
                    }
                    _ => Y,
                };
                if got != r.harap[i] {
                    salah.push(format!(
                        "{} {} as {nama}: expected {:?}, got {status}",
                        r.method, r.path, r.harap[i]
                    ));
                }
            }
        }
        if backend == Backend::Sqlite {
            println!("{}", markdown(&rows));
        }
        assert!(
            salah.is_empty(),
            "access matrix mismatches:\n{}",
            salah.join("\n")
        );
        app.finish().await;
    }
);
