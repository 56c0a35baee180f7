package policy

import "testing"

func TestTrackingURL(t *testing.T) {
	cfg := Defaults()
	cfg.Carriers["coursier"] = Carrier{Name: "Coursier"}
	cfg.Carriers["path"] = Carrier{Name: "Path", TrackingURL: "https://example.com/track/{tracking}/details"}
	tests := []struct {
		name     string
		carrier  string
		tracking string
		want     string
		ok       bool
	}{
		{"colissimo", "colissimo", "6A12345678901", "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901", true},
		{"mondial relay as written by people", "Mondial Relay", "12345678", "https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition=12345678", true},
		{"chronopost", "chronopost", "XW827106090JB", "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XW827106090JB", true},
		{"dhl", "DHL", "1234567890", "https://www.dhl.com/fr-fr/home/tracking/tracking-parcel.html?submit=1&tracking-id=1234567890", true},
		{"ups", "ups", "1Z999AA10123456784", "https://www.ups.com/track?loc=fr_FR&tracknum=1Z999AA10123456784", true},
		{"escaped in the query", "colissimo", "6A1 2&x=y", "https://www.laposte.fr/outils/suivre-vos-envois?code=6A1+2%26x%3Dy", true},
		{"escaped in the path", "path", "a/b c", "https://example.com/track/a%2Fb%20c/details", true},
		{"unknown carrier", "pigeon", "123", "", false},
		{"no tracking page", "coursier", "123", "", false},
		{"no number", "colissimo", "  ", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := TrackingURL(cfg, tt.carrier, tt.tracking)
			if got != tt.want || ok != tt.ok {
				t.Errorf("TrackingURL(%q, %q) = %q, %v; want %q, %v", tt.carrier, tt.tracking, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCarrierName(t *testing.T) {
	cfg := Defaults()
	tests := []struct{ carrier, want string }{
		{"mondial_relay", "Mondial Relay"},
		{"mondial-relay", "Mondial Relay"},
		{"UPS", "UPS"},
		{"Relais Colis", "Relais Colis"},
	}
	for _, tt := range tests {
		if got := CarrierName(cfg, tt.carrier); got != tt.want {
			t.Errorf("CarrierName(%q) = %q, want %q", tt.carrier, got, tt.want)
		}
	}
}
