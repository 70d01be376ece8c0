//! The city's support interventions (DOMAIN.md §1, the ten efforts): the
//! Dinas logs them per KKMP; the KKMP page lists them, the briefing totals
//! them, and [`Pantau::halaman_intervensi`] sets them beside outcomes — do
//! supported KKMP operate more, and did the support come first?

use crate::catat_jejak;
use crate::error::{DataError, Result};
use crate::jejak::{Entri, Pelaku};
use crate::on_db;
use crate::service::Pantau;
use chrono::{NaiveDate, SecondsFormat, Utc};
use model::Periode;
use model::ruang::{
    DampakDukungan, HalamanIntervensi, Intervensi, JENIS_INTERVENSI, RekapDukungan,
    label_intervensi,
};
use model::status::StatusOperasi;
use std::collections::{BTreeMap, HashMap, HashSet};

/// An intervention as typed in the form.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct IntervensiBaru {
    pub kelurahan_code: String,
    /// YYYY-MM-DD.
    pub tanggal: String,
    pub jenis: String,
    /// Rupiah, digits with optional dots; empty when not money.
    pub nilai: String,
    /// People taking part; empty when not counted.
    pub peserta: String,
    pub catatan: String,
}

#[derive(sqlx::FromRow)]
struct Baris {
    id: i64,
    kelurahan_code: String,
    tanggal: String,
    jenis: String,
    nilai: Option<i64>,
    peserta: Option<i64>,
    catatan: String,
    dicatat_oleh: String,
}

const KOLOM: &str = "id, kelurahan_code, tanggal, jenis, nilai, peserta, catatan, dicatat_oleh";

/// An optional whole number as typed ("5.000.000", "Rp 5.000.000", "").
fn bilangan(label: &str, teks: &str, galat: &mut Vec<String>) -> Option<i64> {
    let t = teks.trim().trim_start_matches("Rp").trim();
    if t.is_empty() {
        return None;
    }
    let digits: String = t.chars().filter(|c| *c != '.' && *c != ' ').collect();
    match digits.parse::<i64>() {
        Ok(n) if n >= 0 => Some(n),
        _ => {
            galat.push(format!(
                "{label}: '{teks}' bukan bilangan bulat tidak negatif (mis. 5.000.000)."
            ));
            None
        }
    }
}

impl Pantau {
    fn lihat_intervensi(&self, b: &Baris) -> Intervensi {
        let kel = self.wilayah().kelurahan(&b.kelurahan_code);
        Intervensi {
            id: b.id,
            kelurahan_code: b.kelurahan_code.clone(),
            kkmp_nama: kel.map(|k| k.kkmp_nama.clone()).unwrap_or_default(),
            kecamatan_nama: kel
                .map(|k| self.nama_kecamatan(&k.kecamatan_code))
                .unwrap_or_default(),
            tanggal: model::format::tanggal_iso(&b.tanggal),
            tanggal_iso: b.tanggal.clone(),
            jenis: b.jenis.clone(),
            jenis_label: label_intervensi(&b.jenis).to_string(),
            nilai: b.nilai,
            peserta: b.peserta,
            catatan: b.catatan.clone(),
            dicatat_oleh: b.dicatat_oleh.clone(),
        }
    }

    async fn intervensi_baris(&self, kelurahan_code: Option<&str>) -> Result<Vec<Baris>> {
        Ok(match kelurahan_code {
            Some(k) => {
                let sql = format!(
                    "SELECT {KOLOM} FROM intervensi WHERE kelurahan_code = $1 ORDER BY tanggal DESC, id DESC"
                );
                on_db!(self.db(), p => sqlx::query_as::<_, Baris>(sqlx::AssertSqlSafe(sql.as_str())).bind(k).fetch_all(p).await?)
            }
            None => {
                let sql = format!("SELECT {KOLOM} FROM intervensi ORDER BY tanggal DESC, id DESC");
                on_db!(self.db(), p => sqlx::query_as::<_, Baris>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await?)
            }
        })
    }

    /// One KKMP's support, newest first.
    pub async fn intervensi_kkmp(&self, kelurahan_code: &str) -> Result<Vec<Intervensi>> {
        Ok(self
            .intervensi_baris(Some(kelurahan_code))
            .await?
            .iter()
            .map(|b| self.lihat_intervensi(b))
            .collect())
    }

    /// Totals per kind (all KKMP, or one kecamatan's).
    pub async fn rekap_dukungan(&self, kecamatan: Option<&str>) -> Result<Vec<RekapDukungan>> {
        let rows = self.intervensi_baris(None).await?;
        Ok(rekap(rows.iter().filter(|b| {
            kecamatan.is_none_or(|k| model::akun::kecamatan_dari(&b.kelurahan_code) == k)
        })))
    }

    /// Logs one support; every field checked and named, nothing stored
    /// when one is wrong.
    pub async fn catat_intervensi(&self, i: &IntervensiBaru, pelaku: &Pelaku) -> Result<i64> {
        let mut galat = Vec::new();
        if self.wilayah().kelurahan(i.kelurahan_code.trim()).is_none() {
            galat.push(format!(
                "KKMP: kode kelurahan '{}' tidak ada di Kota Palembang.",
                i.kelurahan_code
            ));
        }
        match NaiveDate::parse_from_str(i.tanggal.trim(), "%Y-%m-%d") {
            Ok(d) if d > Utc::now().date_naive() => {
                galat.push(format!("Tanggal: {} belum terjadi.", i.tanggal.trim()))
            }
            Ok(_) => {}
            Err(_) => galat.push(format!(
                "Tanggal: '{}' bukan tanggal; pakai format TTTT-BB-HH.",
                i.tanggal
            )),
        }
        if !JENIS_INTERVENSI.iter().any(|(c, _)| *c == i.jenis) {
            galat.push(format!(
                "Jenis: '{}' bukan salah satu dari sepuluh upaya Pemkot.",
                i.jenis
            ));
        }
        let nilai = bilangan("Nilai (Rp)", &i.nilai, &mut galat);
        let peserta = bilangan("Peserta", &i.peserta, &mut galat);
        let catatan = i.catatan.trim();
        if catatan.is_empty() || catatan.chars().count() > 2000 {
            galat.push(
                "Catatan: wajib diisi (apa yang diberikan), paling banyak 2.000 karakter.".into(),
            );
        }
        if !galat.is_empty() {
            return Err(DataError::Invalid(galat.join(" ")));
        }
        let pada = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let entri = Entri::baru(
            "intervensi.catat",
            format!("kkmp:{}", i.kelurahan_code.trim()),
        )
        .sesudah(i);
        let id = on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO intervensi (kelurahan_code, tanggal, jenis, nilai, peserta, catatan, dicatat_oleh, dicatat_pada) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(i.kelurahan_code.trim())
            .bind(i.tanggal.trim())
            .bind(&i.jenis)
            .bind(nilai)
            .bind(peserta)
            .bind(catatan)
            .bind(&pelaku.pengguna)
            .bind(&pada)
            .fetch_one(&mut *tx)
            .await?;
            catat_jejak!(&mut tx, pelaku, &entri);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// The interventions page: the log, the totals and support against
    /// outcome at the newest month.
    pub async fn halaman_intervensi(&self) -> Result<HalamanIntervensi> {
        let rows = self.intervensi_baris(None).await?;
        let (_, demo) = self.db().revisi().await?;
        // The figures the dashboards show for the newest month.
        let isi = self.isi(None).await?;
        let periode = isi.periode;
        // The first month each KKMP reported an operating unit.
        let mut mulai: HashMap<String, Periode> = HashMap::new();
        for r in crate::laporan::terkini(self.db(), false).await? {
            if r.isi.unit_usaha_beroperasi() > 0 {
                let e = mulai
                    .entry(r.isi.kelurahan_code.clone())
                    .or_insert(r.isi.periode);
                *e = (*e).min(r.isi.periode);
            }
        }
        let beroperasi: HashSet<String> = isi
            .kkmp
            .iter()
            .filter(|k| k.baris.status_operasi != StatusOperasi::Belum)
            .map(|k| k.baris.kelurahan_code.clone())
            .collect();
        let semua: Vec<String> = self
            .wilayah()
            .kelurahan
            .iter()
            .map(|k| k.code.clone())
            .collect();
        let dampak = dampak(&rows, &semua, &beroperasi, &mulai);
        Ok(HalamanIntervensi {
            demo,
            daftar: rows.iter().map(|b| self.lihat_intervensi(b)).collect(),
            rekap: rekap(rows.iter()),
            dampak,
            jenis: JENIS_INTERVENSI
                .iter()
                .map(|(c, l)| (c.to_string(), l.to_string()))
                .collect(),
            kkmp: self.pilihan_kkmp(),
            periode,
            hari_ini: crate::ruang::hari_ini().to_string(),
        })
    }
}

fn rekap<'a>(rows: impl Iterator<Item = &'a Baris>) -> Vec<RekapDukungan> {
    let mut by: BTreeMap<&str, (i64, HashSet<&str>, i64, i64)> = BTreeMap::new();
    for b in rows {
        let e = by.entry(b.jenis.as_str()).or_default();
        e.0 += 1;
        e.1.insert(b.kelurahan_code.as_str());
        e.2 += b.nilai.unwrap_or(0);
        e.3 += b.peserta.unwrap_or(0);
    }
    JENIS_INTERVENSI
        .iter()
        .filter_map(|(c, l)| {
            by.get(c).map(|(n, k, v, p)| RekapDukungan {
                jenis: c.to_string(),
                label: l.to_string(),
                kegiatan: *n,
                kkmp: k.len() as i64,
                nilai: *v,
                peserta: *p,
            })
        })
        .collect()
}

/// Per kind: how many supported and unsupported KKMP operate, and for how
/// many operating ones the first support came before their first
/// operating month.
fn dampak(
    rows: &[Baris],
    semua: &[String],
    beroperasi: &HashSet<String>,
    mulai: &HashMap<String, Periode>,
) -> Vec<DampakDukungan> {
    JENIS_INTERVENSI
        .iter()
        .filter_map(|(c, l)| {
            let mut pertama: HashMap<&str, &str> = HashMap::new();
            for b in rows.iter().filter(|b| b.jenis == *c) {
                let e = pertama
                    .entry(b.kelurahan_code.as_str())
                    .or_insert(b.tanggal.as_str());
                if b.tanggal.as_str() < *e {
                    *e = b.tanggal.as_str();
                }
            }
            if pertama.is_empty() {
                return None;
            }
            let didukung = pertama.len() as i64;
            let didukung_beroperasi =
                pertama.keys().filter(|k| beroperasi.contains(**k)).count() as i64;
            let tidak: Vec<&String> = semua
                .iter()
                .filter(|k| !pertama.contains_key(k.as_str()))
                .collect();
            let tidak_beroperasi = tidak.iter().filter(|k| beroperasi.contains(**k)).count() as i64;
            let sebelum = pertama
                .iter()
                .filter(|(k, _)| beroperasi.contains(**k))
                .filter(|(k, t)| {
                    mulai.get(**k).is_some_and(|m| {
                        NaiveDate::parse_from_str(t, "%Y-%m-%d")
                            .ok()
                            .and_then(|d| {
                                use chrono::Datelike;
                                Periode::new(d.year(), d.month())
                            })
                            .is_some_and(|p| p < *m)
                    })
                })
                .count() as i64;
            Some(DampakDukungan {
                jenis: c.to_string(),
                label: l.to_string(),
                didukung,
                didukung_beroperasi,
                tidak_didukung: tidak.len() as i64,
                tidak_didukung_beroperasi: tidak_beroperasi,
                sebelum_beroperasi: sebelum,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baris(kel: &str, jenis: &str, tanggal: &str, nilai: Option<i64>) -> Baris {
        Baris {
            id: 0,
            kelurahan_code: kel.into(),
            tanggal: tanggal.into(),
            jenis: jenis.into(),
            nilai,
            peserta: None,
            catatan: String::new(),
            dicatat_oleh: String::new(),
        }
    }

    #[test]
    fn totals_and_support_before_operating() {
        let rows = vec![
            baris("a", "bantuan_modal", "2025-09-10", Some(10_000_000)),
            baris("a", "bantuan_modal", "2025-12-01", Some(5_000_000)),
            baris("b", "bantuan_modal", "2026-03-01", Some(1_000_000)),
            baris("c", "pelatihan", "2025-08-01", None),
        ];
        let r = rekap(rows.iter());
        let modal = r
            .iter()
            .find(|x| x.jenis == "bantuan_modal")
            .expect("modal");
        assert_eq!(
            (modal.kegiatan, modal.kkmp, modal.nilai),
            (3, 2, 16_000_000)
        );
        let semua: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let jalan: HashSet<String> = ["a", "b", "d"].iter().map(|s| s.to_string()).collect();
        let mut mulai = HashMap::new();
        mulai.insert("a".to_string(), Periode::new(2025, 11).expect("valid"));
        mulai.insert("b".to_string(), Periode::new(2025, 11).expect("valid"));
        mulai.insert("d".to_string(), Periode::new(2025, 10).expect("valid"));
        let d = dampak(&rows, &semua, &jalan, &mulai);
        let modal = d
            .iter()
            .find(|x| x.jenis == "bantuan_modal")
            .expect("modal");
        // a and b supported and operating; only a's first grant came first.
        assert_eq!(
            (
                modal.didukung,
                modal.didukung_beroperasi,
                modal.sebelum_beroperasi
            ),
            (2, 2, 1)
        );
        assert_eq!(
            (modal.tidak_didukung, modal.tidak_didukung_beroperasi),
            (2, 1)
        );
        assert!(d.iter().all(|x| x.jenis != "penghargaan"));
    }

    #[test]
    fn amounts_as_typed() {
        let mut g = Vec::new();
        assert_eq!(bilangan("Nilai", "Rp 5.000.000", &mut g), Some(5_000_000));
        assert_eq!(bilangan("Nilai", "", &mut g), None);
        assert!(g.is_empty());
        assert_eq!(bilangan("Nilai", "-3", &mut g), None);
        assert!(g[0].starts_with("Nilai: '-3'"));
    }
}
