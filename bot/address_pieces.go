package bot

import (
	"regexp"
	"strings"
	"unicode"

	"supportbot/intents"
)

// Addresses in pieces: customers type a new address the way they would
// dictate it, a line at a time ("12 rue de la Paix", "75002", "Paris";
// "Rue de la Loi 42", "1040 Etterbeek", "Belgique"). Each piece alone is
// no address; the pieces are kept in the task until they make one. A
// postcode alone at that point is not an order number, and a town alone
// is not a goodbye ("à Villeurbanne").

// Kinds of address piece.
const (
	pieceStreet   = "street"
	piecePostcode = "postcode"
	pieceTown     = "town"
	pieceCountry  = "country"
	// pieceDetail is a flat, a floor, a door code ("3e étage, porte
	// gauche"): any number of them, after the street.
	pieceDetail = "detail"
)

var (
	// postcodeAlone is a postcode given by itself ("75002", "cp 69100").
	postcodeAlone = regexp.MustCompile(`(?i)^(?:(?:code postal|cp|postcode|post code|zip(?: code)?)\s*:?\s*)?(\d{4,5})$`)
	// postcodeWithTown is a postcode and its town ("1040 Etterbeek").
	postcodeWithTown = regexp.MustCompile(`^(\d{4,5})\s+(\p{Lu}[\pL'’-]*(?:[\s-]+[\pL'’-]+){0,3})$`)
	// streetFirst is a street whose number comes after its name ("Rue de
	// la Loi 42").
	streetFirst = regexp.MustCompile(`(?i)^(?:(?:rue|avenue|av\.?|boulevard|bd|chaussée|chaussee|chemin|place|allée|allee|impasse|quai|route|square|straat|laan|weg|strasse|straße)\s+[\pL'’. -]{1,40}?|\pL{2,}(?:strasse|straße|gasse|platz|weg|straat|laan))\s\d{1,4}[a-z]?$`)
	// countryAlone is a country by itself ("Belgique").
	countryAlone = regexp.MustCompile(`^` + countryWords + `$`)
	// pieceLead are the words before a piece: "c'est au 15 bis rue…",
	// "à Villeurbanne", "in Lyon".
	pieceLead = regexp.MustCompile(`(?i)^(?:(?:et\s+)?(?:c'est|c’est|c est|it's|its|it is)\s+)?(?:(?:à|a|au|in|to|en|ville\s*:?|town\s*:?|city\s*:?)\s+)?`)
)

// addressPiece returns the kind of address piece text is and the piece
// itself without the words before it, or "" when it is none. A town must
// be written with a capital, and not be a word of answer or courtesy:
// "à bientôt", "Ok", "Merci" are no towns.
func (e *Engine) addressPiece(lang, text string) (kind, piece string) {
	s := strings.Trim(strings.TrimSpace(text), ".!,;")
	s = strings.TrimSpace(pieceLead.ReplaceAllString(s, ""))
	switch {
	case s == "":
		return "", ""
	case countryAlone.MatchString(s):
		return pieceCountry, s
	case postcodeAlone.MatchString(s):
		return piecePostcode, postcodeAlone.FindStringSubmatch(s)[1]
	case postcodeWithTown.MatchString(s):
		return piecePostcode + "+" + pieceTown, s
	case streetFirst.MatchString(s):
		return pieceStreet, s
	case streetPattern.MatchString(s):
		// The street from its number on: "La nouvelle adresse c'est 8
		// avenue Jean Jaurès" gives "8 avenue Jean Jaurès" (the words
		// before it made no piece, and the street was lost).
		at := streetPattern.FindStringIndex(s)[0]
		if !leadingNumber.MatchString(s) && !e.texts.Mentions(lang, keywordStreetLead, intents.Normalize(s[:at])) {
			return "", ""
		}
		return pieceStreet, strings.TrimSpace(s[at:])
	case e.texts.Mentions(lang, keywordAddressDetail, intents.Normalize(s)) && !postcodeInText.MatchString(s) && len(strings.Fields(s)) <= 6:
		return pieceDetail, s
	case isTownName(s) && !e.texts.MadeOf(lang, intents.Normalize(text), keywordYes, keywordNo, keywordAck, keywordPolite, keywordFiller, keywordGreeting, keywordWait):
		return pieceTown, s
	}
	return "", ""
}

// postcodeInText is a number of four or five digits anywhere.
var postcodeInText = regexp.MustCompile(`\b\d{4,5}\b`)

// isTownName reports whether s can be a town's name: one to four words
// of letters, the first with a capital.
func isTownName(s string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' })
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '\'' && r != '’' {
				return false
			}
		}
	}
	first := []rune(s)[0]
	return unicode.IsUpper(first)
}

// joinPieces puts the pieces of an address kept so far (prev, as
// joinPieces wrote it) and a new one in the order of an address: street,
// postcode and town, country. It reports false when either is no piece,
// or says again a kind already given.
func (e *Engine) joinPieces(lang, prev, text string) (string, bool) {
	parts := map[string]string{}
	var details []string
	add := func(s string) bool {
		kind, piece := e.addressPiece(lang, s)
		switch kind {
		case "":
			return false
		case pieceDetail:
			details = append(details, piece)
			return true
		case piecePostcode + "+" + pieceTown:
			m := postcodeWithTown.FindStringSubmatch(piece)
			if parts[piecePostcode] != "" || parts[pieceTown] != "" {
				return false
			}
			parts[piecePostcode], parts[pieceTown] = m[1], m[2]
			return true
		}
		if parts[kind] != "" {
			return false
		}
		parts[kind] = piece
		return true
	}
	if prev != "" {
		for _, p := range strings.Split(prev, ",") {
			if !add(p) {
				return "", false
			}
		}
	}
	for _, p := range strings.Split(text, ",") {
		if !add(p) {
			return "", false
		}
	}
	var out []string
	if s := parts[pieceStreet]; s != "" {
		out = append(out, s)
	}
	out = append(out, details...)
	if pt := strings.TrimSpace(parts[piecePostcode] + " " + parts[pieceTown]); pt != "" {
		out = append(out, pt)
	}
	if c := parts[pieceCountry]; c != "" {
		out = append(out, c)
	}
	return strings.Join(out, ", "), true
}

// missingPieces names what the address kept so far lacks, for the
// message that asks for the rest: "street", "town" (postcode and town),
// "postcode", "townname"; "" when it has all of them.
func (e *Engine) missingPieces(lang, joined string) string {
	kinds := map[string]bool{}
	for _, p := range strings.Split(joined, ",") {
		kind, _ := e.addressPiece(lang, p)
		for _, k := range strings.Split(kind, "+") {
			kinds[k] = true
		}
	}
	switch {
	case !kinds[pieceStreet]:
		return "street"
	case !kinds[piecePostcode] && !kinds[pieceTown]:
		return "town"
	case !kinds[piecePostcode]:
		return "postcode"
	case !kinds[pieceTown]:
		return "townname"
	}
	return ""
}

// addressPieceGiven returns the new address's pieces kept so far with
// the one this message gives, when the delivery-address flow waits for
// the rest of it, or for a yes to it and the message adds a country:
// it goes to the flow whatever else it reads as (a postcode as an order
// number, "à Villeurbanne" as a goodbye, "Belgique" as where the shop
// delivers).
func (e *Engine) addressPieceGiven(t *turn) (string, bool) {
	tk := t.d.Task
	if tk == nil || tk.Intent != intents.DeliveryAddress || tk.Note == "" || t.input.payload != "" {
		return "", false
	}
	switch tk.Step {
	case stepText:
		if e.texts.addressIn(tk.Note) != "" && e.missingPieces(t.lang(), tk.Note) == "" {
			return "", false
		}
	case stepConfirm:
		if kind, _ := e.addressPiece(t.lang(), t.input.text); kind != pieceCountry {
			return "", false
		}
	default:
		return "", false
	}
	if joined, ok := e.joinPieces(t.lang(), tk.Note, t.input.text); ok {
		return joined, true
	}
	if tk.Step == stepText && len(strings.Fields(t.input.text)) <= 4 && britishPostcode.MatchString(strings.ToUpper(t.input.text)) {
		// "NW1 6XE" after "14 Baker Street": a piece of an address
		// abroad, which the flow says the shop does not deliver to (it
		// read as a goodbye; round 101b).
		return tk.Note + ", " + t.input.text, true
	}
	return "", false
}

// withDetail puts a detail (a flat, a floor) into an address after its
// street, before the postcode and town when it has them.
func (e *Engine) withDetail(address, detail string) string {
	if at := e.postcodeAt(address); at > 0 {
		head := strings.TrimRight(address[:at], " ,")
		return head + ", " + detail + ", " + address[at:]
	}
	return address + ", " + detail
}

// streetByName is a street named by its kind and name, without a number
// before it ("send it to Rue de Rivoli instead").
var streetByName = regexp.MustCompile(`\b(?i:rue|avenue|boulevard|place|allée|allee|chemin|impasse|quai|route|square|cours)\s+(?:(?:de la|de l'|du|des|de|d')\s*)?\p{Lu}[\pL'’-]*(?:\s+(?:de la|du|des|de|d'|\p{Lu}[\pL'’-]*))*`)

// numberBefore is a house number just before a street's name.
var numberBefore = regexp.MustCompile(`\b\d{1,4}(?:\s*(?:bis|ter))?\s*,?\s*$`)

// newStreetPutRight returns the address a message puts in place of the
// one summed up when it names another street: "could you send it to Rue
// de Rivoli instead? Number 40, same postcode... no wait, 75004" is 40
// Rue de Rivoli, 75004 and the old town (the old street was kept with the
// new number; round 78a). It reports whether the message names another
// street, and ok when it names a house number too; without one, the
// whole address is to be asked for.
func (e *Engine) newStreetPutRight(text, address string) (fixed string, named, ok bool) {
	streets := streetByName.FindAllString(text, -1)
	if len(streets) != 1 || strings.Contains(strings.ToLower(address), strings.ToLower(streets[0])) {
		// (Two streets, "c'est pas rue Victor Hugo c'est rue Victor
		// Basch", are the old and the new: put right as such.)
		return "", false, false
	}
	for _, r := range replacements {
		if m := r.re.FindStringSubmatch(text); m != nil {
			if old := strings.Trim(m[r.old], " ,;"); old != "" && strings.Contains(strings.ToLower(address), strings.ToLower(old)) {
				// « c'est cours Lafayette, pas Gambetta »: the old part
				// named, put in place by the replacements.
				return "", false, false
			}
		}
	}
	street := strings.TrimSpace(streets[0])
	if numberBefore.MatchString(text[:strings.Index(text, street)]) {
		// "and it's 14 rue de Bretagne actually": a street with its
		// number, which the other corrections put in place.
		return "", false, false
	}
	number := ""
	if m := houseNumberFix.FindStringSubmatch(text); m != nil {
		number = m[1]
	}
	if number == "" {
		return "", true, false
	}
	at := e.postcodeAt(address)
	if at < 0 {
		return "", true, false
	}
	town := address[at:]
	if pcs := postcodeInText.FindAllString(text, -1); len(pcs) > 0 {
		old := anyPostcode.FindString(town)
		town = pcs[len(pcs)-1] + town[len(old):]
	}
	return number + " " + street + ", " + town, true, true
}
