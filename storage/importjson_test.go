package storage

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/decode/*.txtar")

// TestDecodeImportProblems reads each testdata/decode/*.txtar: a comment,
// an import.json section and a want section listing the problems expected,
// one a line (empty when the file is valid).
func TestDecodeImportProblems(t *testing.T) {
	files, err := filepath.Glob("testdata/decode/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			input, want := section(t, ar, "import.json"), section(t, ar, "want")
			_, err = DecodeImport(bytes.NewReader(input))
			got := problemLines(t, err)
			if *update {
				setSection(ar, "want", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("problems differ (-want +got):\n%s", diff)
			}
		})
	}
}

// problemLines returns the problems of err, one a line, checking that err
// is an *ImportError whose message lists them.
func problemLines(tb testing.TB, err error) string {
	tb.Helper()
	if err == nil {
		return ""
	}
	var ie *ImportError
	if !errors.As(err, &ie) {
		tb.Fatalf("error %v (%T) is not an *ImportError", err, err)
	}
	var b strings.Builder
	for _, p := range ie.Problems {
		if !strings.Contains(err.Error(), p.String()) {
			tb.Errorf("error message does not list %q:\n%s", p, err)
		}
		b.WriteString(p.String() + "\n")
	}
	if ie.Omitted > 0 {
		b.WriteString("(omitted " + strconv.Itoa(ie.Omitted) + ")\n")
	}
	return b.String()
}

func section(tb testing.TB, ar *txtar.Archive, name string) []byte {
	tb.Helper()
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	tb.Fatalf("no %s section", name)
	return nil
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
		}
	}
}

func TestDecodeImportValid(t *testing.T) {
	f := mustDecodeFile(t, "testdata/valid.json")
	placed := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	want := &ImportFile{
		Customers: []ImportCustomer{
			{Email: "ana.martin@example.fr", Name: "Ana Martin", Phone: "+33 6 12 34 56 78", Language: "fr", LoyaltyCard: "OPL-0042-17"},
			{Email: "tom@example.com", Name: "Tom Baker", Language: "en"},
		},
		Orders: []ImportOrder{{
			Number: "cl 482913", Email: "ana.martin@example.fr", PlacedAt: placed, Channel: ChannelWeb,
			Status: StatusDelivered, Carrier: "colissimo", TrackingNumber: "6A12345678901",
			ShippedAt: placed.Add(26 * time.Hour), DeliveredAt: placed.Add(74*time.Hour + 500*time.Millisecond),
			TotalCents: 8950, Currency: "EUR",
			Items: []ImportItem{
				{SKU: "RING-01", Name: "Bague Opaline", Quantity: 1, UnitPriceCents: 5990, Personalized: true, Kind: KindProduct},
				{Name: "Carte cadeau", Quantity: 1, UnitPriceCents: 2960, Kind: KindEGiftCard},
			},
		}, {
			Number: "CL-482914", Email: "new.customer@example.com", PlacedAt: placed, Channel: ChannelStore,
			Status: StatusDelivered, DeliveredAt: placed, TotalCents: 30, Currency: "EUR", PaidWithGiftCard: true,
			Items: []ImportItem{{Name: "Pochette", Quantity: 3, UnitPriceCents: 10, Kind: KindProduct}},
		}},
		PointsAdjustments: []ImportPointsAdjustment{
			{Email: "tom@example.com", Points: -20, Reason: "correction", At: placed},
		},
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("decoded file differs (-want +got):\n%s", diff)
	}
	if err := f.Validate(); err != nil {
		t.Errorf("Validate() on a decoded file = %v", err)
	}
}

func TestDecodeImportByteOrderMark(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := DecodeImport(bytes.NewReader(append([]byte("\xef\xbb\xbf"), data...)))
	if err != nil || len(f.Orders) != 2 {
		t.Errorf("DecodeImport with a byte order mark = %d orders, %v; want 2, nil", len(f.Orders), err)
	}
}

func mustDecodeFile(tb testing.TB, path string) *ImportFile {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := DecodeImport(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("DecodeImport(%s): %v", path, err)
	}
	return f
}

func TestEncodeImportRoundTrip(t *testing.T) {
	f := mustDecodeFile(t, "testdata/valid.json")
	var buf bytes.Buffer
	if err := EncodeImport(&buf, f); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeImport(&buf)
	if err != nil {
		t.Fatalf("DecodeImport(EncodeImport(f)): %v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(f, got); diff != "" {
		t.Errorf("round trip differs (-want +got):\n%s", diff)
	}
}

func TestValidateGoBuiltFile(t *testing.T) {
	f := &ImportFile{Orders: []ImportOrder{{
		Number: "OP-100001", Email: "a@example.com", PlacedAt: time.Now(), Status: StatusPending,
		TotalCents: -1, Items: []ImportItem{{Name: "Ring", Quantity: 1, UnitPriceCents: -5}},
	}}}
	got := problemLines(t, f.Validate())
	want := "orders[0] (OP-100001): total: must not be negative, got -0.01\n" +
		"orders[0] (OP-100001): items[0].unit_price: must not be negative, got -0.05\n"
	if got != want {
		t.Errorf("Validate() problems:\n%s\nwant:\n%s", got, want)
	}
}

// TestDecodeImportCases reads delivery addresses, newsletter consent, a
// shipping address and cases, and writes them back the same: an absent
// consent or address list stays nil (the stored ones are kept), an empty
// list is kept empty (the stored ones are removed).
func TestDecodeImportCases(t *testing.T) {
	f := mustDecodeFile(t, "testdata/valid_cases.json")
	yes, no := true, false
	want := []ImportCustomer{
		{Email: "ana.martin@example.fr", Name: "Ana Martin", Newsletter: &yes, Addresses: []Address{
			{Label: "Maison", Name: "Ana Martin", Line1: "12 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR", Default: true},
			{Label: "Bureau", Line1: "3 place Bellecour", Line2: "2e étage", PostalCode: "69002", City: "Lyon", Country: "FR"},
		}},
		{Email: "tom@example.com", Name: "Tom Baker", Newsletter: &no, Addresses: []Address{}},
		{Email: "lea@example.fr", Name: "Léa"},
	}
	if diff := cmp.Diff(want, f.Customers); diff != "" {
		t.Errorf("customers (-want +got):\n%s", diff)
	}
	ship := Address{Name: "Ana Martin", Line1: "12 rue des Lilas", PostalCode: "69003", City: "Lyon", Country: "FR"}
	if got := f.Orders[0].ShippingAddress; got == nil || *got != ship {
		t.Errorf("shipping address = %+v, want %+v", got, ship)
	}
	wantTickets := []ImportTicket{
		{Ref: "TK-4F7R2M9A", Status: TicketInProgress, Outcome: "enquête ouverte"},
		{Ref: "TK-SHOP9", Kind: TicketClaim, Order: "CL-482920", Status: TicketResolved, Outcome: "colis retrouvé",
			Summary: "colis marqué livré", CreatedAt: time.Date(2025, 3, 12, 10, 0, 0, 0, time.UTC)},
	}
	if diff := cmp.Diff(wantTickets, f.Tickets); diff != "" {
		t.Errorf("tickets (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := EncodeImport(&buf, f); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeImport(&buf)
	if err != nil {
		t.Fatalf("DecodeImport(EncodeImport(f)): %v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(f, got); diff != "" {
		t.Errorf("round trip differs (-want +got):\n%s", diff)
	}
}
