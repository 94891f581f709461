// Package migration loads the numbered SQL schema steps that each database backend embeds, and
// words the errors for a schema that is behind or ahead of the running build.
package migration

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/handoffhq/handoff"
)

// Step is one embedded schema change.
type Step struct {
	Version int
	Name    string
	SQL     string
}

// MustLoad reads dir/NNNN_description.sql from fsys and checks that versions run 1, 2, 3… without
// gaps; backend names the store in the panic message of a badly named file.
func MustLoad(fsys fs.FS, dir, backend string) []Step {
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		panic(err)
	}
	var steps []Step
	for _, name := range names { // fs.Glob returns names sorted
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic(fmt.Sprintf("%s: migration %s: name must be NNNN_description.sql", backend, base))
		}
		if v != len(steps)+1 {
			panic(fmt.Sprintf("%s: migration %s: want version %d", backend, base, len(steps)+1))
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err)
		}
		steps = append(steps, Step{Version: v, Name: base, SQL: string(b)})
	}
	return steps
}

// Behind is the error for a database that needs migrations this process may not run.
func Behind(current, latest int) error {
	return handoff.Errorf(handoff.EUNAVAILABLE, "schema is behind: run handoff migrate (database at version %d, this build needs %d)", current, latest)
}

// Ahead is the error for a database written by a newer build.
func Ahead(current, latest int) error {
	return handoff.Errorf(handoff.EUNAVAILABLE, "schema version %d is newer than this build supports (%d): upgrade handoff", current, latest)
}
