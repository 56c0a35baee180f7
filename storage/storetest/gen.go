package storetest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"supportbot/storage"
)

// GenShop builds a deterministic import file of the given size, for the
// backends' benchmarks and crash tests: orders of 2 or 3 items spread over the
// customers, in every status.
func GenShop(customers, orders int) *storage.ImportFile {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	f := &storage.ImportFile{
		Customers: make([]storage.ImportCustomer, customers),
		Orders:    make([]storage.ImportOrder, orders),
	}
	for i := range f.Customers {
		f.Customers[i] = storage.ImportCustomer{
			Email: fmt.Sprintf("customer%d@example.com", i), Name: fmt.Sprintf("Customer %d", i),
			Language: []string{"fr", "en"}[i%2], LoyaltyCard: fmt.Sprintf("GEN-%06d", i),
		}
	}
	statuses := []string{storage.StatusPending, storage.StatusShipped, storage.StatusInTransit,
		storage.StatusReadyForPickup, storage.StatusDelivered, storage.StatusCancelled}
	for i := range f.Orders {
		placed := base.Add(time.Duration(i) * 7 * time.Minute)
		o := storage.ImportOrder{
			Number: fmt.Sprintf("GN-%07d", i), Email: f.Customers[r.IntN(customers)].Email,
			PlacedAt: placed, Status: statuses[i%len(statuses)],
		}
		switch o.Status {
		case storage.StatusShipped, storage.StatusInTransit:
			o.Carrier, o.TrackingNumber, o.ShippedAt = "colissimo", fmt.Sprintf("6A%011d", i), placed.Add(20*time.Hour)
		case storage.StatusDelivered:
			o.Carrier, o.TrackingNumber = "mondial_relay", fmt.Sprintf("%08d", i)
			o.ShippedAt, o.DeliveredAt = placed.Add(20*time.Hour), placed.Add(90*time.Hour)
		}
		for j := range 2 + i%2 {
			it := storage.ImportItem{
				SKU: fmt.Sprintf("SKU-%04d", r.IntN(500)), Name: fmt.Sprintf("Article %d", j),
				Quantity: 1 + r.IntN(3), UnitPriceCents: int64(500 + r.IntN(20000)),
			}
			o.Items = append(o.Items, it)
			o.TotalCents += int64(it.Quantity) * it.UnitPriceCents
		}
		f.Orders[i] = o
	}
	return f
}
