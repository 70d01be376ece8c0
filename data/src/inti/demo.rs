//! The demo data generator: a deterministic, seeded rollout of the 107 KKMP
//! that looks like the real one (docs/domain.md §4, §8), never copied from it.
//!
//! Legal status comes first (mid 2025), then NIB, NPWP and bank accounts;
//! gerai open gradually and unevenly between kecamatan (each kecamatan has a
//! "momentum"); members and revenue grow with noise; some reports are late or
//! missing; about one cooperative in fourteen stays a formality; a few
//! corrections and a few planted anomalies give the auditors something to
//! find. The same seed and range always give the same data: the random
//! generator is SplitMix64, written out here so that no dependency upgrade
//! can change the demo.
use crate::inti::laporan::Laporan;
use crate::inti::laporan::Pengiriman;
use crate::inti::target::Cakupan;
use crate::inti::target::Target;
use crate::inti::waktu::batas_waktu;
use crate::inti::waktu::wib;
use crate::inti::wilayah::Wilayah;
use chrono::DateTime;
use chrono::Duration;
use chrono::NaiveDate;
use chrono::TimeZone;
use chrono::Utc;
use model::Periode;
use model::status::GeraiStatus;
use model::status::JenisGerai;
use model::status::Lahan;
use model::status::Pembangunan;
use model::status::PinjamanTahap;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoConfig {
    pub seed: u64,
    pub awal: Periode,
    pub akhir: Periode,
    /// Reporting deadline: this day of the following month.
    pub hari_batas: u32,
}

impl Default for DemoConfig {
    /// May 2025 to October 2026: 18 months, the last one complete on the
    /// project's start date (its deadline was 10 November 2026).
    fn default() -> Self {
        DemoConfig {
            seed: 20_250_904,
            awal: Periode::new(2025, 5).expect("valid"),
            akhir: Periode::new(2026, 10).expect("valid"),
            hari_batas: 10,
        }
    }
}

/// The generated data, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct Demo {
    /// Every version in submission order (corrections after their original).
    pub laporan: Vec<(Laporan, Pengiriman)>,
    pub target: Vec<Target>,
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fixed forever.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Exponential with the given mean, floored to whole months.
    fn months(&mut self, mean: f64) -> i32 {
        (-(1.0 - self.unit()).ln() * mean).floor() as i32
    }
}

/// FNV-1a, to derive a stable stream per kelurahan and kecamatan.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A month index far beyond any demo range: "never".
const NEVER: i32 = i32::MAX / 2;

fn idx(year: i32, month: u32) -> i32 {
    Periode::new(year, month).expect("valid").index()
}

/// A date inside the month with index `m`.
fn day_in(rng: &mut Rng, m: i32) -> NaiveDate {
    let p = Periode::from_index(m).expect("valid month");
    NaiveDate::from_ymd_opt(p.year(), p.month(), rng.range(1, 28) as u32).expect("day ≤ 28")
}

/// One cooperative's life plan: the month each milestone happens.
struct Plan {
    formalitas: bool,
    bh: i32,
    tgl_bh: NaiveDate,
    npwp: i32,
    nib: i32,
    rekening: i32,
    simkopdes: i32,
    kantor: i32,
    sembako: i32,
    simpan_pinjam: i32,
    logistik: i32,
    klinik: i32,
    apotek: i32,
    cold_storage: i32,
    unit_lain: i32,
    unit_lain_nama: &'static str,
    lahan_usul: i32,
    lahan_siap: i32,
    bangun_mulai: i32,
    bangun_selesai: i32,
    proposal: i32,
    plafon: i64,
    rat: i32,
    tgl_rat: NaiveDate,
    hibah: (i32, i64),
    anggota_awal: f64,
    pria: f64,
    pengurus: i64,
    basis_sembako: f64,
    basis_lain: f64,
    margin: f64,
    tiket: f64,
}

fn plan(rng: &mut Rng, momentum: f64) -> Plan {
    let formalitas = rng.chance(0.07);
    let bh = idx(2025, 5)
        + match rng.unit() {
            x if x < 0.45 => 0,
            x if x < 0.90 => 1,
            x if x < 0.98 => 2,
            _ => 3,
        };
    let after = |rng: &mut Rng, lo: i64, hi: i64| bh + rng.range(lo, hi) as i32;
    let npwp = if rng.chance(0.02) {
        NEVER
    } else {
        after(rng, 0, 1)
    };
    let nib = if rng.chance(0.05) {
        after(rng, 4, 7)
    } else {
        after(rng, 0, 2)
    };
    let rekening = if rng.chance(0.09) {
        after(rng, 4, 9)
    } else {
        after(rng, 1, 3)
    };
    let simkopdes = after(rng, 0, 2);
    let kantor = if rng.chance(if formalitas { 0.5 } else { 0.92 }) {
        after(rng, 1, 3)
    } else {
        NEVER
    };
    let july = idx(2025, 7);
    let sembako = if formalitas {
        NEVER
    } else {
        let land_delay = if rng.chance(0.15) { 6 } else { 0 };
        july + rng.months(12.0 / momentum) + land_delay
    };
    let open_after = |rng: &mut Rng, p: f64, lo: i64, hi: i64| {
        if sembako < NEVER && rng.chance(p) {
            sembako + rng.range(lo, hi) as i32
        } else {
            NEVER
        }
    };
    let simpan_pinjam = open_after(rng, 0.55, 2, 9);
    let logistik = open_after(rng, 0.15, 3, 12);
    let klinik = open_after(rng, 0.06, 4, 14);
    let apotek = open_after(rng, 0.08, 4, 14);
    let cold_storage = open_after(rng, 0.05, 4, 14);
    let (unit_lain, unit_lain_nama) = if !formalitas && rng.chance(0.25) {
        let names = [
            "Pangkalan LPG",
            "Pupuk bersubsidi",
            "Pertanian",
            "Air minum isi ulang",
        ];
        (
            july + rng.range(0, 3) as i32,
            names[rng.range(0, 3) as usize],
        )
    } else {
        (NEVER, "")
    };
    let lahan_usul = if rng.chance(0.85) {
        idx(2025, 9) + rng.range(0, 6) as i32
    } else {
        NEVER
    };
    let lahan_siap = if lahan_usul < NEVER && rng.chance(0.5) {
        lahan_usul + rng.range(2, 8) as i32
    } else {
        NEVER
    };
    // Building waited for land and asset questions: nothing started before February 2026.
    let bangun_mulai = if lahan_siap < NEVER {
        (lahan_siap + rng.range(1, 4) as i32).max(idx(2026, 2))
    } else {
        NEVER
    };
    let bangun_selesai = if bangun_mulai < NEVER {
        bangun_mulai + rng.range(3, 6) as i32
    } else {
        NEVER
    };
    let proposal = if !formalitas && rng.chance(0.65) {
        idx(2025, 10) + rng.range(0, 6) as i32
    } else {
        NEVER
    };
    let plafon = rng.range(10, 60) * 50_000_000;
    let rat_month = idx(2026, 2) + rng.range(0, 2) as i32;
    let rat = if bh <= idx(2025, 12) && rng.chance(if formalitas { 0.2 } else { 0.75 }) {
        rat_month
    } else {
        NEVER
    };
    let tgl_rat = day_in(rng, rat_month);
    let hibah = if rng.chance(0.2) {
        (
            idx(2026, 1) + rng.range(0, 8) as i32,
            rng.range(5, 20) * 5_000_000,
        )
    } else {
        (NEVER, 0)
    };
    Plan {
        formalitas,
        bh,
        tgl_bh: day_in(rng, bh),
        npwp,
        nib,
        rekening,
        simkopdes,
        kantor,
        sembako,
        simpan_pinjam,
        logistik,
        klinik,
        apotek,
        cold_storage,
        unit_lain,
        unit_lain_nama,
        lahan_usul,
        lahan_siap,
        bangun_mulai,
        bangun_selesai,
        proposal,
        plafon,
        rat,
        tgl_rat,
        hibah,
        anggota_awal: rng.range(20, 60) as f64,
        pria: rng.uniform(0.42, 0.65),
        pengurus: rng.range(5, 9),
        basis_sembako: rng.uniform(30e6, 180e6) * momentum.sqrt(),
        basis_lain: rng.uniform(8e6, 45e6),
        margin: rng.uniform(0.02, 0.09),
        tiket: rng.uniform(60_000.0, 200_000.0),
    }
}

/// The status of a unit that opens in month `open` (two months of
/// preparation before).
fn unit(open: i32, m: i32) -> GeraiStatus {
    if m >= open {
        GeraiStatus::Beroperasi
    } else if open < NEVER && m >= open - 2 {
        GeraiStatus::Persiapan
    } else {
        GeraiStatus::BelumAda
    }
}

fn round_to(x: f64, step: i64) -> i64 {
    ((x / step as f64).round() as i64) * step
}

/// Generates the demo for `wilayah`.
pub fn generate(wilayah: &Wilayah, cfg: &DemoConfig) -> Demo {
    let mut laporan = Vec::new();
    let mut koreksi = Vec::new();
    let awal = cfg.awal.index();
    let akhir = cfg.akhir.index();
    for (nomor, kel) in wilayah.kelurahan.iter().enumerate() {
        let momentum = Rng::new(cfg.seed ^ fnv(&kel.kecamatan_code)).uniform(0.35, 1.6);
        let mut rng = Rng::new(cfg.seed ^ fnv(&kel.code));
        let plan = plan(&mut rng, momentum);
        let mut anggota = plan.anggota_awal;
        let (mut wajib, mut sukarela) = (0i64, 0i64);
        for m in awal..=akhir {
            let periode = Periode::from_index(m).expect("valid month");
            let gerai = [
                unit(plan.kantor, m),
                unit(plan.sembako, m),
                unit(plan.simpan_pinjam, m),
                unit(plan.klinik, m),
                unit(plan.apotek, m),
                unit(plan.cold_storage, m),
                unit(plan.logistik, m),
            ];
            let lain_ops = i64::from(m >= plan.unit_lain);
            let usaha_ops = JenisGerai::ALL
                .iter()
                .zip(gerai)
                .filter(|(j, s)| j.is_usaha() && *s == GeraiStatus::Beroperasi)
                .count() as i64
                + lain_ops;
            let growth = if plan.formalitas {
                rng.uniform(0.0, 0.005)
            } else if usaha_ops > 0 {
                rng.uniform(0.03, 0.09)
            } else {
                rng.uniform(0.005, 0.025)
            };
            if m > awal {
                anggota *= 1.0 + growth;
            }
            let anggota_n = anggota.round() as i64;
            let berbadan_hukum = m >= plan.bh;
            if berbadan_hukum {
                wajib += anggota_n * 10_000;
                sukarela += round_to(rng.uniform(0.0, 20_000.0) * anggota_n as f64, 1_000);
            }
            let mut omzet = 0.0;
            if gerai[1] == GeraiStatus::Beroperasi {
                let ramp = (((m - plan.sembako + 1) as f64) / 4.0).min(1.0);
                omzet += plan.basis_sembako * ramp * rng.uniform(0.8, 1.2);
            }
            omzet += (usaha_ops - i64::from(gerai[1] == GeraiStatus::Beroperasi)) as f64
                * plan.basis_lain
                * rng.uniform(0.7, 1.3);
            let omzet = round_to(omzet, 1_000);
            let lahan = if m >= plan.lahan_siap {
                Lahan::MemenuhiSyarat
            } else if m >= plan.lahan_usul {
                Lahan::Diusulkan
            } else {
                Lahan::BelumAda
            };
            let pembangunan = if m >= plan.bangun_selesai {
                Pembangunan::Selesai
            } else if m >= plan.bangun_mulai {
                Pembangunan::Berjalan
            } else {
                Pembangunan::Belum
            };
            let any_open = gerai.contains(&GeraiStatus::Beroperasi) || lain_ops > 0;
            let stage = if plan.proposal >= NEVER || m < plan.proposal {
                0
            } else {
                // Proposal, then one step every month or two.
                (1 + (m - plan.proposal) * 2 / 3).min(5) as usize
            };
            let tahap = PinjamanTahap::ALL[stage];
            let cair = if tahap == PinjamanTahap::Cair {
                round_to(plan.plafon as f64 * 0.6, 10_000_000)
            } else {
                0
            };
            let cair_sejak = plan.proposal + 6;
            let outstanding = if cair > 0 {
                (cair - (m - cair_sejak).max(0) as i64 * cair / 72).max(0)
            } else {
                0
            };
            let rat = m >= plan.rat && periode.year() == 2026;
            let pria = (anggota_n as f64 * plan.pria).round() as i64;
            let tenaga_kerja = if usaha_ops > 0 {
                1 + 2 * usaha_ops + rng.range(0, 3)
            } else {
                0
            };
            let isi = Laporan {
                kelurahan_code: kel.code.clone(),
                periode,
                badan_hukum: berbadan_hukum,
                tgl_badan_hukum: berbadan_hukum.then_some(plan.tgl_bh),
                nib: m >= plan.nib,
                npwp: m >= plan.npwp,
                rekening: m >= plan.rekening,
                simkopdes: m >= plan.simkopdes,
                anggota: anggota_n,
                anggota_pria: pria,
                anggota_wanita: anggota_n - pria,
                pengurus: plan.pengurus,
                pengawas: 3,
                simpanan_pokok: if berbadan_hukum {
                    anggota_n * 100_000
                } else {
                    0
                },
                simpanan_wajib: wajib,
                simpanan_sukarela: sukarela,
                hibah: if m >= plan.hibah.0 { plan.hibah.1 } else { 0 },
                gerai,
                unit_lain: if m >= plan.unit_lain - 2 {
                    plan.unit_lain_nama.to_string()
                } else {
                    String::new()
                },
                unit_lain_beroperasi: lain_ops,
                lahan,
                pembangunan,
                tempat_sewa: any_open && pembangunan != Pembangunan::Selesai,
                pinjaman_tahap: tahap,
                pinjaman_plafon: if stage >= 1 { plan.plafon } else { 0 },
                pinjaman_cair: cair,
                pinjaman_outstanding: outstanding,
                rat,
                tgl_rat: rat.then_some(plan.tgl_rat),
                omzet,
                shu: round_to(omzet as f64 * plan.margin, 1_000),
                tenaga_kerja,
                transaksi_anggota: (omzet as f64 / plan.tiket).round() as i64,
            };
            let isi = plant_anomaly(nomor, isi, m);

            // Reporting behaviour: missing, late or on time.
            let p_missing = 0.03
                + if plan.formalitas { 0.15 } else { 0.0 }
                + if momentum < 0.6 { 0.04 } else { 0.0 };
            if rng.chance(p_missing) {
                continue;
            }
            let p_late = 0.10 + if momentum < 0.8 { 0.15 } else { 0.0 };
            let deadline = batas_waktu(periode, cfg.hari_batas);
            let dikirim = if rng.chance(p_late) {
                deadline + Duration::days(rng.range(1, 25)) - Duration::hours(rng.range(0, 8))
            } else {
                let next = periode.next();
                let day = rng.range(1, cfg.hari_batas as i64) as u32;
                wib()
                    .with_ymd_and_hms(
                        next.year(),
                        next.month(),
                        day,
                        rng.range(8, 17) as u32,
                        rng.range(0, 59) as u32,
                        0,
                    )
                    .single()
                    .expect("valid WIB time")
                    .with_timezone(&Utc)
            };
            let oleh = format!("operator.{}", kel.code);
            if rng.chance(0.03) && isi.omzet > 0 {
                let mut fixed = isi.clone();
                fixed.omzet = round_to(isi.omzet as f64 * rng.uniform(0.9, 1.1), 1_000);
                fixed.shu = round_to(fixed.omzet as f64 * plan.margin, 1_000);
                koreksi.push((
                    fixed,
                    Pengiriman {
                        dikirim_pada: dikirim + Duration::days(rng.range(2, 12)),
                        dikirim_oleh: oleh.clone(),
                        sumber: "demo".into(),
                        alasan: Some("Perbaikan angka omzet setelah verifikasi camat".into()),
                        ..Default::default()
                    },
                ));
            }
            laporan.push((
                isi,
                Pengiriman {
                    dikirim_pada: dikirim,
                    dikirim_oleh: oleh,
                    sumber: "demo".into(),
                    alasan: None,
                    ..Default::default()
                },
            ));
        }
    }
    laporan.extend(koreksi);
    Demo {
        laporan,
        target: targets(),
    }
}

/// Planted anomalies (docs/domain.md §6), so that the data-quality checks have
/// something real to find: a member count typed with an extra digit, identical
/// round revenue in two neighbouring kelurahan, revenue with no open gerai.
fn plant_anomaly(nomor: usize, mut isi: Laporan, m: i32) -> Laporan {
    match nomor {
        40 if m == idx(2026, 5) => {
            isi.anggota *= 10;
            isi.anggota_wanita = isi.anggota - isi.anggota_pria;
        }
        60 | 61 if (idx(2026, 6)..=idx(2026, 7)).contains(&m) => {
            isi.omzet = 50_000_000;
            isi.shu = 2_500_000;
        }
        90 if m == idx(2026, 8) && isi.unit_usaha_beroperasi() == 0 => {
            isi.omzet = 15_000_000;
        }
        _ => {}
    }
    isi
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Demo targets, following the national milestones (docs/domain.md §5).
pub fn targets() -> Vec<Target> {
    let kota = |indikator: &str, awal: f64, tgl_awal, target: f64, tenggat, ket: &str| Target {
        indikator: indikator.into(),
        cakupan: Cakupan::Kota,
        nilai_awal: awal,
        tgl_awal,
        nilai_target: target,
        tenggat,
        keterangan: ket.into(),
    };
    vec![
        kota(
            "badan_hukum",
            0.0,
            date(2025, 5, 1),
            1.0,
            date(2025, 6, 30),
            "Seluruh 107 KKMP berbadan hukum",
        ),
        kota(
            "rekening",
            0.0,
            date(2025, 5, 1),
            1.0,
            date(2025, 9, 30),
            "Rekening bank atas nama koperasi",
        ),
        kota(
            "gerai_sembako",
            0.0,
            date(2025, 7, 1),
            1.0,
            date(2026, 3, 31),
            "Gerai sembako setiap KKMP beroperasi (tonggak nasional Maret 2026)",
        ),
        kota(
            "beroperasi",
            0.0,
            date(2025, 7, 1),
            1.0,
            date(2026, 6, 30),
            "Setiap KKMP punya unit usaha beroperasi",
        ),
        kota(
            "anggota_rata",
            40.0,
            date(2025, 5, 1),
            150.0,
            date(2026, 12, 31),
            "Rata-rata 150 anggota per KKMP",
        ),
        kota(
            "pinjaman_cair",
            0.0,
            date(2025, 10, 1),
            0.5,
            date(2026, 12, 31),
            "Separuh KKMP menerima pinjaman Himbara",
        ),
        Target {
            indikator: "gerai_sembako".into(),
            cakupan: Cakupan::Kecamatan("16.71.04".into()),
            nilai_awal: 0.0,
            tgl_awal: date(2025, 7, 1),
            nilai_target: 1.0,
            tenggat: date(2025, 12, 31),
            keterangan: "Percontohan Ilir Barat I: gerai sembako lebih awal".into(),
        },
        Target {
            indikator: "anggota_rata".into(),
            cakupan: Cakupan::Kelurahan("16.71.07.1011".into()),
            nilai_awal: 50.0,
            tgl_awal: date(2025, 5, 1),
            nilai_target: 250.0,
            tenggat: date(2026, 12, 31),
            keterangan: "KKMP Sukodadi: 250 anggota (contoh target satu kelurahan)".into(),
        },
    ]
}

/// When the demo targets were set (fixed, for determinism).
pub fn waktu_target() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 4, 28, 2, 0, 0)
        .single()
        .expect("valid")
}

/// The password of every demo account (demo mode only; README lists them).
pub const SANDI: &str = "pantau-demo-2025";

/// One demo account per role: (role, user name, full name, scope). The
/// operator, the lurah and the camat are those of Sukodadi (Sukarami).
pub fn pengguna(
    wilayah: &Wilayah,
) -> Vec<(
    model::akun::Peran,
    &'static str,
    &'static str,
    Option<String>,
)> {
    use model::akun::Peran;
    let kel = wilayah
        .kelurahan
        .iter()
        .find(|k| k.nama == "Sukodadi")
        .or(wilayah.kelurahan.first());
    let kel_code = kel.map(|k| k.code.clone());
    let kec_code = kel.map(|k| k.kecamatan_code.clone());
    vec![
        (Peran::Admin, "dinas", "Admin Dinas Koperasi (contoh)", None),
        (
            Peran::Operator,
            "operator.sukodadi",
            "Operator KKMP Sukodadi (contoh)",
            kel_code.clone(),
        ),
        (
            Peran::Lurah,
            "lurah.sukodadi",
            "Lurah Sukodadi (contoh)",
            kel_code,
        ),
        (
            Peran::Camat,
            "camat.sukarami",
            "Camat Sukarami (contoh)",
            kec_code,
        ),
        (
            Peran::Pimpinan,
            "pimpinan",
            "Wali Kota / Sekda (contoh)",
            None,
        ),
        (
            Peran::Inspektorat,
            "inspektorat",
            "Inspektorat (contoh)",
            None,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Demo {
        generate(&Wilayah::embedded().unwrap(), &DemoConfig::default())
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let a = demo();
        assert_eq!(a, demo());
        let w = Wilayah::embedded().unwrap();
        let b = generate(
            &w,
            &DemoConfig {
                seed: 7,
                ..DemoConfig::default()
            },
        );
        assert_ne!(a.laporan, b.laporan);
    }

    #[test]
    fn covers_every_kkmp_and_month_with_realistic_gaps() {
        let d = demo();
        let firsts: Vec<_> = d
            .laporan
            .iter()
            .filter(|(_, p)| p.alasan.is_none())
            .collect();
        let expected = 107 * 18;
        assert!(
            firsts.len() > expected * 90 / 100 && firsts.len() < expected,
            "{} reports",
            firsts.len()
        );
        let late = firsts
            .iter()
            .filter(|(l, p)| p.dikirim_pada > batas_waktu(l.periode, 10))
            .count();
        assert!(
            late > firsts.len() / 20 && late < firsts.len() / 3,
            "{late} late"
        );
        let corrections = d.laporan.len() - firsts.len();
        assert!(corrections > 10, "{corrections} corrections");
    }

    #[test]
    fn respects_the_hard_rules() {
        for (l, _) in demo().laporan {
            assert!(
                l.pengurus + l.pengawas <= l.anggota,
                "{} {}",
                l.kelurahan_code,
                l.periode
            );
            assert!(l.pinjaman_cair <= l.pinjaman_plafon && l.pinjaman_plafon <= 3_000_000_000);
            assert_eq!(l.anggota_pria + l.anggota_wanita, l.anggota);
            if l.gerai.contains(&GeraiStatus::Beroperasi) {
                assert!(l.tempat_sewa || l.pembangunan == Pembangunan::Selesai);
            }
            assert!(l.omzet >= 0 && l.shu >= 0 && l.simpanan_wajib >= 0);
        }
    }

    #[test]
    fn rollout_has_the_published_order_of_magnitude() {
        let d = demo();
        let sep = Periode::new(2025, 9).unwrap();
        let in_sep: Vec<_> = d
            .laporan
            .iter()
            .filter(|(l, _)| l.periode == sep)
            .map(|(l, _)| l)
            .collect();
        let bh = in_sep.iter().filter(|l| l.badan_hukum).count();
        let operating = in_sep
            .iter()
            .filter(|l| l.unit_usaha_beroperasi() > 0)
            .count();
        assert!(bh * 100 >= in_sep.len() * 95, "{bh} of {}", in_sep.len());
        assert!(
            (15..=60).contains(&operating),
            "{operating} operating in Sep 2025"
        );
    }
}
