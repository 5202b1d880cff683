-- Edge batches answer headers (id, type, endpoints) read from the indexes alone: relations_out/relations_in already
-- carry the relation's id and far end as an integer; this index turns that integer back into the entity's id
-- without visiting the entities heap, so the whole batch is index-only scans. It replaces entities_n, whose key
-- it keeps.
CREATE UNIQUE INDEX entities_n_id ON entities (n) INCLUDE (id);
DROP INDEX entities_n;
