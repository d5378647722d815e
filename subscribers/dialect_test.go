package subscribers

import "testing"

func TestRebindFrom(t *testing.T) {
	tests := []struct {
		name, query string
		from        int
		want        string
	}{
		{"a whole query", `SELECT id FROM subscribers WHERE status = ? AND id > ? LIMIT ?`, 1,
			`SELECT id FROM subscribers WHERE status = $1 AND id > $2 LIMIT $3`},
		{"a fragment after seven", `, coalesce((attributes->>?), ''), coalesce((attributes->>?), '')`, 8,
			`, coalesce((attributes->>$8), ''), coalesce((attributes->>$9), '')`},
		{"none", `SELECT 1`, 1, `SELECT 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rebindFrom(tt.query, tt.from); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
