//! The workbook reader for the tests' app: what `server baca-berkas` does.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(data::layanan::pembaca::utama(&args));
}
