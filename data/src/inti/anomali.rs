//! The Inspektorat's anomaly list and risk ranking (docs/domain.md §6), computed
//! from what was submitted (the latest version of every report, accepted or
//! not), the approval steps and the reporting deadlines.
//!
//! Every anomaly has a stable key (kind/kelurahan/month/field) so that a
//! follow-up note stays attached when the list is recomputed. Robust
//! statistics only: median and MAD ([`validasi::pencilan`]), never mean and
//! standard deviation, so one wild value cannot hide another.

use crate::inti::laporan::LaporanTersimpan;
use crate::inti::waktu::hari_terlambat;
use model::Periode;
use model::akun::kecamatan_dari;
use model::format::angka;
use model::format::rupiah;
use model::ruang::Anomali;
use model::ruang::BarisRisiko;
use model::ruang::JENIS_ANOMALI;
use std::collections::BTreeMap;
use std::collections::HashMap;

/// Months of a KKMP's own history needed before a jump is judged.
const RIWAYAT_MIN: usize = 4;

/// Peers in the kecamatan needed before a value is judged against them.
const SEJAWAT_MIN: usize = 3;

/// KKMP one account may send for in one month before it is flagged.
const AKUN_MAKS: usize = 3;

/// The smallest monthly change in members, and in revenue, judged at all.
const LONJAK_ANGGOTA: i64 = 25;

const LONJAK_OMZET: i64 = 10_000_000;

/// A change is judged only when the figure at least tripled or fell to a
/// third.
const RASIO_MIN: f64 = 3.0;

/// A change this many robust standard deviations (MAD × 1.4826) from the
/// median change is a jump.
const BATAS_Z: f64 = 5.0;

/// Revenue from this amount up, in whole millions, reads as typed, not counted.
const BULAT_MIN: i64 = 5_000_000;

/// An anomaly before names are attached: kind, kelurahan, month, field,
/// description, evidence link.
#[derive(Clone, Debug, PartialEq)]
pub struct Temuan {
    pub jenis: &'static str,
    pub kelurahan_code: String,
    pub periode: Option<Periode>,
    pub kolom: &'static str,
    pub uraian: String,
    pub bukti: String,
}

impl Temuan {
    pub fn kunci(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.jenis,
            self.kelurahan_code,
            self.periode.map(|p| p.to_string()).unwrap_or_default(),
            self.kolom
        )
    }
}

/// Whether change `x` lies far outside the changes in `acuan`: a robust
/// z-score above [`BATAS_Z`] (a flat history, MAD 0, counts any change
/// beyond the floor the caller applied).
fn lonjakan(x: f64, acuan: &[f64]) -> bool {
    let (Some(m), Some(s)) = (
        crate::inti::statistik::median(acuan),
        crate::inti::statistik::mad(acuan),
    ) else {
        return false;
    };
    let gap = (x - m).abs();
    if s > 0.0 {
        gap / s > BATAS_Z
    } else {
        gap > 0.0
    }
}

/// A log ratio as people read a change: "+12,5%", "−40,0%".
fn persen_ubah(log_rasio: f64) -> String {
    let x = log_rasio.exp() - 1.0;
    let t = model::format::persen(x.abs());
    if x >= 0.0 {
        format!("+{t}")
    } else {
        format!("−{t}")
    }
}

fn bukti_versi(r: &LaporanTersimpan) -> String {
    format!(
        "/kkmp/{}/{}/{}",
        r.isi.kelurahan_code, r.isi.periode, r.versi
    )
}

/// The checks, pure: `rows` the latest version of every report, `dibuka`
/// the (KKMP, month, note) reopened after acceptance, `wajib` the months
/// whose deadline has passed, `kkmp` every KKMP's code.
pub fn periksa(
    rows: &[LaporanTersimpan],
    dibuka: &[(String, Periode, String)],
    wajib: &[Periode],
    kkmp: &[String],
    hari_batas: u32,
) -> Vec<Temuan> {
    let mut out = Vec::new();
    let mut per_kkmp: HashMap<&str, Vec<&LaporanTersimpan>> = HashMap::new();
    let mut per_bulan: HashMap<Periode, Vec<&LaporanTersimpan>> = HashMap::new();
    for r in rows {
        per_kkmp.entry(&r.isi.kelurahan_code).or_default().push(r);
        per_bulan.entry(r.isi.periode).or_default().push(r);
    }
    type Ambil = fn(&LaporanTersimpan) -> i64;
    type Tulis = fn(i64) -> String;
    // (field, label, value, format, the smallest change worth a look).
    let figur: [(&str, &str, Ambil, Tulis, i64); 2] = [
        (
            "anggota",
            "jumlah anggota",
            |r| r.isi.anggota,
            angka,
            LONJAK_ANGGOTA,
        ),
        ("omzet", "omzet", |r| r.isi.omzet, rupiah, LONJAK_OMZET),
    ];
    // A report's change from the same KKMP's previous month, for each
    // figure, as the log of the ratio (so growth at a steady pace reads as
    // ordinary at any size) with the change and the earlier value — None
    // without a previous month with a positive figure or, for revenue,
    // when the number of operating units changed (a gerai opening or
    // closing explains the change).
    let mut lalu: HashMap<(&str, Periode), &LaporanTersimpan> = HashMap::new();
    for r in rows {
        lalu.insert((r.isi.kelurahan_code.as_str(), r.isi.periode), r);
    }
    let ubah = |r: &LaporanTersimpan, j: usize| -> Option<(f64, i64, i64)> {
        let p = lalu.get(&(r.isi.kelurahan_code.as_str(), r.isi.periode.prev()))?;
        if j == 1 && p.isi.unit_usaha_beroperasi() != r.isi.unit_usaha_beroperasi() {
            return None;
        }
        let f = figur[j].2;
        let (a, b) = (f(p), f(r));
        (a > 0).then(|| (((b.max(0) as f64) / a as f64).max(0.01).ln(), b - a, a))
    };
    for r in rows {
        let code = r.isi.kelurahan_code.as_str();
        let p = r.isi.periode;
        for (j, (kolom, label, f, fmt, lantai)) in figur.iter().enumerate() {
            let Some((rasio, d, sebelum)) = ubah(r, j) else {
                continue;
            };
            // Small changes are ordinary, whatever the statistics say: at
            // least tripled or down to a third, and by more than the floor.
            if rasio.abs() < RASIO_MIN.ln() || d.abs() < *lantai {
                continue;
            }
            let arah = if d > 0 { "naik" } else { "turun" };
            // Against its own earlier changes.
            let sendiri: Vec<f64> = per_kkmp[code]
                .iter()
                .filter(|x| x.isi.periode < p)
                .filter_map(|x| ubah(x, j))
                .map(|(x, _, _)| x)
                .collect();
            if sendiri.len() >= RIWAYAT_MIN && lonjakan(rasio, &sendiri) {
                out.push(Temuan {
                    jenis: "pencilan_riwayat",
                    kelurahan_code: code.into(),
                    periode: Some(p),
                    kolom,
                    uraian: format!(
                        "{} {} {arah} {} menjadi {} (dari {}); biasanya berubah {} per bulan.",
                        model::format::awal_kecil(label),
                        p.label(),
                        fmt(d.abs()),
                        fmt(f(r)),
                        fmt(sebelum),
                        persen_ubah(crate::inti::statistik::median(&sendiri).unwrap_or(0.0))
                    ),
                    bukti: bukti_versi(r),
                });
            }
            // Against the same month's changes of its kecamatan peers.
            let sejawat: Vec<f64> = per_bulan[&p]
                .iter()
                .filter(|x| {
                    x.isi.kelurahan_code != code
                        && kecamatan_dari(&x.isi.kelurahan_code) == kecamatan_dari(code)
                })
                .filter_map(|x| ubah(x, j))
                .map(|(x, _, _)| x)
                .collect();
            if sejawat.len() >= SEJAWAT_MIN && lonjakan(rasio, &sejawat) {
                out.push(Temuan {
                    jenis: "pencilan_sejawat",
                    kelurahan_code: code.into(),
                    periode: Some(p),
                    kolom,
                    uraian: format!(
                        "{} {} {arah} {} menjadi {}; di {} KKMP lain sekecamatan bulan itu median {}.",
                        model::format::awal_kecil(label),
                        p.label(),
                        fmt(d.abs()),
                        fmt(f(r)),
                        sejawat.len(),
                        persen_ubah(crate::inti::statistik::median(&sejawat).unwrap_or(0.0))
                    ),
                    bukti: bukti_versi(r),
                });
            }
        }
        // Identical non-zero revenue elsewhere in the city that month.
        if r.isi.omzet > 0 {
            let kembar: Vec<&str> = per_bulan[&p]
                .iter()
                .filter(|x| x.isi.kelurahan_code != code && x.isi.omzet == r.isi.omzet)
                .map(|x| x.isi.kelurahan_code.as_str())
                .collect();
            if !kembar.is_empty() {
                out.push(Temuan {
                    jenis: "nilai_kembar",
                    kelurahan_code: code.into(),
                    periode: Some(p),
                    kolom: "omzet",
                    uraian: format!(
                        "Omzet {} {} sama persis dengan kelurahan {}.",
                        p.label(),
                        rupiah(r.isi.omzet),
                        kembar.join(", ")
                    ),
                    bukti: bukti_versi(r),
                });
            }
        }
        if r.isi.omzet >= BULAT_MIN && r.isi.omzet % 1_000_000 == 0 {
            out.push(Temuan {
                jenis: "nilai_bulat",
                kelurahan_code: code.into(),
                periode: Some(p),
                kolom: "omzet",
                uraian: format!(
                    "Omzet {} tepat {}: angka bulat jutaan, seperti perkiraan, bukan hitungan.",
                    p.label(),
                    rupiah(r.isi.omzet)
                ),
                bukti: bukti_versi(r),
            });
        }
        if r.isi.omzet > 0 && r.isi.unit_usaha_beroperasi() == 0 {
            out.push(Temuan {
                jenis: "omzet_tanpa_gerai",
                kelurahan_code: code.into(),
                periode: Some(p),
                kolom: "omzet",
                uraian: format!(
                    "Omzet {} {} padahal tidak ada gerai atau unit usaha yang beroperasi.",
                    p.label(),
                    rupiah(r.isi.omzet)
                ),
                bukti: bukti_versi(r),
            });
        }
    }
    for (code, p, catatan) in dibuka {
        out.push(Temuan {
            jenis: "ubah_setelah_diterima",
            kelurahan_code: code.clone(),
            periode: Some(*p),
            kolom: "",
            uraian: format!(
                "Laporan {} dibuka kembali setelah diterima: \"{catatan}\".",
                p.label()
            ),
            bukti: format!("/kkmp/{code}"),
        });
    }
    // One account sending for many KKMP in a month.
    let mut akun: BTreeMap<(&str, Periode), Vec<&LaporanTersimpan>> = BTreeMap::new();
    for r in rows {
        akun.entry((r.pengiriman.dikirim_oleh.as_str(), r.isi.periode))
            .or_default()
            .push(r);
    }
    for ((oleh, p), rs) in &akun {
        if rs.len() > AKUN_MAKS && !oleh.starts_with("sistem:") && *oleh != "demo" {
            for r in rs {
                out.push(Temuan {
                    jenis: "satu_akun_banyak_kkmp",
                    kelurahan_code: r.isi.kelurahan_code.clone(),
                    periode: Some(*p),
                    kolom: "dikirim_oleh",
                    uraian: format!(
                        "Laporan {} dikirim oleh '{oleh}', yang mengirim untuk {} KKMP bulan itu.",
                        p.label(),
                        rs.len()
                    ),
                    bukti: bukti_versi(r),
                });
            }
        }
    }
    // Late and missing reports, one line per KKMP.
    for code in kkmp {
        let mine = per_kkmp.get(code.as_str()).cloned().unwrap_or_default();
        let ada: HashMap<Periode, &LaporanTersimpan> =
            mine.iter().map(|r| (r.isi.periode, *r)).collect();
        let telat: Vec<(Periode, i64)> = wajib
            .iter()
            .filter_map(|p| {
                let r = ada.get(p)?;
                let d = hari_terlambat(*p, hari_batas, r.pertama_dikirim);
                (d > 0).then_some((*p, d))
            })
            .collect();
        if telat.len() >= 2 {
            out.push(Temuan {
                jenis: "terlambat",
                kelurahan_code: code.clone(),
                periode: None,
                kolom: "",
                uraian: format!(
                    "Terlambat {} kali: {}.",
                    telat.len(),
                    telat
                        .iter()
                        .map(|(p, d)| format!("{} ({d} hari)", p.short_label()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                bukti: format!("/kkmp/{code}"),
            });
        }
        let hilang: Vec<Periode> = wajib
            .iter()
            .copied()
            .filter(|p| !ada.contains_key(p))
            .collect();
        if !hilang.is_empty() {
            out.push(Temuan {
                jenis: "tidak_lapor",
                kelurahan_code: code.clone(),
                periode: None,
                kolom: "",
                uraian: format!(
                    "Tidak melapor {} bulan: {}.",
                    hilang.len(),
                    hilang
                        .iter()
                        .map(|p| p.short_label())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                bukti: format!("/kkmp/{code}"),
            });
        }
    }
    out
}

/// The risk score per KKMP: the weights of its anomalies, highest first.
pub fn risiko(anomali: &[Anomali]) -> Vec<BarisRisiko> {
    /// Per KKMP: score, open items, count per kind, one of its anomalies.
    type Skor<'a> = (i64, i64, BTreeMap<&'a str, i64>, &'a Anomali);
    let mut by: BTreeMap<&str, Skor> = BTreeMap::new();
    for a in anomali {
        let e = by
            .entry(&a.kelurahan_code)
            .or_insert((0, 0, BTreeMap::new(), a));
        e.0 += a.bobot;
        e.1 += a.tindak.is_none() as i64;
        *e.2.entry(a.jenis.as_str()).or_default() += 1;
    }
    let mut rows: Vec<BarisRisiko> = by
        .into_iter()
        .map(|(code, (skor, terbuka, jenis, a))| BarisRisiko {
            peringkat: 0,
            kelurahan_code: code.to_string(),
            kkmp_nama: a.kkmp_nama.clone(),
            kecamatan_nama: a.kecamatan_nama.clone(),
            skor,
            rincian: JENIS_ANOMALI
                .iter()
                .filter_map(|(c, l, _)| jenis.get(c).map(|n| format!("{n}× {}", l.to_lowercase())))
                .collect::<Vec<_>>()
                .join(", "),
            terbuka,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.skor
            .cmp(&a.skor)
            .then(b.terbuka.cmp(&a.terbuka))
            .then(a.kelurahan_code.cmp(&b.kelurahan_code))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.peringkat = i as i64 + 1;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inti::laporan::Laporan;
    use crate::inti::laporan::Pengiriman;
    use chrono::TimeZone;
    use chrono::Utc;
    use model::ruang::jenis_anomali;

    fn laporan(code: &str, p: Periode, anggota: i64, omzet: i64, oleh: &str) -> LaporanTersimpan {
        let mut isi = crate::inti::isian::kosong(code, p);
        isi.anggota = anggota;
        isi.omzet = omzet;
        isi.gerai[1] = model::status::GeraiStatus::Beroperasi;
        let tepat = Utc
            .with_ymd_and_hms(p.next().year(), p.next().month(), 5, 3, 0, 0)
            .single()
            .expect("valid");
        LaporanTersimpan {
            id: 0,
            versi: 1,
            pengiriman: Pengiriman {
                dikirim_pada: tepat,
                dikirim_oleh: oleh.into(),
                sumber: "formulir".into(),
                ..Pengiriman::default()
            },
            pertama_dikirim: tepat,
            isi: Laporan { ..isi },
        }
    }

    fn bulan(m: u32) -> Periode {
        Periode::new(2026, m).expect("valid")
    }

    #[test]
    fn each_kind_is_found_on_a_constructed_case() {
        let kel = [
            "16.71.07.1001",
            "16.71.07.1002",
            "16.71.07.1003",
            "16.71.07.1004",
        ];
        let mut rows = Vec::new();
        for m in 1..=6 {
            for (i, k) in kel.iter().enumerate() {
                let omzet = 3_000_000 + 7_131 * (i as i64 + 1) + 1_013 * m as i64;
                rows.push(laporan(
                    k,
                    bulan(m),
                    100 + i as i64 + m as i64,
                    omzet,
                    &format!("op.{k}"),
                ));
            }
        }
        // A member count typed with an extra digit in June.
        rows[20].isi.anggota = 1_060;
        // Identical, round revenue in two kelurahan in May.
        rows[16].isi.omzet = 50_000_000;
        rows[17].isi.omzet = 50_000_000;
        // Revenue with nothing open in April.
        rows[12].isi.gerai[1] = model::status::GeraiStatus::Persiapan;
        // One account sends for all four in March.
        for r in rows.iter_mut().filter(|r| r.isi.periode == bulan(3)) {
            r.pengiriman.dikirim_oleh = "dinas".into();
        }
        // 1004 never reported February; 1003 was late twice.
        rows.retain(|r| !(r.isi.kelurahan_code == kel[3] && r.isi.periode == bulan(2)));
        for r in rows
            .iter_mut()
            .filter(|r| r.isi.kelurahan_code == kel[2] && r.isi.periode <= bulan(2))
        {
            r.pertama_dikirim += chrono::Duration::days(20);
        }
        let dibuka = vec![(kel[1].to_string(), bulan(4), "salah ketik".to_string())];
        let wajib: Vec<Periode> = (1..=6).map(bulan).collect();
        let codes: Vec<String> = kel.iter().map(|k| k.to_string()).collect();
        let t = periksa(&rows, &dibuka, &wajib, &codes, 10);
        let kinds = |j: &str| -> Vec<(String, Option<Periode>)> {
            t.iter()
                .filter(|x| x.jenis == j)
                .map(|x| (x.kelurahan_code.clone(), x.periode))
                .collect()
        };
        assert!(kinds("pencilan_riwayat").contains(&(kel[0].to_string(), Some(bulan(6)))));
        assert!(kinds("pencilan_sejawat").contains(&(kel[0].to_string(), Some(bulan(6)))));
        assert_eq!(kinds("nilai_kembar").len(), 2);
        assert_eq!(kinds("nilai_bulat").len(), 2);
        assert_eq!(
            kinds("omzet_tanpa_gerai"),
            [(kel[0].to_string(), Some(bulan(4)))]
        );
        assert_eq!(kinds("satu_akun_banyak_kkmp").len(), 4);
        assert_eq!(
            kinds("ubah_setelah_diterima"),
            [(kel[1].to_string(), Some(bulan(4)))]
        );
        assert_eq!(kinds("tidak_lapor"), [(kel[3].to_string(), None)]);
        assert_eq!(kinds("terlambat"), [(kel[2].to_string(), None)]);
        // Ordinary months raise nothing: kelurahan 1002 in January.
        assert!(
            !t.iter()
                .any(|x| x.kelurahan_code == kel[1] && x.periode == Some(bulan(1)))
        );
        // Keys are stable and distinct.
        let mut keys: Vec<String> = t.iter().map(Temuan::kunci).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    /// On the demo rollout (members growing, revenue starting as gerai
    /// open) the list stays short enough to read, and finds what the
    /// generator planted.
    #[test]
    fn the_demo_gives_a_short_list_with_the_planted_anomalies() {
        let w = crate::inti::wilayah::Wilayah::embedded().expect("master");
        let demo = crate::inti::demo::generate(&w, &crate::inti::demo::DemoConfig::default());
        let mut terkini: std::collections::BTreeMap<(String, Periode), LaporanTersimpan> =
            Default::default();
        for (i, (l, k)) in demo.laporan.into_iter().enumerate() {
            let key = (l.kelurahan_code.clone(), l.periode);
            let versi = terkini.get(&key).map_or(1, |r| r.versi + 1);
            let pertama = terkini
                .get(&key)
                .map_or(k.dikirim_pada, |r| r.pertama_dikirim);
            terkini.insert(
                key,
                LaporanTersimpan {
                    id: i as i64,
                    versi,
                    pengiriman: k,
                    pertama_dikirim: pertama,
                    isi: l,
                },
            );
        }
        let rows: Vec<LaporanTersimpan> = terkini.into_values().collect();
        let bulan: Vec<Periode> = Periode::new(2025, 5)
            .expect("valid")
            .through(Periode::new(2026, 10).expect("valid"))
            .collect();
        let codes: Vec<String> = w.kelurahan.iter().map(|k| k.code.clone()).collect();
        let t = periksa(&rows, &[], &bulan, &codes, 10);
        let n = |j: &str| t.iter().filter(|x| x.jenis == j).count();
        let ringkas: Vec<(&str, usize)> =
            JENIS_ANOMALI.iter().map(|(c, _, _)| (*c, n(c))).collect();
        assert!(n("pencilan_riwayat") <= 10, "{ringkas:?}");
        assert!(n("pencilan_sejawat") <= 10, "{ringkas:?}");
        let planted = &codes[40];
        assert!(
            t.iter().any(|x| x.jenis == "pencilan_riwayat"
                && &x.kelurahan_code == planted
                && x.periode == Periode::new(2026, 5)),
            "the member count typed with an extra digit"
        );
        assert!(
            n("nilai_kembar") >= 2 && n("omzet_tanpa_gerai") >= 1,
            "{ringkas:?}"
        );
    }

    #[test]
    fn risk_ranks_by_weight_then_open_items() {
        let a = |kel: &str, jenis: &str, tindak: bool| Anomali {
            kunci: format!("{jenis}/{kel}"),
            jenis: jenis.into(),
            jenis_label: String::new(),
            kelurahan_code: kel.into(),
            kkmp_nama: kel.into(),
            kecamatan_nama: String::new(),
            periode: None,
            uraian: String::new(),
            bukti: String::new(),
            bobot: jenis_anomali(jenis).1,
            tindak: tindak.then(|| (String::new(), String::new(), String::new())),
        };
        let r = risiko(&[
            a("x", "terlambat", false),
            a("y", "ubah_setelah_diterima", true),
            a("z", "nilai_bulat", false),
            a("z", "pencilan_riwayat", false),
        ]);
        let order: Vec<&str> = r.iter().map(|x| x.kelurahan_code.as_str()).collect();
        assert_eq!(order, ["z", "y", "x"]);
        assert_eq!((r[0].skor, r[0].terbuka), (4, 2));
        assert_eq!((r[1].skor, r[1].terbuka), (4, 0));
        assert_eq!(r[2].peringkat, 3);
    }
}
