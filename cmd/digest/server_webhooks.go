package main

import (
	"context"
	"net/http"

	"github.com/digest-dev/digest/mailer/bounce"
)

// maxWebhook bounds a webhook request body.
const maxWebhook = 256 << 10

// routeWebhooks serves POST /webhooks/{provider} for the providers the
// config turns on; any other provider is 404.
func (s *server) routeWebhooks(ctx context.Context, mux *http.ServeMux) error {
	handlers, err := s.a.webhookHandlers(ctx, s)
	if err != nil {
		return err
	}
	mux.HandleFunc("POST /webhooks/{provider}", func(w http.ResponseWriter, r *http.Request) {
		h, ok := handlers[r.PathValue("provider")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxWebhook)
		h.ServeHTTP(w, r)
	})
	return nil
}

// webhookHandlers builds the configured providers' handlers.
func (a *app) webhookHandlers(ctx context.Context, s *server) (map[string]http.Handler, error) {
	cfg := s.cfg
	wh := cfg.Bounces.Webhooks
	out := map[string]http.Handler{}
	if len(wh.SES.TopicARNs) == 0 && !wh.Mailgun.Enabled {
		return out, nil
	}
	_, v, err := a.classifier(ctx, s.st)
	if err != nil {
		return nil, err
	}
	if len(wh.SES.TopicARNs) > 0 {
		out["ses"] = &bounce.SES{Store: s.st, Policy: cfg.feedbackPolicy(), VERP: v, Domain: cfg.messageDomain(),
			TopicARNs: wh.SES.TopicARNs, Log: a.log}
	}
	if wh.Mailgun.Enabled {
		key := a.getenv(wh.Mailgun.SigningKeyEnv)
		if key == "" {
			return nil, cfg.errorf("bounces.webhooks.mailgun.enabled", "is true but $%s (bounces.webhooks.mailgun.signing_key_env) is empty", wh.Mailgun.SigningKeyEnv)
		}
		out["mailgun"] = &bounce.Mailgun{Store: s.st, Policy: cfg.feedbackPolicy(), VERP: v, Domain: cfg.messageDomain(),
			SigningKey: []byte(key), Now: a.now, Log: a.log}
	}
	return out, nil
}
