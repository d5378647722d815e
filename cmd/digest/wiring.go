package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"os"
	"sync"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/content"
	"github.com/digest-dev/digest/digest/links"
	"github.com/digest-dev/digest/mailer"
	"github.com/digest-dev/digest/mailer/bounce"
	"github.com/digest-dev/digest/subscribers"
	"github.com/digest-dev/digest/templates"
	"github.com/digest-dev/digest/web"
)

// deps are the parts a command works with, built once from the loaded
// config by wire: the store, the link signer, the VERP signer, the
// message builder (with DKIM and the VERP return path) and the renderer. Each command's runX
// takes them; nothing is looked up lazily.
type deps struct {
	env
	store    *subscribers.Store
	signer   *links.Signer
	links    *links.Maker
	builder  *mailer.Builder
	renderer *templates.Renderer
	verp     *bounce.VERP  // signs return paths; nil without smtp.return_path
	worker   digest.Worker // this process, when several share a send
	sending  *sync.Mutex   // held while this process delivers
}

// wire builds the deps of a command that uses the database.
func (a *app) wire(ctx context.Context) (*deps, error) {
	cfg := a.cfg
	st, err := subscribers.OpenWith(ctx, cfg.Database.Driver, cfg.Database.DSN,
		subscribers.Options{DurableOutcomes: cfg.Database.DurableOutcomes})
	if err != nil {
		return nil, err
	}
	st.Now = a.now
	d := &deps{env: a.env, store: st, worker: newWorker(time.Now()), sending: new(sync.Mutex)}
	if err := d.wireParts(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return d, nil
}

// wireParts builds the parts from the config and the one signing secret,
// read once: links and VERP return paths are both signed with it.
func (d *deps) wireParts(ctx context.Context) error {
	secret, err := d.secret(ctx)
	if err != nil {
		return err
	}
	if d.signer, err = links.NewSigner(secret); err != nil {
		return err
	}
	if d.verp, err = d.cfg.newVERP(secret); err != nil {
		return err
	}
	mailTo := d.cfg.Newsletter.ReplyTo
	if mailTo == "" {
		mailTo = d.cfg.Newsletter.From
	}
	addr, _ := mail.ParseAddress(mailTo)
	d.links = &links.Maker{Signer: d.signer, BaseURL: d.cfg.Newsletter.PublicURL, MailTo: addr.Address}
	if d.builder, err = d.newBuilder(); err != nil {
		return err
	}
	d.renderer, err = newRenderer(d.cfg)
	return err
}

// lite is the deps of a command that needs no database (parse).
func (a *app) lite() *deps { return &deps{env: a.env} }

// withDeps wires the deps, runs fn with them and closes the store.
func (a *app) withDeps(ctx context.Context, fn func(d *deps) error) error {
	d, err := a.wire(ctx)
	if err != nil {
		return err
	}
	defer d.store.Close()
	return fn(d)
}

// newsletter is the domain view of the newsletter settings.
func (c *Config) newsletter() digest.Newsletter {
	n := c.Newsletter
	return digest.Newsletter{Name: n.Name, From: n.From, ReplyTo: n.ReplyTo, PublicURL: n.PublicURL, Language: n.Language,
		Location: c.location, Address: n.Address}
}

// contentOptions are the parser's options from the config.
func (c *Config) contentOptions(log *slog.Logger) content.Options {
	return content.Options{SummaryWords: c.Content.SummaryWords, MaxBytes: c.Content.MaxArticleBytes,
		KeyPoints: c.Content.MaxTakeaways, NoKeyPoints: !c.Content.KeyPoints, Logger: log}
}

// assemble builds the next issue from the sources.
func (d *deps) assemble(ctx context.Context) (*digest.Issue, error) {
	stories, err := d.gather(ctx)
	if err != nil {
		return nil, err
	}
	cfg := d.cfg
	return digest.Assemble(ctx, cfg.newsletter(), stories, d.store, digest.Options{
		MaxStories: cfg.Content.MaxStories, MaxTakeaways: cfg.Content.MaxTakeaways,
		Subject: cfg.Newsletter.Subject, Intro: cfg.Newsletter.Intro, Outro: cfg.Newsletter.Outro,
		OldestFirst: cfg.Content.Order == "oldest", Now: d.now,
	})
}

func newRenderer(cfg *Config) (*templates.Renderer, error) {
	theme, err := templates.LoadTheme(cfg.Templates.Dir)
	if err != nil {
		return nil, cfg.errorf("templates.dir", "%v", err)
	}
	return templates.New(theme)
}

// newBuilder builds every message: the bulk copies, previews, the outbox,
// render's issue.eml and confirmation mails, DKIM-signed when configured,
// with the VERP return path when smtp.return_path is set.
func (d *deps) newBuilder() (*mailer.Builder, error) {
	cfg := d.cfg
	opts := []mailer.BuilderOption{mailer.WithClock(d.now)}
	if k := cfg.DKIM; k.Domain != "" {
		dk, err := mailer.LoadDKIM(k.Domain, k.Selector, k.KeyFile)
		if err != nil {
			return nil, cfg.errorf("dkim.key_file", "%v", err)
		}
		opts = append(opts, mailer.WithDKIM(dk))
	}
	if d.verp != nil {
		opts = append(opts, mailer.WithEnvelopeSender(envelopeSender(d.verp)))
	}
	return mailer.NewBuilder(mailer.Identity{Name: cfg.Newsletter.Name, From: cfg.Newsletter.From, ReplyTo: cfg.Newsletter.ReplyTo}, opts...)
}

// secret is the signing secret: from the environment variable secret_env
// names or, when it is unset, the one kept in the database.
func (d *deps) secret(ctx context.Context) ([]byte, error) {
	secret := []byte(d.getenv(d.cfg.SecretEnv))
	if len(secret) == 0 {
		return d.store.Secret(ctx)
	}
	if len(secret) < 16 {
		return nil, d.cfg.errorf("secret_env", "$%s is too short: use at least 16 characters", d.cfg.SecretEnv)
	}
	return secret, nil
}

// transport carries every message: SMTP connections when smtp.host is
// set, else the outbox folder (file names start with prefix).
func (d *deps) transport(prefix string) (digest.Transport, error) {
	if d.cfg.SMTP.Host == "" {
		return &mailer.Outbox{Dir: d.cfg.Outbox, Builder: d.builder, Prefix: prefix}, nil
	}
	sc, err := smtpConfig(d.cfg, d.getenv)
	if err != nil {
		return nil, err
	}
	return mailer.NewSMTPTransport(sc, d.builder)
}

// smtpConfig is the SMTP server, with the password from the environment.
func smtpConfig(cfg *Config, getenv func(string) string) (mailer.SMTPConfig, error) {
	s := cfg.SMTP
	password := getenv(s.PasswordEnv)
	if s.Username != "" && password == "" {
		return mailer.SMTPConfig{}, cfg.errorf("smtp.username", "is set but $%s (smtp.password_env) is empty", s.PasswordEnv)
	}
	return mailer.SMTPConfig{Host: s.Host, Port: s.Port, Username: s.Username, Password: password,
		Auth: s.Auth, TLS: s.TLS, Timeout: s.Timeout, HELO: s.HELO}, nil
}

// deliverer is a Deliverer over the configured transport and links.
func (d *deps) deliverer() (*digest.Deliverer, error) {
	if err := d.cfg.checkRealFrom(); err != nil {
		return nil, err
	}
	tr, err := d.transport("")
	if err != nil {
		return nil, err
	}
	opts := d.cfg.deliveryOptions()
	opts.Worker = d.worker
	if d.cfg.Database.Driver == subscribers.SQLite {
		// a group of 8 connections commits while the others send (see
		// digest.DeliveryOptions.LedgerLanes)
		opts.LedgerLanes = opts.Connections / 8
	}
	if d.store.SharedSends() {
		// Other processes may join this send: claim small batches, so
		// that the work spreads over them to the end and a dead worker
		// strands few rows until its lease runs out.
		opts.BatchSize = min(1000, max(64, 32*opts.Connections))
	}
	return &digest.Deliverer{Store: d.store, Transport: tr, Linker: d.links, Log: d.log, Now: d.now, Options: opts}, nil
}

// deliveryOptions maps the smtp settings onto the deliverer's knobs: the
// one place they meet.
func (c *Config) deliveryOptions() digest.DeliveryOptions {
	s := c.SMTP
	return digest.DeliveryOptions{Connections: s.Connections, MessagesPerConnection: s.PerConnection,
		RatePerSecond: s.RatePerSecond, MaxPerDay: s.MaxPerDay, RetryBackoff: s.RetryBackoff,
		RetryBackoffMax: s.RetryMax, MaxAttempts: s.MaxAttempts, BounceThreshold: s.BounceAfter,
		QueueLifetime: s.QueueLifetime, ResendUnconfirmed: s.ResendUnconfirmed, Lease: c.Delivery.Lease}
}

// newWorker names this process as it takes part in a send: host, pid,
// start time, and a random part, so that two deliverers of one process
// (tests) are told apart too.
func newWorker(now time.Time) digest.Worker {
	host, _ := os.Hostname()
	r := make([]byte, 3)
	rand.Read(r)
	return digest.Worker{ID: fmt.Sprintf("%s/%d/%s/%x", host, os.Getpid(), now.UTC().Format("20060102T150405"), r),
		Host: host, PID: os.Getpid(), Started: now}
}

// webServer is the web adapter over these deps.
func (d *deps) webServer() (*web.Server, error) {
	mail, err := d.transport("confirm-")
	if err != nil {
		return nil, err
	}
	rendered, subject, err := templates.Confirmation(d.cfg.newsletter())
	if err != nil {
		return nil, err
	}
	hooks, err := d.webhookHandlers()
	if err != nil {
		return nil, err
	}
	return &web.Server{Newsletter: d.cfg.newsletter(), Store: d.store, Tokens: d.signer, Linker: d.links, Pages: templates.Pages,
		Mail: mail, Confirmation: &digest.StoredIssue{Subject: subject, Rendered: *rendered}, Webhooks: hooks,
		Log: d.log, Now: d.now}, nil
}

var errNoPreviewAddress = errors.New("no preview address: set preview.to in the config or pass --to")
