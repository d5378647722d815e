package subscribers

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/digest-dev/digest/digest"
)

// sendLockKey is the PostgreSQL advisory lock that one send holds.
const sendLockKey = 7142002

// LockSend takes the database's send lock, or returns
// digest.ErrSendInProgress when another process holds it. The lock dies
// with its process, so a crashed send never blocks the next one: on SQLite
// it is an flock on a file beside the database, on PostgreSQL a
// session-level advisory lock.
func (s *Store) LockSend(ctx context.Context) (unlock func(), err error) {
	if s.driver == Postgres {
		return s.lockPostgres(ctx)
	}
	f, err := os.OpenFile(s.path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("send lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, digest.ErrSendInProgress
		}
		return nil, fmt.Errorf("send lock: %w", err)
	}
	return func() { f.Close() }, nil
}

func (s *Store) lockPostgres(ctx context.Context) (func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, sendLockKey).Scan(&ok); err != nil {
		conn.Close()
		return nil, fmt.Errorf("send lock: %w", err)
	}
	if !ok {
		conn.Close()
		return nil, digest.ErrSendInProgress
	}
	return func() {
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, sendLockKey)
		conn.Close()
	}, nil
}
