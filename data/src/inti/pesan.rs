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
    /// A kecamatan's indicator whose status fell to tertinggal in the
    /// newest month: to its camat and the Dinas, once per change.
    Tertinggal,
    /// Every Monday from 07.00 WIB, only when something needs attention:
    /// the exceptions of the week to the pimpinan (the Sekda).
    RingkasanPekanan,
    /// A meeting frozen: its pack (PDF) to the participants chosen for it,
    /// with its hashes.
    PaketRapat,
}

impl Aturan {
    /// The rules around a month's reporting deadline.
    pub const BATAS: [Aturan; 4] = [
        Aturan::PengingatH3,
        Aturan::PengingatH1,
        Aturan::TerlambatH1,
        Aturan::EskalasiH5,
    ];

    pub const SEMUA: [Aturan; 13] = [
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
        Aturan::Tertinggal,
        Aturan::RingkasanPekanan,
        Aturan::PaketRapat,
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
            Aturan::Tertinggal => "status-tertinggal",
            Aturan::RingkasanPekanan => "ringkasan-pekanan",
            Aturan::PaketRapat => "paket-rapat",
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
            Aturan::Tertinggal => "Indikator kecamatan menjadi tertinggal",
            Aturan::RingkasanPekanan => "Ringkasan pengecualian mingguan",
            Aturan::PaketRapat => "Paket rapat",
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
            | Aturan::PaketBriefing
            | Aturan::Tertinggal
            | Aturan::RingkasanPekanan
            | Aturan::PaketRapat => return None,
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
    /// Each kecamatan's target statuses in the newest month with accepted
    /// reports and in the month before; `None` before any is accepted.
    pub status: Option<&'a StatusKecamatan>,
    /// The week whose Monday messages are due ([`paket_briefing_jatuh`]);
    /// `None` on Monday before 07.00 WIB.
    pub pekan: Option<&'a str>,
}

/// Every kecamatan's target statuses in two months, as the dashboard
/// computes them (`kecamatan code → its targets`).
#[derive(Clone, Debug)]
pub struct StatusKecamatan {
    /// The newest month with accepted reports.
    pub periode: Periode,
    pub kini: Vec<(String, Vec<model::view::Capaian>)>,
    /// The month before.
    pub lalu: Vec<(String, Vec<model::view::Capaian>)>,
}

/// An indicator of a kecamatan that is tertinggal in the newest month and
/// was not the month before.
#[derive(Clone, Debug, PartialEq)]
pub struct Turun {
    pub kecamatan_code: String,
    pub capaian: model::view::Capaian,
    pub sebelumnya: model::status::StatusTarget,
}

impl StatusKecamatan {
    /// The indicators that fell to tertinggal: tertinggal now, another
    /// status the month before. One tertinggal in both months, or without
    /// a status the month before (no target yet), is no change.
    pub fn turun(&self) -> Vec<Turun> {
        use model::status::StatusTarget::Tertinggal;
        let mut out = Vec::new();
        for (kec, kini) in &self.kini {
            let lalu = self.lalu.iter().find(|(c, _)| c == kec).map(|(_, l)| l);
            for c in kini.iter().filter(|c| c.status == Tertinggal) {
                let Some(sebelumnya) = lalu
                    .and_then(|l| l.iter().find(|x| x.indikator == c.indikator))
                    .map(|x| x.status)
                else {
                    continue;
                };
                if sebelumnya != Tertinggal {
                    out.push(Turun {
                        kecamatan_code: kec.clone(),
                        capaian: c.clone(),
                        sebelumnya,
                    });
                }
            }
        }
        out
    }
}

/// A meeting just frozen, with the roles chosen to receive its pack.
#[derive(Clone, Debug)]
pub struct RapatBeku {
    pub id: i64,
    pub judul: String,
    /// The meeting's date.
    pub tanggal: NaiveDate,
    /// The month of its figures.
    pub periode: Periode,
    /// The hash of its frozen figures.
    pub hash: String,
    pub peserta: Vec<Peran>,
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
    tertinggal(k, &mut out);
    ringkasan_pekanan(k, &mut out);
    out
}

/// One line of a target: "Gerai beroperasi: 40% (lintasan 55%, target 80%)".
fn baris_capaian(c: &model::view::Capaian) -> String {
    use crate::inti::teks::nilai_teks;
    format!(
        "{}: {} (lintasan {}, target {})",
        c.indikator_nama,
        nilai_teks(c.aktual, c.persen),
        nilai_teks(c.harapan, c.persen),
        nilai_teks(c.target, c.persen)
    )
}

/// An indicator fell to tertinggal: the camat hears of their kecamatan's,
/// the Dinas of every kecamatan's. The key names the month and the
/// indicators that fell, so each change is told once and a later one
/// (another indicator, the next month) is told again.
fn tertinggal(k: &Keadaan<'_>, out: &mut Vec<PesanBaru>) {
    let Some(st) = k.status else {
        return;
    };
    let turun = st.turun();
    if turun.is_empty() {
        return;
    }
    let p = st.periode;
    let mut ringkas = String::new();
    let mut semua_kode = Vec::new();
    for kec in &k.wilayah.kecamatan {
        let daftar: Vec<&Turun> = turun
            .iter()
            .filter(|t| t.kecamatan_code == kec.code)
            .collect();
        if daftar.is_empty() {
            continue;
        }
        let baris: String = daftar
            .iter()
            .map(|t| {
                format!(
                    "- {}; bulan sebelumnya {}\n",
                    baris_capaian(&t.capaian),
                    t.sebelumnya.label().to_lowercase()
                )
            })
            .collect();
        let kode: Vec<&str> = daftar
            .iter()
            .map(|t| t.capaian.indikator.as_str())
            .collect();
        semua_kode.push(format!("{}:{}", kec.code, kode.join("+")));
        let tautan = format!("{}/kecamatan/{}?bulan={p}", k.url_dasar, kec.code);
        let judul = format!(
            "Kecamatan {}: {} indikator menjadi tertinggal dari target ({})",
            kec.nama,
            daftar.len(),
            p.label()
        );
        let isi = format!(
            "Yth. {{nama}},\n\npada laporan {} yang diterima, indikator berikut di Kecamatan {} \
             berada di bawah lintasan target (tertinggal), padahal bulan sebelumnya belum:\n\n{baris}\n\
             Lihat kecamatan: {tautan}\n\n{PENUTUP}",
            p.label(),
            kec.nama,
        );
        let acuan = format!("{}/{}", kec.code, kode.join("+"));
        for pn in aktif_dengan(k, &[Peran::Camat], Some(&kec.code)) {
            tambah(
                out,
                k,
                pn,
                (Aturan::Tertinggal, p, &acuan),
                &judul,
                &isi,
                tautan.clone(),
            );
        }
        ringkas.push_str(&format!("Kecamatan {}:\n{baris}", kec.nama));
    }
    let kecamatan = semua_kode.len();
    let tautan = format!("{}/target?bulan={p}", k.url_dasar);
    let judul = format!(
        "{} indikator di {kecamatan} kecamatan menjadi tertinggal dari target ({})",
        turun.len(),
        p.label()
    );
    let isi = format!(
        "Yth. {{nama}},\n\npada laporan {} yang diterima, indikator berikut menjadi tertinggal \
         dari lintasan target:\n\n{ringkas}\nLihat target: {tautan}\n\n{PENUTUP}",
        p.label(),
    );
    let acuan = format!(
        "kota/{}",
        &crate::inti::sandi::sha256_hex(semua_kode.join(",").as_bytes())[..16]
    );
    for pn in aktif_dengan(k, &[Peran::Admin], None) {
        tambah(
            out,
            k,
            pn,
            (Aturan::Tertinggal, p, &acuan),
            &judul,
            &isi,
            tautan.clone(),
        );
    }
}

/// The most a digest section lists before "dan N lainnya".
const RINGKASAN_BARIS: usize = 15;

fn dan_lainnya(baris: &[String]) -> String {
    let mut s: String = baris.iter().take(RINGKASAN_BARIS).cloned().collect();
    if baris.len() > RINGKASAN_BARIS {
        s.push_str(&format!(
            "- dan {} lainnya\n",
            baris.len() - RINGKASAN_BARIS
        ));
    }
    s
}

/// The weekly digest for the pimpinan (the Sekda): only what needs
/// attention — kecamatan tertinggal, reports missing after the deadline,
/// reports waiting 14 days for verification, overdue tindak lanjut — and
/// nothing at all in a week without any.
fn ringkasan_pekanan(k: &Keadaan<'_>, out: &mut Vec<PesanBaru>) {
    use chrono::Datelike;
    let Some(pekan) = k.pekan else {
        return;
    };
    let wib = crate::inti::waktu::wib();
    let mut bagian: Vec<(String, Vec<String>)> = Vec::new();
    if let Some(st) = k.status {
        let baru: Vec<(String, String)> = st
            .turun()
            .into_iter()
            .map(|t| (t.kecamatan_code, t.capaian.indikator))
            .collect();
        let mut baris = Vec::new();
        for (kec, target) in &st.kini {
            let tt: Vec<String> = target
                .iter()
                .filter(|c| c.status == model::status::StatusTarget::Tertinggal)
                .map(|c| {
                    let b = baru.iter().any(|(x, i)| x == kec && *i == c.indikator);
                    format!(
                        "{}{}",
                        model::format::awal_kecil(&c.indikator_nama),
                        if b { " (baru)" } else { "" }
                    )
                })
                .collect();
            if let (false, Some(nama)) = (tt.is_empty(), k.wilayah.kecamatan(kec)) {
                baris.push(format!(
                    "- Kecamatan {}: {} dari {} indikator — {}\n",
                    nama.nama,
                    tt.len(),
                    target.len(),
                    tt.join(", ")
                ));
            }
        }
        if !baris.is_empty() {
            bagian.push((
                format!("Kecamatan tertinggal dari target ({})", st.periode.label()),
                baris,
            ));
        }
    }
    // The newest month whose deadline has passed.
    if let Some((periode, batas)) = periode_terbuka(k.hari_ini)
        .into_iter()
        .map(|p| {
            (
                p,
                crate::inti::waktu::batas_waktu(p, k.hari_batas)
                    .with_timezone(&wib)
                    .date_naive(),
            )
        })
        .find(|(_, b)| *b < k.hari_ini)
    {
        let sudah = (k.sudah_lapor)(periode);
        let mut baris = Vec::new();
        let mut n = 0;
        for kec in &k.wilayah.kecamatan {
            let belum: Vec<&str> = k
                .wilayah
                .kelurahan
                .iter()
                .filter(|x| x.kecamatan_code == kec.code && !sudah.contains(&x.code))
                .map(|x| x.nama.as_str())
                .collect();
            if !belum.is_empty() {
                n += belum.len();
                baris.push(format!(
                    "- Kecamatan {}: {} — {}\n",
                    kec.nama,
                    belum.len(),
                    belum.join(", ")
                ));
            }
        }
        if n > 0 {
            bagian.push((
                format!(
                    "{n} KKMP belum melapor untuk {} (batas {})",
                    periode.label(),
                    tanggal(batas)
                ),
                baris,
            ));
        }
    }
    let mut lama = Vec::new();
    for kec in &k.wilayah.kecamatan {
        let n = k
            .menunggu
            .iter()
            .filter(|m| {
                (k.hari_ini - m.sejak.with_timezone(&wib).date_naive()).num_days() >= 14
                    && k.wilayah
                        .kelurahan(&m.kelurahan_code)
                        .is_some_and(|x| x.kecamatan_code == kec.code)
            })
            .count();
        if n > 0 {
            lama.push(format!("- Kecamatan {}: {n} laporan\n", kec.nama));
        }
    }
    if !lama.is_empty() {
        bagian.push((
            "Laporan menunggu verifikasi camat 14 hari atau lebih".into(),
            lama,
        ));
    }
    let lewat: Vec<String> = k
        .tindak
        .iter()
        .filter(|t| t.tenggat < k.hari_ini)
        .map(|t| {
            format!(
                "- {} — {}, tenggat {} ({} hari lewat)\n",
                kutip(&t.uraian, 120),
                kutip(&t.penanggung_jawab, 80),
                tanggal(t.tenggat),
                (k.hari_ini - t.tenggat).num_days()
            )
        })
        .collect();
    if !lewat.is_empty() {
        bagian.push(("Tindak lanjut rapat lewat tenggat".into(), lewat));
    }
    if bagian.is_empty() {
        return;
    }
    let bulan = Periode::new(k.hari_ini.year(), k.hari_ini.month()).expect("a calendar month");
    let tautan = format!("{}/rapat", k.url_dasar);
    let judul = format!(
        "Ringkasan pekan {}: {} hal perlu perhatian",
        tanggal(k.hari_ini),
        bagian.len()
    );
    let badan: String = bagian
        .iter()
        .enumerate()
        .map(|(i, (j, b))| format!("{}. {j}\n{}\n", i + 1, dan_lainnya(b)))
        .collect();
    let isi = format!(
        "Yth. {{nama}},\n\nhal-hal berikut perlu perhatian pekan ini (hanya pengecualian; \
         yang berjalan sesuai rencana tidak dicantumkan):\n\n{badan}\
         Ruang rapat: {tautan}\nDasbor kota: {}/\n\n{PENUTUP}",
        k.url_dasar
    );
    for pn in aktif_dengan(k, &[Peran::Pimpinan], None) {
        tambah(
            out,
            k,
            pn,
            (Aturan::RingkasanPekanan, bulan, pekan),
            &judul,
            &isi,
            tautan.clone(),
        );
    }
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
         ({nama}).\n\n{}\n\nVersi terkini selalu ada di: {tautan}\n\n{PENUTUP}",
        tanggal(k.hari_ini),
        teks_hash(pdf, hash_data),
    );
    lampirkan(
        &aktif_dengan(k, &[Peran::Pimpinan], None),
        k.aktif,
        (Aturan::PaketBriefing, bulan),
        &|penerima, saluran| kunci_paket(pekan, penerima, saluran),
        (&judul, &isi, &tautan),
        (nama, pdf),
        sudah,
    )
}

/// The hashes a pack's message carries, and how to use them.
fn teks_hash(pdf: &[u8], hash_data: &str) -> String {
    format!(
        "SHA-256 berkas: {}\nHash data: {hash_data}\n\
         Keaslian berkas dapat diperiksa dengan membandingkan hash di atas dengan jejak audit.",
        crate::inti::sandi::sha256_hex(pdf)
    )
}

/// A pack to each of `siapa` on each of their channels not in `sudah`:
/// attached by e-mail, the link alone on the gateway.
fn lampirkan(
    siapa: &[&Penerima],
    aktif: SaluranAktif,
    (aturan, periode): (Aturan, Periode),
    kunci: &dyn Fn(&str, Saluran) -> String,
    (judul, isi, tautan): (&str, &str, &str),
    (nama, pdf): (&str, &[u8]),
    sudah: &dyn Fn(&str) -> bool,
) -> Vec<PesanBaru> {
    let mut out = Vec::new();
    for p in siapa {
        for (saluran, alamat) in saluran_untuk(&p.kontak, aktif) {
            let kunci = kunci(&p.pengguna.nama_pengguna, saluran);
            if sudah(&kunci) {
                continue;
            }
            out.push(PesanBaru {
                kunci,
                aturan,
                periode,
                penerima: p.pengguna.nama_pengguna.clone(),
                saluran,
                alamat,
                judul: judul.to_string(),
                isi: isi.replace("{nama}", &p.pengguna.nama),
                tautan: tautan.to_string(),
                lampiran: (saluran == Saluran::Surel).then(|| (nama.to_string(), pdf.to_vec())),
            });
        }
    }
    out
}

/// How long after its freezing a meeting's pack is still sent (a server
/// down that day sends it later, once).
pub const PAKET_RAPAT_HARI: i64 = 7;

/// The start of the keys of meeting `r`'s pack messages.
pub fn kunci_rapat_awal(r: &RapatBeku) -> String {
    format!(
        "{}/{}/rapat-{}/",
        Aturan::PaketRapat.code(),
        r.periode,
        r.id
    )
}

/// The participants chosen for meeting `r` (every active account of the
/// roles chosen; a camat sees every kecamatan in a meeting pack, as in the
/// meeting room) get its pack: the PDF by e-mail with its hashes.
pub fn pesan_paket_rapat(
    k: &Keadaan<'_>,
    r: &RapatBeku,
    (nama, pdf): (&str, &[u8]),
    sudah: &dyn Fn(&str) -> bool,
) -> Vec<PesanBaru> {
    let tautan = format!("{}/rapat?id={}", k.url_dasar, r.id);
    let judul = format!(
        "Paket rapat: {} ({})",
        kutip(&r.judul, 120),
        tanggal(r.tanggal)
    );
    let isi = format!(
        "Yth. {{nama}},\n\nterlampir paket rapat \"{}\" tanggal {}, dengan angka laporan {} \
         yang dibekukan untuk rapat ({nama}).\n\n{}\n\nRuang rapat dan tindak lanjut: {tautan}\n\n{PENUTUP}",
        kutip(&r.judul, 200),
        tanggal(r.tanggal),
        r.periode.label(),
        teks_hash(pdf, &r.hash),
    );
    let awal = kunci_rapat_awal(r);
    lampirkan(
        &aktif_dengan(k, &r.peserta, None),
        k.aktif,
        (Aturan::PaketRapat, r.periode),
        &|penerima, saluran| format!("{awal}{penerima}/{}", saluran.code()),
        (&judul, &isi, &tautan),
        (nama, pdf),
        sudah,
    )
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

    fn orang(nama: &str, peran: Peran, cakupan: Option<&str>) -> Penerima {
        Penerima {
            pengguna: Pengguna {
                id: 0,
                nama_pengguna: nama.into(),
                nama: nama.to_uppercase(),
                peran: peran.code().into(),
                cakupan: cakupan.map(str::to_string),
                aktif: true,
                dibuat_pada: chrono::Utc::now(),
                diubah_pada: chrono::Utc::now(),
            },
            kontak: Kontak::default(),
        }
    }

    fn capaian(ind: &str, status: model::status::StatusTarget) -> model::view::Capaian {
        model::view::Capaian {
            indikator: ind.into(),
            indikator_nama: format!("Indikator {ind}"),
            cakupan: "kota".into(),
            aktual: 0.4,
            harapan: 0.6,
            target: 1.0,
            tenggat: "2026-12-31".into(),
            status,
            persen: true,
        }
    }

    /// Runs the rules on `hari` with `status` and nothing else to tell.
    fn jalankan(
        w: &Wilayah,
        orang: &[Penerima],
        status: Option<&StatusKecamatan>,
        hari: NaiveDate,
        pekan: Option<&str>,
        semua_lapor: bool,
    ) -> Vec<PesanBaru> {
        let kode: Vec<String> = w.kelurahan.iter().map(|k| k.code.clone()).collect();
        let sudah = move |_| {
            if semua_lapor {
                kode.clone()
            } else {
                Vec::new()
            }
        };
        pesan_hari_ini(&Keadaan {
            hari_ini: hari,
            hari_batas: 10,
            wilayah: w,
            penerima: orang,
            sudah_lapor: &sudah,
            url_dasar: "https://p.example",
            aktif: SaluranAktif::default(),
            dikembalikan: &[],
            menunggu: &[],
            tindak: &[],
            status,
            pekan,
        })
    }

    #[test]
    fn a_fall_to_tertinggal_is_told_to_its_camat_and_the_dinas_once_per_change() {
        use model::status::StatusTarget::*;
        let w = Wilayah::embedded().unwrap();
        let (a, b) = (&w.kecamatan[0].code, &w.kecamatan[1].code);
        let orang = [
            orang("camat.a", Peran::Camat, Some(a)),
            orang("camat.b", Peran::Camat, Some(b)),
            orang("dinas", Peran::Admin, None),
            orang("walikota", Peran::Pimpinan, None),
        ];
        let st = StatusKecamatan {
            periode: Periode::new(2026, 11).unwrap(),
            kini: vec![
                (
                    a.clone(),
                    vec![
                        capaian("gerai", Tertinggal),
                        capaian("anggota", Tertinggal),
                        capaian("badan_hukum", Berisiko),
                    ],
                ),
                (b.clone(), vec![capaian("gerai", Tertinggal)]),
            ],
            lalu: vec![
                (
                    a.clone(),
                    vec![
                        capaian("gerai", Berisiko),
                        capaian("anggota", Tertinggal),
                        capaian("badan_hukum", SesuaiJalur),
                    ],
                ),
                // b: no target the month before, so no change to tell.
                (b.clone(), vec![]),
            ],
        };
        assert_eq!(st.turun().len(), 1, "only gerai in a fell");
        let hari = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let pesan = jalankan(&w, &orang, Some(&st), hari, None, true);
        let siapa: Vec<&str> = pesan.iter().map(|p| p.penerima.as_str()).collect();
        assert_eq!(siapa, ["camat.a", "dinas"]);
        assert!(pesan.iter().all(|p| p.aturan == Aturan::Tertinggal));
        assert!(
            pesan[0]
                .isi
                .contains("Indikator gerai: 40,0% (lintasan 60,0%, target 100,0%)"),
            "{}",
            pesan[0].isi
        );
        assert!(pesan[0].isi.contains("bulan sebelumnya berisiko"));
        assert!(
            !pesan[0].isi.contains("anggota"),
            "no news: it was tertinggal already"
        );
        assert!(
            pesan[0]
                .tautan
                .ends_with(&format!("/kecamatan/{a}?bulan=2026-11"))
        );
        // Another indicator falling later the same month: another key.
        let mut st2 = st.clone();
        st2.kini[0].1[2].status = Tertinggal;
        let lagi = jalankan(&w, &orang, Some(&st2), hari, None, true);
        assert_eq!(lagi.len(), 2);
        assert!(
            lagi.iter()
                .all(|p| !pesan.iter().any(|q| q.kunci == p.kunci))
        );
        // The same state the next day: the same keys (queued once).
        let besok = jalankan(&w, &orang, Some(&st), hari.succ_opt().unwrap(), None, true);
        assert_eq!(
            besok.iter().map(|p| &p.kunci).collect::<Vec<_>>(),
            pesan.iter().map(|p| &p.kunci).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_weekly_digest_tells_only_exceptions_and_nothing_in_a_quiet_week() {
        use model::status::StatusTarget::*;
        let w = Wilayah::embedded().unwrap();
        let orang = [
            orang("sekda", Peran::Pimpinan, None),
            orang("dinas", Peran::Admin, None),
        ];
        let senin = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
        // Everything reported, nothing behind: no digest.
        let tenang = StatusKecamatan {
            periode: Periode::new(2026, 11).unwrap(),
            kini: vec![(
                w.kecamatan[0].code.clone(),
                vec![capaian("gerai", SesuaiJalur)],
            )],
            lalu: vec![],
        };
        assert!(jalankan(&w, &orang, Some(&tenang), senin, Some("2026-W51"), true).is_empty());
        // No week due (Monday before 07.00): no digest whatever the state.
        assert!(
            jalankan(&w, &orang, None, senin, None, false)
                .iter()
                .all(|p| p.aturan != Aturan::RingkasanPekanan)
        );
        // Nobody reported November (due 10 December) and a kecamatan is
        // behind: the pimpinan alone gets one digest with both.
        let mut berat = tenang.clone();
        berat.kini[0].1[0].status = Tertinggal;
        let r: Vec<PesanBaru> = jalankan(&w, &orang, Some(&berat), senin, Some("2026-W51"), false)
            .into_iter()
            .filter(|p| p.aturan == Aturan::RingkasanPekanan)
            .collect();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].penerima, "sekda");
        assert!(
            r[0].judul.contains("2 hal perlu perhatian"),
            "{}",
            r[0].judul
        );
        assert!(
            r[0].isi
                .contains("107 KKMP belum melapor untuk November 2026")
        );
        assert!(r[0].isi.contains(&format!(
            "Kecamatan {}: 1 dari 1 indikator",
            w.kecamatan[0].nama
        )));
        assert!(
            r[0].isi.contains("- dan 3 lainnya"),
            "18 kecamatan, 15 listed"
        );
        assert_eq!(r[0].kunci, "ringkasan-pekanan/2026-12/2026-W51/sekda/log");
    }

    #[test]
    fn a_meeting_pack_goes_to_the_roles_chosen_with_its_hashes() {
        let w = Wilayah::embedded().unwrap();
        let orang = [
            orang("sekda", Peran::Pimpinan, None),
            orang("dinas", Peran::Admin, None),
            orang("camat.a", Peran::Camat, Some(&w.kecamatan[0].code)),
            orang("irban", Peran::Inspektorat, None),
            orang("lurah.a", Peran::Lurah, Some(&w.kelurahan[0].code)),
        ];
        let kosong = |_| Vec::new();
        let k = Keadaan {
            hari_ini: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
            hari_batas: 10,
            wilayah: &w,
            penerima: &orang,
            sudah_lapor: &kosong,
            url_dasar: "https://p.example",
            aktif: SaluranAktif {
                surel: true,
                whatsapp: false,
            },
            dikembalikan: &[],
            menunggu: &[],
            tindak: &[],
            status: None,
            pekan: None,
        };
        let r = RapatBeku {
            id: 9,
            judul: "Rapat koordinasi\nBcc: x".into(),
            tanggal: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            periode: Periode::new(2026, 11).unwrap(),
            hash: "ab".repeat(32),
            peserta: vec![Peran::Pimpinan, Peran::Camat],
        };
        let sudah = |k: &str| k.contains("/sekda/");
        let pesan = pesan_paket_rapat(&k, &r, ("paket-rapat-9.pdf", b"%PDF-1.7"), &sudah);
        assert_eq!(
            pesan
                .iter()
                .map(|p| p.penerima.as_str())
                .collect::<Vec<_>>(),
            ["camat.a"],
            "the roles chosen, less what was queued before"
        );
        let p = &pesan[0];
        assert_eq!(p.kunci, "paket-rapat/2026-11/rapat-9/camat.a/log");
        assert!(p.lampiran.is_none(), "no address: the log, no attachment");
        assert!(p.isi.contains(&format!("Hash data: {}", "ab".repeat(32))));
        assert!(p.isi.contains("SHA-256 berkas: "));
        assert!(
            !p.judul.contains('\n'),
            "a title typed with a line break stays one line"
        );
        assert_eq!(p.tautan, "https://p.example/rapat?id=9");
    }
}
