// Package intents understands what a customer writes: it normalises French
// and English chat text, tells the two languages apart, classifies the
// message into one of the product's intents (or rejects it as out of scope),
// and extracts entities such as order numbers and e-mail addresses.
package intents

// The intent catalogue (SPEC §5). These names are the `intent` field of the
// HTTP API and the file names of the training phrases in locales/.
const (
	Greet         = "greet"
	Goodbye       = "goodbye"
	Thanks        = "thanks"
	Affirm        = "affirm"
	Deny          = "deny"
	TrackOrder    = "track_order"
	CheckPoints   = "check_points"
	MissingParcel = "missing_parcel"
	WrongItem     = "wrong_item"
	StartReturn   = "start_return"
	CancelOrder   = "cancel_order"
	HumanAgent    = "human_agent"
	FAQ           = "faq"
	OOS           = "oos"
)

// The account area's intents: where a refund or a return stands, the
// customer's vouchers, an order's invoice.
const (
	RefundStatus = "refund_status"
	ReturnStatus = "return_status"
	Vouchers     = "vouchers"
	Invoice      = "invoice"
)

// The account area's cases and requests: where the customer's claims
// stand, an exchange, a pending order's delivery address, the customer's
// details and newsletter.
const (
	ClaimStatus     = "claim_status"
	Exchange        = "exchange"
	DeliveryAddress = "delivery_address"
	AccountDetails  = "account_details"
)

// Catalogue lists every intent the classifier can predict, in a stable order.
// OOS is not a class: it is what a rejected message gets.
var Catalogue = []string{
	Greet, Goodbye, Thanks, Affirm, Deny,
	TrackOrder, CheckPoints, MissingParcel, WrongItem, StartReturn, CancelOrder,
	HumanAgent, FAQ, RefundStatus, ReturnStatus, Vouchers, Invoice,
	ClaimStatus, Exchange, DeliveryAddress, AccountDetails,
}

// Entity types.
const (
	EntityOrderNumber    = "order_number"
	EntityEmail          = "email"
	EntityLoyaltyCard    = "loyalty_card"
	EntityTrackingNumber = "tracking_number"
	EntityMoney          = "money"
	EntityDate           = "date"
)

// Entity is a piece of data found in a message. Start and End are offsets in
// Unicode code points (runes) into the original text, End exclusive.
// Value is normalised: order numbers in display form ("CL-482913"), e-mails
// lower-cased, money as "89.50 EUR", dates as "2026-11-21".
type Entity struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Ranked is one label of the classifier with its calibrated confidence:
// an intent, or for the faq intent one FAQ entry (FAQID).
type Ranked struct {
	Intent     string  `json:"intent"`
	FAQID      string  `json:"faq_id,omitempty"`
	Confidence float64 `json:"confidence"`
}

// Result is what Parse makes of one message.
type Result struct {
	Intent     string  // a Catalogue intent, or OOS when rejected
	Confidence float64 // calibrated probability of Intent, 0..1
	Lang       string  // "fr" or "en"
	// LangEvidence is how clearly the text is in one language (the size
	// of LanguageDetector.Score): about 1 per word of only one language.
	LangEvidence float64
	Entities     []Entity // in order of appearance
	// Ranking lists the most probable labels, best first, at most 5, each
	// FAQ entry on its own; Confidence is the intent's, the sum over its
	// entries for faq.
	Ranking []Ranked
	// FAQID is the most probable FAQ entry when Intent is faq and the
	// training labels named entries ("faq/<id>", see NewParser); else "".
	FAQID string
	// OtherBusiness reports that the message names another shop, service
	// or company (intents/langdata/organisations.txt, banks and insurers
	// apart): "ma commande Cdiscount", "my Uber Eats order".
	OtherBusiness bool
}
