package storetest

import (
	"context"
	"testing"
)

func (s *suite) accountTests() []test {
	return []test{
		{"UnknownCustomerHasNone", s.accountUnknownCustomer},
	}
}

// Refunds and vouchers of a customer without any (or of no customer) are
// empty lists, not errors; their order is checked with the import of the
// account area (Import/Account).
func (s *suite) accountUnknownCustomer(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	for _, id := range []int64{mustCustomer(t, db, "lea.roux@example.fr").ID, 9999} {
		if rs, err := db.RefundsByCustomer(ctx, id); err != nil || len(rs) != 0 {
			t.Errorf("RefundsByCustomer(%d) = %v, %v; want none", id, rs, err)
		}
		if vs, err := db.VouchersByCustomer(ctx, id); err != nil || len(vs) != 0 {
			t.Errorf("VouchersByCustomer(%d) = %v, %v; want none", id, vs, err)
		}
		if rs, err := db.ReturnsByCustomer(ctx, id); err != nil || len(rs) != 0 {
			t.Errorf("ReturnsByCustomer(%d) = %v, %v; want none", id, rs, err)
		}
	}
}
