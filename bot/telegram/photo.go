package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"supportbot/storage"
)

// fetchTimeout bounds getFile and the download together.
const fetchTimeout = time.Minute

var (
	errTooLarge = errors.New("file too large")
	errNotImage = errors.New("file is not an image")
)

// fileRef is an image a customer sent: a photo, or a picture sent as a
// file.
type fileRef struct {
	id, uniqueID string
	size         int
}

// imageOf returns the image of a message: the largest size of a photo, or
// a document whose declared type is an image.
func imageOf(m *tgbotapi.Message) (fileRef, bool) {
	if len(m.Photo) > 0 {
		best := m.Photo[0]
		for _, p := range m.Photo[1:] {
			if p.FileSize > best.FileSize || (p.FileSize == best.FileSize && p.Width*p.Height > best.Width*best.Height) {
				best = p
			}
		}
		return fileRef{id: best.FileID, uniqueID: best.FileUniqueID, size: best.FileSize}, true
	}
	if d := m.Document; d != nil && strings.HasPrefix(d.MimeType, "image/") {
		return fileRef{id: d.FileID, uniqueID: d.FileUniqueID, size: d.FileSize}, true
	}
	return fileRef{}, false
}

// fetchPhoto downloads an image through getFile, from the configured
// server's /file/ path (the library's own file links always point at
// api.telegram.org), within Limits.PhotoBytes, and checks it is an image.
func (b *Bot) fetchPhoto(ctx context.Context, f fileRef) (storage.Attachment, error) {
	limit := b.cfg.Limits.PhotoBytes
	if int64(f.size) > limit {
		return storage.Attachment{}, errTooLarge
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	file, err := b.api(ctx).GetFile(tgbotapi.FileConfig{FileID: f.id})
	if err != nil {
		return storage.Attachment{}, fmt.Errorf("getFile: %w", err)
	}
	if int64(file.FileSize) > limit {
		return storage.Attachment{}, errTooLarge
	}
	data, header, err := b.download(ctx, file.FilePath, limit)
	if err != nil {
		return storage.Attachment{}, err
	}
	ct := imageType(header, data)
	if ct == "" {
		return storage.Attachment{}, errNotImage
	}
	return storage.Attachment{Name: photoName(f.uniqueID, ct), ContentType: ct, Data: data}, nil
}

// fileURL is where a file is downloaded: {base}/file/bot{token}/{path}.
func (b *Bot) fileURL(filePath string) string {
	p := (&url.URL{Path: strings.TrimPrefix(filePath, "/")}).EscapedPath()
	return b.cfg.APIEndpoint + "/file/bot" + b.cfg.Token + "/" + p
}

// download reads a file of at most limit bytes.
func (b *Bot) download(ctx context.Context, filePath string, limit int64) ([]byte, string, error) {
	if filePath == "" {
		return nil, "", errors.New("download: getFile gave no file path")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.fileURL(filePath), nil)
	if err != nil {
		return nil, "", fmt.Errorf("download: %w", redact(err, b.cfg.Token))
	}
	resp, err := b.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("download: %w", redact(err, b.cfg.Token))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	if resp.ContentLength > limit {
		return nil, "", errTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, "", fmt.Errorf("download: %w", redact(err, b.cfg.Token))
	}
	if int64(len(data)) > limit {
		return nil, "", errTooLarge
	}
	return data, resp.Header.Get("Content-Type"), nil
}

// imageType returns the image type of a download: the declared one when
// it is an image type, else what the bytes say, since file servers often
// send application/octet-stream. It is empty for anything but an image.
func imageType(declared string, data []byte) string {
	if mt, _, err := mime.ParseMediaType(declared); err == nil && strings.HasPrefix(mt, "image/") {
		if sniffed := http.DetectContentType(data); strings.HasPrefix(sniffed, "image/") || mt == "image/heic" || mt == "image/heif" {
			return mt
		}
		return ""
	}
	if sniffed := http.DetectContentType(data); strings.HasPrefix(sniffed, "image/") {
		return sniffed
	}
	return ""
}

// photoName names an attachment after Telegram's stable file ID.
func photoName(uniqueID, contentType string) string {
	ext := ".img"
	switch contentType {
	case "image/jpeg":
		ext = ".jpg"
	case "image/png":
		ext = ".png"
	case "image/webp":
		ext = ".webp"
	case "image/gif":
		ext = ".gif"
	case "image/heic", "image/heif":
		ext = ".heic"
	}
	if uniqueID == "" {
		uniqueID = "telegram"
	}
	return "photo-" + uniqueID + ext
}
