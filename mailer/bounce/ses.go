package bounce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/digest-dev/digest/digest"
)

// maxWebhookBody bounds a webhook request: a notification is a few KB.
const maxWebhookBody = 256 << 10

// SES takes Amazon SES bounce and complaint notifications delivered by an
// SNS topic over HTTPS. Every message must carry a valid SNS signature
// (SignatureVersion 1 or 2, checked with the certificate fetched from
// sns.<region>.amazonaws.com) from a topic in TopicARNs; a subscription
// confirmation from such a topic is confirmed by fetching its SubscribeURL.
// Anything else is refused (401, or 400 when it is not an SNS message)
// and changes nothing.
type SES struct {
	Store     digest.FeedbackStore
	Policy    digest.FeedbackPolicy
	VERP      *VERP  // reads the issue and subscriber from the message's return path; may be nil
	Domain    string // our Message-IDs' domain
	TopicARNs []string
	Log       *slog.Logger
	Client    *http.Client // fetches certificates and subscription URLs; nil: a 10s-timeout client
	// AllowURL, when set, also trusts certificate and subscription URLs it
	// accepts: tests serve their certificate from loopback. Never set it
	// in production.
	AllowURL func(*url.URL) bool

	once     sync.Once
	verifier *snsVerifier
}

// ServeHTTP implements http.Handler.
func (h *SES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var m snsMessage
	if err := json.NewDecoder(io.LimitReader(r.Body, maxWebhookBody)).Decode(&m); err != nil || m.Type == "" || m.TopicArn == "" {
		http.Error(w, "not an SNS message", http.StatusBadRequest)
		return
	}
	if err := h.verify(r.Context(), &m); err != nil {
		log.Warn("ses webhook: refused", "topic", m.TopicArn, "error", err)
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return
	}
	status, err := h.handle(r.Context(), &m, log)
	if err != nil {
		log.Error("ses webhook", "type", m.Type, "error", err)
		http.Error(w, http.StatusText(status), status)
		return
	}
	io.WriteString(w, "ok\n")
}

func (h *SES) verify(ctx context.Context, m *snsMessage) error {
	if !slices.Contains(h.TopicARNs, m.TopicArn) {
		return ErrUntrustedTopic
	}
	h.once.Do(func() { h.verifier = &snsVerifier{client: h.Client, allowURL: h.AllowURL} })
	return h.verifier.verify(ctx, m)
}

func (h *SES) handle(ctx context.Context, m *snsMessage, log *slog.Logger) (int, error) {
	switch m.Type {
	case "SubscriptionConfirmation":
		u, err := h.verifier.trustedURL(m.SubscribeURL)
		if err == nil {
			_, err = h.verifier.get(ctx, u)
		}
		if err != nil {
			return http.StatusBadGateway, fmt.Errorf("confirm subscription: %w", err)
		}
		log.Info("ses webhook: subscription confirmed", "topic", m.TopicArn)
		return 0, nil
	case "Notification":
		fs, err := h.feedback(m)
		if err != nil {
			return http.StatusBadRequest, err
		}
		for _, f := range fs {
			res, err := h.Store.ApplyFeedback(ctx, f, h.Policy)
			if err != nil {
				return http.StatusInternalServerError, err // SNS retries
			}
			log.Info("ses webhook: "+f.Kind, "subscriber", res.Subscriber, "outcome", res.Outcome, "new_status", res.NewStatus)
		}
	}
	return 0, nil // UnsubscribeConfirmation and the rest: nothing to do
}

// sesNotification is the part of an SES notification (or event) we use.
type sesNotification struct {
	NotificationType string `json:"notificationType"`
	EventType        string `json:"eventType"`
	Bounce           *struct {
		BounceType        string `json:"bounceType"`
		BounceSubType     string `json:"bounceSubType"`
		FeedbackID        string `json:"feedbackId"`
		BouncedRecipients []struct {
			EmailAddress   string `json:"emailAddress"`
			Status         string `json:"status"`
			DiagnosticCode string `json:"diagnosticCode"`
		} `json:"bouncedRecipients"`
	} `json:"bounce"`
	Complaint *struct {
		FeedbackID          string `json:"feedbackId"`
		FeedbackType        string `json:"complaintFeedbackType"`
		ComplainedRecipient []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"complainedRecipients"`
	} `json:"complaint"`
	Mail struct {
		Source  string `json:"source"`
		Headers []struct {
			Name, Value string
		} `json:"headers"`
	} `json:"mail"`
}

// feedback turns a notification into reports. SES signs what it says, so
// the addresses count as verified. Permanent bounces are hard unless SES
// says the mailbox is only full; transient and undetermined ones are soft.
func (h *SES) feedback(m *snsMessage) ([]digest.Feedback, error) {
	var n sesNotification
	if err := json.Unmarshal([]byte(m.Message), &n); err != nil {
		return nil, fmt.Errorf("ses notification: %w", err)
	}
	base := digest.Feedback{Verified: true, Source: "ses"}
	attribute(h.VERP, h.Domain, &base, webhookText(n.Mail.Source, n.messageID()))
	var out []digest.Feedback
	switch typ := n.NotificationType + n.EventType; {
	case typ == "Bounce" && n.Bounce != nil:
		kind := digest.FeedbackSoft
		if n.Bounce.BounceType == "Permanent" && n.Bounce.BounceSubType != "MailboxFull" {
			kind = digest.FeedbackHard
		}
		for _, r := range n.Bounce.BouncedRecipients {
			f := base
			f.Kind, f.Email, f.Status, f.Detail = kind, r.EmailAddress, statusCode(r.Status), r.DiagnosticCode
			f.Key = "ses:" + n.Bounce.FeedbackID + ":" + strings.ToLower(r.EmailAddress)
			out = append(out, f)
		}
	case typ == "Complaint" && n.Complaint != nil:
		for _, r := range n.Complaint.ComplainedRecipient {
			f := base
			f.Kind, f.Email, f.Detail = digest.FeedbackComplaint, r.EmailAddress, n.Complaint.FeedbackType
			f.Key = "ses:" + n.Complaint.FeedbackID + ":" + strings.ToLower(r.EmailAddress)
			out = append(out, f)
		}
	case typ == "Bounce" || typ == "Complaint":
		return nil, errors.New("ses notification: no " + strings.ToLower(typ) + " object")
	}
	return out, nil
}

// messageID is the Message-ID header of the message SES reports on.
func (n *sesNotification) messageID() string {
	for _, hd := range n.Mail.Headers {
		if strings.EqualFold(hd.Name, "Message-ID") {
			return hd.Value
		}
	}
	return ""
}
