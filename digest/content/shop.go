package content

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// badge is a review's label for a product: "Our pick", "Best for
// travel", "Budget choice".
var badge = regexp.MustCompile(`(?i)^(our (top )?pick|top pick|(best|great) (overall|value|buy|budget( pick| choice| option)?|premium|splurge|upgrade|for [\p{L}\d'’ -]{1,30})|best for|budget( pick| choice| buy| option)?|editor['’]?s (choice|pick)|also great|upgrade pick|runner[- ]up|staff pick|award winner|premium pick)$`)

// dropBadges drops a review's badges: a label from the badge list set
// against a product's heading, and in Markdown and HTML a short label
// of a few words between a section heading and its prose ("Paper-like
// writing"). A short heading line in plain text is left alone.
func dropBadges(bs []block) {
	for i := range bs {
		b := &bs[i]
		if b.drop != "" || b.kind == heading || b.words > 5 || endsSentence(b.text) {
			continue
		}
		p, n := prevKept(bs, i), nextKept(bs, i)
		beside := p >= 0 && headingLike(&bs[p]) || n >= 0 && headingLike(&bs[n])
		switch {
		case beside && badge.MatchString(b.text):
			b.drop = "badge"
		case p >= 0 && bs[p].kind == heading && bs[p].level >= 2 && !b.bold && b.words <= 4 && b.kind == para &&
			!strings.ContainsAny(b.text, "0123456789:") && n >= 0 && bs[n].kind == para && bs[n].words >= 12 && endsSentence(bs[n].text):
			b.drop = "badge"
		}
	}
}

func headingLike(b *block) bool { return b.kind == heading || b.bold || isMarked(b) }

// dropShopTables drops a table whose rows carry shop buttons ("Check
// price at Shop", a sponsored link): a comparison widget, product names
// and prices, not the story's text.
func dropShopTables(bs []block) {
	for i := 0; i < len(bs); {
		if !isTableRow(bs[i].text) {
			i++
			continue
		}
		start, shop := i, false
		for ; i < len(bs) && isTableRow(bs[i].text); i++ {
			shop = shop || bs[i].drop == "shop link" || hasShopCell(bs[i].text)
		}
		for j := start; shop && j < i; j++ {
			bs[j].drop = "shop link"
		}
	}
}

// isTableRow is a row of a Markdown table, as a converter writes one:
// "| Yield | 8.1 |", "|---|---|".
func isTableRow(s string) bool { return strings.HasPrefix(s, "|") && strings.HasSuffix(s, "|") }

// hasShopCell reports a table row with a shop button in a cell.
func hasShopCell(row string) bool {
	for _, c := range strings.Split(strings.Trim(row, "| "), " | ") {
		if matchRule(strings.TrimSpace(c)) == "shop link" {
			return true
		}
	}
	return false
}

// hasShopLink reports a sponsored link or a buy button inside n.
func (pg *page) hasShopLink(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.A && (strings.Contains(attr(c, "rel"), "sponsored") || pg.chromeName(attr(c, "class"))) || pg.hasShopLink(c) {
			return true
		}
	}
	return false
}
