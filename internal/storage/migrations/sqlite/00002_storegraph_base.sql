-- +goose Up
-- Medusa's tax-inclusive pricing columns (its TaxInclusivePricing migration).
ALTER TABLE currency ADD COLUMN includes_tax BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE region ADD COLUMN includes_tax BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE price_list ADD COLUMN includes_tax BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE shipping_option ADD COLUMN includes_tax BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE shipping_method ADD COLUMN includes_tax BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE line_item ADD COLUMN includes_tax BOOLEAN NOT NULL DEFAULT false;

-- SQLite has no sequences; this stands in for Medusa's order_display_id_seq
-- and draft_order_display_id_seq.
CREATE TABLE storegraph_sequence (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- +goose Down
SELECT 1;
