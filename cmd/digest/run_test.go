package main

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer/mailtest"
)

func TestRunCatchesUpOnceAcrossTwoProcesses(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML+"schedule:\n  cron: \"0 7 * * *\"\nhttp:\n  listen: 127.0.0.1:0\n")
	emails := addSubscribers(t, e, 5)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, berlin) // the 07:00 send was missed 2.5 hours ago
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runs := []*appRun{e.startApp(ctx, now, "-v", "run"), e.startApp(ctx, now, "-v", "run")}
	// One process makes the catch-up send; the other finds the lock taken
	// or the slot already handled, and stands by: that is normal.
	standingBy := []string{"another process is sending on this database", "this scheduled send was already made", "no scheduled send due"}
	waitFor(t, "one catch-up send and one process standing by", func() bool {
		sent, standing := 0, 0
		for _, r := range runs {
			out := r.output()
			if strings.Contains(out, "issue 1: sent 5, failed 0\n") {
				sent++
			}
			if slices.ContainsFunc(standingBy, func(s string) bool { return strings.Contains(out, s) }) {
				standing++
			}
		}
		return sent == 1 && standing == 1
	})
	cancel()
	for i, r := range runs {
		if c := r.wait(); c != exitOK {
			t.Errorf("run %d exited %d: %s", i, c, r.output())
		}
		if strings.Contains(r.output(), "level=ERROR") {
			t.Errorf("run %d logged an error: %s", i, r.output())
		}
	}
	for _, a := range emails {
		if n := srv.Copies()[a]; n != 1 {
			t.Errorf("%s got %d copies, want 1\n%s", a, n, runs[0].output())
		}
	}
	// Started again the same day, it finds no send due and sends nothing.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	again := e.startApp(ctx2, now.Add(time.Hour), "-v", "run")
	waitFor(t, "the restart's schedule check", func() bool { return strings.Contains(again.output(), "no scheduled send due") })
	cancel2()
	again.wait()
	if srv.Total() != len(emails) {
		t.Errorf("a restart sent %d more:\n%s", srv.Total()-len(emails), again.output())
	}
}

func TestRunSkipsAStaleSend(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML+"schedule:\n  cron: \"0 7 * * *\"\nhttp:\n  listen: 127.0.0.1:0\n")
	addSubscribers(t, e, 3)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := e.startApp(ctx, time.Date(2026, 11, 27, 15, 0, 0, 0, berlin), "run")
	waitFor(t, "the stale slot skipped", func() bool { return strings.Contains(r.output(), "too old to catch up") })
	cancel()
	if code := r.wait(); code != exitOK || srv.Total() != 0 {
		t.Errorf("exit %d, sent %d; logs: %s", code, srv.Total(), r.output())
	}
}

func TestServerUnsubscribeArchiveFeed(t *testing.T) {
	_, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML)
	e.mustRun("subscribers", "add", "ada@example.com", "--name", "Ada")
	e.mustRun("send")
	w := e.newWeb(t)
	st, ctx := w.st, context.Background()
	ts := httptest.NewServer(w.srv.Handler)
	defer ts.Close()
	signer := w.d.signer
	sub, _ := st.Find(ctx, "ada@example.com")
	token := signer.Token(digest.LinkUnsubscribe, sub.ID)
	status := func() string { s, _ := st.Find(ctx, "ada@example.com"); return s.Status }

	get := func(path string) (int, string) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, page := get("/unsubscribe/" + token)
	if code != 200 || status() != "active" {
		t.Errorf("GET unsubscribe: %d, status %s (a GET must not unsubscribe)", code, status())
	}
	// The page's button posts back to the same signed link.
	form := regexp.MustCompile(`<form method="post" action="([^"]+)"><button type="submit" name="(\w+)" value="(\w+)">`).FindStringSubmatch(page)
	if form == nil || !strings.HasSuffix(form[1], "/unsubscribe/"+token) {
		t.Fatalf("the unsubscribe page has no button posting to its link:\n%s", page)
	}
	forged := signer.Token(digest.LinkUnsubscribe, sub.ID+1)
	for _, bad := range []string{forged, "garbage", token + "x"} {
		resp, _ := http.Post(ts.URL+"/unsubscribe/"+bad, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if resp.StatusCode != 404 {
			t.Errorf("forged token %q: %d, want 404", bad, resp.StatusCode)
		}
		resp.Body.Close()
	}
	if status() != "active" {
		t.Fatal("a forged token changed something")
	}
	// The page's button, then a mail client's one-click: the second changes nothing.
	for _, body := range []string{form[2] + "=" + form[3], "List-Unsubscribe=One-Click"} {
		resp, err := http.Post(ts.URL+"/unsubscribe/"+token, "application/x-www-form-urlencoded", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || status() != "unsubscribed" {
			t.Errorf("POST %s: %d, status %s; want 200 and unsubscribed", body, resp.StatusCode, status())
		}
	}
	if code, body := get("/archive"); code != 200 || !strings.Contains(body, `/archive/1"`) {
		t.Errorf("archive: %d %s", code, body)
	}
	if code, body := get("/archive/1"); code != 200 || strings.Contains(body, "ada@example.com") || strings.Contains(body, "DGSTx") || !strings.Contains(body, "<h1>") {
		t.Errorf("issue page: %d (must carry no subscriber data)", code)
	}
	code, body := get("/feed.xml")
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if code != 200 || xml.Unmarshal([]byte(body), &feed) != nil || len(feed.Entries) != 1 {
		t.Errorf("feed: %d %s", code, body)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("healthz: %d", code)
	}
}

func TestLocalTimeDeliveryWaitsForEachSubscribersHour(t *testing.T) {
	srv, smtpYAML := startSMTP(t, nil)
	e := newTestEnv(t, smtpYAML+"schedule:\n  local_time: \"07:00\"\n")
	e.mustRun("subscribers", "add", "berlin@example.com")
	e.mustRun("subscribers", "add", "ny@example.com", "--attr", "timezone=America/New_York")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := e.startApp(ctx, time.Date(2026, 11, 27, 7, 0, 0, 0, berlin), "send")
	st := e.openStore(t)
	waitFor(t, "Berlin's copy, recorded", func() bool {
		counts, err := st.DeliveryCounts(context.Background(), 1)
		return err == nil && counts[digest.StateSent] == 1
	})
	cancel() // Ctrl-C while the send waits for New York's 07:00
	if code := r.wait(); code != exitInterrupted {
		t.Errorf("exit %d, want 130 (still waiting for New York's 07:00): %s", code, r.output())
	}
	if c := srv.Copies(); c["berlin@example.com"] != 1 || c["ny@example.com"] != 0 {
		t.Errorf("copies at 07:00 Berlin: %v", c)
	}
	// At 07:00 in New York the rest goes out.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	if code, logs := e.runApp(ctx2, time.Date(2026, 11, 27, 13, 0, 0, 0, berlin), "send"); code != exitOK {
		t.Errorf("exit %d: %s", code, logs)
	}
	if c := srv.Copies(); c["berlin@example.com"] != 1 || c["ny@example.com"] != 1 {
		t.Errorf("copies at 13:00 Berlin: %v", c)
	}
}

// TestNeverCatchingUpStillSendsOnTime: catch_up_within: 0 turns catch-up
// off, not the schedule.
func TestNeverCatchingUpStillSendsOnTime(t *testing.T) {
	for _, tt := range []struct {
		name    string
		late    time.Duration
		sends   bool
		verdict string // what it logs once it has decided
	}{{"cron wakes two seconds after 07:00", 2 * time.Second, true, "issue 1: sent 3, failed 0\n"},
		{"started an hour late", time.Hour, false, "too old to catch up"}} {
		t.Run(tt.name, func(t *testing.T) {
			srv, smtpYAML := startSMTP(t, nil)
			e := newTestEnv(t, smtpYAML+"schedule:\n  cron: \"0 7 * * *\"\n  catch_up_within: 0s\nhttp:\n  listen: 127.0.0.1:0\n")
			addSubscribers(t, e, 3)
			berlin, _ := time.LoadLocation("Europe/Berlin")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := e.startApp(ctx, time.Date(2026, 11, 27, 7, 0, 0, 0, berlin).Add(tt.late), "run")
			waitFor(t, tt.verdict, func() bool { return strings.Contains(r.output(), tt.verdict) })
			cancel()
			r.wait()
			if got := srv.Total() == 3; got != tt.sends {
				t.Errorf("sent %d, want sends=%v; logs: %s", srv.Total(), tt.sends, r.output())
			}
		})
	}
}

// TestRunStopsAfterTheMessageInFlight: SIGTERM during the catch-up send
// lets the message in flight finish and be recorded, so the next start
// does not send it again.
func TestRunStopsAfterTheMessageInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) { s.DataReplyDelay = 700 * time.Millisecond })
	e := newTestEnv(t, smtpYAML+"  connections: 1\nschedule:\n  cron: \"* * * * *\"\nhttp:\n  listen: 127.0.0.1:0\n")
	emails := addSubscribers(t, e, 4)
	run := e.digestProcess("run")
	var logs strings.Builder
	run.Stderr = &logs
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	// The server has the first message; its reply is still on the way.
	waitFor(t, "the first message", func() bool { return srv.Total() >= 1 })
	run.Process.Signal(syscall.SIGTERM)
	if err := run.Wait(); err != nil {
		t.Fatalf("run after SIGTERM: %v\n%s", err, logs.String())
	}
	e.mustRun("send")
	for _, a := range emails {
		if c := srv.Copies()[a]; c != 1 {
			t.Errorf("%s got %d copies, want 1\n%s", a, c, logs.String())
		}
	}
}
