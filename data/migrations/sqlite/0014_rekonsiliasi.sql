-- Reconciliation with SIMKOPDES (issue 18): an import of the national
-- system's export (its file named by SHA-256; only the city's rows were
-- read), the discrepancies it found per KKMP and field, and their steps
-- (follow-up, resolved, reopened). Append only: a discrepancy's status is
-- read from its steps. All three bound to the audit trail.
CREATE TABLE rekonsiliasi (
    id INTEGER PRIMARY KEY,
    nama_berkas TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    baris_data BIGINT NOT NULL,
    -- Rows matched for certain, and confirmed by the person who stored it.
    cocok BIGINT NOT NULL,
    dikonfirmasi BIGINT NOT NULL,
    -- The city month compared (YYYY-MM): the newest accepted.
    periode TEXT NOT NULL,
    oleh TEXT NOT NULL,
    pada TEXT NOT NULL
);

CREATE TABLE selisih (
    id INTEGER PRIMARY KEY,
    rekonsiliasi_id BIGINT NOT NULL REFERENCES rekonsiliasi (id),
    kelurahan_code TEXT NOT NULL,
    -- terdaftar, badan_hukum, anggota, gerai, tahap_pinjaman.
    bidang TEXT NOT NULL,
    nilai_kota TEXT NOT NULL,
    nilai_nasional TEXT NOT NULL,
    -- The national file's row (0: the KKMP is not in it) and how it was
    -- matched (kode, nama, dikonfirmasi; '' when not in it).
    baris BIGINT NOT NULL,
    cara TEXT NOT NULL,
    pemilik TEXT NOT NULL
);
CREATE INDEX selisih_rekonsiliasi ON selisih (rekonsiliasi_id);

CREATE TABLE selisih_langkah (
    id INTEGER PRIMARY KEY,
    selisih_id BIGINT NOT NULL REFERENCES selisih (id),
    -- tindak_lanjut, ditutup (resolved), dibuka_lagi.
    jenis TEXT NOT NULL,
    uraian TEXT NOT NULL,
    oleh TEXT NOT NULL,
    pada TEXT NOT NULL
);
CREATE INDEX selisih_langkah_milik ON selisih_langkah (selisih_id);
