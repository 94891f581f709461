package ws

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"

	"github.com/coder/websocket"
)

// Buffer sizes of an accepted connection. net/http hands a hijacker 4 KiB for each; frames to
// and from browsers are small, and larger ones bypass the buffer, so 1 KiB is plenty and an idle
// socket costs about 6 KiB less.
const (
	ReadBufferSize  = 1024
	WriteBufferSize = 1024
)

// Accept upgrades the request to a WebSocket like websocket.Accept, with ReadBufferSize and
// WriteBufferSize buffers.
func Accept(w http.ResponseWriter, r *http.Request, opts *websocket.AcceptOptions) (*websocket.Conn, error) {
	return websocket.Accept(smallBuffers{w}, r, opts)
}

// smallBuffers is a ResponseWriter whose Hijack returns small buffers.
type smallBuffers struct{ http.ResponseWriter }

// Hijack takes over the connection; bytes the server already read are replayed first.
func (s smallBuffers) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(s.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if n := brw.Reader.Buffered(); n > 0 {
		b, _ := brw.Reader.Peek(n)
		conn = &prefixConn{Conn: conn, r: io.MultiReader(bytes.NewReader(bytes.Clone(b)), conn)}
	}
	return conn, bufio.NewReadWriter(bufio.NewReaderSize(conn, ReadBufferSize), bufio.NewWriterSize(conn, WriteBufferSize)), nil
}

// Unwrap gives http.ResponseController the underlying writer.
func (s smallBuffers) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// prefixConn reads what was buffered before the hijack, then the connection.
type prefixConn struct {
	net.Conn
	r io.Reader
}

// Read reads the replayed bytes first.
func (c *prefixConn) Read(p []byte) (int, error) { return c.r.Read(p) }
