package config

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Every setting of the file's sections can come from the environment,
// over the file and checked as the file is.
func TestLoadEnv(t *testing.T) {
	env := []string{
		"SUPPORTBOT_SHOP_NAME=Maison Lumen",
		"SUPPORTBOT_SHOP_PHONE=0184801234", // text stays text, leading zero and all
		"SUPPORTBOT_RETURNS_DAYS=45",
		"SUPPORTBOT_SHOP_DELIVERY_COUNTRIES=FR, BE",
		"SUPPORTBOT_HTTP_ALLOWED_ORIGINS=[\"https://shop.example\"]",
		"SUPPORTBOT_VERIFICATION_LOCKOUT=45m",
		"SUPPORTBOT_SHOP_GIFT_WRAPPING=true",
		"SUPPORTBOT_RATE_LIMIT=off",    // a switch, not a setting of the file
		"SUPPORTBOT_DB=/var/lib/sb.db", // not a setting of the file either
		"SUPPORTBOT_MODEL_CACHE=off",   // nor this
		"HOME=/root",                   // not ours
	}
	c, err := LoadEnv("", env)
	if err != nil {
		t.Fatalf("LoadEnv: %v", err)
	}
	if c.Shop.Name != "Maison Lumen" || c.Shop.Phone != "0184801234" || c.Policy.Returns.Days != 45 ||
		!slices.Equal(c.Shop.DeliveryCountries, []string{"FR", "BE"}) || !slices.Equal(c.HTTP.AllowedOrigins, []string{"https://shop.example"}) ||
		c.Verification.Lockout != 45*time.Minute || !c.Shop.GiftWrapping {
		t.Errorf("LoadEnv = %+v\nwant the environment's values", c)
	}

	// Over a file: the variable wins, the file's other keys stay.
	file := filepath.Join("testdata", "good", "full.toml")
	fromFile := mustLoadConfig(t, file)
	c, err = LoadEnv(file, []string{"SUPPORTBOT_RETURNS_DAYS=60"})
	if err != nil {
		t.Fatalf("LoadEnv(%s): %v", file, err)
	}
	if c.Policy.Returns.Days != 60 || c.Shop.Name != fromFile.Shop.Name {
		t.Errorf("over the file: returns.days %d, shop.name %q; want 60 and the file's %q", c.Policy.Returns.Days, c.Shop.Name, fromFile.Shop.Name)
	}

	// No variable of ours: the built-in defaults, as Load("") gives them.
	plain, err := LoadEnv("", []string{"SUPPORTBOT_RATE_LIMIT=off", "PATH=/usr/bin"})
	if err != nil || !plain.Shop.DemoTexts {
		t.Errorf("LoadEnv without settings = demo texts %v, %v; want the defaults", plain.Shop.DemoTexts, err)
	}
}

func TestLoadEnvRefuses(t *testing.T) {
	tests := []struct {
		env, want string
	}{
		{"SUPPORTBOT_RETURNS_DAYZ=30", `SUPPORTBOT_RETURNS_DAYZ: returns has no setting "dayz"`},
		{"SUPPORTBOT_RETURNS_DAYS=thirty", `SUPPORTBOT_RETURNS_DAYS (returns.days): "thirty" is not a int value`},
		{"SUPPORTBOT_RETURNS_DAYS=-3", "returns.days"},
		{"SUPPORTBOT_SHOP_CURRENCY=euro", "shop.currency"},
	}
	for _, tt := range tests {
		_, err := LoadEnv("", []string{tt.env})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("LoadEnv(%s) error = %v, want one containing %q", tt.env, err, tt.want)
		}
	}
}

func TestEnviron(t *testing.T) {
	vars := map[string]string{"SUPPORTBOT_SHOP_NAME": "Lumen", "SUPPORTBOT_DB": "x.db"}
	got := Environ(func(k string) string { return vars[k] })
	if !slices.Equal(got, []string{"SUPPORTBOT_SHOP_NAME=Lumen"}) {
		t.Errorf("Environ = %q", got)
	}
}
