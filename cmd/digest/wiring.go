package main

import (
	"context"
	"errors"
	"net/mail"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/mailer"
	"github.com/digest-dev/digest/subscribers"
	"github.com/digest-dev/digest/templates"
)

// openStore opens the configured database.
func (a *app) openStore(ctx context.Context) (*subscribers.Store, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	st, err := subscribers.Open(ctx, cfg.Database.Driver, cfg.Database.DSN)
	if err != nil {
		return nil, err
	}
	st.Now = a.now
	return st, nil
}

// newsletter is the domain view of the newsletter settings.
func (c *Config) newsletter() digest.Newsletter {
	n := c.Newsletter
	return digest.Newsletter{Name: n.Name, From: n.From, ReplyTo: n.ReplyTo, PublicURL: n.PublicURL, Language: n.Language, Location: c.location}
}

// assemble builds the next issue from the sources.
func (a *app) assemble(ctx context.Context, st *subscribers.Store) (*digest.Issue, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	stories, err := a.gather(ctx, st)
	if err != nil {
		return nil, err
	}
	return digest.Assemble(ctx, cfg.newsletter(), stories, st, digest.Options{
		MaxStories: cfg.Content.MaxStories, MaxTakeaways: cfg.Content.MaxTakeaways,
		Subject: cfg.Newsletter.Subject, Intro: cfg.Newsletter.Intro, Outro: cfg.Newsletter.Outro,
		OldestFirst: cfg.Content.Order == "oldest", Now: a.now,
	})
}

func (a *app) renderer() (*templates.Renderer, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	theme, err := templates.LoadTheme(cfg.Templates.Dir)
	if err != nil {
		return nil, cfg.errorf("templates.dir", "%v", err)
	}
	return templates.New(theme)
}

// builder builds every message: the bulk copies, previews, the outbox,
// render's issue.eml and confirmation mails, DKIM-signed when configured.
func (a *app) builder(opts ...mailer.BuilderOption) (*mailer.Builder, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	opts = append([]mailer.BuilderOption{mailer.WithClock(a.now)}, opts...)
	if d := cfg.DKIM; d.Domain != "" {
		dk, err := mailer.LoadDKIM(d.Domain, d.Selector, d.KeyFile)
		if err != nil {
			return nil, cfg.errorf("dkim.key_file", "%v", err)
		}
		opts = append(opts, mailer.WithDKIM(dk))
	}
	return mailer.NewBuilder(mailer.Identity{Name: cfg.Newsletter.Name, From: cfg.Newsletter.From, ReplyTo: cfg.Newsletter.ReplyTo}, opts...)
}

// linker signs links with the secret from the environment variable that
// secret_env names or, when it is unset, the one kept in the database.
func (a *app) linker(ctx context.Context, st *subscribers.Store) (*subscribers.LinkMaker, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	secret, err := a.secret(ctx, st)
	if err != nil {
		return nil, err
	}
	signer, err := subscribers.NewSigner(secret)
	if err != nil {
		return nil, err
	}
	mailTo := cfg.Newsletter.ReplyTo
	if mailTo == "" {
		mailTo = cfg.Newsletter.From
	}
	addr, _ := mail.ParseAddress(mailTo)
	return &subscribers.LinkMaker{Signer: signer, BaseURL: cfg.Newsletter.PublicURL, MailTo: addr.Address}, nil
}

// secret is the signing secret: from the environment variable secret_env
// names or, when it is unset, the one kept in the database.
func (a *app) secret(ctx context.Context, st *subscribers.Store) ([]byte, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	secret := []byte(a.getenv(cfg.SecretEnv))
	if len(secret) == 0 {
		return st.Secret(ctx)
	}
	if len(secret) < 16 {
		return nil, cfg.errorf("secret_env", "$%s is too short: use at least 16 characters", cfg.SecretEnv)
	}
	return secret, nil
}

// transport carries every message: SMTP connections when smtp.host is
// set, else the outbox folder (file names start with prefix); opts go to
// the message builder.
func (a *app) transport(prefix string, opts ...mailer.BuilderOption) (digest.Transport, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	b, err := a.builder(opts...)
	if err != nil {
		return nil, err
	}
	if cfg.SMTP.Host == "" {
		return &mailer.Outbox{Dir: cfg.Outbox, Builder: b, Prefix: prefix}, nil
	}
	sc, err := a.smtpConfig()
	if err != nil {
		return nil, err
	}
	return mailer.NewSMTPTransport(sc, b)
}

// smtpConfig is the SMTP server, with the password from the environment.
func (a *app) smtpConfig() (mailer.SMTPConfig, error) {
	cfg, err := a.config()
	if err != nil {
		return mailer.SMTPConfig{}, err
	}
	s := cfg.SMTP
	password := a.getenv(s.PasswordEnv)
	if s.Username != "" && password == "" {
		return mailer.SMTPConfig{}, cfg.errorf("smtp.username", "is set but $%s (smtp.password_env) is empty", s.PasswordEnv)
	}
	return mailer.SMTPConfig{Host: s.Host, Port: s.Port, Username: s.Username, Password: password,
		Auth: s.Auth, TLS: s.TLS, Timeout: s.Timeout, HELO: s.HELO}, nil
}

var errNoPreviewAddress = errors.New("no preview address: set preview.to in the config or pass --to")
