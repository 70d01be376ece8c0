-- The three rooms: snapshots of the figures (briefings, meetings), the
-- meeting's follow-up ledger, the city's support interventions and the
-- Inspektorat's follow-up of anomalies. Forward-only. Times are RFC 3339
-- text in UTC, as hashed and shown.

-- The figures frozen at a cut-off. `isi` is the canonical JSON of the
-- figures and `hash` its SHA-256, so a pack can be checked against it.
CREATE TABLE cuplikan (
    id INTEGER PRIMARY KEY,
    jenis TEXT NOT NULL CHECK (jenis IN ('briefing', 'rapat')),
    judul TEXT NOT NULL,
    tanggal TEXT NOT NULL,
    periode TEXT NOT NULL,
    revisi BIGINT NOT NULL,
    cutoff TEXT NOT NULL,
    hash TEXT NOT NULL,
    isi TEXT NOT NULL,
    dibuat_oleh TEXT NOT NULL
);
CREATE INDEX cuplikan_jenis ON cuplikan (jenis, id);

-- Tindak lanjut: action items agreed in a meeting. Never deleted: closed
-- (status 'selesai') or carried into the next meeting while open.
CREATE TABLE tindak_lanjut (
    id INTEGER PRIMARY KEY,
    rapat_id BIGINT NOT NULL REFERENCES cuplikan (id),
    uraian TEXT NOT NULL,
    kecamatan_code TEXT,
    kelurahan_code TEXT,
    indikator TEXT,
    penanggung_jawab TEXT NOT NULL,
    tenggat TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('terbuka', 'proses', 'selesai')),
    catatan TEXT NOT NULL,
    dibuat_oleh TEXT NOT NULL,
    dibuat_pada TEXT NOT NULL,
    diubah_oleh TEXT,
    diubah_pada TEXT
);
CREATE INDEX tindak_lanjut_rapat ON tindak_lanjut (rapat_id);

-- The city's support to a KKMP (the ten efforts of the program).
CREATE TABLE intervensi (
    id INTEGER PRIMARY KEY,
    kelurahan_code TEXT NOT NULL,
    tanggal TEXT NOT NULL,
    jenis TEXT NOT NULL,
    nilai BIGINT,
    peserta BIGINT,
    catatan TEXT NOT NULL,
    dicatat_oleh TEXT NOT NULL,
    dicatat_pada TEXT NOT NULL
);
CREATE INDEX intervensi_kkmp ON intervensi (kelurahan_code, tanggal);

-- The Inspektorat's follow-up of an anomaly, keyed by the anomaly's
-- stable key (kind/kelurahan/month/field). The latest row counts.
CREATE TABLE tindak_anomali (
    id INTEGER PRIMARY KEY,
    kunci TEXT NOT NULL,
    catatan TEXT NOT NULL,
    oleh TEXT NOT NULL,
    pada TEXT NOT NULL
);
CREATE INDEX tindak_anomali_kunci ON tindak_anomali (kunci, id);
