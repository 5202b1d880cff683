-- Pages of entities by position, read inside the query instead of listing every id: the API's cursors are list
-- positions, and n is already the position in the list of all entities; kind_n is the position among the
-- entities of its kind, so a page of one kind is a range scan of (kind, kind_n) from the cursor on (keyset), index
-- only (n included, so pages over several kinds merge their per-kind scans by n). db:load writes kind_n; this
-- fills it for a graph loaded before.
ALTER TABLE entities ADD COLUMN kind_n integer;
UPDATE entities SET kind_n = ranked.kind_n
FROM (SELECT n, (row_number() OVER (PARTITION BY kind ORDER BY n) - 1)::integer AS kind_n FROM entities) AS ranked
WHERE entities.n = ranked.n;
ALTER TABLE entities ALTER COLUMN kind_n SET NOT NULL;
CREATE UNIQUE INDEX entities_kind_page ON entities (kind, kind_n) INCLUDE (id, n);
