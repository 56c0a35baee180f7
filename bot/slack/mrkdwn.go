package slack

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack/slackutilsx"
)

// Limits of what the desk quotes from a conversation.
const (
	maxRelayRunes  = 2800 // a relayed message, shown in a section block (3,000 characters at most)
	maxRecentRunes = 300  // one line of the brief's last messages
)

// escape makes a customer's words inert in Slack's mrkdwn: "<!channel>",
// "<@U…>" and "<https://…|…>" are shown as typed, not acted on.
func escape(s string) string { return slackutilsx.EscapeMessage(s) }

// trimRunes cuts s to at most n runes, marking the cut.
func trimRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// quoteBody escapes and trims a customer's message for a thread.
func quoteBody(s string, n int) string {
	return escape(trimRunes(strings.TrimSpace(s), n))
}

// quote turns text into a mrkdwn block quote, line by line.
func quote(s string) string {
	return "> " + strings.ReplaceAll(s, "\n", "\n> ")
}

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// plainText turns what a person typed in Slack into text for a customer on
// another channel. Slack sends links, mentions and dates in angle
// brackets ("<https://a.example|a link>", "<@U123>", "<#C1|support>",
// "<!here>") and escapes &, < and >.
func plainText(s string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '<')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '>')
		if end < 0 {
			break
		}
		b.WriteString(s[:open])
		b.WriteString(renderToken(s[open+1 : open+end]))
		s = s[open+end+1:]
	}
	b.WriteString(s)
	return unescaper.Replace(b.String())
}

// renderToken renders the inside of one angle-bracket token.
func renderToken(t string) string {
	target, label, hasLabel := strings.Cut(t, "|")
	switch {
	case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "#"):
		if hasLabel {
			return target[:1] + label
		}
		return ""
	case strings.HasPrefix(target, "!"):
		// Special mentions (<!here>) mean nothing to a customer; dates
		// carry their fallback text as label.
		return label
	case strings.HasPrefix(target, "mailto:"):
		if hasLabel {
			return label
		}
		return strings.TrimPrefix(target, "mailto:")
	case hasLabel && label != target && label != "":
		return label + " (" + target + ")"
	default:
		return target
	}
}
