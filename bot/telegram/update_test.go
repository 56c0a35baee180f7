package telegram

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"

	"supportbot/bot/telegram/telegramtest"
)

func TestButtonsAreInlineKeyboards(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	c := telegramtest.Customer{ID: 801, LanguageCode: "en"}

	greeting := withButtons(t, h.say(c, "/start"))
	btn, ok := greeting.Button("Track my order")
	if !ok {
		t.Fatalf("no tracking button under the greeting: %+v", greeting.Buttons())
	}
	if btn.CallbackData != "/intent:track_order" {
		t.Errorf("callback_data = %q, want the engine's payload /intent:track_order", btn.CallbackData)
	}
	_, query := h.srv.PressButton(c, greeting, btn.CallbackData)
	if a := h.srv.WaitCallbackAnswer(query); a.Text != "" {
		t.Errorf("callback answered with notice %q, want none", a.Text)
	}
	h.settle()
	got := h.srv.Sent(c.ID)[1:]
	mustContain(t, got, "e-mail")
}

func TestStaleButtonIsAnsweredAndIgnored(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	c := telegramtest.Customer{ID: 802, LanguageCode: "en"}
	msg := h.srv.Message(c) // any message of the chat carries the button
	for _, data := range []string{"~k:0badf0:1", "~unknown"} {
		_, query := h.srv.PressButton(c, msg, data)
		a := h.srv.WaitCallbackAnswer(query)
		if want := h.texts.T("en", "channel_button_expired", nil); a.Text != want {
			t.Errorf("press on %q answered %q, want %q", data, a.Text, want)
		}
	}
	h.settle()
	if sent := h.srv.Sent(c.ID); len(sent) != 0 {
		t.Errorf("a stale button made the bot say %q", texts(sent))
	}
}

// mustJPEG encodes a small picture.
func mustJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.Set(x, x%48, color.RGBA{R: 200, G: 30, B: 90, A: 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPhotoOfAWrongItemReachesTheTicket(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	amelia := telegramtest.Customer{ID: 803, FirstName: "Amelia", LanguageCode: "en"}
	h.say(amelia, "I received the wrong item")
	items := withButtons(t, h.say(amelia, "amelia.brown@example.com OP-101001"))
	got := h.press(amelia, items, "Moon earrings")
	mustContain(t, got, "photo")

	photo := mustJPEG(t)
	before := len(h.srv.Sent(amelia.ID))
	h.srv.SendPhoto(amelia, "", photo)
	h.settle()
	got = h.srv.Sent(amelia.ID)[before:]
	mustContain(t, got, "TK-", "our expense")

	ctx := context.Background()
	hand, err := h.db.OpenHandoff(ctx, "telegram:803")
	if err != nil {
		t.Fatalf("no hand-off after the wrong-item report: %v", err)
	}
	ticket, err := h.db.TicketByID(ctx, hand.TicketID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ticket.Attachments) != 1 {
		t.Fatalf("ticket has %d attachments, want the photo", len(ticket.Attachments))
	}
	a := ticket.Attachments[0]
	if !bytes.Equal(a.Data, photo) {
		t.Errorf("attachment holds %d bytes, want the %d of the largest photo size", len(a.Data), len(photo))
	}
	if a.ContentType != "image/jpeg" || !strings.HasSuffix(a.Name, ".jpg") {
		t.Errorf("attachment %q of type %q, want a .jpg of image/jpeg", a.Name, a.ContentType)
	}
}

func TestPhotosThatCannotBeTaken(t *testing.T) {
	h := newHarness(t)
	h.start(Config{Limits: Limits{PhotoBytes: 2000}})
	c := telegramtest.Customer{ID: 804, LanguageCode: "en"}

	big := append(mustJPEG(t), make([]byte, 3000)...)
	h.srv.SendPhoto(c, "here it is", big)
	h.settle()
	if got, want := texts(h.srv.Sent(c.ID)), h.texts.T("en", "channel_photo_too_big", map[string]any{"MaxMB": 0}); !strings.Contains(got, want) {
		t.Errorf("too large a photo answered %q, want %q", got, want)
	}

	// A file declared as an image that is not one.
	f := h.srv.AddFile([]byte("MZ\x90\x00 not a picture at all"), "image/png", "documents")
	m := h.srv.Message(c)
	m.Document = &telegramtest.Document{FileID: f.FileID, FileUniqueID: f.FileUniqueID, FileName: "x.png", MimeType: "image/png", FileSize: f.FileSize}
	before := len(h.srv.Sent(c.ID))
	h.srv.Enqueue(telegramtest.Update{Message: &m})
	h.settle()
	if got, want := texts(h.srv.Sent(c.ID)[before:]), h.texts.T("en", "channel_photo_failed", nil); !strings.Contains(got, want) {
		t.Errorf("a fake image answered %q, want %q", got, want)
	}
}

func TestWhatTheBotCannotRead(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	c := telegramtest.Customer{ID: 805, LanguageCode: "en"}
	m := h.srv.Message(c)
	m.Sticker = &telegramtest.Sticker{FileID: "st1", FileUniqueID: "st1u", Width: 512, Height: 512, Emoji: "👍"}
	h.srv.Enqueue(telegramtest.Update{Message: &m})
	h.settle()
	if got, want := texts(h.srv.Sent(c.ID)), h.texts.T("en", "channel_unsupported", nil); !strings.Contains(got, want) {
		t.Errorf("a sticker answered %q, want %q", got, want)
	}
}

func TestGroupsAreToldToWriteInPrivate(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	c := telegramtest.Customer{ID: 806, LanguageCode: "en"}
	group := telegramtest.Chat{ID: -100123, Type: "supergroup", Title: "Jewellery fans"}
	for _, text := range []string{"hello everyone, where is my order OP-100701?", "/start", "/start@other_bot", "@" + telegramtest.BotUsername + " where is my order?"} {
		m := h.srv.Message(c)
		m.Chat, m.Text = group, text
		h.srv.Enqueue(telegramtest.Update{Message: &m})
	}
	h.settle()
	sent := h.srv.Sent(group.ID)
	if len(sent) != 2 {
		t.Fatalf("%d answers in the group, want 2 (the command and the mention): %q", len(sent), texts(sent))
	}
	mustContain(t, sent, "https://t.me/"+telegramtest.BotUsername)
	mustNotContain(t, sent, "e-mail", "OP-100701")
	if _, err := h.db.Conversation(context.Background(), "telegram:-100123"); err == nil {
		t.Error("a group message reached the engine")
	}
}
