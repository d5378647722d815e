package digest

import (
	"context"
	"math/rand/v2"
	"time"
)

// worker holds one connection and sends one message at a time over it.
type worker struct {
	r    *run
	conn Conn
	sent int // messages on this connection
}

// work takes jobs until the feed ends, waiting for the pacer before each,
// so that a recipient is checked and sent without delay in between.
func (r *run) work(ctx context.Context, lane int) {
	w := &worker{r: r}
	defer w.hangUp()
	for {
		if r.pacer.wait(ctx) != nil {
			return
		}
		j, ok := <-r.jobs
		if !ok {
			return
		}
		m := r.message(j.Recipient)
		if !r.claims.hold(r.d.Now()) {
			// Stalled past the lease: another worker may have these rows.
			r.commit(lane, j, Update{Recipient: j.Recipient, State: StateQueued, MessageID: m.MessageID,
				Err: &SendError{Class: Connection, Message: "claim expired before the message started"}})
			continue
		}
		r.commit(lane, j, r.outcome(j, m, w.send(ctx, m)))
	}
}

func (w *worker) hangUp() {
	if w.conn != nil {
		w.conn.Close()
		w.conn, w.sent = nil, 0
	}
}

// send delivers m, dialling when needed. A connection that turns out to be
// dead before the message went out (a server that closed an idle
// connection) is replaced at once, once; every other failure is returned.
func (w *worker) send(ctx context.Context, m *Message) *SendError {
	// A message in flight finishes even when the send is being stopped.
	sendCtx := context.WithoutCancel(ctx)
	if mpc := w.r.d.Options.MessagesPerConnection; mpc > 0 && w.sent >= mpc {
		w.hangUp()
	}
	for try := 0; ; try++ {
		reused := w.conn != nil
		if !reused {
			if se := w.dial(ctx); se != nil {
				return se
			}
		}
		se := AsSendError(w.conn.Send(sendCtx, m))
		if se == nil {
			w.sent++
			w.r.health.ok()
			return nil
		}
		if se.Class != Permanent && se.Class != TempRecipient {
			w.hangUp()
		}
		if se.Class == Connection && reused && try == 0 {
			w.r.d.Log.Debug("connection lost before the message; redialling", "error", se)
			continue
		}
		w.r.health.failed(se)
		return se
	}
}

func (w *worker) dial(ctx context.Context) *SendError {
	if err := w.r.health.wait(ctx); err != nil {
		return &SendError{Class: Connection, Message: "stopped before this message was sent", Err: err}
	}
	c, err := w.r.d.Transport.Open(ctx, w.r.is)
	if err != nil {
		se := AsSendError(err)
		w.r.health.failed(se)
		return se
	}
	w.conn, w.sent = c, 0
	return nil
}

// message is a recipient's copy. Its Message-ID is stable for the
// delivery, so that a resend is recognised as the same message.
func (r *run) message(rc Recipient) *Message {
	return &Message{Issue: r.is.Number, To: rc, Links: r.d.Linker.Links(r.is.Number, rc),
		MessageID: MessageID(r.is.Number, rc.ID, r.is.Salt)}
}

// outcome turns an attempt into the delivery's next ledger state.
func (r *run) outcome(j Due, m *Message, se *SendError) Update {
	u := Update{Recipient: j.Recipient, MessageID: m.MessageID, State: StateSent, Attempt: true, Err: se}
	if se == nil {
		r.pacer.success()
		r.noteSent()
		return u
	}
	r.note(se)
	switch se.Class {
	case Permanent:
		u.State, u.Bounce = StateFailed, se.UnknownUser()
	case TempRecipient:
		u.State, u.NextAt = r.retry(j)
	case Unknown:
		u.Unknown = true
		u.State = StateUnconfirmed
		if r.d.Options.ResendUnconfirmed && j.Unknowns == 0 {
			u.State, u.NextAt = StateQueued, r.d.Now().Add(r.d.Options.backoff(j.Attempts+1, rand.Float64()))
		}
	default: // Connection, SlowDown, Fatal: not this recipient's doing
		if se.Class == SlowDown {
			r.pacer.slowDown()
			r.noteSlowDown()
		}
		if se.Class == Fatal {
			r.stop(&FatalError{Err: se})
		}
		u.Attempt, u.State, u.NextAt = false, StateQueued, r.health.resumeAt()
		if j.Deferred {
			u.State = StateDeferred
		}
	}
	return u
}

// retry decides what a temporary failure leads to: another attempt in this
// send, or deferral to later sends, or failure once the queue lifetime of
// the issue has passed.
func (r *run) retry(j Due) (string, time.Time) {
	attempts := j.Attempts + 1
	now := r.d.Now()
	next := now.Add(r.d.Options.backoff(attempts, rand.Float64()))
	switch {
	case !r.is.Created.IsZero() && next.Sub(r.is.Created) >= r.d.Options.QueueLifetime:
		return StateFailed, time.Time{}
	case j.Deferred || attempts >= r.d.Options.MaxAttempts:
		return StateDeferred, next
	}
	return StateQueued, next
}

// note keeps the first failure that is not a recipient's own, for the report.
func (r *run) note(se *SendError) {
	if se.Class == Permanent || se.Class == TempRecipient {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rep.Reason == nil {
		r.rep.Reason = se
	}
}
