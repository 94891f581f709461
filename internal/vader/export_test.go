package vader

// Unexported functions used by the tests of package vader_test.
var (
	ButScan    = butScan
	ButIndexed = butIndexed
)

// IsEmoji reports whether r is replaced by a description before scoring.
func IsEmoji(r rune) bool {
	_, ok := emojis[r]
	return ok
}
