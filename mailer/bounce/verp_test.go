package bounce

import (
	"strings"
	"testing"
)

func TestVERPRoundTripSurvivesCaseFolding(t *testing.T) {
	v := newTestVERP(t)
	for _, c := range []struct {
		issue int
		sub   int64
	}{{1, 1}, {7, 42}, {100000, 1 << 40}} {
		addr := v.Address(c.issue, c.sub)
		local, domain, _ := strings.Cut(addr, "@")
		if domain != "news.example.com" || !strings.HasPrefix(local, "bounces+") || len(local) > 64 {
			t.Errorf("address %q: want bounces+<token>@news.example.com with a local part of at most 64 characters", addr)
		}
		for _, form := range []string{addr, strings.ToUpper(addr), "<" + addr + ">"} {
			issue, sub, ok := v.Parse(form)
			if !ok || issue != c.issue || sub != c.sub {
				t.Errorf("Parse(%q) = %d, %d, %v; want %d, %d", form, issue, sub, ok, c.issue, c.sub)
			}
		}
	}
}

func TestVERPRejectsWhatItDidNotSign(t *testing.T) {
	v := newTestVERP(t)
	other, err := NewVERP("bounces@news.example.com", []byte("another key, also 32 bytes long!"))
	if err != nil {
		t.Fatal(err)
	}
	good := v.Address(7, 42)
	tok := strings.TrimSuffix(strings.TrimPrefix(good, "bounces+"), "@news.example.com")
	flipped := []byte(tok)
	flipped[3] ^= 1 // a neighbouring letter in base32
	tests := map[string]string{
		"another key":     other.Address(7, 42),
		"tampered token":  "bounces+" + string(flipped) + "@news.example.com",
		"another domain":  "bounces+" + tok + "@elsewhere.example",
		"another local":   "returns+" + tok + "@news.example.com",
		"token cut short": "bounces+" + tok[:len(tok)-2] + "@news.example.com",
		"no token":        "bounces@news.example.com",
		"not base32":      "bounces+" + strings.Repeat("1", len(tok)) + "@news.example.com",
	}
	for name, addr := range tests {
		if issue, sub, ok := v.Parse(addr); ok {
			t.Errorf("%s: Parse(%q) accepted it as issue %d, subscriber %d", name, addr, issue, sub)
		}
	}
	if _, _, ok := v.Find([]byte("To: " + other.Address(7, 42) + "\r\n")); ok {
		t.Error("Find accepted a token signed with another key")
	}
	if issue, sub, ok := v.Find([]byte("X-Junk: bounces+zzzzzzzzzzzzzzzzzzzz@news.example.com\r\nTo: " + strings.ToUpper(good))); !ok || issue != 7 || sub != 42 {
		t.Errorf("Find skipped a bad token and missed the good one: %d %d %v", issue, sub, ok)
	}
}

func TestNewVERPValidates(t *testing.T) {
	for _, rp := range []string{"", "bounces", "Bounces <bounces@news.example.com>", "a@b@c"} {
		if _, err := NewVERP(rp, testKey); err == nil {
			t.Errorf("NewVERP(%q) accepted it", rp)
		}
	}
	if _, err := NewVERP("bounces@news.example.com", []byte("short")); err == nil {
		t.Error("NewVERP accepted a short key")
	}
}
