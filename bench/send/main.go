// Command send measures a real `digest send`: it starts a loopback SMTP
// sink (go-smtp, discarding what it receives), imports N generated
// subscribers, sends the sample issue with C connections, and prints
// messages per second, wall time and the peak RSS of the digest process.
//
//	go build -o bench/out/digest ./cmd/digest
//	go run ./bench/send -digest bench/out/digest -n 100000 -connections 16
//
// With -greylist K the sink answers "451 4.7.1 greylisted" to the first
// attempt of K readers: bench/greylist.sh runs it to compare that with a
// clean send. A send's rate against the machine's ceiling is bench/wire.sh's.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/digest-dev/digest/mailer/mailtest"
)

func main() {
	digest := flag.String("digest", "bench/out/digest", "the digest binary")
	n := flag.Int("n", 100_000, "subscribers")
	conns := flag.Int("connections", 16, "smtp.connections")
	content := flag.String("content", "examples/content", "articles for the issue")
	greylist := flag.Int("greylist", 0, "readers greylisted on their first attempt")
	backoff := flag.Duration("backoff", 30*time.Second, "smtp.retry_backoff")
	flag.Parse()
	grey := map[string]bool{}
	for i := 0; i < *greylist; i++ {
		grey[address(i*(*n/max(*greylist, 1)))] = true
	}
	sink, err := mailtest.Start(func(s *mailtest.Server) {
		s.Discard = true
		s.RcptErr = func(to string, attempt int) error {
			if grey[to] && attempt == 1 {
				return mailtest.Reply(451, "4.7.1", "greylisted, please try again later")
			}
			return nil
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	defer sink.Close()
	dir, err := os.MkdirTemp("", "digest-send-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	abs, _ := filepath.Abs(*content)
	cfg := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`newsletter:
  name: Bench Brief
  from: "Bench Brief <brief@news.example.com>"
  public_url: https://news.example.com
content:
  sources: [{type: content, path: %s}]
smtp:
  host: 127.0.0.1
  port: %d
  tls: none
  connections: %d
  messages_per_connection: 0
  retry_backoff: %s
  retry_backoff_max: %s
`, abs, sink.Port, *conns, *backoff, max(*backoff, 10*time.Minute))), 0o644)
	list := filepath.Join(dir, "list.csv")
	if err := generate(list, *n); err != nil {
		log.Fatal(err)
	}
	if out, err := exec.Command(*digest, "--config", cfg, "subscribers", "import", list).CombinedOutput(); err != nil {
		log.Fatalf("import: %v\n%s", err, out)
	}
	cmd := exec.Command(*digest, "--config", cfg, "send")
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		log.Fatalf("send: %v\n%s", err, out)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	fmt.Printf("%d subscribers (%d greylisted), %d connections: %d messages at the sink in %.2fs = %.0f messages/s, peak RSS %.1f MB\n",
		*n, *greylist, *conns, sink.Total(), wall.Seconds(), float64(sink.Total())/wall.Seconds(), float64(rss)/1024)
	fmt.Printf("digest said: %s", out)
}

func generate(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "email,name")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%s,Reader %d\n", address(i), i)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func address(i int) string {
	return fmt.Sprintf("%08x.reader%d@mail%d.example.com", uint32(i)*2654435761, i, i%97)
}
