// Package widget is the website chat widget: /widget.js (one script tag on any site, also in a
// Shopify theme), its JSON endpoints and WebSocket under /widget/, and a /demo page that embeds it.
//
// A visitor's chat is bound to one conversation by a signed token (HMAC-SHA256 with the
// service's session key) that the browser keeps in localStorage, so a reload keeps the chat.
// Every endpoint resolves the conversation from the token alone: a token can read and write
// its own conversation and nothing else, and anything else is 404.
//
// Customer messages go through the engine with source "widget" and an id the browser makes per
// message, so a retried send is stored once. The WebSocket sends the conversation's backlog
// after ?after=<last event id>, then live events, projected for the customer: messages (an
// agent's with their display name and a HUMAN badge), state changes, and typing. Signals,
// evaluations and internal reasons never reach the browser.
package widget
