//! Replays the fuzz targets' kept corpus (`fuzz/corpus/<target>/`) and every
//! input that once crashed a target (`fuzz/regresi/<target>/`, each named
//! after what it broke) through the same entry points the fuzzer calls
//! (`data::berkas::acak`). A panic here is a regression of a finding.

use std::path::{Path, PathBuf};

fn berkas_di(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn akar() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

#[test]
fn every_target_has_a_kept_corpus() {
    for (sasaran, _) in data::berkas::acak::SASARAN {
        let n = berkas_di(&akar().join("corpus").join(sasaran)).len();
        assert!(n > 0, "fuzz/corpus/{sasaran} is empty or missing");
    }
}

#[test]
fn the_corpus_and_every_finding_replay_without_a_crash() {
    let mut dijalankan = 0;
    for (sasaran, f) in data::berkas::acak::SASARAN {
        for bagian in ["corpus", "regresi"] {
            for p in berkas_di(&akar().join(bagian).join(sasaran)) {
                // A file a running fuzzer has just replaced is skipped.
                let Ok(bytes) = std::fs::read(&p) else {
                    continue;
                };
                let hasil = std::panic::catch_unwind(|| f(&bytes));
                assert!(
                    hasil.is_ok(),
                    "{sasaran}: {} crashes the reader",
                    p.display()
                );
                dijalankan += 1;
            }
        }
    }
    assert!(dijalankan > 0);
}

#[test]
fn the_seed_corpus_reaches_every_target() {
    let benih = data::berkas::acak::benih().unwrap();
    for (sasaran, f) in data::berkas::acak::SASARAN {
        let milik: Vec<_> = benih.iter().filter(|(s, _, _)| s == sasaran).collect();
        assert!(!milik.is_empty(), "no seed for {sasaran}");
        for (_, _, bytes) in milik {
            f(bytes);
        }
    }
}
