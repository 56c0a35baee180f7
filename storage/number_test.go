package storage

import "testing"

func TestNormalizeOrderNumber(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"display form", "CL-482913", "CL482913"},
		{"lower case", "cl482913", "CL482913"},
		{"space", "cl 482913", "CL482913"},
		{"surrounding blanks", "  Cl-482913\n", "CL482913"},
		{"punctuation dropped", "CL.482–913!", "CL482913"},
		{"digits only", "482913", "482913"},
		{"empty", "", ""},
		{"only separators", " - ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeOrderNumber(tt.in); got != tt.want {
				t.Errorf("NormalizeOrderNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := NormalizeCard(tt.in); got != tt.want {
				t.Errorf("NormalizeCard(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDisplayOrderNumber(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already display", "CL-482913", "CL-482913"},
		{"lower case no dash", "cl482913", "CL-482913"},
		{"space", "op 100234", "OP-100234"},
		{"digits only kept", "482913", "482913"},
		{"letters after digits kept upper-cased", "12ab34", "12AB34"},
		{"mixed shape kept", " ab-12-cd ", "AB-12-CD"},
		{"letters only kept", "abc", "ABC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DisplayOrderNumber(tt.in); got != tt.want {
				t.Errorf("DisplayOrderNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckIdentifier(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"display", "CL-482913", true},
		{"space", "cl 482913", true},
		{"short", "CL-1", true},
		{"digits", "123", true},
		{"too short", "C1", false},
		{"no digit", "ABCDEF", false},
		{"double dash", "CL--1", false},
		{"trailing dash", "CL1-", false},
		{"leading dash", "-CL1", false},
		{"slash", "CL/1234", false},
		{"accent", "CLÉ1234", false},
		{"too long", "A123456789012345678901234567890123", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkIdentifier(tt.in)
			if (got == "") != tt.ok {
				t.Errorf("checkIdentifier(%q) = %q, want ok=%v", tt.in, got, tt.ok)
			}
		})
	}
}
