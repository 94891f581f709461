package http

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/handoffhq/handoff"
)

// MaxBodyBytes is the largest request body accepted.
const MaxBodyBytes = 1 << 20

// decode reads one JSON object from the body into v, rejecting unknown fields, trailing data and oversized bodies.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	return DecodeJSON(body, v)
}

// readBody reads the whole body within MaxBodyBytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, handoff.Errorf(handoff.ETOOLARGE, "request body is over the %d byte limit", MaxBodyBytes)
	} else if err != nil {
		return nil, handoff.Errorf(handoff.EINVALID, "cannot read request body: %v", err)
	}
	return b, nil
}

// DecodeJSON strictly decodes one JSON object into v with an error a client can act on.
func DecodeJSON(body []byte, v any) error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return handoff.Errorf(handoff.EINVALID, "request body is empty: want a JSON object")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return handoff.Errorf(handoff.EINVALID, "invalid JSON: %s", describeJSONError(err))
	}
	if dec.More() {
		return handoff.Errorf(handoff.EINVALID, "invalid JSON: unexpected data after the object")
	}
	return nil
}

func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var he *handoff.Error
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("%v at byte %d", syn, syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q must be %s, got %s", typ.Field, typ.Type, typ.Value)
	case errors.As(err, &he):
		return he.Message
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the body ends before the JSON object does"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
