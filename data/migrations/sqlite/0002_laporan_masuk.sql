-- Reports coming in: accepted warnings on each version, the uploaded files a
-- version came from, and short-lived drafts (form input awaiting correction,
-- uploads awaiting confirmation). Forward-only.

-- Soft warnings the sender accepted with the version's reason (one per line).
ALTER TABLE laporan ADD COLUMN peringatan TEXT NOT NULL DEFAULT '';

-- Every committed upload, kept as evidence; the hash makes a second upload
-- of the same file create nothing.
CREATE TABLE unggahan (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    nama_berkas TEXT NOT NULL,
    ukuran BIGINT NOT NULL,
    jumlah_laporan BIGINT NOT NULL,
    diunggah_pada TIMESTAMP NOT NULL,
    diunggah_oleh TEXT NOT NULL,
    isi BLOB NOT NULL
);

ALTER TABLE laporan ADD COLUMN unggahan_id BIGINT REFERENCES unggahan (id);

-- Temporary state between two requests: not data, deleted after a day.
CREATE TABLE sementara (
    token TEXT PRIMARY KEY,
    jenis TEXT NOT NULL,
    nama TEXT NOT NULL,
    isi BLOB NOT NULL,
    dibuat_pada TIMESTAMP NOT NULL
);
