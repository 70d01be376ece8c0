-- Field verification visits (issue 18): what an officer saw at a KKMP,
-- set against the KKMP's own report. Append only: a visit is evidence; a
-- wrong one is answered by a new visit, never edited. Both tables are
-- bound to the audit trail (inti::ikatan::UMUM); a photo's bytes are
-- re-hashed against the SHA-256 its bound row records.
CREATE TABLE kunjungan (
    id INTEGER PRIMARY KEY,
    kelurahan_code TEXT NOT NULL,
    -- The day of the visit, YYYY-MM-DD.
    tanggal TEXT NOT NULL,
    -- Who went, as typed.
    petugas TEXT NOT NULL,
    -- What was seen: 1 yes, 0 no.
    gerai_buka BIGINT NOT NULL,
    stok_ada BIGINT NOT NULL,
    petugas_ada BIGINT NOT NULL,
    pembukuan_ada BIGINT NOT NULL,
    catatan TEXT NOT NULL,
    -- The KKMP's report it was set against (the current version of the
    -- visit's month or the latest before it), NULL when there was none.
    periode_laporan TEXT,
    status_laporan TEXT,
    -- mengonfirmasi, membantah, tanpa_laporan.
    hasil TEXT NOT NULL,
    dicatat_oleh TEXT NOT NULL,
    dicatat_pada TEXT NOT NULL
);
CREATE INDEX kunjungan_kkmp ON kunjungan (kelurahan_code, tanggal);
CREATE INDEX kunjungan_pencatat ON kunjungan (dicatat_oleh, dicatat_pada);

CREATE TABLE foto_kunjungan (
    id INTEGER PRIMARY KEY,
    kunjungan_id BIGINT NOT NULL REFERENCES kunjungan (id),
    urutan BIGINT NOT NULL,
    -- image/jpeg or image/png, from the bytes.
    jenis TEXT NOT NULL,
    ukuran BIGINT NOT NULL,
    lebar BIGINT NOT NULL,
    tinggi BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    -- EXIF position in millionths of a degree; NULL without one.
    lintang_e6 BIGINT,
    bujur_e6 BIGINT,
    -- EXIF time as the camera wrote it, YYYY-MM-DD HH:MM:SS.
    waktu_exif TEXT,
    -- Metres from the kelurahan's centroid, 0 inside its boundary.
    jarak_m BIGINT,
    isi BLOB NOT NULL
);
CREATE INDEX foto_kunjungan_milik ON foto_kunjungan (kunjungan_id);
CREATE INDEX foto_kunjungan_sha ON foto_kunjungan (sha256);
