package intents

import (
	"strings"
	"unicode"
)

// Angry reports whether a message reads as an angry customer's, in French
// or English: an angry emoji, shouting (most letters of several words in
// capitals), a run of three or more exclamation marks, or an insult or
// anger word ("scandaleux", "arnaque", "inadmissible", "ridiculous",
// "scam", "wtf"). The engine hands such conversations to a person.
func Angry(text string) bool {
	if strings.Contains(text, "!!!") || strings.Contains(text, "?!?") || strings.Contains(text, "!?!") {
		return true
	}
	for _, r := range text {
		if emojiClass(r) == emojiAngry {
			return true
		}
	}
	if shouting(text) {
		return true
	}
	var buf [32]string // the tokens don't outlive the call: no allocation
	toks := appendTokens(buf[:0], text)
	for i, t := range toks {
		if _, ok := angerWords[t]; ok && !saidOfSomeoneElse(toks[:i]) {
			return true
		}
		if i+1 < len(toks) {
			if _, ok := angerPhrases[t+" "+toks[i+1]]; ok {
				return true
			}
		}
		if i+2 < len(toks) {
			if _, ok := angerPhrases[t+" "+toks[i+1]+" "+toks[i+2]]; ok {
				return true
			}
		}
	}
	return false
}

// saidOfSomeoneElse reports whether the tokens before an anger word make
// it about another person: "my husband … he's useless with computers lol",
// « il est nul en informatique » is no anger at the shop.
func saidOfSomeoneElse(before []string) bool {
	n := len(before)
	if n >= 2 {
		switch before[n-1] {
		case "is", "s", "was", "est", "etait", "are", "re", "sont":
			switch before[n-2] {
			case "he", "she", "they", "il", "elle", "ils", "elles":
				return true
			}
		}
	}
	return false
}

// shouting reports whether at least two words of three letters or more
// are in capitals and capitals make most of the message's letters. Words
// with digits (order numbers) and short acronyms (SAV, UPS) don't count.
func shouting(text string) bool {
	var capsWords, capsLetters, letters int
	for _, w := range strings.FieldsFunc(withoutEmails(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		var up, low, digit int
		for _, r := range w {
			switch {
			case unicode.IsUpper(r):
				up++
			case unicode.IsLower(r):
				low++
			case unicode.IsDigit(r):
				digit++
			}
		}
		if digit > 0 {
			continue
		}
		letters += up + low
		capsLetters += up
		if low == 0 && up >= 4 || low == 0 && up == 3 && !isAcronym(w) {
			capsWords++
		}
	}
	return capsWords >= 2 && capsLetters*10 >= letters*7
}

// withoutEmails drops the words of text that hold an "@": an e-mail
// address typed in capitals (SOPHIE.LAURENT@EXAMPLE.FR) is not shouting.
func withoutEmails(text string) string {
	if !strings.Contains(text, "@") {
		return text
	}
	return dropFields(text, func(f string) bool { return strings.Contains(f, "@") })
}

func isAcronym(w string) bool {
	switch w {
	case "SAV", "UPS", "DHL", "TNT", "GLS", "DPD", "FAQ", "RIB", "CGV", "USA", "TVA", "VAT", "PDF", "SMS":
		return true
	}
	return false
}

// Emoji classes: the classifier reads them as tokens, Angry looks for the
// angry one.
const (
	emojiAngry  = "_emo_angry"
	emojiThanks = "_emo_thanks"
	emojiHappy  = "_emo_happy"
	emojiYes    = "_emo_yes"
	emojiNo     = "_emo_no"
	emojiWave   = "_emo_wave"
	emojiSad    = "_emo_sad"
	emojiParcel = "_emo_parcel"
	emojiDoubt  = "_emo_doubt"
)

// Doubts reports whether a message carries an emoji of doubt or irony (an
// eye roll, a smirk, a raised eyebrow, a thinking face): "oui bien sûr 🙄"
// is no yes to act on, though its words are one.
func Doubts(text string) bool {
	for _, r := range text {
		if emojiClass(r) == emojiDoubt {
			return true
		}
	}
	return false
}

// emojiClass returns the class of an emoji, or "" for other runes.
func emojiClass(r rune) string {
	switch r {
	case '😡', '🤬', '😠', '👿', '💢', '😤', '🖕', '💩':
		return emojiAngry
	case '🙏':
		return emojiThanks
	case '😊', '🙂', '😀', '😃', '😄', '😁', '☺', '❤', '💕', '😍', '🥰', '😘', '🤗', '😉':
		return emojiHappy
	case '👍', '👌', '✅', '✔', '🆗':
		return emojiYes
	case '👎', '❌', '🚫', '✖':
		return emojiNo
	case '👋':
		return emojiWave
	case '😢', '😭', '😞', '😔', '☹', '🙁', '😩', '😫', '😟', '😕':
		return emojiSad
	case '📦', '🚚':
		return emojiParcel
	case '🙄', '😒', '🤨', '😏', '🙃', '🤔', '😬':
		return emojiDoubt
	}
	return ""
}

// angerWords are folded words that, alone, show a customer is angry or
// insulting. Read-only.
var angerWords = setOf(`
inadmissible inacceptable scandale scandaleux scandaleuse honteux honteuse honte arnaque arnaques arnaqueur
arnaqueurs escroc escrocs escroquerie voleur voleurs voleuse merde putain bordel connard connards
connasse con furieux furieuse enerve enervee incompetent incompetents incompetente lamentable
pathetique minable minables nullissime degoute degoutee degoutant foutage abuse abusez marre
inadmissable honteusement plainte avocat frustrant frustrante frustre frustree exasperant exasperante
exaspere exasperee agacant agacante
ridiculous unacceptable disgrace disgraceful disgusting scam scammer scammers scammed fraud fraudulent
thieves thief useless pathetic furious angry pissed fuck fucking fucked wtf shit shitty crap crappy
incompetent outrageous outraged appalling appalled livid sue lawyer rubbish terrible awful worst
frustrating frustrated infuriating infuriated exasperating exasperated
`)

// angerPhrases are folded multi-word expressions of anger. Read-only.
var angerPhrases = setOf2(`
ras le bol|en ai marre|se fout de|se foutent de|fout de|foutez de|vous moquez|se moque|nul a chier
|porter plainte|jamais plus|plus jamais|ce est nul|service nul|vraiment nul|trop nul
|etes nuls|etes nul|etes nulle|etes nulles|personne ne repond|personne repond|personne ne me repond
|you are useless|nobody answers|no one answers|nobody replies|no one replies|nobody is answering
|fed up|sick of|had enough|rip off|ripped off|never again|joke of|what the hell|what the fuck|taking the piss|f off
`)

func setOf2(s string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, p := range strings.Split(s, "|") {
		p = strings.Join(strings.Fields(p), " ")
		if p != "" {
			m[p] = struct{}{}
		}
	}
	return m
}
