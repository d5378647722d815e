package subscribers

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/digest-dev/digest/digest"
)

// LockSend takes the database's send lock, or returns
// digest.ErrSendInProgress when another process holds it. The lock is
// keyed on the database itself, not on the name it was opened by, and it
// dies with its process, so a crashed send never blocks the next one.
//
// On SQLite it is an flock on the database file: it follows the file's
// inode, so a symlink, a hard link or a relative path all find the same
// lock. (flock and SQLite's own POSIX locks do not interact on Linux; the
// descriptor is kept open until the database is closed, because closing
// any descriptor of the file would drop SQLite's POSIX locks.) On
// PostgreSQL it is a session-level advisory lock keyed on the schema.
func (s *Store) LockSend(ctx context.Context) (unlock func(), err error) {
	return s.d.lockSend(s, ctx)
}

// SharedSends reports whether several processes can share one send
// (PostgreSQL: they claim the ledger's rows with leases). Then LockSend is
// only for making an issue: it waits for another process making one,
// rather than refusing, and a send releases it before delivering.
func (s *Store) SharedSends() bool { return s.d.shared }

// lockDBFile is LockSend on SQLite. The flock keeps other processes out;
// the mutex, other goroutines of this one (digest run's schedule and its
// queue runner share one store, and one descriptor).
func (s *Store) lockDBFile(ctx context.Context) (func(), error) {
	if s.lockFile == nil {
		return nil, errors.New("send lock: the database file is not open")
	}
	if !s.sendMu.TryLock() {
		return nil, digest.ErrSendInProgress
	}
	fd := int(s.lockFile.Fd())
	if err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		s.sendMu.Unlock()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, digest.ErrSendInProgress
		}
		return nil, fmt.Errorf("send lock: %w", err)
	}
	return func() { syscall.Flock(fd, syscall.LOCK_UN); s.sendMu.Unlock() }, nil
}

// openLockFile opens the SQLite file for LockSend.
func (s *Store) openLockFile() error {
	f, err := os.Open(s.path)
	if err != nil {
		return fmt.Errorf("send lock: %w", err)
	}
	s.lockFile = f
	return nil
}

func (s *Store) lockPostgres(ctx context.Context) (func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	const key = `7142002, hashtext(current_schema())`
	// Making an issue takes a moment: wait for another process doing it.
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("send lock: %w", err)
	}
	return func() {
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(`+key+`)`)
		conn.Close()
	}, nil
}
