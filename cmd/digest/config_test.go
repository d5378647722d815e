package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/digest-dev/digest/mailer/mailtest"
)

func TestShippedConfigIsValid(t *testing.T) {
	cfg, err := LoadConfig("../../config.yaml", true, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database.Driver != "sqlite" || cfg.SecretEnv != "DIGEST_SECRET" || cfg.SMTP.Connections != 4 {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
	// Every key of the Config struct appears in the shipped example.
	data, _ := os.ReadFile("../../config.yaml")
	if err := eachLeafPath(func(path string) {
		last := path[strings.LastIndex(path, ".")+1:]
		if !strings.Contains(string(data), last+":") {
			t.Errorf("config.yaml does not show key %s", path)
		}
	}); err != nil {
		t.Fatal(err)
	}
}

func eachLeafPath(fn func(string)) error {
	return eachLeaf(reflect.ValueOf(DefaultConfig()).Elem(), "", func(path string, _ reflect.Value) error {
		fn(path)
		return nil
	})
}

func TestConfigErrorsNameLineAndKey(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", "smtp:\n  host: x\n  hots: y\n", ":3: smtp.hots: unknown key (did you mean \"host\"?)"},
		{"secret in file", "smtp:\n  password: hunter2\n", ":2: smtp.password: unknown key"},
		{"wrong type", "smtp:\n  port: many\n", `:2: smtp.port: want a whole number, got "many"`},
		{"number as text", "newsletter:\n  language: 12\n", ":2: newsletter.language: want text"},
		{"list expected", "preview:\n  to: a@example.com\n", ":2: preview.to: want a list"},
		{"bad address", "newsletter:\n  from: not an address\n", ":2: newsletter.from:"},
		{"bad timezone", "newsletter:\n  timezone: Mars/Olympus\n", ":2: newsletter.timezone: \"Mars/Olympus\" is not a time zone"},
		{"bad cron", "schedule:\n  cron: \"61 * * * *\"\n", ":2: schedule.cron:"},
		{"bad tls", "smtp:\n  tls: sometimes\n", ":2: smtp.tls:"},
		{"bad port", "smtp:\n  host: mail.example.com\n  port: 70000\n", ":3: smtp.port: must be 1-65535, got 70000"},
		{"bad source", "content:\n  sources:\n    - type: rss\n      path: x\n", ":3: content.sources[0].type: unknown source type \"rss\" (want content or feed)"},
		{"feed without url", "content:\n  sources:\n    - type: feed\n      name: A\n", ":3: content.sources[0].url: \"\" is not an absolute http(s) URL"},
		{"feed with relative url", "content:\n  sources:\n    - type: feed\n      url: /rss\n", ":4: content.sources[0].url: \"/rss\" is not an absolute http(s) URL"},
		{"feed twice", "content:\n  sources:\n    - type: feed\n      url: https://a.example/rss\n    - type: feed\n      url: https://a.example/rss\n", ":6: content.sources[1].url: the same feed as content.sources[0]"},
		{"feed with path", "content:\n  sources:\n    - type: feed\n      url: https://a.example/rss\n      path: x\n", ":5: content.sources[0].path: is for content sources only"},
		{"folder with url", "content:\n  sources:\n    - type: content\n      path: x\n      url: https://a.example/rss\n", ":5: content.sources[0].url: is for feed sources only"},
		{"fetch_pages not bool", "content:\n  sources:\n    - type: feed\n      url: https://a.example/rss\n      fetch_pages: sometimes\n", `:5: content.sources[0].fetch_pages: want true or false, got "sometimes"`},
		{"unknown source key", "content:\n  sources:\n    - type: feed\n      url: https://a.example/rss\n      fetch_page: false\n", `:5: content.sources[0].fetch_page: unknown key (did you mean "fetch_pages"?)`},
		{"bad timeout", "content:\n  fetch:\n    timeout: 0s\n", ":3: content.fetch.timeout: must be more than 0, got 0s"},
		{"bad max_bytes", "content:\n  fetch:\n    max_bytes: 10MB\n", `:3: content.fetch.max_bytes: want a whole number, got "10MB"`},
		{"tiny max_bytes", "content:\n  fetch:\n    max_bytes: 10\n", ":3: content.fetch.max_bytes: must be at least 1024 bytes, got 10"},
		{"bad allow_private", "content:\n  fetch:\n    allow_private: yes please\n", ":3: content.fetch.allow_private: want true or false"},
		{"bad max_age", "content:\n  max_age: -1h\n", ":2: content.max_age: must be 0 (no limit) or more, got -1h0m0s"},
		{"bad preview", "preview:\n  to: [ok@example.com, nope]\n", ":2: preview.to[1]:"},
		{"bad subject", "newsletter:\n  subject: \"{{.Name\"\n", ":2: newsletter.subject: bad template"},
		{"misspelt subject field", "newsletter:\n  subject: \"{{.Nme}} today\"\n", ":2: newsletter.subject: bad template: " +
			`template: subject:1:2: executing "subject" at <.Nme>: can't evaluate field Nme`},
		{"broken yaml", "smtp: [\n", ":1: did not find expected node content"},
		{"unclosed quote deep in a block", "newsletter:\n  name: A\nsmtp:\n  host: x\n  port: 25\n  username: \"me\n  helo: x\n", ":6: "},
		{"bad indentation deep in a block", "newsletter:\n  name: A\nsmtp:\n  host: x\n  port: 25\n port: 26\n  helo: x\n", ":6: did not find expected key"},
		{"duplicate key", "smtp:\n  port: 25\n  port: 587\n", ":3: smtp.port: defined twice (first on line 2)"},
		// The shared checks (config_check.go), key by key; with two bad
		// keys the first in the struct's order is reported, every time.
		{"bad reply_to", "newsletter:\n  reply_to: nope\n", `:2: newsletter.reply_to: "nope" is not an e-mail address`},
		{"bad public_url", "newsletter:\n  public_url: news.example.com\n", `:2: newsletter.public_url: "news.example.com" is not an absolute http(s) URL`},
		{"bad auth", "smtp:\n  auth: telepathy\n", `:2: smtp.auth: "telepathy": want one of `},
		{"negative takeaways", "content:\n  max_stories: -1\n  max_takeaways: -1\n", ":2: content.max_stories: must be 0 or more, got -1"},
		{"zero article bytes", "content:\n  max_article_bytes: 0\n", ":2: content.max_article_bytes: must be 1 or more, got 0"},
		{"negative per day", "smtp:\n  messages_per_connection: -1\n  max_per_day: -1\n", ":3: smtp.max_per_day: must be 0 (unlimited) or more, got -1"},
		{"zero attempts", "smtp:\n  bounce_threshold: 0\n  max_attempts: 0\n", ":3: smtp.max_attempts: must be 1 or more, got 0"},
		{"bad password_env", "smtp:\n  password_env: SMTP-PASSWORD\n", `:2: smtp.password_env: "SMTP-PASSWORD" is not an environment variable name`},
		{"bad secret_env", "secret_env: 1SECRET\n", `:1: secret_env: "1SECRET" is not an environment variable name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.yaml)
			_, err := LoadConfig(path, true, noEnv)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), path) {
				t.Errorf("err = %v, want %s%s", err, path, tt.want)
			}
		})
	}
}

func TestBadConfigExitsTwo(t *testing.T) {
	e := newTestEnv(t, "smtp:\n  prot: 25\n")
	code, _, errOut := e.run("send", "--preview")
	if code != exitUsage || !strings.Contains(errOut, "config.yaml:13: smtp.prot: unknown key") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runArgs("--config", "/nonexistent/config.yaml", "send")
	if code != exitUsage || !strings.Contains(errOut, "/nonexistent/config.yaml") {
		t.Errorf("missing explicit config: exit %d, %q", code, errOut)
	}
}

func TestEnvOverridesFileAndFlagsOverrideEnv(t *testing.T) {
	path := writeConfig(t, "smtp:\n  host: file.example.com\n  port: 25\n")
	env := map[string]string{"DIGEST_SMTP_HOST": "env.example.com", "DIGEST_SMTP_RATE_PER_SECOND": "12.5",
		"DIGEST_PREVIEW_TO": "a@example.com, b@example.com", "DIGEST_CONTENT_SOURCES": "content:/srv/articles"}
	cfg, err := LoadConfig(path, true, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SMTP.Host != "env.example.com" || cfg.SMTP.Port != 25 || cfg.SMTP.RatePerSecond != 12.5 ||
		len(cfg.Preview.To) != 2 || cfg.Content.Sources[0].Path != "/srv/articles" {
		t.Errorf("cfg = %+v", cfg)
	}
	env["DIGEST_SMTP_PORT"] = "lots"
	if _, err := LoadConfig(path, true, func(k string) string { return env[k] }); err == nil || !strings.HasPrefix(err.Error(), "DIGEST_SMTP_PORT: smtp.port:") {
		t.Errorf("err = %v, want it to name the variable", err)
	}
}

func TestFeedSourcesFromFileAndEnv(t *testing.T) {
	path := writeConfig(t, "content:\n  sources:\n    - type: feed\n      url: https://a.example/rss\n      name: A Daily\n      fetch_pages: false\n    - type: content\n      path: articles\n")
	cfg, err := LoadConfig(path, true, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	no := false
	want := []SourceConfig{{Type: "feed", URL: "https://a.example/rss", Name: "A Daily", FetchPages: &no},
		{Type: "content", Path: filepath.Join(filepath.Dir(path), "articles")}}
	if !reflect.DeepEqual(cfg.Content.Sources, want) {
		t.Errorf("sources = %+v, want %+v", cfg.Content.Sources, want)
	}
	if f := cfg.Content.Fetch; f.Timeout != 20*time.Second || f.MaxBytes != 10<<20 || f.AllowPrivate || cfg.Content.MaxAge != 48*time.Hour {
		t.Errorf("defaults: fetch %+v, max_age %s", f, cfg.Content.MaxAge)
	}
	env := map[string]string{"DIGEST_CONTENT_SOURCES": "feed:https://a.example/rss,content:/srv/articles",
		"DIGEST_CONTENT_FETCH_TIMEOUT": "5s", "DIGEST_CONTENT_FETCH_ALLOW_PRIVATE": "true", "DIGEST_CONTENT_MAX_AGE": "24h"}
	cfg, err = LoadConfig(path, true, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want = []SourceConfig{{Type: "feed", URL: "https://a.example/rss"}, {Type: "content", Path: "/srv/articles"}}
	if !reflect.DeepEqual(cfg.Content.Sources, want) || cfg.Content.Fetch.Timeout != 5*time.Second || !cfg.Content.Fetch.AllowPrivate || cfg.Content.MaxAge != 24*time.Hour {
		t.Errorf("from env: sources %+v, fetch %+v, max_age %s", cfg.Content.Sources, cfg.Content.Fetch, cfg.Content.MaxAge)
	}
	env["DIGEST_CONTENT_SOURCES"] = "feed:ftp://a.example/rss"
	if _, err := LoadConfig(path, true, func(k string) string { return env[k] }); err == nil || err.Error() != `DIGEST_CONTENT_SOURCES: content.sources[0].url: "ftp://a.example/rss" is not an absolute http(s) URL` {
		t.Errorf("err = %v", err)
	}
}

func TestRelativePathsFollowTheConfigFile(t *testing.T) {
	path := writeConfig(t, "database:\n  dsn: data/digest.db\noutbox: mail\n")
	cfg, err := LoadConfig(path, true, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	if cfg.Database.DSN != filepath.Join(dir, "data/digest.db") || cfg.Outbox != filepath.Join(dir, "mail") {
		t.Errorf("dsn %s outbox %s", cfg.Database.DSN, cfg.Outbox)
	}
}

func TestSecretsAreNotLogged(t *testing.T) {
	srv, smtpYAML := startSMTP(t, func(s *mailtest.Server) { s.Username, s.Password = "u", "correct-horse" })
	_ = srv
	e := newTestEnv(t, smtpYAML+"  username: u\n  auth: plain\n")
	e.env["DIGEST_SMTP_PASSWORD"] = "wrong-password-123"
	e.env["DIGEST_SECRET"] = "a-signing-secret-of-enough-length"
	e.mustRun("subscribers", "add", "ada@example.com")
	_, out, errOut := e.run("-v", "send")
	for _, secret := range []string{"wrong-password-123", "a-signing-secret-of-enough-length"} {
		if strings.Contains(out+errOut, secret) {
			t.Errorf("secret %q printed", secret)
		}
	}
}

func TestSetFlagOverridesEnv(t *testing.T) {
	e := newTestEnv(t, "")
	e.env["DIGEST_OUTBOX"] = filepath.Join(e.dir, "from-env")
	e.mustRun("--set", "outbox="+filepath.Join(e.dir, "from-flag"), "send", "--preview")
	if files, _ := filepath.Glob(filepath.Join(e.dir, "from-flag", "*.eml")); len(files) != 1 {
		t.Errorf("--set did not win over the environment: %v", files)
	}
	if code, _, errOut := e.run("--set", "smtp.nope=1", "send"); code != exitUsage || !strings.Contains(errOut, "--set: smtp.nope: unknown key") {
		t.Errorf("exit %d %q", code, errOut)
	}
}

// TestMisspeltEnvironmentVariable: DIGEST_SMTP_HOTS is an error, as an
// unknown key in the file is; variables that hold secrets are not settings.
func TestMisspeltEnvironmentVariable(t *testing.T) {
	e := newTestEnv(t, "")
	e.env["DIGEST_SMTP_HOTS"] = "mail.example.com"
	code, _, errOut := e.run("send", "--dry-run")
	if code != exitUsage || !strings.Contains(errOut, "DIGEST_SMTP_HOTS: no such setting (did you mean DIGEST_SMTP_HOST?)") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	delete(e.env, "DIGEST_SMTP_HOTS")
	e.env["DIGEST_SMTP_PASSWORD"] = "secret"
	e.env["DIGEST_SECRET"] = "a long enough signing secret"
	if code, _, errOut := e.run("send", "--dry-run"); code != exitOK {
		t.Errorf("secrets refused as settings: exit %d: %s", code, errOut)
	}
}

// TestOutputPathsFailPlainly: a file where a folder should be, or a folder
// that is not there, is a usage error that says so.
func TestOutputPathsFailPlainly(t *testing.T) {
	e := newTestEnv(t, "")
	file := e.file("not-a-folder", "x")
	code, _, errOut := e.run("render", "--out", file)
	if code != exitUsage || !strings.Contains(errOut, "is a file") {
		t.Errorf("render --out FILE: exit %d %q", code, errOut)
	}
	missing := filepath.Join(e.dir, "no", "such", "folder", "list.csv")
	code, _, errOut = e.run("subscribers", "export", missing)
	if code != exitUsage || !strings.Contains(errOut, "there is no folder") || strings.Contains(errOut, ".list.csv.") {
		t.Errorf("export into a missing folder: exit %d %q", code, errOut)
	}
}
