-- The PostgreSQL role Pantau KKMP runs as: no DDL, no UPDATE or DELETE on
-- what must never change (report versions, approval steps, uploads, the
-- audit trail and its bindings, snapshots, target history, support
-- entries), and not the owner of any table, so it cannot drop or disable
-- the append-only triggers. Issue 15; docs/operasi.md.
--
-- Two roles:
--   the owner (say `pantau_pemilik`) owns the database and its tables and
--     runs `server migrate` before each upgrade;
--   the app (`pantau_app` here) runs `server serve` with
--     PANTAU_TANPA_MIGRASI=true (the app then refuses a database that lacks
--     one of its migrations instead of trying to migrate).
--
-- Once, as a superuser:
--   CREATE ROLE pantau_app LOGIN PASSWORD '…';
-- Then, after every `server migrate`, as the owner in the app's database:
--   psql "$DATABASE_URL_PEMILIK" -f docs/postgres-peran-aplikasi.sql
-- (tests/integration/peran.rs runs this file as it is, with another role
-- name, and checks what the role can and cannot do.)

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM pantau_app;
REVOKE CREATE ON SCHEMA public FROM pantau_app;
GRANT USAGE ON SCHEMA public TO pantau_app;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pantau_app;
-- Identity columns and the report ids drawn ahead (nextval).
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO pantau_app;

-- Append only.
GRANT INSERT ON laporan, laporan_langkah, unggahan, target_riwayat, cuplikan,
    intervensi, tindak_anomali, kunjungan, foto_kunjungan, temuan, temuan_langkah,
    rekonsiliasi, selisih, selisih_langkah,
    jejak_audit, jejak_ikatan,
    penanda, kkmp
    TO pantau_app;
-- Written again by the application, every change bound in the trail.
GRANT INSERT, UPDATE ON laporan_terkini, target, tindak_lanjut, pengguna,
    kecamatan, kelurahan TO pantau_app;
-- Single-row counters.
GRANT UPDATE ON revisi, jejak_kepala TO pantau_app;
-- Boundary files are replaced per level.
GRANT INSERT, DELETE ON batas_wilayah TO pantau_app;
-- Short-lived state, not data: sessions, known devices, failed sign-ins,
-- pending uploads and drafts (purged by the app).
GRANT INSERT, UPDATE, DELETE ON sesi, perangkat, gagal_masuk, sementara TO pantau_app;
