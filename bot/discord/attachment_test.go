package discord

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// mustPNG is a small real PNG image.
func mustPNG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// attach adds a file to the fake CDN and describes it as Discord does.
func (f *fixture) attach(name, contentType string, data []byte) *discordgo.MessageAttachment {
	return &discordgo.MessageAttachment{
		ID: f.fake.NewID(), Filename: name, ContentType: contentType, Size: len(data),
		URL: f.fake.AddFile(name, contentType, data),
	}
}

// TestWrongItemPhoto reports a wrong item: the photo of what arrived
// reaches the engine, which files it with the ticket.
func TestWrongItemPhoto(t *testing.T) {
	f := newFixture(t)
	mustContain(t, f.say(t, "I received the wrong thing. amelia.brown@example.com OP-101001"), "Which item")
	mustContain(t, f.say(t, "the moon earrings"), "photo")

	pic := mustPNG(t)
	m := f.dm(customerID, dmChannel, "")
	m.Attachments = []*discordgo.MessageAttachment{f.attach("what-i-got.png", "image/png", pic)}
	got := joined(f.deliver(t, m))
	mustContain(t, got, "TK-")

	// The customer's newest ticket: the demo shop holds others.
	ctx := context.Background()
	c, err := f.db.CustomerByEmail(ctx, "amelia.brown@example.com")
	if err != nil {
		t.Fatal(err)
	}
	tickets, err := f.db.TicketsByCustomer(ctx, c.ID)
	if err != nil || len(tickets) == 0 {
		t.Fatalf("the customer's tickets: %+v, %v", tickets, err)
	}
	tk, err := f.db.TicketByID(ctx, tickets[0].ID)
	if err != nil {
		t.Fatalf("the ticket: %v", err)
	}
	if len(tk.Attachments) != 1 {
		t.Fatalf("the ticket has %d attachments, want the photo", len(tk.Attachments))
	}
	a := tk.Attachments[0]
	if a.Name != "what-i-got.png" || a.ContentType != "image/png" || !bytes.Equal(a.Data, pic) {
		t.Errorf("attachment = %s %s %d bytes, want what-i-got.png image/png %d bytes", a.Name, a.ContentType, len(a.Data), len(pic))
	}
}

func TestImages(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxAttachmentBytes = 1 << 10; c.MaxAttachments = 2 })
	pic := mustPNG(t)
	big := append(mustPNG(t), make([]byte, 2<<10)...)
	lying := f.attach("fake.png", "image/png", []byte("<html>not an image</html>"))
	lyingSize := f.attach("small.png", "image/png", big)
	lyingSize.Size = 10 // the download is cut anyway
	missing := f.attach("gone.png", "image/png", pic)
	missing.URL = "https://cdn.discordapp.com/attachments/1/gone.png"
	tests := []struct {
		name        string
		atts        []*discordgo.MessageAttachment
		wantImages  int
		wantNotices []string
	}{
		{name: "one image", atts: []*discordgo.MessageAttachment{f.attach("a.png", "image/png", pic)}, wantImages: 1},
		{name: "a PDF", atts: []*discordgo.MessageAttachment{f.attach("a.pdf", "application/pdf", []byte("%PDF-1.4"))}, wantNotices: []string{msgUnsupported}},
		{name: "an image and a PDF", atts: []*discordgo.MessageAttachment{
			f.attach("a.png", "image/png", pic), f.attach("a.pdf", "application/pdf", []byte("%PDF-1.4")),
		}, wantImages: 1},
		{name: "announced too big", atts: []*discordgo.MessageAttachment{f.attach("big.png", "image/png", big)}, wantNotices: []string{msgPhotoTooBig}},
		{name: "bigger than announced", atts: []*discordgo.MessageAttachment{lyingSize}, wantNotices: []string{msgPhotoTooBig}},
		{name: "not an image inside", atts: []*discordgo.MessageAttachment{lying}, wantNotices: []string{msgPhotoFailed}},
		{name: "download fails", atts: []*discordgo.MessageAttachment{missing}, wantNotices: []string{msgPhotoFailed}},
		{name: "more than the limit", atts: []*discordgo.MessageAttachment{
			f.attach("1.png", "image/png", pic), f.attach("2.png", "image/png", pic), f.attach("3.png", "image/png", pic),
		}, wantImages: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.bot.images(context.Background(), tt.atts)
			if len(got.images) != tt.wantImages || strings.Join(got.notices, ",") != strings.Join(tt.wantNotices, ",") {
				t.Errorf("images = %d, notices %v; want %d, %v", len(got.images), got.notices, tt.wantImages, tt.wantNotices)
			}
		})
	}
}

// TestPhotoTooBigTold: a customer who sends only a photo that is too big
// is told so, in their language, with the limit.
func TestPhotoTooBigTold(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxAttachmentBytes = 1 << 20 })
	m := f.dm(customerID, dmChannel, "")
	m.Attachments = []*discordgo.MessageAttachment{{
		ID: "1", Filename: "huge.jpg", ContentType: "image/jpeg", Size: 5 << 20, URL: "https://cdn.discordapp.com/attachments/1/huge.jpg",
	}}
	want := mustKnowledge(t).Texts.T("fr", msgPhotoTooBig, map[string]any{"MaxMB": 1})
	if got := joined(f.deliver(t, m)); !strings.Contains(got, want) {
		t.Errorf("answer %q, want %q", got, want)
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "plain", in: "photo.jpg", want: "photo.jpg"},
		{name: "path", in: "../../etc/passwd", want: "passwd"},
		{name: "windows path", in: `C:\Users\me\img.png`, want: "img.png"},
		{name: "empty", in: "", want: "photo"},
		{name: "invalid UTF-8", in: "a\xffb.png", want: "ab.png"},
		{name: "long", in: strings.Repeat("é", 80), want: strings.Repeat("é", 50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fileName(tt.in); got != tt.want {
				t.Errorf("fileName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
