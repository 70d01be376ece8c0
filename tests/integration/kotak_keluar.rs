//! The outbox (issue 17): the rules queue each message once and only to
//! the people in scope; e-mail goes through a real SMTP server (a small
//! one this suite runs on a local port, speaking SMTP to `lettre`); the
//! WhatsApp gateway is a local HTTP server that fails, hangs or answers;
//! a failed message is retried with a growing wait and then marked failed
//! with its reason; a message taken by a worker that died is sent once
//! more after its claim expires, never twice by two workers; contacts are
//! checked at the field; `/kotak-keluar` is the Dinas' alone.

use chrono::{DateTime, TimeZone, Utc};
use data::inti::akun::{Pengguna, Perubahan};
use data::inti::jejak::Pelaku;
use data::inti::pesan::Kontak;
use data::kirim::{KonfigurasiSmtp, KonfigurasiWebhook, Pengirim, TlsSmtp};
use model::akun::Peran;
use pantau_tests::{Backend, TestApp, on_both};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// The kecamatan and kelurahan the scoped accounts belong to.
const KEC: &str = "16.71.07";

/// 10:00 WIB on a day of December 2026 (the deadline of November's
/// reports is 10 December: H-3 is the 7th, H+1 the 11th, H+5 the 15th).
fn desember(hari: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, hari, 3, 0, 0).unwrap()
}

/// The SMTP server the suite runs on a local port: (port, its messages).
async fn server_smtp() -> (u16, data::kirim::penampung::Penampung) {
    let p = data::kirim::penampung::Penampung::mulai().await.unwrap();
    (p.port, p)
}

/// The e-mail channel to the suite's SMTP server on `port`, plain text.
fn pengirim_smtp(port: u16, dari: &str, detik: u64) -> Pengirim {
    Pengirim::baru(
        Some(KonfigurasiSmtp {
            host: "127.0.0.1".into(),
            port,
            tls: TlsSmtp::Tanpa,
            masuk: None,
            dari: dari.into(),
        }),
        None,
        Duration::from_secs(detik),
    )
    .unwrap()
}

/// One request the gateway received.
#[derive(Clone, Debug)]
struct Permintaan {
    otorisasi: String,
    kunci: String,
    isi: serde_json::Value,
}

/// A local HTTP gateway: answers each request with the next status of
/// `jawaban` (then 200); a status of 0 means no answer (it hangs).
async fn gateway(jawaban: Vec<u16>) -> (String, Arc<Mutex<Vec<Permintaan>>>) {
    use axum::extract::State;
    let catatan = Arc::new(Mutex::new(Vec::new()));
    let antre = Arc::new(Mutex::new(std::collections::VecDeque::from(jawaban)));
    type Keadaan = (
        Arc<Mutex<Vec<Permintaan>>>,
        Arc<Mutex<std::collections::VecDeque<u16>>>,
    );
    async fn terima(
        State((catatan, antre)): State<Keadaan>,
        h: http::HeaderMap,
        body: String,
    ) -> http::StatusCode {
        let ambil = |n: &str| {
            h.get(n)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        catatan.lock().unwrap().push(Permintaan {
            otorisasi: ambil("authorization"),
            kunci: ambil("idempotency-key"),
            isi: serde_json::from_str(&body).unwrap(),
        });
        let s = antre.lock().unwrap().pop_front().unwrap_or(200);
        if s == 0 {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        http::StatusCode::from_u16(s.max(200)).unwrap()
    }
    let app = axum::Router::new()
        .route("/kirim", axum::routing::post(terima))
        .with_state((catatan.clone(), antre));
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/kirim", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    (url, catatan)
}

/// The accounts the rules write to: an operator and a lurah of one
/// kelurahan of `KEC`, its camat, another kecamatan's camat and an admin
/// (no pimpinan: one would get the weekly digest in every week these
/// tests run in; [`sekda`] adds one). Returns the kelurahan.
async fn akun(app: &TestApp) -> String {
    let kel = app
        .pantau
        .wilayah()
        .kelurahan
        .iter()
        .find(|k| k.kecamatan_code == KEC)
        .unwrap()
        .code
        .clone();
    app.sesi_untuk("op.uji", Peran::Operator, Some(&kel)).await;
    app.sesi_untuk("lurah.uji", Peran::Lurah, Some(&kel)).await;
    app.sesi_untuk("camat.uji", Peran::Camat, Some(KEC)).await;
    app.sesi_untuk("camat.lain", Peran::Camat, Some("16.71.01"))
        .await;
    kel
}

/// A pimpinan account, the Sekda.
async fn sekda(app: &TestApp) {
    app.sesi_untuk("sekda.uji", Peran::Pimpinan, None).await;
}

async fn pengguna(app: &TestApp, nama: &str) -> Pengguna {
    data::simpan::akun::daftar(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.nama_pengguna == nama)
        .unwrap()
}

/// Sets an account's contacts as the admin would.
async fn kontak(app: &TestApp, nama: &str, surel: &str, wa: &str) -> Result<(), String> {
    let p = pengguna(app, nama).await;
    let admin = pengguna(app, "uji.admin").await.akun().unwrap();
    app.pantau
        .ubah_pengguna(
            p.id,
            Perubahan::Kontak(Kontak {
                surel: surel.into(),
                whatsapp: wa.into(),
                terima_surel: true,
                terima_whatsapp: true,
            }),
            &admin,
            &Pelaku::sistem("uji"),
            "kontak untuk pengingat",
        )
        .await
        .unwrap()
}

on_both!(
    the_rules_queue_each_message_once_and_only_in_scope,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let kel = akun(&app).await;
        let log = Pengirim::log_saja();
        let url = "https://pantau.example";
        // Before H-3: nothing.
        assert_eq!(
            app.pantau
                .jalankan_aturan(desember(6), &log, url)
                .await
                .unwrap(),
            0
        );
        // H-3: the operator and the lurah of the kelurahan, nobody else.
        assert_eq!(
            app.pantau
                .jalankan_aturan(desember(7), &log, url)
                .await
                .unwrap(),
            2
        );
        // Again, the day after, and after a "restart" (a new pass): queued once.
        assert_eq!(
            app.pantau
                .jalankan_aturan(desember(7), &log, url)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            app.pantau
                .jalankan_aturan(desember(8), &log, url)
                .await
                .unwrap(),
            0
        );
        let k = app.pantau.kotak_keluar(None).await.unwrap();
        assert_eq!(k.pesan.len(), 2);
        for p in &k.pesan {
            assert!(
                ["op.uji", "lurah.uji"].contains(&p.penerima.as_str()),
                "{p:?}"
            );
            assert_eq!(p.tautan, format!("{url}/laporan/{kel}/2026-11"));
            assert!(
                p.isi.contains("10 Desember 2026") && p.isi.contains("3 hari lagi"),
                "{}",
                p.isi
            );
            assert_eq!(p.saluran, "Catatan server");
        }
        // The kelurahan reports on the 8th: no H-1 reminder for it.
        let mut l = pantau_tests::demo_terakhir()[&kel].clone();
        l.periode = "2026-11".parse().unwrap();
        let kirim = data::inti::laporan::Pengiriman {
            dikirim_pada: desember(8),
            dikirim_oleh: "op.uji".into(),
            sumber: "formulir".into(),
            alasan: None,
            peringatan: String::new(),
            unggahan_id: None,
        };
        data::simpan::laporan::simpan(&app.db, &[(l, kirim)], pantau_tests::uji())
            .await
            .unwrap();
        assert_eq!(
            app.pantau
                .jalankan_aturan(desember(9), &log, url)
                .await
                .unwrap(),
            0
        );
        // H+1, H+5: the 106 others are late.
        assert_eq!(
            app.pantau
                .jalankan_aturan(desember(11), &log, url)
                .await
                .unwrap(),
            2
        );
        let k = app.pantau.kotak_keluar(None).await.unwrap();
        let wilayah = app.pantau.wilayah();
        for camat in ["camat.uji", "camat.lain"] {
            let p = k.pesan.iter().find(|p| p.penerima == camat).unwrap();
            let kec = if camat == "camat.uji" {
                KEC
            } else {
                "16.71.01"
            };
            // Scoped: every kelurahan of the camat's kecamatan, none of another.
            for kl in &wilayah.kelurahan {
                let disebut = p.isi.contains(&format!("- Kelurahan {} (", kl.nama));
                assert_eq!(
                    disebut,
                    kl.kecamatan_code == kec && kl.code != kel,
                    "{camat}: {}",
                    kl.nama
                );
            }
        }
        // H+5: the escalation to the two, and the camat hears that the
        // report sent (today, in real time) waits for verification if that
        // is a week or more before the 15th.
        let menunggu_lama = (chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
            - data::inti::waktu::hari_ini())
        .num_days()
            >= 7;
        // The Sekda joins: the escalation, and the weekly digest of the
        // week of Monday the 14th (106 KKMP late).
        sekda(&app).await;
        assert_eq!(
            app.pantau
                .jalankan_aturan(desember(15), &log, url)
                .await
                .unwrap(),
            3 + usize::from(menunggu_lama)
        );
        let k = app.pantau.kotak_keluar(None).await.unwrap();
        let eskalasi: Vec<_> = k
            .pesan
            .iter()
            .filter(|p| p.aturan == "Eskalasi H+5")
            .collect();
        let mut siapa: Vec<_> = eskalasi.iter().map(|p| p.penerima.as_str()).collect();
        siapa.sort();
        assert_eq!(siapa, ["sekda.uji", "uji.admin"]);
        assert!(
            eskalasi[0].isi.contains("camat: Penguji Camat"),
            "{}",
            eskalasi[0].isi
        );
        assert!(
            eskalasi[0].judul.contains("106 KKMP di 18 kecamatan"),
            "{}",
            eskalasi[0].judul
        );
        // The camat of the kelurahan that reported does not see it listed.
        let camat = k
            .pesan
            .iter()
            .find(|p| p.penerima == "camat.uji" && p.aturan == "Daftar terlambat H+1")
            .unwrap();
        let nama = &wilayah.kelurahan(&kel).unwrap().nama;
        assert!(
            !camat.isi.contains(&format!("- Kelurahan {nama} (")),
            "{}",
            camat.isi
        );
        assert!(camat.judul.starts_with(&format!(
                "{} KKMP",
                wilayah
                    .kelurahan
                    .iter()
                    .filter(|k| k.kecamatan_code == KEC)
                    .count()
                    - 1
            )));
        // Every queueing is in the audit trail.
        let jejak = app
            .pantau
            .halaman_jejak(None, Some("pesan.antre"))
            .await
            .unwrap();
        assert_eq!(
            jejak.baris.len(),
            3,
            "one entry per pass that queued something"
        );
        app.finish().await;
    }
);

on_both!(
    e_mail_goes_through_a_real_smtp_server,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let kel = akun(&app).await;
        let (port, kotak) = server_smtp().await;
        let pengirim = pengirim_smtp(port, "Pantau KKMP <pantau@palembang.go.id>", 5);
        kontak(&app, "lurah.uji", "Lurah.Uji@Palembang.GO.ID", "")
            .await
            .unwrap();
        // The operator has no address: the log carries its message.
        assert_eq!(
            app.pantau
                .jalankan_aturan(desember(7), &pengirim, "https://p.example")
                .await
                .unwrap(),
            2
        );
        let h = app
            .pantau
            .kirim_antrean(&pengirim, desember(7))
            .await
            .unwrap();
        assert_eq!((h.terkirim, h.dicoba_lagi, h.gagal), (2, 0, 0));
        let surat = kotak.diterima();
        assert_eq!(surat.len(), 1, "one e-mail: the lurah's");
        assert_eq!(surat[0].ke, ["Lurah.Uji@palembang.go.id"]);
        let d = &surat[0].data;
        assert!(
            d.contains("From: \"Pantau KKMP\" <pantau@palembang.go.id>")
                || d.contains("From: Pantau KKMP <pantau@palembang.go.id>"),
            "{d}"
        );
        assert!(d.contains("Subject:") && d.contains("Message-ID: <"), "{d}");
        assert!(
            d.contains(&format!("https://p.example/laporan/{kel}/2026-11")),
            "{d}"
        );
        // Sent once: another pass finds nothing due.
        let h = app
            .pantau
            .kirim_antrean(&pengirim, desember(8))
            .await
            .unwrap();
        assert_eq!(h.terkirim, 0);
        assert_eq!(kotak.diterima().len(), 1);
        let k = app.pantau.kotak_keluar(Some("terkirim")).await.unwrap();
        assert_eq!(k.pesan.len(), 2);
        assert!(
            k.pesan
                .iter()
                .any(|p| p.saluran == "Surel" && p.alamat == "Lurah.Uji@palembang.go.id")
        );
        app.finish().await;
    }
);

on_both!(
    a_gateway_that_fails_is_retried_then_a_dead_one_is_marked_failed,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        akun(&app).await;
        // First a 500, then no answer within the limit, then 200.
        let (url, catatan) = gateway(vec![500, 0]).await;
        let pengirim = Pengirim::baru(
            None,
            Some(KonfigurasiWebhook {
                url,
                token: Some("rahasia-gateway".into()),
            }),
            Duration::from_secs(2),
        )
        .unwrap();
        kontak(&app, "lurah.uji", "", "0812-3456-7890")
            .await
            .unwrap();
        app.pantau
            .jalankan_aturan(desember(7), &pengirim, "https://p.example")
            .await
            .unwrap();
        let t0 = desember(7);
        let h = app.pantau.kirim_antrean(&pengirim, t0).await.unwrap();
        assert_eq!(
            (h.terkirim, h.dicoba_lagi),
            (1, 1),
            "the log one sent, the WhatsApp one to retry"
        );
        let k = app.pantau.kotak_keluar(Some("antre")).await.unwrap();
        assert_eq!(k.pesan.len(), 1);
        assert!(k.pesan[0].alasan.contains("500"), "{:?}", k.pesan[0]);
        assert_eq!(k.pesan[0].percobaan, 1);
        // Not due yet; after a minute it is, and the gateway hangs.
        let h = app
            .pantau
            .kirim_antrean(&pengirim, t0 + chrono::Duration::seconds(30))
            .await
            .unwrap();
        assert_eq!(h, Default::default());
        let h = app
            .pantau
            .kirim_antrean(&pengirim, t0 + chrono::Duration::minutes(1))
            .await
            .unwrap();
        assert_eq!(h.dicoba_lagi, 1);
        let k = app.pantau.kotak_keluar(Some("antre")).await.unwrap();
        assert!(
            k.pesan[0]
                .alasan
                .contains("tidak ada jawaban dalam 2 detik"),
            "{:?}",
            k.pesan[0]
        );
        // Two minutes later: delivered.
        let h = app
            .pantau
            .kirim_antrean(&pengirim, t0 + chrono::Duration::minutes(4))
            .await
            .unwrap();
        assert_eq!(h.terkirim, 1);
        let r = catatan.lock().unwrap().clone();
        assert_eq!(r.len(), 3);
        for p in &r {
            assert_eq!(p.otorisasi, "Bearer rahasia-gateway");
            assert_eq!(
                p.kunci, r[0].kunci,
                "the same idempotency key on every attempt"
            );
            assert_eq!(p.isi["ke"], "+6281234567890");
            assert_eq!(p.isi["aturan"], "pengingat-h3");
        }

        // A gateway that is gone: six attempts, then failed with the reason.
        let mati = Pengirim::baru(
            None,
            Some(KonfigurasiWebhook {
                url: "http://127.0.0.1:9/kirim".into(),
                token: None,
            }),
            Duration::from_secs(2),
        )
        .unwrap();
        kontak(&app, "op.uji", "", "+62 811 000 111").await.unwrap();
        app.pantau
            .jalankan_aturan(desember(9), &mati, "https://p.example")
            .await
            .unwrap();
        let mut t = desember(9);
        let mut gagal = 0;
        for _ in 0..data::inti::pesan::PERCOBAAN_MAKS {
            let h = app.pantau.kirim_antrean(&mati, t).await.unwrap();
            gagal += h.gagal;
            t += chrono::Duration::hours(1);
        }
        assert_eq!(gagal, 2, "the operator's and the lurah's H-1 message");
        let k = app.pantau.kotak_keluar(Some("gagal")).await.unwrap();
        assert_eq!(k.pesan.len(), 2);
        for p in &k.pesan {
            assert_eq!(p.percobaan, data::inti::pesan::PERCOBAAN_MAKS);
            assert!(p.alasan.contains("tidak terjangkau"), "{p:?}");
        }
        assert_eq!(
            app.pantau.kirim_antrean(&mati, t).await.unwrap(),
            Default::default()
        );
        app.finish().await;
    }
);

on_both!(
    a_worker_that_died_mid_send_is_taken_over_once_its_claim_expires,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        akun(&app).await;
        let (port, kotak) = server_smtp().await;
        let pengirim = pengirim_smtp(port, "pantau@palembang.go.id", 5);
        kontak(&app, "lurah.uji", "lurah@palembang.go.id", "")
            .await
            .unwrap();
        kontak(&app, "op.uji", "op@palembang.go.id", "")
            .await
            .unwrap();
        app.pantau
            .jalankan_aturan(desember(7), &pengirim, "https://p.example")
            .await
            .unwrap();
        // A worker takes both and dies before sending.
        let t0 = desember(7);
        let diambil = data::simpan::pesan::ambil(&app.db, t0, 50).await.unwrap();
        assert_eq!(diambil.len(), 2);
        // Two other workers at once, while the claim holds: nothing.
        let (a, b) = tokio::join!(
            app.pantau
                .kirim_antrean(&pengirim, t0 + chrono::Duration::minutes(1)),
            app.pantau
                .kirim_antrean(&pengirim, t0 + chrono::Duration::minutes(1)),
        );
        assert_eq!((a.unwrap().terkirim, b.unwrap().terkirim), (0, 0));
        // The claim expired: two workers race, each message is sent once.
        let t1 = t0 + chrono::Duration::minutes(data::simpan::pesan::KLAIM_MENIT + 1);
        let (a, b) = tokio::join!(
            app.pantau.kirim_antrean(&pengirim, t1),
            app.pantau.kirim_antrean(&pengirim, t1),
        );
        assert_eq!(a.unwrap().terkirim + b.unwrap().terkirim, 2);
        let surat = kotak.diterima();
        let mut ke: Vec<_> = surat.iter().flat_map(|s| s.ke.clone()).collect();
        ke.sort();
        assert_eq!(ke, ["lurah@palembang.go.id", "op@palembang.go.id"]);
        // A dead worker's late answer changes nothing (its attempt is not the row's).
        data::simpan::pesan::tandai(
            &app.db,
            &[(
                diambil[0].clone(),
                data::simpan::pesan::Hasil::Gagal {
                    alasan: "terlambat".into(),
                    lagi: None,
                },
            )],
            t1,
            &Pelaku::sistem("uji"),
        )
        .await
        .unwrap();
        let k = app.pantau.kotak_keluar(Some("terkirim")).await.unwrap();
        assert_eq!(k.pesan.len(), 2);
        app.finish().await;
    }
);

on_both!(
    contacts_are_checked_at_the_field_and_the_outbox_is_the_dinas_alone,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        akun(&app).await;
        let id = pengguna(&app, "lurah.uji").await.id;
        // Refused, with the field and why; nothing stored.
        for (surel, wa, kata) in [
            ("lurah@palembang", "", "domain"),
            ("lurah@palembang.go.id\r\nBcc: semua@contoh.id", "", "surel"),
            ("", "12345", "WhatsApp"),
            ("", "+62 812 abc", "WhatsApp"),
            ("", &"9".repeat(5000), "WhatsApp"),
        ] {
            let form = format!(
                "id={id}&alasan=uji&surel={}&whatsapp={}&terima_surel=on",
                urlencoding(surel),
                urlencoding(wa)
            );
            let (status, lokasi) = app.post_html("/api/ubah_kontak", &form, "/pengguna").await;
            assert_eq!(status.as_u16(), 302);
            assert!(lokasi.starts_with("/pengguna?galat="), "{lokasi}");
            let (_, html) = app.get(&lokasi).await;
            assert!(
                html.contains(kata),
                "{kata}: {}",
                &html[html.find("galat-pengguna").unwrap_or(0)..][..300.min(html.len())]
            );
        }
        assert_eq!(
            data::simpan::akun::dengan_kontak(&app.db)
                .await
                .unwrap()
                .iter()
                .find(|p| p.pengguna.id == id)
                .unwrap()
                .kontak,
            Kontak {
                terima_surel: true,
                terima_whatsapp: true,
                ..Kontak::default()
            }
        );
        // Accepted through the form; in the audit trail, before and after.
        let form = format!(
            "id={id}&alasan=pengingat&surel=lurah%40palembang.go.id&whatsapp=0812%203456%207890&terima_surel=on"
        );
        let (status, lokasi) = app.post_html("/api/ubah_kontak", &form, "/pengguna").await;
        assert_eq!(status.as_u16(), 302);
        assert!(lokasi.starts_with("/pengguna?pesan=diubah"), "{lokasi}");
        let k = data::simpan::akun::dengan_kontak(&app.db)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.pengguna.id == id)
            .unwrap()
            .kontak;
        assert_eq!(k.whatsapp, "+6281234567890");
        assert!(k.terima_surel && !k.terima_whatsapp);
        let jejak = app
            .pantau
            .halaman_jejak(None, Some("kontak"))
            .await
            .unwrap();
        let ubah: Vec<_> = jejak
            .baris
            .iter()
            .filter(|b| b.aksi == "pengguna.ubah_kontak")
            .collect();
        assert_eq!(ubah.len(), 1, "only the accepted change");
        assert!(ubah[0].sesudah.contains("+6281234567890") && ubah[0].alasan == "pengingat");
        // The outbox page: the admin sees it; nobody else does.
        app.pantau
            .jalankan_aturan(desember(7), &Pengirim::log_saja(), "https://p.example")
            .await
            .unwrap();
        let (status, html) = app.get("/kotak-keluar").await;
        assert_eq!(status.as_u16(), 200);
        assert!(html.contains("Pengingat: laporan"), "the message is listed");
        assert_eq!(app.get("/kotak-keluar?status=bukan").await.0.as_u16(), 400);
        for (peran, cakupan) in [
            (Peran::Camat, Some(KEC)),
            (Peran::Pimpinan, None),
            (Peran::Inspektorat, None),
        ] {
            app.masuk_sebagai(peran, cakupan).await;
            assert_eq!(app.get("/kotak-keluar").await.0.as_u16(), 403, "{peran:?}");
            assert_eq!(app.api("/api/kotak_keluar", "").await.0.as_u16(), 403);
        }
        app.finish().await;
    }
);

/// A form value, percent-encoded.
fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The messages of one rule (by its label) in the outbox.
async fn dari_aturan(app: &TestApp, aturan: &str) -> Vec<model::view::BarisPesan> {
    let k = app.pantau.kotak_keluar(None).await.unwrap();
    k.pesan.into_iter().filter(|p| p.aturan == aturan).collect()
}

on_both!(
    a_returned_report_and_a_long_wait_for_verification_reach_their_people,
    |backend: Backend| async move {
        use model::status::Persetujuan::*;
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        let kel = akun(&app).await;
        let kel_lain = app
            .pantau
            .wilayah()
            .kelurahan
            .iter()
            .find(|k| k.kecamatan_code == KEC && k.code != kel)
            .unwrap()
            .code
            .clone();
        let terakhir = pantau_tests::demo_terakhir();
        let kirim = |oleh: &str| data::inti::laporan::Pengiriman {
            dikirim_pada: Utc::now(),
            dikirim_oleh: oleh.into(),
            sumber: "formulir".into(),
            alasan: None,
            peringatan: String::new(),
            unggahan_id: None,
        };
        let mut rows = Vec::new();
        for k in [&kel, &kel_lain] {
            let mut l = terakhir[k].clone();
            l.periode = "2026-10".parse().unwrap();
            rows.push((l, kirim("op.uji")));
        }
        data::simpan::laporan::simpan(&app.db, &rows, pantau_tests::uji())
            .await
            .unwrap();
        // The camat returns the first, with a note.
        let p = Pelaku::sistem("uji");
        let periode = "2026-10".parse().unwrap();
        data::simpan::persetujuan::langkah(
            &app.db,
            &kel,
            periode,
            1,
            Dikembalikan,
            "Camat Uji",
            &p,
            "Omzet naik sepuluh kali lipat: lampirkan bukti penjualan.",
        )
        .await
        .unwrap();
        let log = Pengirim::log_saja();
        let kini = Utc::now();
        app.pantau
            .jalankan_aturan(kini, &log, "https://p.example")
            .await
            .unwrap();
        let kembali = dari_aturan(&app, "Laporan dikembalikan").await;
        let mut siapa: Vec<_> = kembali.iter().map(|p| p.penerima.as_str()).collect();
        siapa.sort();
        assert_eq!(siapa, ["lurah.uji", "op.uji"]);
        assert!(
            kembali[0].isi.contains("lampirkan bukti penjualan")
                && kembali[0].isi.contains("Camat Uji")
        );
        assert_eq!(
            kembali[0].tautan,
            format!("https://p.example/laporan/{kel}/2026-10")
        );
        // Sent again and returned again: a second message (another step).
        let mut l = terakhir[&kel].clone();
        l.periode = periode;
        let mut k2 = kirim("op.uji");
        k2.alasan = Some("Bukti dilampirkan".into());
        data::simpan::laporan::simpan(&app.db, &[(l, k2)], pantau_tests::uji())
            .await
            .unwrap();
        data::simpan::persetujuan::langkah(
            &app.db,
            &kel,
            periode,
            2,
            Dikembalikan,
            "Camat Uji",
            &p,
            "Masih belum ada bukti.",
        )
        .await
        .unwrap();
        app.pantau
            .jalankan_aturan(kini, &log, "https://p.example")
            .await
            .unwrap();
        assert_eq!(dari_aturan(&app, "Laporan dikembalikan").await.len(), 4);
        // Nothing about waiting yet: the other report waits a day.
        assert!(
            dari_aturan(&app, "Menunggu verifikasi ≥ 7 hari")
                .await
                .is_empty()
        );
        // Eight days on, the camat is told; fifteen days on, the Dinas too,
        // with the camat named; once a week each.
        let hari = |n| kini + chrono::Duration::days(n);
        app.pantau
            .jalankan_aturan(hari(8), &log, "https://p.example")
            .await
            .unwrap();
        app.pantau
            .jalankan_aturan(hari(8), &log, "https://p.example")
            .await
            .unwrap();
        let tunggu = dari_aturan(&app, "Menunggu verifikasi ≥ 7 hari").await;
        assert_eq!(tunggu.len(), 1, "{tunggu:?}");
        assert_eq!(tunggu[0].penerima, "camat.uji");
        let nama = &app.pantau.wilayah().kelurahan(&kel_lain).unwrap().nama;
        assert!(
            tunggu[0].isi.contains(&format!(
                "Kelurahan {nama}, laporan Oktober 2026: menunggu 8 hari"
            )),
            "{}",
            tunggu[0].isi
        );
        assert!(
            dari_aturan(&app, "Menunggu verifikasi ≥ 14 hari")
                .await
                .is_empty()
        );
        app.pantau
            .jalankan_aturan(hari(15), &log, "https://p.example")
            .await
            .unwrap();
        let lama = dari_aturan(&app, "Menunggu verifikasi ≥ 14 hari").await;
        assert_eq!(
            lama.iter().map(|p| p.penerima.as_str()).collect::<Vec<_>>(),
            ["uji.admin"]
        );
        assert!(
            lama[0].isi.contains("camat: Penguji Camat") && lama[0].isi.contains(nama.as_str())
        );
        assert_eq!(
            dari_aturan(&app, "Menunggu verifikasi ≥ 7 hari")
                .await
                .len(),
            2,
            "a week later, again"
        );
        app.finish().await;
    }
);

on_both!(
    tindak_lanjut_items_are_chased_before_and_after_their_due_date,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let items = data::simpan::ruang::tindak_semua(&app.db).await.unwrap();
        let t = items
            .iter()
            .find(|t| t.status != "selesai" && t.kecamatan_code.is_some())
            .expect("an open item of a kecamatan in the demo");
        let tenggat = chrono::NaiveDate::parse_from_str(&t.tenggat, "%Y-%m-%d").unwrap();
        let pada = |d: chrono::NaiveDate| d.and_hms_opt(3, 0, 0).unwrap().and_utc();
        let camat = format!(
            "camat.tl.{}",
            t.kecamatan_code.as_deref().unwrap().replace('.', "-")
        );
        app.sesi_untuk(&camat, Peran::Camat, t.kecamatan_code.as_deref())
            .await;
        let log = Pengirim::log_saja();
        app.pantau
            .jalankan_aturan(
                pada(tenggat - chrono::Duration::days(3)),
                &log,
                "https://p.example",
            )
            .await
            .unwrap();
        let h3: Vec<_> = dari_aturan(&app, "Tindak lanjut jatuh tempo H-3")
            .await
            .into_iter()
            .filter(|p| p.tautan.ends_with(&format!("#tl-{}", t.id)))
            .collect();
        let mut siapa: Vec<_> = h3.iter().map(|p| p.penerima.clone()).collect();
        siapa.sort();
        assert_eq!(siapa, [camat.clone(), "dinas".into(), "uji.admin".into()]);
        assert!(h3[0].isi.contains(&t.penanggung_jawab), "{}", h3[0].isi);
        // The day after the due date: overdue, the pimpinan told too.
        app.pantau
            .jalankan_aturan(
                pada(tenggat + chrono::Duration::days(1)),
                &log,
                "https://p.example",
            )
            .await
            .unwrap();
        let lewat: Vec<_> = dari_aturan(&app, "Tindak lanjut lewat tenggat")
            .await
            .into_iter()
            .filter(|p| p.tautan.ends_with(&format!("#tl-{}", t.id)))
            .collect();
        assert!(lewat.iter().any(|p| p.penerima == "pimpinan"), "{lewat:?}");
        assert!(lewat[0].isi.contains("lewat tenggat") && lewat[0].isi.contains("(1 hari)"));
        // Done: nothing more about it.
        let jumlah = app.pantau.kotak_keluar(None).await.unwrap().pesan.len();
        data::simpan::ruang::ubah_tindak(
            &app.db,
            t.id,
            "selesai",
            "beres",
            &Utc::now().to_rfc3339(),
            &Pelaku::sistem("uji"),
            &data::inti::jejak::Entri::baru("tindak.ubah", format!("tindak_lanjut/{}", t.id)),
        )
        .await
        .unwrap();
        app.pantau
            .jalankan_aturan(
                pada(tenggat + chrono::Duration::days(2)),
                &log,
                "https://p.example",
            )
            .await
            .unwrap();
        let semua = app.pantau.kotak_keluar(None).await.unwrap().pesan;
        assert!(
            semua[..semua.len() - jumlah]
                .iter()
                .all(|p| !p.tautan.ends_with(&format!("#tl-{}", t.id))),
            "no message about a finished item"
        );
        app.finish().await;
    }
);

on_both!(
    the_weekly_briefing_pack_reaches_the_pimpinan_once_a_week_with_its_pdf,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        kontak(&app, "pimpinan", "walikota@palembang.go.id", "")
            .await
            .unwrap();
        let (port, kotak) = server_smtp().await;
        let pengirim = pengirim_smtp(port, "pantau@palembang.go.id", 10);
        let url = "https://p.example";
        // Monday 7 December 2026, 06.00 WIB: not yet; 08.00 WIB: due.
        let senin =
            |h| Utc.with_ymd_and_hms(2026, 12, 6, 23, 0, 0).unwrap() + chrono::Duration::hours(h);
        assert_eq!(
            app.pantau
                .jalankan_paket(senin(0), &pengirim, url)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            app.pantau
                .jalankan_paket(senin(2), &pengirim, url)
                .await
                .unwrap(),
            1
        );
        // Later the same week: nothing more.
        assert_eq!(
            app.pantau
                .jalankan_paket(senin(50), &pengirim, url)
                .await
                .unwrap(),
            0
        );
        let h = app.pantau.kirim_antrean(&pengirim, senin(2)).await.unwrap();
        assert_eq!(h.terkirim, 1);
        let surat = kotak.diterima();
        assert_eq!(surat.len(), 1);
        assert_eq!(surat[0].ke, ["walikota@palembang.go.id"]);
        let d = &surat[0].data;
        assert!(
            d.contains("application/pdf") && d.contains("bahan-briefing-"),
            "{}",
            &d[..d.len().min(2000)]
        );
        assert!(
            d.contains("SHA-256 berkas: ") && d.contains("Hash data: "),
            "the hashes are in the text"
        );
        let k = app.pantau.kotak_keluar(Some("terkirim")).await.unwrap();
        assert!(
            k.pesan[0].lampiran.starts_with("bahan-briefing-")
                && k.pesan[0].aturan == "Bahan Briefing mingguan"
        );
        // The next Monday: the next week's pack.
        assert_eq!(
            app.pantau
                .jalankan_paket(senin(24 * 7 + 2), &pengirim, url)
                .await
                .unwrap(),
            1
        );
        app.finish().await;
    }
);

/// Every kecamatan's targets in month `p`, as the rules read them.
async fn target_kecamatan(
    app: &TestApp,
    p: model::Periode,
) -> Vec<(String, Vec<model::view::Capaian>)> {
    app.pantau
        .isi(Some(p))
        .await
        .unwrap()
        .kecamatan
        .into_iter()
        .map(|k| (k.code, k.target))
        .collect()
}

on_both!(
    a_kecamatan_falling_behind_reaches_its_camat_and_the_dinas_once,
    |backend: Backend| async move {
        use model::status::StatusTarget::Tertinggal;
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // The newest accepted month, and the month after it.
        let lalu_p = app.pantau.isi(None).await.unwrap().periode.unwrap();
        let p = lalu_p.next();
        // The kecamatan with the most targets on track in the newest month.
        let lalu = target_kecamatan(&app, lalu_p).await;
        let (kec, _) = lalu
            .iter()
            .max_by_key(|(_, t)| t.iter().filter(|c| c.status != Tertinggal).count())
            .unwrap()
            .clone();
        let camat = "camat.turun";
        app.sesi_untuk(camat, Peran::Camat, Some(&kec)).await;
        app.sesi_untuk(
            "camat.lain",
            Peran::Camat,
            Some(if kec == KEC { "16.71.01" } else { KEC }),
        )
        .await;
        let log = Pengirim::log_saja();
        let url = "https://p.example";
        let kini = Utc::now();
        app.pantau.jalankan_aturan(kini, &log, url).await.unwrap();
        let sebelum = dari_aturan(&app, "Indikator kecamatan menjadi tertinggal").await;
        // The next month is accepted, its KKMP reporting what they had in
        // their first month: the kecamatan falls behind its trajectory.
        let w = data::inti::wilayah::Wilayah::embedded().unwrap();
        let mut awal = std::collections::BTreeMap::new();
        for (l, _) in data::inti::demo::generate(&w, &Default::default()).laporan {
            awal.entry(l.kelurahan_code.clone()).or_insert(l);
        }
        let rows: Vec<_> = awal
            .into_values()
            .filter(|l| w.kelurahan(&l.kelurahan_code).unwrap().kecamatan_code == kec)
            .map(|mut l| {
                l.periode = p;
                (
                    l,
                    data::inti::laporan::Pengiriman {
                        dikirim_pada: Utc::now(),
                        dikirim_oleh: "op".into(),
                        sumber: "formulir".into(),
                        alasan: Some("Laporan bulan berikutnya".into()),
                        peringatan: String::new(),
                        unggahan_id: None,
                    },
                )
            })
            .collect();
        data::simpan::laporan::simpan(&app.db, &rows, pantau_tests::uji())
            .await
            .unwrap();
        pantau_tests::terima_semua(&app.db).await;
        let turun = data::inti::pesan::StatusKecamatan {
            periode: p,
            kini: target_kecamatan(&app, p).await,
            lalu,
        }
        .turun();
        let di_kec: Vec<_> = turun.iter().filter(|t| t.kecamatan_code == kec).collect();
        assert!(!di_kec.is_empty(), "the correction makes a fall to tell");
        app.pantau.jalankan_aturan(kini, &log, url).await.unwrap();
        let baru: Vec<_> = dari_aturan(&app, "Indikator kecamatan menjadi tertinggal")
            .await
            .into_iter()
            .filter(|m| !sebelum.iter().any(|s| s.id == m.id))
            .collect();
        let ke_camat: Vec<_> = baru.iter().filter(|m| m.penerima == camat).collect();
        assert_eq!(ke_camat.len(), 1, "{baru:?}");
        for t in &di_kec {
            assert!(
                ke_camat[0].isi.contains(&t.capaian.indikator_nama),
                "{}: {}",
                t.capaian.indikator_nama,
                ke_camat[0].isi
            );
        }
        // Scoped: the other camat hears nothing of this kecamatan; the
        // Dinas hears of every fall.
        let nama_kec = &app.pantau.wilayah().kecamatan(&kec).unwrap().nama;
        assert!(
            baru.iter()
                .filter(|m| m.penerima == "camat.lain")
                .all(|m| !m.isi.contains(nama_kec.as_str()))
        );
        assert!(
            baru.iter()
                .any(|m| m.penerima == "dinas" && m.isi.contains(nama_kec.as_str())),
            "{baru:?}"
        );
        assert!(baru.iter().all(|m| m.penerima != "pimpinan"));
        // Once per change: the next pass, the next day, tell it again to
        // nobody.
        let n = dari_aturan(&app, "Indikator kecamatan menjadi tertinggal")
            .await
            .len();
        for hari in [0, 1] {
            app.pantau
                .jalankan_aturan(kini + chrono::Duration::days(hari), &log, url)
                .await
                .unwrap();
            assert_eq!(
                dari_aturan(&app, "Indikator kecamatan menjadi tertinggal")
                    .await
                    .len(),
                n
            );
        }
        app.finish().await;
    }
);

on_both!(
    a_frozen_meeting_sends_its_pack_to_the_participants_chosen_once,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        app.sesi_untuk("camat.paket", Peran::Camat, Some(KEC)).await;
        app.sesi_untuk("irban.paket", Peran::Inspektorat, None)
            .await;
        kontak(&app, "pimpinan", "walikota@palembang.go.id", "")
            .await
            .unwrap();
        let (port, kotak) = server_smtp().await;
        let pengirim = pengirim_smtp(port, "pantau@palembang.go.id", 10);
        let url = "https://p.example";
        // Frozen through the form, as the Dinas does: pimpinan and camat
        // ticked, the Inspektorat not.
        app.masuk_sebagai(Peran::Admin, None).await;
        let (status, lokasi) = app
            .post_html(
                "/api/simpan_cuplikan",
                "jenis=rapat&judul=Rapat+uji+paket&tanggal=2026-12-04&peserta_pimpinan=on&peserta_camat=on",
                "/rapat",
            )
            .await;
        assert_eq!(status.as_u16(), 302);
        let id: i64 = lokasi.strip_prefix("/rapat?id=").unwrap().parse().unwrap();
        let (_, html) = app.get(&lokasi).await;
        assert!(
            html.contains(
                "Paket rapat dikirim otomatis ke peserta: Pimpinan (Wali Kota, Sekda), Camat."
            ),
            "the page names who gets the pack"
        );
        let kini = Utc::now();
        app.pantau
            .jalankan_aturan(kini, &pengirim, url)
            .await
            .unwrap();
        let tautan = format!("{url}/rapat?id={id}");
        let paket: Vec<_> = dari_aturan(&app, "Paket rapat")
            .await
            .into_iter()
            .filter(|m| m.tautan == tautan)
            .collect();
        let siapa: std::collections::BTreeSet<_> =
            paket.iter().map(|m| m.penerima.clone()).collect();
        assert!(
            siapa.contains("pimpinan") && siapa.contains("camat.paket"),
            "{siapa:?}"
        );
        assert!(
            !siapa.contains("irban.paket") && !siapa.contains("dinas"),
            "{siapa:?}"
        );
        // Once: the next pass queues nothing more for it.
        app.pantau
            .jalankan_aturan(kini, &pengirim, url)
            .await
            .unwrap();
        assert_eq!(
            dari_aturan(&app, "Paket rapat")
                .await
                .iter()
                .filter(|m| m.tautan == tautan)
                .count(),
            paket.len()
        );
        // The e-mail carries the PDF and both hashes; the data hash is the
        // meeting's.
        while app
            .pantau
            .kirim_antrean(&pengirim, kini)
            .await
            .unwrap()
            .terkirim
            > 0
        {}
        let hash = app.pantau.cuplikan_isi(id).await.unwrap().0.hash;
        let surat: Vec<_> = kotak
            .diterima()
            .into_iter()
            .filter(|s| s.ke == ["walikota@palembang.go.id"] && s.data.contains("Paket rapat"))
            .collect();
        assert_eq!(surat.len(), 1);
        let d = &surat[0].data;
        assert!(
            d.contains("application/pdf")
                && d.contains(&format!("paket-rapat-{id}-2026-12-04.pdf"))
        );
        assert!(
            d.contains(&format!("Hash data: {hash}")),
            "{}",
            &d[..d.len().min(1500)]
        );
        // A camat appointed later gets the pack while the meeting is recent,
        // not once it is a week old.
        app.sesi_untuk("camat.baru", Peran::Camat, Some("16.71.01"))
            .await;
        let untuk_baru = || async {
            dari_aturan(&app, "Paket rapat")
                .await
                .iter()
                .filter(|m| m.tautan == tautan && m.penerima == "camat.baru")
                .count()
        };
        app.pantau
            .jalankan_aturan(kini + chrono::Duration::days(8), &pengirim, url)
            .await
            .unwrap();
        assert_eq!(untuk_baru().await, 0);
        app.pantau
            .jalankan_aturan(kini, &pengirim, url)
            .await
            .unwrap();
        assert_eq!(untuk_baru().await, 1);
        app.finish().await;
    }
);

on_both!(
    the_sekda_gets_a_weekly_digest_of_exceptions_once_a_week,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, false).await else {
            return;
        };
        akun(&app).await;
        sekda(&app).await;
        let log = Pengirim::log_saja();
        let url = "https://p.example";
        // Monday 14 December 2026: no report for November (due the 10th).
        let senin = |jam_wib: i64| {
            Utc.with_ymd_and_hms(2026, 12, 14, 0, 0, 0).unwrap()
                + chrono::Duration::hours(jam_wib - 7)
        };
        app.pantau
            .jalankan_aturan(senin(6), &log, url)
            .await
            .unwrap();
        assert!(
            dari_aturan(&app, "Ringkasan pengecualian mingguan")
                .await
                .is_empty(),
            "not before 07.00"
        );
        app.pantau
            .jalankan_aturan(senin(8), &log, url)
            .await
            .unwrap();
        let r = dari_aturan(&app, "Ringkasan pengecualian mingguan").await;
        assert_eq!(
            r.iter().map(|m| m.penerima.as_str()).collect::<Vec<_>>(),
            ["sekda.uji"]
        );
        assert!(
            r[0].isi
                .contains("107 KKMP belum melapor untuk November 2026"),
            "{}",
            r[0].isi
        );
        // Later the same week: no second digest; the next Monday: the next.
        app.pantau
            .jalankan_aturan(senin(8 + 24 * 3), &log, url)
            .await
            .unwrap();
        assert_eq!(
            dari_aturan(&app, "Ringkasan pengecualian mingguan")
                .await
                .len(),
            1
        );
        app.pantau
            .jalankan_aturan(senin(8 + 24 * 7), &log, url)
            .await
            .unwrap();
        assert_eq!(
            dari_aturan(&app, "Ringkasan pengecualian mingguan")
                .await
                .len(),
            2
        );
        app.finish().await;
    }
);
