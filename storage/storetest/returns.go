package storetest

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"

	"supportbot/storage"
)

var raPattern = regexp.MustCompile(`^RA-[A-Z0-9]{8}$`)

func (s *suite) createReturn(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	o := mustOrder(t, db, "CL-482913")
	r, err := db.CreateReturn(ctx, storage.Return{OrderID: o.ID, Reason: "too big",
		Items: []storage.ReturnItem{{ItemID: o.Items[1].ID, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if !raPattern.MatchString(r.RANumber) || r.ID == 0 || r.Status != storage.ReturnOpen ||
		r.CustomerID != o.CustomerID || !r.CreatedAt.Equal(Now) {
		t.Errorf("CreateReturn = %+v, want an RA number, open, customer %d, created now", r, o.CustomerID)
	}
	list, err := db.ReturnsByCustomer(ctx, o.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmpDiff([]storage.Return{r}, list); diff != "" {
		t.Errorf("ReturnsByCustomer differs (-want +got):\n%s", diff)
	}
}

func (s *suite) createReturnRefusals(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	o := mustOrder(t, db, "CL-482913")
	other := mustOrder(t, db, "CL-482931")
	ring, earrings := o.Items[0].ID, o.Items[1].ID
	if _, err := db.CreateReturn(ctx, storage.Return{OrderID: o.ID,
		Items: []storage.ReturnItem{{ItemID: earrings, Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		r       storage.Return
		wantErr error
	}{
		{"more than bought", storage.Return{OrderID: o.ID, Items: []storage.ReturnItem{{ItemID: ring, Quantity: 2}}}, storage.ErrConflict},
		{"more than remain", storage.Return{OrderID: o.ID, Items: []storage.ReturnItem{{ItemID: earrings, Quantity: 2}}}, storage.ErrConflict},
		{"item of another order", storage.Return{OrderID: o.ID, Items: []storage.ReturnItem{{ItemID: other.Items[0].ID, Quantity: 1}}}, storage.ErrNotFound},
		{"unknown order", storage.Return{OrderID: 9999, Items: []storage.ReturnItem{{ItemID: ring, Quantity: 1}}}, storage.ErrNotFound},
		{"another customer's order", storage.Return{OrderID: o.ID, CustomerID: other.CustomerID, Items: []storage.ReturnItem{{ItemID: ring, Quantity: 1}}}, storage.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := db.CreateReturn(ctx, tt.r); !errors.Is(err, tt.wantErr) {
				t.Errorf("CreateReturn = %v, want %v", err, tt.wantErr)
			}
		})
	}
	for _, items := range [][]storage.ReturnItem{nil, {{ItemID: ring, Quantity: 0}}, {{ItemID: ring, Quantity: 1}, {ItemID: ring, Quantity: 1}}} {
		if _, err := db.CreateReturn(ctx, storage.Return{OrderID: o.ID, Items: items}); err == nil {
			t.Errorf("CreateReturn(%v) succeeded, want an error", items)
		}
	}
	if rs, err := db.ReturnsByCustomer(ctx, o.CustomerID); err != nil || len(rs) != 1 {
		t.Errorf("%d returns, %v; want 1: refused returns must write nothing", len(rs), err)
	}
}

func (s *suite) cancelledReturnFreesUnits(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	r := MustReturnEarrings(t, db)
	o := mustOrder(t, db, "CL-482913")
	again := storage.Return{OrderID: o.ID, Items: []storage.ReturnItem{{ItemID: o.Items[1].ID, Quantity: 2}}}
	if _, err := db.CreateReturn(ctx, again); !errors.Is(err, storage.ErrConflict) {
		t.Fatalf("second return of the same units = %v, want ErrConflict", err)
	}
	if err := db.SetReturnStatus(ctx, r.ID, storage.ReturnCancelled); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateReturn(ctx, again); err != nil {
		t.Errorf("return after the first was cancelled = %v, want success", err)
	}
	if err := db.SetReturnStatus(ctx, r.ID, storage.ReturnOpen); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("reopening a cancelled return = %v, want ErrConflict", err)
	}
	if err := db.SetReturnStatus(ctx, 9999, storage.ReturnReceived); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetReturnStatus(unknown) = %v, want ErrNotFound", err)
	}
}

// withdrawReturn cancels an open return, once; a received one stays, and
// an unknown one is not found.
func (s *suite) withdrawReturn(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	r := MustReturnEarrings(t, db)
	if err := db.WithdrawReturn(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.WithdrawReturn(ctx, r.ID); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("withdrawing a cancelled return = %v, want ErrConflict", err)
	}
	o := mustOrder(t, db, "CL-482913")
	again, err := db.CreateReturn(ctx, storage.Return{OrderID: o.ID, Items: []storage.ReturnItem{{ItemID: o.Items[1].ID, Quantity: 2}}})
	if err != nil {
		t.Fatalf("return after the first was withdrawn = %v, want success", err)
	}
	if err := db.SetReturnStatus(ctx, again.ID, storage.ReturnReceived); err != nil {
		t.Fatal(err)
	}
	if err := db.WithdrawReturn(ctx, again.ID); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("withdrawing a received return = %v, want ErrConflict", err)
	}
	rs, err := db.ReturnsByCustomer(ctx, o.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range rs {
		if x.ID == again.ID && x.Status != storage.ReturnReceived {
			t.Errorf("received return now %q", x.Status)
		}
	}
	if err := db.WithdrawReturn(ctx, 9999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("WithdrawReturn(unknown) = %v, want ErrNotFound", err)
	}
}

// createReturnRaceForLastUnit has many goroutines ask for the last unit
// at once: exactly one must get it.
func (s *suite) createReturnRaceForLastUnit(t *testing.T) {
	ctx := context.Background()
	db := s.seed(t)
	o := mustOrder(t, db, "CL-482913")
	ring := o.Items[0].ID
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = db.CreateReturn(ctx, storage.Return{OrderID: o.ID,
				Items: []storage.ReturnItem{{ItemID: ring, Quantity: 1}}})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, storage.ErrConflict):
			t.Errorf("CreateReturn = %v, want success or ErrConflict", err)
		}
	}
	if won != 1 {
		t.Errorf("%d returns got the last unit, want exactly 1", won)
	}
	rs, err := db.ReturnsByCustomer(ctx, o.CustomerID)
	if err != nil || len(rs) != 1 || len(rs[0].Items) != 1 {
		t.Errorf("returns stored = %+v, %v; want one with one item", rs, err)
	}
}

func (s *suite) returnTests() []test {
	return []test{
		{"CreateReturn", s.createReturn},
		{"Refusals", s.createReturnRefusals},
		{"CancelledReturnFreesUnits", s.cancelledReturnFreesUnits},
		{"WithdrawReturn", s.withdrawReturn},
		{"RaceForLastUnit", s.createReturnRaceForLastUnit},
	}
}
