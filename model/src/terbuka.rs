//! The open data (Satu Data Indonesia) published at `/data-terbuka`: its
//! two tables and the dictionary of their columns. The column lists are
//! the whole of what is published: the rows are built from them, the
//! dictionary and the OpenAPI description are generated from them, and
//! the tests check every response against them. No column names a person.

/// A column of an open table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kolom {
    /// The column's name in CSV and JSON.
    pub nama: &'static str,
    /// Its title in Bahasa Indonesia.
    pub judul: &'static str,
    /// "string", "integer" or "boolean" (JSON Schema types).
    pub jenis: &'static str,
    /// What it holds, how it is computed.
    pub uraian: &'static str,
}

const fn k(
    nama: &'static str,
    judul: &'static str,
    jenis: &'static str,
    uraian: &'static str,
) -> Kolom {
    Kolom {
        nama,
        judul,
        jenis,
        uraian,
    }
}

/// An open table: its file name, title, grain and columns.
#[derive(Clone, Copy, Debug)]
pub struct Tabel {
    /// The file name without extension: `kecamatan`, `kkmp`.
    pub kode: &'static str,
    pub judul: &'static str,
    pub uraian: &'static str,
    pub kolom: &'static [Kolom],
}

/// Per kecamatan per month.
pub const KECAMATAN: Tabel = Tabel {
    kode: "kecamatan",
    judul: "Perkembangan Koperasi Kelurahan Merah Putih per kecamatan per bulan",
    uraian: "Agregat bulanan laporan KKMP yang telah diterima Dinas Koperasi, per kecamatan di Kota Palembang: \
             legalitas, gerai, status operasi, anggota, omzet dan kepatuhan pelaporan. Angka sama dengan halaman \
             kecamatan dasbor Pantau KKMP.",
    kolom: &[
        k("periode", "Periode", "string", "Bulan laporan, TTTT-BB."),
        k(
            "kode_kecamatan",
            "Kode kecamatan",
            "string",
            "Kode wilayah Kemendagri (Kepmendagri 300.2.2-2138/2025).",
        ),
        k(
            "nama_kecamatan",
            "Nama kecamatan",
            "string",
            "Nama resmi kecamatan.",
        ),
        k(
            "jumlah_kkmp",
            "Jumlah KKMP",
            "integer",
            "KKMP di kecamatan (satu per kelurahan).",
        ),
        k(
            "laporan_diterima",
            "Laporan diterima",
            "integer",
            "KKMP yang laporan bulan ini telah diterima Dinas Koperasi.",
        ),
        k(
            "laporan_tepat_waktu",
            "Laporan tepat waktu",
            "integer",
            "Laporan diterima yang pertama kali dikirim sebelum batas waktu.",
        ),
        k(
            "badan_hukum",
            "Berbadan hukum",
            "integer",
            "KKMP yang telah berbadan hukum (menurut laporan terakhir sampai bulan ini).",
        ),
        k(
            "nib",
            "Memiliki NIB",
            "integer",
            "KKMP yang memiliki Nomor Induk Berusaha.",
        ),
        k(
            "npwp",
            "Memiliki NPWP",
            "integer",
            "KKMP yang memiliki NPWP.",
        ),
        k(
            "rekening",
            "Memiliki rekening",
            "integer",
            "KKMP yang memiliki rekening bank atas nama koperasi.",
        ),
        k(
            "gerai_sembako",
            "Gerai sembako beroperasi",
            "integer",
            "KKMP yang gerai sembakonya beroperasi.",
        ),
        k(
            "beroperasi_penuh",
            "Beroperasi penuh",
            "integer",
            "KKMP dengan 3 unit usaha atau lebih beroperasi.",
        ),
        k(
            "beroperasi_terbatas",
            "Beroperasi terbatas",
            "integer",
            "KKMP dengan 1–2 unit usaha beroperasi.",
        ),
        k(
            "belum_beroperasi",
            "Belum beroperasi",
            "integer",
            "KKMP tanpa unit usaha beroperasi.",
        ),
        k(
            "pinjaman_cair",
            "Pinjaman Himbara cair",
            "integer",
            "KKMP yang pinjaman bank Himbara-nya telah cair.",
        ),
        k(
            "anggota",
            "Anggota",
            "integer",
            "Jumlah anggota seluruh KKMP (laporan terakhir sampai bulan ini).",
        ),
        k(
            "omzet",
            "Omzet (Rp)",
            "integer",
            "Jumlah omzet bulan ini dari laporan bulan ini, rupiah.",
        ),
    ],
};

/// Per KKMP per month.
pub const KKMP: Tabel = Tabel {
    kode: "kkmp",
    judul: "Status Koperasi Kelurahan Merah Putih per KKMP per bulan",
    uraian: "Keadaan setiap KKMP di Kota Palembang per bulan menurut laporan yang telah diterima Dinas Koperasi. \
             Untuk data stok (legalitas, gerai, anggota) dipakai laporan terakhir sampai bulan itu (kolom \
             periode_data); omzet hanya dari laporan bulan itu.",
    kolom: &[
        k("periode", "Periode", "string", "Bulan, TTTT-BB."),
        k(
            "kode_kelurahan",
            "Kode kelurahan",
            "string",
            "Kode wilayah Kemendagri kelurahan tempat KKMP.",
        ),
        k(
            "nama_kelurahan",
            "Nama kelurahan",
            "string",
            "Nama resmi kelurahan.",
        ),
        k(
            "kode_kecamatan",
            "Kode kecamatan",
            "string",
            "Kode wilayah Kemendagri kecamatan.",
        ),
        k(
            "nama_kecamatan",
            "Nama kecamatan",
            "string",
            "Nama resmi kecamatan.",
        ),
        k(
            "nama_kkmp",
            "Nama KKMP",
            "string",
            "Nama koperasi (badan usaha, bukan orang).",
        ),
        k(
            "periode_data",
            "Periode data",
            "string",
            "Bulan laporan terakhir yang diterima sampai periode ini; kosong bila belum ada.",
        ),
        k(
            "status_laporan",
            "Status laporan",
            "string",
            "tepat_waktu, terlambat atau tidak_ada (laporan bulan ini belum diterima).",
        ),
        k(
            "badan_hukum",
            "Berbadan hukum",
            "boolean",
            "Koperasi telah berbadan hukum.",
        ),
        k(
            "rekening",
            "Memiliki rekening",
            "boolean",
            "Rekening bank atas nama koperasi.",
        ),
        k(
            "gerai_sembako",
            "Gerai sembako",
            "string",
            "belum_ada, persiapan atau beroperasi; kosong bila belum ada laporan.",
        ),
        k(
            "unit_beroperasi",
            "Unit usaha beroperasi",
            "integer",
            "Gerai usaha dan unit lain yang beroperasi.",
        ),
        k(
            "status_operasi",
            "Status operasi",
            "string",
            "penuh (3+ unit), terbatas (1–2) atau belum.",
        ),
        k(
            "tahap_pinjaman",
            "Tahap pinjaman Himbara",
            "string",
            "Tahap pengajuan pinjaman bank Himbara; kosong bila belum ada laporan.",
        ),
        k("anggota", "Anggota", "integer", "Jumlah anggota."),
        k(
            "omzet",
            "Omzet (Rp)",
            "integer",
            "Omzet bulan ini dari laporan bulan ini; kosong bila laporan bulan ini belum diterima.",
        ),
    ],
};

/// Both tables, in the order the catalogue lists them.
pub const TABEL: [Tabel; 2] = [KECAMATAN, KKMP];

/// The licence the data is published under.
pub const LISENSI: &str = "https://creativecommons.org/licenses/by/4.0/";
pub const LISENSI_NAMA: &str = "Creative Commons Atribusi 4.0 Internasional (CC BY 4.0)";
/// The publisher.
pub const PENERBIT: &str = "Dinas Koperasi dan UKM Kota Palembang";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_unique_typed_and_impersonal() {
        for t in TABEL {
            let mut nama: Vec<&str> = t.kolom.iter().map(|k| k.nama).collect();
            nama.sort();
            nama.dedup();
            assert_eq!(nama.len(), t.kolom.len(), "{}", t.kode);
            for k in t.kolom {
                assert!(["string", "integer", "boolean"].contains(&k.jenis));
                for pribadi in [
                    "nik", "telepon", "hp", "whatsapp", "surel", "email", "ketua", "operator",
                    "oleh",
                ] {
                    assert!(!k.nama.split('_').any(|w| w == pribadi), "{}", k.nama);
                }
            }
        }
    }
}
