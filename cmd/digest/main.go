// Command digest collects stories and their takeaways, assembles them into
// a daily issue, renders it once and mails it to every subscriber.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
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
	if path := os.Getenv("DIGEST_CPUPROFILE"); path != "" { // a development aid for bench/
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f) // stopped before os.Exit, which runs no defers
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdin, os.Stdout, os.Stderr)
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}
