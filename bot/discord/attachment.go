package discord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"supportbot/storage"
)

// maxFileNameBytes caps the file name kept with a photo.
const maxFileNameBytes = 100

// errTooBig is returned by download for a file over the size limit.
var errTooBig = errors.New("file too large")

// photos are the images taken from a message, and what the customer should
// be told about the files left out.
type photos struct {
	images  []storage.Attachment
	notices []string // message IDs
}

// images downloads the image attachments of a message, at most
// MaxAttachments of them, each at most MaxAttachmentBytes. Other files are
// left out; the customer is told when something they sent was not taken.
func (b *Bot) images(ctx context.Context, atts []*discordgo.MessageAttachment) photos {
	var out photos
	tooBig, failed, other := false, false, false
	for _, a := range atts {
		switch {
		case a == nil:
			continue
		case !isImage(a.ContentType):
			other = true
			continue
		case len(out.images) >= b.cfg.MaxAttachments:
			continue
		case int64(a.Size) > b.cfg.MaxAttachmentBytes:
			tooBig = true
			continue
		}
		img, err := b.download(ctx, a)
		switch {
		case errors.Is(err, errTooBig):
			tooBig = true
		case err != nil:
			b.log.WarnContext(ctx, "discord: download attachment", "attachment", a.ID, "err", err)
			failed = true
		default:
			out.images = append(out.images, img)
		}
	}
	switch {
	case tooBig:
		out.notices = append(out.notices, msgPhotoTooBig)
	case failed:
		out.notices = append(out.notices, msgPhotoFailed)
	case other && len(out.images) == 0:
		out.notices = append(out.notices, msgUnsupported)
	}
	return out
}

// download fetches one image and checks that its bytes are an image too.
func (b *Bot) download(ctx context.Context, a *discordgo.MessageAttachment) (storage.Attachment, error) {
	if u, err := url.Parse(a.URL); err != nil || u.Scheme != "https" {
		return storage.Attachment{}, fmt.Errorf("attachment %s: not an https URL", a.ID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.URL, nil)
	if err != nil {
		return storage.Attachment{}, fmt.Errorf("attachment %s: %w", a.ID, scrub(err))
	}
	resp, err := b.cfg.HTTPClient.Do(req)
	if err != nil {
		// The URL is signed: keep it out of the logs.
		return storage.Attachment{}, fmt.Errorf("attachment %s: %w", a.ID, scrub(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return storage.Attachment{}, fmt.Errorf("attachment %s: HTTP %s", a.ID, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, b.cfg.MaxAttachmentBytes+1))
	if err != nil {
		return storage.Attachment{}, fmt.Errorf("attachment %s: %w", a.ID, scrub(err))
	}
	if int64(len(data)) > b.cfg.MaxAttachmentBytes {
		return storage.Attachment{}, fmt.Errorf("attachment %s: %w", a.ID, errTooBig)
	}
	sniffed := http.DetectContentType(data)
	if !isImage(sniffed) {
		return storage.Attachment{}, fmt.Errorf("attachment %s: announced %q but is %q", a.ID, a.ContentType, sniffed)
	}
	return storage.Attachment{
		Name: fileName(a.Filename), ContentType: sniffed, Data: data, CreatedAt: b.cfg.Now(),
	}, nil
}

// isImage reports whether a media type is an image's.
func isImage(contentType string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "image/")
}

// fileName keeps the base of a file name, valid UTF-8 and not too long.
func fileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.ToValidUTF8(name, "")
	if name == "." || name == "/" || name == "" {
		return "photo"
	}
	for len(name) > maxFileNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}
