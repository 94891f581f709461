// Package vader is a Go implementation of VADER (Valence Aware Dictionary
// and sEntiment Reasoner), the rule-based sentiment analyser for social-media
// text by C.J. Hutto and E.E. Gilbert:
//
//	Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model
//	for Sentiment Analysis of Social Media Text. Eighth International
//	Conference on Weblogs and Social Media (ICWSM-14). Ann Arbor, MI, June 2014.
//
// It follows the algorithm of the JavaScript port, the npm package
// vader-sentiment 1.1.3, rule for rule: its tokenizer (white-space split,
// one-character tokens dropped, one listed punctuation mark removed from a
// word), booster and dampener list, negation within the three preceding
// words, "never so/this", "least", "kind of", its special-case idioms, the
// contrastive "but", ALL-CAPS emphasis and "!" and "?" amplification.
// Negation words, "never so/this", idioms and "but" match case-sensitively,
// as written; lexicon and booster lookups ignore case. Scores are rounded as
// the port rounds them (compound to 4 decimals, the proportions to 3).
//
// It departs from the npm port in its data, where it follows the reference
// Python implementation, vaderSentiment 3.3.2: the current lexicon
// (vader_lexicon.txt: heart, hearts and flawed are in it, badass is
// positive) and the replacement of emoji by their textual descriptions
// (emoji_utf8_lexicon.txt), which the port predates. With the same lexicon
// and the emoji replaced, a text scores the same here as with the npm port.
//
// It departs from vaderSentiment 3.3.2 where the npm port does: 3.3.2 keeps
// every token and strips all surrounding punctuation, matches every rule
// word case-insensitively, lets "no" negate the lexicon word after it, has
// the "without doubt" exception, weights "never so/this" just before a word
// by 1.25 instead of 1.5, lists more boosters and other idioms, and applies
// "but" at the first position holding an equal valence. testdata/README.md lists the differences and how the
// tests prove them.
//
// The lexicon and the emoji descriptions come from vaderSentiment and are
// embedded in the binary; they are distributed under the MIT licence in
// LICENSE-vaderSentiment.txt. The emoji file holds the single-code-point
// entries of the reference emoji_utf8_lexicon.txt: the reference replaces
// emoji one code point at a time, so its multi-code-point sequences
// (skin-tone variants, flags, ZWJ sequences) never match and are left out.
//
// The tables are built once when the package is initialised; scoring does no
// I/O, keeps no state between calls and is safe for concurrent use.
package vader
