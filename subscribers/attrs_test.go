package subscribers

import (
	"encoding/json"
	"testing"
)

func TestAttrsJSONMatchesEncodingJSON(t *testing.T) {
	as := []attr{{"a", `quote " and \ back`}, {"b", "tab\tnew\nline\x01"}, {"c", "ünïcödé <&>"}}
	var got map[string]string
	if err := json.Unmarshal(attrsJSON(as), &got); err != nil {
		t.Fatalf("%s: %v", attrsJSON(as), err)
	}
	for _, a := range as {
		if got[a.key] != a.value {
			t.Errorf("%s = %q, want %q", a.key, got[a.key], a.value)
		}
	}
	into := map[string]string{}
	if err := parseAttrs(attrsJSON(as), into); err != nil || len(into) != 3 || into["b"] != as[1].value {
		t.Errorf("parseAttrs round trip: %v %v", into, err)
	}
}

func TestParseAttrsFallsBack(t *testing.T) {
	for _, in := range []string{`{}`, ` { "k" : "v" } `, `{"k":"caf\u00e9"}`, `{"a":"1","b":"2"}`} {
		want := map[string]string{}
		json.Unmarshal([]byte(in), &want)
		got := map[string]string{}
		if err := parseAttrs([]byte(in), got); err != nil || len(got) != len(want) {
			t.Errorf("%s: got %v, %v; want %v", in, got, err, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", in, k, got[k], v)
			}
		}
	}
	if err := parseAttrs([]byte(`{"a":1}`), map[string]string{}); err == nil {
		t.Error("a number attribute must be an error")
	}
}
