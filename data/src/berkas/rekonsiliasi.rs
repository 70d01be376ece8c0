//! Reading SIMKOPDES' per-KKMP export (CSV streamed row by row, or a
//! workbook's first sheet from the reader process): every header judged by
//! the column mapping, every row of Kota Palembang matched to its
//! kelurahan and its values read; every problem located by row and column.
//! Rows of other regions are counted and dropped as they stream past, so
//! the national file of 80,000 rows is held one row at a time.

use crate::berkas::impor::{Batas, Temuan, Terbaca, buka_tabel, kolom_huruf};
use crate::inti::rekonsiliasi::{
    Hasil, Kolom, NilaiNasional, Pencocok, Peta, baca_badan_hukum, baca_jumlah, baca_tahap,
};
use model::rekonsiliasi::CaraCocok;
use std::collections::HashMap;

/// Problems listed in full; beyond this they are counted.
pub const GALAT_MAKS: usize = 200;

/// One row of Kota Palembang, tied to its kelurahan.
#[derive(Clone, Debug, PartialEq)]
pub struct BarisCocok {
    pub baris: u64,
    pub kelurahan_code: String,
    pub cara: CaraCocok,
    /// Why a person must confirm the match (None: certain).
    pub ragu: Option<String>,
    /// What the row says: "Kec. Sukarame, Kel. Sukodadi".
    pub tertulis: String,
    pub nilai: NilaiNasional,
}

/// What the file holds for the city.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pembacaan {
    pub sha256: String,
    pub baris_data: u64,
    pub di_luar_kota: u64,
    pub baris: Vec<BarisCocok>,
    pub galat: Vec<Temuan>,
    pub jumlah_galat: u64,
}

impl Pembacaan {
    fn galat(&mut self, t: Temuan) {
        self.jumlah_galat += 1;
        if self.galat.len() < GALAT_MAKS {
            self.galat.push(t);
        }
    }
}

/// Reads `bytes` (already recognised as `terbaca`) with mapping `peta`.
pub fn baca(
    bytes: &[u8],
    terbaca: &Terbaca,
    nama: &str,
    peta: &Peta,
    pencocok: &Pencocok,
    batas: Batas,
) -> Pembacaan {
    let mut out = Pembacaan {
        sha256: crate::inti::sandi::sha256_hex(bytes),
        ..Pembacaan::default()
    };
    let tabel = match buka_tabel(bytes, terbaca, nama, None) {
        Ok(t) => t,
        Err(t) => {
            out.galat(t);
            return out;
        }
    };
    let lembar = tabel.lembar.clone();
    let di = |baris: Option<u64>, kolom: Option<String>, pesan: String| Temuan {
        lembar: lembar.clone(),
        baris,
        kolom,
        pesan,
    };
    // The header: every column known, none twice.
    let mut kolom: Vec<Option<Kolom>> = Vec::with_capacity(tabel.judul.len());
    let mut dipakai: HashMap<Kolom, usize> = HashMap::new();
    for (i, j) in tabel.judul.iter().enumerate() {
        if j.trim().is_empty() {
            kolom.push(None);
            continue;
        }
        let Some(k) = peta.kolom(j) else {
            out.galat(di(
                None,
                Some(j.clone()),
                format!(
                    "judul kolom '{j}' tidak dikenal (kolom {}): tambahkan ke pemetaan kolom SIMKOPDES, sebagai bidang yang dibaca atau 'abaikan'",
                    kolom_huruf(i)
                ),
            ));
            kolom.push(None);
            continue;
        };
        if k != Kolom::Abaikan
            && let Some(lalu) = dipakai.insert(k, i)
        {
            out.galat(di(
                None,
                Some(j.clone()),
                format!(
                    "kolom {} dan {} sama-sama berisi '{}'; hapus salah satu",
                    kolom_huruf(lalu),
                    kolom_huruf(i),
                    tabel.judul[lalu]
                ),
            ));
        }
        kolom.push(Some(k));
    }
    if !dipakai.contains_key(&Kolom::Kelurahan) && !dipakai.contains_key(&Kolom::KodeWilayah) {
        out.galat(di(
            None,
            None,
            "tidak ada kolom desa/kelurahan atau kode wilayah: baris tidak dapat dicocokkan ke kelurahan".into(),
        ));
    }
    if out.jumlah_galat > 0 {
        return out;
    }
    let judul = tabel.judul.clone();
    let indeks = |k: Kolom| dipakai.get(&k).copied();
    let (i_kode, i_kab, i_kec, i_kel) = (
        indeks(Kolom::KodeWilayah),
        indeks(Kolom::Kabupaten),
        indeks(Kolom::Kecamatan),
        indeks(Kolom::Kelurahan),
    );
    let mut pertama: HashMap<String, u64> = HashMap::new();
    for rec in tabel.baris {
        let (baris, sel) = match rec {
            Ok(r) => r,
            Err(t) => {
                out.galat(t);
                break;
            }
        };
        if sel.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.baris_data += 1;
        if out.baris_data > batas.baris {
            out.galat(di(
                Some(baris),
                None,
                format!(
                    "berkas lebih dari {} baris data; pecah per provinsi",
                    model::format::angka(batas.baris as i64)
                ),
            ));
            break;
        }
        let ambil = |i: Option<usize>| i.and_then(|i| sel.get(i)).map_or("", |s| s.as_str());
        let (kode, kab, kec, kel) = (ambil(i_kode), ambil(i_kab), ambil(i_kec), ambil(i_kel));
        let (code, cara, ragu) = match pencocok.cocokkan(kode, kab, kec, kel) {
            Hasil::DiLuar => {
                out.di_luar_kota += 1;
                continue;
            }
            Hasil::Pasti(c, cara) => (c, cara, None),
            Hasil::Ragu(c, why) => (c, CaraCocok::Dikonfirmasi, Some(why)),
            Hasil::Galat(m) => {
                let k = i_kel.or(i_kode).map(|i| judul[i].clone());
                out.galat(di(Some(baris), k, m));
                continue;
            }
        };
        if let Some(lalu) = pertama.get(&code) {
            out.galat(di(
                Some(baris),
                i_kel.or(i_kode).map(|i| judul[i].clone()),
                format!(
                    "KKMP {} sudah ada di baris {lalu}: satu KKMP satu baris; hapus baris ganda",
                    pencocok.label(&code)
                ),
            ));
            continue;
        }
        pertama.insert(code.clone(), baris);
        let mut nilai = NilaiNasional::default();
        let mut sel_galat = |k: Kolom, m: String| {
            let j = indeks(k).map(|i| judul[i].clone());
            out.galat(di(Some(baris), j, m));
        };
        match baca_badan_hukum(ambil(indeks(Kolom::BadanHukum))) {
            Ok(v) => nilai.badan_hukum = v,
            Err(m) => sel_galat(Kolom::BadanHukum, m),
        }
        match baca_jumlah(ambil(indeks(Kolom::Anggota)), 1_000_000) {
            Ok(v) => nilai.anggota = v,
            Err(m) => sel_galat(Kolom::Anggota, m),
        }
        match baca_jumlah(ambil(indeks(Kolom::Gerai)), 100) {
            Ok(v) => nilai.gerai = v,
            Err(m) => sel_galat(Kolom::Gerai, m),
        }
        match baca_tahap(ambil(indeks(Kolom::TahapPinjaman))) {
            Ok(v) => nilai.tahap_pinjaman = v,
            Err(m) => sel_galat(Kolom::TahapPinjaman, m),
        }
        let tertulis = [("Kode", kode), ("Kec.", kec), ("Kel.", kel)]
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k} {}", crate::inti::teks::potong(v.trim(), 60)))
            .collect::<Vec<_>>()
            .join(", ");
        out.baris.push(BarisCocok {
            baris,
            kelurahan_code: code,
            cara,
            ragu,
            tertulis,
            nilai,
        });
    }
    out
}

/// A national export for tests and benchmarks: `lain` rows of other
/// regions, then one row for each (kelurahan code, name, kecamatan name,
/// values) given, as CSV in the default mapping's headers.
pub fn contoh_csv(lain: usize, kota: &[(String, String, String, NilaiNasional)]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "No",
        "Provinsi",
        "Kabupaten/Kota",
        "Kecamatan",
        "Desa/Kelurahan",
        "Nama Koperasi",
        "Status Badan Hukum",
        "Jumlah Anggota",
        "Jumlah Gerai Beroperasi",
        "Status Pinjaman",
    ]);
    let opsi = |v: Option<String>| v.unwrap_or_default();
    let mut no = 0;
    for i in 0..lain {
        no += 1;
        let _ = w.write_record([
            no.to_string(),
            "Jawa Barat".into(),
            format!("Kabupaten Contoh {}", i % 300),
            format!("Kecamatan {}", i % 40),
            format!("Desa {i}"),
            format!("Koperasi Desa Merah Putih Desa {i}"),
            if i % 3 == 0 { "Sudah" } else { "Belum" }.into(),
            (i % 400).to_string(),
            (i % 4).to_string(),
            String::new(),
        ]);
    }
    for (_, kel, kec, n) in kota {
        no += 1;
        let _ = w.write_record([
            no.to_string(),
            "Sumatera Selatan".into(),
            "Kota Palembang".into(),
            kec.clone(),
            kel.clone(),
            format!("Koperasi Kelurahan Merah Putih {kel}"),
            opsi(
                n.badan_hukum
                    .map(|b| if b { "Sudah" } else { "Belum" }.to_string()),
            ),
            opsi(n.anggota.map(|a| a.to_string())),
            opsi(n.gerai.map(|a| a.to_string())),
            opsi(n.tahap_pinjaman.map(|t| t.label().to_string())),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inti::wilayah::Wilayah;

    fn baca_csv(csv: &str) -> Pembacaan {
        let w = Wilayah::embedded().unwrap();
        baca(
            csv.as_bytes(),
            &Terbaca::Csv,
            "simkopdes.csv",
            &Peta::bawaan(),
            &Pencocok::baru(&w),
            Batas::default(),
        )
    }

    #[test]
    fn rows_are_matched_and_others_skipped() {
        let p = baca_csv(
            "Kabupaten/Kota,Kecamatan,Desa/Kelurahan,Jumlah Anggota,Status Pinjaman,Nama Ketua\n\
             Kab. Bogor,Cibinong,Pakansari,300,,Budi\n\
             Kota Palembang,Ilir Barat II,35 Ilir,120,Proposal,Siti\n\
             Kota Palembang,,Tiga-puluh-dua Ilir,,,\n",
        );
        assert_eq!(p.galat, vec![]);
        assert_eq!((p.baris_data, p.di_luar_kota), (3, 1));
        assert_eq!(p.baris[0].kelurahan_code, "16.71.01.1001");
        assert_eq!(p.baris[0].baris, 3);
        assert_eq!(p.baris[0].nilai.anggota, Some(120));
        assert!(p.baris[0].ragu.is_none());
        assert_eq!(p.baris[1].kelurahan_code, "16.71.01.1002");
        assert!(p.baris[1].ragu.is_some(), "no kecamatan: unsure");
    }

    #[test]
    fn problems_are_located() {
        let p = baca_csv(
            "Kabupaten/Kota,Kecamatan,Desa/Kelurahan,Warna\n\
             Kota Palembang,Ilir Barat II,35 Ilir,merah\n",
        );
        assert_eq!(p.galat.len(), 1);
        assert_eq!(p.galat[0].kolom.as_deref(), Some("Warna"));
        assert!(p.galat[0].pesan.contains("kolom D"), "{:?}", p.galat);
        assert!(p.baris.is_empty(), "no row is read under a bad header");

        let p = baca_csv(
            "Kabupaten/Kota,Kecamatan,Desa/Kelurahan,Jumlah Anggota\n\
             Kota Palembang,Ilir Barat II,35 Ilir,12\n\
             Kota Palembang,Ilir Barat II,35 ilir,abc\n\
             Kota Palembang,Ilir Barat II,Entah,1\n",
        );
        let lokasi: Vec<String> = p
            .galat
            .iter()
            .map(|t| t.to_string().to_lowercase())
            .collect();
        assert_eq!(p.galat.len(), 2, "{lokasi:?}");
        assert!(
            lokasi[0].contains("baris 3") && lokasi[0].contains("sudah ada di baris 2"),
            "{lokasi:?}"
        );
        assert!(
            lokasi[1].contains("baris 4") && lokasi[1].contains("tidak dikenal"),
            "{lokasi:?}"
        );
    }
}
