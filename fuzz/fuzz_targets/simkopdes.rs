#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| data::berkas::acak::simkopdes(bytes));
