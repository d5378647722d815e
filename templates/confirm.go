package templates

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"text/template"

	"github.com/digest-dev/digest/digest"
)

//go:embed mail/confirm.html mail/confirm.txt
var mailFS embed.FS

var (
	confirmHTML = htmltemplate.Must(htmltemplate.ParseFS(mailFS, "mail/confirm.html"))
	confirmText = template.Must(template.ParseFS(mailFS, "mail/confirm.txt"))
)

// confirmData is what the confirmation mail's templates see: the
// per-recipient values are digest placeholders, filled in by the mailer
// like any issue's.
type confirmData struct {
	Lang, Subject, Name, Address          string
	Greeting, Email, Confirm, Unsubscribe string
}

// Confirmation renders the double opt-in mail once, with placeholders for
// the recipient's name, address and confirmation link, and returns it with
// its subject.
func Confirmation(nl digest.Newsletter) (*digest.Rendered, string, error) {
	subject := "Confirm your subscription to " + nl.Name
	lang := nl.Language
	if lang == "" {
		lang = "en"
	}
	d := confirmData{Lang: lang, Subject: subject, Name: nl.Name, Greeting: digest.PlaceholderName,
		Email: digest.PlaceholderEmail, Confirm: digest.PlaceholderConfirm, Unsubscribe: digest.PlaceholderUnsubscribe}
	var html, text bytes.Buffer
	if err := confirmHTML.Execute(&html, d); err != nil {
		return nil, "", err
	}
	if err := confirmText.Execute(&text, d); err != nil {
		return nil, "", err
	}
	return &digest.Rendered{HTML: html.String(), Text: text.String()}, subject, nil
}
