// Package analyze computes the signals of DESIGN §2 for every customer
// message: sentiment and its average and trend, whether the customer asks for
// a person, negative tone, complexity, the uncertainty of the AI's last
// replies, repetition, message and turn counts, configured keywords and one
// escalation score that combines them.
//
// Analysis is a pure function of the conversation so far and the new message:
// no I/O, no clock, no randomness, so the same input always gives the same
// signals. An Analyzer is safe for concurrent use.
//
// An Analyzer remembers, in a bounded memo, what it derived from each recent
// text alone (repetition features, VADER compound, hedging), so that the
// history of a conversation is not analysed again with every message; the
// memo changes how fast signals come, never what they are. Its one mutex is
// held only to read or write the memo, never while analysing, and no other
// lock is taken under it. Words are interned: parse attaches to every word
// what the lists, lexicons and grammars say about it (lex.go), so each word
// is looked up once per message.
//
// Every weight and threshold lives in weights.go with a comment that explains
// it. The detectors are small grammars and phrase lexicons rather than lists
// of sentences:
//
//   - RequestHuman reads request verbs ("talk to", "connect me with", "I
//     want", "get me") governing a person ("a human", "a real person", "your
//     manager", "someone real", "the florist"), a question that asks a
//     person to act ("can a live agent help me", "can somebody call me"),
//     a contact person asked for ("¿hay una persona de contacto?"), in
//     English, Spanish, French, German, Portuguese and Italian, with
//     negation ("no need for a human", "kein Mitarbeiter nötig") and the
//     usual traps ("travel agent", "human resources", "my mechanic", "are
//     you a bot?").
//   - NegativeTone combines VADER sentiment, profanity, shouting, angry emoji,
//     threats and a lexicon of support complaints that carry no sentiment
//     words ("been on hold for 2 hours", "you charged me twice").
//   - Complexity counts problems (listed or told in prose) and questions,
//     length, high-stakes topics, references and repetition across turns.
//   - Hedging and Uncertainty read the AI's own replies.
//   - Similarity compares customer messages for repetition; Analyze lowers it
//     for a calm repeat ("Sorry, just to double check, …").
package analyze
