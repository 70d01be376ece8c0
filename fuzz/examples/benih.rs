//! Writes the fuzz targets' seed corpus (`data::berkas::acak::benih`) to
//! `DIR/<target>/`: `cargo +nightly run --manifest-path fuzz/Cargo.toml
//! --example benih -- fuzz/corpus` (scripts/fuzz.sh does it for a target
//! whose corpus is empty).

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("Penggunaan: benih DIR");
        std::process::exit(2);
    };
    let benih = match data::berkas::acak::benih() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("benih tidak dapat dibuat: {e}");
            std::process::exit(1);
        }
    };
    for (sasaran, nama, bytes) in &benih {
        let d = std::path::Path::new(&dir).join(sasaran);
        if let Err(e) = std::fs::create_dir_all(&d).and_then(|()| std::fs::write(d.join(nama), bytes)) {
            eprintln!("{}: {e}", d.join(nama).display());
            std::process::exit(1);
        }
    }
    println!("{} berkas benih ditulis ke {dir}", benih.len());
}
