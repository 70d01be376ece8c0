-- Accounts, sessions, login throttling, the approval workflow of reports,
-- and the hash-chained audit trail. Forward-only.

-- People who sign in. Never deleted: deactivated (aktif = FALSE).
CREATE TABLE pengguna (
    id INTEGER PRIMARY KEY,
    nama_pengguna TEXT NOT NULL UNIQUE,
    nama TEXT NOT NULL,
    peran TEXT NOT NULL,
    cakupan TEXT,
    kata_sandi TEXT NOT NULL,
    aktif BOOLEAN NOT NULL,
    dibuat_pada TIMESTAMP NOT NULL,
    diubah_pada TIMESTAMP NOT NULL
);

-- Sessions, shared by every app instance. `id` is the SHA-256 of the
-- cookie's token, so the table alone cannot be used to sign in.
CREATE TABLE sesi (
    id TEXT PRIMARY KEY,
    pengguna_id BIGINT NOT NULL REFERENCES pengguna (id),
    csrf TEXT NOT NULL,
    alamat TEXT NOT NULL,
    dibuat_pada TIMESTAMP NOT NULL,
    kedaluwarsa TIMESTAMP NOT NULL
);
CREATE INDEX sesi_pengguna ON sesi (pengguna_id);

-- Failed sign-ins, per account and per address (`kunci` = 'akun:<name>' or
-- 'alamat:<ip>'), counted over a window to throttle guessing.
CREATE TABLE gagal_masuk (
    kunci TEXT NOT NULL,
    pada TIMESTAMP NOT NULL
);
CREATE INDEX gagal_masuk_kunci ON gagal_masuk (kunci, pada);

-- Approval: the state of each (KKMP, month). Reports stored before the
-- workflow existed were taken in under the old rules and count as accepted.
ALTER TABLE laporan_terkini ADD COLUMN status TEXT NOT NULL DEFAULT 'diterima';
ALTER TABLE laporan_terkini ADD COLUMN status_pada TIMESTAMP;
ALTER TABLE laporan_terkini ADD COLUMN diterima_id BIGINT REFERENCES laporan (id);
UPDATE laporan_terkini SET diterima_id = laporan_id, status_pada = pertama_dikirim;

-- Every step of the workflow: diajukan, diverifikasi, dikembalikan,
-- diterima, dibuka (reopened).
CREATE TABLE laporan_langkah (
    id INTEGER PRIMARY KEY,
    laporan_id BIGINT NOT NULL REFERENCES laporan (id),
    kelurahan_code TEXT NOT NULL,
    periode TEXT NOT NULL,
    langkah TEXT NOT NULL,
    oleh TEXT NOT NULL,
    pada TIMESTAMP NOT NULL,
    catatan TEXT NOT NULL
);
CREATE INDEX laporan_langkah_kkmp ON laporan_langkah (kelurahan_code, periode, id);

-- The audit trail: append-only, hash-chained. `id` is a gapless sequence
-- number; `hash` = SHA-256 over the entry's fields and `hash_sebelum`.
-- Times and JSON are stored as the exact text that was hashed.
CREATE TABLE jejak_audit (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    pada TEXT NOT NULL,
    pengguna TEXT NOT NULL,
    peran TEXT NOT NULL,
    alamat TEXT NOT NULL,
    aksi TEXT NOT NULL,
    objek TEXT NOT NULL,
    sebelum TEXT NOT NULL,
    sesudah TEXT NOT NULL,
    alasan TEXT NOT NULL,
    hash_sebelum TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- The chain's head: the last entry's number and hash. Appending updates it
-- first, which serialises writers on both back ends.
CREATE TABLE jejak_kepala (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    nomor BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO jejak_kepala (id, nomor, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER jejak_audit_tolak_ubah BEFORE UPDATE ON jejak_audit
BEGIN
    SELECT RAISE(ABORT, 'jejak audit hanya dapat ditambah: UPDATE ditolak');
END;
CREATE TRIGGER jejak_audit_tolak_hapus BEFORE DELETE ON jejak_audit
BEGIN
    SELECT RAISE(ABORT, 'jejak audit hanya dapat ditambah: DELETE ditolak');
END;
