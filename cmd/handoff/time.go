package main

import (
	"time"

	"github.com/handoffhq/handoff"
)

func timeNow() time.Time { return time.Now().UTC() }

func timeDuration(d handoff.Duration) time.Duration { return time.Duration(d) }
