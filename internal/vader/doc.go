// Package vader is a Go port of VADER (Valence Aware Dictionary and sEntiment
// Reasoner), the rule-based sentiment analyser for social-media text by
// C.J. Hutto and E.E. Gilbert:
//
//	Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model
//	for Sentiment Analysis of Social Media Text. Eighth International
//	Conference on Weblogs and Social Media (ICWSM-14). Ann Arbor, MI, June 2014.
//
// It follows the reference Python implementation (cjhutto/vaderSentiment,
// version 3.3.2) rule for rule: the full lexicon, booster and dampener words,
// negation within the three preceding words, "no" as a negator, "never
// so/this", "without doubt", "least", "kind of", the contrastive "but",
// ALL-CAPS emphasis, "!" and "?" amplification, the special-case idioms and
// the conversion of emoji to their textual descriptions. Scores are rounded
// as the reference rounds them (compound to 4 decimals, the proportions to 3),
// so a text scores the same here as with the Python package.
//
// The lexicon (vader_lexicon.txt) and the emoji descriptions
// (emoji_utf8_lexicon.txt) come from vaderSentiment and are embedded in the
// binary; they are distributed under the MIT licence in
// LICENSE-vaderSentiment.txt. The emoji file holds the single-code-point
// entries of the reference emoji_utf8_lexicon.txt: the reference replaces
// emoji one code point at a time, so its multi-code-point sequences (skin-tone
// variants, flags, ZWJ sequences) never match and are left out.
//
// The tables are built once when the package is initialised; scoring does no
// I/O, keeps no state between calls and is safe for concurrent use.
package vader
