package fetch

import (
	"net"
	"net/netip"
	"syscall"
)

// guard refuses connections to addresses that are not on the public
// internet. It runs as the dialer's Control hook, after DNS resolution and
// for every connection, so neither a name that resolves to 127.0.0.1 nor a
// redirect to an intranet host gets through.
type guard struct {
	allowPrivate bool
	// permit, when set, lets a test allow one loopback address and refuse
	// the others, to check the refusal on a redirect hop.
	permit func(netip.Addr) bool
}

func (g *guard) control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return &BlockedError{Addr: host, Kind: "unparsable"}
	}
	if g.permit != nil && g.permit(ip) {
		return nil
	}
	if kind := classify(ip); kind != "" && (!g.allowPrivate || g.permit != nil) {
		return &BlockedError{Addr: ip.String(), Kind: kind}
	}
	return nil
}

// special are non-public ranges that netip's predicates do not name.
var special = []struct {
	prefix netip.Prefix
	kind   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local NAT64"},
	{netip.MustParsePrefix("100::/64"), "discard"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
}

// classify names the kind of a non-public address, "" for a public one.
// Cloud metadata services (169.254.169.254, fd00:ec2::254) fall under
// link-local and private.
func classify(ip netip.Addr) string {
	ip = ip.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast"
	}
	for _, s := range special {
		if s.prefix.Contains(ip) {
			return s.kind
		}
	}
	return ""
}
