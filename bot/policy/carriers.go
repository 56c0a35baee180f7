package policy

import (
	"maps"
	"net/url"
	"slices"
	"strings"
)

// CarrierKey normalises a carrier as written in order data ("Mondial
// Relay", "mondial-relay") to its configuration key ("mondial_relay").
func CarrierKey(carrier string) string {
	return carrierKeyReplacer.Replace(strings.ToLower(strings.TrimSpace(carrier)))
}

var carrierKeyReplacer = strings.NewReplacer(" ", "_", "-", "_")

// TrackingURL returns the carrier's tracking link for a tracking number,
// and false when there is none: unknown carrier, no tracking page, or no
// number. The number is escaped for where the placeholder stands, the query
// or the path, so that whatever the order data holds stays inside the
// parameter.
func TrackingURL(cfg Config, carrier, trackingNumber string) (string, bool) {
	c, ok := cfg.Carriers[CarrierKey(carrier)]
	trackingNumber = strings.TrimSpace(trackingNumber)
	if !ok || c.TrackingURL == "" || trackingNumber == "" {
		return "", false
	}
	i := strings.Index(c.TrackingURL, TrackingPlaceholder)
	if i < 0 {
		return "", false
	}
	escaped := url.PathEscape(trackingNumber)
	if strings.Contains(c.TrackingURL[:i], "?") {
		escaped = url.QueryEscape(trackingNumber)
	}
	return strings.ReplaceAll(c.TrackingURL, TrackingPlaceholder, escaped), true
}

// CarrierName returns the carrier's display name, or the carrier as given
// when it is not configured, so that the customer still reads something
// meaningful.
func CarrierName(cfg Config, carrier string) string {
	if c, ok := cfg.Carriers[CarrierKey(carrier)]; ok {
		return c.Name
	}
	return carrier
}

// CarrierKeys returns the configured carriers' keys in sorted order.
func (c Config) CarrierKeys() []string {
	return slices.Sorted(maps.Keys(c.Carriers))
}
