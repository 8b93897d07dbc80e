package bench

import "testing"

func TestAdminEndpoint(t *testing.T) {
	tests := []struct{ store, admin string }{
		{"http://localhost:8080/graphql", "http://localhost:8080/admin/graphql"},
		{"https://shop.example.com/api/graphql", "https://shop.example.com/api/admin/graphql"},
		{"http://localhost:8080/query", ""},
	}
	for _, tt := range tests {
		got, err := adminEndpoint(tt.store)
		if got != tt.admin || (err != nil) != (tt.admin == "") {
			t.Errorf("adminEndpoint(%q) = %q, %v; want %q", tt.store, got, err, tt.admin)
		}
	}
}
