package discord

import (
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
)

// Discord's limits on buttons (message components).
const (
	maxRows          = 5
	maxButtonsPerRow = 5
	maxCustomIDBytes = 100 // custom_id: 100 characters; bytes are stricter
	maxLabelRunes    = 80
)

// components lays buttons out as action rows: as many rows as needed, the
// buttons spread evenly over them (6 buttons make two rows of 3, not 5 and
// 1). A button Discord would refuse — no label, a payload over 100 bytes
// or already used in the message — is left out, as are buttons beyond the
// 25 a message can hold; dropped reports how many.
func components(buttons []bot.Button) (rows []discordgo.MessageComponent, dropped int) {
	var ok []discordgo.Button
	seen := map[string]bool{}
	for _, bt := range buttons {
		if bt.Label == "" || bt.Payload == "" || len(bt.Payload) > maxCustomIDBytes ||
			!utf8.ValidString(bt.Payload) || seen[bt.Payload] || len(ok) == maxRows*maxButtonsPerRow {
			dropped++
			continue
		}
		seen[bt.Payload] = true
		ok = append(ok, discordgo.Button{
			Label: label(bt.Label), Style: discordgo.PrimaryButton, CustomID: bt.Payload,
		})
	}
	if len(ok) == 0 {
		return nil, dropped
	}
	nrows := (len(ok) + maxButtonsPerRow - 1) / maxButtonsPerRow
	per := (len(ok) + nrows - 1) / nrows
	for start := 0; start < len(ok); start += per {
		row := discordgo.ActionsRow{}
		for _, bt := range ok[start:min(start+per, len(ok))] {
			row.Components = append(row.Components, bt)
		}
		rows = append(rows, row)
	}
	return rows, dropped
}

// label shortens a button's label to what Discord takes.
func label(s string) string {
	if utf8.RuneCountInString(s) <= maxLabelRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxLabelRunes-1]) + "…"
}
