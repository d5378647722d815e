package digest

import "testing"

func TestParseMessageID(t *testing.T) {
	tests := []struct {
		name  string
		local string
		issue int
		sub   int64
		ok    bool
	}{
		{"salted", MessageID(12, 345, "k3j9x2ab"), 12, 345, true},
		{"unsalted", MessageID(1, 2, ""), 1, 2, true},
		{"folded to upper case", "ISSUE7.8.ABC", 7, 8, true},
		{"not ours", "preview3.abcdef.20261127", 0, 0, false},
		{"confirmation", "confirm.0123abcd.20261127", 0, 0, false},
		{"no subscriber", "issue3", 0, 0, false},
		{"subscriber zero", "issue3.0.abc", 0, 0, false},
		{"letters for a number", "issue3.x1.abc", 0, 0, false},
		{"too many parts", "issue3.4.abc.def", 0, 0, false},
		{"salt with a dash", "issue3.4.ab-c", 0, 0, false},
		{"issue too long", "issue1234567890.4", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issue, sub, ok := ParseMessageID(tt.local)
			if issue != tt.issue || sub != tt.sub || ok != tt.ok {
				t.Errorf("ParseMessageID(%q) = %d, %d, %v; want %d, %d, %v", tt.local, issue, sub, ok, tt.issue, tt.sub, tt.ok)
			}
		})
	}
}

// TestDeliveredMessageIDsAreMessageIDs: each copy a send makes carries
// MessageID's ID for its issue and subscriber, so a bounce quoting it is
// read back by ParseMessageID.
func TestDeliveredMessageIDsAreMessageIDs(t *testing.T) {
	st, srv := newFakeStore(3), newFakeServer()
	mustDeliver(t, newDeliverer(st, srv, fastOptions()))
	for i := 1; i <= 3; i++ {
		got, want := srv.ids[email(i)], MessageID(testIssue.Number, int64(i), testIssue.Salt)
		if got != want {
			t.Errorf("%s: Message-ID %q, want %q", email(i), got, want)
		}
		if issue, sub, ok := ParseMessageID(got); !ok || issue != testIssue.Number || sub != int64(i) {
			t.Errorf("ParseMessageID(%q) = %d, %d, %v", got, issue, sub, ok)
		}
	}
}
