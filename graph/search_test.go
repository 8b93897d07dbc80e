package graph_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

const searchQuery = `query Search($q: String, $offset: Int, $limit: Int, $filter: ProductSearchFilter, $regionId: ID) {
  searchProducts(q: $q, offset: $offset, limit: $limit, filter: $filter, regionId: $regionId) {
    count offset limit query correctedQuery processingTimeMs
    hits {
      id title handle
      collection { title }
      tags { value }
      variants { sku calculatedPrice prices { amount currencyCode } }
    }
  }
}`

type searchResponse struct {
	SearchProducts struct {
		Count, Offset, Limit int
		Query                string
		CorrectedQuery       *string
		ProcessingTimeMs     int
		Hits                 []struct {
			ID, Title, Handle string
			Collection        *struct{ Title string }
			Tags              []struct{ Value string }
			Variants          []struct {
				SKU             string
				CalculatedPrice *int64
				Prices          []struct {
					Amount       int64
					CurrencyCode string
				}
			}
		}
	}
}

// Ensure searchProducts answers end to end on the demo store: ranked,
// priced hits, typo correction, filters, pages and Medusa's errors.
func TestSearchProductsEndToEnd(t *testing.T) {
	s := apptest.New(t)

	t.Run("PricedHits", func(t *testing.T) {
		var r searchResponse
		s.Query(t, searchQuery, map[string]any{"q": "Hoodie", "regionId": "reg_demo_eu"}, &r)
		res := r.SearchProducts
		if res.Count != 1 || len(res.Hits) != 1 || res.Hits[0].Title != "Medusa Hoodie" {
			t.Fatalf("hits %+v (count %d), want Medusa Hoodie", res.Hits, res.Count)
		}
		if res.Query != "Hoodie" || res.CorrectedQuery != nil || res.Limit != 20 || res.Offset != 0 {
			t.Fatalf("query %q corrected %v offset %d limit %d", res.Query, res.CorrectedQuery, res.Offset, res.Limit)
		}
		v := res.Hits[0].Variants[0]
		if v.CalculatedPrice == nil || *v.CalculatedPrice <= 0 || len(v.Prices) == 0 || v.Prices[0].CurrencyCode != "eur" {
			t.Fatalf("variant %+v: want a calculated EUR price", v)
		}
	})

	t.Run("Typo", func(t *testing.T) {
		var r searchResponse
		s.Query(t, searchQuery, map[string]any{"q": "swetshirt"}, &r)
		res := r.SearchProducts
		if res.CorrectedQuery == nil || *res.CorrectedQuery != "sweatshirt" || len(res.Hits) == 0 || res.Hits[0].Title != "Medusa Sweatshirt" {
			t.Fatalf("corrected %v, hits %+v; want sweatshirt, Medusa Sweatshirt first", res.CorrectedQuery, res.Hits)
		}
	})

	t.Run("FilterAndPage", func(t *testing.T) {
		var r searchResponse
		s.Query(t, searchQuery, map[string]any{
			"q": "medusa", "limit": 2, "offset": 1, "filter": map[string]any{"collectionId": []string{"pcol_demo_essentials"}},
		}, &r)
		res := r.SearchProducts
		if res.Count != 4 || len(res.Hits) != 2 || res.Offset != 1 || res.Limit != 2 {
			t.Fatalf("count %d, %d hits, offset %d, limit %d; want 4, 2, 1, 2", res.Count, len(res.Hits), res.Offset, res.Limit)
		}
		for _, h := range res.Hits {
			if h.Collection == nil || h.Collection.Title != "Essentials" {
				t.Fatalf("hit %s in collection %+v, want Essentials", h.Title, h.Collection)
			}
		}
	})

	t.Run("WithoutWords", func(t *testing.T) {
		var r searchResponse
		s.Query(t, searchQuery, nil, &r)
		if r.SearchProducts.Count != 7 || len(r.SearchProducts.Hits) != 7 {
			t.Fatalf("count %d, want the demo store's 7 products", r.SearchProducts.Count)
		}
	})

	t.Run("PublishableKey", func(t *testing.T) {
		resp := s.Do(t, apptest.Request{Query: searchQuery, Variables: map[string]any{"q": "medusa"},
			Header: http.Header{"X-Publishable-Api-Key": {"pk_demo_storefront"}}})
		var r searchResponse
		if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &r) != nil || r.SearchProducts.Count != 7 {
			t.Fatalf("errors %+v, data %s: want the 7 products of the key's channel", resp.Errors, resp.Data)
		}
		resp = s.Do(t, apptest.Request{Query: searchQuery, Variables: map[string]any{
			"q": "medusa", "filter": map[string]any{"salesChannelId": []string{"sc_other"}},
		}, Header: http.Header{"X-Publishable-Api-Key": {"pk_demo_storefront"}}})
		if len(resp.Errors) == 0 || resp.Errors[0].Code() != "INVALID_DATA" {
			t.Fatalf("errors %+v, want INVALID_DATA for a channel outside the key", resp.Errors)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		apptest.ExpectError(t, s.Fail(t, searchQuery, map[string]any{"q": "tee", "limit": -1}),
			"INVALID_DATA", "limit must not be less than 0")
		apptest.ExpectError(t, s.Fail(t, searchQuery, map[string]any{"q": "tee", "regionId": "reg_nope"}),
			"NOT_FOUND", "Region with reg_nope was not found")
	})

	// Ensure a page of hits with their variants, prices, tags and collection
	// costs the same statements whatever its length (no N+1). Every product
	// of the collection has the same relations.
	t.Run("Statements", func(t *testing.T) {
		statements := func(limit int) int {
			resp := s.Do(t, apptest.Request{Query: searchQuery, Variables: map[string]any{
				"q": "medusa", "limit": limit, "regionId": "reg_demo_eu",
				"filter": map[string]any{"collectionId": []string{"pcol_demo_essentials"}},
			}})
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %+v", resp.Errors)
			}
			return resp.Statements()
		}
		one, all := statements(1), statements(4)
		if one != all || one == 0 {
			t.Fatalf("%d statements for 1 hit, %d for 4: want the same", one, all)
		}
	})
}
