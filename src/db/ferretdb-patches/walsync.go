// Added to FerretDB's SQLite pool by Job Tracker for Teams' build (src/db/ferretdb.ts).

package pool

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// walSyncInterval is about how long a committed transaction may wait before it is on disk: the journal commit
// interval of a standalone MongoDB (storage.journal.commitIntervalMs, 100 ms by default).
const walSyncInterval = 100 * time.Millisecond

// mtimeGranularity bounds the kernel's coarse clock for file times (a few ms): a write that starts after a sync
// began carries a modification time later than one read at least this long before the sync.
const mtimeGranularity = 50 * time.Millisecond

// walState is what the last sync of one write-ahead log saw.
type walState struct {
	file     os.FileInfo
	modTime  time.Time
	syncedAt time.Time
}

// syncWALs writes every database's write-ahead log to disk each walSyncInterval, until the pool is closed.
//
// The databases run with synchronous=NORMAL, so SQLite no longer syncs the log at every commit, only before
// a checkpoint. A commit is still written to the log before it is acknowledged, so it survives a crash of
// this process; a crash of the machine loses the commits of about the last interval, as on a standalone
// MongoDB. Syncing the log from another file descriptor is safe at any moment: fsync works on the file, not
// the descriptor; the log holds no locks that closing a descriptor could drop; and recovery replays only the
// frames up to the last whole commit whose checksums match.
//
// A log not written since its last sync is left alone. A sync that fails ends the process: the kernel may
// have dropped the pages it could not write, and a later sync would succeed without them.
func (p *Pool) syncWALs() {
	ticker := time.NewTicker(walSyncInterval)
	defer ticker.Stop()

	synced := map[string]walState{}

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
			err := syncIfWritten(log, synced)

			var retry notSynced
			switch {
			case err == nil:
			case errors.As(err, &retry):
				p.l.Warn("Could not sync the write-ahead log; trying again", slog.String("file", log), slog.String("error", err.Error()))
			default:
				p.l.Error("Failed to sync the write-ahead log; stopping", slog.String("file", log), slog.String("error", err.Error()))
				os.Exit(1)
			}
		}
	}
}

// syncIfWritten syncs the log if it was written since its last sync, and its directory too when the log is a
// new file. A log that does not exist (no write since the database was last closed) is skipped.
func syncIfWritten(name string, synced map[string]walState) error {
	info, err := os.Stat(name)
	if errors.Is(err, fs.ErrNotExist) {
		delete(synced, name)
		return nil
	}

	if err != nil {
		return notSynced{err}
	}

	last, seen := synced[name]
	newFile := !seen || !os.SameFile(last.file, info)
	if !newFile && info.ModTime().Equal(last.modTime) && last.syncedAt.Sub(last.modTime) > mtimeGranularity {
		return nil
	}

	syncedAt := time.Now()
	if err = syncPath(name); err != nil {
		return err
	}

	if newFile {
		if err = syncPath(filepath.Dir(name)); err != nil {
			return err
		}
	}

	synced[name] = walState{file: info, modTime: info.ModTime(), syncedAt: syncedAt}

	return nil
}

// notSynced is an error met before a sync was tried (a file that could not be read or opened): nothing was
// lost, and the next tick tries again.
type notSynced struct{ err error }

func (e notSynced) Error() string { return e.err.Error() }

// syncPath flushes a file or directory to disk; a file gone since it was found (its database was closed) is
// left alone.
func syncPath(name string) error {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}

	if err != nil {
		return notSynced{err}
	}

	err = f.Sync()
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}

	return err
}
