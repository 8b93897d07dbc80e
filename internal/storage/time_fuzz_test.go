package storage

import (
	"testing"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// FuzzParseTime reads timestamps of joined SQLite rows. Ensure parseTime
// never panics on any text, and reads back, to the same instant, every time
// go-sqlite3 writes (its first timestamp format) and the forms SQLite's own
// CURRENT_TIMESTAMP and a UTC RFC 3339 text take.
func FuzzParseTime(f *testing.F) {
	f.Add("2024-01-31 10:00:00", int64(1706695200), uint32(0), int16(0))
	f.Add("2024-01-31T10:00:00.123456789+02:00", int64(-62135596800), uint32(999999999), int16(-720))
	f.Add("", int64(253402300799), uint32(1), int16(840))
	f.Fuzz(func(t *testing.T, text string, sec int64, nsec uint32, offsetMinutes int16) {
		_, _ = parseTime(text)

		// Any instant of years 0001-9999, in any zone of ±14h.
		const first, last = -62135596800, 253402300799
		sec = first + (sec%(last-first+1)+(last-first+1))%(last-first+1)
		zone := time.FixedZone("", int(offsetMinutes)%(14*60)*60)
		want := time.Unix(sec, int64(nsec%1e9)).In(zone)
		if y := want.Year(); y < 1 || y > 9999 {
			return // the zone moved it out of the four-digit years
		}
		for _, s := range []string{
			want.Format(sqlite3.SQLiteTimestampFormats[0]),
			want.UTC().Format("2006-01-02 15:04:05.999999999"),
			want.UTC().Format(time.RFC3339Nano),
		} {
			got, err := parseTime(s)
			if err != nil || !got.Equal(want) {
				t.Fatalf("parseTime(%q) = %v, %v; want %v", s, got, err, want)
			}
			if got.Location() != time.UTC {
				t.Fatalf("parseTime(%q) is in %v, want UTC", s, got.Location())
			}
		}
	})
}
