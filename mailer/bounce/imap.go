package bounce

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// imapBox is the bounce mailbox over IMAP (go-imap v2): it reads INBOX,
// deletes handled messages (\Deleted, expunged at Close) or marks them
// \Seen, and moves the unattributed to the keep folder.
type imapBox struct {
	conn    net.Conn
	c       *imapclient.Client
	timeout time.Duration
	keep    string
	created bool
	delete  bool // handled messages are deleted; else marked seen, and List skips seen ones
	deleted bool
}

func dialIMAP(ctx context.Context, cfg MailboxConfig) (*imapBox, error) {
	conn, err := dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	b := &imapBox{conn: conn, timeout: cfg.Timeout, keep: cfg.KeepFolder, delete: cfg.Delete}
	if b.keep == "" {
		b.keep = DefaultKeepFolder
	}
	b.deadline()
	opts := &imapclient.Options{TLSConfig: tlsConfig(cfg)}
	if cfg.TLS == TLSStartTLS {
		b.c, err = imapclient.NewStartTLS(conn, opts)
	} else {
		b.c = imapclient.New(conn, opts)
	}
	if err == nil {
		err = b.c.Login(cfg.Username, cfg.Password).Wait()
	}
	if err == nil {
		_, err = b.c.Select("INBOX", nil).Wait()
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("bounce mailbox: imap %s: %w", cfg.Host, err)
	}
	return b, nil
}

// deadline bounds the next command; go-imap has no timeouts of its own.
func (b *imapBox) deadline() { b.conn.SetDeadline(time.Now().Add(b.timeout)) }

// List implements Mailbox: the INBOX's messages not deleted (and, when
// handled messages are kept, not seen), by UID.
func (b *imapBox) List(context.Context) ([]Ref, error) {
	b.deadline()
	crit := &imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}
	if !b.delete {
		crit.NotFlag = append(crit.NotFlag, imap.FlagSeen)
	}
	data, err := b.c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("bounce mailbox: imap search: %w", err)
	}
	var refs []Ref
	for _, uid := range data.AllUIDs() {
		refs = append(refs, Ref{Num: int(uid)})
	}
	return refs, nil
}

// Fetch implements Mailbox. BODY.PEEK leaves \Seen alone.
func (b *imapBox) Fetch(_ context.Context, r Ref) ([]byte, error) {
	b.deadline()
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := b.c.Fetch(imap.UIDSetNum(imap.UID(r.Num)), &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return nil, fmt.Errorf("bounce mailbox: imap fetch %d: %w", r.Num, err)
	}
	if len(msgs) != 1 {
		return nil, fmt.Errorf("bounce mailbox: imap fetch %d: message gone", r.Num)
	}
	return msgs[0].FindBodySection(section), nil
}

// Done implements Mailbox.
func (b *imapBox) Done(_ context.Context, r Ref) error {
	flag := imap.FlagSeen
	if b.delete {
		flag, b.deleted = imap.FlagDeleted, true
	}
	b.deadline()
	err := b.c.Store(imap.UIDSetNum(imap.UID(r.Num)), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{flag}}, nil).Close()
	if err != nil {
		return fmt.Errorf("bounce mailbox: imap flag %d: %w", r.Num, err)
	}
	return nil
}

// Keep implements Mailbox: the message moves to the keep folder, created
// on first use.
func (b *imapBox) Keep(_ context.Context, r Ref) error {
	b.deadline()
	if !b.created {
		var ie *imap.Error
		if err := b.c.Create(b.keep, nil).Wait(); err != nil && !(errors.As(err, &ie) && alreadyExists(ie)) {
			return fmt.Errorf("bounce mailbox: imap create %s: %w", b.keep, err)
		}
		b.created = true
	}
	if _, err := b.c.Move(imap.UIDSetNum(imap.UID(r.Num)), b.keep).Wait(); err != nil {
		return fmt.Errorf("bounce mailbox: imap move %d to %s: %w", r.Num, b.keep, err)
	}
	return nil
}

func alreadyExists(e *imap.Error) bool {
	return e.Code == imap.ResponseCodeAlreadyExists || strings.Contains(strings.ToLower(e.Text), "exist")
}

// Close implements Mailbox: deleted messages are expunged, then LOGOUT.
func (b *imapBox) Close() error {
	b.deadline()
	var err error
	if b.deleted {
		err = b.c.Expunge().Close()
	}
	if lerr := b.c.Logout().Wait(); err == nil && lerr != nil {
		err = lerr
	}
	b.c.Close()
	return err
}
