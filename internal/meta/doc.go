// Package meta connects Facebook Messenger and Instagram Direct through Meta's Messenger
// Platform: a webhook handler (GET verification challenge, POST events checked with
// X-Hub-Signature-256 over the raw body) that feeds customer messages and human replies
// from the Page or Instagram inbox into the engine, and a Send API client that delivers the
// service's messages to the customer while honouring Meta's messaging windows.
//
// A message echo (is_echo) sent by this service's own app is ignored; an echo from any other
// app (the Page inbox, Meta Business Suite, another tool) is a person answering from outside,
// stored as an agent message with source "external", which arms the channel's safety net.
package meta
