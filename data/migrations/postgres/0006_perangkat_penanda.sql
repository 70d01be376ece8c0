-- Known devices: a browser that signed in to an account gets a device
-- cookie; a correct password from a known device is not held back by the
-- account-wide or address-wide sign-in throttles (see simpan::akun).
-- `id` is the SHA-256 of the cookie's token.
CREATE TABLE perangkat (
    id TEXT PRIMARY KEY,
    pengguna_id BIGINT NOT NULL REFERENCES pengguna (id),
    dibuat_pada TIMESTAMPTZ NOT NULL,
    dipakai_pada TIMESTAMPTZ NOT NULL
);
CREATE INDEX perangkat_pengguna ON perangkat (pengguna_id, dipakai_pada);

-- Failed sign-ins are purged by age.
CREATE INDEX gagal_masuk_pada ON gagal_masuk (pada);

-- Facts about the database's history that no later change may undo,
-- e.g. 'akun_nyata': a real (non-demo) account was created here, so the
-- demo data may never be loaded into it.
CREATE TABLE penanda (
    kunci TEXT PRIMARY KEY,
    pada TIMESTAMPTZ NOT NULL
);
