//! A one-shot importer for the fault drills (`integration::gangguan`):
//! what the Dinas' upload does, in a process of its own that a test can
//! kill with SIGKILL at any moment.
//!
//!   pantau-impor DATABASE_URL              connect and migrate, then exit
//!   pantau-impor DATABASE_URL FILE N       upload FILE as account N, print
//!                                          "siap", then store it (one
//!                                          transaction) and print "tersimpan"

use data::Pantau;
use data::inti::jejak::Pelaku;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first() else {
        eprintln!("pakai: pantau-impor DATABASE_URL [BERKAS N]");
        std::process::exit(2);
    };
    let db = match data::simpan::Db::connect(url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("basis data: {e}");
            std::process::exit(1);
        }
    };
    let [_, berkas, n] = args.as_slice() else {
        println!("termigrasi");
        return;
    };
    let pantau = Pantau::new(db, 10)
        .await
        .expect("master data")
        .dengan_pembaca(pantau_tests::pembaca());
    let bytes = std::fs::read(berkas).expect("the file");
    let pelaku = Pelaku::sistem(&format!("impor{n}"));
    let token = pantau
        .unggah("koreksi.csv", &bytes, &pelaku.pengguna)
        .await
        .expect("upload")
        .expect("room for the upload");
    println!("siap");
    match pantau
        .simpan_unggahan(
            &token,
            "Dinas Koperasi",
            "Rekap bulan yang belum dilaporkan",
            None,
            &pelaku,
        )
        .await
    {
        Ok(Ok(id)) => println!("tersimpan {id}"),
        Ok(Err(v)) => {
            eprintln!("ditolak: {:?}", v.galat);
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("galat: {e}");
            std::process::exit(1);
        }
    }
}
