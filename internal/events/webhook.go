package events

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/storegraph/storegraph/internal/model"
)

// The headers of a webhook delivery.
const (
	// HeaderSignature is "sha256=" and the hex HMAC-SHA256, keyed with the
	// webhook secret, of the timestamp header's value, ".", and the body.
	HeaderSignature = "X-Storegraph-Signature"
	// HeaderTimestamp is when the delivery was signed, in Unix seconds.
	HeaderTimestamp = "X-Storegraph-Timestamp"
	// HeaderEventID is the event's id: the same on every attempt, so a
	// receiver can drop the duplicates at-least-once delivery may bring.
	HeaderEventID = "X-Storegraph-Event-Id"
	// HeaderEvent is the event's name.
	HeaderEvent = "X-Storegraph-Event"
	// HeaderAttempt counts the attempts to deliver the event to this
	// webhook, from 1.
	HeaderAttempt = "X-Storegraph-Delivery-Attempt"
)

// Envelope is the JSON body of a delivery.
type Envelope struct {
	ID         string          `json:"id"`
	Event      string          `json:"event"`
	ResourceID string          `json:"resource_id"`
	CreatedAt  time.Time       `json:"created_at"`
	Data       json.RawMessage `json:"data"`
}

func envelope(id, name, resourceID string, createdAt time.Time, data model.RawJSON) ([]byte, error) {
	if len(data) == 0 {
		data = model.RawJSON("null")
	}
	return json.Marshal(Envelope{ID: id, Event: name, ResourceID: resourceID, CreatedAt: createdAt.UTC(), Data: json.RawMessage(data)})
}

// Sign returns the signature header value of body signed at timestamp.
func Sign(secret []byte, timestamp int64, body []byte) string {
	return "sha256=" + hex.EncodeToString(mac(secret, timestamp, body))
}

func mac(secret []byte, timestamp int64, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Errors of Verify.
var (
	ErrNoSignature  = errors.New("events: missing or malformed signature headers")
	ErrBadSignature = errors.New("events: signature does not match")
	ErrStale        = errors.New("events: timestamp outside the tolerance")
)

// Verify checks a delivery as a receiver should: the signature over the
// timestamp and the raw body, and a timestamp within tolerance of now (which
// refuses replays of old deliveries). A zero tolerance skips the time check.
func Verify(secret []byte, header http.Header, body []byte, tolerance time.Duration, now time.Time) error {
	ts, err := strconv.ParseInt(header.Get(HeaderTimestamp), 10, 64)
	sig, ok := strings.CutPrefix(header.Get(HeaderSignature), "sha256=")
	if err != nil || !ok {
		return ErrNoSignature
	}
	got, err := hex.DecodeString(sig)
	if err != nil {
		return ErrNoSignature
	}
	if !hmac.Equal(got, mac(secret, ts, body)) {
		return ErrBadSignature
	}
	if tolerance > 0 {
		if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
			return ErrStale
		}
	}
	return nil
}
