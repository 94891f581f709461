// Package llm is a handoff.Responder backed by an OpenAI-compatible
// chat-completions API (OpenAI, Azure OpenAI, OpenRouter, vLLM, Ollama, …).
//
// Each reply is one POST {BaseURL}/chat/completions carrying a system prompt,
// the conversation mapped to chat roles (customer → user, AI → assistant,
// agent → assistant prefixed with the agent's name, system notices left out),
// temperature 0.2 and logprobs: true.
//
// # Confidence
//
// When the response carries token log-probabilities (choices[0].logprobs.content),
// the confidence is the geometric mean of the token probabilities:
//
//	confidence = clamp(exp(mean(logprob)), 0, 1)
//
// Otherwise it is 0.75, lowered to 0.35 when the text hedges ("I'm not sure",
// "I don't know", "I can't help", "I don't have access", "unable to").
//
// # Errors
//
// A timeout, a connection failure, a 5xx or 429 status, an unreadable body or a
// response without choices is EUNAVAILABLE; any other 4xx status is EINVALID.
// Both wrap the underlying cause. The API key is sent only in the
// Authorization header and never appears in errors or logs.
package llm
