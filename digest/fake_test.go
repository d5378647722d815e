package digest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// fakeStore is an in-memory IssueStore, as strict as the schema: a state
// outside the ledger's CHECK list, or an outcome for a delivery that does
// not exist, is an error.
type fakeStore struct {
	mu       sync.Mutex
	rows     map[int64]*fakeRow
	active   map[int64]bool
	finished bool
	maxGroup int // the most outcomes one Record carried
	now      func() time.Time
	beats    map[string]Beat
	seen     map[string]time.Time
	held     map[string]int // each worker's hold on the day's budget
	sentBy   map[string]int
}

type fakeRow struct {
	rc       Recipient
	state    string
	attempts int
	unknowns int
	next     time.Time
	reply    *SendError
	worker   string    // who claimed it last
	lease    time.Time // the claim holds until then
}

var validStates = map[string]bool{StateQueued: true, StateSent: true, StateFailed: true, StateDeferred: true, StateUnconfirmed: true, StateSkipped: true}

func newFakeStore(n int) *fakeStore {
	s := &fakeStore{rows: map[int64]*fakeRow{}, active: map[int64]bool{}, now: time.Now, beats: map[string]Beat{},
		seen: map[string]time.Time{}, held: map[string]int{}, sentBy: map[string]int{}}
	for i := 1; i <= n; i++ {
		id := int64(i)
		s.rows[id] = &fakeRow{rc: Recipient{ID: id, Email: fmt.Sprintf("r%02d@example.com", i)}, state: StateQueued}
		s.active[id] = true
	}
	return s
}

func (s *fakeStore) SentIDs(context.Context, []string) (map[string]bool, error) { return nil, nil }
func (s *fakeStore) LastIssueNumber(context.Context) (int, error)               { return 1, nil }
func (s *fakeStore) CreateIssue(context.Context, *StoredIssue) error            { return nil }
func (s *fakeStore) UnfinishedIssue(context.Context) (*StoredIssue, error)      { return nil, nil }

func (s *fakeStore) Due(_ context.Context, q DueQuery) ([]Due, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now, after, n, deferred := q.Now, q.After, q.Limit, q.Deferred
	held := func(r *fakeRow) bool { return r.worker != q.Worker && r.lease.After(now) }
	want := StateQueued
	if deferred {
		want = StateDeferred
	}
	var out []Due
	for _, id := range s.ids() {
		r := s.rows[id]
		if r.state != want || id <= after || r.next.After(now) || held(r) {
			continue
		}
		if !s.active[id] {
			r.state = StateSkipped
			continue
		}
		if len(out) < n {
			r.worker, r.lease = q.Worker, q.LeaseUntil
			out = append(out, Due{Recipient: r.rc, Attempts: r.attempts, Unknowns: r.unknowns, Deferred: deferred})
		}
	}
	return out, nil
}

func (s *fakeStore) ids() []int64 {
	var ids []int64
	for id := range s.rows {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func (s *fakeStore) StillActive(_ context.Context, ids []int64) (map[int64]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = s.active[id]
	}
	return out, nil
}

func (s *fakeStore) setActive(id int64, on bool) {
	s.mu.Lock()
	s.active[id] = on
	s.mu.Unlock()
}

func (s *fakeStore) Pending(_ context.Context, _ int, worker string, now time.Time) (Waiting, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var w Waiting
	earliest := func(t *time.Time, at time.Time) {
		if at.IsZero() {
			at = time.Unix(0, 0)
		}
		if t.IsZero() || at.Before(*t) {
			*t = at
		}
	}
	for _, r := range s.rows {
		switch {
		case r.state != StateQueued:
		case r.worker != worker && r.lease.After(now):
			earliest(&w.Leased, r.lease)
		case r.attempts == 0 && r.unknowns == 0:
			earliest(&w.First, r.next)
		default:
			earliest(&w.Retry, r.next)
		}
	}
	return w, nil
}

func (s *fakeStore) DeferRetries(_ context.Context, _ int, now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.rows {
		if r.state == StateQueued && (r.attempts > 0 || r.unknowns > 0) && !r.lease.After(now) {
			r.state = StateDeferred
			n++
		}
	}
	return n, nil
}

func (s *fakeStore) Renew(_ context.Context, _ int, worker string, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.rows {
		if r.worker == worker && r.state == StateQueued && !r.lease.IsZero() {
			r.lease = until
		}
	}
	return nil
}

func (s *fakeStore) Heartbeat(_ context.Context, b Beat) (Pulse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beats[b.Worker.ID], s.seen[b.Worker.ID] = b, s.now()
	if b.Done {
		s.held[b.Worker.ID] = 0
	}
	p := Pulse{Counts: map[string]int{}}
	others := 0
	for id, other := range s.beats {
		if !other.Done && s.now().Sub(s.seen[id]) < 10*time.Second {
			p.Live++
			if id != b.Worker.ID {
				others += s.held[id]
			}
		}
		p.SlowDowns += other.SlowDowns
	}
	for _, r := range s.rows {
		p.Counts[r.state]++
	}
	if b.Reserve != nil {
		s.held[b.Worker.ID] = b.Reserve(p.Counts[StateSent], others, p.Live)
	}
	return p, nil
}

func (s *fakeStore) Record(_ context.Context, b Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxGroup = max(s.maxGroup, len(b.Updates))
	for _, u := range b.Updates {
		r, ok := s.rows[u.Recipient.ID]
		if !ok || !validStates[u.State] {
			return fmt.Errorf("record %+v: no such delivery or state", u)
		}
		if r.worker != b.Worker {
			continue // another worker took the row over: its outcome stands
		}
		if u.State == StateSent {
			s.sentBy[b.Worker]++
		}
		r.state, r.next, r.reply, r.lease = u.State, u.NextAt, u.Err, time.Time{}
		if u.Attempt {
			r.attempts++
		}
		if u.Unknown {
			r.unknowns++
		}
	}
	return nil
}

func (s *fakeStore) FinishIssue(context.Context, int) error {
	s.mu.Lock()
	s.finished = true
	s.mu.Unlock()
	return nil
}

func (s *fakeStore) DeferredIssues(context.Context, time.Time, time.Time) ([]*StoredIssue, error) {
	return nil, nil
}
func (s *fakeStore) ExpireDeferred(context.Context, time.Time) (int, error) { return 0, nil }

// states counts rows per state.
func (s *fakeStore) states() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, r := range s.rows {
		out[r.state]++
	}
	return out
}

func (s *fakeStore) row(id int64) fakeRow {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.rows[id]
}

// fakeServer stands for the SMTP server: it counts the copies it accepted
// and lets each test decide, per attempt, what happens.
type fakeServer struct {
	mu     sync.Mutex
	copies map[string]int
	tries  map[string]int
	ids    map[string]string // the last Message-ID sent to each address
	log    []string          // addresses in the order they were attempted
	dials  int
	// dial may refuse a connection (n counts dials from 1).
	dial func(n int) error
	// reply decides an attempt (n counts this recipient's attempts from
	// 1); delivered says whether the server took the message anyway.
	reply func(to string, n int) (err error, delivered bool)
}

func newFakeServer() *fakeServer {
	return &fakeServer{copies: map[string]int{}, tries: map[string]int{}, ids: map[string]string{}}
}

func (f *fakeServer) Open(context.Context, *StoredIssue) (Conn, error) {
	f.mu.Lock()
	f.dials++
	n := f.dials
	f.mu.Unlock()
	if f.dial != nil {
		if err := f.dial(n); err != nil {
			return nil, err
		}
	}
	return &fakeConn{f: f}, nil
}

type fakeConn struct{ f *fakeServer }

func (c *fakeConn) Send(_ context.Context, m *Message) error {
	f := c.f
	f.mu.Lock()
	f.tries[m.To.Email]++
	f.ids[m.To.Email] = m.MessageID
	n := f.tries[m.To.Email]
	f.log = append(f.log, m.To.Email)
	f.mu.Unlock()
	var err error
	delivered := true
	if f.reply != nil {
		err, delivered = f.reply(m.To.Email, n)
	}
	if delivered {
		f.mu.Lock()
		f.copies[m.To.Email]++
		f.mu.Unlock()
	}
	return err
}

func (c *fakeConn) Close() error { return nil }

func (f *fakeServer) copiesOf(to string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.copies[to]
}

type fakeLinker struct{}

func (fakeLinker) Links(int, Recipient) Links {
	return Links{Unsubscribe: "https://news.example.com/u"}
}

// total is how many copies the server took, all recipients together.
func (f *fakeServer) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.copies {
		n += c
	}
	return n
}
