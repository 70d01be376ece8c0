-- A row written more than once by the application (a target edited, a
-- tindak lanjut item's status changed) is bound by every entry that wrote
-- it; verification checks it against the latest. So the key of a binding
-- is (table, row, entry), not (table, row). SQLite cannot change a primary
-- key in place: the table is rebuilt with its rows and its append-only
-- triggers (dropping a table fires none of them).
CREATE TABLE jejak_ikatan_baru (
    tabel TEXT NOT NULL,
    baris_id BIGINT NOT NULL,
    jejak_id BIGINT NOT NULL REFERENCES jejak_audit (id),
    hash_isi TEXT NOT NULL,
    PRIMARY KEY (tabel, baris_id, jejak_id)
);
INSERT INTO jejak_ikatan_baru (tabel, baris_id, jejak_id, hash_isi)
    SELECT tabel, baris_id, jejak_id, hash_isi FROM jejak_ikatan;
DROP TABLE jejak_ikatan;
ALTER TABLE jejak_ikatan_baru RENAME TO jejak_ikatan;
CREATE INDEX jejak_ikatan_jejak ON jejak_ikatan (jejak_id);

CREATE TRIGGER jejak_ikatan_tolak_ubah BEFORE UPDATE ON jejak_ikatan
BEGIN
    SELECT RAISE(ABORT, 'ikatan jejak audit hanya dapat ditambah: UPDATE ditolak');
END;
CREATE TRIGGER jejak_ikatan_tolak_hapus BEFORE DELETE ON jejak_ikatan
BEGIN
    SELECT RAISE(ABORT, 'ikatan jejak audit hanya dapat ditambah: DELETE ditolak');
END;
