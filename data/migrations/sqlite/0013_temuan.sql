-- The Inspektorat's findings register (issue 18): a finding and its
-- recommendation, then its steps (the responsible office's follow-ups
-- with evidence, the Inspektorat's closing and reopening). Append only:
-- the status is read from the steps. Both bound to the audit trail; an
-- attached file is re-hashed against its bound SHA-256.
CREATE TABLE temuan (
    id INTEGER PRIMARY KEY,
    judul TEXT NOT NULL,
    uraian TEXT NOT NULL,
    rekomendasi TEXT NOT NULL,
    penanggung_jawab TEXT NOT NULL,
    -- A kecamatan or kelurahan code; '' for the city.
    wilayah_code TEXT NOT NULL,
    -- anomali, kunjungan, pemeriksaan; and the anomaly key or visit id.
    sumber TEXT NOT NULL,
    sumber_ref TEXT NOT NULL,
    -- YYYY-MM-DD.
    tenggat TEXT NOT NULL,
    dibuka_oleh TEXT NOT NULL,
    dibuka_pada TEXT NOT NULL
);
CREATE INDEX temuan_wilayah ON temuan (wilayah_code);

CREATE TABLE temuan_langkah (
    id INTEGER PRIMARY KEY,
    temuan_id BIGINT NOT NULL REFERENCES temuan (id),
    -- tindak_lanjut, ditutup, dibuka_lagi.
    jenis TEXT NOT NULL,
    uraian TEXT NOT NULL,
    oleh TEXT NOT NULL,
    pada TEXT NOT NULL,
    -- The evidence attached, if any.
    berkas_nama TEXT,
    berkas_jenis TEXT,
    ukuran BIGINT,
    sha256 TEXT,
    isi BLOB
);
CREATE INDEX temuan_langkah_milik ON temuan_langkah (temuan_id);
