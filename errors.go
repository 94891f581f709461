package handoff

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. The HTTP layer maps them to statuses in one table.
const (
	ECONFLICT      = "conflict"      // the action is illegal in the current state (409)
	EINTERNAL      = "internal"      // an unexpected failure (500)
	EINVALID       = "invalid"       // the input is malformed or breaks a rule (400)
	ENOTFOUND      = "not_found"     // the thing does not exist or is not visible (404)
	EUNAUTHORIZED  = "unauthorized"  // no or bad credentials (401)
	EFORBIDDEN     = "forbidden"     // credentials valid but not allowed (403)
	ETOOLARGE      = "too_large"     // the body is over the limit (413)
	ERATELIMIT     = "rate_limited"  // too many requests (429)
	EUNAVAILABLE   = "unavailable"   // a dependency is down (503)
	EUNPROCESSABLE = "unprocessable" // well-formed but cannot be processed (422)
)

// Error is the one domain error type: a machine-readable Code and a message safe to show users.
type Error struct {
	Code    string
	Message string
	// State is the conversation state for ECONFLICT errors on state transitions.
	State State
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("handoff error: code=%s message=%s", e.Code, e.Message)
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL otherwise, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, "Internal error." for non-domain errors.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorState returns the conversation state carried by a conflict error, "" if none.
func ErrorState(err error) State {
	var e *Error
	if errors.As(err, &e) {
		return e.State
	}
	return ""
}

// Errorf builds an *Error with a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Conflictf builds an ECONFLICT error that carries the conversation's current state.
func Conflictf(state State, format string, args ...any) *Error {
	return &Error{Code: ECONFLICT, Message: fmt.Sprintf(format, args...), State: state}
}
