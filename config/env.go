package config

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// envPrefix starts the environment variables that override settings:
// SUPPORTBOT_<SECTION>_<KEY>, upper case (SUPPORTBOT_RETURNS_DAYS=30,
// SUPPORTBOT_SHOP_NAME="Maison Lumen").
const envPrefix = "SUPPORTBOT_"

// setting is one key of the file a variable can set.
type setting struct {
	section, key string
	typ          reflect.Type // the field's type, pointers removed
}

// envSettings lists the keys of the file's sections, from configFile's
// tags: the variables follow the file without a list kept by hand. Tables
// of tables ([carriers.<key>], [[loyalty.tiers]]) have no variable.
func envSettings() []setting {
	var out []setting
	file := reflect.TypeFor[configFile]()
	for i := range file.NumField() {
		sec := file.Field(i)
		if sec.Type.Kind() != reflect.Struct {
			continue
		}
		for j := range sec.Type.NumField() {
			f := sec.Type.Field(j)
			key := strings.Split(f.Tag.Get("toml"), ",")[0]
			t := f.Type
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if key == "" || key == "-" || t.Kind() == reflect.Map || t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct {
				continue
			}
			out = append(out, setting{section: sec.Tag.Get("toml"), key: key, typ: t})
		}
	}
	return out
}

// withEnv lays the SUPPORTBOT_<SECTION>_<KEY> variables of environ
// ("NAME=value" strings, as os.Environ gives them) over the TOML data and
// returns the result, for Parse to read and check as if the file said it.
// A variable that names a section but none of its keys is an error, so
// that a typo does not go unnoticed; other SUPPORTBOT_ variables
// (SUPPORTBOT_DB, SUPPORTBOT_RATE_LIMIT…) are not settings of the file
// and are left alone.
func withEnv(data []byte, environ []string) ([]byte, error) {
	settings := envSettings()
	tree := map[string]any{}
	changed := false
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, envPrefix) {
			continue
		}
		rest := strings.ToLower(strings.TrimPrefix(name, envPrefix))
		i := slices.IndexFunc(settings, func(s setting) bool { return rest == s.section+"_"+s.key })
		if i < 0 {
			for _, s := range settings {
				if strings.HasPrefix(rest, s.section+"_") {
					return nil, fmt.Errorf("config: %s: %s has no setting %q", name, s.section, strings.TrimPrefix(rest, s.section+"_"))
				}
			}
			continue
		}
		s := settings[i]
		v, err := envValue(s.typ, value)
		if err != nil {
			return nil, fmt.Errorf("config: %s (%s.%s): %w", name, s.section, s.key, err)
		}
		if !changed {
			if err := toml.Unmarshal(data, &tree); err != nil {
				return nil, err // Parse reports it with the file's name
			}
			changed = true
		}
		sec, _ := tree[s.section].(map[string]any)
		if sec == nil {
			sec = map[string]any{}
			tree[s.section] = sec
		}
		sec[s.key] = v
	}
	if !changed {
		return data, nil
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(tree); err != nil {
		return nil, fmt.Errorf("config: environment: %w", err)
	}
	return buf.Bytes(), nil
}

// envValue reads a variable's text as the value of a key of type t: text
// as it is for a text setting, a TOML value otherwise (30, true, 12.5,
// ["FR", "BE"]), and for a list also words separated by commas (FR,BE).
func envValue(t reflect.Type, text string) (any, error) {
	if t.Kind() == reflect.String {
		return text, nil
	}
	var v struct{ V any }
	err := toml.Unmarshal([]byte("V = "+text), &v)
	switch {
	case err == nil:
		return v.V, nil
	case t.Kind() == reflect.Slice:
		var list []any
		for _, part := range strings.Split(text, ",") {
			part = strings.TrimSpace(part)
			if t.Elem().Kind() == reflect.String {
				list = append(list, part)
				continue
			}
			var e struct{ V any }
			if err := toml.Unmarshal([]byte("V = "+part), &e); err != nil {
				return nil, fmt.Errorf("%q is not a list of values", text)
			}
			list = append(list, e.V)
		}
		return list, nil
	case t.Kind() == reflect.Interface:
		return text, nil // an amount's "" or a word: its own check names it
	}
	return nil, fmt.Errorf("%q is not a %s value", text, t.Kind())
}

// Environ returns the SUPPORTBOT_<SECTION>_<KEY> variables getenv knows,
// as LoadEnv takes them, for callers that read the environment through a
// function rather than os.Environ.
func Environ(getenv func(string) string) []string {
	var out []string
	for _, s := range envSettings() {
		name := envPrefix + strings.ToUpper(s.section+"_"+s.key)
		if v := getenv(name); v != "" {
			out = append(out, name+"="+v)
		}
	}
	return out
}
