// Package notify holds what the team notification outlets share: decoding the outbox
// payload, the link to the conversation in the console, human labels for handoff reasons
// and the rule that tells a retryable HTTP failure from a permanent one.
//
// The outlets live in subpackages: slack (incoming webhook with blocks), webhook (outgoing
// webhooks signed the Standard Webhooks way) and email (SMTP). Each implements
// handoff.Notifier for one outbox target.
package notify
