package slack

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Bonjour, je regarde.", "Bonjour, je regarde."},
		{"escaped entities", "5 &lt; 6 &amp;&amp; 7 &gt; 2", "5 < 6 && 7 > 2"},
		{"bare link", "voir <https://opaline.example/retours>", "voir https://opaline.example/retours"},
		{"labelled link", "voir <https://opaline.example/retours|la page retours>", "voir la page retours (https://opaline.example/retours)"},
		{"link labelled with itself", "<https://a.example|https://a.example>", "https://a.example"},
		{"mail link", "écrivez à <mailto:aide@opaline.example|aide@opaline.example>", "écrivez à aide@opaline.example"},
		{"user mention", "<@U024BE7LH> va vous répondre", " va vous répondre"},
		{"labelled user mention", "<@U024BE7LH|bob> va vous répondre", "@bob va vous répondre"},
		{"channel", "voir <#C024BE7LR|support>", "voir #support"},
		{"special mention", "<!here> client en attente", " client en attente"},
		{"date", "le <!date^1392734382^{date_short}|Feb 18, 2014>", "le Feb 18, 2014"},
		{"unclosed bracket", "a <b c", "a <b c"},
		{"emoji", "Merci 🙏", "Merci 🙏"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainText(tt.in); got != tt.want {
				t.Errorf("plainText(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzPlainText runs what people type in Slack, which reaches customers.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"", "a", "<", ">", "<>", "<|>", "<@U1|x>", "&amp;lt;", "<https://x|y>", "<<a>>", "<!date^1|x>", "é<#C|ç>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := plainText(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("plainText(%q) = %q: invalid UTF-8", s, got)
		}
		if !strings.ContainsAny(s, "<&") && got != s {
			t.Errorf("plainText(%q) = %q: text without markup changed", s, got)
		}
	})
}

func TestEscapeMakesMarkupInert(t *testing.T) {
	for _, s := range []string{"<!channel>", "<@U123>", "<https://evil.example|clique>", "a & b"} {
		got := escape(s)
		if strings.ContainsAny(got, "<>") {
			t.Errorf("escape(%q) = %q: still has brackets", s, got)
		}
		if plainText(got) != s {
			t.Errorf("escape(%q) does not read back: %q", s, plainText(got))
		}
	}
}

func TestTrimRunes(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"court", 10, "court"},
		{"éééééééééé", 10, "éééééééééé"},
		{"ééééééééééé", 10, "ééééééééé…"},
		{"un deux trois", 5, "un d…"},
	}
	for _, tt := range tests {
		if got := trimRunes(tt.in, tt.n); got != tt.want {
			t.Errorf("trimRunes(%q, %d): got %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestParseRef(t *testing.T) {
	tests := []struct {
		ref, channel, ts string
		ok               bool
	}{
		{"C123/1700000000.000100", "C123", "1700000000.000100", true},
		{"C123", "", "", false},
		{"/1700000000.000100", "", "", false},
		{"C123/", "", "", false},
		{"C123/1/2", "", "", false},
	}
	for _, tt := range tests {
		channel, ts, err := parseRef(tt.ref)
		if (err == nil) != tt.ok || channel != tt.channel || ts != tt.ts {
			t.Errorf("parseRef(%q): got %q %q %v, want %q %q ok=%v", tt.ref, channel, ts, err, tt.channel, tt.ts, tt.ok)
		}
	}
}
