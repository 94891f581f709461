package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeyFile is the file in the data directory that holds the generated session key when
// HANDOFF_SESSION_KEY is not set.
const KeyFile = "session.key"

// LoadKey returns the key that signs console sessions, CSRF tokens and widget tokens: secret when
// it is set (HANDOFF_SESSION_KEY), otherwise the key in dir/session.key, created with 32 random
// bytes on first use. Instances that share a PostgreSQL database must share one secret.
func LoadKey(secret, dir string) ([]byte, error) {
	if secret != "" {
		if len(secret) < 16 {
			return nil, errors.New("session key: HANDOFF_SESSION_KEY must be at least 16 characters")
		}
		return []byte(secret), nil
	}
	if dir == "" {
		return nil, errors.New("session key: no HANDOFF_SESSION_KEY and no data directory to keep one in")
	}
	path := filepath.Join(dir, KeyFile)
	if b, err := os.ReadFile(path); err == nil {
		key, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) < 16 {
			return nil, fmt.Errorf("session key: %s is not a hex key of at least 16 bytes", path)
		}
		return key, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("session key: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	// Write a temporary file, then link it into place: the key appears whole or not at all,
	// and of two processes starting at once the second reads the first one's key.
	tmp, err := os.CreateTemp(dir, KeyFile+".*")
	if err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("session key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		return LoadKey("", dir)
	} else if err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	return key, nil
}

// SubKey derives an independent key for one purpose, so a console cookie can never pass as a
// widget token or a CSRF token.
func SubKey(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("handoff:" + purpose))
	return m.Sum(nil)
}
