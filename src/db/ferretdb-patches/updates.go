// Added to FerretDB's handler by Job Tracker for Teams' build (src/db/ferretdb.ts).

package handler

import "sync"

// readModifyWrite makes each update and findAndModify command whole: FerretDB reads the matching documents,
// changes them in Go and writes them back by `_id`, so two commands on one document at once could both
// match it and the later write would undo the earlier (a compare-and-set would succeed twice). One such
// command runs at a time; reads, inserts and deletes do not wait for it.
var readModifyWrite sync.Mutex
