// Package web is the agent console served under /console: server-rendered pages
// (html/template, embedded static files, a little plain JavaScript) for the inbox, the
// conversation view with its handoff packet and trigger evaluation, rules, channels, the
// overview and agent accounts.
//
// # Sessions and CSRF
//
// Agents log in with a name and a bcrypt-hashed password (CreateAgent, or `handoff agent add`).
// A session is a cookie signed with HMAC-SHA256 (HttpOnly, SameSite=Lax, Secure over TLS or
// when Config.SecureCookies is set) that lasts SessionTTL; it holds no secret and nothing is
// stored on the server. The key comes from LoadKey: HANDOFF_SESSION_KEY, else session.key in
// the data directory.
//
// Every state-changing request needs the session's CSRF token, an HMAC of the session's nonce:
// forms send it as the field "csrf", fetch calls as the X-CSRF-Token header. A missing or wrong
// token is 403 and changes nothing. The login form's token is bound to a nonce cookie of its own.
// SessionAuth lets a session call the JSON API under /api/v1 too; there a state-changing call
// without the header is not authenticated (401).
//
// # Live updates
//
// /console/ws?after=<event id>[&conversation=<id>] streams committed events through package ws:
// the backlog after the id, then live events, each once. Pages render the id of the newest event
// before they read their data, so the stream replays anything that happens in between. Message
// events carry "view", the transcript line with its signal chips, so the browser draws it with
// textContent only. Other pages and panels re-fetch their server-rendered fragments.
//
// Every console page is sent with ContentSecurityPolicy: scripts and styles from this origin
// only, no inline code.
package web
