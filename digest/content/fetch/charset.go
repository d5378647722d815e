package fetch

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// Text returns the body as UTF-8, decoded from the charset named by a
// byte-order mark, the Content-Type header or a <meta charset> in the
// first 1024 bytes. A body that names no charset is taken as UTF-8 when it
// is valid UTF-8, else as Windows-1252, as browsers do.
func (r *Response) Text() ([]byte, error) {
	enc, name, certain := charset.DetermineEncoding(r.Body, r.ContentType)
	if name == "utf-8" || (!certain && name == "windows-1252" && utf8.Valid(r.Body)) {
		if !utf8.Valid(r.Body) {
			return []byte(string([]rune(string(r.Body)))), nil // invalid bytes become U+FFFD
		}
		return bytes.TrimPrefix(r.Body, []byte("\xef\xbb\xbf")), nil
	}
	b, err := enc.NewDecoder().Bytes(r.Body)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return b, nil
}
