// Package kb is the built-in knowledge-base responder: it answers customer
// questions from a Markdown FAQ so the service works without an external model.
//
// # FAQ format
//
// A "# Title" line names a section. Each "## Question" (or "### Question")
// heading starts an entry whose answer is the text up to the next heading.
// Lines starting "Also:" right under a question heading list other ways
// customers ask it:
//
//	# Shipping
//
//	## How long does shipping take?
//	Also: When will my order arrive?
//
//	Orders leave our warehouse the same day ...
//
// # Retrieval
//
// Questions and answers are tokenised (lowercase, a small English stopword
// list, light stemming of plural -s/-es/-ies, -ing and -ed) and ranked with
// Okapi BM25 (k1 = 1.2, b = 0.75). The question together with its alternatives
// is one field, weighted 2; the answer is another, weighted 1:
//
//	score(d) = Σ_t w_t · idf(t) · (2·sat(tf_q, len_q) + 1·sat(tf_a, len_a))
//	idf(t)   = ln(1 + (N − n_t + 0.5) / (n_t + 0.5))
//	sat(tf, len) = tf · (k1 + 1) / (tf + k1 · (1 − b + b · len / avglen))
//
// where w_t is 1 for words of the message being answered and 0.5 for words
// borrowed from the customer's previous message (see Base.Reply).
//
// # Confidence
//
// Confidence combines how well the best entry covers the question with how far
// it is ahead of the runner-up. With s1 and s2 the best and second-best scores:
//
//	ref        = Σ_t w_t · idf'(t) · 2             every word matched once in an average-length question
//	quality    = min(1, s1 / max(ref, maxIDF))
//	confidence = quality · (1 − ½ · (s2 / s1)³)
//
// idf'(t) is idf(t) for words the FAQ uses and half of maxIDF = ln(1 + (N + 0.5)/0.5),
// the idf of a word no entry contains, for words it never uses: a question made
// only of unknown words scores 0, while a few unknown filler words cost only
// part of the confidence. The floor of ref at maxIDF keeps a lone common word
// ("order") from looking like a sure match. The margin term halves the
// confidence when the runner-up ties the winner and costs about 15% when it
// scores two thirds of it. A clear FAQ hit lands at 0.8 or above; an off-topic
// question lands below 0.3. Greetings and thanks are recognised separately and
// answered with confidence 0.9.
//
// Below 0.5 the reply hedges ("I'm not sure I have the right answer for that.
// Here's what I found: …"); below 0.25 it offers a person instead of an answer.
// Those phrases feed the analyzer's uncertainty signal.
package kb
