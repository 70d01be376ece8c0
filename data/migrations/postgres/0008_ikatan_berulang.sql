-- A row written more than once by the application (a target edited, a
-- tindak lanjut item's status changed) is bound by every entry that wrote
-- it; verification checks it against the latest. So the key of a binding
-- is (table, row, entry), not (table, row). (ALTER TABLE fires none of the
-- append-only triggers.)
ALTER TABLE jejak_ikatan DROP CONSTRAINT jejak_ikatan_pkey;
ALTER TABLE jejak_ikatan ADD PRIMARY KEY (tabel, baris_id, jejak_id);
