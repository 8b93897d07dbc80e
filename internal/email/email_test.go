package email_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/email"
)

func TestValid(t *testing.T) {
	for in, want := range map[string]bool{
		"a@example.com": true, "first.last+tag@shop.co.uk": true,
		"": false, "plain": false, "a@b": false, "a @b.c": false, "a@@b.c": false, "@b.c": false,
	} {
		if got := email.Valid(in); got != want {
			t.Errorf("Valid(%q) = %v, want %v", in, got, want)
		}
	}
}
