// Package shopify connects a Shopify shop: it verifies and handles the shop's webhooks
// (X-Shopify-Hmac-Sha256 over the raw body, deduplicated by X-Shopify-Webhook-Id), including
// the mandatory privacy webhooks customers/data_request, customers/redact and shop/redact,
// and reads a customer's recent orders through the Admin GraphQL API for the handoff packet.
//
// The storefront chat itself is the website widget installed with a theme app embed; its
// conversations have channel "shopify" (see docs/channels.md).
package shopify
