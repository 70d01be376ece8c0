/// First characters that make a spreadsheet read a cell as a formula.
pub const AWALAN_RUMUS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text made safe for a spreadsheet cell: an apostrophe in front of a
/// text a spreadsheet would read as a formula.
pub fn aman(text: &str) -> String {
    if text.starts_with(AWALAN_RUMUS) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Undoes [`aman`].
pub fn tanpa_apostrof(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(AWALAN_RUMUS) => rest,
        _ => text,
    }
}

/// A value as people read it: a share as a percentage, else a number with
/// one decimal.
pub fn nilai_teks(x: f64, persen: bool) -> String {
    if persen {
        model::format::persen(x)
    } else {
        model::format::desimal(x, 1)
    }
}

/// At most `n` characters of `s`, with "…" when cut: for quoting what a
/// user sent in a message without repeating all of it.
pub fn potong(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_neutralised_and_restored() {
        for t in ["=1+1", "+62 811", "-x", "@SUM(A1)", "\tx"] {
            assert!(aman(t).starts_with('\''), "{t}");
            assert_eq!(tanpa_apostrof(&aman(t)), t);
        }
        assert_eq!(aman("Toko Ani"), "Toko Ani");
        assert_eq!(tanpa_apostrof("'Toko"), "'Toko");
    }
}
