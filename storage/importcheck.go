package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// duplicateKey returns the path of the first key written twice in one
// object of data ("items[1].name"), or "". encoding/json keeps the last of
// them without a word, and matches keys whatever their case, so "Name"
// after "name" would overwrite it: keys are compared the same way. With
// topOnly, only the outermost object's keys are compared.
func duplicateKey(data []byte, topOnly bool) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dup, _ := walkKeys(dec, "", 0, topOnly)
	return dup
}

func walkKeys(dec *json.Decoder, path string, depth int, topOnly bool) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return "", nil
	}
	switch delim {
	case '{':
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return "", err
			}
			key, _ := kt.(string)
			p := key
			if path != "" {
				p = path + "." + key
			}
			if fold := strings.ToLower(key); !topOnly || depth == 0 {
				if seen[fold] {
					return p, nil
				}
				seen[fold] = true
			}
			if dup, err := walkKeys(dec, p, depth+1, topOnly); dup != "" || err != nil {
				return dup, err
			}
		}
	case '[':
		for i := 0; dec.More(); i++ {
			if dup, err := walkKeys(dec, fmt.Sprintf("%s[%d]", path, i), depth+1, topOnly); dup != "" || err != nil {
				return dup, err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	return "", err
}

// checkRaw refuses a record that is not valid UTF-8 (encoding/json would
// silently turn its bad bytes into U+FFFD) or that writes a key twice. It
// reports whether the record may be decoded.
func checkRaw(ps *problems, label string, raw []byte) bool {
	if i := invalidUTF8(raw); i >= 0 {
		ps.add(label, "", "not valid UTF-8 (byte %d of the record): save the file as UTF-8", i+1)
		return false
	}
	if dup := duplicateKey(raw, false); dup != "" {
		ps.add(label, dup, "written twice in the record: keep one")
		return false
	}
	return true
}

// invalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}
