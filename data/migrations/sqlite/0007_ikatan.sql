-- Content bound to the audit chain (issue 15): each bound row's content hash,
-- recorded by the audit entry that wrote it. The entry's `ikatan` is the
-- digest of its bindings and is part of the entry's own hash, so a row, its
-- binding and the chain cannot disagree unnoticed.
ALTER TABLE jejak_audit ADD COLUMN ikatan TEXT NOT NULL DEFAULT '';

CREATE TABLE jejak_ikatan (
    tabel TEXT NOT NULL,
    baris_id BIGINT NOT NULL,
    jejak_id BIGINT NOT NULL REFERENCES jejak_audit (id),
    hash_isi TEXT NOT NULL,
    PRIMARY KEY (tabel, baris_id)
);
CREATE INDEX jejak_ikatan_jejak ON jejak_ikatan (jejak_id);

CREATE TRIGGER jejak_ikatan_tolak_ubah BEFORE UPDATE ON jejak_ikatan
BEGIN
    SELECT RAISE(ABORT, 'ikatan jejak audit hanya dapat ditambah: UPDATE ditolak');
END;
CREATE TRIGGER jejak_ikatan_tolak_hapus BEFORE DELETE ON jejak_ikatan
BEGIN
    SELECT RAISE(ABORT, 'ikatan jejak audit hanya dapat ditambah: DELETE ditolak');
END;
