package widget_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawSocket opens a widget WebSocket with a bare TCP connection: the handshake by hand and no
// client library, so the memory measured is the server's.
func rawSocket(tb testing.TB, addr, path string) net.Conn {
	tb.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: https://shop.example\r\n\r\n", path, addr)
	r := bufio.NewReaderSize(c, 512)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		tb.Fatalf("handshake: %d", resp.StatusCode)
	}
	// Read frames until the server says the backlog is done.
	var seen []byte
	buf := make([]byte, 4096)
	for !bytes.Contains(seen, []byte(`{"type":"ready"}`)) {
		if n := r.Buffered(); n > 0 {
			b, _ := r.Peek(n)
			seen = append(seen, b...)
			_, _ = r.Discard(n)
			continue
		}
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := c.Read(buf)
		if err != nil {
			tb.Fatalf("waiting for ready: %v", err)
		}
		seen = append(seen, buf[:n]...)
	}
	_ = c.SetReadDeadline(time.Time{})
	return c
}

// rss returns the process's resident set size in bytes (Linux), 0 elsewhere.
func rss() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024
		}
	}
	return 0
}

// memory is the Go heap and stacks in use after a full collection.
func memory() (heap, stack float64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse), float64(m.StackInuse)
}

// BenchmarkIdleWidgetSockets measures the memory one idle widget WebSocket costs the server:
// 2,000 customers each have a chat open and say nothing. It reports heap and stack bytes per
// socket, goroutines per socket, the growth of the resident set per socket, and those bytes
// times 10,000 in MiB.
func BenchmarkIdleWidgetSockets(b *testing.B) {
	const sockets = 2000
	bd := setup(b)
	addr := strings.TrimPrefix(bd.srv.URL, "http://")
	paths := make([]string, sockets)
	for i := range paths {
		token := bd.session(b, "web")
		if status, out := bd.send(b, token, "hello", "Hello!"); status != http.StatusCreated {
			b.Fatalf("send: %d %v", status, out)
		}
		paths[i] = "/widget/ws?token=" + token + "&after=0"
	}
	for b.Loop() {
		heap0, stack0 := memory()
		rss0, g0 := rss(), runtime.NumGoroutine()
		conns := make([]net.Conn, sockets)
		for i := range conns {
			conns[i] = rawSocket(b, addr, paths[i])
		}
		heap1, stack1 := memory()
		rss1, g1 := rss(), runtime.NumGoroutine()
		per := (heap1 + stack1 - heap0 - stack0) / sockets
		b.ReportMetric(per, "bytes/socket")
		b.ReportMetric((stack1-stack0)/sockets, "stack-bytes/socket")
		b.ReportMetric(float64(g1-g0)/sockets, "goroutines/socket")
		b.ReportMetric((rss1-rss0)/sockets, "rss-bytes/socket")
		b.ReportMetric(per*10000/(1<<20), "MiB/10k-sockets")
		for _, c := range conns {
			c.Close()
		}
	}
}
