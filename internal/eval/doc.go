// Package eval measures detection quality on labelled data: the Pearson
// correlation and mean absolute error of the sentiment signal against the
// VADER human-rated gold standard, precision, recall and F1 of request_human
// with a confusion table, the share of texts that would trigger a handoff
// under a rule set, the share of messages negative_tone flags per label, and
// how well a rule set hands labelled conversations over on the right turn.
//
// The functions read their inputs from io.Readers and take the detector or
// the simulator to measure as an argument, so the same code serves the
// `handoff eval` command, the tests that pin the quality targets and
// docs/quality.md. Transcripts and trigger rates go through
// simulate.Simulator.Step, the engine path `handoff simulate` and the
// server use.
package eval
