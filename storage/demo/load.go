package demo

import (
	"context"
	"fmt"
	"time"

	"supportbot/storage"
)

// Store is what loading the demo needs from the account store, whichever
// backend holds it.
type Store interface {
	storage.Importer
	CountOrders(ctx context.Context) (int, error)
}

// Load imports the demo shop, dated from now, into a store that holds no
// orders, and returns what the import did. A store that already holds
// orders is left alone: held says how many, and nothing is imported.
func Load(ctx context.Context, s Store, now time.Time) (stats storage.ImportStats, held int, err error) {
	held, err = s.CountOrders(ctx)
	if err != nil {
		return stats, 0, fmt.Errorf("load demo: %w", err)
	}
	if held > 0 {
		return stats, held, nil
	}
	if stats, err = s.Import(ctx, Shop(now)); err != nil {
		return stats, 0, fmt.Errorf("load demo: %w", err)
	}
	return stats, 0, nil
}
