package main

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/digest-dev/digest/digest"
	"github.com/digest-dev/digest/digest/schedule"
	"github.com/digest-dev/digest/mailer"
)

// Config is every setting of digest: defaults, then config.yaml, then
// DIGEST_* environment variables, then flags. Secrets are not here: the
// config names the environment variables that hold them.
type Config struct {
	Newsletter NewsletterConfig `yaml:"newsletter"`
	Schedule   ScheduleConfig   `yaml:"schedule"`
	Content    ContentConfig    `yaml:"content"`
	Database   DatabaseConfig   `yaml:"database"`
	SMTP       SMTPConfig       `yaml:"smtp"`
	Delivery   DeliveryConfig   `yaml:"delivery"`
	Bounces    BouncesConfig    `yaml:"bounces"`
	DKIM       DKIMConfig       `yaml:"dkim"`
	Outbox     string           `yaml:"outbox"`
	Preview    PreviewConfig    `yaml:"preview"`
	HTTP       HTTPConfig       `yaml:"http"`
	SecretEnv  string           `yaml:"secret_env"`
	Templates  TemplatesConfig  `yaml:"templates"`

	// Resolved at load time.
	location *time.Location
	schedule *schedule.Schedule // schedule.cron, parsed once
	file     string             // the config file read, "" when none
	lines    map[string]int     // key path -> line in file
	fromEnv  map[string]string
}

// NewsletterConfig describes the publication.
type NewsletterConfig struct {
	Name      string   `yaml:"name"`
	From      string   `yaml:"from"`
	ReplyTo   string   `yaml:"reply_to"`
	PublicURL string   `yaml:"public_url"`
	Address   string   `yaml:"address"`
	Timezone  string   `yaml:"timezone"`
	Language  string   `yaml:"language"`
	Subject   string   `yaml:"subject"`
	Intro     []string `yaml:"intro"`
	Outro     []string `yaml:"outro"`
}

// ScheduleConfig is when `digest run` sends.
type ScheduleConfig struct {
	Cron          string        `yaml:"cron"`
	CatchUpWithin time.Duration `yaml:"catch_up_within"`
	LocalTime     string        `yaml:"local_time"`
}

// ContentConfig is where stories come from and how many go in an issue.
type ContentConfig struct {
	Sources      []SourceConfig `yaml:"sources"`
	MaxStories   int            `yaml:"max_stories"`
	MaxTakeaways int            `yaml:"max_takeaways"`
	SummaryWords int            `yaml:"summary_words"`
	Order        string         `yaml:"order"`
	Fetch        FetchConfig    `yaml:"fetch"`
	MaxAge       time.Duration  `yaml:"max_age"`
	// MaxArticleBytes is the largest article file read; a larger one is
	// refused by name.
	MaxArticleBytes int `yaml:"max_article_bytes"`
	// KeyPoints extracts key points from an article without takeaways.
	KeyPoints bool `yaml:"key_points"`
}

// DatabaseConfig is the store.
type DatabaseConfig struct {
	Driver string `yaml:"driver"`
	DSN    string `yaml:"dsn"`
	// DurableOutcomes: see subscribers.Options.
	DurableOutcomes bool `yaml:"durable_outcomes"`
}

// SMTPConfig is the SMTP server and how hard to push it.
type SMTPConfig struct {
	Host          string        `yaml:"host"`
	Port          int           `yaml:"port"`
	Username      string        `yaml:"username"`
	PasswordEnv   string        `yaml:"password_env"`
	Auth          string        `yaml:"auth"`
	TLS           string        `yaml:"tls"`
	Connections   int           `yaml:"connections"`
	RatePerSecond float64       `yaml:"rate_per_second"`
	MaxPerDay     int           `yaml:"max_per_day"`
	PerConnection int           `yaml:"messages_per_connection"`
	RetryBackoff  time.Duration `yaml:"retry_backoff"`
	RetryMax      time.Duration `yaml:"retry_backoff_max"`
	MaxAttempts   int           `yaml:"max_attempts"`
	BounceAfter   int           `yaml:"bounce_threshold"`
	Timeout       time.Duration `yaml:"timeout"`
	// QueueLifetime is how long deferred deliveries are retried, counted
	// from the creation, like an MTA's queue.
	QueueLifetime time.Duration `yaml:"queue_lifetime"`
	// ResendUnconfirmed resends once, after the back-off, a message whose
	// reply was lost (it may then arrive twice); false leaves it unconfirmed.
	ResendUnconfirmed bool   `yaml:"resend_unconfirmed"`
	HELO              string `yaml:"helo"`
	ReturnPath        string `yaml:"return_path"`
}

// DeliveryConfig is how several processes share a send (PostgreSQL).
type DeliveryConfig struct {
	// Lease is how long a process's claim on a batch of deliveries holds
	// without renewal: a dead process's rows come back after it.
	Lease time.Duration `yaml:"lease"`
}

// DKIMConfig is the optional DKIM signing key; empty domain: no signing.
type DKIMConfig struct {
	Domain   string `yaml:"domain"`
	Selector string `yaml:"selector"`
	KeyFile  string `yaml:"key_file"`
}

// PreviewConfig is where previews go.
type PreviewConfig struct {
	To []string `yaml:"to"`
}

// HTTPConfig is the web server of `digest run`.
type HTTPConfig struct {
	Listen string `yaml:"listen"`
}

// TemplatesConfig overrides the embedded theme.
type TemplatesConfig struct {
	Dir string `yaml:"dir"`
}

// DefaultConfig is what digest runs with when config.yaml says nothing.
func DefaultConfig() *Config {
	return &Config{
		Newsletter: NewsletterConfig{
			Name: "The Daily Digest", From: "The Daily Digest <digest@" + placeholderDomain + ">",
			PublicURL: "http://localhost:8080", Timezone: "UTC", Language: "en",
			Subject: digest.DefaultSubject,
		},
		Schedule: ScheduleConfig{Cron: "0 7 * * *", CatchUpWithin: 6 * time.Hour},
		Content: ContentConfig{Sources: []SourceConfig{{Type: "content", Path: "examples/content"}}, MaxStories: 10, MaxTakeaways: 5, SummaryWords: 30, Order: "newest",
			Fetch: FetchConfig{Timeout: 20 * time.Second, MaxBytes: 10 << 20}, MaxAge: 48 * time.Hour,
			MaxArticleBytes: 5 << 20, KeyPoints: true},
		Database: DatabaseConfig{Driver: "sqlite", DSN: "digest.db"},
		SMTP: SMTPConfig{Port: 587, PasswordEnv: "DIGEST_SMTP_PASSWORD", Auth: "auto", TLS: "mandatory", Connections: 4, Timeout: 30 * time.Second,
			PerConnection: 1000, RetryBackoff: 30 * time.Second, RetryMax: 10 * time.Minute, MaxAttempts: 5, BounceAfter: 1,
			QueueLifetime: 72 * time.Hour, ResendUnconfirmed: true},
		Bounces:   defaultBounces(),
		Delivery:  DeliveryConfig{Lease: 60 * time.Second},
		Outbox:    "outbox",
		HTTP:      HTTPConfig{Listen: "127.0.0.1:8080"},
		SecretEnv: "DIGEST_SECRET",
	}
}

// ConfigError is a bad setting: where it came from, the key and what is wrong.
type ConfigError struct {
	Where string // "config.yaml:12", "DIGEST_SMTP_PORT", "config.yaml"
	Key   string
	Msg   string
}

func (e *ConfigError) Error() string {
	if e.Key == "" {
		return e.Where + ": " + e.Msg
	}
	return fmt.Sprintf("%s: %s: %s", e.Where, e.Key, e.Msg)
}

// where names the origin of a key's value for an error message: the
// variable or flag that set it (or a list holding it), else its line in
// the file, or the line of the nearest key holding it when it is missing.
func (c *Config) where(key string) string {
	for k := key; k != ""; k = parentKey(k) {
		if env, ok := c.fromEnv[k]; ok {
			return env
		}
	}
	name := c.file
	if name == "" {
		name = "the built-in defaults (no config.yaml here)"
	}
	for k := key; k != ""; k = parentKey(k) {
		if line, ok := c.lines[k]; ok {
			return fmt.Sprintf("%s:%d", name, line)
		}
	}
	return name
}

// parentKey is the key holding key: "a.b[2].c" -> "a.b[2]" -> "a.b" -> "a".
func parentKey(key string) string {
	if i := strings.LastIndexAny(key, ".["); i > 0 {
		return key[:i]
	}
	return ""
}

func (c *Config) errorf(key, format string, args ...any) error {
	return &ConfigError{Where: c.where(key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

// placeholderDomain is the default From address's domain: fine for the
// outbox and a preview, never for subscribers' mail.
const placeholderDomain = "localhost.localdomain"

// checkRealFrom refuses to mail subscribers through smtp.host from the
// built-in placeholder address.
func (c *Config) checkRealFrom() error {
	if c.SMTP.Host != "" && strings.Contains(c.Newsletter.From, "@"+placeholderDomain) {
		return c.errorf("newsletter.from", "%q is the built-in placeholder: set a From address on your own domain before sending to subscribers through smtp.host", c.Newsletter.From)
	}
	return nil
}

// maxConnections caps smtp.connections: past it a send only trips the
// server's limits and exhausts the machine's descriptors.
const maxConnections = 200

var (
	langTag  = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	tlsModes = []string{"mandatory", "opportunistic", "none"}
)

// Validate checks every setting, returning the first problem.
func (c *Config) Validate() error {
	for _, check := range []func() error{c.validateNewsletter, c.validateContent, c.validateDelivery, c.validateBounces, c.validateRest} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validateNewsletter() error {
	n := &c.Newsletter
	if strings.TrimSpace(n.Name) == "" {
		return c.errorf("newsletter.name", "must not be empty")
	}
	if _, err := mail.ParseAddress(n.From); err != nil {
		return c.errorf("newsletter.from", "%q is not an e-mail address (want \"Name <addr@example.com>\")", n.From)
	}
	if n.ReplyTo != "" {
		if err := c.checkAddress("newsletter.reply_to", n.ReplyTo); err != nil {
			return err
		}
	}
	if err := c.checkHTTPURL("newsletter.public_url", n.PublicURL); err != nil {
		return err
	}
	loc, err := time.LoadLocation(n.Timezone)
	if err != nil || n.Timezone == "" {
		return c.errorf("newsletter.timezone", "%q is not a time zone (want an IANA name such as Europe/Berlin)", n.Timezone)
	}
	c.location = loc
	if !langTag.MatchString(n.Language) {
		return c.errorf("newsletter.language", "%q is not a language tag (want e.g. en or pt-BR)", n.Language)
	}
	if err := digest.CheckSubject(n.Subject); err != nil {
		return c.errorf("newsletter.subject", "bad template: %v", err)
	}
	sched, err := schedule.Parse(c.Schedule.Cron, loc)
	if err != nil {
		return c.errorf("schedule.cron", "%q: %v", c.Schedule.Cron, errors.Unwrap(err))
	}
	c.schedule = sched
	if lt := c.Schedule.LocalTime; lt != "" {
		if _, err := time.Parse("15:04", lt); err != nil {
			return c.errorf("schedule.local_time", "%q: want HH:MM, e.g. \"07:00\"", lt)
		}
	}
	if c.Schedule.CatchUpWithin < 0 {
		return c.errorf("schedule.catch_up_within", "must be 0 (never catch up) or more, got %s", c.Schedule.CatchUpWithin)
	}
	return nil
}

func (c *Config) validateContent() error {
	ct := &c.Content
	if len(ct.Sources) == 0 {
		return c.errorf("content.sources", "needs at least one source")
	}
	feeds := map[string]int{}
	for i, s := range ct.Sources {
		if err := c.validateSource(i, s, feeds); err != nil {
			return err
		}
	}
	if ct.Fetch.Timeout <= 0 {
		return c.errorf("content.fetch.timeout", "must be more than 0, got %s", ct.Fetch.Timeout)
	}
	if ct.Fetch.MaxBytes < 1024 {
		return c.errorf("content.fetch.max_bytes", "must be at least 1024 bytes, got %d", ct.Fetch.MaxBytes)
	}
	if ct.MaxAge < 0 {
		return c.errorf("content.max_age", "must be 0 (no limit) or more, got %s", ct.MaxAge)
	}
	if err := c.checkFloors(intFloor{"content.max_stories", ct.MaxStories, 0, ""}, intFloor{"content.max_takeaways", ct.MaxTakeaways, 0, ""},
		intFloor{"content.summary_words", ct.SummaryWords, 0, ""}, intFloor{"content.max_article_bytes", ct.MaxArticleBytes, 1, ""}); err != nil {
		return err
	}
	if ct.Order != "newest" && ct.Order != "oldest" {
		return c.errorf("content.order", "%q: want newest or oldest", ct.Order)
	}
	return nil
}

func (c *Config) validateDelivery() error {
	s := &c.SMTP
	if s.Host != "" && (s.Port < 1 || s.Port > 65535) {
		return c.errorf("smtp.port", "must be 1-65535, got %d", s.Port)
	}
	if err := c.checkOneOf("smtp.tls", s.TLS, tlsModes); err != nil {
		return err
	}
	if err := c.checkOneOf("smtp.auth", s.Auth, mailer.AuthMechanisms()); err != nil {
		return err
	}
	if s.Connections < 1 || s.Connections > maxConnections {
		return c.errorf("smtp.connections", "must be 1 to %d, got %d (most servers allow far fewer: 4 to 20 is usual)", maxConnections, s.Connections)
	}
	if c.Delivery.Lease < 3*time.Second {
		return c.errorf("delivery.lease", "must be at least 3s, got %s", c.Delivery.Lease)
	}
	if s.QueueLifetime < s.RetryMax {
		return c.errorf("smtp.queue_lifetime", "must be at least smtp.retry_backoff_max (%s), got %s", s.RetryMax, s.QueueLifetime)
	}
	if s.RatePerSecond < 0 {
		return c.errorf("smtp.rate_per_second", "must be 0 (unlimited) or more, got %g", s.RatePerSecond)
	}
	if err := c.checkFloors(intFloor{"smtp.max_per_day", s.MaxPerDay, 0, "unlimited"}, intFloor{"smtp.messages_per_connection", s.PerConnection, 0, "unlimited"},
		intFloor{"smtp.max_attempts", s.MaxAttempts, 1, ""}, intFloor{"smtp.bounce_threshold", s.BounceAfter, 1, ""}); err != nil {
		return err
	}
	if s.RetryBackoff <= 0 || s.RetryMax < s.RetryBackoff {
		return c.errorf("smtp.retry_backoff_max", "must be at least smtp.retry_backoff (%s), got %s", s.RetryBackoff, s.RetryMax)
	}
	if d := c.DKIM; d.Domain != "" && (d.Selector == "" || d.KeyFile == "") {
		return c.errorf("dkim.domain", "needs dkim.selector and dkim.key_file too")
	}
	if err := c.checkEnvName("smtp.password_env", s.PasswordEnv); err != nil {
		return err
	}
	if s.Host == "" && c.Outbox == "" {
		return c.errorf("outbox", "must be set when smtp.host is empty (mail goes to the outbox folder)")
	}
	for i, a := range c.Preview.To {
		if err := c.checkAddress(fmt.Sprintf("preview.to[%d]", i), a); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validateRest() error {
	switch c.Database.Driver {
	case "sqlite", "postgres":
	default:
		return c.errorf("database.driver", "%q: want sqlite or postgres", c.Database.Driver)
	}
	if c.Database.DSN == "" {
		return c.errorf("database.dsn", "must not be empty")
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Listen); err != nil {
		return c.errorf("http.listen", "%q: want host:port", c.HTTP.Listen)
	}
	return c.checkEnvName("secret_env", c.SecretEnv)
}

// resolvePaths makes relative paths relative to the config file's folder.
func (c *Config) resolvePaths() {
	if c.file == "" {
		return
	}
	dir := filepath.Dir(c.file)
	abs := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) && !c.setByEnv(p) {
			*p = filepath.Join(dir, *p)
		}
	}
	for i := range c.Content.Sources {
		abs(&c.Content.Sources[i].Path)
	}
	abs(&c.Outbox)
	abs(&c.Templates.Dir)
	abs(&c.DKIM.KeyFile)
	if c.Database.Driver == "sqlite" && c.Database.DSN != ":memory:" {
		abs(&c.Database.DSN)
	}
}

// setByEnv is true for a value that came from the environment (or a
// --set flag), which is taken relative to the working directory, as a
// shell user expects.
func (c *Config) setByEnv(p *string) bool {
	keys := map[*string]string{&c.Outbox: "outbox", &c.Templates.Dir: "templates.dir",
		&c.Database.DSN: "database.dsn", &c.DKIM.KeyFile: "dkim.key_file"}
	key, ok := keys[p]
	if !ok {
		key = "content.sources"
	}
	_, ok = c.fromEnv[key]
	return ok
}
