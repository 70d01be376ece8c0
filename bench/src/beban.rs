//! `bench beban`: the deadline day (issue 15). Against one or more running
//! servers that share one database with the demo data, for a set time and
//! all at once:
//!
//! - 107 operators, one per KKMP, each signed in as itself: opens its
//!   November form, sends it (the first time a new report, then a
//!   correction with a reason), opens its KKMP page, waits a second;
//! - 18 camat: open the verification queue, verify the oldest report of
//!   their kecamatan waiting for it, wait a second;
//! - the Dinas: uploads the city recap for November (107 rows, a field
//!   changed each time so every file is new), opens its preview, stores it;
//! - 20 readers (Wali Kota's and Sekda's rooms): the city, a kecamatan and
//!   a KKMP page, without pause.
//!
//! Prints requests, requests per second, p50 and p99 per kind and every
//! error (an answer the scenario does not expect: a 5xx, a refused form),
//! then verifies the audit chain and every bound row of the database.
//! `scripts/bench_beban.sh` starts the servers (SQLite; PostgreSQL with two
//! instances) and runs this. Numbers in BENCHMARKS.md.

use anyhow::{Context, Result, bail};
use data::Pantau;
use data::inti::jejak::Pelaku;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use model::Periode;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Klien = Client<HttpConnector, Full<Bytes>>;

const SANDI: &str = "beban-hari-batas-2026";
const BULAN: &str = "2026-11";

/// One answer: status, `Location`, cookies set, body.
struct Jawaban {
    status: u16,
    lokasi: String,
    cookie: Vec<(String, String)>,
    isi: String,
}

/// A signed-in client of one server.
#[derive(Clone)]
struct Sesi {
    base: String,
    cookie: BTreeMap<String, String>,
    csrf: String,
}

impl Sesi {
    fn header_cookie(&self) -> String {
        self.cookie
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Latencies and errors per kind of request.
#[derive(Default)]
struct Catatan {
    waktu: HashMap<&'static str, Vec<Duration>>,
    galat: HashMap<&'static str, Vec<String>>,
    /// Corrections refused because the report changed meanwhile.
    konflik: usize,
}

type Bersama = Arc<Mutex<Catatan>>;

fn catat(c: &Bersama, jenis: &'static str, d: Duration, galat: Option<String>) {
    let mut c = c.lock().expect("metrics");
    c.waktu.entry(jenis).or_default().push(d);
    if let Some(g) = galat {
        c.galat.entry(jenis).or_default().push(g);
    }
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form(pasangan: &[(&str, &str)]) -> Vec<u8> {
    pasangan
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// The first hidden `csrf` field of a page.
fn csrf_dari(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let j = html[i..].find('"')?;
    Some(html[i..i + j].to_string())
}

async fn minta(
    k: &Klien,
    metode: &str,
    url: &str,
    sesi: Option<&Sesi>,
    jenis_isi: Option<&str>,
    isi: Vec<u8>,
) -> Result<Jawaban> {
    let mut req = hyper::Request::builder()
        .method(metode)
        .uri(url)
        .header("accept", "text/html,application/xhtml+xml")
        .header("accept-encoding", "identity");
    if let Some(s) = sesi {
        req = req
            .header("cookie", s.header_cookie())
            .header("x-csrf-token", &s.csrf)
            .header("referer", format!("{}/", s.base));
    }
    if let Some(t) = jenis_isi {
        req = req.header("content-type", t);
    }
    let res = k.request(req.body(Full::new(Bytes::from(isi)))?).await?;
    let status = res.status().as_u16();
    let lokasi = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| {
            let (kv, _) = v.split_once(';').unwrap_or((v, ""));
            let (k, v) = kv.split_once('=')?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let isi = String::from_utf8_lossy(&res.into_body().collect().await?.to_bytes()).into_owned();
    Ok(Jawaban {
        status,
        lokasi,
        cookie,
        isi,
    })
}

/// A page, as the signed-in `sesi`.
async fn buka(k: &Klien, url: &str, sesi: &Sesi) -> Result<Jawaban> {
    minta(k, "GET", url, Some(sesi), None, Vec::new()).await
}

/// A form sent as the signed-in `sesi`.
async fn kirim_form(k: &Klien, url: &str, sesi: &Sesi, isi: Vec<u8>) -> Result<Jawaban> {
    minta(
        k,
        "POST",
        url,
        Some(sesi),
        Some("application/x-www-form-urlencoded"),
        isi,
    )
    .await
}

/// Signs in as `nama` at `base`.
async fn masuk(k: &Klien, base: &str, nama: &str, sandi: &str) -> Result<Sesi> {
    let j = minta(k, "GET", &format!("{base}/masuk"), None, None, Vec::new()).await?;
    let mut sesi = Sesi {
        base: base.to_string(),
        cookie: j.cookie.into_iter().collect(),
        csrf: String::new(),
    };
    sesi.csrf = sesi.cookie.get("pantau_csrf").cloned().unwrap_or_default();
    let j = minta(
        k,
        "POST",
        &format!("{base}/api/masuk"),
        Some(&sesi),
        Some("application/x-www-form-urlencoded"),
        form(&[
            ("nama_pengguna", nama),
            ("kata_sandi", sandi),
            ("csrf", &sesi.csrf),
        ]),
    )
    .await?;
    sesi.cookie.extend(j.cookie);
    if !sesi.cookie.contains_key("pantau_sesi") {
        bail!("masuk sebagai {nama} gagal: HTTP {}", j.status);
    }
    let j = minta(
        k,
        "GET",
        &format!("{base}/unggah"),
        Some(&sesi),
        None,
        Vec::new(),
    )
    .await?;
    sesi.csrf = csrf_dari(&j.isi).unwrap_or_default();
    Ok(sesi)
}

/// Runs `f` as one request of `jenis`: records its time, and an error
/// when it fails or `harap` refuses its answer.
async fn ukur(
    c: &Bersama,
    jenis: &'static str,
    f: impl std::future::Future<Output = Result<Jawaban>>,
    harap: impl Fn(&Jawaban) -> bool,
) -> Option<Jawaban> {
    let t = Instant::now();
    let r = f.await;
    let d = t.elapsed();
    match r {
        Ok(j) if harap(&j) => {
            catat(c, jenis, d, None);
            Some(j)
        }
        Ok(j) => {
            let cuplik: String = j.isi.chars().take(160).collect();
            catat(
                c,
                jenis,
                d,
                Some(format!("HTTP {} {} {cuplik}", j.status, j.lokasi)),
            );
            None
        }
        Err(e) => {
            catat(c, jenis, d, Some(e.to_string()));
            None
        }
    }
}

/// A form sent back to its draft: the load sends only valid figures, so
/// this is a correction that crossed another version stored meanwhile
/// ("baru saja diubah orang lain", shown at the form with what was typed).
fn konflik(j: &Jawaban) -> bool {
    alih_ok(j) && j.lokasi.contains("draf=")
}

fn halaman_ok(j: &Jawaban) -> bool {
    j.status == 200
}

/// A form answered with its redirect: stored, unchanged, or back to the
/// form with a message (a correction that crossed the Dinas' recap is
/// sent back, which is right, not an error).
fn alih_ok(j: &Jawaban) -> bool {
    (300..400).contains(&j.status) && !j.lokasi.is_empty()
}

/// The November figures of a KKMP: its October demo report, dated November,
/// with `ubah` added to the workers so each send is a real change.
fn isian(l: &data::inti::laporan::Laporan, ubah: i64) -> Vec<(String, String)> {
    let l = data::inti::laporan::Laporan {
        tenaga_kerja: l.tenaga_kerja + ubah,
        ..l.clone()
    };
    model::isian::BIDANG
        .iter()
        .map(|b| {
            (
                format!("isian[{}]", b.code),
                data::berkas::ekspor::teks_berkas(&l, b),
            )
        })
        .collect()
}

fn rekap(reports: &[data::inti::laporan::Laporan], ubah: i64) -> Result<Vec<u8>> {
    let mut header = vec![
        data::berkas::impor::JUDUL_KODE,
        data::berkas::impor::JUDUL_PERIODE,
    ];
    header.extend(model::isian::BIDANG.iter().map(|b| b.label));
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(&header)?;
    for l in reports {
        let l = data::inti::laporan::Laporan {
            omzet: l.omzet + ubah * 1000,
            ..l.clone()
        };
        let mut cells = vec![l.kelurahan_code.clone(), BULAN.to_string()];
        cells.extend(
            model::isian::BIDANG
                .iter()
                .map(|b| data::berkas::ekspor::teks_berkas(&l, b)),
        );
        w.write_record(&cells)?;
    }
    Ok(w.into_inner()?)
}

fn multipart(nama: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let batas = "----pantau-beban";
    let mut body = format!(
        "--{batas}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{nama}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{batas}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={batas}"), body)
}

/// Creates the accounts of the scenario (once per database).
async fn siapkan_akun(pantau: &Pantau) -> Result<()> {
    let w = pantau.wilayah_arc();
    let pelaku = Pelaku::sistem("bench");
    let mut baru = Vec::new();
    for k in &w.kelurahan {
        baru.push((
            format!("op.{}", k.code.replace('.', "")),
            "operator",
            k.code.clone(),
        ));
    }
    for k in &w.kecamatan {
        baru.push((
            format!("camat.{}", k.code.replace('.', "")),
            "camat",
            k.code.clone(),
        ));
    }
    for (nama, peran, cakupan) in baru {
        let r = match pantau
            .buat_pengguna(
                data::inti::akun::PenggunaBaru {
                    nama_pengguna: nama.clone(),
                    nama: format!("Beban {nama}"),
                    peran: peran.into(),
                    cakupan,
                    sandi: SANDI.into(),
                },
                &pelaku,
            )
            .await
        {
            // Made by an earlier run on this database.
            Err(data::DataError::Invalid(m)) if m.contains("sudah dipakai") => continue,
            r => r?,
        };
        if let Err(m) = r {
            bail!("akun {nama}: {m}");
        }
    }
    Ok(())
}

/// Waits until every client has signed in; the first through sets the
/// end for all.
async fn mulai_bersama(
    pintu: &tokio::sync::Barrier,
    akhir: &Mutex<Option<Instant>>,
    detik: u64,
) -> Instant {
    pintu.wait().await;
    *akhir
        .lock()
        .expect("end")
        .get_or_insert_with(|| Instant::now() + Duration::from_secs(detik))
}

/// `bench beban URL[,URL…] DATABASE_URL [detik]`.
pub async fn jalankan(args: &[String]) -> Result<()> {
    let [urls, db_url, rest @ ..] = args else {
        bail!("pakai: bench beban URL[,URL…] DATABASE_URL [detik]");
    };
    let detik: u64 = rest.first().map_or(Ok(120), |s| s.parse())?;
    let urls: Vec<String> = urls.split(',').map(str::to_string).collect();
    let db = data::simpan::Db::connect(db_url)
        .await
        .context("basis data")?;
    let pantau = Pantau::new(db.clone(), 10).await?;
    siapkan_akun(&pantau).await?;
    let w = pantau.wilayah_arc();
    let okt = Periode::parse("2026-10").map_err(anyhow::Error::msg)?;
    let mut oktober: BTreeMap<String, data::inti::laporan::Laporan> = BTreeMap::new();
    for (l, _) in data::inti::demo::generate(&w, &data::inti::demo::DemoConfig::default()).laporan {
        if l.periode <= okt {
            oktober.insert(l.kelurahan_code.clone(), l);
        }
    }
    let klien: Klien = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(256)
        .build_http();
    let c: Bersama = Arc::default();
    println!(
        "Hari batas: {} server, {detik} s, 107 operator + 18 camat + Dinas + 20 pembaca",
        urls.len()
    );
    // Every client signs in first, one at a time (argon2id, and the
    // sign-in throttle holds back a burst from one address), then all
    // start together: the sign-ins are not part of the measurement.
    let mut tugas = tokio::task::JoinSet::new();
    let antre = Arc::new(tokio::sync::Semaphore::new(1));
    let pintu = Arc::new(tokio::sync::Barrier::new(107 + 18 + 1 + 20));
    let akhir_semua = Arc::new(Mutex::new(None::<Instant>));
    for (i, (kode, l)) in oktober.iter().enumerate() {
        let (k, c, base) = (klien.clone(), c.clone(), urls[i % urls.len()].clone());
        let (kode, l) = (kode.clone(), l.clone());
        let (antre, pintu, akhir_semua) = (antre.clone(), pintu.clone(), akhir_semua.clone());
        tugas.spawn(async move {
            let sesi = {
                let _giliran = antre.acquire().await?;
                masuk(&k, &base, &format!("op.{}", kode.replace('.', "")), SANDI).await?
            };
            let akhir = mulai_bersama(&pintu, &akhir_semua, detik).await;
            let mut n = 0;
            while Instant::now() < akhir {
                let url = format!("{base}/laporan/{kode}/{BULAN}");
                let Some(j) = ukur(&c, "halaman", buka(&k, &url, &sesi), halaman_ok).await else {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                };
                let mut s = sesi.clone();
                s.csrf = csrf_dari(&j.isi).unwrap_or(s.csrf);
                let mut f: Vec<(String, String)> = vec![
                    ("kode".into(), kode.clone()),
                    ("periode".into(), BULAN.into()),
                ];
                f.extend(isian(&l, n));
                f.push((
                    "alasan".into(),
                    if n == 0 {
                        String::new()
                    } else {
                        format!("Koreksi ke-{n}")
                    },
                ));
                f.push(("csrf".into(), s.csrf.clone()));
                let pasangan: Vec<(&str, &str)> =
                    f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
                let url = format!("{base}/api/kirim_laporan");
                if ukur(
                    &c,
                    "kirim",
                    kirim_form(&k, &url, &s, form(&pasangan)),
                    // A correction based on a version the Dinas' recap
                    // replaced meanwhile is sent back to its form ("baru
                    // saja diubah orang lain"): right, and counted apart.
                    alih_ok,
                )
                .await
                .filter(konflik)
                .is_some()
                {
                    c.lock().expect("metrics").konflik += 1;
                }
                let url = format!("{base}/kkmp/{kode}");
                ukur(&c, "halaman", buka(&k, &url, &sesi), halaman_ok).await;
                n += 1;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            anyhow::Ok(())
        });
    }
    for (i, kec) in w.kecamatan.iter().enumerate() {
        let (k, c, base, db) = (
            klien.clone(),
            c.clone(),
            urls[i % urls.len()].clone(),
            db.clone(),
        );
        let kec = kec.code.clone();
        let (antre, pintu, akhir_semua) = (antre.clone(), pintu.clone(), akhir_semua.clone());
        tugas.spawn(async move {
            let sesi = {
                let _giliran = antre.acquire().await?;
                masuk(&k, &base, &format!("camat.{}", kec.replace('.', "")), SANDI).await?
            };
            let akhir = mulai_bersama(&pintu, &akhir_semua, detik).await;
            while Instant::now() < akhir {
                let url = format!("{base}/verifikasi?kecamatan={kec}");
                ukur(&c, "halaman", buka(&k, &url, &sesi), halaman_ok).await;
                let antre = data::simpan::persetujuan::dalam_status(
                    &db,
                    &[model::status::Persetujuan::Diajukan],
                    Some(&kec),
                )
                .await?;
                if let Some(a) = antre.first() {
                    let versi = a.versi.to_string();
                    let body = form(&[
                        ("kode", &a.kelurahan_code),
                        ("bulan", &a.periode),
                        ("versi", &versi),
                        ("langkah", "diverifikasi"),
                        ("catatan", "Diperiksa pada hari batas"),
                        ("csrf", &sesi.csrf),
                    ]);
                    let url = format!("{base}/api/langkah_laporan");
                    // A report corrected meanwhile is sent back ("baru saja
                    // berubah"): a redirect, like a stored step.
                    ukur(&c, "verifikasi", kirim_form(&k, &url, &sesi, body), |j| {
                        alih_ok(j) || j.status == 400
                    })
                    .await;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            anyhow::Ok(())
        });
    }
    {
        let (k, c, base) = (klien.clone(), c.clone(), urls[0].clone());
        let semua: Vec<_> = oktober.values().cloned().collect();
        let (antre, pintu, akhir_semua) = (antre.clone(), pintu.clone(), akhir_semua.clone());
        tugas.spawn(async move {
            let sesi = {
                let _giliran = antre.acquire().await?;
                masuk(&k, &base, "dinas", "pantau-demo-2025").await?
            };
            let akhir = mulai_bersama(&pintu, &akhir_semua, detik).await;
            let mut n = 0;
            while Instant::now() < akhir {
                n += 1;
                let t = Instant::now();
                let (jenis, body) = multipart(&format!("rekap-{n}.csv"), &rekap(&semua, n)?);
                let url = format!("{base}/unggah/berkas");
                let Some(j) = ukur(
                    &c,
                    "unggah",
                    minta(&k, "POST", &url, Some(&sesi), Some(&jenis), body),
                    alih_ok,
                )
                .await
                else {
                    continue;
                };
                let url = format!("{base}{}", j.lokasi);
                let Some(pra) = ukur(&c, "pratinjau", buka(&k, &url, &sesi), halaman_ok).await
                else {
                    continue;
                };
                let token = j.lokasi.trim_start_matches("/unggah/").to_string();
                let csrf = csrf_dari(&pra.isi).unwrap_or(sesi.csrf.clone());
                let body = form(&[
                    ("token", &token),
                    ("alasan", "Rekap kota hari batas"),
                    ("csrf", &csrf),
                ]);
                let url = format!("{base}/api/simpan_unggahan");
                ukur(&c, "simpan rekap", kirim_form(&k, &url, &sesi, body), |j| {
                    alih_ok(j) && j.lokasi.contains("tersimpan")
                })
                .await;
                let sisa = Duration::from_secs(10).saturating_sub(t.elapsed());
                tokio::time::sleep(sisa).await;
            }
            anyhow::Ok(())
        });
    }
    for i in 0..20 {
        let (k, c, base) = (klien.clone(), c.clone(), urls[i % urls.len()].clone());
        let kec: Vec<String> = w.kecamatan.iter().map(|k| k.code.clone()).collect();
        let kel: Vec<String> = w.kelurahan.iter().map(|k| k.code.clone()).collect();
        let (antre, pintu, akhir_semua) = (antre.clone(), pintu.clone(), akhir_semua.clone());
        tugas.spawn(async move {
            let sesi = {
                let _giliran = antre.acquire().await?;
                masuk(&k, &base, "dinas", "pantau-demo-2025").await?
            };
            let akhir = mulai_bersama(&pintu, &akhir_semua, detik).await;
            let mut n = i;
            while Instant::now() < akhir {
                let path = match n % 3 {
                    0 => "/".to_string(),
                    1 => format!("/kecamatan/{}", kec[n % kec.len()]),
                    _ => format!("/kkmp/{}", kel[n % kel.len()]),
                };
                let url = format!("{base}{path}");
                ukur(&c, "dasbor", buka(&k, &url, &sesi), halaman_ok).await;
                n += 1;
            }
            anyhow::Ok(())
        });
    }
    while let Some(r) = tugas.join_next().await {
        r??;
    }
    let c = std::mem::take(&mut *c.lock().expect("metrics"));
    println!(
        "{:<14} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "jenis", "permintaan", "per detik", "p50 ms", "p99 ms", "galat"
    );
    let mut jenis: Vec<_> = c.waktu.keys().copied().collect();
    jenis.sort_unstable();
    let mut total_galat = 0;
    for j in jenis {
        let mut t = c.waktu[j].clone();
        t.sort_unstable();
        let p = |q: f64| t[((t.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0;
        let galat = c.galat.get(j).map_or(0, Vec::len);
        total_galat += galat;
        println!(
            "{:<14} {:>9} {:>9.1} {:>9.1} {:>9.1} {:>7}",
            j,
            t.len(),
            t.len() as f64 / detik as f64,
            p(0.5),
            p(0.99),
            galat
        );
    }
    println!(
        "koreksi ditolak karena laporan baru saja diubah orang lain (benar, bukan galat): {}",
        c.konflik
    );
    for (j, g) in &c.galat {
        for e in g.iter().take(3) {
            println!("  galat {j}: {e}");
        }
    }
    let hasil = pantau.periksa_jejak_penuh().await?;
    println!(
        "audit verify: {} ({} entri, {} baris terikat, {} masalah)",
        if hasil.utuh() { "utuh" } else { "RUSAK" },
        hasil.rantai.jumlah,
        hasil.isi.baris,
        hasil.isi.masalah.len()
    );
    if !hasil.utuh() || total_galat > 0 {
        bail!("{total_galat} galat; rantai utuh: {}", hasil.utuh());
    }
    Ok(())
}
