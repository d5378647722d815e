package mailtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrNoMailpit is returned by StartMailpit when the mailpit binary is not
// installed (go install github.com/axllent/mailpit@v1.33.1).
var ErrNoMailpit = errors.New("mailpit is not installed: go install github.com/axllent/mailpit@v1.33.1")

// Mailpit is a real mailpit process on loopback: a strict SMTP server with
// an inbox that tests read back over its HTTP API.
type Mailpit struct {
	SMTPHost string
	SMTPPort int
	POP3Port int // 0 unless started with a POP3 auth file
	api      string
	cmd      *exec.Cmd
	done     chan struct{}
}

// MailpitBinary finds mailpit on PATH or in Go's bin folder.
func MailpitBinary() (string, error) {
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p, nil
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, _ := os.UserHomeDir()
		gopath = filepath.Join(home, "go")
	}
	p := filepath.Join(gopath, "bin", "mailpit")
	if _, err := os.Stat(p); err != nil {
		return "", ErrNoMailpit
	}
	return p, nil
}

// StartMailpit runs mailpit with its database in dir; extra flags are
// passed through (for example --pop3-auth-file). Close stops it.
func StartMailpit(dir string, extra ...string) (*Mailpit, error) {
	bin, err := MailpitBinary()
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	m := &Mailpit{SMTPHost: "127.0.0.1", SMTPPort: ports[0], api: fmt.Sprintf("http://127.0.0.1:%d", ports[1]), done: make(chan struct{})}
	args := []string{"--smtp", fmt.Sprintf("127.0.0.1:%d", ports[0]), "--listen", fmt.Sprintf("127.0.0.1:%d", ports[1]),
		"--database", filepath.Join(dir, "mailpit.db"), "--max", "100000", "--quiet",
		"--disable-version-check", "--smtp-disable-rdns", "--smtp-max-recipients", "1000"}
	for _, e := range extra {
		if strings.HasPrefix(e, "--pop3-auth-file") {
			m.POP3Port = ports[2]
			args = append(args, "--pop3", fmt.Sprintf("127.0.0.1:%d", ports[2]))
		}
	}
	m.cmd = exec.Command(bin, append(args, extra...)...)
	m.cmd.Stdout, m.cmd.Stderr = os.Stderr, os.Stderr
	if err := m.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start mailpit: %w", err)
	}
	go func() { m.cmd.Wait(); close(m.done) }()
	if err := m.waitReady(); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

func (m *Mailpit) waitReady() error {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-m.done:
			return errors.New("mailpit exited at start")
		default:
		}
		if resp, err := http.Get(m.api + "/api/v1/info"); err == nil {
			resp.Body.Close()
			if c, err := net.Dial("tcp", net.JoinHostPort(m.SMTPHost, strconv.Itoa(m.SMTPPort))); err == nil {
				c.Close()
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("mailpit did not start listening within 20s")
}

// Close stops mailpit.
func (m *Mailpit) Close() error {
	m.cmd.Process.Kill()
	<-m.done
	return nil
}

// MailpitMessage is one message in mailpit's inbox.
type MailpitMessage struct {
	ID        string `json:"ID"`
	MessageID string `json:"MessageID"`
	Subject   string `json:"Subject"`
	To        []struct {
		Address string `json:"Address"`
	} `json:"To"`
}

// Messages lists the inbox, newest first.
func (m *Mailpit) Messages(ctx context.Context) ([]MailpitMessage, error) {
	var page struct {
		Messages []MailpitMessage `json:"messages"`
	}
	if err := m.getJSON(ctx, "/api/v1/messages?limit=100000", &page); err != nil {
		return nil, err
	}
	return page.Messages, nil
}

// Raw returns a message as mailpit received it.
func (m *Mailpit) Raw(ctx context.Context, id string) ([]byte, error) {
	return m.get(ctx, "/api/v1/message/"+id+"/raw")
}

// Count is the number of messages in the inbox.
func (m *Mailpit) Count(ctx context.Context) (int, error) {
	var info struct {
		Total int `json:"total"`
	}
	err := m.getJSON(ctx, "/api/v1/messages?limit=1", &info)
	return info.Total, err
}

func (m *Mailpit) getJSON(ctx context.Context, path string, v any) error {
	body, err := m.get(ctx, path)
	if err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}

func (m *Mailpit) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.api+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("mailpit %s: %s", path, resp.Status)
	}
	return body, nil
}

// freePorts finds n loopback ports that are free now.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
