package eval

import "math"

// Pearson returns the Pearson correlation coefficient of x and y, or NaN
// when they differ in length, hold fewer than two values or one is constant.
func Pearson(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// MAE returns the mean absolute difference of x and y, or NaN when they
// differ in length or are empty.
func MAE(x, y []float64) float64 {
	if len(x) != len(y) || len(x) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for i := range x {
		sum += math.Abs(x[i] - y[i])
	}
	return sum / float64(len(x))
}

// Polarity buckets a score in [-1,1] into -1, 0 or 1 at ±0.05, the VADER
// paper's thresholds for negative, neutral and positive.
func Polarity(v float64) int {
	switch {
	case v >= 0.05:
		return 1
	case v <= -0.05:
		return -1
	}
	return 0
}

// Confusion counts binary decisions against labels for one positive class.
type Confusion struct {
	TP int `json:"tp"` // positive and predicted positive
	FP int `json:"fp"` // negative but predicted positive
	FN int `json:"fn"` // positive but predicted negative
	TN int `json:"tn"` // negative and predicted negative
}

// Add counts one decision.
func (c *Confusion) Add(want, got bool) {
	switch {
	case want && got:
		c.TP++
	case got:
		c.FP++
	case want:
		c.FN++
	default:
		c.TN++
	}
}

// N is the number of decisions counted.
func (c Confusion) N() int { return c.TP + c.FP + c.FN + c.TN }

// Precision is TP/(TP+FP), or 0 when nothing was predicted positive.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), or 0 when there are no positives.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall, or 0 when both are 0.
func (c Confusion) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// FalsePositiveRate is FP/(FP+TN), or 0 when there are no negatives.
func (c Confusion) FalsePositiveRate() float64 { return ratio(c.FP, c.FP+c.TN) }

// Accuracy is (TP+TN)/N, or 0 when nothing was counted.
func (c Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.N()) }

// ratio is a/b, or 0 when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
