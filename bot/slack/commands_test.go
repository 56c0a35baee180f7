package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"supportbot/bot/slack/slackfake"
)

// commandAnswer is the JSON a slash command is answered with.
type commandAnswer struct {
	ResponseType string `json:"response_type"`
	Text         string `json:"text"`
}

func (r *rig) command(name, text string) commandAnswer {
	r.tb.Helper()
	before := len(r.slack.Messages(""))
	code, body := r.do(r.signer.CommandRequest(r.url("/slack/commands"),
		slackfake.Command{Command: name, Text: text, User: agentID, UserName: "alice", Channel: testChannel}))
	if code != 200 {
		r.tb.Fatalf("%s %s: got status %d, want 200 (%s)", name, text, code, body)
	}
	var a commandAnswer
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		r.tb.Fatalf("%s %s: answer %q: %v", name, text, body, err)
	}
	if n := len(r.slack.Messages("")); n != before {
		r.tb.Errorf("%s %s posted %d messages in Slack, want none: answers are ephemeral", name, text, n-before)
	}
	return a
}

func TestSlashCommands(t *testing.T) {
	r := newRig(t)
	tests := []struct {
		name, command, text string
		want                []string
		notWant             []string
	}{
		{"order found", "/order", "OP-100101", []string{"*Commande OP-100101* · livrée", "Camille Durand", "camille.durand@example.fr", "Colissimo", "Livrée le"}, nil},
		{"order found, loosely written", "/order", "  op 100101 ", []string{"*Commande OP-100101*"}, nil},
		{"order in transit, late", "/order", "OP-100801", []string{"En retard"}, nil},
		{"order not found", "/order", "OP-999999", []string{"Aucune commande", "OP-999999"}, nil},
		{"order missing", "/order", "", []string{"Indiquez un numéro de commande"}, nil},
		{"order with markup", "/order", "A&B<C", []string{"A&amp;B&lt;C"}, []string{"B<C"}},
		{"customer found", "/customer", "camille.durand@example.fr", []string{"*Camille Durand*", "OPL-1001-01", "Points : 140 disponibles", "OP-100101"}, nil},
		{"customer as Slack sends a linked e-mail", "/customer", "<mailto:camille.durand@example.fr|camille.durand@example.fr>", []string{"*Camille Durand*"}, nil},
		{"customer not found", "/customer", "nobody@example.com", []string{"Aucun client", "nobody@example.com"}, nil},
		{"customer bad e-mail", "/customer", "camille", []string{"Indiquez une adresse e-mail", "/customer"}, nil},
		{"customer missing", "/customer", "", []string{"Indiquez une adresse e-mail"}, nil},
		{"points found", "/points", "camille.durand@example.fr", []string{"140 points disponibles", "Prochain palier : 150 points", "encore 10"}, nil},
		{"points pending", "/points", "ines.moreau@example.fr", []string{"207 points disponibles", "63 points en attente"}, nil},
		{"points not found", "/points", "nobody@example.com", []string{"Aucun client"}, nil},
		{"points bad argument", "/points", "a b@c", []string{"Indiquez une adresse e-mail", "/points"}, nil},
		{"no open hand-offs", "/handoffs", "", []string{"Aucune demande ouverte"}, nil},
		{"order with its return and refund", "/order", "OP-102201", []string{"Retour RA-7K2M9Q4B · remboursé", "Remboursement 79,00 € · carte bancaire", "retour RA-7K2M9Q4B"}, nil},
		{"order with its case", "/order", "OP-102503", []string{"Dossier TK-7D2E5M1A · enquête transporteur · en cours", "Colissimo a retrouvé"}, nil},
		{"customer with returns, refunds and vouchers", "/customer", "margaux.chevalier@example.fr", []string{"Retour RA-7K2M9Q4B", "Remboursement 79,00 €", "Bon MERCI15 · 15 % · geste commercial", "Bon FIDELITE10"}, []string{"PRINTEMPS5", "BIENVENUE10"}},
		{"customer with cases", "/customer", "henry.clarke@example.com", []string{"Dossier TK-9N5R2W7C · mauvais article · ouvert", "Dossier TK-3H8K4P6B · colis livré non reçu · résolu", "UPS depot"}, nil},
		{"refunds waiting past the delay", "/refunds", "", []string{"1 remboursement attend plus de 14 jours", "Commande annulée OP-102504 · elise.marchand@example.fr · 39,00 €"}, []string{"RA-3X8P5N2D"}},
		{"unknown command", "/weather", "", []string{"/order", "/customer", "/points", "/handoffs", "/refunds"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := r.command(tt.command, tt.text)
			if a.ResponseType != "ephemeral" {
				t.Errorf("response_type: got %q, want ephemeral", a.ResponseType)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("answer lacks %q:\n%s", w, a.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(a.Text, w) {
					t.Errorf("answer has %q:\n%s", w, a.Text)
				}
			}
		})
	}
}

func TestHandoffsCommandListsTheQueue(t *testing.T) {
	r := newRig(t)
	r.handOff("telegram:1")
	r.say("telegram:2", "Où est ma commande OP-100101 ? mon email est camille.durand@example.fr")
	second := r.handOff("telegram:2")
	r.press(second, agentID, ActionTake)
	r.waitSent(1)
	// The thread's note comes after the customer is told: wait for it, or
	// it lands while the command runs and looks like a public answer.
	if !r.slack.Wait(5*time.Second, func() bool { return len(r.slack.Thread(testChannel, second.TS)) > 0 }) {
		t.Fatal("no note in the thread after Take")
	}

	a := r.command("/handoffs", "")
	lines := strings.Split(a.Text, "\n")
	if len(lines) != 3 {
		t.Fatalf("answer: got %d lines, want a title and 2 hand-offs:\n%s", len(lines), a.Text)
	}
	if !strings.Contains(lines[0], "2 demandes ouvertes") {
		t.Errorf("title: %q", lines[0])
	}
	// Oldest first: the unverified customer, nobody on it; then Camille,
	// with Alice.
	for i, want := range [][]string{{"non vérifié", "personne ne l'a prise", "Telegram", "min d'attente"}, {"Camille Durand", "avec Alice Martin"}} {
		for _, w := range want {
			if !strings.Contains(lines[i+1], w) {
				t.Errorf("line %d lacks %q: %q", i+1, w, lines[i+1])
			}
		}
	}
}

func TestWaitingTimes(t *testing.T) {
	r := newRig(t)
	tests := []struct {
		wait time.Duration
		want string
	}{
		{0, "0 min"},
		{-time.Minute, "0 min"},
		{59 * time.Minute, "59 min"},
		{61 * time.Minute, "1 h 01 min"},
		{49*time.Hour + 5*time.Minute, "2 j 1 h"},
	}
	for _, tt := range tests {
		if got := r.desk.waited(tt.wait); got != tt.want {
			t.Errorf("waited(%v): got %q, want %q", tt.wait, got, tt.want)
		}
	}
}

// TestRequestsCommand: an exchange asked of the bot is listed by
// /requests with what the customer wants, until it is done.
func TestRequestsCommand(t *testing.T) {
	r := newRig(t)
	if got := r.command("/requests", "").Text; !strings.Contains(got, "Aucune demande") {
		t.Errorf("/requests before any request: %q", got)
	}
	r.say(customerTG, "je voudrais échanger ma bague, elise.marchand@example.fr OP-102502")
	r.say(customerTG, "taille 56")
	resp := r.say(customerTG, "oui") // the summary's confirmation
	var said []string
	for _, rep := range resp.Replies {
		said = append(said, rep.Text)
	}
	if !strings.Contains(strings.Join(said, "\n"), "demande d'échange TK-") {
		t.Fatalf("no exchange request made: %v", said)
	}
	got := r.command("/requests", "").Text
	for _, want := range []string{"1 demande attend l'équipe", "échange · elise.marchand@example.fr · commande OP-102502", "wanted: taille 56"} {
		if !strings.Contains(got, want) {
			t.Errorf("/requests lacks %q:\n%s", want, got)
		}
	}
}
