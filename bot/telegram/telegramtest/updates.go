package telegramtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf16"
)

// Enqueue queues an update for the bot, assigning its update_id when zero,
// and returns the update_id.
func (s *Server) Enqueue(u Update) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.UpdateID == 0 {
		u.UpdateID = s.nextUpdate
		s.nextUpdate++
	}
	body, err := json.Marshal(u)
	if err != nil {
		panic("telegramtest: " + err.Error()) // only our own types are marshalled
	}
	s.history[u.UpdateID] = body
	s.queue(queued{id: u.UpdateID, kind: kindOf(u), body: body})
	return u.UpdateID
}

// Redeliver queues an update again, as Telegram does with an update it
// holds unconfirmed when a new poller starts, or when a webhook delivery
// failed.
func (s *Server) Redeliver(updateID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	body, ok := s.history[updateID]
	if !ok {
		s.tb.Errorf("telegramtest: Redeliver(%d): no such update", updateID)
		return
	}
	var u Update
	_ = json.Unmarshal(body, &u)
	s.queue(queued{id: updateID, kind: kindOf(u), body: body})
}

// queue adds q in update_id order; the caller holds s.mu.
func (s *Server) queue(q queued) {
	s.pending = append(s.pending, q)
	sort.SliceStable(s.pending, func(i, j int) bool { return s.pending[i].id < s.pending[j].id })
	s.notify()
}

func kindOf(u Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.EditedMessage != nil:
		return "edited_message"
	case u.CallbackQuery != nil:
		return "callback_query"
	}
	return ""
}

// Message returns a message from a customer in their private chat, with
// its ID and date set, for tests that build unusual updates.
func (s *Server) Message(c Customer) Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.message(c)
}

func (s *Server) message(c Customer) Message {
	m := Message{
		MessageID: s.nextMessage, Date: time.Now().Unix(),
		From: &User{ID: c.ID, FirstName: firstName(c), LanguageCode: c.LanguageCode},
		Chat: Chat{ID: c.ID, Type: "private", FirstName: firstName(c)},
	}
	s.nextMessage++
	return m
}

func firstName(c Customer) string {
	if c.FirstName == "" {
		return "Client"
	}
	return c.FirstName
}

// SendText queues a text message from a customer. A leading "/command" is
// marked as a bot_command entity, as Telegram does.
func (s *Server) SendText(c Customer, text string) int {
	m := s.Message(c)
	m.Text = text
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		m.Entities = []Entity{{Type: "bot_command", Offset: 0, Length: len(utf16.Encode([]rune(cmd)))}}
	}
	return s.Enqueue(Update{Message: &m})
}

// SendPhoto queues a photo from a customer, with a caption (may be empty).
// Like Telegram, it offers two sizes: a small thumbnail (other bytes) and
// the full photo with data.
func (s *Server) SendPhoto(c Customer, caption string, data []byte) int {
	thumb := s.AddFile([]byte("thumbnail"), "image/jpeg", "photos")
	full := s.AddFile(data, http.DetectContentType(data), "photos")
	m := s.Message(c)
	m.Caption = caption
	m.Photo = []PhotoSize{
		{FileID: thumb.FileID, FileUniqueID: thumb.FileUniqueID, Width: 90, Height: 68, FileSize: thumb.FileSize},
		{FileID: full.FileID, FileUniqueID: full.FileUniqueID, Width: 1280, Height: 960, FileSize: full.FileSize},
	}
	return s.Enqueue(Update{Message: &m})
}

// AddFile stores a file that getFile and /file/ will serve, under folder
// ("photos", "documents"), and returns its description.
func (s *Server) AddFile(data []byte, contentType, folder string) File {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nextFile
	s.nextFile++
	ext := ".jpg"
	if !strings.HasPrefix(contentType, "image/jpeg") {
		ext = ".bin"
	}
	f := storedFile{
		File: File{
			FileID: "AgACAgQAAxkBAAI" + itoa(n), FileUniqueID: "AQAD" + itoa(n),
			FileSize: len(data), FilePath: folder + "/file_" + itoa(n) + ext,
		},
		data: bytes.Clone(data), contentType: contentType,
	}
	s.files[f.FileID] = f
	s.paths[f.FilePath] = f
	return f.File
}

// PressButton queues a press by a customer on a button under one of the
// bot's messages, and returns the update_id and the callback query's ID.
func (s *Server) PressButton(c Customer, m Message, data string) (updateID int, queryID string) {
	s.mu.Lock()
	queryID = "cbq" + itoa(s.nextCallback)
	s.nextCallback++
	s.callbacks[queryID] = false
	s.mu.Unlock()
	q := CallbackQuery{
		ID:   queryID,
		From: User{ID: c.ID, FirstName: firstName(c), LanguageCode: c.LanguageCode}, Message: &m,
		ChatInstance: "-" + itoa(int(c.ID)), Data: data,
	}
	return s.Enqueue(Update{CallbackQuery: &q}), queryID
}

// deliverLoop POSTs queued updates to the webhook while one is set, in
// order, each until the webhook answers 2xx.
func (s *Server) deliverLoop() {
	client := &http.Client{Timeout: 10 * time.Second}
	backoff := 20 * time.Millisecond
	for {
		s.mu.Lock()
		wh, wake := s.webhook, s.changed
		var next *queued
		if wh != nil && len(s.pending) > 0 {
			q := s.pending[0]
			next = &q
		}
		s.mu.Unlock()
		if next == nil {
			select {
			case <-wake:
				continue
			case <-s.closed:
				return
			}
		}
		status := s.post(client, *wh, next.body)
		s.mu.Lock()
		s.delivered = append(s.delivered, status)
		if status/100 == 2 && len(s.pending) > 0 && s.pending[0].id == next.id {
			s.pending = s.pending[1:]
		}
		s.notify()
		s.mu.Unlock()
		if status/100 == 2 {
			backoff = 20 * time.Millisecond
			continue
		}
		select {
		case <-time.After(backoff):
			backoff = min(2*backoff, 500*time.Millisecond)
		case <-s.closed:
			return
		}
	}
}

// post delivers one update to the webhook and returns the HTTP status, or
// 0 when the webhook could not be reached.
func (s *Server) post(client *http.Client, wh Webhook, body []byte) int {
	req, err := http.NewRequest(http.MethodPost, wh.URL, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	if wh.SecretToken != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", wh.SecretToken)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
