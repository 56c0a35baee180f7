package storage

import "testing"

func TestValidEmail(t *testing.T) {
	tests := []struct {
		name, in string
		want     bool
	}{
		{"plain", "ana@example.com", true},
		{"upper case is normalised", "Ana.Martin@Example.FR", true},
		{"plus and dots", "jean.luc+shop@mail.example.fr", true},
		{"surrounding blanks", "  ana@example.com ", true},
		{"no at", "ana.example.com", false},
		{"no domain dot", "ana@localhost", false},
		{"empty local", "@example.com", false},
		{"two ats", "ana@b@example.com", false},
		{"space inside", "ana martin@example.com", false},
		{"display name", "Ana <ana@example.com>", false},
		{"double dot", "ana..m@example.com", false},
		{"leading dot", ".ana@example.com", false},
		{"domain dash edge", "ana@-example.com", false},
		{"numeric tld", "ana@example.123", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidEmail(tt.in); got != tt.want {
				t.Errorf("ValidEmail(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
