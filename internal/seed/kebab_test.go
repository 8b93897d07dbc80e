package seed

import "testing"

func TestKebabCase(t *testing.T) {
	for in, want := range map[string]string{
		"Medusa T-Shirt":        "medusa-t-shirt",
		"T-shirts & Polos":      "t-shirts-polos",
		"fooBar":                "foo-bar",
		"__FOO_BAR__":           "foo-bar",
		"HTMLPage":              "html-page",
		"Men's Shoes":           "mens-shoes",
		"Crème Brûlée":          "creme-brulee",
		"Size 42 shoes":         "size-42-shoes",
		"iPhone11":              "i-phone-11",
		"  Summer   Essentials": "summer-essentials",
		"":                      "",
	} {
		if got := kebabCase(in); got != want {
			t.Errorf("kebabCase(%q) = %q, want %q", in, got, want)
		}
	}
}
