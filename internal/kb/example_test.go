package kb_test

import (
	"context"
	"fmt"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/kb"
)

func ExampleParse() {
	base, err := kb.Parse([]byte(`# Delivery

## How long does delivery take?
Also: When will my parcel arrive?

Parcels arrive in 2–3 working days.
`))
	if err != nil {
		panic(err)
	}
	for _, e := range base.Entries() {
		fmt.Printf("%s / %s %q: %s\n", e.Section, e.Question, e.Alternatives, e.Answer)
	}
	// Output:
	// Delivery / How long does delivery take? ["When will my parcel arrive?"]: Parcels arrive in 2–3 working days.
}

func ExampleBase_Reply() {
	base := kb.Default()
	history := []*handoff.Message{{Role: handoff.RoleCustomer, Text: "Can I pay with PayPal?"}}
	r, err := base.Reply(context.Background(), &handoff.Conversation{}, history)
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Sources, r.Confidence >= 0.8)
	// Output:
	// [What payment methods do you accept?] true
}
