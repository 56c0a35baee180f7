package storage

import "testing"

func TestImportStatsString(t *testing.T) {
	tests := []struct {
		name  string
		stats ImportStats
		want  string
	}{
		{"mixed", ImportStats{CustomersNew: 2, CustomersUpdated: 1, OrdersNew: 4, OrdersUpdated: 1, AdjustmentsNew: 2},
			"imported 3 customers (2 new, 1 updated), 5 orders (4 new, 1 updated), 2 points adjustments (2 new)"},
		{"re-import", ImportStats{CustomersUnchanged: 1, OrdersUnchanged: 1, AdjustmentsPresent: 1},
			"imported 1 customer (1 unchanged), 1 order (1 unchanged), 1 points adjustment (1 already present)"},
		{"created from orders", ImportStats{CustomersFromOrders: 2, OrdersNew: 2},
			"imported 2 customers (2 created from orders), 2 orders (2 new), 0 points adjustments"},
		{"empty", ImportStats{}, "imported 0 customers, 0 orders, 0 points adjustments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.stats.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
