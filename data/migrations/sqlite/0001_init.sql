-- Master data, monthly reports (immutable versions), targets.
-- Forward-only: never edit this file once released; add a new migration.

CREATE TABLE kecamatan (
    code TEXT PRIMARY KEY,
    nama TEXT NOT NULL
);

CREATE TABLE kelurahan (
    code TEXT PRIMARY KEY,
    kecamatan_code TEXT NOT NULL REFERENCES kecamatan (code),
    nama TEXT NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL
);

CREATE TABLE kkmp (
    kelurahan_code TEXT PRIMARY KEY REFERENCES kelurahan (code),
    nama TEXT NOT NULL
);

-- One row per submitted version of a report; never updated, never deleted.
CREATE TABLE laporan (
    id INTEGER PRIMARY KEY,
    kelurahan_code TEXT NOT NULL REFERENCES kkmp (kelurahan_code),
    periode TEXT NOT NULL,
    versi BIGINT NOT NULL,
    dikirim_pada TIMESTAMP NOT NULL,
    dikirim_oleh TEXT NOT NULL,
    sumber TEXT NOT NULL,
    alasan TEXT,
    badan_hukum BOOLEAN NOT NULL,
    tgl_badan_hukum DATE,
    nib BOOLEAN NOT NULL,
    npwp BOOLEAN NOT NULL,
    rekening BOOLEAN NOT NULL,
    simkopdes BOOLEAN NOT NULL,
    anggota BIGINT NOT NULL,
    anggota_pria BIGINT NOT NULL,
    anggota_wanita BIGINT NOT NULL,
    pengurus BIGINT NOT NULL,
    pengawas BIGINT NOT NULL,
    simpanan_pokok BIGINT NOT NULL,
    simpanan_wajib BIGINT NOT NULL,
    simpanan_sukarela BIGINT NOT NULL,
    hibah BIGINT NOT NULL,
    gerai_kantor TEXT NOT NULL,
    gerai_sembako TEXT NOT NULL,
    gerai_simpan_pinjam TEXT NOT NULL,
    gerai_klinik TEXT NOT NULL,
    gerai_apotek TEXT NOT NULL,
    gerai_cold_storage TEXT NOT NULL,
    gerai_logistik TEXT NOT NULL,
    unit_lain TEXT NOT NULL,
    unit_lain_beroperasi BIGINT NOT NULL,
    lahan TEXT NOT NULL,
    pembangunan TEXT NOT NULL,
    tempat_sewa BOOLEAN NOT NULL,
    pinjaman_tahap TEXT NOT NULL,
    pinjaman_plafon BIGINT NOT NULL,
    pinjaman_cair BIGINT NOT NULL,
    pinjaman_outstanding BIGINT NOT NULL,
    rat BOOLEAN NOT NULL,
    tgl_rat DATE,
    omzet BIGINT NOT NULL,
    shu BIGINT NOT NULL,
    tenaga_kerja BIGINT NOT NULL,
    transaksi_anggota BIGINT NOT NULL,
    UNIQUE (kelurahan_code, periode, versi)
);

-- The current version of each (KKMP, month), maintained on write so that
-- reads never resolve versions.
CREATE TABLE laporan_terkini (
    kelurahan_code TEXT NOT NULL REFERENCES kkmp (kelurahan_code),
    periode TEXT NOT NULL,
    laporan_id BIGINT NOT NULL REFERENCES laporan (id),
    pertama_dikirim TIMESTAMP NOT NULL,
    PRIMARY KEY (kelurahan_code, periode)
);

CREATE TABLE target (
    id INTEGER PRIMARY KEY,
    indikator TEXT NOT NULL,
    cakupan TEXT NOT NULL,
    cakupan_code TEXT NOT NULL,
    nilai_awal DOUBLE PRECISION NOT NULL,
    tgl_awal DATE NOT NULL,
    nilai_target DOUBLE PRECISION NOT NULL,
    tenggat DATE NOT NULL,
    keterangan TEXT NOT NULL,
    dibuat_pada TIMESTAMP NOT NULL,
    dibuat_oleh TEXT NOT NULL
);

-- A single row: bumped by every write so that caches know what they hold.
CREATE TABLE revisi (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    nomor BIGINT NOT NULL,
    demo BOOLEAN NOT NULL
);
INSERT INTO revisi (id, nomor, demo) VALUES (1, 0, FALSE);
