package subscribers

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"unicode/utf8"
)

// execer is what both a *sql.DB and a *sql.Tx offer.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// noteKeys records attribute keys in attribute_keys.
func (s *Store) noteKeys(ctx context.Context, ex execer, keys map[string]bool) error {
	for k := range keys {
		if _, err := ex.ExecContext(ctx, s.q(`INSERT INTO attribute_keys (key) VALUES (?) ON CONFLICT DO NOTHING`), k); err != nil {
			return fmt.Errorf("note attribute key %q: %w", k, err)
		}
	}
	return nil
}

// AttributeKeys lists every attribute key in use, sorted.
func (s *Store) AttributeKeys(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key FROM attribute_keys`)
	if err != nil {
		return nil, fmt.Errorf("attribute keys: %w", err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		if !IsReserved(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys, rows.Err()
}

// parseAttrs decodes a flat JSON object of strings, as digest writes it,
// several times faster than encoding/json; anything else falls back to it.
func parseAttrs(b []byte, into map[string]string) error {
	clear(into)
	p := attrParser{b: b}
	if p.flat(into) {
		return nil
	}
	clear(into)
	return json.Unmarshal(b, &into)
}

type attrParser struct {
	b []byte
	i int
}

func (p *attrParser) flat(into map[string]string) bool {
	if !p.byte('{') {
		return false
	}
	if p.byte('}') {
		return p.end()
	}
	for {
		k, ok := p.str()
		if !ok || !p.byte(':') {
			return false
		}
		v, ok := p.str()
		if !ok {
			return false
		}
		into[k] = v
		if p.byte('}') {
			return p.end()
		}
		if !p.byte(',') {
			return false
		}
	}
}

func (p *attrParser) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

func (p *attrParser) byte(c byte) bool {
	p.space()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *attrParser) end() bool { p.space(); return p.i == len(p.b) }

// str reads a string without escapes; escaped strings go to encoding/json.
func (p *attrParser) str() (string, bool) {
	if !p.byte('"') {
		return "", false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			return string(s), utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return "", false
		}
		p.i++
	}
	return "", false
}
