//! Integration tests: the router driven in-process, on SQLite and on
//! PostgreSQL (see `pantau_tests` for how databases are made and dropped).

mod akses;
mod cache_halaman;
mod cadangan;
mod dashboard;
mod data_terbuka;
mod errors;
mod gangguan;
mod ikatan;
mod impor;
mod keamanan;
mod kotak_keluar;
mod lapangan;
mod penyalahgunaan;
mod peran;
mod proyeksi;
mod rekonsiliasi;
mod ruang;
mod serentak;
mod storage;
mod target;
mod temuan;
mod web_laporan;
