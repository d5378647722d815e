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

// lockDBFile is LockSend on SQLite.
func (s *Store) lockDBFile(ctx context.Context) (func(), error) {
	if s.lockFile == nil {
		return nil, errors.New("send lock: the database file is not open")
	}
	fd := int(s.lockFile.Fd())
	if err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, digest.ErrSendInProgress
		}
		return nil, fmt.Errorf("send lock: %w", err)
	}
	return func() { syscall.Flock(fd, syscall.LOCK_UN) }, nil
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
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(`+key+`)`).Scan(&ok); err != nil {
		conn.Close()
		return nil, fmt.Errorf("send lock: %w", err)
	}
	if !ok {
		conn.Close()
		return nil, digest.ErrSendInProgress
	}
	return func() {
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(`+key+`)`)
		conn.Close()
	}, nil
}
