//! The layers of `data/src` (ARCHITECTURE.md), checked on the sources so the
//! rule survives the next feature:
//!
//! ```text
//! model ← inti ← { simpan, analitik, berkas, grafik, kirim } ← layanan ← app, server, tests
//! ```
//!
//! - `inti` imports no other layer;
//! - `simpan`, `analitik`, `berkas`, `grafik`, `kirim` import `inti` only,
//!   not each other;
//! - nothing below `layanan` names `Pantau`;
//! - sqlx and the storage macros only in `simpan`, polars only in
//!   `analitik`, plotters only in `grafik`, the spreadsheet, ZIP and PDF
//!   libraries only in `berkas`, the mail and HTTP clients only in `kirim`
//!   (`error.rs`, which converts their errors, is shared by all).
//!
//! A violation fails with the file, the line and the rule it breaks.

use std::path::{Path, PathBuf};

const LAPISAN: [&str; 7] = [
    "inti", "simpan", "analitik", "berkas", "grafik", "kirim", "layanan",
];

/// The layers a layer may import besides itself and `error`.
fn boleh(lapisan: &str) -> &'static [&'static str] {
    match lapisan {
        "inti" => &[],
        "simpan" | "analitik" | "berkas" | "grafik" | "kirim" => &["inti"],
        "layanan" => &["inti", "simpan", "analitik", "berkas", "grafik", "kirim"],
        _ => &[],
    }
}

/// Crates (or macros) that belong to one layer only.
const MILIK: [(&str, &str); 13] = [
    ("sqlx::", "simpan"),
    ("on_db!", "simpan"),
    ("catat_jejak!", "simpan"),
    ("naikkan_revisi!", "simpan"),
    ("polars::", "analitik"),
    ("plotters::", "grafik"),
    ("calamine::", "berkas"),
    ("rust_xlsxwriter::", "berkas"),
    ("zip::", "berkas"),
    ("pdf_writer::", "berkas"),
    ("lettre::", "kirim"),
    ("hyper_util::", "kirim"),
    ("hyper_rustls::", "kirim"),
];

/// The source without comments and string literals (so prose and
/// messages may name anything); line breaks are kept.
fn tanpa_komentar(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let c: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '\'' && c.get(i + 1) == Some(&'"') && c.get(i + 2) == Some(&'\'') {
            i += 3;
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                if c.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Every rule `src`, a file of layer `lapisan`, breaks: (line, message).
fn periksa(lapisan: &str, src: &str) -> Vec<(usize, String)> {
    let mut salah = Vec::new();
    let src = tanpa_komentar(src);
    for (i, baris) in src.lines().enumerate() {
        let n = i + 1;
        for awalan in ["crate::", "$crate::", "data::"] {
            let mut rest = baris;
            while let Some(pos) = rest.find(awalan) {
                let before = rest[..pos].chars().last();
                rest = &rest[pos + awalan.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                    continue;
                }
                let nama: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if LAPISAN.contains(&nama.as_str())
                    && nama != lapisan
                    && !boleh(lapisan).contains(&nama.as_str())
                {
                    salah.push((n, format!("lapisan {lapisan} mengimpor {nama}")));
                }
                if lapisan != "layanan" && nama == "Pantau" {
                    salah.push((n, format!("lapisan {lapisan} memakai Pantau")));
                }
            }
        }
        if lapisan != "layanan"
            && baris
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "Pantau")
        {
            salah.push((n, format!("lapisan {lapisan} menyebut Pantau")));
        }
        for (tanda, pemilik) in MILIK {
            if lapisan != pemilik && baris.contains(tanda) {
                salah.push((n, format!("{tanda} hanya boleh di lapisan {pemilik}")));
            }
        }
    }
    salah
}

fn berkas_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable source folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            berkas_rs(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_file_of_data_respects_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    berkas_rs(&src, &mut files);
    files.sort();
    let mut salah = Vec::new();
    let mut per_lapisan = [0usize; LAPISAN.len()];
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        let atas = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("");
        let Some(k) = LAPISAN.iter().position(|l| *l == atas) else {
            // lib.rs and error.rs: the crate root, shared by every layer.
            assert!(
                ["lib.rs", "error.rs"].contains(&atas),
                "{} lies outside the layers: put it in one of {LAPISAN:?}",
                rel.display()
            );
            continue;
        };
        per_lapisan[k] += 1;
        let isi = std::fs::read_to_string(f).expect("readable source");
        for (n, m) in periksa(atas, &isi) {
            salah.push(format!("data/src/{}:{n}: {m}", rel.display()));
        }
    }
    assert!(
        per_lapisan.iter().all(|n| *n > 0),
        "every layer has files: {per_lapisan:?}"
    );
    assert!(
        salah.is_empty(),
        "imports against the layers (ARCHITECTURE.md):\n{}",
        salah.join("\n")
    );
}

#[test]
fn the_checker_catches_each_kind_of_violation() {
    let kasus = [
        ("inti", "use crate::simpan::Db;", "mengimpor simpan"),
        ("berkas", "use crate::analitik::kol;", "mengimpor analitik"),
        (
            "simpan",
            "fn f(p: &crate::layanan::Pantau) {}",
            "mengimpor layanan",
        ),
        ("analitik", "let x = Pantau::new;", "menyebut Pantau"),
        ("inti", "let n = on_db!(db, p => 1);", "on_db! hanya"),
        ("berkas", "use polars::prelude::*;", "polars:: hanya"),
        ("layanan", "sqlx::query(\"SELECT 1\")", "sqlx:: hanya"),
        (
            "simpan",
            "let b = $crate::berkas::impor::Batas;",
            "mengimpor berkas",
        ),
        ("inti", "use plotters::prelude::*;", "plotters:: hanya"),
    ];
    for (lapisan, src, harap) in kasus {
        let salah = periksa(lapisan, src);
        assert!(
            salah.iter().any(|(_, m)| m.contains(harap)),
            "{lapisan}: `{src}` should be refused ({harap}), got {salah:?}"
        );
    }
    let sah = [
        (
            "simpan",
            "use crate::inti::jejak::Entri;\nuse crate::{catat_jejak, on_db};",
        ),
        (
            "layanan",
            "use crate::simpan::Db;\nuse crate::analitik::kol;",
        ),
        (
            "inti",
            "// see crate::simpan and Pantau\nuse crate::inti::waktu::wib;",
        ),
        ("berkas", "let s = \"Pantau KKMP, crate::simpan\";"),
        (
            "grafik",
            "use plotters::prelude::*;\nuse crate::error::Result;",
        ),
    ];
    for (lapisan, src) in sah {
        assert_eq!(periksa(lapisan, src), vec![], "{lapisan}: `{src}`");
    }
}
