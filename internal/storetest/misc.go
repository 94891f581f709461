package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/handoffhq/handoff"
)

var miscTests = []test{
	{"Scores", testScores},
	{"Agents", testAgents},
	{"Tokens", testTokens},
	{"MarkSeen", testMarkSeen},
	{"NotFound", testNotFound},
	{"Ping", testPing},
}

func testScores(t *testing.T, s handoff.Store) {
	a := createConversation(t, s, handoff.ChannelWeb, "a")
	b := createConversation(t, s, handoff.ChannelInstagram, "b")
	sa := &handoff.Score{
		ConversationID: a.ID, Channel: a.Channel, Rule: "angry_sentiment", Total: 0.735,
		Parts: handoff.ScoreParts{
			SentimentRecovery: 0.8, Resolved: 1, TimeToHuman: 0.9, TimeToHumanSecs: 42.5,
			LateHandoff: 0.5, AITurnsLate: 1, NeededHandoff: 1, Handoff: true, FalseHandoff: false,
		},
		CreatedAt: base,
	}
	sb := &handoff.Score{ConversationID: b.ID, Channel: b.Channel, Total: 1,
		Parts: handoff.ScoreParts{Resolved: 1, FalseHandoff: true}, CreatedAt: at(time.Hour)}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.PutScore(ctx, sa); err != nil {
			return err
		}
		return tx.PutScore(ctx, sb)
	})
	list := func(since time.Time) []*handoff.Score {
		var out []*handoff.Score
		view(t, s, func(ctx context.Context, tx handoff.Tx) (err error) {
			out, err = tx.ListScores(ctx, since)
			return err
		})
		notNil(t, "ListScores", out)
		return out
	}
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.ScoreByConversation(ctx, a.ID)
		if err != nil {
			return err
		}
		same(t, "ScoreByConversation", sa, got)
		return nil
	})
	same(t, "ListScores all", []*handoff.Score{sa, sb}, list(time.Time{}))
	same(t, "ListScores since", []*handoff.Score{sb}, list(at(time.Minute)))
	same(t, "ListScores at the exact time", []*handoff.Score{sb}, list(at(time.Hour)))
	same(t, "ListScores none", []*handoff.Score{}, list(at(2*time.Hour)))

	// PutScore replaces.
	sa2 := &handoff.Score{ConversationID: a.ID, Channel: a.Channel, Total: 0.25, Parts: handoff.ScoreParts{LateHandoff: 0, AITurnsLate: 4}, CreatedAt: at(2 * time.Hour)}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error { return tx.PutScore(ctx, sa2) })
	same(t, "after replace", []*handoff.Score{sb, sa2}, list(time.Time{}))

	err := tryView(s, func(ctx context.Context, tx handoff.Tx) error {
		_, err := tx.ScoreByConversation(ctx, b.ID+1000)
		return err
	})
	wantCode(t, err, handoff.ENOTFOUND, "ScoreByConversation")
	err = tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.PutScore(ctx, &handoff.Score{ConversationID: b.ID + 1000})
	})
	wantCode(t, err, handoff.ENOTFOUND, "PutScore for an unknown conversation")
}

func testAgents(t *testing.T, s handoff.Store) {
	sara := &handoff.Agent{Name: "sara", DisplayName: "Sara", Team: "Support", Role: handoff.AgentRoleAdmin,
		PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA", CreatedAt: base}
	ben := &handoff.Agent{Name: "ben", DisplayName: "Ben", Team: "Billing", Role: handoff.AgentRoleAgent, PasswordHash: "x"}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.CreateAgent(ctx, sara); err != nil {
			return err
		}
		return tx.CreateAgent(ctx, ben)
	})
	if sara.ID <= 0 || ben.ID <= 0 || sara.ID == ben.ID || ben.CreatedAt.IsZero() {
		t.Fatalf("agents not stamped: %+v %+v", sara, ben)
	}
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.CreateAgent(ctx, &handoff.Agent{Name: "sara", DisplayName: "Other Sara"})
	})
	wantCode(t, err, handoff.ECONFLICT, "duplicate agent name")
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.AgentByName(ctx, "sara")
		if err != nil {
			return err
		}
		same(t, "AgentByName", sara, got)
		list, err := tx.ListAgents(ctx)
		if err != nil {
			return err
		}
		same(t, "ListAgents by name", []*handoff.Agent{ben, sara}, list)
		_, err = tx.AgentByName(ctx, "nobody")
		wantCode(t, err, handoff.ENOTFOUND, "AgentByName")
		return nil
	})
}

func testTokens(t *testing.T, s handoff.Store) {
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		n, err := tx.CountTokens(ctx)
		if err != nil {
			return err
		}
		if n != 0 {
			t.Errorf("CountTokens on an empty store: %d", n)
		}
		return nil
	})
	ci := &handoff.Token{Name: "ci", Hash: "sha256:9f86d081884c7d659a2feaa0c55ad015", Role: handoff.AgentRoleAdmin, CreatedAt: base}
	bot := &handoff.Token{Name: "bot", Hash: "sha256:60303ae22b998861bce3b28f33eec1be", Role: handoff.AgentRoleAgent}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		if err := tx.CreateToken(ctx, ci); err != nil {
			return err
		}
		return tx.CreateToken(ctx, bot)
	})
	if ci.ID <= 0 || bot.ID <= 0 || ci.ID == bot.ID || bot.CreatedAt.IsZero() {
		t.Fatalf("tokens not stamped: %+v %+v", ci, bot)
	}
	err := tryWrite(s, func(ctx context.Context, tx handoff.Tx) error {
		return tx.CreateToken(ctx, &handoff.Token{Name: "again", Hash: ci.Hash})
	})
	wantCode(t, err, handoff.ECONFLICT, "duplicate token hash")
	view(t, s, func(ctx context.Context, tx handoff.Tx) error {
		got, err := tx.TokenByHash(ctx, ci.Hash)
		if err != nil {
			return err
		}
		same(t, "TokenByHash", ci, got)
		n, err := tx.CountTokens(ctx)
		if err != nil {
			return err
		}
		if n != 2 {
			t.Errorf("CountTokens: want 2, got %d", n)
		}
		_, err = tx.TokenByHash(ctx, "sha256:unknown")
		wantCode(t, err, handoff.ENOTFOUND, "TokenByHash")
		return nil
	})
}

func testMarkSeen(t *testing.T, s handoff.Store) {
	mark := func(source, key string) bool {
		var isNew bool
		write(t, s, func(ctx context.Context, tx handoff.Tx) (err error) {
			isNew, err = tx.MarkSeen(ctx, source, key, base)
			return err
		})
		return isNew
	}
	if !mark("meta", "mid.1") {
		t.Error("first MarkSeen: want new")
	}
	if mark("meta", "mid.1") {
		t.Error("second MarkSeen: want seen")
	}
	if !mark("shopify", "mid.1") {
		t.Error("same key from another source: want new")
	}
	write(t, s, func(ctx context.Context, tx handoff.Tx) error {
		first, err := tx.MarkSeen(ctx, "webhook", "k", time.Time{})
		if err != nil {
			return err
		}
		second, err := tx.MarkSeen(ctx, "webhook", "k", time.Time{})
		if err != nil {
			return err
		}
		if !first || second {
			t.Errorf("MarkSeen twice in one transaction: got %v, %v; want true, false", first, second)
		}
		return nil
	})
}

func testNotFound(t *testing.T, s handoff.Store) {
	for name, fn := range map[string]func(ctx context.Context, tx handoff.Tx) error{
		"RuleByID":      func(ctx context.Context, tx handoff.Tx) error { _, err := tx.RuleByID(ctx, "nope"); return err },
		"DeleteRule":    func(ctx context.Context, tx handoff.Tx) error { return tx.DeleteRule(ctx, "nope") },
		"ChannelConfig": func(ctx context.Context, tx handoff.Tx) error { _, err := tx.ChannelConfig(ctx, "web"); return err },
		"ScoreByConversation": func(ctx context.Context, tx handoff.Tx) error {
			_, err := tx.ScoreByConversation(ctx, 1)
			return err
		},
		"AgentByName": func(ctx context.Context, tx handoff.Tx) error { _, err := tx.AgentByName(ctx, "x"); return err },
		"TokenByHash": func(ctx context.Context, tx handoff.Tx) error { _, err := tx.TokenByHash(ctx, "x"); return err },
		"UpdateOutbox": func(ctx context.Context, tx handoff.Tx) error {
			return tx.UpdateOutbox(ctx, &handoff.OutboxItem{ID: 1, Status: handoff.OutboxDead})
		},
		"ConversationByID": func(ctx context.Context, tx handoff.Tx) error { _, err := tx.ConversationByID(ctx, 1); return err },
		"MessageByExternalID": func(ctx context.Context, tx handoff.Tx) error {
			_, err := tx.MessageByExternalID(ctx, "web", "x")
			return err
		},
	} {
		wantCode(t, tryWrite(s, fn), handoff.ENOTFOUND, name)
	}
}

func testPing(t *testing.T, s handoff.Store) {
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}
