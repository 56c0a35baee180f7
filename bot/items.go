package bot

import (
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
	orders, err := e.customerOrders(t)
	if err != nil {
		return nil
	}
	o, ok := findOrder(orders, t.d.Task.Order)
	if !ok {
		return nil
	}
	return e.pickItems(t, o.Items)
}

// pickItems returns the items among candidates that the message points at:
// a pressed item button, "all" of them, or one named in words, typos and
// all ("la bage en or").
func (e *Engine) pickItems(t *turn, candidates []storage.Item) []storage.Item {
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
	if t.input.text == "" || len(candidates) == 0 {
		return nil
	}
	if e.texts.IsKeyword(t.lang(), keywordAll, t.input.norm) {
		return candidates
	}
	names := make([]string, len(candidates))
	for i, it := range candidates {
		names[i] = it.Name
	}
	if i, _ := intents.MatchItem(t.input.text, names); i >= 0 {
		return []storage.Item{candidates[i]}
	}
	return nil
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
