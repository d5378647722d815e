package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// LoadConfig builds the config: defaults, then the file (when it exists;
// a missing file is an error only when it was named explicitly), then
// DIGEST_* variables from env, then "key=value" overrides from --set flags,
// then Validate.
func LoadConfig(path string, explicit bool, getenv func(string) string, sets ...string) (*Config, error) {
	c := DefaultConfig()
	c.lines = map[string]int{}
	c.fromEnv = map[string]string{}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		c.file = path
		if err := c.decode(data); err != nil {
			return nil, err
		}
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	default:
		return nil, &ConfigError{Where: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPath(err))}
	}
	if err := c.applyEnv(getenv); err != nil {
		return nil, err
	}
	if err := c.applySets(sets); err != nil {
		return nil, err
	}
	c.resolvePaths()
	return c, c.Validate()
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// decode reads YAML strictly: every key must be known and every value of
// the right type; errors carry the line.
func (c *Config) decode(data []byte) error {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil // an empty file: defaults
		}
		return c.syntaxError(data, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	return c.decodeNode(doc.Content[0], reflect.ValueOf(c).Elem(), "")
}

// yamlLine is the "line N: " yaml puts in front of a syntax error.
var yamlLine = regexp.MustCompile(`^yaml: (line \d+: )?`)

// syntaxError names the line at fault. yaml reports where the enclosing
// block began (a fault on line 53 of the smtp block comes out as "line
// 51", or "line 7" for the whole file), so the line is found again: the
// first line whose prefix of the file no longer parses.
func (c *Config) syntaxError(data []byte, err error) error {
	lines := bytes.SplitAfter(data, []byte("\n"))
	parses := func(n int) bool {
		var node yaml.Node
		err := yaml.Unmarshal(bytes.Join(lines[:n], nil), &node)
		return err == nil
	}
	lo, hi := 0, len(lines) // parses(lo), !parses(hi)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if parses(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	msg := yamlLine.ReplaceAllString(err.Error(), "")
	text := strings.TrimSpace(string(lines[hi-1]))
	if len(text) > 60 {
		text = text[:60] + "…"
	}
	return &ConfigError{Where: fmt.Sprintf("%s:%d", c.file, hi), Msg: fmt.Sprintf("%s: %q", msg, text)}
}

var durationType = reflect.TypeOf(time.Duration(0))

func (c *Config) decodeNode(n *yaml.Node, v reflect.Value, path string) error {
	if path != "" {
		c.lines[path] = n.Line
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch {
	case v.Kind() == reflect.Struct:
		return c.decodeStruct(n, v, path)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		if n.Kind != yaml.SequenceNode {
			return c.atLine(n, path, "want a list")
		}
		v.Set(reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content)))
		for i, e := range n.Content {
			if err := c.decodeNode(e, v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	return c.decodeScalar(n, v, path)
}

func (c *Config) decodeStruct(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.MappingNode {
		return c.atLine(n, path, "want a mapping of keys")
	}
	fields := yamlFields(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := join(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			return c.atLine(k, key, fmt.Sprintf("defined twice (first on line %d)", first))
		}
		seen[k.Value] = k.Line
		idx, ok := fields[k.Value]
		if !ok {
			msg := "unknown key"
			if s := closest(k.Value, keysOf(fields)); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return c.atLine(k, key, msg)
		}
		c.lines[key] = k.Line
		if err := c.decodeNode(val, v.Field(idx), key); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) decodeScalar(n *yaml.Node, v reflect.Value, path string) error {
	if v.Kind() == reflect.Slice && n.Kind != yaml.SequenceNode {
		return c.atLine(n, path, "want a list")
	}
	if v.Kind() == reflect.Slice {
		for i, e := range n.Content {
			c.lines[fmt.Sprintf("%s[%d]", path, i)] = e.Line
		}
	}
	if v.Kind() != reflect.Slice && n.Kind != yaml.ScalarNode {
		return c.atLine(n, path, fmt.Sprintf("want %s, got a %s", typeName(v.Type()), kindName(n.Kind)))
	}
	if v.Kind() == reflect.String && n.Tag != "!!str" && n.Tag != "!!null" {
		return c.atLine(n, path, fmt.Sprintf("want text, got %q (quote it)", n.Value))
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		return c.atLine(n, path, fmt.Sprintf("want %s, got %q", typeName(v.Type()), n.Value))
	}
	return nil
}

func (c *Config) atLine(n *yaml.Node, key, msg string) error {
	return &ConfigError{Where: fmt.Sprintf("%s:%d", c.file, n.Line), Key: key, Msg: msg}
}

// applyEnv overrides each key from DIGEST_<PATH> (dots as underscores).
// Lists take comma-separated values; content.sources takes "content:PATH"
// and "feed:URL" items.
func (c *Config) applyEnv(getenv func(string) string) error {
	return eachLeaf(reflect.ValueOf(c).Elem(), "", func(path string, v reflect.Value) error {
		name := envVar(path)
		if raw := getenv(name); raw != "" {
			return c.override(name, name, path, v, raw)
		}
		return nil
	})
}

// envVar is the DIGEST_* variable of a key: dots as underscores.
func envVar(path string) string {
	return "DIGEST_" + strings.ToUpper(strings.ReplaceAll(path, ".", "_"))
}

// override sets one key from the environment or a --set flag: where
// names the source in an error about the value, origin in later errors
// about the key (Validate's).
func (c *Config) override(where, origin, path string, v reflect.Value, raw string) error {
	c.fromEnv[path] = origin
	if err := setFromString(v, raw); err != nil {
		return &ConfigError{Where: where, Key: path, Msg: err.Error()}
	}
	return nil
}

// CheckEnvNames refuses a DIGEST_* variable that names no setting (a
// misspelt DIGEST_SMTP_HOTS would otherwise be ignored in silence), with
// the nearest name. The variables that hold secrets (named by the *_env
// keys), DIGEST_CONFIG and DIGEST_TEST_* are not settings and pass.
func (c *Config) CheckEnvNames(environ []string) error {
	known := map[string]bool{"DIGEST_CONFIG": true, "DIGEST_CPUPROFILE": true}
	var names []string
	eachLeaf(reflect.ValueOf(c).Elem(), "", func(path string, v reflect.Value) error {
		name := envVar(path)
		known[name] = true
		names = append(names, name)
		if strings.HasSuffix(path, "_env") && v.Kind() == reflect.String {
			known[v.String()] = true
		}
		return nil
	})
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "DIGEST_") || known[name] || strings.HasPrefix(name, "DIGEST_TEST_") {
			continue
		}
		msg := "no such setting"
		if s := closest(name, names); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return &ConfigError{Where: name, Msg: msg}
	}
	return nil
}

// applySets applies --set key=value flags, which override file and env.
func (c *Config) applySets(sets []string) error {
	for _, kv := range sets {
		key, val, ok := strings.Cut(kv, "=")
		if !ok {
			return &ConfigError{Where: "--set", Msg: fmt.Sprintf("%q: want key=value", kv)}
		}
		found := false
		err := eachLeaf(reflect.ValueOf(c).Elem(), "", func(path string, v reflect.Value) error {
			if path != key {
				return nil
			}
			found = true
			return c.override("--set", "--set "+key, path, v, val)
		})
		if err != nil {
			return err
		}
		if !found {
			msg := "unknown key"
			if k := closest(key, c.keys()); k != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", k)
			}
			return &ConfigError{Where: "--set", Key: key, Msg: msg}
		}
	}
	return nil
}

// keys lists every setting's dotted key.
func (c *Config) keys() []string {
	var out []string
	eachLeaf(reflect.ValueOf(c).Elem(), "", func(path string, _ reflect.Value) error {
		out = append(out, path)
		return nil
	})
	return out
}

func eachLeaf(v reflect.Value, path string, fn func(string, reflect.Value) error) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		fv := v.Field(i)
		if fv.Kind() == reflect.Struct && f.Type != durationType {
			if err := eachLeaf(fv, join(path, tag), fn); err != nil {
				return err
			}
			continue
		}
		if err := fn(join(path, tag), fv); err != nil {
			return err
		}
	}
	return nil
}

func setFromString(v reflect.Value, raw string) error {
	switch {
	case v.Kind() == reflect.String:
		v.SetString(raw)
		return nil
	case v.Type() == reflect.TypeOf([]SourceConfig{}):
		var out []SourceConfig
		for _, s := range splitList(raw) {
			typ, p, ok := strings.Cut(s, ":")
			if !ok {
				return fmt.Errorf("%q: want content:PATH or feed:URL", s)
			}
			if typ == "feed" {
				out = append(out, SourceConfig{Type: typ, URL: p})
				continue
			}
			out = append(out, SourceConfig{Type: typ, Path: p})
		}
		v.Set(reflect.ValueOf(out))
		return nil
	case v.Kind() == reflect.Slice:
		v.Set(reflect.ValueOf(splitList(raw)))
		return nil
	}
	if err := yaml.Unmarshal([]byte(raw), v.Addr().Interface()); err != nil {
		return fmt.Errorf("want %s, got %q", typeName(v.Type()), raw)
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func yamlFields(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		if tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]; tag != "" && tag != "-" {
			out[tag] = i
		}
	}
	return out
}

func keysOf(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func typeName(t reflect.Type) string {
	switch {
	case t == durationType:
		return "a duration such as 30s or 10m"
	case t.Kind() == reflect.Pointer:
		return typeName(t.Elem())
	case t.Kind() == reflect.Int, t.Kind() == reflect.Int64:
		return "a whole number"
	case t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Slice:
		return "a list"
	}
	return "text"
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}

// closest suggests the known key nearest to a misspelt one.
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
