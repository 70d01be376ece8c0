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

CREATE TRIGGER jejak_ikatan_tolak_ubah BEFORE UPDATE OR DELETE ON jejak_ikatan
    FOR EACH ROW EXECUTE FUNCTION jejak_audit_tolak();
CREATE TRIGGER jejak_ikatan_tolak_kosongkan BEFORE TRUNCATE ON jejak_ikatan
    FOR EACH STATEMENT EXECUTE FUNCTION jejak_audit_tolak();
