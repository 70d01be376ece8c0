-- Contacts and preferences of an account, for the messages the app sends
-- on its own (issue 17). Empty: none.
ALTER TABLE pengguna ADD COLUMN surel TEXT NOT NULL DEFAULT '';
ALTER TABLE pengguna ADD COLUMN whatsapp TEXT NOT NULL DEFAULT '';
ALTER TABLE pengguna ADD COLUMN terima_surel BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE pengguna ADD COLUMN terima_whatsapp BOOLEAN NOT NULL DEFAULT TRUE;

-- The outbox: every message is stored before it is sent. `kunci` (rule ×
-- month × recipient × channel) is unique, so a message is queued once
-- whatever restarts or instances run the rules.
CREATE TABLE pesan_keluar (
    id INTEGER PRIMARY KEY,
    kunci TEXT NOT NULL UNIQUE,
    aturan TEXT NOT NULL,
    periode TEXT NOT NULL,
    penerima TEXT NOT NULL,
    saluran TEXT NOT NULL CHECK (saluran IN ('log', 'surel', 'whatsapp')),
    alamat TEXT NOT NULL,
    judul TEXT NOT NULL,
    isi TEXT NOT NULL,
    tautan TEXT NOT NULL,
    revisi BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('antre', 'mengirim', 'terkirim', 'gagal')),
    percobaan INTEGER NOT NULL,
    coba_pada TIMESTAMP NOT NULL,
    alasan TEXT NOT NULL,
    dibuat_pada TIMESTAMP NOT NULL,
    -- A file sent with the message (the weekly briefing PDF): name and bytes.
    lampiran_nama TEXT NOT NULL DEFAULT '',
    lampiran BLOB,
    terkirim_pada TIMESTAMP
);
CREATE INDEX pesan_keluar_jatuh ON pesan_keluar (status, coba_pada);
