package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// env is what the process gives every command: its streams, environment
// and clock, the logger, and the config, loaded once before any command
// runs.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	cfg            *Config
	log            *slog.Logger
}

// app is the command line: the global flags, and the env they lead to.
type app struct {
	env
	environ        []string // checked for misspelt DIGEST_* names
	configPath     string
	configExplicit bool
	verbose        bool
	sets           []string
}

// run is the program: environ is the process's environment (KEY=value).
func run(ctx context.Context, args []string, environ []string, stdin io.Reader, stdout, stderr io.Writer) int {
	vars := make(map[string]string, len(environ))
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	a := &app{env: env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: func(k string) string { return vars[k] }, now: time.Now},
		environ: environ}
	return a.run(ctx, args)
}

func (a *app) run(ctx context.Context, args []string) int {
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	err := root.ExecuteContext(ctx)
	if err != nil && isCobraUsage(err) {
		err = &usageError{err: err}
	}
	return exitCode(err, a.stderr)
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "digest",
		Short: "Collect takeaways, assemble a daily issue and mail it to your subscribers",
		Long: `digest collects stories and their numbered takeaways from folders of
articles and from feeds, assembles them into the day's issue, renders
it once as a responsive HTML email with a plain-text part, and sends it
to every active subscriber exactly once.`,
		Example: `  digest send --preview            # the next issue, to preview.to (or the outbox)
  digest parse --json article.md    # what the parser makes of an article
  digest render --out /tmp/issue    # issue.html, issue.txt and issue.eml
  digest subscribers add ada@example.com --name "Ada Lovelace"
  digest send                       # the issue, to every active subscriber`,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			a.configExplicit = cmd.Flags().Changed("config") || a.getenv("DIGEST_CONFIG") != ""
			a.setLogger()
			if noConfig[cmd.Name()] {
				return nil
			}
			cfg, err := LoadConfig(a.configPath, a.configExplicit, a.getenv, a.sets...)
			if err != nil {
				return err
			}
			a.cfg = cfg
			return cfg.CheckEnvNames(a.environ)
		},
	}
	defaultConfig := "config.yaml"
	if p := a.getenv("DIGEST_CONFIG"); p != "" {
		defaultConfig = p
	}
	root.PersistentFlags().StringVar(&a.configPath, "config", defaultConfig, "config file (env DIGEST_CONFIG)")
	root.PersistentFlags().StringArrayVar(&a.sets, "set", nil, "override a config key, e.g. --set smtp.host=mail.example.com (repeatable)")
	root.PersistentFlags().BoolVarP(&a.verbose, "verbose", "v", false, "log debug detail")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{err: errors.New(err.Error() + "\n\n" + c.UsageString())}
	})
	root.SetUsageTemplate(root.UsageTemplate() + "\n" + exitStatusHelp)
	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(a.parseCommand(), a.renderCommand(), a.sendCommand(), a.subscribersCommand(), a.issuesCommand(), a.runCommand(), a.sourcesCommand(), a.bouncesCommand(), a.versionCommand())
	return root
}

func (a *app) setLogger() {
	level := slog.LevelInfo
	if a.verbose {
		level = slog.LevelDebug
	}
	a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
}

// noConfig are the commands that run without loading the config.
var noConfig = map[string]bool{"version": true, "help": true, "completion": true}

// isCobraUsage spots cobra's own argument errors, which are plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires exactly", "invalid argument", "if any flags in the group"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
