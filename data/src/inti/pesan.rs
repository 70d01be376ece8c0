//! Messages the app sends on its own: reminders before the deadline, the
//! late list after it, the escalation (issue 17). Pure: which rule fires on
//! which day, who receives what, the idempotency key that keeps a message
//! from being queued twice, the retry schedule, and the checks of the
//! contact fields. The outbox is stored by `simpan::pesan` and delivered by
//! `kirim`.

use chrono::{Duration, NaiveDate};
use model::akun::Peran;
use model::periode::Periode;

use crate::inti::akun::Pengguna;
use crate::inti::wilayah::Wilayah;

/// A delivery channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Saluran {
    /// Written to the server's log only: the default when no channel is
    /// configured, or when the recipient has no address for one.
    Log,
    Surel,
    WhatsApp,
}

impl Saluran {
    pub const fn code(self) -> &'static str {
        match self {
            Saluran::Log => "log",
            Saluran::Surel => "surel",
            Saluran::WhatsApp => "whatsapp",
        }
    }

    pub fn from_code(s: &str) -> Option<Saluran> {
        [Saluran::Log, Saluran::Surel, Saluran::WhatsApp]
            .into_iter()
            .find(|x| x.code() == s)
    }

    pub const fn label(self) -> &'static str {
        match self {
            Saluran::Log => "Catatan server",
            Saluran::Surel => "Surel",
            Saluran::WhatsApp => "WhatsApp",
        }
    }
}

/// Where a message stands in the outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusPesan {
    /// Waiting for its (next) attempt.
    Antre,
    /// Taken by a worker, until its claim expires.
    Mengirim,
    Terkirim,
    /// Every attempt failed; the last reason is kept.
    Gagal,
}

impl StatusPesan {
    pub const SEMUA: [StatusPesan; 4] = [
        StatusPesan::Antre,
        StatusPesan::Mengirim,
        StatusPesan::Terkirim,
        StatusPesan::Gagal,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            StatusPesan::Antre => "antre",
            StatusPesan::Mengirim => "mengirim",
            StatusPesan::Terkirim => "terkirim",
            StatusPesan::Gagal => "gagal",
        }
    }

    pub fn from_code(s: &str) -> Option<StatusPesan> {
        Self::SEMUA.into_iter().find(|x| x.code() == s)
    }

    pub const fn label(self) -> &'static str {
        match self {
            StatusPesan::Antre => "Menunggu",
            StatusPesan::Mengirim => "Sedang dikirim",
            StatusPesan::Terkirim => "Terkirim",
            StatusPesan::Gagal => "Gagal",
        }
    }
}

/// A rule that makes messages around a month's reporting deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aturan {
    /// H-3: to the operator and lurah of each KKMP without a report.
    PengingatH3,
    /// H-1: the same, the day before.
    PengingatH1,
    /// H+1: to each camat, the kelurahan of their kecamatan still missing.
    TerlambatH1,
    /// H+5: to the Dinas and the pimpinan, every kecamatan with a missing
    /// report and its camat named.
    EskalasiH5,
    /// A report returned by the camat: to its operator and lurah, with the
    /// note.
    Dikembalikan,
    /// Reports waiting 7 days or more for verification: to the camat,
    /// weekly while they wait.
    Verifikasi7,
    /// Waiting 14 days or more: to the Dinas, with the camat named, weekly.
    Verifikasi14,
    /// A tindak lanjut item due in 3 days: to the camat of its kecamatan
    /// (if any) and the Dinas.
    TindakH3,
    /// A tindak lanjut item past its due date: the same, and the pimpinan.
    TindakLewat,
    /// Every Monday from 07.00 WIB: the "Bahan Briefing" PDF to the
    /// pimpinan, with its hashes.
    PaketBriefing,
}

impl Aturan {
    /// The rules around a month's reporting deadline.
    pub const BATAS: [Aturan; 4] = [
        Aturan::PengingatH3,
        Aturan::PengingatH1,
        Aturan::TerlambatH1,
        Aturan::EskalasiH5,
    ];

    pub const SEMUA: [Aturan; 10] = [
        Aturan::PengingatH3,
        Aturan::PengingatH1,
        Aturan::TerlambatH1,
        Aturan::EskalasiH5,
        Aturan::Dikembalikan,
        Aturan::Verifikasi7,
        Aturan::Verifikasi14,
        Aturan::TindakH3,
        Aturan::TindakLewat,
        Aturan::PaketBriefing,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Aturan::PengingatH3 => "pengingat-h3",
            Aturan::PengingatH1 => "pengingat-h1",
            Aturan::TerlambatH1 => "terlambat-h1",
            Aturan::EskalasiH5 => "eskalasi-h5",
            Aturan::Dikembalikan => "dikembalikan",
            Aturan::Verifikasi7 => "verifikasi-7",
            Aturan::Verifikasi14 => "verifikasi-14",
            Aturan::TindakH3 => "tindak-h3",
            Aturan::TindakLewat => "tindak-lewat",
            Aturan::PaketBriefing => "paket-briefing",
        }
    }

    pub fn from_code(s: &str) -> Option<Aturan> {
        Self::SEMUA.into_iter().find(|x| x.code() == s)
    }

    pub const fn label(self) -> &'static str {
        match self {
            Aturan::PengingatH3 => "Pengingat H-3",
            Aturan::PengingatH1 => "Pengingat H-1",
            Aturan::TerlambatH1 => "Daftar terlambat H+1",
            Aturan::EskalasiH5 => "Eskalasi H+5",
            Aturan::Dikembalikan => "Laporan dikembalikan",
            Aturan::Verifikasi7 => "Menunggu verifikasi ≥ 7 hari",
            Aturan::Verifikasi14 => "Menunggu verifikasi ≥ 14 hari",
            Aturan::TindakH3 => "Tindak lanjut jatuh tempo H-3",
            Aturan::TindakLewat => "Tindak lanjut lewat tenggat",
            Aturan::PaketBriefing => "Bahan Briefing mingguan",
        }
    }

    /// The days (WIB dates, start included, end excluded) on which the rule
    /// fires for a date `batas` (a month's reporting deadline, a tindak
    /// lanjut item's due date). A window, not one day: a server that was
    /// down on H-3 still sends the reminder on H-2, and the idempotency key
    /// keeps it to one. `None` for the rules not tied to a date.
    pub fn jendela(self, batas: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let d = |n| batas + Duration::days(n);
        Some(match self {
            Aturan::PengingatH3 | Aturan::TindakH3 => (d(-3), d(-1)),
            Aturan::PengingatH1 => (d(-1), d(1)),
            Aturan::TerlambatH1 => (d(1), d(5)),
            Aturan::EskalasiH5 => (d(5), d(15)),
            Aturan::TindakLewat => (d(1), d(8)),
            Aturan::Dikembalikan
            | Aturan::Verifikasi7
            | Aturan::Verifikasi14
            | Aturan::PaketBriefing => return None,
        })
    }

    /// Whether the rule fires on `hari` for the date `batas`.
    fn berlaku(self, batas: NaiveDate, hari: NaiveDate) -> bool {
        self.jendela(batas)
            .is_some_and(|(awal, akhir)| awal <= hari && hari < akhir)
    }
}

/// A message to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PesanBaru {
    /// Idempotency key: rule × month × subject × recipient × channel
    /// ([`kunci`]).
    pub kunci: String,
    pub aturan: Aturan,
    pub periode: Periode,
    /// The recipient's user name.
    pub penerima: String,
    pub saluran: Saluran,
    /// E-mail address or E.164 number; empty for [`Saluran::Log`].
    pub alamat: String,
    pub judul: String,
    pub isi: String,
    /// The page the message is about.
    pub tautan: String,
    /// A file sent with it by e-mail: (name, bytes).
    pub lampiran: Option<(String, Vec<u8>)>,
}

/// The idempotency key of a message: the rule, the month, what it is
/// about (`acuan`: a kelurahan or kecamatan code, "kota"), the recipient
/// and the channel.
pub fn kunci(
    aturan: Aturan,
    periode: Periode,
    acuan: &str,
    penerima: &str,
    saluran: Saluran,
) -> String {
    format!(
        "{}/{periode}/{acuan}/{penerima}/{}",
        aturan.code(),
        saluran.code()
    )
}

/// Attempts before a message is marked failed.
pub const PERCOBAAN_MAKS: i32 = 6;

/// How long to wait after failed attempt number `percobaan` (1-based):
/// 1, 2, 4, 8, 16 minutes; `None` once [`PERCOBAAN_MAKS`] attempts failed.
pub fn jeda(percobaan: i32) -> Option<Duration> {
    (percobaan < PERCOBAAN_MAKS).then(|| Duration::minutes(1 << (percobaan.clamp(1, 20) - 1)))
}

/// What the configuration and the recipient allow: which channels are
/// configured on this server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaluranAktif {
    pub surel: bool,
    pub whatsapp: bool,
}

/// A recipient: the account with its contacts and preferences.
#[derive(Clone, Debug)]
pub struct Penerima {
    pub pengguna: Pengguna,
    pub kontak: Kontak,
}

/// An account's contacts and what it wants to receive.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Kontak {
    /// Empty: none.
    pub surel: String,
    /// E.164 (`+628…`); empty: none.
    pub whatsapp: String,
    /// Wants the rules' messages by e-mail / WhatsApp.
    pub terima_surel: bool,
    pub terima_whatsapp: bool,
}

/// The channels a recipient gets a message on: each configured channel it
/// has an address for and wants; the log when none.
fn saluran_untuk(k: &Kontak, aktif: SaluranAktif) -> Vec<(Saluran, String)> {
    let mut out = Vec::new();
    if aktif.surel && k.terima_surel && !k.surel.is_empty() {
        out.push((Saluran::Surel, k.surel.clone()));
    }
    if aktif.whatsapp && k.terima_whatsapp && !k.whatsapp.is_empty() {
        out.push((Saluran::WhatsApp, k.whatsapp.clone()));
    }
    if out.is_empty() {
        out.push((Saluran::Log, String::new()));
    }
    out
}

/// What the rules look at on one day.
pub struct Keadaan<'a> {
    pub hari_ini: NaiveDate,
    /// Day of the following month reports are due.
    pub hari_batas: u32,
    pub wilayah: &'a Wilayah,
    /// Every account (inactive ones are skipped).
    pub penerima: &'a [Penerima],
    /// The kelurahan with a report (any version) for a month.
    pub sudah_lapor: &'a (dyn Fn(Periode) -> Vec<String> + Sync),
    /// The app's address for links (`https://pantau.palembangkota.go.id`).
    pub url_dasar: &'a str,
    pub aktif: SaluranAktif,
    /// Reports returned by the camat and not sent again since.
    pub dikembalikan: &'a [Dikembalikan],
    /// Reports waiting for the camat's verification.
    pub menunggu: &'a [Menunggu],
    /// Tindak lanjut items not done.
    pub tindak: &'a [Tindak],
}

/// A report returned by the camat: the step that returned it.
#[derive(Clone, Debug)]
pub struct Dikembalikan {
    pub kelurahan_code: String,
    pub periode: Periode,
    /// The step's id: a report returned twice is two messages.
    pub langkah_id: i64,
    pub oleh: String,
    pub pada: chrono::DateTime<chrono::Utc>,
    pub catatan: String,
}

/// A report waiting for verification since `sejak`.
#[derive(Clone, Debug)]
pub struct Menunggu {
    pub kelurahan_code: String,
    pub periode: Periode,
    pub sejak: chrono::DateTime<chrono::Utc>,
}

/// A tindak lanjut item not done.
#[derive(Clone, Debug)]
pub struct Tindak {
    pub id: i64,
    pub uraian: String,
    pub kecamatan_code: Option<String>,
    pub penanggung_jawab: String,
    pub tenggat: NaiveDate,
}

/// The months whose deadline windows may be open on `hari`: the two
/// before its month (a month's report is due in the next one, and the
/// escalation window runs 15 days past the deadline).
pub fn periode_terbuka(hari: NaiveDate) -> [Periode; 2] {
    use chrono::Datelike;
    let kini = Periode::new(hari.year(), hari.month()).expect("a calendar month");
    [kini.prev(), kini.prev().prev()]
}

/// Every message the rules make on `k.hari_ini`. Scoped by construction: a
/// camat's message lists only the kelurahan of their kecamatan; an operator
/// or lurah hears only of their own kelurahan.
pub fn pesan_hari_ini(k: &Keadaan<'_>) -> Vec<PesanBaru> {
    let mut out = Vec::new();
    sekitar_batas(k, &mut out);
    dikembalikan(k, &mut out);
    verifikasi(k, &mut out);
    tindak(k, &mut out);
    out
}

/// The rules around the reporting deadlines.
fn sekitar_batas(k: &Keadaan<'_>, out: &mut Vec<PesanBaru>) {
    for periode in periode_terbuka(k.hari_ini) {
        let batas = crate::inti::waktu::batas_waktu(periode, k.hari_batas)
            .with_timezone(&crate::inti::waktu::wib())
            .date_naive();
        let aturan: Vec<Aturan> = Aturan::BATAS
            .into_iter()
            .filter(|a| a.berlaku(batas, k.hari_ini))
            .collect();
        if aturan.is_empty() {
            continue;
        }
        let sudah = (k.sudah_lapor)(periode);
        let belum: Vec<&crate::inti::wilayah::Kelurahan> = k
            .wilayah
            .kelurahan
            .iter()
            .filter(|kel| !sudah.contains(&kel.code))
            .collect();
        if belum.is_empty() {
            continue;
        }
        for a in aturan {
            match a {
                Aturan::PengingatH3 | Aturan::PengingatH1 => {
                    pengingat(k, a, periode, batas, &belum, out)
                }
                Aturan::TerlambatH1 => terlambat(k, periode, batas, &belum, out),
                _ => eskalasi(k, periode, batas, &belum, out),
            }
        }
    }
}

const PENUTUP: &str = "Pesan otomatis Pantau KKMP, Pemerintah Kota Palembang.";

/// How many days to tell of a returned report: older returns (the app
/// started after them) are left to the pages.
const DIKEMBALIKAN_HARI: i64 = 14;

fn dikembalikan(k: &Keadaan<'_>, out: &mut Vec<PesanBaru>) {
    let wib = crate::inti::waktu::wib();
    for d in k.dikembalikan {
        let hari = (k.hari_ini - d.pada.with_timezone(&wib).date_naive()).num_days();
        if !(0..=DIKEMBALIKAN_HARI).contains(&hari) {
            continue;
        }
        let Some(kel) = k.wilayah.kelurahan(&d.kelurahan_code) else {
            continue;
        };
        let tautan = format!("{}/laporan/{}/{}", k.url_dasar, kel.code, d.periode);
        let judul = format!(
            "Laporan {} bulan {} dikembalikan untuk diperbaiki",
            kel.kkmp_nama,
            d.periode.label()
        );
        let isi = format!(
            "Yth. {{nama}},\n\nlaporan {} (Kelurahan {}) untuk {} dikembalikan oleh {} pada {} \
             dengan catatan:\n\n\"{}\"\n\nPerbaiki dan kirim kembali di: {tautan}\n\n{PENUTUP}",
            kel.kkmp_nama,
            kel.nama,
            d.periode.label(),
            d.oleh,
            crate::inti::waktu::waktu_wib(d.pada),
            kutip(&d.catatan, 1000),
        );
        let acuan = format!("{}/{}", kel.code, d.langkah_id);
        for p in aktif_dengan(k, &[Peran::Operator, Peran::Lurah], Some(&kel.code)) {
            tambah(
                out,
                k,
                p,
                (Aturan::Dikembalikan, d.periode, &acuan),
                &judul,
                &isi,
                tautan.clone(),
            );
        }
    }
}

/// The ISO week of a date, "2026-W49": weekly rules repeat once a week.
fn minggu(d: NaiveDate) -> String {
    use chrono::Datelike;
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn verifikasi(k: &Keadaan<'_>, out: &mut Vec<PesanBaru>) {
    use chrono::Datelike;
    let wib = crate::inti::waktu::wib();
    let bulan = Periode::new(k.hari_ini.year(), k.hari_ini.month()).expect("a calendar month");
    let pekan = minggu(k.hari_ini);
    // (kecamatan, line, days) of every report waiting 7 days or more.
    let mut lama: Vec<(&str, String, i64)> = Vec::new();
    for m in k.menunggu {
        let hari = (k.hari_ini - m.sejak.with_timezone(&wib).date_naive()).num_days();
        if hari < 7 {
            continue;
        }
        if let Some(kel) = k.wilayah.kelurahan(&m.kelurahan_code) {
            lama.push((
                kel.kecamatan_code.as_str(),
                format!(
                    "- Kelurahan {}, laporan {}: menunggu {hari} hari\n",
                    kel.nama,
                    m.periode.label()
                ),
                hari,
            ));
        }
    }
    if lama.is_empty() {
        return;
    }
    let mut ringkas = String::new();
    for kec in &k.wilayah.kecamatan {
        let daftar: Vec<_> = lama.iter().filter(|(c, _, _)| *c == kec.code).collect();
        if daftar.is_empty() {
            continue;
        }
        let baris: String = daftar.iter().map(|(_, b, _)| b.as_str()).collect();
        let tautan = format!("{}/verifikasi", k.url_dasar);
        let judul = format!(
            "{} laporan di Kecamatan {} menunggu verifikasi 7 hari atau lebih",
            daftar.len(),
            kec.nama
        );
        let isi = format!(
            "Yth. {{nama}},\n\nlaporan berikut menunggu verifikasi Anda:\n\n{baris}\n\
             Antrean verifikasi: {tautan}\n\n{PENUTUP}"
        );
        let acuan = format!("{}/{pekan}", kec.code);
        for p in aktif_dengan(k, &[Peran::Camat], Some(&kec.code)) {
            tambah(
                out,
                k,
                p,
                (Aturan::Verifikasi7, bulan, &acuan),
                &judul,
                &isi,
                tautan.clone(),
            );
        }
        let lewat: Vec<_> = daftar.iter().filter(|(_, _, h)| *h >= 14).collect();
        if !lewat.is_empty() {
            let camat: Vec<&str> = aktif_dengan(k, &[Peran::Camat], Some(&kec.code))
                .iter()
                .map(|p| p.pengguna.nama.as_str())
                .collect();
            ringkas.push_str(&format!(
                "Kecamatan {} ({}):\n{}",
                kec.nama,
                if camat.is_empty() {
                    "belum ada akun camat".to_string()
                } else {
                    format!("camat: {}", camat.join(", "))
                },
                lewat.iter().map(|(_, b, _)| b.as_str()).collect::<String>()
            ));
        }
    }
    if !ringkas.is_empty() {
        let tautan = format!("{}/verifikasi", k.url_dasar);
        let judul = "Laporan menunggu verifikasi camat 14 hari atau lebih".to_string();
        let isi = format!(
            "Yth. {{nama}},\n\nlaporan berikut belum diverifikasi camat setelah 14 hari atau lebih:\n\n\
             {ringkas}\nAntrean verifikasi: {tautan}\n\n{PENUTUP}"
        );
        let acuan = format!("kota/{pekan}");
        for p in aktif_dengan(k, &[Peran::Admin], None) {
            tambah(
                out,
                k,
                p,
                (Aturan::Verifikasi14, bulan, &acuan),
                &judul,
                &isi,
                tautan.clone(),
            );
        }
    }
}

fn tindak(k: &Keadaan<'_>, out: &mut Vec<PesanBaru>) {
    use chrono::Datelike;
    let bulan = Periode::new(k.hari_ini.year(), k.hari_ini.month()).expect("a calendar month");
    for t in k.tindak {
        for aturan in [Aturan::TindakH3, Aturan::TindakLewat] {
            if !aturan.berlaku(t.tenggat, k.hari_ini) {
                continue;
            }
            let tautan = format!("{}/rapat#tl-{}", k.url_dasar, t.id);
            let (judul, kapan) = if aturan == Aturan::TindakH3 {
                (
                    format!(
                        "Tindak lanjut jatuh tempo {}: {}",
                        tanggal(t.tenggat),
                        kutip(&t.uraian, 80)
                    ),
                    format!("jatuh tempo {}", tanggal(t.tenggat)),
                )
            } else {
                (
                    format!("Tindak lanjut lewat tenggat: {}", kutip(&t.uraian, 80)),
                    format!(
                        "lewat tenggat {} ({} hari)",
                        tanggal(t.tenggat),
                        (k.hari_ini - t.tenggat).num_days()
                    ),
                )
            };
            let wilayah = t
                .kecamatan_code
                .as_deref()
                .and_then(|c| k.wilayah.kecamatan(c))
                .map(|c| format!(" (Kecamatan {})", c.nama))
                .unwrap_or_default();
            let isi = format!(
                "Yth. {{nama}},\n\ntindak lanjut rapat berikut {kapan}:\n\n\"{}\"{wilayah}\n\
                 Penanggung jawab: {}\n\nLihat di ruang rapat: {tautan}\n\n{PENUTUP}",
                kutip(&t.uraian, 1000),
                kutip(&t.penanggung_jawab, 200),
            );
            let acuan = format!("tl-{}", t.id);
            let mut siapa = aktif_dengan(k, &[Peran::Admin], None);
            if let Some(c) = &t.kecamatan_code {
                siapa.extend(aktif_dengan(k, &[Peran::Camat], Some(c)));
            }
            if aturan == Aturan::TindakLewat {
                siapa.extend(aktif_dengan(k, &[Peran::Pimpinan], None));
            }
            for p in siapa {
                tambah(
                    out,
                    k,
                    p,
                    (aturan, bulan, &acuan),
                    &judul,
                    &isi,
                    tautan.clone(),
                );
            }
        }
    }
}

fn tanggal(d: NaiveDate) -> String {
    use chrono::Datelike;
    model::format::tanggal(d.year(), d.month(), d.day())
}

fn aktif_dengan<'a>(k: &Keadaan<'a>, peran: &[Peran], cakupan: Option<&str>) -> Vec<&'a Penerima> {
    k.penerima
        .iter()
        .filter(|p| {
            p.pengguna.aktif
                && p.pengguna.akun().is_some_and(|a| peran.contains(&a.peran))
                && cakupan.is_none_or(|c| p.pengguna.cakupan.as_deref() == Some(c))
        })
        .collect()
}

fn tambah(
    out: &mut Vec<PesanBaru>,
    k: &Keadaan<'_>,
    p: &Penerima,
    (aturan, periode, acuan): (Aturan, Periode, &str),
    judul: &str,
    isi: &str,
    tautan: String,
) {
    for (saluran, alamat) in saluran_untuk(&p.kontak, k.aktif) {
        out.push(PesanBaru {
            kunci: kunci(aturan, periode, acuan, &p.pengguna.nama_pengguna, saluran),
            aturan,
            periode,
            penerima: p.pengguna.nama_pengguna.clone(),
            saluran,
            alamat,
            judul: judul.to_string(),
            isi: isi.replace("{nama}", &p.pengguna.nama),
            tautan: tautan.clone(),
            lampiran: None,
        });
    }
}

fn pengingat(
    k: &Keadaan<'_>,
    aturan: Aturan,
    periode: Periode,
    batas: NaiveDate,
    belum: &[&crate::inti::wilayah::Kelurahan],
    out: &mut Vec<PesanBaru>,
) {
    let sisa = (batas - k.hari_ini).num_days();
    let kapan = match sisa {
        0 => "hari ini".to_string(),
        1 => "besok".to_string(),
        n => format!("{n} hari lagi"),
    };
    for kel in belum {
        let tautan = format!("{}/laporan/{}/{periode}", k.url_dasar, kel.code);
        let judul = format!(
            "Pengingat: laporan {} bulan {} jatuh tempo {}",
            kel.kkmp_nama,
            periode.label(),
            tanggal(batas)
        );
        let isi = format!(
            "Yth. {{nama}},\n\nlaporan bulanan {} (Kelurahan {}) untuk {} belum masuk. \
             Batas pengiriman {} pukul 23.59 WIB ({kapan}).\n\nIsi laporan di: {tautan}\n\n\
             {PENUTUP}",
            kel.kkmp_nama,
            kel.nama,
            periode.label(),
            tanggal(batas),
        );
        for p in aktif_dengan(k, &[Peran::Operator, Peran::Lurah], Some(&kel.code)) {
            tambah(
                out,
                k,
                p,
                (aturan, periode, &kel.code),
                &judul,
                &isi,
                tautan.clone(),
            );
        }
    }
}

fn terlambat(
    k: &Keadaan<'_>,
    periode: Periode,
    batas: NaiveDate,
    belum: &[&crate::inti::wilayah::Kelurahan],
    out: &mut Vec<PesanBaru>,
) {
    for kec in &k.wilayah.kecamatan {
        let daftar: Vec<_> = belum
            .iter()
            .filter(|b| b.kecamatan_code == kec.code)
            .collect();
        if daftar.is_empty() {
            continue;
        }
        let baris: String = daftar
            .iter()
            .map(|b| format!("- Kelurahan {} ({})\n", b.nama, b.kkmp_nama))
            .collect();
        let tautan = format!("{}/kecamatan/{}?bulan={periode}", k.url_dasar, kec.code);
        let judul = format!(
            "{} KKMP di Kecamatan {} belum melapor untuk {}",
            daftar.len(),
            kec.nama,
            periode.label()
        );
        let isi = format!(
            "Yth. {{nama}},\n\nbatas pengiriman laporan {} telah lewat ({}). \
             Laporan berikut belum masuk:\n\n{baris}\nLihat kecamatan: {tautan}\n\n\
             {PENUTUP}",
            periode.label(),
            tanggal(batas),
        );
        for p in aktif_dengan(k, &[Peran::Camat], Some(&kec.code)) {
            tambah(
                out,
                k,
                p,
                (Aturan::TerlambatH1, periode, &kec.code),
                &judul,
                &isi,
                tautan.clone(),
            );
        }
    }
}

fn eskalasi(
    k: &Keadaan<'_>,
    periode: Periode,
    batas: NaiveDate,
    belum: &[&crate::inti::wilayah::Kelurahan],
    out: &mut Vec<PesanBaru>,
) {
    let mut baris = String::new();
    let mut jumlah_kec = 0;
    for kec in &k.wilayah.kecamatan {
        let daftar: Vec<&str> = belum
            .iter()
            .filter(|b| b.kecamatan_code == kec.code)
            .map(|b| b.nama.as_str())
            .collect();
        if daftar.is_empty() {
            continue;
        }
        jumlah_kec += 1;
        let camat: Vec<&str> = aktif_dengan(k, &[Peran::Camat], Some(&kec.code))
            .iter()
            .map(|p| p.pengguna.nama.as_str())
            .collect();
        let camat = if camat.is_empty() {
            "belum ada akun camat".to_string()
        } else {
            format!("camat: {}", camat.join(", "))
        };
        baris.push_str(&format!(
            "- Kecamatan {} ({camat}): {} kelurahan — {}\n",
            kec.nama,
            daftar.len(),
            daftar.join(", ")
        ));
    }
    let tautan = format!("{}/?bulan={periode}&status=semua", k.url_dasar);
    let judul = format!(
        "Eskalasi: {} KKMP di {jumlah_kec} kecamatan belum melapor untuk {}",
        belum.len(),
        periode.label()
    );
    let isi = format!(
        "Yth. {{nama}},\n\nlima hari setelah batas pengiriman ({}), laporan {} berikut \
         belum masuk:\n\n{baris}\nLihat dasbor kota: {tautan}\n\n\
         {PENUTUP}",
        tanggal(batas),
        periode.label(),
    );
    for p in aktif_dengan(k, &[Peran::Admin, Peran::Pimpinan], None) {
        tambah(
            out,
            k,
            p,
            (Aturan::EskalasiH5, periode, "kota"),
            &judul,
            &isi,
            tautan.clone(),
        );
    }
}

/// The hour (WIB) on Monday from which the weekly briefing pack is due.
pub const JAM_PAKET: u32 = 7;

/// The week whose briefing pack is due at `kini` ("2026-W50"): from Monday
/// 07.00 WIB to the end of Sunday, so a server down on Monday morning
/// still sends it, once (the week is in the key).
pub fn paket_briefing_jatuh(kini: chrono::DateTime<chrono::Utc>) -> Option<String> {
    use chrono::{Datelike, Timelike};
    let w = kini.with_timezone(&crate::inti::waktu::wib());
    let senin_pagi = w.weekday() == chrono::Weekday::Mon && w.hour() < JAM_PAKET;
    (!senin_pagi).then(|| minggu(w.date_naive()))
}

/// The idempotency key of the briefing pack of `pekan` for `penerima`.
pub fn kunci_paket(pekan: &str, penerima: &str, saluran: Saluran) -> String {
    format!(
        "{}/{pekan}/{penerima}/{}",
        Aturan::PaketBriefing.code(),
        saluran.code()
    )
}

/// The briefing pack's messages to every active pimpinan: the PDF
/// attached by e-mail, its SHA-256 and the data hash it carries in the
/// text (and only the link on the WhatsApp gateway). `sudah`: the keys
/// already queued.
pub fn pesan_paket(
    k: &Keadaan<'_>,
    pekan: &str,
    (nama, pdf): (&str, &[u8]),
    hash_data: &str,
    sudah: &dyn Fn(&str) -> bool,
) -> Vec<PesanBaru> {
    use chrono::Datelike;
    let bulan = Periode::new(k.hari_ini.year(), k.hari_ini.month()).expect("a calendar month");
    let tautan = format!("{}/briefing", k.url_dasar);
    let judul = format!("Bahan Briefing Pantau KKMP, {}", tanggal(k.hari_ini));
    let isi = format!(
        "Yth. {{nama}},\n\nterlampir Bahan Briefing program Koperasi Kelurahan Merah Putih per {} \
         ({nama}).\n\nSHA-256 berkas: {}\nHash data: {hash_data}\n\
         Keaslian berkas dapat diperiksa dengan membandingkan hash di atas dengan jejak audit.\n\n\
         Versi terkini selalu ada di: {tautan}\n\n{PENUTUP}",
        tanggal(k.hari_ini),
        crate::inti::sandi::sha256_hex(pdf),
    );
    let mut out = Vec::new();
    for p in aktif_dengan(k, &[Peran::Pimpinan], None) {
        for (saluran, alamat) in saluran_untuk(&p.kontak, k.aktif) {
            let kunci = kunci_paket(pekan, &p.pengguna.nama_pengguna, saluran);
            if sudah(&kunci) {
                continue;
            }
            out.push(PesanBaru {
                kunci,
                aturan: Aturan::PaketBriefing,
                periode: bulan,
                penerima: p.pengguna.nama_pengguna.clone(),
                saluran,
                alamat,
                judul: judul.clone(),
                isi: isi.replace("{nama}", &p.pengguna.nama),
                tautan: tautan.clone(),
                lampiran: (saluran == Saluran::Surel).then(|| (nama.to_string(), pdf.to_vec())),
            });
        }
    }
    out
}

/// The longest e-mail address taken (RFC 5321's path limit).
const SUREL_MAKS: usize = 254;

/// Checks an e-mail address as typed: empty means none. Returns it
/// trimmed, or why it is refused, in Bahasa Indonesia.
pub fn periksa_surel(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    let salah = |mengapa: &str| {
        Err(format!(
            "Alamat surel \"{}\" tidak sah: {mengapa}.",
            kutip(s, 80)
        ))
    };
    if s.len() > SUREL_MAKS {
        return salah("lebih dari 254 karakter");
    }
    let Some((lokal, domain)) = s.rsplit_once('@') else {
        return salah("tidak ada tanda @");
    };
    if lokal.is_empty() || lokal.len() > 64 {
        return salah("bagian sebelum @ kosong atau lebih dari 64 karakter");
    }
    if !lokal
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        || lokal.starts_with('.')
        || lokal.ends_with('.')
        || lokal.contains("..")
    {
        return salah("bagian sebelum @ memuat karakter yang tidak diizinkan");
    }
    let label: Vec<&str> = domain.split('.').collect();
    if label.len() < 2
        || label.iter().any(|l| {
            l.is_empty()
                || l.len() > 63
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    {
        return salah("nama domain sesudah @ tidak sah");
    }
    Ok(format!("{lokal}@{}", domain.to_ascii_lowercase()))
}

/// Checks a WhatsApp number: E.164 (`+62 812-3456-7890`), or an
/// Indonesian number written locally (`0812…`, taken as `+62812…`).
/// Spaces, dashes, dots and brackets are ignored; empty means none.
pub fn periksa_whatsapp(s: &str) -> Result<String, String> {
    let asli = s.trim();
    if asli.is_empty() {
        return Ok(String::new());
    }
    let salah = |mengapa: &str| {
        Err(format!(
            "Nomor WhatsApp \"{}\" tidak sah: {mengapa}. Tulis seperti +6281234567890 atau 081234567890.",
            kutip(asli, 40)
        ))
    };
    if asli.len() > 40 {
        return salah("terlalu panjang");
    }
    let bersih: String = asli
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let angka = if let Some(r) = bersih.strip_prefix('+') {
        r.to_string()
    } else if let Some(r) = bersih.strip_prefix('0') {
        format!("62{r}")
    } else {
        return salah("harus diawali + dan kode negara, atau 0");
    };
    if !angka.chars().all(|c| c.is_ascii_digit()) {
        return salah("hanya angka yang diizinkan");
    }
    if !(8..=15).contains(&angka.len()) {
        return salah("E.164 memuat 8 sampai 15 angka");
    }
    if angka.starts_with('0') {
        return salah("kode negara tidak diawali 0");
    }
    Ok(format!("+{angka}"))
}

/// What a user typed, quoted in a message: at most `n` characters, line
/// breaks and other control characters shown as spaces.
fn kutip(s: &str, n: usize) -> String {
    crate::inti::teks::potong(s, n)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_are_checked() {
        assert_eq!(periksa_surel("  ").unwrap(), "");
        assert_eq!(
            periksa_surel(" Lurah.Satu@Palembang.GO.id ").unwrap(),
            "Lurah.Satu@palembang.go.id"
        );
        for salah in [
            "lurah",
            "lurah@",
            "@palembang.go.id",
            "lurah@palembang",
            "lurah@-palembang.go.id",
            "lu rah@palembang.go.id",
            "lurah..satu@palembang.go.id",
            "lurah@palembang.go.id\r\nBcc: semua@contoh.id",
            "lurah@palembang..go.id",
        ] {
            let e = periksa_surel(salah).unwrap_err();
            assert!(e.starts_with("Alamat surel"), "{salah}: {e}");
            assert!(!e.contains('\n') && !e.contains('\r'), "{e}");
        }
        let panjang = format!("{}@palembang.go.id", "a".repeat(300));
        assert!(periksa_surel(&panjang).unwrap_err().contains("254"));
    }

    #[test]
    fn whatsapp_numbers_become_e164() {
        assert_eq!(periksa_whatsapp("").unwrap(), "");
        assert_eq!(
            periksa_whatsapp("0812-3456-7890").unwrap(),
            "+6281234567890"
        );
        assert_eq!(
            periksa_whatsapp("+62 (812) 3456.7890").unwrap(),
            "+6281234567890"
        );
        assert_eq!(
            periksa_whatsapp("+44 20 7946 0958").unwrap(),
            "+442079460958"
        );
        for salah in [
            "12345",
            "+62 812 abc",
            "+0812345678",
            "+1234567",
            "+1234567890123456",
            "62812345678",
        ] {
            assert!(periksa_whatsapp(salah).is_err(), "{salah}");
        }
        assert!(
            periksa_whatsapp(&"9".repeat(5000))
                .unwrap_err()
                .contains("terlalu panjang")
        );
    }

    #[test]
    fn retries_wait_longer_then_stop() {
        let menit: Vec<i64> = (1..PERCOBAAN_MAKS)
            .map(|n| jeda(n).unwrap().num_minutes())
            .collect();
        assert_eq!(menit, [1, 2, 4, 8, 16]);
        assert_eq!(jeda(PERCOBAAN_MAKS), None);
    }

    #[test]
    fn windows_follow_one_another_around_the_deadline() {
        let batas = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let hari = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let aktif = |d| {
            Aturan::BATAS
                .into_iter()
                .filter(|a| a.berlaku(batas, hari(d)))
                .collect::<Vec<_>>()
        };
        assert!(aktif(6).is_empty());
        assert_eq!(aktif(7), [Aturan::PengingatH3]);
        assert_eq!(aktif(8), [Aturan::PengingatH3]);
        assert_eq!(aktif(9), [Aturan::PengingatH1]);
        assert_eq!(aktif(10), [Aturan::PengingatH1]);
        assert_eq!(aktif(11), [Aturan::TerlambatH1]);
        assert_eq!(aktif(15), [Aturan::EskalasiH5]);
        assert_eq!(aktif(24), [Aturan::EskalasiH5]);
        assert!(aktif(25).is_empty());
        for a in Aturan::SEMUA {
            assert_eq!(Aturan::from_code(a.code()), Some(a));
        }
    }

    #[test]
    fn the_briefing_pack_is_due_from_monday_seven_for_the_week() {
        use chrono::TimeZone;
        // 2026-12-07 is a Monday; 07.00 WIB is 00.00 UTC.
        let utc = |d, h| chrono::Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        assert_eq!(
            paket_briefing_jatuh(utc(6, 23)).as_deref(),
            None,
            "Monday 06.00 WIB"
        );
        assert_eq!(paket_briefing_jatuh(utc(7, 0)).as_deref(), Some("2026-W50"));
        assert_eq!(
            paket_briefing_jatuh(utc(13, 16)).as_deref(),
            Some("2026-W50"),
            "Sunday 23.00 WIB"
        );
        assert_eq!(
            paket_briefing_jatuh(utc(13, 17)).as_deref(),
            None,
            "Monday 00.00 WIB"
        );
    }

    #[test]
    fn the_key_names_every_part() {
        let p = Periode::new(2026, 11).unwrap();
        assert_eq!(
            kunci(
                Aturan::TerlambatH1,
                p,
                "16.71.07",
                "camat.ib1",
                Saluran::WhatsApp
            ),
            "terlambat-h1/2026-11/16.71.07/camat.ib1/whatsapp"
        );
    }
}
