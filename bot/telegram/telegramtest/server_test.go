package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

const token = "123:abc"

// reply is a decoded Bot API answer.
type reply struct {
	status      int
	retryHeader string
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

func call(t *testing.T, s *Server, tok, method string, params url.Values) reply {
	t.Helper()
	resp, err := http.PostForm(s.URL()+"/bot"+tok+"/"+method, params)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := reply{status: resp.StatusCode, retryHeader: resp.Header.Get("Retry-After")}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("%s: answer is not JSON: %v", method, err)
	}
	return r
}

func updateIDs(t *testing.T, r reply) []int {
	t.Helper()
	var ups []Update
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatalf("getUpdates result: %v", err)
	}
	var ids []int
	for _, u := range ups {
		ids = append(ids, u.UpdateID)
	}
	return ids
}

func TestErrorsHaveTheWireShape(t *testing.T) {
	s := NewServer(t, token)
	tests := []struct {
		name      string
		tok       string
		method    string
		params    url.Values
		fail      *Failure
		wantCode  int
		wantDesc  string
		wantRetry int
	}{
		{name: "wrong token", tok: "123:wrong", method: "getMe", wantCode: 401, wantDesc: "Unauthorized"},
		{name: "unknown method", tok: token, method: "sendPigeon", wantCode: 404, wantDesc: "Not Found"},
		{name: "flood control", tok: token, method: "sendMessage", fail: &Failure{Code: 429, Description: "Too Many Requests: retry after 3", RetryAfter: 3},
			wantCode: 429, wantDesc: "Too Many Requests: retry after 3", wantRetry: 3},
		{name: "empty text", tok: token, method: "sendMessage", params: url.Values{"chat_id": {"1"}}, wantCode: 400, wantDesc: "Bad Request: message text is empty"},
		{name: "too long", tok: token, method: "sendMessage", params: url.Values{"chat_id": {"1"}, "text": {strings.Repeat("😀", 2049)}},
			wantCode: 400, wantDesc: "Bad Request: message is too long"},
		{name: "callback data over 64 bytes", tok: token, method: "sendMessage",
			params:   url.Values{"chat_id": {"1"}, "text": {"hi"}, "reply_markup": {`{"inline_keyboard":[[{"text":"x","callback_data":"` + strings.Repeat("a", 65) + `"}]]}`}},
			wantCode: 400, wantDesc: "Bad Request: BUTTON_DATA_INVALID"},
		{name: "unknown callback query", tok: token, method: "answerCallbackQuery", params: url.Values{"callback_query_id": {"nope"}},
			wantCode: 400, wantDesc: "Bad Request: query is too old and response timeout expired or query ID is invalid"},
		{name: "bad secret token", tok: token, method: "setWebhook", params: url.Values{"url": {"https://x.example/hook"}, "secret_token": {"a b"}},
			wantCode: 400, wantDesc: "Bad Request: secret token contains unallowed characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.fail != nil {
				s.FailNext(tt.method, 1, *tt.fail)
			}
			r := call(t, s, tt.tok, tt.method, tt.params)
			if r.OK || r.status != tt.wantCode || r.ErrorCode != tt.wantCode || r.Description != tt.wantDesc {
				t.Errorf("got HTTP %d %+v, want %d %q", r.status, r, tt.wantCode, tt.wantDesc)
			}
			if r.Parameters.RetryAfter != tt.wantRetry {
				t.Errorf("retry_after = %d, want %d", r.Parameters.RetryAfter, tt.wantRetry)
			}
			wantHeader := ""
			if tt.wantRetry > 0 {
				wantHeader = strconv.Itoa(tt.wantRetry)
			}
			if r.retryHeader != wantHeader {
				t.Errorf("Retry-After header = %q, want %q", r.retryHeader, wantHeader)
			}
		})
	}
}

func TestGetUpdatesConfirmsByOffset(t *testing.T) {
	s := NewServer(t, token)
	c := Customer{ID: 5, LanguageCode: "fr"}
	first, second := s.SendText(c, "bonjour"), s.SendText(c, "/start")

	r := call(t, s, token, "getUpdates", url.Values{"timeout": {"0"}})
	if got := updateIDs(t, r); len(got) != 2 || got[0] != first || got[1] != second {
		t.Fatalf("getUpdates = %v, want [%d %d]", got, first, second)
	}
	// Without a higher offset nothing is confirmed: the same come again.
	r = call(t, s, token, "getUpdates", url.Values{"offset": {strconv.Itoa(first)}})
	if got := updateIDs(t, r); len(got) != 2 {
		t.Fatalf("getUpdates from the first = %v, want both again", got)
	}
	r = call(t, s, token, "getUpdates", url.Values{"offset": {strconv.Itoa(second)}})
	if got := updateIDs(t, r); len(got) != 1 || got[0] != second {
		t.Fatalf("getUpdates after confirming the first = %v, want [%d]", got, second)
	}
	call(t, s, token, "getUpdates", url.Values{"offset": {strconv.Itoa(second + 1)}})
	if n := s.Pending(); n != 0 {
		t.Errorf("%d updates pending after confirming all", n)
	}

	// A command is marked as such, as Telegram does.
	s.Redeliver(second)
	r = call(t, s, token, "getUpdates", nil)
	var ups []Update
	_ = json.Unmarshal(r.Result, &ups)
	if len(ups) != 1 || len(ups[0].Message.Entities) != 1 || ups[0].Message.Entities[0].Type != "bot_command" {
		t.Errorf("redelivered /start = %+v, want one update with a bot_command entity", ups)
	}
}

func TestLongPollWakesOnAnUpdate(t *testing.T) {
	s := NewServer(t, token)
	done := make(chan []int)
	go func() {
		resp, err := http.PostForm(s.URL()+"/bot"+token+"/getUpdates", url.Values{"timeout": {"30"}})
		if err != nil {
			done <- nil
			return
		}
		defer resp.Body.Close()
		var r struct{ Result []Update }
		_ = json.NewDecoder(resp.Body).Decode(&r)
		var ids []int
		for _, u := range r.Result {
			ids = append(ids, u.UpdateID)
		}
		done <- ids
	}()
	s.waitFor("a waiting poll", func() bool { return s.poll != nil })
	id := s.SendText(Customer{ID: 6}, "hello")
	if got := <-done; len(got) != 1 || got[0] != id {
		t.Errorf("long poll returned %v, want [%d]", got, id)
	}
}

func TestSecondPollerEndsTheFirstWith409(t *testing.T) {
	s := NewServer(t, token)
	first := make(chan int)
	go func() {
		resp, err := http.PostForm(s.URL()+"/bot"+token+"/getUpdates", url.Values{"timeout": {"30"}})
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	s.waitFor("a waiting poll", func() bool { return s.poll != nil })
	second, err := http.PostForm(s.URL()+"/bot"+token+"/getUpdates", url.Values{"timeout": {"0"}})
	if err != nil {
		t.Fatal(err)
	}
	second.Body.Close()
	if got := <-first; got != http.StatusConflict {
		t.Errorf("first poller got HTTP %d, want 409", got)
	}
}

func TestFilesAreServed(t *testing.T) {
	s := NewServer(t, token)
	f := s.AddFile([]byte("\xff\xd8\xff\xe0 jpeg bytes"), "image/jpeg", "photos")
	r := call(t, s, token, "getFile", url.Values{"file_id": {f.FileID}})
	var got File
	if err := json.Unmarshal(r.Result, &got); err != nil || got.FilePath != f.FilePath || got.FileSize != f.FileSize {
		t.Fatalf("getFile = %s, want %+v", r.Result, f)
	}
	for _, tt := range []struct {
		tok  string
		want int
	}{{token, 200}, {"123:wrong", 401}} {
		resp, err := http.Get(s.URL() + "/file/bot" + tt.tok + "/" + got.FilePath)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("download with token %q: HTTP %d, want %d", tt.tok, resp.StatusCode, tt.want)
		}
		if tt.want == 200 && (string(body) != "\xff\xd8\xff\xe0 jpeg bytes" || resp.Header.Get("Content-Type") != "image/jpeg") {
			t.Errorf("download gave %q of type %q", body, resp.Header.Get("Content-Type"))
		}
	}
}

func TestWebhookExcludesPolling(t *testing.T) {
	s := NewServer(t, token)
	if r := call(t, s, token, "setWebhook", url.Values{"url": {"https://x.example/hook"}, "secret_token": {"abc_DEF-1"}}); !r.OK {
		t.Fatalf("setWebhook: %+v", r)
	}
	if wh := s.WaitWebhook(); wh.SecretToken != "abc_DEF-1" {
		t.Errorf("webhook = %+v", wh)
	}
	if r := call(t, s, token, "getUpdates", nil); r.ErrorCode != 409 {
		t.Errorf("getUpdates with a webhook set: %+v, want 409", r)
	}
	call(t, s, token, "deleteWebhook", nil)
	if r := call(t, s, token, "getUpdates", nil); !r.OK {
		t.Errorf("getUpdates after deleteWebhook: %+v", r)
	}
}
