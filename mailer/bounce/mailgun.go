package bounce

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/digest-dev/digest/digest"
)

// Errors of Mailgun signature checks; the handler answers 401 to them.
var (
	ErrMailgunSignature = errors.New("mailgun: signature does not verify")
	ErrMailgunReplay    = errors.New("mailgun: timestamp outside the window, or token seen before")
)

// Mailgun takes Mailgun's webhooks for failed (bounced) and complained
// events. Each must be signed (HMAC-SHA256 of timestamp and token with the
// webhook signing key), be no older than Window, and carry a token not
// seen before; anything else is refused with 401 (400 when it is not a
// Mailgun payload) and changes nothing.
type Mailgun struct {
	Store      digest.FeedbackStore
	Policy     digest.FeedbackPolicy
	VERP       *VERP
	Domain     string
	SigningKey []byte
	Window     time.Duration // 0: 5 minutes, either way
	Now        func() time.Time
	Log        *slog.Logger

	mu   sync.Mutex
	seen map[string]time.Time // tokens within the window
}

type mailgunPayload struct {
	Signature struct {
		Timestamp string `json:"timestamp"`
		Token     string `json:"token"`
		Signature string `json:"signature"`
	} `json:"signature"`
	Event struct {
		ID             string `json:"id"`
		Event          string `json:"event"`
		Severity       string `json:"severity"`
		Recipient      string `json:"recipient"`
		DeliveryStatus struct {
			Code        int    `json:"code"`
			Message     string `json:"message"`
			Description string `json:"description"`
		} `json:"delivery-status"`
		Envelope struct {
			Sender string `json:"sender"`
		} `json:"envelope"`
		Message struct {
			Headers map[string]string `json:"headers"`
		} `json:"message"`
	} `json:"event-data"`
}

// ServeHTTP implements http.Handler.
func (h *Mailgun) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var p mailgunPayload
	if err := json.NewDecoder(io.LimitReader(r.Body, maxWebhookBody)).Decode(&p); err != nil || p.Event.Event == "" {
		http.Error(w, "not a Mailgun webhook", http.StatusBadRequest)
		return
	}
	if err := h.verify(&p); err != nil {
		log.Warn("mailgun webhook: refused", "error", err)
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return
	}
	if err := h.apply(r.Context(), &p, log); err != nil {
		log.Error("mailgun webhook", "error", err)
		http.Error(w, "could not record the event", http.StatusInternalServerError)
		return
	}
	io.WriteString(w, "ok\n")
}

// verify checks the signature in constant time, then the timestamp and
// the token, which is remembered for the window so a replay fails.
func (h *Mailgun) verify(p *mailgunPayload) error {
	s := p.Signature
	mac := hmac.New(sha256.New, h.SigningKey)
	mac.Write([]byte(s.Timestamp + s.Token))
	got, err := hex.DecodeString(s.Signature)
	if err != nil || len(h.SigningKey) == 0 || s.Token == "" || !hmac.Equal(got, mac.Sum(nil)) {
		return ErrMailgunSignature
	}
	window, now := h.Window, time.Now()
	if window <= 0 {
		window = 5 * time.Minute
	}
	if h.Now != nil {
		now = h.Now()
	}
	sec, err := strconv.ParseInt(s.Timestamp, 10, 64)
	if d := now.Sub(time.Unix(sec, 0)); err != nil || d > window || d < -window {
		return ErrMailgunReplay
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for tok, at := range h.seen {
		if now.Sub(at) > 2*window {
			delete(h.seen, tok)
		}
	}
	if _, dup := h.seen[s.Token]; dup {
		return ErrMailgunReplay
	}
	if h.seen == nil {
		h.seen = map[string]time.Time{}
	}
	h.seen[s.Token] = now
	return nil
}

// apply turns failed and complained events into reports; other events
// (delivered, opened...) change nothing. A permanent failure is judged by
// the same rules as a DSN, a temporary one is soft.
func (h *Mailgun) apply(ctx context.Context, p *mailgunPayload, log *slog.Logger) error {
	e := p.Event
	f := digest.Feedback{Email: e.Recipient, Verified: true, Source: "mailgun", Key: "mailgun:" + e.ID}
	switch e.Event {
	case "failed":
		ds := e.DeliveryStatus
		text := fmt.Sprintf("%d %s %s", ds.Code, ds.Message, ds.Description)
		f.Status, f.Detail = statusCode(text), strings.TrimSpace(text)
		f.Kind = digest.FeedbackSoft
		if e.Severity == "permanent" {
			f.Kind = severity(f.Status, text)
		}
	case "complained":
		f.Kind, f.Detail = digest.FeedbackComplaint, "abuse"
	default:
		return nil
	}
	if e.ID == "" {
		f.Key = "mailgun:" + p.Signature.Token
	}
	attribute(h.VERP, h.Domain, &f, webhookText(e.Envelope.Sender, header(e.Message.Headers, "Message-ID")))
	res, err := h.Store.ApplyFeedback(ctx, f, h.Policy)
	if err == nil {
		log.Info("mailgun webhook: "+f.Kind, "subscriber", res.Subscriber, "outcome", res.Outcome, "new_status", res.NewStatus)
	}
	return err
}

// header returns the named header from Mailgun's map, whose keys' case
// varies.
func header(hs map[string]string, name string) string {
	for k, v := range hs {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
