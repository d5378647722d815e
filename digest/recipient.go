package digest

// Recipient is one subscriber as a send sees them.
type Recipient struct {
	ID    int64
	Email string
	Name  string
	// Attrs holds the attributes this send uses: first_name for the
	// greeting, and any the theme names with {{attr "key"}}.
	Attrs map[string]string
}

// Links are a recipient's personal URLs.
type Links struct {
	Unsubscribe     string // https link, the same as List-Unsubscribe's
	UnsubscribeMail string // mailto: link for List-Unsubscribe
	ViewOnline      string
	Confirm         string // a confirmation link (the double opt-in mail only)
}

// Linker builds a recipient's personal links (signed tokens) for an issue.
type Linker interface {
	Links(issue int, r Recipient) Links
}
