package bot

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"supportbot/intents"
	"supportbot/storage"
)

// itemsNamed returns the items of the task's order that the message points
// at; none if it names none.
func (e *Engine) itemsNamed(t *turn) []storage.Item {
	if t.d.Task == nil || t.d.Task.Order == "" {
		return nil
	}
	o, ok := e.customerOrder(t, t.d.Task.Order)
	if !ok {
		return nil
	}
	return e.pickItems(t, o.Items)
}

// pickItems returns the items among candidates that the message points at:
// a pressed item button, "all" of them, or one named in words, typos and
// all ("la bage en or"). When this message names none, the one that
// started the flow may ("I want to return the earrings", before the
// proof of identity).
func (e *Engine) pickItems(t *turn, candidates []storage.Item) []storage.Item {
	if c := t.u.Clause; c != "" && t.input.payload == "" {
		// "I want to return the scarf and exchange the earrings for
		// silver ones": the exchange's own words name the earrings (it
		// exchanged the scarf, the first named); elsewhere when they
		// name none ("… ne correspond pas à la couleur. Je souhaiterais
		// donc le retourner").
		if items := e.pickItemsIn(t, c, c, candidates); len(items) > 0 {
			return items
		}
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.StartReturn && t.input.payload == "" {
		// "I ordered earrings and a scarf, received them. I want return
		// the scarf please but keep the earrings": the sentence that
		// sends back names what goes (both were summed up; round 119b,
		// a near miss).
		// (The last such sentence: "i'd like to return the earrings...
		// actually no keep them, I'll return the scarf instead".)
		if parts := sentences(t.input.text); len(parts) > 1 {
			for i := len(parts) - 1; i >= 0; i-- {
				p := parts[i]
				pn := intents.Normalize(p)
				// (Not one that refuses to: "I do NOT want to return the
				// earrings, I love them. The scarf arrived with a pulled
				// thread" began the earrings' return; round 131a.)
				if (e.namesReturnVerb(t.lang(), pn) || e.texts.Mentions(t.lang(), keywordSendBack, pn)) && !e.texts.Mentions(t.lang(), keywordNoReturn, pn) {
					if items := e.pickItemsIn(t, p, pn, candidates); len(items) > 0 {
						return items
					}
				}
			}
		}
	}
	if items := e.pickItemsIn(t, t.input.text, t.input.norm, candidates); len(items) > 0 {
		return items
	}
	if tk := t.d.Task; tk != nil && tk.Said != "" && tk.Said != t.input.text && t.input.payload == "" && tk.Step != stepItem {
		// (Not once the item was asked for: the request was read then.
		// "je voudrais retourner la gourmette gravée", refused, then
		// "passez-moi quelqu'un" at "which item?": the bracelet came
		// from the request again, was refused again, and the question
		// asked again, three times; round 69a.)
		if tk.Clause != "" && !e.texts.Mentions(t.lang(), keywordItemCorrection, intents.Normalize(tk.Said)) {
			// (Not when the message puts the item right after the
			// clause: "return the scarf... sorry I meant the earrings,
			// just one pair" returned the scarf; round 62a.)
			// The request's own clause, when the proof came after it:
			// "I want to return the scarf and exchange the earrings",
			// then the e-mail and order number, exchanged the scarf.
			if items := e.pickItemsIn(t, tk.Clause, tk.Clause, candidates); len(items) > 0 {
				return items
			}
			// Nor an item the other requests of the message name: "j'ai
			// reçu le mauvais article et je veux aussi retourner le
			// foulard" made the scarf the wrong item (round 65's test,
			// once the message read as a wrong item first).
			var others []string
			for _, p := range t.d.Paused {
				if p.Beside && p.Said != "" && strings.Contains(tk.Said, p.Said) {
					others = append(others, p.Said)
				}
			}
			return e.notNamedIn(t, e.pickItemsIn(t, tk.Said, intents.Normalize(tk.Said), candidates), others)
		}
		return e.pickItemsIn(t, tk.Said, intents.Normalize(tk.Said), candidates)
	}
	return nil
}

// notNamedIn returns the items that none of texts names: those of
// another request of the same message.
func (e *Engine) notNamedIn(t *turn, items []storage.Item, texts []string) []storage.Item {
	if len(texts) == 0 {
		return items
	}
	return slices.DeleteFunc(slices.Clone(items), func(it storage.Item) bool {
		return slices.ContainsFunc(texts, func(s string) bool {
			return len(e.pickItemsIn(t, s, intents.Normalize(s), []storage.Item{it})) > 0
		})
	})
}

// pickItemsIn is pickItems for one text.
func (e *Engine) pickItemsIn(t *turn, text, norm string, candidates []storage.Item) []storage.Item {
	if s, ok := strings.CutPrefix(t.input.payload, prefixItem); ok {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil
		}
		for _, it := range candidates {
			if it.ID == id {
				return []storage.Item{it}
			}
		}
		return nil
	}
	if text == "" || len(candidates) == 0 {
		return nil
	}
	if e.texts.IsKeyword(t.lang(), keywordAll, norm) || e.mentionsUnnegated(t.lang(), keywordAllItems, norm) && namedItems(text, candidates) == 0 {
		// (Not "not the whole order": "cancel one item, the velvet pouch,
		// not the whole order" took the order's one item for it, and its
		// cancellation was offered; round 117b, a near miss.)
		return candidates
	}
	if rest := afterBut(text); rest != "" && e.texts.Mentions(t.lang(), keywordItemFine, norm) {
		// "the earrings from OP-102602 are great, but the scarf I'd like
		// in blue": the items after "but", when it names some (the
		// earrings were exchanged).
		if items := e.pickItemsIn(t, rest, intents.Normalize(rest), candidates); len(items) > 0 {
			return items
		}
	}
	if clauses := clauseBreaks.Split(text, -1); len(clauses) > 1 && e.texts.Mentions(t.lang(), keywordItemFine, norm) {
		// « non pardon, le foulard est bon, ce sont les boucles qui sont
		// pas les bonnes »: the items of the clauses that do not say
		// theirs is fine (the scarf's case was filed; round 103b).
		var rest []string
		for _, c := range clauses {
			if !e.texts.Mentions(t.lang(), keywordItemFine, intents.Normalize(c)) {
				rest = append(rest, c)
			}
		}
		if len(rest) > 0 && len(rest) < len(clauses) {
			joined := strings.Join(rest, ", ")
			if items := e.pickItemsIn(t, joined, intents.Normalize(joined), candidates); len(items) > 0 {
				return items
			}
		}
	}
	if phrase, at, ok := e.texts.findAt(t.lang(), keywordItemCorrection, norm); ok && at > 0 {
		// "je voudrais retourner le foulard, ah non pardon je voulais
		// dire les boucles d'oreilles": the items after the correction,
		// when it names some (both were returned).
		after := strings.TrimSpace(norm[min(len(norm), at+len(phrase)):])
		// (Not what follows "not": "it's the earrings I meant, not the
		// scarf" means the earrings.)
		if items := e.pickItemsIn(t, after, after, candidates); len(items) > 0 && !e.texts.StartsWith(t.lang(), keywordNegation, after) {
			return items
		}
	}
	if clauses := clauseBreaks.Split(text, -1); e.texts.Mentions(t.lang(), keywordItemDropped, norm) ||
		len(clauses) > 1 && slices.ContainsFunc(clauses, func(c string) bool { return e.setsItemAside(t.lang(), c) }) {
		// "in gold, actually no forget the earrings, I want to return the
		// scarf", "je veux renvoyer les boucles, pas le foulard": the
		// items of the clauses that set none aside (it asked which item,
		// or took both; round 57b).
		var out []storage.Item
		for _, c := range clauses {
			cn := intents.Normalize(c)
			if cn == "" || e.texts.Mentions(t.lang(), keywordItemDropped, cn) || e.texts.Mentions(t.lang(), keywordKeepWords, cn) || e.setsItemAside(t.lang(), c) {
				continue
			}
			if i, _ := intents.MatchItem(c, itemNamesOf(candidates)); i >= 0 && !slices.ContainsFunc(out, func(it storage.Item) bool { return it.ID == candidates[i].ID }) {
				out = append(out, candidates[i])
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if items := e.itemsOfReturnSentences(t, text, candidates); len(items) > 0 {
		return items
	}
	kept, at, ok := e.texts.findAt(t.lang(), keywordKeepWords, norm)
	if dropped, dat, dok := e.texts.findAt(t.lang(), keywordItemDropped, norm); dok && (!ok || dat < at) {
		// "never mind the earrings, I want to return the scarf",
		// "laissez tomber les boucles, je veux retourner l'écharpe": the
		// items dropped first, like those kept (both were returned).
		kept, ok = dropped, true
	}
	if ok {
		// "return the scarf and keep the earrings": the items before
		// what is kept (both were returned).
		i := strings.Index(" "+norm, " "+kept)
		if lead := strings.TrimSpace(norm[:max(i-1, 0)]); i > 0 && namedItems(lead, candidates) == 0 && !e.namesReturnVerb(t.lang(), lead) &&
			!e.texts.Mentions(t.lang(), keywordAll, lead) {
			// "bonjour, je garde le foulard mais je renvoie les boucles
			// d'oreilles", "I'll keep the earrings but I'm sending back
			// the scarf": what comes before the kept items returns
			// nothing ("which item?" came, again and again; round 70b).
			// (Not "everything except the scarf": the others.)
			text, norm, i = norm[i-1:], norm[i-1:], 0
		}
		switch {
		case i > 0:
			whole := text
			text, norm = norm[:i-1], norm[:i-1]
			// Only the kept items' own clause, when what it returns is
			// named there: "I bought a pair of moon earrings and a silk
			// scarf…, so I would like to return the scarf and keep the
			// earrings" (both were returned; round 62b).
			for _, c := range clauseBreaks.Split(whole, -1) {
				cn := intents.Normalize(c)
				if j := strings.Index(" "+cn, " "+kept); j > 0 {
					if before := cn[:j-1]; namedItems(before, candidates) > 0 && e.namesReturnVerb(t.lang(), before) {
						text, norm = before, before
					}
					break
				}
			}
		case i == 0:
			// "je garde les boucles, mais l'écharpe je la renvoie", "je
			// garde les boucles, je renvoie que le foulard": what follows
			// the kept items.
			if parts := clauseBreaks.Split(text, -1); len(parts) > 1 {
				text = strings.Join(parts[1:], " ")
				norm = intents.Normalize(text)
				break
			}
			found, keepsAll := false, e.texts.IsKeyword(t.lang(), keywordKeepVerbs, kept)
			for _, sep := range []string{" mais ", " but ", " et ", " and "} {
				j := strings.Index(norm, sep)
				if j <= 0 {
					continue
				}
				rest := norm[j+len(sep):]
				if (sep == " et " || sep == " and ") && keepsAll && !e.namesReturnVerb(t.lang(), rest) {
					// "I'm keeping the other one and the scarf": the
					// scarf kept too, not sent back (it was added to the
					// return; round 71a). "je garde les boucles et je
					// renvoie le foulard" sends it back.
					continue
				}
				text, norm, found = rest, rest, true
				break
			}
			if !found && keepsAll && !e.namesReturnVerb(t.lang(), norm) {
				return nil // all kept: nothing named goes back
			}
		}
	}
	if it, ok := e.itemWithProblem(t.lang(), text, candidates); ok {
		return []storage.Item{it}
	}
	names := make([]string, len(candidates))
	for i, it := range candidates {
		names[i] = it.Name
	}
	namesProduct := func(part string) bool { return e.texts.Mentions(t.lang(), keywordProductKind, intents.Normalize(part)) }
	if listed := itemsListed(text, candidates, names, namesProduct); len(listed) > 1 {
		// (First: "je veux retourner les boucles d'oreilles et le
		// foulard" matched the earrings alone, and the scarf was
		// dropped.)
		return listed
	}
	if i, _ := intents.MatchItem(text, names); i >= 0 {
		return []storage.Item{candidates[i]}
	}
	return itemsListed(text, candidates, names, namesProduct)
}

// itemsOfReturnSentences returns the items named in the sentences that
// ask for a return or an exchange, when another sentence keeps an item
// without asking for any: "…so I'd like to return it. The moon earrings
// are lovely and I'm keeping them" (the earrings were returned: the items
// before "keeping" are taken as those sent back; round 62b).
func (e *Engine) itemsOfReturnSentences(t *turn, text string, candidates []storage.Item) []storage.Item {
	lang := t.lang()
	parts := sentences(text)
	if len(parts) < 2 {
		return nil
	}
	var returned []string
	keeps := false
	for _, s := range parts {
		norm := intents.Normalize(s)
		switch {
		case e.namesReturnVerb(lang, norm):
			returned = append(returned, s)
		case e.texts.Mentions(lang, keywordKeepWords, norm) || e.texts.Mentions(lang, keywordRetractReturn, norm) || e.texts.Mentions(lang, keywordGivenAway, norm):
			// (An item given away, in a story: "my sister fell in love
			// with the silk scarf, so I've given it to her… The earrings
			// though, I'd like to return those" returned the scarf;
			// round 100a.)
			keeps = keeps || namedItems(s, candidates) > 0
		}
	}
	if !keeps || len(returned) == 0 {
		return nil
	}
	joined := strings.Join(returned, ". ")
	if namedItems(joined, candidates) == 0 {
		return nil
	}
	return e.pickItemsIn(t, joined, intents.Normalize(joined), candidates)
}

// namesReturnVerb reports whether a normalised text asks to send
// something back or to exchange it.
func (e *Engine) namesReturnVerb(lang, norm string) bool {
	return e.texts.Mentions(lang, keywordObjectReturn, norm) || e.texts.Mentions(lang, keywordExchangeVerb, norm)
}

// itemSeparators turn the words that join a list of items (the words that
// join requests, "&" and "+") into commas.
var itemSeparators = func() *strings.Replacer {
	pairs := []string{" & ", ",", " + ", ",", " ainsi qu'", ",", " ainsi que ", ",", " as well as ", ",", " along with ", ","}
	for _, sep := range requestSeparators {
		pairs = append(pairs, sep, ",")
	}
	return strings.NewReplacer(pairs...)
}()

// itemsListed returns the items a message lists one by one ("the scarf
// and one of the earrings", "la bague, le collier"): each part names one
// item of its own. Nil unless every part does and they are different,
// leaving out the parts before the list that name no product at all
// ("hi", an e-mail address, an order number).
func itemsListed(text string, candidates []storage.Item, names []string, namesProduct func(string) bool) []storage.Item {
	parts := strings.FieldsFunc(itemSeparators.Replace(strings.ToLower(text)), func(r rune) bool { return r == ',' || r == ';' })
	if len(parts) < 2 {
		return nil
	}
	var out []storage.Item
	seen := map[int]bool{}
	skipped := false
	for _, p := range parts {
		i, _ := intents.MatchItem(p, names)
		if i < 0 && len(out) == 0 && !namesProduct(p) {
			// A part before the list that names no product ("hi, I want
			// to return the scarf and the earrings", "amelia@…, order
			// OP-101001, …"): not the list yet (it asked which item).
			skipped = true
			continue
		}
		if skipped && len(out) > 0 && len(sentences(p)) > 1 {
			// After those, a list goes on in its sentence: "…, the
			// parcel came but there was only one pair of earrings, I
			// paid for two. The scarf was there." lists nothing (the
			// scarf was added to the missing pair; round 72a).
			return nil
		}
		if i < 0 && len(out) > 0 {
			// A part after the list that names none ("the earrings and
			// the scarf, they don't suit me") ends it (it asked which
			// item, again and again).
			break
		}
		if i < 0 || seen[i] {
			return nil
		}
		seen[i] = true
		out = append(out, candidates[i])
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// itemButtons offers items to choose from.
func itemButtons(items []storage.Item) []Button {
	bs := make([]Button, 0, len(items))
	for _, it := range items {
		bs = append(bs, Button{Label: it.Name, Payload: prefixItem + strconv.FormatInt(it.ID, 10)})
	}
	return bs
}

// itemNames lists item names for a message: "la bague, le collier".
func itemNames(items []storage.Item) string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Name
	}
	return strings.Join(names, ", ")
}

// otherOrderNamed returns the customer's other order, among likely ones,
// one of whose items the message names when the current order has no item
// of that name ("the scarf" of an earlier order while returning from the
// last one).
func (e *Engine) otherOrderNamed(t *turn, current storage.Order, likely orderFilter) (storage.Order, bool) {
	if t.input.payload != "" {
		return storage.Order{}, false
	}
	if len(t.d.Listed) > 1 && slices.Contains(t.d.Listed, current.Number) {
		if _, ok := intents.Ordinal(t.input.text, len(t.d.Listed)); ok {
			// "can I return the second one?" after the list of orders:
			// the second order, not the second item of another (the
			// scarf of the third order was returned).
			return storage.Order{}, false
		}
	}
	text := t.input.text
	if tk := t.d.Task; tk != nil && tk.Said != "" && tk.Said != text && e.detailsOnly(text, Understanding{Lang: t.lang(), Entities: t.input.entities}) {
		// The details just given, for the request made before them ("I
		// received the wrong earrings"): the request names the item, and
		// the order number there is proof of identity, naming no order.
		// Its own clause when it asked for others too (« annuler ma
		// commande OP-101402, et renvoyer la bague »: the ring's order
		// was offered for cancelling; round 123b).
		text = cmp.Or(tk.Clause, tk.Said)
	}
	if norm := intents.Normalize(text); e.texts.Mentions(t.lang(), keywordItemNoise, norm) {
		// "I want to change the address or else cancel": "or" is no gold
		// (the gold ring's order was taken; round 64a).
		text = e.without(t.lang(), keywordItemNoise, norm)
	}
	if norm := intents.Normalize(text); norm != "" {
		if phrase, at, ok := e.texts.findAt(t.lang(), keywordItemCorrection, norm); ok && at > 0 {
			// "I want to cancel my clutch order... no wait, the ring
			// one": the order put right (the clutch's was offered, and
			// cancelled).
			text = norm[at+len(phrase):]
		}
	}
	// (An order the message names, without the item named, is no reason
	// to stay: "je voudrais retourner la barrette. <e-mail> OP-102403"
	// offered the barrette's order instead of moving to it.)
	if o, ok := e.orderOfItemAsked(t, text, current); ok {
		return o, true
	}
	if text == "" || len(e.pickItemsIn(t, text, intents.Normalize(text), current.Items)) > 0 {
		return storage.Order{}, false
	}
	for _, it := range current.Items {
		if i, _ := intents.MatchItem(text, []string{it.Name}); i >= 0 {
			// "annuler juste le foulard pas la barrette": both items
			// are this order's, one set aside (two named, none was
			// picked, and an older order with a scarf was taken in its
			// place; round 69a).
			return storage.Order{}, false
		}
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return storage.Order{}, false
	}
	var names []string
	var owner []storage.Order
	for _, o := range filterOrders(orders, likely) {
		if o.ID == current.ID {
			continue
		}
		for _, it := range o.Items {
			names, owner = append(names, it.Name), append(owner, o)
		}
	}
	if i, _ := intents.MatchItem(text, names); i >= 0 {
		return owner[i], true
	}
	// Two items of one order named ("the order with the earrings and
	// scarf"): no one item stands out, but one order holds them.
	var holder []storage.Order
	norm := intents.Normalize(text)
	for _, o := range filterOrders(orders, likely) {
		if o.ID != current.ID && len(e.pickItemsIn(t, text, norm, o.Items)) > 1 {
			holder = append(holder, o)
		}
	}
	if len(holder) == 1 {
		return holder[0], true
	}
	return storage.Order{}, false
}

// orderOfItemAsked returns, of the orders a message names when it names
// several, the one whose item its last clause naming one asks about:
// "j'ai deux commandes : la OP-101402 avec le pendentif que j'attends
// encore, et la OP-101401 où la bague est trop petite. Je voudrais
// renvoyer la bague" is about the second (the first, named first, was
// taken, and its pendant can't go back).
func (e *Engine) orderOfItemAsked(t *turn, text string, current storage.Order) (storage.Order, bool) {
	var numbers []string
	for _, en := range e.entitiesOf(text, t.lang()) {
		if en.Type == intents.EntityOrderNumber {
			numbers = append(numbers, en.Value)
		}
	}
	if len(numbers) < 2 {
		return storage.Order{}, false
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return storage.Order{}, false
	}
	var named []storage.Order
	for _, n := range numbers {
		if o, ok := findOrder(orders, n); ok {
			named = append(named, o)
		}
	}
	clauses := clauseBreaks.Split(text, -1)
	for i := len(clauses) - 1; i >= 0; i-- {
		// The surest match wins: "les boucles d'oreilles de ma dernière
		// commande" names the earrings (1) of one order, and reads as
		// "the last one" (0.9) of any.
		var owners []storage.Order
		best := 0.0
		for _, o := range named {
			names := make([]string, len(o.Items))
			for j, it := range o.Items {
				names[j] = it.Name
			}
			switch k, score := intents.MatchItem(clauses[i], names); {
			case k < 0 || score < best:
			case score > best:
				owners, best = []storage.Order{o}, score
			default:
				owners = append(owners, o)
			}
		}
		if len(owners) > 0 {
			if len(owners) == 1 && owners[0].ID != current.ID {
				return owners[0], true
			}
			return storage.Order{}, false
		}
	}
	return storage.Order{}, false
}

// namesOtherOrderItem reports whether the message names an item of another
// of the customer's orders than the task's.
func (e *Engine) namesOtherOrderItem(t *turn) bool {
	orders, err := e.customerOrders(t)
	if err != nil || t.d.Task == nil {
		return false
	}
	current, ok := findOrder(orders, t.d.Task.Order)
	if !ok {
		return false
	}
	_, ok = e.otherOrderNamed(t, current, nil)
	return ok
}

// quantityWords are how customers say a small number of items.
var quantityWords = map[string]int{
	"un": 1, "une": 1, "seul": 1, "seule": 1, "one": 1, "single": 1, "just": 0,
	"deux": 2, "two": 2, "both": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5, "five": 5,
	// "a pair" of earrings counted in pairs: one (it was not understood;
	// "two pairs", "both pairs" say their number first).
	"pair": 1, "paire": 1,
}

// quantityIn reads how many items a short answer gives ("un seul", "2",
// "two of them"); 0 if none.
func quantityIn(norm string) int {
	if said := quantitiesIn(norm); len(said) > 0 {
		return said[0]
	}
	return 0
}

// quantitiesIn returns the numbers of items a short answer says, in order,
// a number said again in a row once ("une seule" is one): "2 pairs... no
// sorry, just 1" says 2 then 1. None in a longer message.
func quantitiesIn(norm string) []int {
	words := strings.Fields(norm)
	if len(words) > maxKeywordWords {
		return nil
	}
	var said []int
	for _, w := range words {
		n, err := strconv.Atoi(w)
		if err != nil || n <= 0 || n >= 100 {
			n = quantityWords[w]
		}
		if n > 0 && (len(said) == 0 || said[len(said)-1] != n) {
			said = append(said, n)
		}
	}
	return said
}

// itemNamesOf returns the names of items.
func itemNamesOf(items []storage.Item) []string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Name
	}
	return names
}

// itemWithProblem returns, of several items a text names, the one item
// its clauses say something is wrong with: "J'ai bien reçu les boucles
// d'oreilles ainsi que le foulard, toutefois le foulard présente une
// tache… Je souhaiterais donc vous le retourner" (the earrings, named
// first, were returned; round 91a).
func (e *Engine) itemWithProblem(lang, text string, candidates []storage.Item) (storage.Item, bool) {
	if namedItems(text, candidates) < 2 {
		return storage.Item{}, false
	}
	names := itemNamesOf(candidates)
	var found []int
	for _, c := range clauseBreaks.Split(text, -1) {
		if !e.saysDefect(lang, intents.Normalize(c)) {
			continue
		}
		if i, _ := intents.MatchItem(c, names); i >= 0 && !slices.Contains(found, i) {
			found = append(found, i)
		}
	}
	if len(found) != 1 {
		return storage.Item{}, false
	}
	return candidates[found[0]], true
}
