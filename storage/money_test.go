package storage

import (
	"strings"
	"testing"
)

func TestParseCents(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int64
		wantErr string
	}{
		{"one decimal", "89.5", 8950, ""},
		{"two decimals", "89.50", 8950, ""},
		{"integer", "120", 12000, ""},
		{"zero", "0", 0, ""},
		{"negative zero", "-0", 0, ""},
		{"float trap 0.1", "0.1", 10, ""},
		{"float trap 0.3", "0.3", 30, ""},
		{"float trap 1.15", "1.15", 115, ""},
		{"float trap 4.35", "4.35", 435, ""},
		{"trailing zeros beyond cents", "19.990000", 1999, ""},
		{"exponent", "8.95e1", 8950, ""},
		{"negative exponent", "895e-1", 8950, ""},
		{"upper exponent plus", "1E+2", 10000, ""},
		{"leading plus", "+3", 300, ""},
		{"three decimals", "1.234", 0, "more than 2 decimals"},
		{"tiny", "0.001", 0, "more than 2 decimals"},
		{"negative", "-3.5", 0, "negative"},
		{"empty", "", 0, "not a number"},
		{"dot only", ".", 0, "not a number"},
		{"trailing dot", "5.", 0, "not a number"},
		{"leading dot", ".5", 0, "not a number"},
		{"letters", "12a", 0, "not a number"},
		{"huge", "1e29", 0, "too large"},
		{"huge exponent", "1e999999", 0, "exponent"},
		{"too many digits", "99999999999999999999", 0, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCents(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseCents(%q) = %d, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseCents(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestFormatCentsRoundTrip(t *testing.T) {
	for _, c := range []int64{0, 1, 9, 10, 99, 100, 8950, 123456789, maxCents} {
		s := FormatCents(c)
		got, err := ParseCents(s)
		if err != nil || got != c {
			t.Errorf("ParseCents(FormatCents(%d) = %q) = %d, %v", c, s, got, err)
		}
	}
	if got, want := FormatCents(8950), "89.50"; got != want {
		t.Errorf("FormatCents(8950) = %q, want %q", got, want)
	}
	if got, want := FormatCents(-5), "-0.05"; got != want {
		t.Errorf("FormatCents(-5) = %q, want %q", got, want)
	}
}
