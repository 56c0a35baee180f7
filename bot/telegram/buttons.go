package telegram

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"supportbot/bot"
)

// Callback data of inline buttons. Telegram caps it at 64 bytes. The
// engine's payloads ("/yes", "/order:OP-100101") go as they are; the
// adapter's own start with "~", which no engine payload does: a language
// choice, or a key standing for a payload too long to fit.
const (
	maxCallbackData = 64
	ownPrefix       = "~"
	langPrefix      = "~lang:"
	keyPrefix       = "~k:"
)

// buttonMemory remembers the payloads too long for callback_data, under
// short keys, for a bounded number of them: the oldest are forgotten, and
// a press on a forgotten one is answered as an expired button. Keys carry
// a random per-process prefix, so that a button from before a restart
// never stands for another payload after it.
type buttonMemory struct {
	mu       sync.Mutex
	instance string
	next     uint64
	capacity int
	byKey    map[string]string
	byValue  map[string]string
	order    []string // keys, oldest first
}

func newButtonMemory(capacity int) *buttonMemory {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return &buttonMemory{
		instance: hex.EncodeToString(b[:]), capacity: capacity,
		byKey: map[string]string{}, byValue: map[string]string{},
	}
}

// encode returns the callback_data for a button's payload: an engine
// payload, or the adapter's own language choice, which goes as it is.
func (m *buttonMemory) encode(payload string) string {
	if len(payload) <= maxCallbackData && (!strings.HasPrefix(payload, ownPrefix) || strings.HasPrefix(payload, langPrefix)) {
		return payload
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if key, ok := m.byValue[payload]; ok {
		return key
	}
	m.next++
	key := keyPrefix + m.instance + ":" + strconv.FormatUint(m.next, 36)
	m.byKey[key], m.byValue[payload] = payload, key
	m.order = append(m.order, key)
	if len(m.order) > m.capacity {
		old := m.order[0]
		m.order = m.order[1:]
		delete(m.byValue, m.byKey[old])
		delete(m.byKey, old)
	}
	return key
}

// press is what a button press asks for.
type press struct {
	payload string // for the engine
	lang    string // a language chosen with /language's buttons
	expired bool   // a button no longer known
}

// decode reads a button's callback_data.
func (m *buttonMemory) decode(data string) press {
	switch {
	case strings.HasPrefix(data, langPrefix):
		return press{lang: strings.TrimPrefix(data, langPrefix)}
	case strings.HasPrefix(data, keyPrefix):
		m.mu.Lock()
		defer m.mu.Unlock()
		if p, ok := m.byKey[data]; ok {
			return press{payload: p}
		}
		return press{expired: true}
	case strings.HasPrefix(data, ownPrefix), data == "":
		return press{expired: true}
	}
	return press{payload: data}
}

// Keyboard layout: short labels share a row, long ones get their own.
const (
	rowRunes   = 30
	rowButtons = 3
)

// keyboard lays buttons out as an inline keyboard.
func (m *buttonMemory) keyboard(buttons []bot.Button) *tgbotapi.InlineKeyboardMarkup {
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	width := 0
	for _, b := range buttons {
		if b.Payload == "" || strings.TrimSpace(b.Label) == "" {
			continue
		}
		n := utf8.RuneCountInString(b.Label)
		if len(row) > 0 && (width+n > rowRunes || len(row) == rowButtons) {
			rows, row, width = append(rows, row), nil, 0
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(b.Label, m.encode(b.Payload)))
		width += n
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return &kb
}
