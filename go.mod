module github.com/handoffhq/handoff

go 1.26.8
