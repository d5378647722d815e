// Command digest collects stories and their takeaways, assembles them into
// a daily issue, renders it once and mails it to every subscriber.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // time zones work on machines without /usr/share/zoneinfo
)

func main() {
	// A soft memory limit keeps large imports, exports and sends within
	// about 100 MB of RSS: the collector works harder near the limit
	// instead of letting the heap double. GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(48 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
