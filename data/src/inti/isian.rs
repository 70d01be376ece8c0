//! A report field by field, as text: reading a [`Laporan`] from what people
//! typed (a form, a spreadsheet row) and writing one back out. The fields
//! are those of [`model::isian::BIDANG`]; this module only knows how each
//! maps to the struct.
use crate::inti::laporan::Laporan;
use crate::inti::validasi::Masalah;
use chrono::NaiveDate;
use model::Periode;
use model::isian::BIDANG;
use model::isian::Bidang;
use model::isian::Jenis;
use model::parse;
use model::status::GeraiStatus;
use model::status::Lahan;
use model::status::Pembangunan;
use model::status::PinjamanTahap;

/// A field's typed value.
#[derive(Clone, Debug, PartialEq)]
pub enum Nilai {
    YaTidak(bool),
    Tanggal(Option<NaiveDate>),
    Angka(i64),
    /// A vocabulary code.
    Pilihan(&'static str),
    Teks(String),
}

fn gerai_index(code: &str) -> Option<usize> {
    code.strip_prefix("gerai_").and_then(|g| {
        model::status::JenisGerai::ALL
            .iter()
            .position(|j| j.code() == g)
    })
}

/// The value of field `code` in `l`. Panics only on a code that is not in
/// [`BIDANG`] (a programming error, caught by this module's tests).
pub fn nilai(l: &Laporan, code: &str) -> Nilai {
    use Nilai::*;
    if let Some(i) = gerai_index(code) {
        return Pilihan(l.gerai[i].code());
    }
    match code {
        "badan_hukum" => YaTidak(l.badan_hukum),
        "tgl_badan_hukum" => Tanggal(l.tgl_badan_hukum),
        "nib" => YaTidak(l.nib),
        "npwp" => YaTidak(l.npwp),
        "rekening" => YaTidak(l.rekening),
        "simkopdes" => YaTidak(l.simkopdes),
        "anggota" => Angka(l.anggota),
        "anggota_pria" => Angka(l.anggota_pria),
        "anggota_wanita" => Angka(l.anggota_wanita),
        "pengurus" => Angka(l.pengurus),
        "pengawas" => Angka(l.pengawas),
        "simpanan_pokok" => Angka(l.simpanan_pokok),
        "simpanan_wajib" => Angka(l.simpanan_wajib),
        "simpanan_sukarela" => Angka(l.simpanan_sukarela),
        "hibah" => Angka(l.hibah),
        "unit_lain" => Teks(l.unit_lain.clone()),
        "unit_lain_beroperasi" => Angka(l.unit_lain_beroperasi),
        "lahan" => Pilihan(l.lahan.code()),
        "pembangunan" => Pilihan(l.pembangunan.code()),
        "tempat_sewa" => YaTidak(l.tempat_sewa),
        "pinjaman_tahap" => Pilihan(l.pinjaman_tahap.code()),
        "pinjaman_plafon" => Angka(l.pinjaman_plafon),
        "pinjaman_cair" => Angka(l.pinjaman_cair),
        "pinjaman_outstanding" => Angka(l.pinjaman_outstanding),
        "rat" => YaTidak(l.rat),
        "tgl_rat" => Tanggal(l.tgl_rat),
        "omzet" => Angka(l.omzet),
        "shu" => Angka(l.shu),
        "tenaga_kerja" => Angka(l.tenaga_kerja),
        "transaksi_anggota" => Angka(l.transaksi_anggota),
        other => panic!("field {other} is not in BIDANG"),
    }
}

fn atur(l: &mut Laporan, code: &str, v: Nilai) {
    use Nilai::*;
    if let (Some(i), Pilihan(c)) = (gerai_index(code), &v) {
        l.gerai[i] = GeraiStatus::from_code(c).unwrap_or(GeraiStatus::BelumAda);
        return;
    }
    match (code, v) {
        ("badan_hukum", YaTidak(b)) => l.badan_hukum = b,
        ("tgl_badan_hukum", Tanggal(d)) => l.tgl_badan_hukum = d,
        ("nib", YaTidak(b)) => l.nib = b,
        ("npwp", YaTidak(b)) => l.npwp = b,
        ("rekening", YaTidak(b)) => l.rekening = b,
        ("simkopdes", YaTidak(b)) => l.simkopdes = b,
        ("anggota", Angka(n)) => l.anggota = n,
        ("anggota_pria", Angka(n)) => l.anggota_pria = n,
        ("anggota_wanita", Angka(n)) => l.anggota_wanita = n,
        ("pengurus", Angka(n)) => l.pengurus = n,
        ("pengawas", Angka(n)) => l.pengawas = n,
        ("simpanan_pokok", Angka(n)) => l.simpanan_pokok = n,
        ("simpanan_wajib", Angka(n)) => l.simpanan_wajib = n,
        ("simpanan_sukarela", Angka(n)) => l.simpanan_sukarela = n,
        ("hibah", Angka(n)) => l.hibah = n,
        ("unit_lain", Teks(t)) => l.unit_lain = t,
        ("unit_lain_beroperasi", Angka(n)) => l.unit_lain_beroperasi = n,
        ("lahan", Pilihan(c)) => l.lahan = Lahan::from_code(c).unwrap_or(Lahan::BelumAda),
        ("pembangunan", Pilihan(c)) => {
            l.pembangunan = Pembangunan::from_code(c).unwrap_or(Pembangunan::Belum)
        }
        ("tempat_sewa", YaTidak(b)) => l.tempat_sewa = b,
        ("pinjaman_tahap", Pilihan(c)) => {
            l.pinjaman_tahap = PinjamanTahap::from_code(c).unwrap_or(PinjamanTahap::Belum)
        }
        ("pinjaman_plafon", Angka(n)) => l.pinjaman_plafon = n,
        ("pinjaman_cair", Angka(n)) => l.pinjaman_cair = n,
        ("pinjaman_outstanding", Angka(n)) => l.pinjaman_outstanding = n,
        ("rat", YaTidak(b)) => l.rat = b,
        ("tgl_rat", Tanggal(d)) => l.tgl_rat = d,
        ("omzet", Angka(n)) => l.omzet = n,
        ("shu", Angka(n)) => l.shu = n,
        ("tenaga_kerja", Angka(n)) => l.tenaga_kerja = n,
        ("transaksi_anggota", Angka(n)) => l.transaksi_anggota = n,
        (other, v) => panic!("field {other} cannot hold {v:?}"),
    }
}

/// An empty report for a KKMP and month: every count zero, every status at
/// its first stage. The starting point of a first report.
pub fn kosong(kelurahan_code: &str, periode: Periode) -> Laporan {
    Laporan {
        kelurahan_code: kelurahan_code.to_string(),
        periode,
        badan_hukum: false,
        tgl_badan_hukum: None,
        nib: false,
        npwp: false,
        rekening: false,
        simkopdes: false,
        anggota: 0,
        anggota_pria: 0,
        anggota_wanita: 0,
        pengurus: 0,
        pengawas: 0,
        simpanan_pokok: 0,
        simpanan_wajib: 0,
        simpanan_sukarela: 0,
        hibah: 0,
        gerai: [GeraiStatus::BelumAda; 7],
        unit_lain: String::new(),
        unit_lain_beroperasi: 0,
        lahan: Lahan::BelumAda,
        pembangunan: Pembangunan::Belum,
        tempat_sewa: false,
        pinjaman_tahap: PinjamanTahap::Belum,
        pinjaman_plafon: 0,
        pinjaman_cair: 0,
        pinjaman_outstanding: 0,
        rat: false,
        tgl_rat: None,
        omzet: 0,
        shu: 0,
        tenaga_kerja: 0,
        transaksi_anggota: 0,
    }
}

/// Reads one field from text. Errors are sentences in Bahasa quoting the
/// text (the caller adds where: row, column).
pub fn baca_bidang(b: &Bidang, text: &str) -> Result<Nilai, String> {
    let t = text.trim();
    // A leading apostrophe is how spreadsheets (and our exports) keep a
    // text from being read as a formula.
    let t = crate::inti::teks::tanpa_apostrof(t);
    if t.is_empty() {
        return match b.jenis {
            Jenis::Tanggal => Ok(Nilai::Tanggal(None)),
            Jenis::Teks => Ok(Nilai::Teks(String::new())),
            Jenis::Rupiah => Ok(Nilai::Angka(0)),
            _ => Err("wajib diisi".to_string()),
        };
    }
    match b.jenis {
        Jenis::YaTidak => parse::ya_tidak(t).map(Nilai::YaTidak),
        Jenis::Bilangan => parse::bilangan(t).map(Nilai::Angka),
        Jenis::Rupiah => parse::rupiah(t).map(Nilai::Angka),
        Jenis::Tanggal => {
            parse::tanggal(t).map(|(y, m, d)| Nilai::Tanggal(NaiveDate::from_ymd_opt(y, m, d)))
        }
        Jenis::Pilihan(options) => b.jenis.pilihan(t).map(Nilai::Pilihan).ok_or_else(|| {
            let names: Vec<&str> = options.iter().map(|(_, label)| *label).collect();
            format!(
                "harus salah satu dari: {}; tertulis '{t}'",
                names.join(", ")
            )
        }),
        Jenis::Teks => Ok(Nilai::Teks(t.to_string())),
    }
}

/// Reads a whole report: `get(code)` gives the text typed for each field
/// (`None`: the field is absent, read as empty). Every field that cannot be
/// read is reported, not only the first.
pub fn baca<'a>(
    kelurahan_code: &str,
    periode: Periode,
    get: impl Fn(&str) -> Option<&'a str>,
) -> Result<Laporan, Vec<Masalah>> {
    let mut l = kosong(kelurahan_code, periode);
    let mut errors = Vec::new();
    for b in BIDANG {
        match baca_bidang(b, get(b.code).unwrap_or("")) {
            Ok(v) => atur(&mut l, b.code, v),
            Err(e) => errors.push(Masalah {
                kode: "format",
                kolom: b.code,
                pesan: format!("{}: {e}", b.label),
            }),
        }
    }
    if errors.is_empty() {
        Ok(l)
    } else {
        Err(errors)
    }
}

/// The text of a field as a form shows it and [`baca_bidang`] reads it
/// back: "ya"/"tidak", ISO dates (what `<input type=date>` wants), counts
/// as digits, money grouped the Indonesian way, choices as codes.
pub fn teks(l: &Laporan, b: &Bidang) -> String {
    match nilai(l, b.code) {
        Nilai::YaTidak(v) => if v { "ya" } else { "tidak" }.to_string(),
        Nilai::Tanggal(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        Nilai::Angka(n) if b.jenis == Jenis::Rupiah => model::format::angka(n),
        Nilai::Angka(n) => n.to_string(),
        Nilai::Pilihan(c) => c.to_string(),
        Nilai::Teks(t) => t,
    }
}

/// A field's value as people read it: "Ya", "Rp5.000.000", "4 September
/// 2025", a choice's label, "—" for nothing.
pub fn tampil(l: &Laporan, b: &Bidang) -> String {
    use chrono::Datelike;
    match nilai(l, b.code) {
        Nilai::YaTidak(v) => if v { "Ya" } else { "Tidak" }.to_string(),
        Nilai::Tanggal(Some(d)) => model::format::tanggal(d.year(), d.month(), d.day()),
        Nilai::Tanggal(None) => "—".to_string(),
        Nilai::Angka(n) if b.jenis == Jenis::Rupiah => model::format::rupiah(n),
        Nilai::Angka(n) => model::format::angka(n),
        Nilai::Pilihan(code) => b.jenis.label_pilihan(code).to_string(),
        Nilai::Teks(t) if t.is_empty() => "—".to_string(),
        Nilai::Teks(t) => t,
    }
}

/// What changed from `before` to `after`, one line per field:
/// "Omzet bulan ini (Rp): Rp40.000.000 → Rp41.500.000".
pub fn perubahan(before: &Laporan, after: &Laporan) -> Vec<String> {
    BIDANG
        .iter()
        .filter(|b| nilai(before, b.code) != nilai(after, b.code))
        .map(|b| format!("{}: {} → {}", b.label, tampil(before, b), tampil(after, b)))
        .collect()
}

/// A report's fields as text, by column code: what the audit trail keeps
/// as a version's content.
pub fn isian_teks(l: &Laporan) -> std::collections::BTreeMap<&'static str, String> {
    model::isian::BIDANG
        .iter()
        .map(|b| (b.code, teks(l, b)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inti::demo::DemoConfig;
    use crate::inti::wilayah::Wilayah;
    use std::collections::BTreeMap;

    /// Every demo report, written as form text and read back, is itself.
    #[test]
    fn text_roundtrip_on_the_demo() {
        let w = Wilayah::embedded().unwrap();
        let d = crate::inti::demo::generate(&w, &DemoConfig::default());
        for (l, _) in d.laporan.iter().step_by(7) {
            let text: BTreeMap<&str, String> =
                BIDANG.iter().map(|b| (b.code, teks(l, b))).collect();
            let back = baca(&l.kelurahan_code, l.periode, |c| {
                text.get(c).map(String::as_str)
            });
            assert_eq!(back.as_ref(), Ok(l));
        }
    }

    #[test]
    fn changes_are_listed_field_by_field() {
        let w = Wilayah::embedded().unwrap();
        let d = crate::inti::demo::generate(&w, &DemoConfig::default());
        let a = d.laporan[0].0.clone();
        let mut b = a.clone();
        b.omzet = a.omzet + 1_500_000;
        b.gerai[1] = GeraiStatus::Beroperasi;
        let changes = perubahan(&a, &b);
        assert!(
            changes
                .iter()
                .any(|c| c.starts_with("Omzet bulan ini (Rp): Rp")),
            "{changes:?}"
        );
        assert_eq!(perubahan(&a, &a), Vec::<String>::new());
    }

    #[test]
    fn every_unreadable_field_is_named() {
        let typed: BTreeMap<&str, &str> = [
            ("anggota", "12a"),
            ("omzet", "Rp 5.000.000,00"),
            ("gerai_sembako", "buka"),
            ("badan_hukum", "Y"),
            ("tgl_badan_hukum", "4 September 2025"),
        ]
        .into();
        let errors = baca("16.71.01.1001", Periode::parse("2026-03").unwrap(), |c| {
            typed.get(c).copied()
        })
        .unwrap_err();
        let anggota = errors.iter().find(|m| m.kolom == "anggota").unwrap();
        assert_eq!(
            anggota.pesan,
            "Jumlah anggota: harus bilangan bulat, tertulis '12a'"
        );
        assert!(errors.iter().any(|m| m.kolom == "gerai_sembako"));
        // Money, yes/no and dates as people type them are not errors.
        for ok in ["omzet", "badan_hukum", "tgl_badan_hukum"] {
            assert!(!errors.iter().any(|m| m.kolom == ok), "{ok}");
        }
        // An empty count is an unanswered question.
        assert!(
            errors
                .iter()
                .any(|m| m.kolom == "pengurus" && m.pesan.contains("wajib diisi"))
        );
    }
}
