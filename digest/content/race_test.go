//go:build race

package content

// raceEnabled shrinks the adversarial inputs under the race detector,
// which slows this single-goroutine parser tenfold without finding more.
const raceEnabled = true
