//! Numbers, money, percentages and dates in the id-ID convention:
//! `1.234.567`, `Rp1.234.567`, `45,3%`, `4 September 2025`.

use crate::periode::NAMA_BULAN;

/// `1234567` → `1.234.567`; negatives keep their sign.
pub fn angka(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A decimal with `decimals` places and a decimal comma: `1234.5` → `1.234,5`.
pub fn desimal(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let int: i64 = int.parse().unwrap_or(0);
    let mut out = String::new();
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative {
        out.push('-');
    }
    out.push_str(&angka(int));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// `Rp1.234.567`.
pub fn rupiah(n: i64) -> String {
    if n < 0 {
        format!("-Rp{}", angka(-n))
    } else {
        format!("Rp{}", angka(n))
    }
}

/// Money in short form for headlines and chart labels: `Rp1,2 M` (miliar),
/// `Rp350,5 jt` (juta), below a million in full.
pub fn rupiah_ringkas(n: i64) -> String {
    let x = n as f64;
    let (sign, x) = if x < 0.0 { ("-", -x) } else { ("", x) };
    if x >= 1e12 {
        format!("{sign}Rp{} T", desimal(x / 1e12, 1))
    } else if x >= 1e9 {
        format!("{sign}Rp{} M", desimal(x / 1e9, 1))
    } else if x >= 1e6 {
        format!("{sign}Rp{} jt", desimal(x / 1e6, 1))
    } else {
        format!("{sign}{}", rupiah(x as i64))
    }
}

/// A share in 0..=1 as a percentage with one decimal: `0.453` → `45,3%`.
pub fn persen(share: f64) -> String {
    format!("{}%", desimal(share * 100.0, 1))
}

/// A calendar date: `4 September 2025`. Month is 1–12.
pub fn tanggal(year: i32, month: u32, day: u32) -> String {
    let name = NAMA_BULAN
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    format!("{day} {name} {year}")
}

/// An ISO date `2025-09-04` as `4 September 2025`; anything else unchanged.
pub fn tanggal_iso(iso: &str) -> String {
    let parts: Vec<&str> = iso.get(..10).unwrap_or(iso).split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (y.parse(), m.parse(), d.parse()) {
            (Ok(y), Ok(m), Ok(d)) if (1..=12).contains(&m) => tanggal(y, m, d),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

/// A name for use mid-sentence: the first letter in lower case, unless the
/// first word is an acronym ("Gerai sembako" → "gerai sembako", "KKMP
/// beroperasi" stays).
/// A value for a URL's query, percent-encoded (RFC 3986 unreserved
/// characters kept), at most 2,000 characters of it.
pub fn url_aman(v: &str) -> String {
    v.chars()
        .take(2000)
        .collect::<String>()
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn awal_kecil(nama: &str) -> String {
    let first = nama.split_whitespace().next().unwrap_or("");
    if first.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first.chars().all(|c| !c.is_lowercase())
    {
        return nama.to_string();
    }
    let mut chars = nama.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(angka(0), "0");
        assert_eq!(angka(999), "999");
        assert_eq!(angka(1000), "1.000");
        assert_eq!(angka(1234567), "1.234.567");
        assert_eq!(angka(-1234567), "-1.234.567");
        assert_eq!(angka(i64::MIN), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn decimals_use_a_comma() {
        assert_eq!(desimal(1234.56, 1), "1.234,6");
        assert_eq!(desimal(0.0, 2), "0,00");
        assert_eq!(desimal(-0.04, 1), "0,0");
        assert_eq!(desimal(-2.5, 1), "-2,5");
        assert_eq!(desimal(f64::NAN, 1), "–");
        assert_eq!(persen(0.453), "45,3%");
        assert_eq!(persen(1.0), "100,0%");
    }

    #[test]
    fn money() {
        assert_eq!(rupiah(5_000_000), "Rp5.000.000");
        assert_eq!(rupiah(-1500), "-Rp1.500");
        assert_eq!(rupiah_ringkas(1_260_000_000), "Rp1,3 M");
        assert_eq!(rupiah_ringkas(350_500_000), "Rp350,5 jt");
        assert_eq!(rupiah_ringkas(999_999), "Rp999.999");
    }

    #[test]
    fn names_mid_sentence() {
        assert_eq!(
            awal_kecil("Gerai sembako beroperasi"),
            "gerai sembako beroperasi"
        );
        assert_eq!(awal_kecil("KKMP beroperasi"), "KKMP beroperasi");
        assert_eq!(
            awal_kecil("NIB, NPWP dan rekening"),
            "NIB, NPWP dan rekening"
        );
        assert_eq!(awal_kecil(""), "");
    }

    #[test]
    fn dates() {
        assert_eq!(tanggal(2025, 9, 4), "4 September 2025");
        assert_eq!(tanggal_iso("2026-03-31"), "31 Maret 2026");
        assert_eq!(tanggal_iso("2026-03-31T10:00:00Z"), "31 Maret 2026");
        assert_eq!(tanggal_iso("kemarin"), "kemarin");
    }
}
