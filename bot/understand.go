package bot

import "supportbot/intents"

// Understanding is what the engine makes of a message before acting on it:
// the classifier's intent, refined by the FAQ retrieval.
type Understanding struct {
	Intent     string
	Confidence float64
	Lang       string
	FAQID      string // set when Intent is intents.FAQ
	Entities   []intents.Entity
	Ranking    []intents.Ranked
}
