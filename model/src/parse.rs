//! Reading what people really type in forms and spreadsheets: Indonesian
//! numbers and money ("1.250", "Rp 5.000.000,00"), yes/no ("ya", "T"),
//! dates ("4/9/2025", "4 September 2025", Excel serial numbers). Errors are
//! sentences in Bahasa that quote what was written.

use crate::periode::NAMA_BULAN;

/// A whole number written the Indonesian way: dots or spaces group
/// thousands; a decimal part of zeros (",00") is allowed.
pub fn bilangan(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let err = || format!("harus bilangan bulat, tertulis '{t}'");
    if t.is_empty() {
        return Err("tidak boleh kosong".to_string());
    }
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let (int, frac) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.chars().all(|c| c == '0'))
    {
        return Err(format!(
            "harus bilangan bulat tanpa pecahan, tertulis '{t}'"
        ));
    }
    let groups: Vec<&str> = int.split(['.', ' ', '\u{a0}']).collect();
    let grouped = groups.len() > 1;
    if grouped
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return Err(err());
    }
    let digits: String = groups.concat();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(err());
    }
    let value: i64 = digits
        .parse()
        .map_err(|_| format!("terlalu besar, tertulis '{t}'"))?;
    Ok(if negative { -value } else { value })
}

/// A decimal number: "0,8", "1.250,5", "150", "0.75" (a point followed by
/// other than three digits is a decimal point), with an optional "%" that
/// the caller interprets.
pub fn desimal(text: &str) -> Result<f64, String> {
    let t = text.trim().trim_end_matches('%').trim_end();
    let err = || {
        format!(
            "harus angka seperti 150 atau 0,75, tertulis '{}'",
            text.trim()
        )
    };
    if t.is_empty() {
        return Err("tidak boleh kosong".to_string());
    }
    let normal: String = if t.contains(',') {
        t.replace(['.', ' ', '\u{a0}'], "").replace(',', ".")
    } else {
        match t.split_once('.') {
            Some((_, frac))
                if frac.len() != 3 || t.matches('.').count() == 1 && t.starts_with("0.") =>
            {
                t.to_string()
            }
            _ => t.replace(['.', ' ', '\u{a0}'], ""),
        }
    };
    let x: f64 = normal.parse().map_err(|_| err())?;
    if x.is_finite() { Ok(x) } else { Err(err()) }
}

/// Rupiah: like [`bilangan`], with an optional "Rp" or "IDR" in front.
pub fn rupiah(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let rest = if lower.starts_with("rp") {
        t[2..].trim_start_matches('.').trim_start()
    } else if lower.starts_with("idr") {
        t[3..].trim_start()
    } else {
        t
    };
    bilangan(rest).map_err(|e| {
        if e.contains("tertulis") {
            format!("harus jumlah rupiah, tertulis '{t}'")
        } else {
            e
        }
    })
}

/// Yes or no: "ya", "y", "iya", "sudah", "1", "true" / "tidak", "t", "belum",
/// "0", "false" (any case).
pub fn ya_tidak(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "ya" | "y" | "iya" | "sudah" | "ada" | "1" | "true" => Ok(true),
        "tidak" | "t" | "tdk" | "belum" | "n" | "no" | "0" | "false" => Ok(false),
        _ => Err(format!(
            "harus 'ya' atau 'tidak', tertulis '{}'",
            text.trim()
        )),
    }
}

/// A calendar date as (year, month, day): "2025-09-04", "4/9/2025" (day
/// first), "4 September 2025", "4 Sep 2025", or an Excel serial number
/// (days since 1899-12-30).
pub fn tanggal(text: &str) -> Result<(i32, u32, u32), String> {
    let t = text.trim();
    let err = || format!("harus tanggal seperti 4/9/2025 atau 4 September 2025, tertulis '{t}'");
    let valid = |y: i32, m: u32, d: u32| {
        let max = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
            2 => 28,
            _ => 0,
        };
        ((1900..=2100).contains(&y) && d >= 1 && d <= max).then_some((y, m, d))
    };
    if let Ok(serial) = t.parse::<f64>() {
        if !(1.0..=80_000.0).contains(&serial) {
            return Err(err());
        }
        // A spreadsheet serial must name a date the written form accepts
        // too: "01" once became 31 December 1899, which was stored and
        // then refused when the exported file was read back (a fuzzing
        // finding, fuzz/regresi/target_csv/).
        let (y, m, d) = civil_from_days(serial.floor() as i64 - 25_569);
        return valid(y, m, d).ok_or_else(err);
    }
    let parts: Vec<&str> = t
        .split(['/', '-', ' ', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let num = |s: &str| s.parse::<u32>().ok();
    let found = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => num(m)
            .zip(num(d))
            .and_then(|(m, d)| valid(y.parse().ok()?, m, d)),
        [d, m, y] if y.len() == 4 => {
            let month = num(m).or_else(|| {
                let m = m.to_lowercase();
                NAMA_BULAN
                    .iter()
                    .position(|n| {
                        let n = n.to_lowercase();
                        n == m || (m.len() >= 3 && n.starts_with(&m))
                    })
                    .map(|i| i as u32 + 1)
            });
            num(d)
                .zip(month)
                .and_then(|(d, m)| valid(y.parse().ok()?, m, d))
        }
        _ => None,
    };
    found.ok_or_else(err)
}

/// A reporting month as people write it: "2026-03", "03/2026", "3-2026",
/// "Maret 2026", "Mar 2026", or a date in the month ("1/3/2026", an Excel
/// date serial number).
pub fn periode(text: &str) -> Result<crate::Periode, String> {
    let t = text.trim();
    let err = || format!("harus bulan laporan seperti 2026-03 atau Maret 2026, tertulis '{t}'");
    if let Ok(p) = crate::Periode::parse(t) {
        return Ok(p);
    }
    let parts: Vec<&str> = t
        .split(['/', '-', ' ', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let found = match parts.as_slice() {
        [m, y] if y.len() == 4 => {
            let month = m.parse::<u32>().ok().or_else(|| {
                let m = m.to_lowercase();
                NAMA_BULAN
                    .iter()
                    .position(|n| {
                        let n = n.to_lowercase();
                        n == m || (m.len() >= 3 && n.starts_with(&m))
                    })
                    .map(|i| i as u32 + 1)
            });
            month.and_then(|m| crate::Periode::new(y.parse().ok()?, m))
        }
        _ => tanggal(t)
            .ok()
            .and_then(|(y, m, _)| crate::Periode::new(y, m)),
    };
    found.ok_or_else(err)
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(bilangan("1.250"), Ok(1250));
        assert_eq!(bilangan(" 12 "), Ok(12));
        assert_eq!(bilangan("1 250 000"), Ok(1_250_000));
        assert_eq!(bilangan("5.000.000,00"), Ok(5_000_000));
        assert_eq!(bilangan("-3"), Ok(-3));
        assert!(bilangan("12a").unwrap_err().contains("tertulis '12a'"));
        assert!(
            bilangan("1.25").is_err(),
            "a dot groups thousands, never decimals"
        );
        assert!(bilangan("1,5").unwrap_err().contains("tanpa pecahan"));
        assert!(bilangan("").unwrap_err().contains("kosong"));
        assert!(
            bilangan("99999999999999999999")
                .unwrap_err()
                .contains("terlalu besar")
        );
    }

    #[test]
    fn money() {
        assert_eq!(rupiah("Rp 5.000.000,00"), Ok(5_000_000));
        assert_eq!(rupiah("Rp5.000.000"), Ok(5_000_000));
        assert_eq!(rupiah("rp. 750.000"), Ok(750_000));
        assert_eq!(rupiah("IDR 1.000"), Ok(1_000));
        assert_eq!(rupiah("2500000"), Ok(2_500_000));
        assert!(rupiah("lima juta").unwrap_err().contains("rupiah"));
    }

    #[test]
    fn yes_no() {
        for y in ["ya", "Y", "Iya", "sudah", "1"] {
            assert_eq!(ya_tidak(y), Ok(true), "{y}");
        }
        for n in ["tidak", "T", "belum", "0"] {
            assert_eq!(ya_tidak(n), Ok(false), "{n}");
        }
        assert!(ya_tidak("mungkin").is_err());
    }

    #[test]
    fn months() {
        for (text, want) in [
            ("2026-03", "2026-03"),
            ("03/2026", "2026-03"),
            ("3-2026", "2026-03"),
            ("Maret 2026", "2026-03"),
            ("mar 2026", "2026-03"),
            ("1/3/2026", "2026-03"),
            ("46082", "2026-03"),
        ] {
            assert_eq!(
                periode(text).map(|p| p.to_string()),
                Ok(want.into()),
                "{text}"
            );
        }
        assert!(periode("13/2026").is_err());
        assert!(periode("besok").unwrap_err().contains("tertulis 'besok'"));
    }

    #[test]
    fn dates() {
        assert_eq!(tanggal("4/9/2025"), Ok((2025, 9, 4)));
        assert_eq!(tanggal("04-09-2025"), Ok((2025, 9, 4)));
        assert_eq!(tanggal("2025-09-04"), Ok((2025, 9, 4)));
        assert_eq!(tanggal("4 September 2025"), Ok((2025, 9, 4)));
        assert_eq!(tanggal("4 sep 2025"), Ok((2025, 9, 4)));
        assert_eq!(tanggal("45904"), Ok((2025, 9, 4)), "Excel serial");
        assert_eq!(tanggal("29/2/2024"), Ok((2024, 2, 29)));
        assert!(tanggal("29/2/2025").is_err());
        assert!(tanggal("31/4/2025").is_err());
        // A serial before 1900 or after 2100 is refused like the written
        // date would be, so every date stored reads back.
        assert!(tanggal("01").unwrap_err().contains("tertulis '01'"));
        assert!(tanggal("1899-12-31").is_err());
        assert_eq!(tanggal("2"), Ok((1900, 1, 1)));
        assert!(tanggal("79000").is_err());
        assert!(
            tanggal("kemarin")
                .unwrap_err()
                .contains("tertulis 'kemarin'")
        );
    }

    #[test]
    fn decimals_the_indonesian_way() {
        assert_eq!(desimal("0,75"), Ok(0.75));
        assert_eq!(desimal("1.250,5"), Ok(1250.5));
        assert_eq!(desimal("1.250"), Ok(1250.0));
        assert_eq!(desimal("0.750"), Ok(0.75));
        assert_eq!(desimal("80%"), Ok(80.0));
        assert_eq!(desimal(" 150 "), Ok(150.0));
        assert!(desimal("").is_err());
        assert!(desimal("sepuluh").unwrap_err().contains("'sepuluh'"));
    }
}
