//! The three rooms end to end through the router: the briefing PDF read
//! back, the meeting's snapshot, ledger and carried items, the XLSX pack
//! re-read against the dashboard, the evidence ZIP verified and tampered
//! with, anomalies followed up, and support logged — with refused input
//! leaving nothing behind.

use calamine::{Data, DataType, Reader, Xlsx};
use data::berkas::paket::BARIS_KOTA;
use data::berkas::paket::KOLOM_KECAMATAN;
use data::berkas::paket::LEMBAR_KECAMATAN;
use model::akun::Peran;
use model::ruang::{HalamanAudit, HalamanRapat};
use pantau_tests::{Backend, TestApp, dump, enc, on_both};
use std::io::Cursor;

/// GET a file: status, content type and bytes.
async fn berkas(app: &TestApp, path: &str) -> (http::StatusCode, String, Vec<u8>) {
    let req = http::Request::builder()
        .uri(path)
        .body(axum::body::Body::empty())
        .expect("request");
    let (status, headers, bytes) = app.kirim(req).await;
    let jenis = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, jenis, bytes)
}

/// The text of every page of a PDF.
fn teks_pdf(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf can read");
    let n = doc.get_pages().len() as u32;
    (1..=n)
        .map(|i| doc.extract_text(&[i]).expect("text"))
        .collect()
}

fn angka(x: i64) -> String {
    model::format::angka(x)
}

on_both!(
    briefing_pdf_reads_back_with_cutoff_and_hash_on_every_page,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        app.masuk_sebagai(Peran::Pimpinan, None).await;
        let (status, jenis, pdf) = berkas(&app, "/briefing/bahan.pdf").await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
        assert_eq!(jenis, "application/pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let halaman = teks_pdf(&pdf);
        assert!(
            (1..=3).contains(&halaman.len()),
            "A4, one to three pages: {} pages",
            halaman.len()
        );
        // The hash printed is the hash of the figures the dashboards show.
        let isi = app.pantau.isi(None).await.expect("figures");
        let (_, hash) = data::inti::ruang::kanonik(&isi).expect("hash");
        for (i, t) in halaman.iter().enumerate() {
            assert!(t.contains(&hash), "page {} lacks the data hash", i + 1);
            assert!(t.contains("Data per"), "page {} lacks the cut-off", i + 1);
            assert!(t.contains("WIB"), "page {} lacks the cut-off time", i + 1);
            assert!(
                t.contains(&format!("Halaman {} dari {}", i + 1, halaman.len())),
                "page {} lacks its number",
                i + 1
            );
        }
        let semua = halaman.join("\n");
        assert!(
            semua.contains("Proyeksi") && semua.contains("Dengan laju 3 bulan"),
            "the headline target's projection is printed"
        );
        let kota = app
            .pantau
            .dashboard_kota(None, None, None, false)
            .await
            .expect("dashboard");
        assert!(semua.contains("Bahan Briefing Wali Kota"));
        assert!(semua.contains("DATA CONTOH"));
        assert!(semua.contains(&format!(
            "{} dari {}",
            angka(kota.kota.badan_hukum),
            angka(kota.kota.kkmp)
        )));
        assert!(semua.contains(&kota.konteks.periode.label()));
        assert!(semua.contains("Sukarami"));
        assert!(semua.contains("Lima kecamatan terbaik"));
        assert!(semua.contains("Yang berubah sejak briefing lalu"));
        // The download is in the audit trail with its hash.
        let jejak = data::simpan::jejak::daftar(&app.db, None, Some("paket.unduh"), 10)
            .await
            .expect("trail");
        assert!(jejak.iter().any(|b| b.sesudah.contains(&hash)));

        // A briefing saved; the next one compares against it.
        let (s, lokasi) = app
            .post_html(
                "/api/simpan_cuplikan",
                "jenis=briefing&judul=Briefing+uji&tanggal=2026-11-02",
                "/briefing",
            )
            .await;
        assert!(s.is_redirection(), "{s} {lokasi}");
        assert!(lokasi.starts_with("/briefing?tersimpan="), "{lokasi}");
        let (b, _) = app.pantau.briefing().await.expect("briefing");
        let sejak = b.perubahan.sejak.expect("compared with the saved one");
        assert_eq!(sejak.judul, "Briefing uji");
        assert!(sejak.utuh);
        assert!(b.perubahan.angka.iter().all(|a| a.selisih == "tetap"));
        app.finish().await;
    }
);

on_both!(
    meeting_snapshot_ledger_carry_over_and_xlsx_totals,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        // Refused input: a bad date; nothing stored.
        let sebelum = dump(&app.db).await;
        let (s, lokasi) = app
            .post_html(
                "/api/simpan_cuplikan",
                "jenis=rapat&judul=Rapat+uji&tanggal=29-11-2026",
                "/rapat",
            )
            .await;
        assert!(s.is_redirection());
        let token = lokasi.split("galat=").nth(1).expect("message token");
        let (_, pesan) = app.api("/api/pesan", &format!("token={token}")).await;
        assert!(
            pesan.contains("Tanggal: '29-11-2026' bukan tanggal"),
            "{pesan}"
        );
        let mut sesudah = dump(&app.db).await;
        sesudah.retain(|r| !r.contains("pesan"));
        let mut sebelum2 = sebelum.clone();
        sebelum2.retain(|r| !r.contains("pesan"));
        assert_eq!(
            sebelum2
                .iter()
                .filter(|r| r.starts_with("-- cuplikan"))
                .collect::<Vec<_>>(),
            sesudah
                .iter()
                .filter(|r| r.starts_with("-- cuplikan"))
                .collect::<Vec<_>>()
        );

        let (_, lokasi) = app
            .post_html(
                "/api/simpan_cuplikan",
                "jenis=rapat&judul=Rapat+pertama&tanggal=2026-11-02",
                "/rapat",
            )
            .await;
        let r1: i64 = lokasi
            .trim_start_matches("/rapat?id=")
            .parse()
            .expect(&lokasi);
        // Two items: one due before the next meeting, one done.
        for (uraian, tenggat) in [
            ("Percepat NIB", "2026-11-10"),
            ("Rapikan laporan", "2026-11-20"),
        ] {
            let (s, lokasi) = app
                .post_html(
                    "/api/tambah_tindak",
                    &format!(
                        "rapat_id={r1}&uraian={}&wilayah=16.71.07&indikator=badan_hukum&penanggung_jawab={}&tenggat={tenggat}",
                        enc(uraian),
                        enc("Camat Sukarami")
                    ),
                    "/rapat",
                )
                .await;
            assert!(s.is_redirection() && lokasi.contains("tindak="), "{lokasi}");
        }
        // A refused item names its field and stores nothing.
        let n_tindak = dump(&app.db)
            .await
            .iter()
            .filter(|r| r.starts_with("-- tindak_lanjut"))
            .cloned()
            .collect::<Vec<_>>();
        let (_, lokasi) = app
            .post_html(
                "/api/tambah_tindak",
                &format!("rapat_id={r1}&uraian=&wilayah=16.71.99&indikator=&penanggung_jawab=x&tenggat=besok"),
                "/rapat",
            )
            .await;
        let token = lokasi.split("galat=").nth(1).expect("message token");
        let (_, pesan) = app.api("/api/pesan", &format!("token={token}")).await;
        for bagian in [
            "Uraian: wajib diisi",
            "Tenggat: 'besok'",
            "Wilayah: kode '16.71.99'",
        ] {
            assert!(pesan.contains(bagian), "{pesan}");
        }
        assert_eq!(
            n_tindak,
            dump(&app.db)
                .await
                .iter()
                .filter(|r| r.starts_with("-- tindak_lanjut"))
                .cloned()
                .collect::<Vec<_>>()
        );

        let (_, body) = app.api("/api/rapat", &format!("id={r1}")).await;
        let h: HalamanRapat = serde_json::from_str(&body).expect(&body);
        let d = h.detail.expect("meeting");
        assert_eq!(d.tindak_lanjut.len(), 2);
        let selesai = d
            .tindak_lanjut
            .iter()
            .find(|t| t.uraian == "Rapikan laporan")
            .expect("item")
            .id;
        let (s, _) = app
            .post_html(
                "/api/ubah_tindak",
                &format!("id={selesai}&rapat_id={r1}&status=selesai&catatan=sudah"),
                "/rapat",
            )
            .await;
        assert!(s.is_redirection());

        // The next meeting carries the open item, overdue at its date.
        let (_, lokasi) = app
            .post_html(
                "/api/simpan_cuplikan",
                "jenis=rapat&judul=Rapat+kedua&tanggal=2026-11-29",
                "/rapat",
            )
            .await;
        let r2: i64 = lokasi
            .trim_start_matches("/rapat?id=")
            .parse()
            .expect(&lokasi);
        let (_, body) = app.api("/api/rapat", &format!("id={r2}")).await;
        let h: HalamanRapat = serde_json::from_str(&body).expect(&body);
        let d = h.detail.expect("meeting");
        // The demo's own meeting carries its open items too; of ours, the
        // open one is carried (overdue), the closed one is not.
        let ours: Vec<_> = d.terbawa.iter().filter(|t| t.rapat_id == r1).collect();
        assert_eq!(ours.len(), 1, "{:?}", d.terbawa);
        assert_eq!(ours[0].uraian, "Percepat NIB");
        assert!(ours[0].lewat, "due 10 Nov, meeting 29 Nov");
        assert_eq!(ours[0].rapat_judul, "Rapat pertama");
        assert!(d.terbawa.iter().all(|t| t.status != "selesai"));
        assert_eq!(d.perubahan.sejak.as_ref().map(|c| c.id), Some(r1));
        assert!(d.rapat.utuh);
        assert!(h.rapat.iter().any(|r| r.id == r1) && h.rapat[0].id == r2);

        // The XLSX pack: its city row equals the dashboard and the sum of
        // the kecamatan rows, column by column.
        let (status, jenis, xlsx) = berkas(&app, &format!("/rapat/{r2}/paket.xlsx")).await;
        assert_eq!(status, 200);
        assert!(jenis.contains("spreadsheetml"));
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx)).expect("xlsx");
        let ws = wb.worksheet_range(LEMBAR_KECAMATAN).expect("sheet");
        let rows: Vec<&[Data]> = ws.rows().collect();
        let kota_row = rows
            .iter()
            .find(|r| r.get(1).map(|c| c.to_string()) == Some(BARIS_KOTA.to_string()))
            .expect("city row");
        let kec_rows: Vec<&&[Data]> = rows[1..]
            .iter()
            .filter(|r| {
                r.first()
                    .is_some_and(|c| c.to_string().matches('.').count() == 2)
            })
            .collect();
        assert_eq!(kec_rows.len(), 18);
        let kota = app
            .pantau
            .dashboard_kota(Some(d.rapat.periode), None, None, false)
            .await
            .expect("dashboard");
        let num = |c: &Data| c.as_f64().expect("number") as i64;
        for (j, (judul, f)) in KOLOM_KECAMATAN.iter().enumerate() {
            let c = j + 2;
            let jumlah: i64 = kec_rows.iter().map(|r| num(&r[c])).sum();
            assert_eq!(
                num(&kota_row[c]),
                f(&kota.kota),
                "{judul}: city row vs dashboard"
            );
            assert_eq!(
                jumlah,
                f(&kota.kota),
                "{judul}: sum of kecamatan vs dashboard"
            );
        }
        let ringkasan = wb.worksheet_range("Ringkasan").expect("sheet");
        let meta: Vec<String> = ringkasan
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        assert!(meta.iter().any(|l| l.contains(&d.rapat.hash)));
        assert!(
            meta.iter()
                .any(|l| l.starts_with("Data per|") && l.contains("WIB"))
        );
        let tindak = wb.worksheet_range("Tindak lanjut").expect("sheet");
        assert!(
            tindak
                .rows()
                .any(|r| r.iter().any(|c| c.get_string() == Some("Percepat NIB")))
        );

        // The PDF pack reads back with the snapshot's hash on every page.
        let (status, _, pdf) = berkas(&app, &format!("/rapat/{r2}/paket.pdf")).await;
        assert_eq!(status, 200);
        let halaman = teks_pdf(&pdf);
        assert!(halaman.iter().all(|t| t.contains(&d.rapat.hash)));
        let semua = halaman.join("\n");
        let bagian = semua
            .split("Tindak lanjut rapat sebelumnya")
            .nth(1)
            .unwrap_or_default();
        assert!(
            bagian.contains("Percepat NIB") && bagian.contains("LEWAT TENGGAT"),
            "carried items in the PDF: {bagian}"
        );
        assert!(semua.contains("Kelengkapan dan ketepatan laporan per camat"));
        app.finish().await;
    }
);

on_both!(
    evidence_zip_verifies_and_any_tampering_fails,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        app.masuk_sebagai(Peran::Inspektorat, None).await;
        let kel = "16.71.07.1011";
        let (status, jenis, zip) = berkas(
            &app,
            &format!("/audit/bukti.zip?kelurahan={kel}&dari=2025-05&sampai=2026-10"),
        )
        .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&zip));
        assert_eq!(jenis, "application/zip");
        let h = data::berkas::bukti::verifikasi(&zip).expect("verifies");
        let versi = data::simpan::laporan::semua_versi(&app.db, kel)
            .await
            .expect("versions");
        let csv = h
            .manifest
            .berkas
            .iter()
            .filter(|b| b.nama.ends_with(".csv"))
            .count();
        let json = h
            .manifest
            .berkas
            .iter()
            .filter(|b| b.nama.starts_with("laporan/") && b.nama.ends_with(".json"))
            .count();
        assert_eq!(
            (csv, json),
            (versi.len(), versi.len()),
            "every version as CSV and JSON"
        );
        for nama in ["persetujuan.json", "jejak_audit.json", "intervensi.json"] {
            assert!(h.manifest.berkas.iter().any(|b| b.nama == nama), "{nama}");
        }
        // Flip bytes across the whole archive: every change is caught.
        for i in (0..zip.len()).step_by(97) {
            let mut t = zip.clone();
            t[i] = t[i].wrapping_add(1);
            assert!(
                data::berkas::bukti::verifikasi(&t).is_err(),
                "byte {i} changed, still verified"
            );
        }
        // The export is in the audit trail with the archive's hash.
        let jejak = data::simpan::jejak::daftar(&app.db, None, Some("bukti.ekspor"), 5)
            .await
            .expect("trail");
        assert!(jejak[0].sesudah.contains(&h.sha256_zip));
        // Bad requests name the parameter.
        let (s, _, body) = berkas(
            &app,
            "/audit/bukti.zip?kelurahan=16.71.07.1011&dari=2026-13&sampai=2026-10",
        )
        .await;
        assert_eq!(s, 400);
        assert!(String::from_utf8_lossy(&body).contains("Parameter 'dari'"));
        let (s, _, body) = berkas(
            &app,
            "/audit/bukti.zip?kelurahan=16.71.07.9999&dari=2026-01&sampai=2026-10",
        )
        .await;
        assert_eq!(s, 404, "{}", String::from_utf8_lossy(&body));
        app.finish().await;
    }
);

on_both!(
    anomalies_followed_up_and_support_logged,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        app.masuk_sebagai(Peran::Inspektorat, None).await;
        let (_, body) = app.api("/api/audit", "").await;
        let h: HalamanAudit = serde_json::from_str(&body).expect(&body);
        // The demo's planted anomalies are found.
        for jenis in [
            "pencilan_riwayat",
            "nilai_kembar",
            "nilai_bulat",
            "omzet_tanpa_gerai",
        ] {
            assert!(h.anomali.iter().any(|a| a.jenis == jenis), "no {jenis}");
        }
        assert!(h.jejak_utuh, "{}", h.jejak_pesan);
        assert_eq!(h.risiko[0].peringkat, 1);
        assert!(h.risiko.windows(2).all(|w| w[0].skor >= w[1].skor));
        let a = h
            .anomali
            .iter()
            .find(|a| a.jenis == "nilai_kembar")
            .expect("twin")
            .clone();
        // No note, no mark.
        let (_, lokasi) = app
            .post_html(
                "/api/tindak_anomali",
                &format!("kunci={}&catatan=", enc(&a.kunci)),
                "/audit",
            )
            .await;
        assert!(lokasi.contains("galat="), "{lokasi}");
        let (_, lokasi) = app
            .post_html(
                "/api/tindak_anomali",
                &format!(
                    "kunci={}&catatan={}",
                    enc(&a.kunci),
                    enc("Dikonfirmasi ke lurah: salah salin")
                ),
                "/audit",
            )
            .await;
        assert!(lokasi.starts_with("/audit?ditindak=1"), "{lokasi}");
        let (_, body) = app.api("/api/audit", "").await;
        let h2: HalamanAudit = serde_json::from_str(&body).expect(&body);
        let b = h2
            .anomali
            .iter()
            .find(|x| x.kunci == a.kunci)
            .expect("same key after recompute");
        let (catatan, oleh, _) = b.tindak.clone().expect("followed up");
        assert_eq!(catatan, "Dikonfirmasi ke lurah: salah salin");
        assert!(oleh.starts_with("uji.inspektorat"));
        assert_eq!(h2.terbuka, h.terbuka - 1);
        // The Dinas may not mark anomalies; the Inspektorat may not log support.
        app.masuk_sebagai(Peran::Admin, None).await;
        let (s, _) = app
            .post_html(
                "/api/tindak_anomali",
                &format!("kunci={}&catatan=x", enc(&a.kunci)),
                "/audit",
            )
            .await;
        assert_eq!(s, 403);

        // Support logged by the Dinas shows on the KKMP and in the totals.
        let kel = "16.71.07.1011";
        let (_, body) = app
            .api("/api/intervensi_kkmp", &format!("kode={kel}"))
            .await;
        let awal: Vec<model::ruang::Intervensi> = serde_json::from_str(&body).expect(&body);
        let (b, _) = app.pantau.briefing().await.expect("briefing");
        let modal_awal = b
            .dukungan
            .iter()
            .find(|d| d.jenis == "bantuan_modal")
            .map_or((0, 0), |d| (d.kegiatan, d.nilai));
        let (_, lokasi) = app
            .post_html(
                "/api/catat_intervensi",
                &format!("kelurahan_code={kel}&tanggal=2026-03-15&jenis=bantuan_modal&nilai={}&peserta=&catatan={}", enc("Rp 25.000.000"), enc("Hibah modal gerai sembako")),
                "/intervensi",
            )
            .await;
        assert!(lokasi.starts_with("/intervensi?tersimpan="), "{lokasi}");
        let sebelum = dump(&app.db).await;
        let (_, lokasi) = app
            .post_html(
                "/api/catat_intervensi",
                &format!("kelurahan_code={kel}&tanggal=2099-01-01&jenis=hadiah&nilai=-5&peserta=&catatan="),
                "/intervensi",
            )
            .await;
        let token = lokasi.split("galat=").nth(1).expect("message token");
        let (_, pesan) = app.api("/api/pesan", &format!("token={token}")).await;
        for bagian in [
            "Tanggal: 2099-01-01 belum terjadi",
            "Jenis: 'hadiah'",
            "Nilai (Rp): '-5'",
            "Catatan: wajib diisi",
        ] {
            assert!(pesan.contains(bagian), "{pesan}");
        }
        let mut sesudah = dump(&app.db).await;
        sesudah.retain(|r| !r.contains("pesan"));
        let mut sebelum = sebelum;
        sebelum.retain(|r| !r.contains("pesan"));
        let intervensi = |d: &Vec<String>| {
            d.iter()
                .filter(|r| r.contains("Hibah") || r.starts_with("-- intervensi"))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(intervensi(&sebelum), intervensi(&sesudah));
        let (_, body) = app
            .api("/api/intervensi_kkmp", &format!("kode={kel}"))
            .await;
        let daftar: Vec<model::ruang::Intervensi> = serde_json::from_str(&body).expect(&body);
        assert_eq!(daftar.len(), awal.len() + 1);
        assert_eq!(daftar[0].nilai, Some(25_000_000), "newest first");
        let (b, _) = app.pantau.briefing().await.expect("briefing");
        let modal = b
            .dukungan
            .iter()
            .find(|d| d.jenis == "bantuan_modal")
            .expect("totals");
        assert_eq!(
            (modal.kegiatan, modal.nilai),
            (modal_awal.0 + 1, modal_awal.1 + 25_000_000)
        );
        // The operator of that KKMP sees it on the KKMP page.
        app.masuk_sebagai(Peran::Operator, Some(kel)).await;
        let (s, body) = app
            .api("/api/intervensi_kkmp", &format!("kode={kel}"))
            .await;
        assert_eq!(s, 200);
        assert!(body.contains("Hibah modal gerai sembako"));
        app.finish().await;
    }
);

on_both!(
    the_rooms_one_pass_agrees_with_every_kecamatan_page,
    |backend: Backend| async move {
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let isi = app.pantau.isi(None).await.expect("figures");
        let p = isi.periode.expect("a month with data");
        assert_eq!(isi.kecamatan.len(), 18);
        assert_eq!(isi.kkmp.len(), 107);
        for k in &isi.kecamatan {
            let d = app
                .pantau
                .dashboard_kecamatan(&k.code, Some(p), false)
                .await
                .expect("kecamatan page");
            assert_eq!(k.nama, d.nama);
            assert_eq!(k.ringkasan, d.ringkasan, "{}: totals", k.code);
            assert_eq!(k.target, d.target, "{}: targets", k.code);
            let milik: Vec<_> = isi
                .kkmp
                .iter()
                .filter(|b| b.kecamatan_code == k.code)
                .map(|b| b.baris.clone())
                .collect();
            assert_eq!(milik, d.kkmp, "{}: KKMP rows", k.code);
        }
        app.finish().await;
    }
);

on_both!(
    every_pack_carries_the_signed_audit_head,
    |backend: Backend| async move {
        // With the head anchored (key configured), the briefing PDF, the
        // meeting PDF and XLSX and the evidence ZIP print the chain's head
        // as it was when they left the system, with its Ed25519 signature.
        let Some(app) = TestApp::new(backend, true).await else {
            return;
        };
        let dir = std::env::temp_dir().join(format!(
            "pantau-paket-kepala-{}-{:?}",
            std::process::id(),
            backend
        ));
        let k =
            data::layanan::jangkar::KonfigJangkar::buka(&dir.join("kunci"), dir.join("jangkar"))
                .unwrap();
        let publik = k.kunci_publik();
        let pantau = data::layanan::Pantau::new(app.db.clone(), 10)
            .await
            .unwrap()
            .dengan_jangkar(k);
        let pelaku = data::inti::jejak::Pelaku::sistem("uji");
        let (nomor, hash) = data::simpan::jejak::kepala(&app.db).await.unwrap();
        let (_, pdf) = pantau.pdf_briefing(&pelaku).await.unwrap();
        let teks = teks_pdf(&pdf).join("\n");
        assert!(
            teks.contains("Kepala jejak audit bertanda tangan"),
            "{teks}"
        );
        assert!(teks.contains(&hash), "the head's hash is printed");
        assert!(teks.contains(&publik), "the public key is printed");
        assert!(teks.contains(&format!("berisi {nomor} entri")), "{teks}");
        // The briefing's own download was logged after it: the meeting
        // pack carries the newer head.
        let rapat = pantau.cuplikan("rapat").await.unwrap()[0].id;
        let (nomor2, hash2) = data::simpan::jejak::kepala(&app.db).await.unwrap();
        assert_eq!(nomor2, nomor + 1);
        let (_, pdf) = pantau.paket_rapat(rapat, false, &pelaku).await.unwrap();
        assert!(teks_pdf(&pdf).join("\n").contains(&hash2));
        let (_, xlsx) = pantau.paket_rapat(rapat, true, &pelaku).await.unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
        let ringkasan = wb.worksheet_range("Ringkasan").unwrap();
        let sel: Vec<String> = ringkasan
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .collect();
        assert!(sel.iter().any(|c| c.contains(&publik)), "{sel:?}");
        let (_, zip) = pantau
            .paket_bukti(
                "16.71.07.1011",
                model::Periode::parse("2026-01").unwrap(),
                model::Periode::parse("2026-03").unwrap(),
                &pelaku,
            )
            .await
            .unwrap();
        let h = data::berkas::bukti::verifikasi(&zip).expect("the package verifies");
        assert!(
            h.manifest
                .berkas
                .iter()
                .any(|b| b.nama == "kepala-jejak-audit.txt"),
            "{:?}",
            h.manifest.berkas
        );
        let _ = std::fs::remove_dir_all(&dir);
        app.finish().await;
    }
);
