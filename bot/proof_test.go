package bot

import (
	"testing"
	"time"

	"supportbot/intents"
)

// Of two order numbers beside an e-mail address, the one not given with
// it is the order meant; none when neither or both are given with it.
func TestOtherThanProof(t *testing.T) {
	cfg := intents.EntityConfig{OrderPattern: `(?i)\b([a-z]{2,4})[- ]?([0-9]{4,10})\b`, OrderExample: "OP-100000"}
	for _, tt := range []struct{ text, want string }{
		{"hi henry.clarke@example.com OP-102601, please change the delivery address of OP-102603 to 5 Baker Street", "OP-102603"},
		{"please change the address of OP-102603, henry.clarke@example.com order OP-102601", ""},
		{"henry.clarke@example.com, commande n° OP-102601. Annulez la OP-102602 svp", "OP-102602"},
		{"henry.clarke@example.com OP-102601 OP-102603 change the address", ""},
		{"change OP-102603 for me please, henry.clarke@example.com and OP-102601 is mine too, the address is wrong", "OP-102603"},
		{"henry.clarke@example.com OP-102601", ""},
		{"OP-102601 then OP-102603", ""},
	} {
		entities, err := intents.Extract(tt.text, cfg, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := otherThanProof(tt.text, entities); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
	}
}
