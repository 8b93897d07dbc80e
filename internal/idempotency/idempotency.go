// Package idempotency keeps Medusa's idempotency keys (the idempotency_key
// table): a request that may be retried records, under its key, the
// recovery point it reached and finally its response, so a retry with the
// key continues where the last attempt stopped and a finished request
// answers the same again (IdempotencyKeyService: initializeRequest,
// workStage).
package idempotency

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Recovery points every idempotent request shares.
const (
	Started  = "started"
	Finished = "finished"
)

// Request describes the request a key is created for.
type Request struct {
	Method string
	Path   string
	Params model.JSON
}

// Init finds the key or creates it at "started" (initializeRequest). An
// empty key gets a fresh UUID, as Medusa gives a request without an
// Idempotency-Key header. A key another request created is refused (see
// ForRequest), so no caller can continue that request's stages.
func Init(ctx context.Context, db *storage.DB, key string, req Request) (*model.IdempotencyKey, error) {
	if key == "" {
		key = uuid.NewString()
	}
	var out *model.IdempotencyKey
	err := db.InTx(ctx, func(tx *storage.Tx) error {
		ik, err := storage.IdempotencyKeyByKey(ctx, tx, key)
		if err != nil || ik != nil {
			out = ik
			return err
		}
		method, path := req.Method, req.Path
		ik = &model.IdempotencyKey{
			ID: ids.New(ids.IdempotencyKey), IdempotencyKey: key, CreatedAt: tx.Now,
			RequestMethod: &method, RequestPath: &path, RequestParams: req.Params, RecoveryPoint: Started,
		}
		out = ik
		return storage.Insert(ctx, tx, "idempotency_key", ik)
	})
	if errs.Is(err, errs.Duplicate) {
		// Another request created the key at the same moment.
		out, err = storage.IdempotencyKeyByKey(ctx, db.Reader, key)
	}
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errs.E(errs.UnexpectedState, "Idempotency key %s was not found", key)
	}
	if err := ForRequest(out, req); err != nil {
		return nil, err
	}
	return out, nil
}

// Lock reads the key in a stage's transaction and, on PostgreSQL, locks it
// until the stage commits, so one request at a time advances it.
func Lock(ctx context.Context, tx *storage.Tx, key string) (*model.IdempotencyKey, error) {
	ik, err := storage.LockIdempotencyKey(ctx, tx, key)
	if err == nil && ik == nil {
		err = errs.E(errs.UnexpectedState, "Idempotency key %s was not found", key)
	}
	return ik, err
}

// Advance moves the key to the next recovery point.
func Advance(ctx context.Context, tx *storage.Tx, ik *model.IdempotencyKey, point string) error {
	ik.RecoveryPoint = point
	_, err := storage.Exec(ctx, tx, `UPDATE idempotency_key SET recovery_point = ? WHERE id = ?`, point, ik.ID)
	return err
}

// Finish stores the request's response with the key and marks it finished.
func Finish(ctx context.Context, tx *storage.Tx, ik *model.IdempotencyKey, code int64, body any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	var stored model.JSON
	if err := json.Unmarshal(raw, &stored); err != nil {
		return err
	}
	ik.RecoveryPoint, ik.ResponseCode, ik.ResponseBody = Finished, &code, stored
	_, err = storage.Exec(ctx, tx, `UPDATE idempotency_key SET recovery_point = ?, response_code = ?, response_body = ? WHERE id = ?`,
		Finished, code, stored, ik.ID)
	return err
}

// StoredError is an error answer kept with a key, so a retry with the key
// gets the same answer.
type StoredError struct {
	Kind    errs.Kind `json:"kind"`
	Message string    `json:"message"`
	Reason  string    `json:"reason,omitempty"`
	Status  int       `json:"status,omitempty"`
}

// Response decodes the response a finished key stored into out; a stored
// error (code 300 and above) is returned as the error it was.
func Response(ik *model.IdempotencyKey, out any) error {
	code := int64(200)
	if ik.ResponseCode != nil {
		code = *ik.ResponseCode
	}
	body, err := json.Marshal(ik.ResponseBody)
	if err != nil {
		return err
	}
	if code >= 300 {
		var se StoredError
		if err := json.Unmarshal(body, &se); err != nil {
			return err
		}
		return &errs.Error{Kind: se.Kind, Message: se.Message, Reason: se.Reason, Status: se.Status}
	}
	return json.Unmarshal(body, out)
}

// ForRequest refuses a key that another request (another kind, or the same
// kind for another resource) created: its stored stages and response belong
// to that request.
func ForRequest(ik *model.IdempotencyKey, req Request) error {
	if ik.RequestPath != nil && *ik.RequestPath != req.Path {
		return errs.NotAllowedf("The idempotency key %s belongs to another request", ik.IdempotencyKey)
	}
	return nil
}
