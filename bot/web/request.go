package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readBody checks the Content-Type and reads at most max bytes of the body.
// The body must be declared application/json: a page elsewhere can send a
// form, plain text or a typeless blob (sendBeacon) without asking, but JSON
// only after a CORS preflight, which only allowed origins pass.
func readBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, &apiError{status: http.StatusUnsupportedMediaType, msg: "Content-Type must be application/json"}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, &apiError{status: http.StatusUnsupportedMediaType, msg: "charset must be utf-8"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, badRequest("could not read the request body")
	}
	return body, nil
}

// decodeStrict decodes data, which must hold exactly one JSON object, into
// v, a pointer to a struct. Unknown fields are refused rather than ignored:
// a misspelt "payload" would otherwise turn a button press into an empty
// message. The errors name the field at fault.
func decodeStrict(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return badRequest("request body is empty, want a JSON object")
	}
	// encoding/json would silently turn invalid UTF-8 into U+FFFD.
	if !utf8.Valid(data) {
		return badRequest("request body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("unexpected data after the JSON object")
	}
	return nil
}

// decodeError turns an encoding/json error into a client error.
func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return badRequest("malformed JSON at byte %d: %v", syntax.Offset, err)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return badRequest("request body must be a JSON object, not %s", typ.Value)
		}
		return badRequest("%s must be %s, not %s", typ.Field, jsonKind(typ.Type), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return badRequest("malformed JSON: unexpected end of body")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no error type for this one.
		return badRequest("unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	default:
		return badRequest("malformed JSON: %v", err)
	}
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice:
		return "an array"
	default:
		return "a " + t.Kind().String()
	}
}

// checkConversationID validates a client's conversation ID: 16 to 128
// bytes of printable characters (no control, format or invisible
// characters, which would let two IDs look alike in logs and in the agent
// desk). The ID is the conversation's only key, so a short one, which
// another client could guess, is refused.
func checkConversationID(field, id string) error {
	switch {
	case id == "":
		return badRequest("%s is required", field)
	case len(id) > maxConversationIDBytes:
		return badRequest("%s is over %d bytes", field, maxConversationIDBytes)
	case !utf8.ValidString(id):
		return badRequest("%s is not valid UTF-8", field)
	}
	for _, r := range id {
		if !unicode.IsPrint(r) {
			return badRequest("%s contains a control or invisible character (%U)", field, r)
		}
	}
	if len(id) < minConversationIDBytes {
		return badRequest("%s is under %d bytes: draw at least 128 random bits, as 32 hex digits", field, minConversationIDBytes)
	}
	return nil
}

// checkText validates a customer's text: not blank, at most 4096 characters.
func checkText(text string) error {
	switch {
	case strings.TrimSpace(text) == "":
		return badRequest("text must not be empty")
	case utf8.RuneCountInString(text) > maxTextRunes:
		return badRequest("text is over %d characters", maxTextRunes)
	}
	return nil
}

// checkPayload validates a button payload: the engine made it, so it is
// short and plain.
func checkPayload(payload string) error {
	switch {
	case strings.TrimSpace(payload) == "":
		return badRequest("payload must not be empty")
	case len(payload) > maxPayloadBytes:
		return badRequest("payload is over %d bytes", maxPayloadBytes)
	}
	for _, r := range payload {
		if !unicode.IsPrint(r) {
			return badRequest("payload contains a control or invisible character (%U)", r)
		}
	}
	return nil
}
