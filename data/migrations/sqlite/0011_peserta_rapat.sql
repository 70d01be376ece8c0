-- The roles a meeting's pack is sent to when it is frozen (issue 17):
-- role codes separated by commas ('pimpinan,admin,camat'); empty for
-- briefings and for the meetings frozen before this column existed, which
-- are never sent.
ALTER TABLE cuplikan ADD COLUMN peserta TEXT NOT NULL DEFAULT '';
