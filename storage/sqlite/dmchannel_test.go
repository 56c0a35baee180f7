package sqlite

import (
	"context"
	"testing"
	"time"
)

// The DM channels a customer wrote in are kept with the last time seen,
// listed most recent first, per platform, and pruned when old.
func TestDMChannels(t *testing.T) {
	ctx := context.Background()
	db := mustSeed(t)
	for _, s := range []struct {
		channel, id string
		at          time.Time
	}{
		{"discord", "100", testNow.Add(-10 * 24 * time.Hour)},
		{"discord", "200", testNow.Add(-time.Hour)},
		{"discord", "300", testNow.Add(-2 * time.Hour)},
		{"other", "400", testNow},
		{"discord", "300", testNow.Add(-3 * time.Hour)}, // older: kept at -2h
		{"discord", "100", testNow.Add(-time.Minute)},   // newer: moved up
	} {
		if err := db.SeenDMChannel(ctx, s.channel, s.id, s.at); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.DMChannels(ctx, "discord", testNow.Add(-7*24*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmpDiff([]string{"100", "200", "300"}, got); diff != "" {
		t.Errorf("DMChannels differs (-want +got):\n%s", diff)
	}
	if n, err := db.PruneDMChannels(ctx, testNow.Add(-90*time.Minute)); err != nil || n != 1 {
		t.Errorf("PruneDMChannels = %d, %v; want the channel seen 2 hours ago", n, err)
	}
}
