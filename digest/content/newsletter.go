package content

import (
	"regexp"
	"strings"
)

// A newsletter's furniture: its promotion boxes, its farewell and the
// colophon and address under it.

// dropSignedName drops the writer's name on the line under a sign-off
// that ends in a comma or a dash: "See you next Thursday," over "Mara".
func dropSignedName(bs []block) {
	for i := range bs {
		t := bs[i].text
		if bs[i].drop != "sign-off" {
			continue
		}
		comma := strings.HasSuffix(t, ",") || strings.HasSuffix(t, "—") || strings.HasSuffix(t, "-")
		n := nextKept(bs, i)
		if n < 0 || bs[n].words > 8 || !signedName.MatchString(bs[n].text) {
			continue
		}
		// "See you next Thursday," over "Mara"; "That's it for this week."
		// over "— Rafael and the team"
		if comma && bs[n].words <= 4 || strings.HasPrefix(bs[n].text, "—") || strings.HasPrefix(bs[n].text, "–") {
			bs[n].drop = "sign-off"
			continue
		}
		// "That's it for this week. Hit reply ..." over "Nadia", the
		// last line that is not furniture.
		if bs[n].words <= 2 && bs[n].kind == para && !bs[n].bold && !bs[n].bullet && nextKept(bs, n) < 0 {
			bs[n].drop = "sign-off"
		}
	}
}

// dropBelowFooter drops the few short lines under a newsletter's
// subscription footer at the end of the text ("The Tidewater Letter, 12
// Harbour Row, Pellow"): the sender's postal address and the like.
func dropBelowFooter(bs []block) {
	last := -1
	for i := range bs {
		if bs[i].drop == "subscription footer" {
			last = i
		}
	}
	if last < 0 {
		return
	}
	kept := 0
	for j := last + 1; j < len(bs); j++ {
		if bs[j].drop == "" {
			if kept++; kept > 3 || bs[j].words > 12 || bs[j].kind == heading {
				return
			}
		}
	}
	for j := last + 1; j < len(bs); j++ {
		if bs[j].drop == "" {
			bs[j].drop = "subscription footer"
		}
	}
}

// signedName is a name alone under a sign-off; "The Ledger team" may
// open in capitals.
var signedName = regexp.MustCompile(`^[—–-]? ?(` + signName + `|The [\p{L} ]{2,30} team)$`)

// publisherBlurb is a publisher's description of itself: "The Wire is
// an independent news agency ...", "Example News is a nonprofit newsroom".
var publisherBlurb = regexp.MustCompile(`^(The )?\p{Lu}[\p{L}&.'’]*( \p{Lu}[\p{L}&.'’]*){0,4} is (an?|the) [^.]{0,80}\b(news|newsroom|agency|organi[sz]ation|publisher|publication|media)\b`)

// dropPublisherBlurb drops the publisher's description of itself set
// straight above the copyright line at the foot of the page, or above its
// sign-up box ("Chalkline is an independent, reader-supported
// publication. If you value ..." over "Subscribe to the Chalkline
// newsletter").
func dropPublisherBlurb(bs []block) {
	for i := range bs {
		if bs[i].drop == "sign-up line" && i > len(bs)/2 {
			if p := prevKept(bs, i); p >= 0 && bs[p].words <= 60 && publisherBlurb.MatchString(bs[p].text) {
				bs[p].drop = "publisher blurb"
			}
			continue
		}
		if bs[i].drop != "copyright" {
			continue
		}
		if p := prevKept(bs, i); p >= 0 && bs[p].words <= 80 && publisherBlurb.MatchString(bs[p].text) {
			bs[p].drop = "publisher blurb"
			continue
		}
		// the blurb over the site's footer links ("About", "Careers",
		// "Terms of Use"), under the agency's slogan
		for p, seen := prevKept(bs, i), 0; p >= 0 && seen < 16; p, seen = prevKept(bs, p), seen+1 {
			if bs[p].words > 8 {
				if bs[p].words <= 80 && publisherBlurb.MatchString(bs[p].text) {
					for q := p; q < i; q++ {
						if bs[q].drop == "" {
							bs[q].drop = "publisher blurb"
						}
					}
					if s := prevKept(bs, p); s >= 0 && bs[s].words <= 6 && isHeadlineLike(bs[s].text) {
						bs[s].drop = "publisher blurb" // "Advancing the Power of Facts"
					}
				}
				break
			}
		}
	}
}

// referralBox is a newsletter's referral plea under the heading at i:
// its first paragraph asks readers to share the newsletter for a reward
// and speaks of referrals.
func referralBox(bs []block, i int) bool {
	n := nextKept(bs, i)
	if n < 0 || bs[n].kind != para || bs[n].words > 60 {
		return false
	}
	t := bs[n].text
	return containsFoldAny(t, referralWords) && containsFoldAny(t, shareWords)
}

// newsletterBlurb is the one sentence of a newsletter promotion under
// its short call to action at i: "Our editor picks the week's best
// stories in this weekly newsletter."
func newsletterBlurb(bs []block, i int) bool {
	n := nextKept(bs, i)
	if n < 0 || bs[n].kind != para || bs[n].words > 30 {
		return false
	}
	if !endsSentence(bs[n].text) {
		// "Our morning email breaks down ... why it matters" without its
		// stop, over the sign-up form
		return hasPrefixFold(bs[i].text, []string{"subscribe", "sign up", "join"}) && containsFoldAny(bs[n].text, []string{"newsletter", "email", "inbox"}) &&
			n+1 < len(bs) && bs[n+1].drop == "sign-up line"
	}
	t := bs[n].text
	if !strings.Contains(t, ". ") && containsFoldAny(t, newsletterWord) {
		return true
	}
	// "The Weekly Dispatch newsletter", "Subscribe to Workshift" or "VELO
	// NORTHERN WEEKLY" over its pitch ("... every Friday.") and a "Sign up"
	// button
	h := bs[i].text
	named := containsFoldAny(h, newsletterWord) || hasPrefixFold(h, []string{"subscribe", "sign up", "join"}) ||
		strings.ToUpper(h) == h && containsFoldAny(t, cadenceWords)
	return named && n+1 < len(bs) && bs[n+1].drop == "sign-up line"
}

// cadenceWords say how often a newsletter comes: its pitch names them.
var cadenceWords = []string{"every ", "weekly", "daily", "each morning", "each week", "inbox"}
