-- +goose Up
-- Medusa's tax-inclusive pricing columns (its TaxInclusivePricing migration,
-- which Medusa runs only with that feature flag); IF NOT EXISTS because a
-- Medusa database with the flag on has them already.
ALTER TABLE currency ADD COLUMN IF NOT EXISTS includes_tax boolean NOT NULL DEFAULT false;
ALTER TABLE region ADD COLUMN IF NOT EXISTS includes_tax boolean NOT NULL DEFAULT false;
ALTER TABLE price_list ADD COLUMN IF NOT EXISTS includes_tax boolean NOT NULL DEFAULT false;
ALTER TABLE shipping_option ADD COLUMN IF NOT EXISTS includes_tax boolean NOT NULL DEFAULT false;
ALTER TABLE shipping_method ADD COLUMN IF NOT EXISTS includes_tax boolean NOT NULL DEFAULT false;
ALTER TABLE line_item ADD COLUMN IF NOT EXISTS includes_tax boolean NOT NULL DEFAULT false;

-- +goose Down
SELECT 1;
