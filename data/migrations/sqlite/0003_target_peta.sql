-- Targets become editable with a kept history, may apply to one kelurahan,
-- and admins may install boundary polygons for the map. Forward-only.

-- A target is retired (aktif = FALSE), never deleted, so its history stays
-- readable. At most one active target per indicator, scope and deadline.
ALTER TABLE target ADD COLUMN aktif BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE target ADD COLUMN diubah_pada TIMESTAMP;
ALTER TABLE target ADD COLUMN diubah_oleh TEXT;
CREATE UNIQUE INDEX target_unik ON target (indikator, cakupan_code, tenggat) WHERE aktif;

-- Every state a target has had: one row per change, the whole target as it
-- stood after the change, who made it, when and why.
CREATE TABLE target_riwayat (
    id INTEGER PRIMARY KEY,
    target_id BIGINT NOT NULL REFERENCES target (id),
    aksi TEXT NOT NULL,
    indikator TEXT NOT NULL,
    cakupan TEXT NOT NULL,
    cakupan_code TEXT NOT NULL,
    nilai_awal DOUBLE PRECISION NOT NULL,
    tgl_awal DATE NOT NULL,
    nilai_target DOUBLE PRECISION NOT NULL,
    tenggat DATE NOT NULL,
    keterangan TEXT NOT NULL,
    aktif BOOLEAN NOT NULL,
    oleh TEXT NOT NULL,
    pada TIMESTAMP NOT NULL,
    alasan TEXT NOT NULL
);
CREATE INDEX target_riwayat_target ON target_riwayat (target_id, id);

-- Targets stored before this migration: their creation is their history.
INSERT INTO target_riwayat (target_id, aksi, indikator, cakupan, cakupan_code, nilai_awal, tgl_awal,
    nilai_target, tenggat, keterangan, aktif, oleh, pada, alasan)
SELECT id, 'buat', indikator, cakupan, cakupan_code, nilai_awal, tgl_awal, nilai_target, tenggat,
    keterangan, TRUE, dibuat_oleh, dibuat_pada, '' FROM target ORDER BY id;

-- Boundary polygons (GeoJSON) for the map, one per level: 'kelurahan' or
-- 'kecamatan'. Without one, the map draws points at kelurahan centroids.
CREATE TABLE batas_wilayah (
    tingkat TEXT PRIMARY KEY,
    nama_berkas TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    isi TEXT NOT NULL,
    jumlah_wilayah BIGINT NOT NULL,
    dipasang_pada TIMESTAMP NOT NULL,
    dipasang_oleh TEXT NOT NULL
);
