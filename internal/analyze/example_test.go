package analyze_test

import (
	"fmt"

	"github.com/handoffhq/handoff"
	"github.com/handoffhq/handoff/internal/analyze"
)

func Example() {
	a := analyze.New(analyze.Config{Keywords: []string{"refund", "charge back"}})
	conf := 0.5
	history := []*handoff.Message{
		{Role: handoff.RoleCustomer, Text: "Where is my order #4411?"},
		{Role: handoff.RoleAI, Text: "I'm not sure, I don't have access to the courier's tracking.", Confidence: &conf},
	}
	msg := &handoff.Message{Role: handoff.RoleCustomer, Text: "Third time I'm asking. I want a refund or I'll do a charge back. Let me talk to a real person!"}

	s := a.Analyze(history, msg)
	fmt.Println("request_human:", s.RequestHuman)
	fmt.Println("angry:", s.NegativeTone >= 0.5)
	fmt.Println("AI unsure:", s.Uncertainty >= 0.7)
	fmt.Println("messages:", s.MessageCount, "turns:", s.TurnCount)
	fmt.Println("keywords:", s.Keywords)
	fmt.Println("needs a person:", s.EscalationScore >= 0.8)
	// Output:
	// request_human: true
	// angry: true
	// AI unsure: true
	// messages: 2 turns: 3
	// keywords: [refund charge back]
	// needs a person: true
}

func ExampleRequestHuman() {
	for _, text := range []string{
		"can I speak to a real person?",
		"no need for a human, thanks",
		"are you a bot?",
		"je veux parler à un conseiller",
	} {
		asks, _ := analyze.RequestHuman(text)
		fmt.Printf("%-32s %v\n", text, asks)
	}
	// Output:
	// can I speak to a real person?    true
	// no need for a human, thanks      false
	// are you a bot?                   false
	// je veux parler à un conseiller   true
}
