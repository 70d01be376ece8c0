use crate::error::Result;
use crate::inti::target::KOLOM;
use crate::inti::target::Target;
use crate::inti::wilayah::Wilayah;

/// Reads a CSV of targets (header [`KOLOM`], comma or semicolon separated,
/// shares in percent). All or nothing: every bad cell is reported with its
/// row, column letter and field name, in Bahasa.
pub fn baca_csv(isi: &[u8], wilayah: &Wilayah) -> Result<Vec<Target>, Vec<String>> {
    let teks = match std::str::from_utf8(isi.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(isi)) {
        Ok(t) => t,
        Err(_) => {
            return Err(vec![
                "Berkas bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.".into(),
            ]);
        }
    };
    let baris_pertama = teks.lines().next().unwrap_or_default();
    let pemisah = if baris_pertama.matches(';').count() > baris_pertama.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(pemisah)
        .flexible(true)
        .from_reader(teks.as_bytes());
    let mut salah = Vec::new();
    let judul: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![format!("Baris 1: judul kolom tidak terbaca ({e}).")]),
    };
    let mut posisi = [0usize; 8];
    for (i, nama) in KOLOM.iter().enumerate() {
        match judul.iter().position(|j| j == nama) {
            Some(p) => posisi[i] = p,
            None => salah.push(format!(
                "Baris 1: kolom '{nama}' tidak ada. Judul kolom harus: {}.",
                KOLOM.join(", ")
            )),
        }
    }
    if !salah.is_empty() {
        return Err(salah);
    }
    let mut hasil = Vec::new();
    for (n, rec) in rdr.records().enumerate() {
        let baris = n + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                salah.push(format!("Baris {baris}: tidak terbaca ({e})."));
                continue;
            }
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let sel: [&str; 8] = std::array::from_fn(|i| rec.get(posisi[i]).unwrap_or(""));
        match Target::baca(&sel, wilayah) {
            Ok(t) => hasil.push((baris, t)),
            Err(es) => salah.extend(es.into_iter().map(|(i, e)| {
                format!(
                    "Baris {baris}, kolom {} ({}): {e}.",
                    crate::berkas::impor::kolom_huruf(posisi[i]),
                    KOLOM[i]
                )
            })),
        }
    }
    // The same indicator, scope and deadline twice in one file.
    for (i, (b1, a)) in hasil.iter().enumerate() {
        if let Some((b2, _)) = hasil[i + 1..].iter().find(|(_, b)| {
            b.indikator == a.indikator && b.cakupan == a.cakupan && b.tenggat == a.tenggat
        }) {
            salah.push(format!(
                "Baris {b2}: target {} untuk {} dengan tenggat {} sudah ada di baris {b1}.",
                a.indikator,
                a.cakupan.code(),
                a.tenggat
            ));
        }
    }
    if hasil.is_empty() && salah.is_empty() {
        salah.push("Berkas tidak berisi satu target pun.".into());
    }
    if salah.is_empty() {
        Ok(hasil.into_iter().map(|(_, t)| t).collect())
    } else {
        Err(salah)
    }
}

/// A CSV of the active targets in the layout [`baca_csv`] reads.
pub fn tulis_csv(targets: &[Target]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = w.write_record(KOLOM);
    for t in targets {
        let mut rec = t.tulis();
        rec[7] = crate::inti::teks::aman(&rec[7]);
        let _ = w.write_record(&rec);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inti::wilayah::Wilayah;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn csv_errors_name_row_column_and_field() {
        let w = Wilayah::embedded().unwrap();
        let csv = "indikator;cakupan;kode_wilayah;nilai_awal;tgl_awal;nilai_target;tenggat;keterangan\n\
                   gerai_sembako;kota;;0;1/7/2025;100%;31/3/2026;Tonggak nasional\n\
                   omzet;kecamatan;16.71.99;0;1/7/2025;120;30/2/2026;x\n\
                   anggota_rata;kota;16.71;40;1/5/2025;150;31/12/2026;\n";
        let errs = baca_csv(csv.as_bytes(), &w).unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.starts_with("Baris 3, kolom A (indikator): indikator 'omzet'")),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e
                .starts_with("Baris 3, kolom C (kode_wilayah): kecamatan dengan kode '16.71.99'")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.starts_with("Baris 3, kolom G (tenggat)")),
            "{errs:?}"
        );
        assert_eq!(errs.len(), 3, "{errs:?}");
        let ok = "indikator,cakupan,kode_wilayah,nilai_awal,tgl_awal,nilai_target,tenggat,keterangan\n\
                  gerai_sembako,kota,,0,1/7/2025,100%,31/3/2026,Tonggak nasional\n";
        let t = baca_csv(ok.as_bytes(), &w).unwrap();
        assert_eq!(t[0].nilai_target, 1.0);
        assert_eq!(t[0].tenggat, d("2026-03-31"));
        let round = tulis_csv(&t);
        assert_eq!(baca_csv(round.as_bytes(), &w).unwrap(), t);
    }

    #[test]
    fn a_csv_without_the_columns_is_refused_whole() {
        let w = Wilayah::embedded().unwrap();
        let errs = baca_csv(b"nama,nilai\nx,1\n", &w).unwrap_err();
        assert!(errs[0].contains("kolom 'indikator' tidak ada"), "{errs:?}");
    }
}
