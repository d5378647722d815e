package bounce

import (
	"context"
	"strings"
	"sync"

	"github.com/digest-dev/digest/digest"
)

// fakeStore is a digest.FeedbackStore in memory with the real store's
// rules of attribution: a verified ID or address is trusted, an unverified
// ID only with its subscriber's address; a key counts once.
type fakeStore struct {
	mu      sync.Mutex
	emails  map[int64]string // subscriber ID -> address
	seen    map[string]bool
	applied []digest.Feedback
}

func newFakeStore(emails map[int64]string) *fakeStore {
	return &fakeStore{emails: emails, seen: map[string]bool{}}
}

func (s *fakeStore) ApplyFeedback(_ context.Context, f digest.Feedback, _ digest.FeedbackPolicy) (digest.FeedbackResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := f.Subscriber
	if id == 0 && f.Verified {
		for k, e := range s.emails {
			if strings.EqualFold(e, f.Email) {
				id = k
			}
		}
	}
	email, ok := s.emails[id]
	switch {
	case id == 0 || (!f.Verified && !strings.EqualFold(email, f.Email)):
		return digest.FeedbackResult{Outcome: digest.OutcomeUnattributed}, nil
	case !ok:
		return digest.FeedbackResult{Outcome: digest.OutcomeNoSubscriber}, nil
	case s.seen[f.Key]:
		return digest.FeedbackResult{Outcome: digest.OutcomeDuplicate, Subscriber: id}, nil
	}
	s.seen[f.Key] = true
	f.Subscriber = id
	s.applied = append(s.applied, f)
	return digest.FeedbackResult{Outcome: digest.OutcomeRecorded, Subscriber: id, Email: email}, nil
}

// kinds returns the kind of feedback applied per subscriber address.
func (s *fakeStore) kinds() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for _, f := range s.applied {
		out[s.emails[f.Subscriber]] = f.Kind
	}
	return out
}
