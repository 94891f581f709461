// Package slack posts team notifications to a Slack incoming webhook as Block Kit messages:
// a header, the reason and its explanation, the key signals, the last customer message as a
// quote and a button that opens the conversation in the console.
package slack
