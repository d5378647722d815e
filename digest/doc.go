// Package digest holds the domain of the newsletter: stories and their
// takeaways, the issue assembled from them, the recipients it goes to, and
// the small interfaces the rest of the program implements (sources, the
// renderer, the store, the sender).
//
// It imports only the standard library. Adapters live in sub-packages and
// sibling packages (content, templates, mailer, subscribers) and import this
// one; only cmd/digest wires them together.
package digest
