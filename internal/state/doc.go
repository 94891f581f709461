// Package state is the conversation state machine (DESIGN §4): the only code that changes a
// conversation's mode. It is pure: it mutates the Conversation it is given and does no I/O.
//
//	ai_active ──trigger / manual pause / human reply seen──► paused
//	ai_active or paused ──agent claims──► human_active
//	human_active ──agent hands back──► ai_active
//	paused or human_active ──resume (manual or cooldown passed)──► ai_active
//	closed ──customer writes again──► ai_active (reopen)
//	any but closed ──close──► closed
//
// Every other transition is an ECONFLICT error carrying the current state.
package state
