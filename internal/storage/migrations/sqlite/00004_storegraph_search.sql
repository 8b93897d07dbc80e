-- +goose Up
-- Product search (Query.searchProducts): a full-text index of the live,
-- published products, kept up to date by triggers on Medusa's tables, so
-- writes from any client (storegraph, a Medusa admin, plain SQL) show at once.
--
-- FTS4, not FTS5: mattn/go-sqlite3 compiles FTS5 only with the build tag
-- sqlite_fts5, which `go run .` and `go test ./...` do not pass, while FTS3/4
-- are always compiled in. FTS4 has no ranking function of its own; storegraph
-- registers storegraph_search_rank (BM25 over matchinfo, with the column
-- weights below) on every connection it opens (internal/storage/search.go).
-- Typo tolerance reads the index's vocabulary from the fts4aux table.
--
-- One row per searchable product. The FTS4 docid must be an integer and stay
-- put, which product's implicit rowid does not (VACUUM may renumber it), so
-- storegraph_search_doc maps each indexed product to its docid.
CREATE TABLE storegraph_search_doc (
    docid INTEGER PRIMARY KEY,
    product_id TEXT NOT NULL UNIQUE
);

-- The columns and their ranking weights: title 1.0; subtitle, handle and
-- variant SKUs 0.4; variant titles and the taxonomy (tag values, type value,
-- collection title) 0.2; description 0.1 (PostgreSQL's A, B, C, D).
-- unicode61 splits at anything that is not a letter or digit, lowercases and
-- folds diacritics ("Café" is "cafe"); storage.SearchWords splits queries the
-- same way.
CREATE VIRTUAL TABLE storegraph_search_fts USING fts4(
    title, subtitle, handle, sku, variant, taxonomy, description,
    tokenize=unicode61, prefix="2,3"
);

-- The vocabulary: one row per indexed word (col '*') and per word and column.
CREATE VIRTUAL TABLE storegraph_search_terms USING fts4aux(storegraph_search_fts);

-- SQLite has no procedures; inserting a product id into this view runs its
-- INSTEAD OF trigger, which re-indexes that product (or drops it from the
-- index when it is deleted, soft-deleted or not published). Every trigger
-- below goes through it, so the document is built in one place.
CREATE VIEW storegraph_search_refresh (product_id) AS SELECT NULL WHERE 0;

-- +goose StatementBegin
CREATE TRIGGER storegraph_search_refresh INSTEAD OF INSERT ON storegraph_search_refresh
BEGIN
    DELETE FROM storegraph_search_fts
     WHERE docid IN (SELECT docid FROM storegraph_search_doc WHERE product_id = NEW.product_id);
    DELETE FROM storegraph_search_doc WHERE product_id = NEW.product_id;
    INSERT INTO storegraph_search_doc (product_id)
    SELECT id FROM product WHERE id = NEW.product_id AND deleted_at IS NULL AND status = 'published';
    INSERT INTO storegraph_search_fts (docid, title, subtitle, handle, sku, variant, taxonomy, description)
    SELECT d.docid, p.title, p.subtitle, p.handle,
           (SELECT group_concat(v.sku, ' ') FROM product_variant v
             WHERE v.product_id = p.id AND v.deleted_at IS NULL),
           (SELECT group_concat(v.title, ' ') FROM product_variant v
             WHERE v.product_id = p.id AND v.deleted_at IS NULL),
           ifnull((SELECT group_concat(t.value, ' ') FROM product_tags pt
                     JOIN product_tag t ON t.id = pt.product_tag_id
                    WHERE pt.product_id = p.id AND t.deleted_at IS NULL), '')
             || ' ' || ifnull((SELECT value FROM product_type WHERE id = p.type_id AND deleted_at IS NULL), '')
             || ' ' || ifnull((SELECT title FROM product_collection WHERE id = p.collection_id AND deleted_at IS NULL), ''),
           p.description
      FROM storegraph_search_doc d JOIN product p ON p.id = d.product_id
     WHERE d.product_id = NEW.product_id;
END;
-- +goose StatementEnd

-- Products. UPDATE OF lists the columns the document and the visibility
-- depend on; an update that sets none of them (prices, inventory) costs nothing.
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_product_insert AFTER INSERT ON product
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_product_update
AFTER UPDATE OF id, title, subtitle, description, handle, status, deleted_at, type_id, collection_id ON product
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (OLD.id);
    INSERT INTO storegraph_search_refresh SELECT NEW.id WHERE NEW.id <> OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_product_delete AFTER DELETE ON product
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (OLD.id);
END;
-- +goose StatementEnd

-- Variants: titles and SKUs.
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_variant_insert AFTER INSERT ON product_variant
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (NEW.product_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_variant_update
AFTER UPDATE OF product_id, title, sku, deleted_at ON product_variant
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (OLD.product_id);
    INSERT INTO storegraph_search_refresh SELECT NEW.product_id WHERE NEW.product_id <> OLD.product_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_variant_delete AFTER DELETE ON product_variant
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (OLD.product_id);
END;
-- +goose StatementEnd

-- Tags of a product, and a tag's value.
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_product_tags_insert AFTER INSERT ON product_tags
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (NEW.product_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_product_tags_update AFTER UPDATE ON product_tags
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (OLD.product_id);
    INSERT INTO storegraph_search_refresh SELECT NEW.product_id WHERE NEW.product_id <> OLD.product_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_product_tags_delete AFTER DELETE ON product_tags
BEGIN
    INSERT INTO storegraph_search_refresh VALUES (OLD.product_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_tag_update AFTER UPDATE OF value, deleted_at ON product_tag
BEGIN
    INSERT INTO storegraph_search_refresh
    SELECT product_id FROM product_tags WHERE product_tag_id = NEW.id;
END;
-- +goose StatementEnd

-- A type's value and a collection's title.
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_type_update AFTER UPDATE OF value, deleted_at ON product_type
BEGIN
    INSERT INTO storegraph_search_refresh SELECT id FROM product WHERE type_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER storegraph_search_collection_update AFTER UPDATE OF title, deleted_at ON product_collection
BEGIN
    INSERT INTO storegraph_search_refresh SELECT id FROM product WHERE collection_id = NEW.id;
END;
-- +goose StatementEnd

-- Backfill: index the products the database has already.
INSERT INTO storegraph_search_refresh
SELECT id FROM product WHERE deleted_at IS NULL AND status = 'published';

-- +goose Down
DROP TRIGGER storegraph_search_collection_update;
DROP TRIGGER storegraph_search_type_update;
DROP TRIGGER storegraph_search_tag_update;
DROP TRIGGER storegraph_search_product_tags_delete;
DROP TRIGGER storegraph_search_product_tags_update;
DROP TRIGGER storegraph_search_product_tags_insert;
DROP TRIGGER storegraph_search_variant_delete;
DROP TRIGGER storegraph_search_variant_update;
DROP TRIGGER storegraph_search_variant_insert;
DROP TRIGGER storegraph_search_product_delete;
DROP TRIGGER storegraph_search_product_update;
DROP TRIGGER storegraph_search_product_insert;
DROP VIEW storegraph_search_refresh;
DROP TABLE storegraph_search_terms;
DROP TABLE storegraph_search_fts;
DROP TABLE storegraph_search_doc;
