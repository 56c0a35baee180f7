package discord

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
)

// buttonsN makes n distinct buttons.
func buttonsN(n int) []bot.Button {
	var out []bot.Button
	for i := range n {
		out = append(out, bot.Button{Label: fmt.Sprintf("Choice %d", i), Payload: fmt.Sprintf("/item:%d", i)})
	}
	return out
}

// layout is the number of buttons in each row.
func layout(rows []discordgo.MessageComponent) []int {
	var out []int
	for _, r := range rows {
		out = append(out, len(r.(discordgo.ActionsRow).Components))
	}
	return out
}

func TestComponents(t *testing.T) {
	tests := []struct {
		name        string
		buttons     []bot.Button
		wantLayout  []int
		wantDropped int
	}{
		{name: "none", buttons: nil},
		{name: "three in a row", buttons: buttonsN(3), wantLayout: []int{3}},
		{name: "five in a row", buttons: buttonsN(5), wantLayout: []int{5}},
		{name: "six spread over two rows", buttons: buttonsN(6), wantLayout: []int{3, 3}},
		{name: "eleven", buttons: buttonsN(11), wantLayout: []int{4, 4, 3}},
		{name: "thirty, five rows of five", buttons: buttonsN(30), wantLayout: []int{5, 5, 5, 5, 5}, wantDropped: 5},
		{name: "refused ones left out", buttons: []bot.Button{
			{Label: "ok", Payload: "/yes"},
			{Label: "", Payload: "/no"},
			{Label: "no payload"},
			{Label: "twice", Payload: "/yes"},
			{Label: "long payload", Payload: "/" + strings.Repeat("x", 100)},
		}, wantLayout: []int{1}, wantDropped: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, dropped := components(tt.buttons)
			if got := layout(rows); fmt.Sprint(got) != fmt.Sprint(tt.wantLayout) || dropped != tt.wantDropped {
				t.Errorf("components = rows %v, %d dropped; want %v, %d", got, dropped, tt.wantLayout, tt.wantDropped)
			}
		})
	}
}

func TestComponentsKeepPayloadsAndLabels(t *testing.T) {
	long := strings.Repeat("é", 100)
	rows, _ := components([]bot.Button{{Label: long, Payload: "/item:7"}})
	b := rows[0].(discordgo.ActionsRow).Components[0].(discordgo.Button)
	if b.CustomID != "/item:7" || b.Style != discordgo.PrimaryButton {
		t.Errorf("button = %+v, want custom_id /item:7, primary", b)
	}
	if got := []rune(b.Label); len(got) != maxLabelRunes || got[len(got)-1] != '…' {
		t.Errorf("label %q is %d characters, want %d ending with …", b.Label, len(got), maxLabelRunes)
	}
}
