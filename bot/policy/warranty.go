package policy

import (
	"time"

	"supportbot/storage"
)

// WarrantyUntil returns the end of the warranty against manufacturing
// defects: the end of the anniversary of the purchase day, Warranty.Years
// later, in shop time (bought 29 February: until 1 March). It returns the
// zero time when the shop gives no warranty.
func WarrantyUntil(cfg Config, order storage.Order) time.Time {
	if cfg.Warranty.Years <= 0 {
		return time.Time{}
	}
	d := DateOf(order.PlacedAt, cfg.Location)
	end := DateOf(d.utc().AddDate(cfg.Warranty.Years, 0, 0), time.UTC)
	return end.End(cfg.Location)
}
