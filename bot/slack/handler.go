package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBodyBytes bounds what Slack posts: events and button payloads are a
// few kilobytes.
const maxBodyBytes = 1 << 20

// commandTimeout keeps a slash command's answer within Slack's 3 seconds.
const commandTimeout = 2500 * time.Millisecond

// Handler serves Slack's requests: POST /slack/events (Events API),
// POST /slack/interactivity (buttons) and POST /slack/commands (slash
// commands). Every request must carry a valid signature made with the
// signing secret within the last 5 minutes; any other gets 401 and changes
// nothing. A person's thread message is answered once its turn committed
// (or "try again" after two seconds, the turn going on); everything else
// at once, the work done after, by Run.
func (d *Desk) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", d.serveEvents)
	mux.HandleFunc("POST /slack/interactivity", d.serveInteractivity)
	mux.HandleFunc("POST /slack/commands", d.serveCommands)
	return mux
}

// verified reads the body once and checks its signature. On failure it
// has answered the request.
func (d *Desk) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	sv, err := slackapi.NewSecretsVerifier(r.Header, d.cfg.SigningSecret)
	if err != nil {
		d.reject(w, r, err)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return nil, false
		}
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return nil, false
	}
	if _, err := sv.Write(body); err != nil {
		d.reject(w, r, err)
		return nil, false
	}
	if err := sv.Ensure(); err != nil {
		d.reject(w, r, err)
		return nil, false
	}
	return body, true
}

func (d *Desk) reject(w http.ResponseWriter, r *http.Request, err error) {
	d.log.WarnContext(r.Context(), "slack request rejected", "path", r.URL.Path, "err", err)
	http.Error(w, "invalid signature", http.StatusUnauthorized)
}

func (d *Desk) serveEvents(w http.ResponseWriter, r *http.Request) {
	body, ok := d.verified(w, r)
	if !ok {
		return
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// Signed by Slack but not an event the desk reads (a type the
		// library does not know): acked, so that Slack does not retry it.
		d.log.DebugContext(r.Context(), "slack event ignored", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	if ev.Type == slackevents.URLVerification {
		if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, v.Challenge)
			return
		}
	}
	switch err := d.dispatch(r.Context(), ev); {
	case errors.Is(err, errBusy), errors.Is(err, errPending):
		w.Header().Set("Retry-After", "5")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	case err != nil:
		d.log.ErrorContext(r.Context(), "slack event", "err", err)
		http.Error(w, "try again later", http.StatusInternalServerError)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (d *Desk) serveInteractivity(w http.ResponseWriter, r *http.Request) {
	body, ok := d.verified(w, r)
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	var ic slackapi.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &ic); err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	if !d.interact(ic) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (d *Desk) serveCommands(w http.ResponseWriter, r *http.Request) {
	body, ok := d.verified(w, r)
	if !ok {
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	cmd, err := slackapi.SlashCommandParse(r)
	if err != nil {
		cmd = slackapi.SlashCommand{}
	}
	ctx, cancel := context.WithTimeout(r.Context(), commandTimeout)
	defer cancel()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(d.command(ctx, cmd))
}
