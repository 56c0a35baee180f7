package telegramtest

import (
	"strconv"
	"strings"
)

// The wire types below are the Bot API's own JSON shapes, written out here
// rather than borrowed from a client library, so that a test against this
// server checks the adapter against the documented format and not against
// its library's idea of it. Only the fields the fake uses are present.

// User is a Telegram user.
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Chat is a conversation: "private" (its ID is the user's), "group",
// "supergroup" or "channel".
type Chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	FirstName string `json:"first_name,omitempty"`
	Title     string `json:"title,omitempty"`
}

// Entity marks a span of a message's text, such as a bot command. Offsets
// and lengths count UTF-16 code units.
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
}

// PhotoSize is one size of a photo; Telegram sends several, smallest first.
type PhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int    `json:"file_size,omitempty"`
}

// Document is a file sent as such (not compressed as a photo).
type Document struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

// Sticker is enough of a sticker to send one the bot cannot read.
type Sticker struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	Emoji        string `json:"emoji,omitempty"`
}

// Message is a message, from a user in an update or from the bot in what
// sendMessage returns.
type Message struct {
	MessageID   int             `json:"message_id"`
	From        *User           `json:"from,omitempty"`
	Date        int64           `json:"date"`
	Chat        Chat            `json:"chat"`
	Text        string          `json:"text,omitempty"`
	Entities    []Entity        `json:"entities,omitempty"`
	Caption     string          `json:"caption,omitempty"`
	Photo       []PhotoSize     `json:"photo,omitempty"`
	Document    *Document       `json:"document,omitempty"`
	Sticker     *Sticker        `json:"sticker,omitempty"`
	ReplyMarkup *InlineKeyboard `json:"reply_markup,omitempty"`
}

// Buttons returns the message's inline buttons, row after row.
func (m Message) Buttons() []InlineButton {
	if m.ReplyMarkup == nil {
		return nil
	}
	var bs []InlineButton
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		bs = append(bs, row...)
	}
	return bs
}

// Button returns the first inline button whose label contains label,
// ignoring case.
func (m Message) Button(label string) (InlineButton, bool) {
	for _, b := range m.Buttons() {
		if strings.Contains(strings.ToLower(b.Text), strings.ToLower(label)) {
			return b, true
		}
	}
	return InlineButton{}, false
}

// InlineKeyboard is the reply_markup of a message with buttons under it.
type InlineKeyboard struct {
	InlineKeyboard [][]InlineButton `json:"inline_keyboard"`
}

// InlineButton is one button of an inline keyboard.
type InlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

// CallbackQuery is a press on an inline button.
type CallbackQuery struct {
	ID           string   `json:"id"`
	From         User     `json:"from"`
	Message      *Message `json:"message,omitempty"`
	ChatInstance string   `json:"chat_instance"`
	Data         string   `json:"data,omitempty"`
}

// Update is one incoming update.
type Update struct {
	UpdateID      int            `json:"update_id"`
	Message       *Message       `json:"message,omitempty"`
	EditedMessage *Message       `json:"edited_message,omitempty"`
	CallbackQuery *CallbackQuery `json:"callback_query,omitempty"`
}

// File is what getFile returns.
type File struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileSize     int    `json:"file_size,omitempty"`
	FilePath     string `json:"file_path,omitempty"`
}

// BotCommand is one entry of the bot's command menu.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// CallbackAnswer records an answerCallbackQuery call.
type CallbackAnswer struct {
	CallbackQueryID string
	Text            string
	ShowAlert       bool
}

// Webhook is the webhook the bot registered with setWebhook.
type Webhook struct {
	URL            string
	SecretToken    string
	AllowedUpdates []string
	MaxConnections int
}

// Failure is an error reply the server gives instead of serving a call.
type Failure struct {
	Code        int
	Description string
	// RetryAfter, in seconds, goes into parameters.retry_after and the
	// Retry-After header when positive.
	RetryAfter int
}

// TooManyRequests is the flood-control reply Telegram gives, asking to wait
// retryAfter seconds.
func TooManyRequests(retryAfter int) Failure {
	return Failure{Code: 429, Description: "Too Many Requests: retry after " + strconv.Itoa(retryAfter), RetryAfter: retryAfter}
}
