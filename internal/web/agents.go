package web

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/handoffhq/handoff"
)

// Password length limits; bcrypt reads at most 72 bytes.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 72
)

// bcryptCost is the work factor of stored password hashes (2^10 rounds).
const bcryptCost = bcrypt.DefaultCost

var loginPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// NewAgent is what it takes to create an agent account.
type NewAgent struct {
	Name        string // login: lowercase letters, digits, ".", "_", "-"
	DisplayName string // shown to customers, e.g. "Sara"
	Team        string // e.g. "Support"
	Role        string // admin or agent
	Password    string
}

// Validate reports the first problem with the account, as an EINVALID error.
func (a *NewAgent) Validate() error {
	a.Name = strings.TrimSpace(a.Name)
	a.DisplayName = strings.TrimSpace(a.DisplayName)
	a.Team = strings.TrimSpace(a.Team)
	if a.Role == "" {
		a.Role = handoff.AgentRoleAgent
	}
	switch {
	case !loginPattern.MatchString(a.Name):
		return handoff.Errorf(handoff.EINVALID, "name must be 1 to 64 lowercase letters, digits, dots, dashes or underscores, got %q", a.Name)
	case a.DisplayName == "" || utf8.RuneCountInString(a.DisplayName) > 64:
		return handoff.Errorf(handoff.EINVALID, "display name is required (at most 64 characters): it is what customers see")
	case utf8.RuneCountInString(a.Team) > 64:
		return handoff.Errorf(handoff.EINVALID, "team is limited to 64 characters")
	case a.Role != handoff.AgentRoleAdmin && a.Role != handoff.AgentRoleAgent:
		return handoff.Errorf(handoff.EINVALID, "role must be admin or agent, got %q", a.Role)
	case len(a.Password) < MinPasswordLength:
		return handoff.Errorf(handoff.EINVALID, "password must be at least %d characters", MinPasswordLength)
	case len(a.Password) > MaxPasswordLength:
		return handoff.Errorf(handoff.EINVALID, "password must be at most %d bytes", MaxPasswordLength)
	}
	return nil
}

// HashPassword returns the bcrypt hash stored for a password.
func HashPassword(password string) (string, error) {
	if len(password) > MaxPasswordLength {
		return "", handoff.Errorf(handoff.EINVALID, "password must be at most %d bytes", MaxPasswordLength)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// CheckPassword reports whether password matches the stored hash.
func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// dummyHash is compared against when the login name is unknown, so both cases take as long.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("not a password of anyone"), bcryptCost)
	return h
})

// CreateAgent validates a, hashes the password and stores the account. It returns EINVALID for a
// bad field and ECONFLICT when the name is taken.
func CreateAgent(ctx context.Context, store handoff.Store, a NewAgent, now time.Time) (*handoff.Agent, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(a.Password)
	if err != nil {
		return nil, err
	}
	agent := &handoff.Agent{Name: a.Name, DisplayName: a.DisplayName, Team: a.Team, Role: a.Role, PasswordHash: hash, CreatedAt: now}
	if err := store.Write(ctx, func(tx handoff.Tx) error { return tx.CreateAgent(ctx, agent) }); err != nil {
		return nil, err
	}
	return agent, nil
}
