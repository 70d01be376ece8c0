-- A second revision number, moved only by writes that change what the
-- accepted-only view shows (an acceptance, targets, boundary files, the
-- demo load). A report version or a workflow step short of acceptance
-- moves `nomor` alone, so the default dashboards and their caches survive
-- the deadline day's stream of submissions.
ALTER TABLE revisi ADD COLUMN diterima BIGINT NOT NULL DEFAULT 0;
UPDATE revisi SET diterima = nomor;
