// Package locales holds every customer-facing text of supportbot, per
// language: reply messages (go-i18n TOML), FAQ entries and the training
// phrases of the intent classifier. The files are embedded in the binary;
// an operator can point the config at a directory of the same shape to edit
// them without rebuilding.
package locales

import "embed"

// FS is the embedded locale tree: en/… and fr/….
//
//go:embed en fr
var FS embed.FS

// Languages are the languages supportbot speaks, the first being the default.
var Languages = []string{"fr", "en"}
