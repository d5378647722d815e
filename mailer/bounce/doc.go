// Package bounce closes the loop from the inbox: it gives every message a
// return path that names its issue and subscriber (VERP), reads the bounce
// mailbox over POP3 or IMAP, classifies each message (RFC 3464 delivery
// status notifications, RFC 5965 abuse reports, the plain-text bounces
// large providers still send, auto-replies) and takes the signed webhooks
// of Amazon SES (via SNS) and Mailgun. What it learns goes to a
// digest.FeedbackStore as digest.Feedback.
package bounce
