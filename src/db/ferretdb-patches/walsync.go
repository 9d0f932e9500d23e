// Added to FerretDB's SQLite pool by Job Tracker for Teams' build (src/db/ferretdb.ts).

package pool

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"time"
)

// walSyncInterval is how long a committed transaction may wait before it is on disk: MongoDB's journal
// commit interval (storage.journal.commitIntervalMs, 100 ms by default).
const walSyncInterval = 100 * time.Millisecond

// syncWALs writes every database's write-ahead log to disk each walSyncInterval, until the pool is closed.
//
// The databases run with synchronous=NORMAL, so SQLite no longer syncs the log at every commit, only before
// a checkpoint. A commit is still written to the log before it is acknowledged, so it survives a crash of
// this process; a crash of the machine loses at most the last interval, as on MongoDB. Syncing the log from
// another file descriptor is safe at any moment: recovery replays only frames up to the last whole commit
// whose checksums match.
func (p *Pool) syncWALs() {
	ticker := time.NewTicker(walSyncInterval)
	defer ticker.Stop()

	for range ticker.C {
		p.rw.RLock()
		if p.dbs == nil {
			p.rw.RUnlock()
			return
		}

		logs := make([]string, 0, len(p.dbs))
		for name := range p.dbs {
			logs = append(logs, p.databaseFile(name)+"-wal")
		}
		p.rw.RUnlock()

		for _, log := range logs {
			if err := syncFile(log); err != nil {
				p.l.Warn("Failed to sync the write-ahead log", slog.String("file", log), slog.String("error", err.Error()))
			}
		}
	}
}

// syncFile flushes the file to disk; a file that does not exist (no write since the last close) is skipped.
func syncFile(name string) error {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}

	if err != nil {
		return err
	}

	err = f.Sync()
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}

	return err
}
