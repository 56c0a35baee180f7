// Package locales holds every customer-facing text of supportbot, per
// language: reply messages (go-i18n TOML), FAQ entries and the training
// phrases of the intent classifier. The files are embedded in the binary;
// an operator can point the config at a directory of the same shape to edit
// them without rebuilding, or at an overlay that changes only some texts.
//
// The texts of en/ and fr/ suit any shop. The demo shop's own wording (a
// jewellery shop: pieces, engraving, pouches) is the overlay in demo/.
package locales

import (
	"embed"
	"io/fs"
)

// FS is the embedded locale tree: en/… and fr/….
//
//go:embed en fr
var FS embed.FS

//go:embed demo
var demo embed.FS

// Demo returns the demo shop's overlay, laid out like FS (en/…, fr/…) but
// holding only the messages and FAQ answers it words its own way.
func Demo() fs.FS {
	sub, err := fs.Sub(demo, "demo")
	if err != nil {
		panic(err) // "demo" is a valid path, embedded above
	}
	return sub
}

// Languages are the languages supportbot speaks, the first being the default.
var Languages = []string{"fr", "en"}
