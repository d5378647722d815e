package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Exit codes, documented in `digest --help`.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitPartial     = 3
	exitInterrupted = 130
)

const exitStatusHelp = `EXIT STATUS
  0    success (including "nothing new to send")
  1    unexpected error, or every source failed (nothing is sent)
  2    usage or configuration error, or a file that cannot be read at all
  3    partial: some recipients failed or are unconfirmed, the daily limit
       stopped a send, the SMTP server could not be reached (the issue
       stays queued), or some inputs were rejected
  130  interrupted (Ctrl-C or SIGTERM); run the command again to resume
       (digest run exits 0 on SIGTERM: stopping is its normal end)
`

// usageError is a bad command line: wrong flag, bad argument.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// lockedError is a send refused because another holds the send lock.
type lockedError struct{ err error }

func (e *lockedError) Error() string {
	return e.err.Error() + ": wait for it to finish (SQLite takes one sender per database; on PostgreSQL several processes share a send)"
}
func (e *lockedError) Unwrap() error { return e.err }

// partialError reports work that was done but not for everyone.
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }

// exitCode is the one place that maps errors to exit codes and prints them.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var (
		ue *usageError
		ce *ConfigError
		pe *partialError
		le *lockedError
	)
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "digest: interrupted; run the same command again to resume")
		return exitInterrupted
	case errors.As(err, &pe):
		fmt.Fprintln(stderr, "digest:", err)
		return exitPartial
	case errors.As(err, &ce), errors.As(err, &ue), errors.As(err, &le):
		fmt.Fprintln(stderr, "digest:", err)
		return exitUsage
	}
	fmt.Fprintln(stderr, "digest: error:", err)
	return exitError
}
