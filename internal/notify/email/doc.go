// Package email sends team notifications as plain-text email over SMTP. The server is given
// as a URL: smtp://user:pass@host:port upgrades with STARTTLS when the server offers it,
// smtps://user:pass@host:port uses TLS from the first byte. A password is never sent over an
// unencrypted connection to a host other than the local machine.
package email
