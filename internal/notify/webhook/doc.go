// Package webhook sends team notifications as outgoing webhooks signed the Standard Webhooks
// way (https://www.standardwebhooks.com): every request carries webhook-id (stable across
// retries of the same notification), webhook-timestamp (Unix seconds of this attempt) and
// webhook-signature ("v1," + base64 HMAC-SHA256 of "id.timestamp.body" keyed with the
// base64-decoded part of a whsec_ secret). Any standard verifier library accepts them.
package webhook
