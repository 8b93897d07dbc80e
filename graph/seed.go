package graph

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/storegraph/storegraph/graph/graphmodel"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/seed"
)

func (r *Resolver) importSeed(ctx context.Context, doc model.JSON) (*graphmodel.ImportSeedPayload, error) {
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	sum, err := seed.Import(ctx, r.DB, bytes.NewReader(raw), r.SeedOptions)
	if err != nil {
		return nil, err
	}
	return &graphmodel.ImportSeedPayload{Regions: sum.Regions, ShippingOptions: sum.ShippingOptions, Products: sum.Products}, nil
}
