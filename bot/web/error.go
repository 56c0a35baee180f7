package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"supportbot/bot"
)

// apiError is an error the client caused or may see: its message is written
// to the response as is, so it never carries internal detail.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// badRequest returns a 400 error whose message names what was wrong.
func badRequest(format string, args ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// errorStatus maps an error to the status and message the client sees. Any
// error that is not an apiError is internal: its text stays in the log.
func errorStatus(err error) (status int, msg string) {
	var apiErr *apiError
	var tooBig *http.MaxBytesError
	var slow *tooManyError
	switch {
	case errors.As(err, &slow):
		return http.StatusTooManyRequests, slow.Error()
	case errors.As(err, &apiErr):
		return apiErr.status, apiErr.msg
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", tooBig.Limit)
	case errors.Is(err, bot.ErrBadMessage):
		// The engine's own check of what every channel may send; the
		// checks here should have caught it first.
		return http.StatusBadRequest, "message refused"
	default:
		return http.StatusInternalServerError, "internal error"
	}
}

// writeError is the one place where errors become API output: a status and
// {"error": "..."}. Internal errors are logged with their detail.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	if slow := (*tooManyError)(nil); errors.As(err, &slow) {
		w.Header().Set("Retry-After", retryAfter(slow.wait))
	}
	if status >= http.StatusInternalServerError || errors.Is(err, bot.ErrBadMessage) {
		level := slog.LevelError
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			// The client went away mid-request: nothing is broken.
			level = slog.LevelInfo
		}
		s.logger.Log(r.Context(), level, "web API request failed",
			"method", r.Method, "route", r.Pattern, "err", err)
	}
	writeJSON(w, status, errorBody{Error: msg})
}

// errorBody is the JSON shape of every error response.
type errorBody struct {
	Error string `json:"error"`
}
