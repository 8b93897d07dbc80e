-- +goose Up
-- Product search (Query.searchProducts): a full-text index of the live,
-- published products, kept up to date by triggers on Medusa's tables, so
-- writes from any client (storegraph, a Medusa admin, plain SQL) show at once.
--
-- One weighted tsvector per searchable product, under a GIN index:
--   A title; B subtitle, handle, variant SKUs; C variant titles, tag values,
--   type value, collection title; D description.
-- The 'simple' configuration (lowercase, no stemming, no stop words) works
-- for a catalog in any language and indexes the words as they are, like
-- SQLite's unicode61; ASCII punctuation is turned into spaces first, so a SKU
-- "TSHIRT-S-BLACK" or "SH/BLK.01" is the words of it, as on SQLite and as
-- storage.SearchWords splits a query.
CREATE TABLE storegraph_product_search (
    product_id character varying PRIMARY KEY,
    document tsvector NOT NULL
);

CREATE INDEX storegraph_product_search_document ON storegraph_product_search USING gin (document);

-- Every word without digits ever indexed (typos in numbers are not
-- corrected: a SKU's "00043" is another product than "00042"): typo
-- tolerance looks up the words that may be a misspelt word's here, by trigram
-- similarity (pg_trgm, which Medusa's schema installs in public) and by first
-- letter (a byte-ordered range of the key). Words are only added; a search
-- checks that a correction is still in the index before it uses it.
CREATE TABLE storegraph_search_word (
    word text COLLATE "C" PRIMARY KEY
);

CREATE INDEX storegraph_search_word_trgm ON storegraph_search_word USING gin (word public.gin_trgm_ops);

-- +goose StatementBegin
CREATE FUNCTION storegraph_search_text(t text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(coalesce(t, ''), '[!-/:-@[-`{-~]+', ' ', 'g')
$$;
-- +goose StatementEnd

-- Re-indexes one product, or drops it from the index when it is deleted,
-- soft-deleted or not published.
-- +goose StatementBegin
CREATE FUNCTION storegraph_search_refresh(pid character varying) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    doc tsvector;
BEGIN
    SELECT setweight(to_tsvector('simple', storegraph_search_text(p.title)), 'A')
        || setweight(to_tsvector('simple', storegraph_search_text(concat_ws(' ', p.subtitle, p.handle,
               (SELECT string_agg(v.sku, ' ') FROM product_variant v
                 WHERE v.product_id = p.id AND v.deleted_at IS NULL)))), 'B')
        || setweight(to_tsvector('simple', storegraph_search_text(concat_ws(' ',
               (SELECT string_agg(v.title, ' ') FROM product_variant v
                 WHERE v.product_id = p.id AND v.deleted_at IS NULL),
               (SELECT string_agg(t.value, ' ') FROM product_tags pt
                  JOIN product_tag t ON t.id = pt.product_tag_id
                 WHERE pt.product_id = p.id AND t.deleted_at IS NULL),
               (SELECT value FROM product_type WHERE id = p.type_id AND deleted_at IS NULL),
               (SELECT title FROM product_collection WHERE id = p.collection_id AND deleted_at IS NULL)))), 'C')
        || setweight(to_tsvector('simple', storegraph_search_text(p.description)), 'D')
      INTO doc
      FROM product p
     WHERE p.id = pid AND p.deleted_at IS NULL AND p.status = 'published';
    IF NOT FOUND THEN
        DELETE FROM storegraph_product_search WHERE product_id = pid;
        RETURN;
    END IF;
    INSERT INTO storegraph_product_search (product_id, document) VALUES (pid, doc)
    ON CONFLICT (product_id) DO UPDATE SET document = EXCLUDED.document;
    -- In word order, so that concurrent refreshes take the rows' locks in
    -- the same order.
    INSERT INTO storegraph_search_word (word)
    SELECT w FROM unnest(tsvector_to_array(doc)) w WHERE w !~ '[0-9]' ORDER BY w
    ON CONFLICT DO NOTHING;
END
$$;
-- +goose StatementEnd

-- Products: UPDATE OF lists the columns the document and the visibility
-- depend on; an update that sets none of them (prices, inventory) costs nothing.
-- +goose StatementBegin
CREATE FUNCTION storegraph_search_on_product() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM storegraph_search_refresh(OLD.id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
        PERFORM storegraph_search_refresh(NEW.id);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Rows of a product: variants (titles, SKUs) and product_tags.
-- +goose StatementBegin
CREATE FUNCTION storegraph_search_on_product_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM storegraph_search_refresh(OLD.product_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.product_id <> OLD.product_id) THEN
        PERFORM storegraph_search_refresh(NEW.product_id);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- A tag's value, a type's value, a collection's title: every product that
-- has it.
-- +goose StatementBegin
CREATE FUNCTION storegraph_search_on_tag() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM storegraph_search_refresh(product_id) FROM product_tags WHERE product_tag_id = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION storegraph_search_on_type() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM storegraph_search_refresh(id) FROM product WHERE type_id = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION storegraph_search_on_collection() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM storegraph_search_refresh(id) FROM product WHERE collection_id = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- The functions run in the triggers of whatever session writes (a Medusa
-- admin's too, whose search_path may differ): pin them to this schema.
-- +goose StatementBegin
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['storegraph_search_text(text)', 'storegraph_search_refresh(character varying)',
        'storegraph_search_on_product()', 'storegraph_search_on_product_row()', 'storegraph_search_on_tag()',
        'storegraph_search_on_type()', 'storegraph_search_on_collection()']
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, public', f, current_schema());
    END LOOP;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER storegraph_search_product
AFTER INSERT OR DELETE OR UPDATE OF id, title, subtitle, description, handle, status, deleted_at, type_id, collection_id
ON product FOR EACH ROW EXECUTE FUNCTION storegraph_search_on_product();

CREATE TRIGGER storegraph_search_variant
AFTER INSERT OR DELETE OR UPDATE OF product_id, title, sku, deleted_at
ON product_variant FOR EACH ROW EXECUTE FUNCTION storegraph_search_on_product_row();

CREATE TRIGGER storegraph_search_product_tags
AFTER INSERT OR DELETE OR UPDATE
ON product_tags FOR EACH ROW EXECUTE FUNCTION storegraph_search_on_product_row();

CREATE TRIGGER storegraph_search_tag
AFTER UPDATE OF value, deleted_at
ON product_tag FOR EACH ROW EXECUTE FUNCTION storegraph_search_on_tag();

CREATE TRIGGER storegraph_search_type
AFTER UPDATE OF value, deleted_at
ON product_type FOR EACH ROW EXECUTE FUNCTION storegraph_search_on_type();

CREATE TRIGGER storegraph_search_collection
AFTER UPDATE OF title, deleted_at
ON product_collection FOR EACH ROW EXECUTE FUNCTION storegraph_search_on_collection();

-- Backfill: index the products the database has already.
SELECT storegraph_search_refresh(id) FROM product WHERE deleted_at IS NULL AND status = 'published';

-- +goose Down
DROP TRIGGER storegraph_search_collection ON product_collection;
DROP TRIGGER storegraph_search_type ON product_type;
DROP TRIGGER storegraph_search_tag ON product_tag;
DROP TRIGGER storegraph_search_product_tags ON product_tags;
DROP TRIGGER storegraph_search_variant ON product_variant;
DROP TRIGGER storegraph_search_product ON product;
DROP FUNCTION storegraph_search_on_collection();
DROP FUNCTION storegraph_search_on_type();
DROP FUNCTION storegraph_search_on_tag();
DROP FUNCTION storegraph_search_on_product_row();
DROP FUNCTION storegraph_search_on_product();
DROP FUNCTION storegraph_search_refresh(character varying);
DROP FUNCTION storegraph_search_text(text);
DROP TABLE storegraph_search_word;
DROP TABLE storegraph_product_search;
