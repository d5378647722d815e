package content

import (
	"math/bits"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// signName is the name under a sign-off: one to three capitalised
// words, or "the team" and the like.
const signName = `(\p{Lu}[\p{L}'’.-]*( \p{Lu}[\p{L}'’.-]*){0,2}|the [\p{L} ]{2,30} team)( and the( [\p{L} ]{2,30})? team)?`

// creditWord opens a caption's credit: "Photo: A Name", "... Photo by the
// author".
const creditWord = `([Pp]hotos?|[Ii]mages?|[Pp]ictures?|[Cc]redits?|[Ii]llustrations?|[Pp]hotograph|[Ss]creen(shot|grab)s?|[Gg]raphics?|[Cc]harts?)`

// lineRule drops a whole block that is page furniture, never article
// text. Each pattern is anchored and most are capped in words, so that a
// sentence which merely starts with "Share" or "Support" survives.
type lineRule struct {
	name     string
	re       matcher  // a *regexp.Regexp, or a matcher of its own where a pattern would scan slowly
	maxWords int      // 0: any length
	needles  []string // when set, the lower-cased text must hold one, or the pattern is not tried
	prefixes []string // when set, the lower-cased text must start with one
	anyByte  string   // when set, the text must hold one of these bytes, or this one non-ASCII character ("©")
	// afterDigits, when set, holds the ASCII bytes that the pattern lets
	// follow a number opening the text: a text that opens with digits
	// followed by any other ASCII byte (a numbered point, "12) ...") cannot
	// match, and the pattern is not tried. A non-ASCII byte always passes,
	// since (?i) folds "k" and "s" to non-ASCII letters.
	afterDigits string
}

// ruleRef is a line rule as matchRule meets it under a text's first
// byte: the rule's index, and those of its prefixes, lower-cased, that
// open with that byte (nil for a rule without prefixes).
type ruleRef struct {
	rule     uint8
	prefixes []string
}

// rulesByFirstByte lists, for each first byte of a text, the rules that
// may match it, in their order: the rules without prefixes, and those
// with a prefix that opens with that byte (either case). matchRule walks
// only that list, so most rules are passed over without being looked at,
// and tries only the prefixes that can match. rulesForEmpty lists the
// rules for an empty text: those without prefixes.
var rulesByFirstByte, rulesForEmpty = func() (byFirst [256][]ruleRef, empty []ruleRef) {
	if len(lineRules) > 255 {
		panic("content: too many line rules for rulesByFirstByte")
	}
	for i, r := range lineRules {
		if r.prefixes == nil {
			empty = append(empty, ruleRef{rule: uint8(i)})
		}
		for _, p := range r.prefixes {
			if len(p) > len(prefixHead{}) {
				panic("content: line rule prefix " + p + " longer than prefixHead")
			}
			for _, ch := range p {
				if ch >= utf8.RuneSelf && unicode.SimpleFold(ch) != ch {
					panic("content: line rule prefix " + p + " has a letter with a case")
				}
			}
		}
		for c := range byFirst {
			var ps []string
			for _, p := range r.prefixes {
				if lowerASCII(p[0]) == lowerASCII(byte(c)) {
					ps = append(ps, lowerASCIIString(p))
				}
			}
			if r.prefixes == nil || ps != nil {
				byFirst[c] = append(byFirst[c], ruleRef{uint8(i), ps})
			}
		}
	}
	return byFirst, empty
}()

// prefixHead holds the opening bytes of a text, ASCII letters lower-cased,
// for the prefix tests of matchRule. A prefix of ASCII bytes and of
// characters without case (as rulesByFirstByte checks they all are)
// opens a text in strings.EqualFold's sense exactly when it equals the
// text's first bytes so lowered: EqualFold never folds a character of
// two or more bytes to an ASCII one within the same number of bytes.
type prefixHead [24]byte

// hasLowerPrefix reports whether one of prefixes (lower-cased) opens the
// n bytes held in head.
func (head *prefixHead) hasLowerPrefix(n int, prefixes []string) bool {
	for _, p := range prefixes {
		if len(p) <= n && string(head[:len(p)]) == p {
			return true
		}
	}
	return false
}

func lowerASCIIString(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}

// lineRules are tried in order; the first that matches names the drop.
var lineRules = []lineRule{
	{"related link", regexp.MustCompile(`(?i)^(live (reaction|updates?|coverage|blog|text|report|scores?)|read more|related|see also|also read|read also|more on this|more from [\w ]+|more [\w'’ ]{2,30} (coverage|stories|news)|watch|listen|recommended|further reading|read next|must read|also see|related article|related story|related coverage|read the full story)\s*[:|–—-]`), 30, nil, []string{"live", "read", "related", "see also", "also", "more", "watch", "listen", "recommended", "further", "must"}, "", ""},
	{"advertisement", regexp.MustCompile(`(?i)^(advertisement|advertising|advert|ad|(video )?ad feedback|sponsored( content)?|(this (week|issue|month)['’]s )?sponsor|promoted( content| stories)?|paid content|(paid )?partner content|from our partners|sponsored (stories|links)|(story|article) continues (below|after)( (the )?advertisement| this ad)?|scroll to continue( with content)?|continue reading( below| the main story)?|skip advert(isement)?)(\s?[-–—|:·] .{0,240})?[.…]*$`), 45, nil, []string{"ad", "video", "sponsor", "promoted", "paid", "story", "article", "scroll", "continue", "skip", "this"}, "", ""},
	{"share line", regexp.MustCompile(`(?i)^(share:?|print|email|tweet|save|copy link|link copied|share( or comment on)? this( article| story| page| post)?:?|e-mail|shares|click to share.*|share( (this )?(article|story|post))?( on| via)? (facebook|twitter|x|linkedin|whatsapp|reddit|email)( .*)?|share( this( article| story| page| post)?)?:( (facebook|twitter|x|linkedin|whatsapp|reddit|e-?mail|copy link|print|messenger|telegram|bluesky|threads)[,|·]?){1,8})$`), 12, nil, []string{"share", "print", "email", "e-mail", "tweet", "save", "copy", "link", "click"}, "", ""},
	{"share line", regexp.MustCompile(`(?i)^(facebook|twitter|x|linkedin|reddit|pinterest|flipboard|whatsapp|telegram|threads|bluesky|mastodon|tumblr|pocket|messenger|instagram|youtube|tiktok|rss|copy|copy url|link|sms|share all sharing options|(show )?all sharing options|pin|pin it|social sharing|blogthis!?|share to (x|twitter|facebook|pinterest|linkedin|threads|bluesky)|more sharing options|more|more options|like loading(\.\.\.|…)?)$`), 4, nil, nil, "", ""},
	{"share line", regexp.MustCompile(`(?i)^(did you )?(like|liked|enjoy|enjoyed|love|loved) this (post|article|story|guide|recipe)\?\s*(pin|share|save|bookmark|tell|send)\b`), 16, nil, []string{"did you", "like", "enjoy", "love"}, "", ""},
	{"share line", regexp.MustCompile(`(?i)^((share|click to share) (this|on|via|it)\b|click to (email|print|pin|tweet)\b)`), 12, nil, []string{"share", "print", "email", "tweet", "save", "copy", "link", "click"}, "", ""},
	{"follow line", regexp.MustCompile(`(?i)^follow (us|me|[\w .@]+ on (twitter|x|facebook|instagram|linkedin|threads|bluesky|mastodon|telegram|whatsapp|google news|youtube|tiktok))\b`), 15, nil, []string{"follow"}, "", ""},
	{"follow line", regexp.MustCompile(`(?i)^(join|subscribe to|follow) (our|the [\p{L} ]{2,30}) (telegram|whatsapp|signal|viber|line|discord|youtube|google news) (channel|group|community|page)\b.{0,120}$`), 30, nil, []string{"join", "subscribe", "follow"}, "", ""},
	{"sign-up line", regexp.MustCompile(`(?i)^(?:(sign up|subscribe|get|join|receive)\b.*\b(newsletters?|updates|inbox|e-?mail alerts?|alerts|notifications|briefing|for free|breaking news|new posts by e-?mail)\b|(sign up|subscribe) (for|to) .{0,60}\b(weekly|daily)\b|subscribe to (the |our )?\p{Lu}[\p{L}'’&]*( \p{Lu}[\p{L}'’&]*){0,3}[.!]?$|(sign up|subscribe|register)( here| now| today| for free)?[.!]?$|create (a |your )?(free )?account[.!]?$|subscribe (from|for( just| only)?) \S{1,8} (a|per|an) (week|month|year)\b.*)`), 25, nil, []string{"sign up", "subscribe", "get", "join", "receive", "create"}, "", ""},
	// a sign-up form as text: "[email address] [Sign up]"
	// "SIGN UP to stream the draft LIVE on a service", "Start Free Account
	// Get access to 7 premium stories every month for FREE!", "Subscribe
	// Now Choose a package that suits your preferences."
	{"sign-up line", regexp.MustCompile(`(?i)^((sign up|subscribe|register)( now| today)? to (stream|watch|listen|try|get|start)\b|start (a |your )?free (account|trial)\b|subscribe now\b.{0,60}\b(package|plan|offer)s?\b)`), 20, nil, []string{"sign up", "subscribe", "register", "start"}, "", ""},
	{"sign-up line", regexp.MustCompile(`(?i)^(\[?(your )?(e-?mail( address)?|enter your e-?mail)\]?|\[ ?[^\]]{1,40} ?\])\s*\[? ?(sign up|subscribe|submit|go|join) ?\]?$`), 8, nil, []string{"[", "email", "e-mail", "your", "enter"}, "", ""},
	// a sign-up box's button, field and small print: "Sign me up", "Your
	// email address", "By submitting your information you agree to ..."
	{"sign-up line", regexp.MustCompile(`(?i)^((yes,? )?sign me up|count me in|subscribe me|(your|enter your) e-?mail( address)?|e-?mail address|by (submitting|signing up|subscribing|entering|clicking)\b.{0,200}\b(terms|privacy)\b.*)[.!]?$`), 40, nil, []string{"yes", "sign me", "count me", "subscribe me", "your e", "enter your", "email", "e-mail", "by "}, "", ""},
	{"sign-up line", regexp.MustCompile(`(?i)\bnewsletters?\b.{0,120}\b((in|into|to) your inbox|sign up|subscribe|sent to you)\b|\b(sign up|subscribe)\b.{0,80}\bnewsletters?\b`), 35, []string{"newsletter"}, nil, "", ""},
	{"print note", regexp.MustCompile(`(?i)^(a version of this (article|story|piece|essay|review) (appears|appeared) in print|this (article|story|piece|essay|review) (appears|appeared|was published|is published|first appeared) in (the )?(print|[\p{L}\d ’'/-]{0,40}\b(issue|edition)\b))`), 60, nil, []string{"a version", "this article", "this story", "this piece", "this essay", "this review"}, "", ""},
	{"forwarded line", regexp.MustCompile(`(?i)^(was this (email |newsletter )?forwarded to you|forwarded this (email|newsletter)|forwarded (to you )?by a (friend|colleague)|did someone forward (you )?this|not (yet )?a subscriber|new here\?|enjoying this (newsletter|post)|enjoyed this (issue|newsletter|post|email)\?|like this (newsletter|post)\?)`), 25, nil, []string{"was this", "forwarded", "did someone", "not ", "new here", "enjoying", "enjoyed", "like this"}, "", ""},
	{"donate line", regexp.MustCompile(`(?i)^(please )?(donate|consider donating|make a donation|support (us|our (work|journalism|newsroom))|support (independent|quality|local|nonprofit|non-profit|public-interest) (journalism|news|research|reporting)|become a (member|supporter|patron|subscriber|paid subscriber))\b`), 30, nil, []string{"please", "donate", "consider", "make a", "support", "become"}, "", ""},
	// a newsroom's plea closing the story: "Calder Watch is a nonprofit newsroom. Donate today to ..."
	{"donate line", regexp.MustCompile(`(?i)\b(nonprofit|non-profit|reader-supported|member-supported|independent|reader-funded) ((local|public|community|public-service) )?(newsroom|news organi[sz]ation|news site|journalism|reporting)\b.{0,160}\b(donate|become a (member|supporter)|support (us|our work))\b`), 40, []string{"nonprofit", "non-profit", "reader", "member", "independent"}, nil, "", ""},
	{"donate line", regexp.MustCompile(`(?i)^[\p{L}\d'’&. -]{2,40} ((depends|relies|counts) on|is (supported|funded|powered|made possible) by) (listeners|readers|viewers|members|supporters|donors|people|you)( like you)?\b.{0,40}$`), 14, []string{"depends", "relies", "counts", "supported", "funded", "powered", "possible"}, nil, "", ""},
	// the writer's page under the story: "See stories by Elias Brandvold", "More articles by A Writer"
	{"author box", regexp.MustCompile(`^(See|View|Read|More|All)( all| more)? (stories|articles|posts|reporting|coverage) (by|from) \p{Lu}[\p{L}'’.-]+( \p{Lu}[\p{L}'’.-]+){0,3}$`), 8, nil, []string{"see", "view", "read", "more", "all"}, "", ""},
	{"copyright", regexp.MustCompile(`(?i)^(©|\(c\)\s|copyright\s+(©\s*)?(\d{4}|\(c\))|copyright\s+©|all rights reserved)`), 30, nil, []string{"©", "(c)", "copyright", "all rights"}, "", ""},
	// a footer's second notice, the sign after a name: "MNN Sans ™ & © 2016 Meridian News Network."
	{"copyright", regexp.MustCompile(`© ?(19|20)\d{2}\b`), 20, nil, nil, "©", ""},
	// an agency's plug under its story: "Follow Meridian Press coverage of the election at meridianpress.example/..."
	{"sign-off", regexp.MustCompile(`^Follow (\p{Lu}[\p{L}'’.&-]*('s)? ){1,4}coverage of .{3,100}$`), 25, nil, []string{"follow"}, "", ""},
	// a site's plug for its account: "Follow @FourthAndLongHQ for live coverage every Sunday."
	{"sign-off", regexp.MustCompile(`^Follow (us )?(on [\p{L}]+ )?@\w{2,30} (on [\p{L}]+ )?for [^.!?]{3,80}[.!]?$`), 18, nil, []string{"follow"}, "", ""},
	// a site's prompt under the story: "Follow topics and authors from this story to see more like this ..."
	{"sign-up line", regexp.MustCompile(`^Follow topics and authors from this (story|article)\b`), 40, nil, []string{"follow"}, "", ""},
	{"copyright", regexp.MustCompile(`(?i)all rights reserved\.?$`), 30, []string{"reserved"}, nil, "", ""},
	// a footer scraped with its links glued: "About usContactAdvertise...© 2026 Brussels Brief SA"
	{"copyright", regexp.MustCompile(`© ?(19|20)\d{2}\b[^.!?]{0,60}$`), 20, nil, nil, "©", ""},
	// the publisher's company details in a page's footer
	{"copyright", regexp.MustCompile(`(?i)\b(registered in (england|scotland|wales|northern ireland|ireland|england and wales)( and wales)?|registered (office|company)|company (no|number|registration)\b|(vat|company) reg(istration|\.)? (no|number)\b)`), 30, []string{"registered", "company", "vat"}, nil, "", ""},
	{"correction footer", regexp.MustCompile(`(?i)(to (suggest|request) a correction|suggest a correction or clarification|report an? (error|correction|typo)|spotted an? (mistake|error|typo)|highlight the text and press ctrl|found a mistake\?)`), 40, []string{"correction", "error", "typo", "mistake", "ctrl"}, nil, "", ""},
	// skip links a copy ran together: "Skip to main contentSkip to navigation"
	{"skip link", regexp.MustCompile(`(?i)^(skip to (main )?(content|navigation|main|article|search|footer) ?){2,4}$`), 12, nil, []string{"skip"}, "", ""},
	// a post's own edit notes: "Edit: wow, didn't expect this to blow up.", "EDIT 2: formatting"
	{"edit note", regexp.MustCompile(`(?i)^(edit|eta)( ?\d{1,2}| #\d{1,2})?:\s`), 80, nil, []string{"edit", "eta"}, "", ""},
	// a link to the story in another language: "Read this story in Spanish", "Lee esta historia en español"
	{"language link", regexp.MustCompile(`(?i)^(read (this|the) (story|article|post) in \p{L}+|lee (esta|la) (historia|nota|noticia) en \p{L}+|leer en (español|espanol|inglés)|read in (english|spanish|español|chinese|中文)|阅读简体中文版|閱讀繁體中文版)\.?$`), 7, nil, []string{"read this", "read the", "lee esta", "lee la", "leer en", "read in", "阅读", "閱讀"}, "", ""},
	// a story's toolbar: "Share Save 212 comments", "Share · Print · 14 comments"
	{"share line", regexp.MustCompile(`(?i)^((share|save|print|email|bookmark|gift( this)? article|\d[\d,]* comments?)[ ·|]*){2,5}$`), 8, nil, []string{"share", "save", "print", "email", "bookmark", "gift"}, "", ""},
	// a thread reader's buttons: "Read on the original site   Save as PDF   Bookmark"
	{"navigation", regexp.MustCompile(`(?i)^((read on (the )?(original site|x|twitter|threads|mastodon)|view original on (x|twitter)|(save|unroll) as pdf|bookmark|share|follow( the)? author)\s*){2,5}$`), 14, nil, []string{"read on", "view original", "save as", "unroll as", "bookmark", "share"}, "", ""},
	// a skip link after a tracking image's alt text: "fb-pixel Skip to main content"
	{"skip link", regexp.MustCompile(`(?i)^[\w-]{2,20} skip to (main )?content$`), 6, []string{"skip to"}, nil, "", ""},
	{"skip link", regexp.MustCompile(`(?i)^(skip to (main )?(content|navigation|main|article|search)|jump to (content|navigation|main)|[←‹«<]?\s*back to (the )?(top|blog|home|homepage|news|articles|index|all posts|all articles|all stories|all news)|menu|close menu|open menu|search|sign in|log ?in|log ?out|register|my account|toggle navigation|main menu|(subscribe|sign up|register)\s+(sign in|log ?in)|(sign in|log ?in)\s+(subscribe|sign up|register)|print this page(\s+share this page)?|share this page(\s+print this page)?)$`), 6, nil, nil, "", ""},
	{"reading time", regexp.MustCompile(`(?i)^(?:(⏱\x{FE0F}?\s*|🕑\s*)?((estimated )?(reading|read) time:? ?|time to read:? ?)?(about |approx\.? |~ ?)?\d{1,3}(\s?[–-]\s?\d{1,3})?(-| )?(min(ute)?s?|mins?)\.?( read| to read| reading| listen)?$|(reading time|read time):? ?\d{1,3})`), 8, nil, []string{"⏱", "🕑", "e", "read", "time to", "about", "approx", "~", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "", " \t\n\f\r-mM"},
	{"caption credit", regexp.MustCompile(`(?i)^(mandatory )?(photo|image|picture|pictured|video|illustration|graphic|credit|source|photograph|photography|artwork|file photo|photo credit|image credit|image source|gallery|in pictures|screenshot|screengrab)s?\s*(:|by\b|/|—|–|-)`), 20, nil, []string{"photo", "image", "picture", "pictured", "video", "illustration", "graphic", "credit", "source", "file", "gallery", "in pictures", "screenshot", "screengrab", "mandatory credit"}, "", ""},
	// a bracketed agency credit: one rule for "(" and one for "[", so that
	// each pattern opens with a literal and the regexp package jumps from
	// bracket to bracket instead of trying every position of a caption
	{"caption credit", atEnd(regexp.MustCompile(`(?i)^\(`+bracketCredit), "(", 140), 60, []string{"photo", "image", "picture", "file", "wire", "getty"}, nil, "(", ""},
	{"caption credit", atEnd(regexp.MustCompile(`(?i)^\[`+bracketCredit), "[", 140), 60, []string{"photo", "image", "picture", "file", "wire", "getty"}, nil, "[", ""},
	{"caption credit", atEnd(regexp.MustCompile(`(?i)^[(\[](photo|image|picture|pictured|credit)[^()\[\]]{0,80}(getty( images)?|shutterstock|alamy|istock|reuters|afp|ap|epa|pa images|unsplash|handout|courtesy[^()]*)[)\]]\.?$`), "([", 200), 60, []string{"photo", "image", "picture", "credit"}, nil, "([", ""},
	{"caption credit", unless{regexp.MustCompile(`^[\p{Lu}][\p{L}.'’-]+( [\p{Lu}][\p{L}.'’-]+){0,3}( ?/ ?((?i:getty( images)?|ap|afp|reuters|epa|shutterstock|alamy|istock)|[Tt]he [\p{L} ]+|[\p{Lu}][\p{L}&]+( [\p{Lu}][\p{L}&]+){0,3})){1,2}( via Getty Images| via [\p{Lu}][\p{L}&]+( [\p{Lu}][\p{L}&]+)?)?\.?$`), "/ By "}, 12, nil, nil, "/", ""},
	// a caption closed by its outlet and photographer: "... at North Hobart Oval. (SBC News: Ben Carey)"
	{"caption", regexp.MustCompile(`[.!?]\s+\((\p{Lu}[\p{L}&.]*\s?){1,3}: \p{Lu}[\p{L}'’-]+( \p{Lu}[\p{L}'’-]+){1,2}\)$`), 45, nil, nil, "(", ""},
	{"caption", regexp.MustCompile(`[.!?]\s*[\p{Lu}][\p{L}'’-]+( [\p{Lu}][\p{L}'’-]+){0,3} ?/ ?[\p{Lu}][\p{L}&]+( [\p{Lu}][\p{L}&]+){0,3}\.?$`), 45, nil, nil, "/", ""},
	{"caption", creditAtEnd, 45, []string{"photo", "image", "picture", "credit", "illustration", "screenshot", "screengrab", "graphic", "chart"}, nil, "", ""},
	// "6 min readJun 1, 2023": a copy glues the date to it
	{"reading time", regexp.MustCompile(`(?i:\b\d{1,3}[- ]min(ute)?s?\.? read)(\b|\p{Lu})`), 20, []string{"min"}, nil, "", ""},
	// an agency's caption ending in its credit and picture number: "...
	// in Brussels, Belgium December 8, 2017. REUTERS/Yves Herman - RC1C3DF7BBB0"
	{"caption", regexp.MustCompile(`[.!?]\s+(REUTERS|Reuters|AFP|EPA)/\p{Lu}[\p{L}'’.-]+( \p{Lu}[\p{L}'’.-]+){0,3}( - [A-Z0-9]{8,})?$`), 80, []string{"reuters", "afp", "epa"}, nil, "/", ""},
	// a TV station's placeholder for a photo: "Data pix."
	{"caption", regexp.MustCompile(`^Data pix\.?$`), 2, nil, []string{"data pix"}, "", ""},
	// "Photo from The Daily Ledger", "Image courtesy of the club"
	{"caption credit", regexp.MustCompile(`(?i)^(photo|image|picture|photograph)s? (from|by|via|courtesy( of)?) [\p{L}\d&.'’ -]{2,40}$`), 8, nil, []string{"photo", "image", "picture"}, "", ""},
	// a sports agency's credit, the photographer's name joined to it by a hyphen: "Amber Searls-USA TODAY Sports", "Name-Imagn Images"
	{"caption credit", regexp.MustCompile(`^(Mandatory Credit: )?[\p{Lu}][\p{L}.'’]+( [\p{Lu}][\p{L}.'’-]+){0,3} ?- ?(USA TODAY (Sports|NETWORK)|Imagn Images|Imagn Content Services, LLC)\.?$`), 10, []string{"usa today", "imagn"}, nil, "", ""},
	// an image's file name glued to its credit: "emmy-collageGetty Images, AP"
	{"caption credit", regexp.MustCompile(`^\S*[\p{Ll}\d]Getty Images(, (AP|AFP|Reuters|EPA))?$`), 6, nil, nil, "G", ""},
	{"caption credit", regexp.MustCompile(`(?i)^(getty images|shutterstock|alamy( stock photo)?|istock|associated press|ap photo|reuters|afp via getty images|epa-efe|pa wire|pa media|unsplash)\.?$`), 6, nil, nil, "", ""},
	// also a forum topic's summary box: "created", "last reply", "212" over "views"
	// the notice over a comment thread: "Comments are subject to our
	// community guidelines, which can be viewed here."
	{"comment meta", regexp.MustCompile(`(?i)^(comments are (subject to|moderated|reviewed|pre-moderated|closed|open)|(please )?(read|see|review|follow) our (community|comment(ing)?|discussion) (guidelines|policy|rules|standards)|(by (commenting|posting)|before (commenting|you comment)),? (you|please)|we (moderate|review|read) (all )?comments|comments (will be|may be|are being) (reviewed|moderated|removed))\b`), 40, nil, []string{"comments", "please", "read our", "see our", "review our", "follow our", "by commenting", "by posting", "before", "we moderate", "we review", "we read"}, "", ""},
	{"comment meta", regexp.MustCompile(`(?i)^(reply|report|like|flag|report comment|log in to reply|in reply to [\p{L} .]+|permalink|\d+ (likes?|replies|reply|upvotes?|points?)|created|last reply|last post|views|users)$`), 12, nil, []string{"reply", "report", "like", "flag", "log in", "in reply", "permalink", "created", "last", "views", "users", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "", " "},
	{"comment meta", regexp.MustCompile(`^[\p{Lu}@][\p{L}\d'’_-]*( [\p{Lu}][\p{L}\d'’_-]*){0,3} (says|said on|wrote|commented)( on [^.]{0,40})?:?$`), 12, []string{"says", "said on", "wrote", "commented"}, nil, "", ""},
	{"comment meta", regexp.MustCompile(`(?i)^(on )?(\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4}) at \d{1,2}[:.]\d{2} ?([ap]\.?m\.?)?$`), 12, []string{"at "}, nil, "", ""},
	{"wire credit", regexp.MustCompile(`(?i)\bcontributed (reporting )?to this (report|story|article)\.?$|^([\p{L}'’]+ ){0,3}(reporting|news|wire) (service|agency)\.?$`), 40, []string{"contributed", "service", "agency"}, nil, "", ""},
	{"link line", regexp.MustCompile(`(?i)^[\p{L}\d .&'’-]{1,50}:\s*https?://\S+$`), 10, nil, nil, ":", ""},
	{"wire credit", regexp.MustCompile(`(?i)^((additional )?(reporting|writing|editing|edited|compiled|produced) by\b|our standards:|\(?(additional )?reporting by)`), 40, nil, []string{"additional", "reporting", "writing", "editing", "edited", "compiled", "produced", "our standards", "("}, "", ""},
	// a wire story's note on where its writers were: "Okafor reported
	// from Harrowgate. Lind reported from Sorvik."
	{"wire credit", regexp.MustCompile(`^(\p{Lu}[\p{L}'’-]+( and \p{Lu}[\p{L}'’-]+)? reported from \p{Lu}[^.]{1,60}\.\s*){1,3}([\p{Lu}][^.]{2,60} contributed( reporting)?\.)?$`), 40, []string{"reported from"}, nil, "", ""},
	// who was where, then who helped: "Neve Castellanos was at Kestrel Park. Additional reporting by Iain Threlkeld at Holloway Road."
	{"wire credit", regexp.MustCompile(`^\p{Lu}[\p{L}'’-]+( \p{Lu}[\p{L}'’-]+){0,2} (was|were|reported) (at|from) [^.]{2,60}\. (Additional )?(reporting|writing) by\b`), 40, []string{"reporting by", "writing by"}, nil, "", ""},
	// a wire story's notes: "— With assistance from A Name.", "(Updates with
	// analyst comment in 10th paragraph.)"
	// an agency's share of the story: "(With inputs from PTI)"
	{"wire credit", regexp.MustCompile(`(?i)^\(?\s*with (inputs|input|agency inputs|reporting) from [\p{L}\d .,&/-]{2,60}\)?\.?$`), 12, []string{"with"}, nil, "", ""},
	// an outlet's app plug: "Download the Site app for the latest scores ..."
	{"app promo", regexp.MustCompile(`(?i)^(download|get|install) (the|our) ([\p{L}\d'’&-]+ ){0,4}app\b.{0,160}$`), 40, nil, []string{"download", "get ", "install"}, "", ""},
	{"wire credit", regexp.MustCompile(`(?i)^(—\s*)?with assistance from\b|^\((updates|adds|recasts|corrects|rewrites) (with|to|throughout|paragraph|headline)\b[^()]*\)\.?$`), 30, nil, []string{"—", "with", "("}, "", ""},
	// a note under a generated summary box: "Summary generated with editorial review. Learn more"
	{"summary note", regexp.MustCompile(`(?i)^(this )?summary (was )?(generated|written|created) (with|by|using)\b.{0,60}$`), 14, nil, []string{"this", "summary"}, "", ""},
	// a caption that ends in its photographer: "The headquarters in Austin. Photographer: A Name/Agency"
	{"caption", regexp.MustCompile(`[.!?]\s+(Photographer|Photograph|Photo|Picture|Image|Credit)s?:\s*\p{Lu}[^.!?]{1,60}$`), 45, []string{"photographer", "photograph", "photo", "picture", "image", "credit"}, nil, "", ""},
	// an image's alternative text left on its line: "Avatar photo"
	{"caption", regexp.MustCompile(`(?i)^(avatar|author|profile|headshot|user) (photo|image|picture|avatar)$`), 2, nil, []string{"avatar", "author", "profile", "headshot", "user"}, "", ""},
	// a site's share button with the title it shares: "Share All sharing options for: ..."
	{"share line", regexp.MustCompile(`(?i)^share all sharing options for:? .{2,200}$`), 40, nil, []string{"share all"}, "", ""},
	// a firm's call to action over its contact form: "Schedule a Consultation"
	{"call to action", regexp.MustCompile(`(?i)^(schedule|book|request|get) (a|your) (free )?(consultation|demo|call|appointment|quote)( today| now)?[.!]?$`), 6, nil, []string{"schedule", "book", "request", "get"}, "", ""},
	// a newsletter's pitch with its button glued on: "The most important news from Congress, every weekday morning. Sign up"
	{"sign-up line", regexp.MustCompile(`(?i)^[^.!?]{5,160}[.!]\s*(sign up|subscribe|join)( (now|here|today|for free|free))?[.!]?$`), 30, []string{"sign up", "subscribe", "join"}, nil, "", ""},
	// a link to a section's other stories: "Read more election coverage", "More sports news"
	{"related link", regexp.MustCompile(`(?i)^(read|see|get|find) (more|all|the latest)( [\p{L}'’-]+){0,3} (coverage|stories|news|articles|updates|reporting)\.?$`), 8, nil, []string{"read", "see", "get", "find"}, "", ""},
	// a post's reply, repost and like counts on one line under it: "9 22 187"
	{"thread meta", regexp.MustCompile(`^\d[\d.,]*[KkMm]?( \d[\d.,]*[KkMm]?){2,3}$`), 4, nil, nil, "", " .,KkMm"},
	// an embedded post left as its address alone: "https://twitter.com/Name/status/1599..."
	{"embed", regexp.MustCompile(`^https?://\S+$`), 1, nil, []string{"http"}, "", ""},
	// a photo's file name left on its line: "oz-mccormick.jpg"
	{"caption credit", regexp.MustCompile(`(?i)^[\w.-]{1,80}\.(jpe?g|png|gif|webp|avif|heic)$`), 4, nil, nil, ".", ""},
	// a caption ending in its agency's credit: "... Stephanie Keith/Getty Images, Jeff Swensen/Getty Images"
	{"caption", regexp.MustCompile(`[\p{L}.]/(Getty Images|AP|AFP|Reuters|EPA|Shutterstock|Alamy|Bloomberg)( via Getty Images)?\.?$`), 45, nil, nil, "/", ""},
	// a caption that ends in its credit as a newspaper's page sets it,
	// often glued to the caption: "... on Tuesday.Credit...A Name for The Ledger"
	{"caption", regexp.MustCompile(`(^|[\p{L}\d.!?”")’'])\s*Credit(\.\.\.|…)\s*\p{Lu}[^.!?]{1,80}$`), 45, []string{"credit..", "credit…"}, nil, "", ""},
	{"tip line", regexp.MustCompile(`(?i)^(got a (story|tip|news tip)|have a( confidential| news)? (story|tip)|send (us )?(your )?(a )?(tips?|questions?|stories|news)|contact (us|the newsdesk)|email the newsdesk)\b`), 25, nil, []string{"got a", "have a", "send", "contact", "email the"}, "", ""},
	// a firm's disclaimer under its article: "This article is provided for general informational purposes only and is not legal advice."
	{"disclaimer", regexp.MustCompile(`(?i)^(this (article|post|content|material|publication|alert|update) (is|has been) (provided |prepared )?for (general )?(informational|information|educational) purposes only\b.*|this (article|post) (is not|does not constitute|should not be (taken|construed) as) (legal|financial|investment|tax|medical) advice\b.*)`), 45, nil, []string{"this"}, "", ""},
	// a product's plug under the story: "Want to see it for yourself? Start a free Fieldnote account — no credit card needed."
	{"call to action", regexp.MustCompile(`(?i)\b((start|create|open|get|sign up for) (a |your )?free [\p{L}'’ ]{0,30}(account|trial|plan)\b|no credit card (needed|required))`), 40, []string{"free", "credit"}, nil, "", ""},
	// a paper's credit for the reporters who helped: "Contributing: Hannah Wexley"
	{"wire credit", regexp.MustCompile(`^(Contributing|Contributors?|Contributed by|With reporting from)[:,]? \p{Lu}[\p{L}'’.-]+( \p{Lu}[\p{L}'’.-]+)*((, | and )\p{Lu}[\p{L}'’.-]+( \p{Lu}[\p{L}'’.-]+)*){0,4}\.?$`), 20, nil, []string{"contribut", "with reporting"}, "", ""},
	// a newsletter box's pitch: "Get the day's biggest stories in five minutes, every weekday morning."
	{"sign-up line", regexp.MustCompile(`(?i)^get (the |our |today['’]s |this week['’]s )?[\p{L}'’ ]{0,40}\b(stories|news|headlines|briefing|newsletter|updates)\b.{0,50}\b(every|each) (weekday|morning|day|week|evening|afternoon)\b.{0,20}$`), 25, nil, []string{"get"}, "", ""},
	// a story's topic links: "See more on: State Supreme Court, Arthur Ostrander"
	{"tag list", regexp.MustCompile(`(?i)^(see|read) more on:? \p{Lu}.{0,120}$`), 20, nil, []string{"see more", "read more"}, "", ""},
	// a station's plug for its own programmes under the story: "Catch A Writer's analysis weekday mornings on 12 News Today ..."
	{"call to action", regexp.MustCompile(`(?i)^(catch|watch|tune in to|listen to|see) .{2,80}\b(weekday|weeknight|weekend|every (morning|evening|night|day|week|sunday|monday|saturday)|mornings|evenings|nights|sundays|saturdays) (on|at)\b`), 40, nil, []string{"catch", "watch", "tune in", "listen to", "see "}, "", ""},
	// share buttons run together: "facebook sharetwitter shareemail share"
	{"share line", regexp.MustCompile(`(?i)^((facebook|twitter|x|email|e-mail|linkedin|reddit|whatsapp|sms|print) ?share ?){2,7}$`), 6, nil, []string{"facebook", "twitter", "x", "email", "e-mail", "linkedin", "reddit", "whatsapp", "sms", "print"}, "", ""},
	// a newsletter's pitch: "Want Ship Notes in your inbox? Subscribe — every other Friday, no spam."
	{"sign-up line", regexp.MustCompile(`(?i)^(want|like|get|enjoy(ing)?) .{2,50} (in|to|straight to) your inbox\?`), 30, []string{"inbox"}, []string{"want", "like", "get", "enjoy"}, "", ""},
	// a paper's plea for support: "The Northgate Observer has no owner to answer to and no shareholders to please. ..."
	{"donate line", regexp.MustCompile(`(?i)^(the )?[\p{L}'’&. -]{2,40} (has|have) no (owner|owners|proprietor|proprietors|billionaire owner|shareholders)\b`), 80, []string{"owner", "owners", "proprietor", "proprietors", "billionaire", "shareholders"}, nil, "", ""},
	// a web mail's own lines over a newsletter copied from it: "6:02 AM (3 hours ago) to me", "Inbox"
	{"web mail chrome", regexp.MustCompile(`(?i)^(\d{1,2}:\d{2} ?(am|pm)( \(\d{1,3} (minutes?|hours?|days?) ago\))?( to me\b.*)?|inbox|to me)$`), 8, nil, nil, "0123456789iItT", ""},
	// a publication's note on its interests: "Bytefield has no financial relationship with Kestrel Labs."
	{"disclaimer", regexp.MustCompile(`(?i)^[\p{L}\d'’&. -]{2,40} (has|have|holds?) no (financial|commercial|business|ownership) (relationship|ties|interest|stake)s? (with|in)\b`), 40, []string{"financial", "commercial", "business", "ownership"}, nil, "", ""},
	// "The views in this article do not necessarily reflect those of the League or its clubs."
	{"disclaimer", regexp.MustCompile(`(?i)^(the )?(views|opinions) (expressed )?(in this (article|post|piece|column|story|blog|newsletter)|here(in)?|above) (are (solely )?(those of|the author)|do not (necessarily )?(reflect|represent))\b`), 40, []string{"views", "opinions"}, []string{"the", "views", "opinions"}, "", ""},
	{"affiliate note", regexp.MustCompile(`(?i)(we may earn (a )?(commission|money)|contains affiliate links|affiliate (links?|commission)|when you buy through (our )?links)`), 45, []string{"commission", "affiliate", "buy through"}, nil, "", ""},
	{"prev/next link", regexp.MustCompile(`(?i)^(?:([«‹←]\s?)?(previous|next|older|newer|prev)( (column|article|post|story|entry|episode|chapter|page))?\s*[:»«›‹→←-]|(« ?previous|next ?»|← ?older|newer ?→))`), 20, nil, []string{"previous", "next", "older", "newer", "prev", "«", "←"}, "", ""},
	// the buttons and panels a social site prints around a post
	{"social chrome", regexp.MustCompile(`(?i)^(\d+ points? by [\w-]{2,30} \d+ (minutes?|hours?|days?) ago\b.*|see new posts|sourced from across x|(trending|what[’']s happening) in .{1,30}|terms of service|conversation|relevant people|who to follow|what[’']s happening|trending now|post your reply|discover more|show (more )?replies|try premium for .{1,12}|\d(st|nd|rd|th)\+?|\d{1,2}[hdwmy] • (edited •?)?|report this (post|comment)|reactivate premium.*|feed post( number \d{1,3})?|this post was submitted on.*|[\d,.]+k? points? \(\d{1,3}% upvoted\))$`), 16, nil, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "see", "sourced", "trending", "what", "terms", "conversation", "relevant", "who", "post", "discover", "show", "try", "report", "reactivate", "this post", "feed post"}, "", " sSnNrRtThHdDwWmMyYkK,."},
	// a caption that ends in a bare credit: "Cranes at the quay in May. © A Name/Agency"
	// a photo's credit in brackets closing its caption: "... on June 3, 2024. (Colin Fraser/DPB)"
	{"caption", regexp.MustCompile(`[.!?]\s+\((\p{Lu}[\p{L}'’´.-]+ ){1,3}\p{Lu}[\p{L}'’´-]+ ?/ ?\p{Lu}[\p{L}&. ]{1,30}\)$`), 45, nil, nil, "/", ""},
	// with no stop before it when the credit names an agency: "Nathan Lyon bowled well on a tricky surface (Jason O´Brien/PA)"
	{"caption", tailMatcher{re: regexp.MustCompile(`^\((\p{Lu}[\p{L}'’´.-]+ ){1,3}\p{Lu}[\p{L}'’´-]+ ?/ ?(PA( Wire)?|AP|AFP|Reuters|Getty( Images)?|EPA|Shutterstock|Alamy|Bloomberg)\)$`), open: "(", max: 80, at: afterSpace}, 45, nil, nil, "/", ""},
	{"caption", regexp.MustCompile(`^(📷|📸)\x{FE0F}? ?\S`), 60, nil, []string{"📷", "📸"}, "", ""}, // "📷 The governor speaks ... (Pool)"
	{"caption", regexp.MustCompile(`[\p{L}\d.!?]\s+©\s*\p{Lu}[^.!?©]{1,60}$`), 45, nil, nil, "©", ""},
	// a Facebook group's page around a post: "Private group · 412
	// members", "Join group", "Admin · 5h ·"
	{"social chrome", regexp.MustCompile(`(?i)^((private|public|visible) group ?· ?[\d.,]+[km]? members|join group|search facebook|write something\.{0,3}|(admin|moderator|top contributor|rising contributor|group expert|author) ?· ?\d{1,2} ?(m|h|d|w|mins?|hrs?)( ?· ?\S{0,2})?)$`), 8, nil, []string{"private", "public", "visible", "join group", "search facebook", "write something", "admin", "moderator", "top contributor", "rising contributor", "group expert", "author"}, "", ""},
	// a Mastodon server's page around a thread
	{"social chrome", regexp.MustCompile(`(?i)^((log|sign) in to (join|follow|reply|continue|comment)( the conversation)?|sign in to participate|mastodon hosted on [\w.-]{3,60}|forwarded from .{2,60}|(📌 ?)?pinned message|mastodon: about\b.*|visible to (anyone|connections only|members only|all members|everyone)( on or off linkedin| on linkedin)?)$`), 30, nil, []string{"log in", "sign in to", "mastodon", "visible to", "forwarded from", "pinned", "📌"}, "", ""},
	{"social chrome", regexp.MustCompile(`(?i)^.{2,60} is one of the many independent mastodon servers\b.*$`), 30, []string{"mastodon servers"}, nil, "", ""},
	// a web archive's bar over the page it saved (archive.today, the
	// Wayback Machine): "webpage capture", "Saved from", "search 14 Feb
	// 2024 11:02:53 UTC", "All snapshots from host ...", "123 captures"
	{"archive bar", regexp.MustCompile(`(?i)^(archive\.(today|ph|is|li|md|vn)|webpage capture|saved from|all snapshots from host \S+|webpage\s+screenshot|search\s+\d{1,2} \w{3} \d{4} [\d:]+ utc|share\s+download \.zip\b.*|the wayback machine - https?://\S+|\d[\d,]* captures|about this capture|collected by)$`), 20, nil, []string{"archive.", "webpage", "saved from", "all snapshots", "search", "share", "the wayback", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "about this capture", "collected by"}, "", " ,"},
	// lynx's list of the page's <link>s over its text: "#[1]alternate
	// [2]Site RSS"
	{"navigation", regexp.MustCompile(`^#\[\d{1,3}\]\S.*$`), 30, nil, []string{"#["}, "", ""},
	// a research note's licence stamp: "For the exclusive use of NAME@FIRM"
	{"distribution notice", distributionStamp, 16, []string{"use of"}, nil, "", ""},
	// a mailing list archive's page around the message (pipermail)
	{"mailing list chrome", regexp.MustCompile(`(?i)^((previous|next) message( \(by thread\))?:.*|messages sorted by:.*|an html attachment was scrubbed(\.*|…)|-+ next part -+( an html attachment was scrubbed\b.*)?|url: <?https?://\S+>?|url:|more information about the .{1,60} mailing list)$`), 40, nil, []string{"previous", "next", "messages", "an html", "url:", "more information", "-"}, "", ""},
	// what a newspaper's sign-up box leaves in a copy: "Privacy Notice:
	// Newsletters may contain ...", "skip past newsletter promotion",
	// "after newsletter promotion"
	{"sign-up line", regexp.MustCompile(`(?i)^(privacy notice: newsletters may contain\b.*|(skip past|after) newsletter promotion)$`), 60, nil, []string{"privacy notice", "skip past", "after newsletter"}, "", ""},
	// a comment counter the other way round: "Comments 731", "Comments (38)"
	{"count", regexp.MustCompile(`(?i)^(comments|responses|replies)\s*\(?[\d,.]+[km]?\)?$`), 3, nil, []string{"comments", "responses", "replies"}, "", ""},
	// an audio player's line: "Listen to this article   00:00 / 07:12"
	{"audio player", regexp.MustCompile(`(?i)^listen to (this|the) (article|story)(\b|\d).{0,40}$`), 12, nil, []string{"listen to"}, "", ""},
	// a podcast player's buttons and its app links: "Play", "Subscribe: Apple Podcasts · Spotify · RSS"
	{"audio player", regexp.MustCompile(`(?i)^(play( episode| now)?|pause|download( episode| mp3)?|listen now)$|^(subscribe|listen|follow)( on| in| to| with)?:? .{0,40}\b(apple podcasts|spotify|pocket casts|overcast|google podcasts|youtube music|castbox)\b.{0,80}$`), 16, nil, []string{"play", "pause", "download", "listen", "subscribe", "follow"}, "", ""},
	// share buttons scraped without spaces: "ShareTweetLinkedInEmailCopy link"
	{"share line", regexp.MustCompile(`^(Share|Tweet|Post|Facebook|LinkedIn|Linkedin|Email|E-mail|Copy link|Copy|Print|WhatsApp|Whatsapp|Reddit|Pinterest|Save|Flipboard|Bluesky|Threads)( ?(Share|Tweet|Post|Facebook|LinkedIn|Linkedin|Email|E-mail|Copy link|Copy|Print|WhatsApp|Whatsapp|Reddit|Pinterest|Save|Flipboard|Bluesky|Threads|X)){2,9}$|^(facebook|twitter|reddit|linkedin|pinterest|email|whatsapp|flipboard){2,6}$`), 10, nil, []string{"share", "tweet", "post", "facebook", "linkedin", "email", "e-mail", "copy", "print", "whatsapp", "reddit", "pinterest", "save", "flipboard", "bluesky", "threads"}, "", ""},
	{"paywall note", regexp.MustCompile(`(?i)^(free to read( for (registered users|subscribers|members))?|this (article|story) is free to read\b.{0,60}|(subscriber|member)s? exclusive|(for )?subscribers only|premium)\.?$`), 12, nil, []string{"free", "this", "subscriber", "member", "for", "premium"}, "", ""},
	{"audio player", regexp.MustCompile(`(?i)^(audio|estimated \d{1,3} minutes?|the audio version of this (article|story) is (generated|produced|created) (by|using|with) .{3,200}|this (article|story|audio) (was|is) (read|narrated|voiced|generated) by (ai|artificial intelligence|text-to-speech|an ai voice)\b.{0,160})$`), 45, nil, []string{"audio", "estimated", "the audio", "this"}, "", ""},
	// a report's running footer with its page: "Firm Ltd. See important
	// disclosures at the end of this report. Page 1 of 3"
	{"page footer", pageOf, 25, []string{"page"}, nil, "", ""},
	// a live page's loader: "Show 38 earlier updates"
	{"live banner", regexp.MustCompile(`(?i)^(show|load|see) (\d+ )?(earlier|older|more|new|newer|latest) (updates|posts|entries|events)$`), 6, nil, []string{"show", "load", "see"}, "", ""},
	// a page's sharing buttons copied as words: "Gift article Share",
	// "Link Copied!"; a writer's e-mail address alone on its line
	{"share line", regexp.MustCompile(`(?i)^(gift( (this )?article)?( share)?|share( this)? gift article|link copied!?)$`), 4, nil, []string{"gift", "share", "link"}, "", ""},
	// a newspaper's dateline under its byline: "Reporting from Port Halden, Carrow"
	{"byline", regexp.MustCompile(`^(By|BY|by):?$`), 1, nil, []string{"by"}, "", ""}, // a byline whose name was a link the copy lost
	// a reviewer's credit under the writer's: "Fact checked by A Name Updated March 3, 2026 at 09:12 a.m. CET"
	{"byline", regexp.MustCompile(`^(Fact[- ]checked|Medically reviewed|Reviewed|Edited) by \p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){0,3}( (Updated|Published|Last updated|Posted) .{4,40})?$`), 16, nil, []string{"fact", "medically", "reviewed", "edited"}, "", ""},
	// a writer's signature glued to its dash under a roundup's last item: "–Danae Whitcombe"
	{"byline", regexp.MustCompile(`^[—–]\p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){1,3}$`), 4, nil, []string{"—", "–"}, "", ""},
	{"byline", regexp.MustCompile(`^Reporting from \p{Lu}[^.!?:;]{1,60}$`), 10, nil, []string{"reporting from "}, "", ""},
	{"byline", regexp.MustCompile(`^[\w.+-]{1,64}@[\w-]{1,63}(\.[\w-]{1,63})+$`), 1, nil, nil, "@", ""},
	// a live page's banner: "LIVE This blog is now closed"
	{"live banner", regexp.MustCompile(`(?i)^(live\s*[:|·•-]?\s*)?(this|the) (live )?(blog|coverage|page) (is|has) (now )?(closed|ended|finished)\.?$`), 10, nil, []string{"live", "this ", "the "}, "", ""},
	// a newsletter platform's counters under a post: "42 Likes∙", "9 Restacks"
	{"thread meta", regexp.MustCompile(`(?i)^[\d.,]+[km]? (likes?|restacks?)\s*∙?$`), 3, []string{"like", "restack"}, nil, "", " "},
	// a thread's mark on a line of its own, and a post's "Edited" flag
	{"thread meta", regexp.MustCompile(`^([🧵👇⬇\x{FE0F} ]+|[Ee]dited)$`), 2, nil, nil, "", ""},
	// a thread reader's own header over the unrolled thread: "Enter URL or
	// ID to Unroll", "How to get URL link on X (Twitter) App", "Read on X"
	{"thread reader chrome", regexp.MustCompile(`(?i)^(enter url or id to unroll|unroll (the |a )?thread|(you can )?paste (the )?full url like:? .*|or just the id like:? .*|how to get (the )?url link on (x|twitter)( \(twitter\))?( app)?|on the (twitter|x) thread you want to save on .{1,40}, tap the share icon.*|read on (x|twitter)|save as pdf|my authors)$`), 40, nil, []string{"enter", "unroll", "you can", "paste", "or just", "how to", "on the", "read on", "save as", "my authors"}, "", ""},
	{"thread meta", regexp.MustCompile(`(?i)^(@\w{1,30}(@[\w.-]{2,60})?|replying to @\w{1,30}.*|\d{1,2}:\d{2} ?[ap]m ?· ?.*|[\d,.]+[km]? (reposts?|retweets?|quotes?|likes?|views?|bookmarks?|replies|boosts?|reblogs?|favou?rites?|favs?)( [\d,.]+[km]? (reposts?|retweets?|quotes?|likes?|views?|bookmarks?|replies|boosts?|reblogs?|favou?rites?|favs?))*)$`), 20, nil, []string{"@", "replying", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "", ": kKmM,."},
	{"sign-off", regexp.MustCompile(`(?i)(follow us (and|for|on)|share (this|the) (thread|post|article|newsletter)|if you (found|find) this (useful|helpful)|buy (us|me) a coffee|thread by [@\p{Lu}]|forwarded this( email| newsletter)?\?|forward( it| this( email| newsletter| issue)?)? to a (friend|colleague)|^(that['’]s (all|it) for (today|tonight|this (week|issue|time)|now)|see you (tomorrow|next (week|time)|on \w+day))[.!])`), 50, []string{"follow us", "share th", "if you f", "coffee", "thread by", "forwarded", "forward it", "forward this", "forward to", "that's", "that’s", "see you"}, nil, "", ""},
	// a letter's farewell, with or without the writer's name under it:
	// "See you next Tuesday, Mara", "Cheers, — Tom", "Until next time!"
	{"sign-off", regexp.MustCompile(`(?i)^((see you (tomorrow|soon|next \w+|on \w+day|then|there)|until (next time|tomorrow|next \w+|then)|talk (to you )?soon|thanks for reading|more (tomorrow|next week|soon)|back (tomorrow|next week|on \w+day)|happy \w+ing!)[,.!]*|(cheers|warmly|best( wishes)?|all (the )?best|onwards|take care|yours|(kind |warm )?regards|(with )?love|stay (warm|safe|well|dry|cool)|clear skies|happy \w+ing),)( ?[—–-]? ?` + signName + `)?[.!]?$`), 10, nil, []string{"see you", "until", "talk", "thanks for", "more ", "back ", "cheers", "warmly", "best", "all ", "onwards", "take care", "yours", "kind", "warm", "regards", "love", "with love", "stay", "clear skies", "happy"}, "", ""},
	// a newsletter's colophon: "THE DAILY TIDE is written by A Writer in Town."
	{"sign-off", regexp.MustCompile(`^(([Tt]he )?[\p{Lu}\d][\p{Lu}\d’' &.-]{2,40}|[Tt]his (newsletter|email|edition|issue|briefing|digest|letter)) (is|was) (written|edited|produced|compiled|put together|curated|sent|brought to you) by\b`), 30, []string{"written", "edited", "produced", "compiled", "put", "curated", "sent", "brought"}, nil, "", ""},
	// a podcast's notes around its episode
	{"sign-off", regexp.MustCompile(`(?i)^(if you (enjoyed|liked|loved) (this|the) (episode|show|podcast)|(please )?(leave|give) us a (rating|review)|a (full )?transcript (of this episode )?is available\b|(read|see) the (full )?transcript\b)`), 40, nil, []string{"if you", "please", "leave", "give", "a full", "a transcript", "read", "see"}, "", ""},
	// a nonprofit newsroom's offer to republish: "REPUBLISH THIS STORY",
	// "Creative Commons license: you may republish this article ..."
	// "Capital Journal is a nonprofit newsroom. Our stories may be
	// republished online or in print ..."
	{"republish note", regexp.MustCompile(`(?i)\b(our|its|these|this|all) (stories|articles|story|article|reporting|journalism) (may|can) be (freely )?(republished|reprinted)\b`), 60, []string{"republish", "reprint"}, nil, "", ""},
	// a photo's licence: "Draft Town by A Name is licensed under CC BY-SA 2.0"
	{"caption credit", regexp.MustCompile(`(?i)\bis licen[cs]ed under (cc|creative commons)\b.{0,40}$`), 25, []string{"licensed under", "licenced under"}, nil, "", ""},
	// a site's social links over the page: "Connect with us", "Follow us"
	{"navigation", regexp.MustCompile(`(?i)^(connect with us|follow us|stay connected|find us on|join us on)( on (social( media)?|facebook|twitter|instagram))?:?$`), 6, nil, []string{"connect", "follow", "stay", "find", "join"}, "", ""},
	{"republish note", regexp.MustCompile(`(?i)^(republish this (story|article)|creative commons licen[cs]e\b|you (may|can) republish this (story|article)|read our republishing guidelines)`), 40, nil, []string{"republish", "creative", "you may", "you can", "read our"}, "", ""},
	// a board's reactions under a post: "Reactions: brisket_bill, PitMasterJo and 23 others"
	{"post actions", regexp.MustCompile(`(?i)^reactions?: .{1,80}( and \d{1,5} others?)?$`), 16, nil, []string{"reaction"}, "", ""},
	// a board's page links and its notice to readers who are not logged in
	{"navigation", regexp.MustCompile(`(?i)^(page \d{1,4} of \d{1,4}\b.{0,40}|you must (be logged in|log in|log in or register|register|sign in) to (reply|post|comment)\b.*|(← ?)?(back|return) to (the )?[\p{L} ]{2,40})$`), 20, nil, []string{"page", "you must", "back to", "return to", "←"}, "", ""},
	// a press release's label and contact lines: "Press release — for
	// immediate release", "Contact: A Name, media relations"
	{"release label", regexp.MustCompile(`(?i)^((press|news|media) release\b.{0,40}|for immediate release\b.{0,40}|(media |press )?contacts?: \p{Lu}.{0,80}|release (no\.?|number|#) ?[\w.-]{1,20})$`), 14, nil, []string{"press", "news", "media", "for immediate", "contact", "release"}, "", ""},
	// a government site's banner: "An official website of the ...", "Here's how you know"
	{"site banner", regexp.MustCompile(`(?i)^(an official website of (the )?.{3,80}|here[’']s how you know\.?|official websites use \.gov\b.*|secure \.gov websites use https\b.*)$`), 40, nil, []string{"an official", "here", "official", "secure"}, "", ""},
	{"subscription footer", regexp.MustCompile(`(?i)(you are receiving this|you('re| are) (receiving|getting) this (email|newsletter|because)|you (received|got) this (email|newsletter)|\bunsubscribe\b|update your (email )?preferences|manage (your )?(subscription|preferences)|you('re| are) reading (the|a) web version|view (this|it) (email )?in (your )?browser|view in browser|read (this|it) online)`), 60, []string{"receiving", "received", "got this", "subscri", "unsubscri", "preferences", "web version", "browser", "online"}, nil, "", ""},
	// a newsletter's colophon: "The Ballot Box is a free weekly
	// newsletter from Civic Signal, ..."
	{"subscription footer", regexp.MustCompile(`(?i)^(the )?[\p{L}\d’'&. -]{2,40} (is|are) (an? |the )([\p{L}-]+,? ){0,4}(newsletter|email|briefing|digest) (from|by|of|published by|produced by) (the )?\p{Lu}`), 60, []string{"newsletter ", "email ", "briefing ", "digest "}, nil, "", ""},
	{"shop link", regexp.MustCompile(`(?i)^(` + shopButton + `)(\s*(` + shopButton + `))*$`), 16, nil, []string{"check", "see", "view", "buy", "shop", "get", "£", "$", "€"}, "", ""},
	{"caption", regexp.MustCompile(`(?i)^(image source|image caption|media caption|video caption|image copyright|getty images caption),`), 60, nil, []string{"image", "media", "video", "getty"}, ",", ""},
	// a caption the page labels: "Caption: The breakaway crosses the pass."
	{"caption", regexp.MustCompile(`^(Caption|CAPTION|Photo caption|Image caption): `), 60, nil, []string{"caption", "photo caption", "image caption"}, "", ""},
	{"share line", regexp.MustCompile(`(?i)^(listen to (this|the) (article|story)( [—–(-].{0,24})?|listen · .*|gift (this )?article|share full article|read in (the )?app|paid|members only|subscribers only|(for|exclusive to) (subscribers|members)|subscriber exclusive|[∙·•|]|save (this )?(article|story)|subscribe( now)?|give a gift subscription|thanks for reading\b.*|reuse this content|open in app|follow|listen|mailto|-{1,3}|—|this article is more than \d+ (days?|weeks?|months?|years?) old)$`), 25, nil, []string{"read", "paid", "members", "subscribers", "for ", "exclusive", "subscriber", "mailto", "∙", "·", "•", "|", "listen", "gift", "share", "save", "subscribe", "give", "thanks", "reuse", "open", "follow", "-", "—", "this article"}, "", ""},
	{"toolbar", regexp.MustCompile(`(?i)^((print|e-?mail|share|save|copy link|bookmark|listen|gift|comments?( \(\d+\))?|text size|font size|a a a)\s*[|·•]?\s*){2,}$`), 8, nil, []string{"print", "email", "e-mail", "share", "save", "copy", "bookmark", "listen", "gift", "comment", "text", "font", "a a"}, "", ""},
	// a review's star rating ("★★★★☆"), set above its text
	{"rating", regexp.MustCompile(`(?i)^((our )?(rating|score|verdict)\s*:?\s*)?[★☆✩✪⭐½]{3,}\s*(\(?\d(\.\d)?\s*(/|out of)\s*5\)?)?$`), 10, []string{"★", "☆", "✩", "✪", "⭐"}, nil, "", ""},
	// a journal's running header, as a PDF copy keeps it over the title:
	// "Coastal Review   Vol. 18, No. 2 · Spring 2025"
	{"running header", regexp.MustCompile(`(?i)\bvol(\.|ume) \d{1,4}, (no\.?|number|issue) \d{1,4}( ?[·|,•–—-] ?.{0,30})?$`), 16, []string{"vol"}, nil, "", ""},
	// a forum topic's toolbar: "Post Reply   Search this topic...   14 posts • Page 1 of 2"
	{"forum toolbar", regexp.MustCompile(`(?i)^(post reply|new topic|search this topic)\b`), 24, nil, []string{"post reply", "new topic", "search this topic"}, "", ""},
	{"count", regexp.MustCompile(`^(\d{3,}|\d{1,3}(,\d{3})+|\d+(\.\d)?[KkMm])$`), 1, nil, nil, "", ""},
	{"embed credit", either(regexp.MustCompile(`(?i)^[—–-]\s.{1,80}\(@\w{1,30}\)\s+\w+ \d{1,2}, \d{4}$`), atEnd(regexp.MustCompile(`(?i)^pic\.twitter\.com/\w+$`), "pP", 120)), 30, nil, nil, "@/", ""},
	{"link text", regexp.MustCompile(`(?i)^(?:(click|tap) here\b|\([^()]{0,80}\b(click|tap) here\)\.?$|(watch|see) (the )?(highlights|video|full (match|interview|episode|replay)|replay|it)\b.{0,60}\b(youtube|channel|here|below|app|online|player)\b)`), 15, []string{"click", "tap", "watch", "see"}, nil, "", ""},
	{"gallery counter", regexp.MustCompile(`(?i)^((image|photo|slide|picture) )?\d{1,3} (of|/) \d{1,3}$`), 5, nil, nil, "", ""},
	{"cookie notice", regexp.MustCompile(`(?i)(we use cookies|this (site|website) uses cookies|cookie (policy|settings|preferences)|accept (all )?cookies|manage (cookies|consent)|your privacy choices|we and our partners)`), 80, []string{"we use", "this site", "this website", "cookie", "accept", "manage", "your privacy", "we and"}, nil, "", ""},
	{"cookie notice", regexp.MustCompile(`(?i)^(accept|accept all|reject|reject all|agree|i agree|got it|ok|manage preferences|manage settings|more options)$`), 3, nil, nil, "", ""},
	// a consent box's heading: "We value your privacy"
	{"cookie notice", regexp.MustCompile(`(?i)^(we (value|care about|respect) your privacy|your privacy matters|privacy (settings|preferences|choices)|cookie consent|about cookies( on this site)?)[.!]?$`), 6, nil, []string{"we ", "your privacy", "privacy", "cookie", "about cookies"}, "", ""},
	{"paywall", regexp.MustCompile(`(?i)^((subscribe|sign in|log in|register|sign up)( for free| free| now| today)? to (read|continue|unlock|keep reading|access)|this (article|story|content) is (for|only for|available to|exclusive to) (subscribers|members)|already a (subscriber|member)\?|(continue|keep) reading (with|for) (a )?(free|subscription|subscriber)|to (continue|keep) reading,? (please )?(subscribe|register|log in|sign in|sign up)|you have (\d+|one|two|three) (free )?(articles?|stories|gift articles?) (left|remaining)\b.*|you['’]ve (read|reached|used) (your|all your|\d+ of (your )?\d+|(\d+|one|two|three) of (your )?(\d+|one|two|three|four|five)) free (articles?|stories)\b.*|this is your (last|final) free (article|story)\b.*)`), 30, nil, []string{"subscribe", "sign in", "log in", "register", "sign up", "this article", "this story", "this content", "already", "continue", "keep", "to ", "you have", "you've", "you’ve", "this is your"}, "", ""},
	{"ticker", regexp.MustCompile(`[▲▼]`), 20, []string{"▲", "▼"}, nil, "", ""},
	{"link list", regexp.MustCompile(`(?i)^(trending|popular|top stories|most read|breaking|latest|public notices)\s*:`), 30, nil, []string{"trending", "popular", "top stories", "most read", "breaking", "latest", "public"}, "", ""},
	{"caption credit", regexp.MustCompile(`(?i)(purchase licensing rights|opens new tab|opens in new window)\.?$`), 80, []string{"purchase", "opens"}, nil, "", ""},
	{"toolbar", regexp.MustCompile(`(?i)^(print( this)?( page| article| story| recipe)?|e-?mail (this( page| article| story)?|to a friend)|send to a friend|(text|font) size:?( .{0,10})?|download( the| our)?( full)? (report|pdf|article|paper|study|data|file|guide|summary)( \(.{0,30}\))?|press (enquiries|inquiries|office|contacts?)|save for later|save as pdf|my authors|bookmark( this)?( page| article)?|translate( this)?( page)?|report (a|an) ((editorial|technical|factual) )?(error|issue|problem)|(editorial )?code of conduct|editorial (standards|guidelines|policy|policies))$`), 12, nil, []string{"print", "email", "e-mail", "send", "text", "font", "download", "press", "save", "my authors", "bookmark", "translate", "report", "editorial", "code of conduct"}, "", ""},
	{"count", regexp.MustCompile(`(?i)^(?:([\d,.]+[km]? (likes?|comments?|shares?|claps?|responses?|reactions?|upvotes?|reposts?|retweets?|views?|bookmarks?|replies|followers|subscribers)\s*[·|•]?\s*)+(share|reply|save|follow)?$|(\pS\x{FE0F}?\s?[\d,.]+[km]?\s*){2,6}$)`), 14, nil, nil, "", " kKmM,."},
	{"related link", regexp.MustCompile(`(?i)\bas it happened\.?$`), 20, []string{"happened"}, nil, "", ""},
	{"tag list", regexp.MustCompile(`(?i)^(?:(tags|topics|related topics|filed under|categories|posted in|labels)\s*:|filed under \p{Lu}[^.!?]{0,120}$|#[\p{L}\d_]+([\s,]+#[\p{L}\d_]+)+$)`), 30, nil, []string{"tags", "topics", "related topics", "filed", "categories", "posted in", "labels", "#"}, "", ""},
	// a forum post's edit note: "Last edited by name on date, edited 1
	// time in total."
	{"post header", regexp.MustCompile(`^Last edited by \S{1,40} on .{4,40}, edited \d{1,3} times? in total\.?$`), 20, nil, []string{"last edited by"}, "", ""},
	{"attachment note", regexp.MustCompile(`(?i)^((pdf|html|ms word|word|excel|odt|ods|odp|csv|zip|docx?|xlsx?|pptx?|epub|txt)( document| file)?,\s*[\d.,]+\s?(kb|mb|gb|bytes)(,\s*\d+ pages?)?$|this file may not be suitable for users of assistive technology|request an accessible format|attachment:\s|(is|was) this page (useful|helpful)\??$)`), 20, nil, []string{"pdf", "html", "ms word", "word", "excel", "od", "csv", "zip", "doc", "xls", "ppt", "epub", "txt", "this file", "request an", "attachment", "is this page", "was this page"}, "", ""},
	// an audio or video player's controls copied as text: "Your browser
	// does not support the audio element.", "00:00", "1x"
	{"media player", regexp.MustCompile(`(?i)^(your browser does not support (the )?(html5 )?(audio|video)( element| tag| playback)?\.?|0?0:00( / \d{1,2}:\d{2})?|(0?\.\d{1,2}|[1-3](\.\d{1,2})?)[x×])$`), 12, nil, []string{"your browser", "0", "1", "2", "3", "."}, "", ".:x×"},
	// a widget's sponsor line: "Sponsored by A Dealer", "Presented by A Bank"
	// a local station's banners and weather box: "ALERT: Wind Advisory in
	// effect ...", "Tonight: Breezy and cooler, low 48"
	{"alert banner", regexp.MustCompile(`(?i)^(weather alert|severe weather alert|traffic alert|amber alert|school closings?|closings|alert)\s?: .{5,160}$`), 30, nil, []string{"weather", "severe", "traffic", "amber", "school", "closing", "alert"}, "", ""},
	// a network's dateline on a line of its own: "Washington CNN —"
	{"dateline", regexp.MustCompile(`^\p{Lu}[\p{L}.' -]{1,40}[ ,(]+(CNN|AP|Reuters|AFP|UPI|NPR)\)? ?[—–-]$`), 6, nil, nil, "CANRU", ""},
	// a site's banner for a game or a show on now: "LIVE TONIGHT: Vance City at Orland Bay, 8:15 ET"
	{"alert banner", regexp.MustCompile(`^(LIVE( NOW| TONIGHT| TODAY)?|WATCH LIVE|ON AIR|STREAMING NOW|COMING UP)\s?: .{5,120}$`), 16, nil, []string{"live", "watch live", "on air", "streaming", "coming up"}, "", ""},
	{"weather box", regexp.MustCompile(`(?i)^(tonight|today|tomorrow|this (morning|afternoon|evening)|(mon|tues|wednes|thurs|fri|satur|sun)day( night)?): [^.]{3,60}\b(high|low|hi|lo)\b:? -?\d{1,3}°?[fc]?\.?$|^(tonight|today|tomorrow|(mon|tues|wednes|thurs|fri|satur|sun)day): [^.]{0,40}\b(rain|snow|storm|shower)s? chances? \d{1,3}%.{0,30}$`), 14, nil, []string{"tonight", "today", "tomorrow", "this", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}, "", ""},
	// a page's reading tools copied as words, and a widget still loading
	{"share line", regexp.MustCompile(`(?i)^(save )?(share )?((normal|larger|large|very large|small|smaller) text size ?){2,4}$|^loading(\.\.\.|…)?$`), 14, nil, []string{"save", "share", "normal", "larger", "large", "loading"}, "", ""},
	// an appeal's progress box: "£48,210 raised of £60,000 target", "412 supporters"
	{"donation widget", regexp.MustCompile(`(?i)^([£$€]?[\d,.]+[km]? raised( so far)?( of( a| our)? [£$€]?[\d,.]+[km]?( target| goal)?)?|[\d,]+ (supporters|donors|backers|donations|signatures)( so far)?)$`), 10, nil, []string{"£", "$", "€", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "", ",.kmKM "},
	// a match's sponsor under its score: "Match sponsor: Dale's Tyres, Station Road"
	{"sponsor", regexp.MustCompile(`(?i)^(match|man of the match|kit|player) sponsors?(ed by)?: .{2,80}$`), 14, nil, []string{"match", "man of", "kit", "player"}, "", ""},
	// a review's verdict line over a link to the full review: "Our verdict: 4/5 · Read the full review"
	{"review link", regexp.MustCompile(`(?i)^(our )?(verdict|rating|score):? \d(\.\d)? ?/ ?(5|10)\.? ?[·|–—-] ?read (the|our) full .{2,60}$`), 20, nil, []string{"our", "verdict", "rating", "score"}, "", ""},
	// a document's version line: "Version: 1.2 (for staff circulation)"
	{"document info", regexp.MustCompile(`(?i)^(version|revision|draft|status|classification|document (no|number|ref)\.?):? [\w.-]{1,12}( \(.{1,60}\))?$`), 12, nil, []string{"version", "revision", "draft", "status", "classification", "document"}, "", ""},
	// a forum member's details beside their post: "Posts: 412", "Joined: Sat Aug 20, 2022 3:10 pm"
	{"post header", regexp.MustCompile(`(?i)^(posts|joined|messages|reputation|reaction score|member since|location|karma):\s?\S.{0,40}$`), 8, nil, []string{"posts", "joined", "messages", "reputation", "reaction", "member", "location", "karma"}, "", ""},
	// a newsletter's contents line: "In this issue: Weekend round-up · Kit sponsor news · Fixtures"
	{"table of contents", regexp.MustCompile(`(?i)^in (this|today[’']s|this week[’']s|the) (issue|edition|newsletter|email|bulletin)\s?[:—–-] .{3,200}$`), 40, nil, []string{"in this", "in today", "in the"}, "", ""},
	// a search box's placeholder: "Search for questions, people, and topics"
	{"skip link", regexp.MustCompile(`(?i)^search( for)? (questions|people|topics|articles|stories|news|products|recipes|posts|jobs|answers)(,? (and )?(questions|people|topics|articles|stories|news|products|recipes|posts|jobs|answers))*(\.\.\.|…)?$`), 8, nil, []string{"search"}, "", ""},
	// a Q&A site's buttons under an answer: "Upvote · 1.4K Share Comment 27"
	{"count", regexp.MustCompile(`(?i)^(upvote|downvote)( · [\d.,]+[km]?)?( (share|comment|comments)( [\d.,]+[km]?)?){0,3}$`), 8, nil, []string{"upvote", "downvote"}, "", ""},
	// a section break set as marks: "• • •", "* * *", "· · ·"
	{"separator", regexp.MustCompile(`^([•·∙*…~]( ?[•·∙*…~]){1,6}|[—―]{3,80})$`), 7, nil, nil, "", ""},
	// a live page's badge over its headline: "LIVE   Updated 23:48 BST"
	{"live badge", regexp.MustCompile(`(?i)^live( now)?( +(updated|last updated)( at)? .{1,30})?$`), 6, nil, []string{"live"}, "", ""},
	{"live page controls", regexp.MustCompile(`(?i)^(show (key events|all updates|latest updates) only|(please )?(turn on|enable) javascript to use this feature\.?)$`), 9, nil, []string{"show", "please", "turn", "enable"}, "", ""},
	// a chat list's way out: "To stop receiving the Whisper on WhatsApp, reply STOP ..."
	{"subscription footer", regexp.MustCompile(`(?i)^(to (stop|unsubscribe|leave|opt out)\b.{0,80}\b|just )?(reply|text|send|message)( us)? "?stop"?\b.{0,80}$`), 30, []string{"stop"}, nil, "", ""},
	// a site's plug for its own story: "Also on Northmoor Sports: Why ..."
	{"related link", regexp.MustCompile(`(?i)^also on [\p{L}\d'’&. -]{2,40}: .{4,200}$`), 40, nil, []string{"also on"}, "", ""},
	// a feed reader's buttons and note over the text it fetched:
	// "[Open in browser]   [Mark as read]   [Star]", "Full text fetched by Feedwell."
	{"reader toolbar", regexp.MustCompile(`^(\[[^\[\]]{1,30}\]\s*){2,8}$`), 20, nil, []string{"["}, "", ""},
	{"reader toolbar", regexp.MustCompile(`(?i)^(full[- ](text|article) (fetched|loaded|extracted|retrieved) (by|with|from) [^.]{2,40}\.?( formatting may differ from the original\.?)?|formatting may differ from the original\.?)$`), 16, nil, []string{"full", "formatting"}, "", ""},
	// a newsletter's sponsor paragraph: "This issue is sponsored by Maps Co. Their app ..."
	{"advertisement", regexp.MustCompile(`(?i)^(this|today[’']s|this week[’']s) (issue|edition|newsletter|email|episode|post|briefing) is (sponsored|presented|brought to you|supported|made possible|underwritten) by [^.!?]{2,160}[.!:]( .*)?$`), 60, nil, []string{"this", "today"}, "", ""},
	{"advertisement", regexp.MustCompile(`(?i)^(sponsored|presented|powered|underwritten) by [^.!?:]{2,50}$|^(sponsored|presented|brought to you) by:? [^·|:—]{2,40}( [·|—]|:) .{2,160}$`), 30, nil, []string{"sponsored by", "presented by", "powered by", "underwritten by"}, "", ""},
	// a social post's age and edit mark over it: "3d • Edited • 🌐"
	{"social chrome", regexp.MustCompile(`(?i)^\d{1,2}(h|d|w|mo|y)( • edited)? • 🌐$`), 6, nil, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "", "hdwmyHDWMY"},
	// a Facebook post's time, without a year: "March 17 at 8:42 PM · 🌐"
	{"social chrome", regexp.MustCompile(`(?i)^(yesterday|today|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.? \d{1,2}) at \d{1,2}:\d{2} ?[ap]m( ?·)?( ?🌐\x{FE0F}?)?$`), 7, nil, []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "yesterday", "today"}, "", ""},
	// a post's closing question to its readers: "What would you add? 💬",
	// "What did I miss?", "Thoughts?"
	{"reader question", regexp.MustCompile(`(?i)^(what would you add|what did i miss|what am i missing|what else would you add|anything i missed|thoughts|agree or disagree|would you agree|what['’]s your take)\s?\?[\s\pS\x{FE0F}]*$`), 8, nil, []string{"what", "anything", "thoughts", "agree", "would"}, "", ""},
	// a social post's fold and its plea to share: "…see more", "♻️ Repost
	// to help someone in your network ..."
	{"social chrome", regexp.MustCompile(`(?i)^((…|\.\.\.) ?(see )?more|(♻\x{FE0F}? ?)?repost (this )?(to|if|so)\b.*)$`), 25, nil, []string{"…", "...", "♻", "repost"}, "", ""},
	// a newsletter's sign-up box as a copy leaves it: "Type your email…" over "Subscribe"
	{"sign-up line", regexp.MustCompile(`(?i)^(type|enter) your email( address)?( here)?(…|\.\.\.)?$`), 6, nil, []string{"type", "enter"}, "", ""},
	// a blog's caption table, one cell, as a reader's extract leaves it: "| Ochoa wheels away. (Photo: Bev Tansley) |"
	{"caption", regexp.MustCompile(`^\| [^|]{5,300}\((Photo|Image|Picture|Credit)( by|:) [^()|]{2,60}\)\.? \|$`), 60, []string{"photo", "image", "picture", "credit"}, nil, "", ""},
	// a caption labelled as one: "Photo: me, on a phone with a cracked lens"
	{"caption", regexp.MustCompile(`(?i)^(photo|photograph|image|picture|pictured)s?: [^.!?]{2,100}$`), 14, nil, []string{"photo", "image", "picture"}, "", ""},
	// a caption closed by its credit: "The main hall before the keynote. Photo: me, on a phone"
	{"caption", tailMatcher{re: regexp.MustCompile(`^(Photo|Image|Picture)( credit)?: [^.!?]{2,80}\.?$`), open: "PIp", max: 110, at: afterStop}, 45, []string{"photo:", "image:", "picture:", "photo credit", "image credit"}, nil, "", ""},
	// a LinkedIn post's age over it: "3d •", "2w • Edited •"
	{"social chrome", regexp.MustCompile(`(?i)^\d{1,2}(m|h|d|w|mo|yr?) ?•( ?edited ?•?)?( ?🌐)?$`), 4, nil, nil, "", "mhdwyMHDWY "},
	// a post's reactions counted under it: "Kjell Aune and 1,283 others"
	{"social chrome", regexp.MustCompile(`^\p{Lu}[\p{L}'’.-]+( \p{Lu}[\p{L}'’.-]+){0,3} and \d{1,3}(,\d{3})* others$`), 8, []string{"others"}, nil, "", ""},
	// a video page's count line: "214,508 views Premiered Apr 2, 2025 #tag"
	{"count", regexp.MustCompile(`(?i)^[\d,.]+[km]? views\b.{0,120}$`), 20, nil, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "", ",.kKmM "},
	// a description's link rows: "Instagram – @name", "▸ Lens – https://..."
	// (a rule for each dash, so that the one character each needs spares
	// most blocks the pattern)
	{"link line", regexp.MustCompile(`^([▸►•]\s)?[\p{L}\d .&'’()+/-]{1,40} – (https?://\S+|@[\w.]{2,40}|[\w-]+(\.[\w-]+)+(/\S*)?)$`), 10, nil, nil, "–", ""},
	{"link line", regexp.MustCompile(`^([▸►•]\s)?[\p{L}\d .&'’()+/-]{1,40} — (https?://\S+|@[\w.]{2,40}|[\w-]+(\.[\w-]+)+(/\S*)?)$`), 10, nil, nil, "—", ""},
	// a short line that ends in its link: "Music from A Label — try it
	// free for 30 days: https://..."
	{"link line", regexp.MustCompile(`(?i)^[^.!?]{1,100}:\s*https?://\S+$`), 16, []string{"http"}, nil, ":", ""},
	// a row of links to the issues either side: "« Term 2, Week 5 | All
	// newsletters | Term 2, Week 7 »"
	{"prev/next link", regexp.MustCompile(`^[«‹←][^|]{1,60}(\|[^|]{1,60}){1,2}[»›→]$`), 20, nil, []string{"«", "‹", "←"}, "|", ""},
}

// bracketCredit is an agency credit after its opening bracket, closing a
// caption: "(AP Photo/Jo Bloggs)", "[Photo by Jo Bloggs/Getty Images]".
const bracketCredit = `(ap|afp|reuters|epa|pa|getty|ansa|dpa|xinhua|cp|aap|pti|ani|ians|upi|kyodo|yonhap)?\s*(photo|images?|picture|file|wire|via getty images)\b[^()\[\]]{0,80}[)\]]\.?$`

// shopButton is one shop link or button: "Check price at Shop", "Buy
// now", "See deal", "£349 at Shop".
const shopButton = `(check|see|view|compare) (the )?(latest )?(price|prices|deals?|offers?)|view (deal|offer|price)|get (the |this )?deal|buy now|shop now|((check|see|view) (the )?(latest )?price|buy( it)?( now)?|see( it)?|get( it)?|shop|view) (on|at|from) [\p{L}.'’&-]+( [\p{L}.'’&-]+){0,3}|[£$€]\s?[\d,.]+ (at|on|from) [\p{L}.'’&-]+( [\p{L}.'’&-]+){0,3}`

// matcher is what a line rule matches a text with.
type matcher interface{ MatchString(string) bool }

// unless is a pattern that does not match a text holding not: a section
// and a byline set apart by a slash ("SBC Sport / By Jess Tran") is no
// photographer's credit.
type unless struct {
	re  *regexp.Regexp
	not string
}

func (u unless) MatchString(s string) bool { return !strings.Contains(s, u.not) && u.re.MatchString(s) }

// tailMatcher tries an anchored pattern only where the text's last max
// bytes hold one of the bytes that can open it: a pattern that must end
// the text, tried from every byte of a paragraph, cost microseconds a
// line. at, when set, also judges what stands before the match at i.
type tailMatcher struct {
	re   *regexp.Regexp
	open string
	max  int
	at   func(text string, i int) bool
}

// afterSpace and afterStop judge what stands before a tail: a space ("...
// surface (Jason O´Brien/PA)"), or a sentence's stop and a space ("...
// before the keynote. Photo: me, ...").
func afterSpace(t string, i int) bool { return i > 0 && t[i-1] == ' ' }
func afterStop(t string, i int) bool {
	return i > 1 && t[i-1] == ' ' && strings.IndexByte(".!?", t[i-2]) >= 0
}

func atEnd(re *regexp.Regexp, open string, max int) tailMatcher {
	return tailMatcher{re: re, open: open, max: max}
}

func (m tailMatcher) MatchString(text string) bool {
	for i := max(0, len(text)-m.max); i < len(text); i++ {
		j := strings.IndexAny(text[i:], m.open) // one scan to the next opening byte, not a test of every byte
		if j < 0 {
			return false
		}
		i += j
		if (m.at == nil || m.at(text, i)) && m.re.MatchString(text[i:]) {
			return true
		}
	}
	return false
}

// anyOf matches when one of its matchers does.
type anyOf []matcher

func either(ms ...matcher) anyOf { return anyOf(ms) }

func (a anyOf) MatchString(text string) bool {
	for _, m := range a {
		if m.MatchString(text) {
			return true
		}
	}
	return false
}

// creditAtEnd matches a caption that ends with its credit: "... at the
// quay. Photo: Jo Bloggs", "(Image: Agency)", "Pictures by A Writer",
// where the credit word opens the text or follows a sentence's end, a
// bracket or a dash (never a word of prose: "deserve more credit: Six
// ..."). As one pattern, tried at every byte of the text, it cost 20 µs a
// caption; the credit word and its at most 60 characters (4 bytes each)
// after it lie in the text's last 280 bytes.
var creditAtEnd = tailMatcher{
	re:   regexp.MustCompile(`^` + creditWord + `(:\s*\p{Lu}|\s+by\s+\p{L})[\p{L}&'’ ./-]{0,60}$`),
	open: "PpIiCcSsGg",
	max:  280,
	at:   creditContext,
}

// creditContext reports a credit word at i that opens the text, or
// follows what may stand before it: before "Photo: ...", a sentence's
// end, a comma, a bracket or a dash; before "Photo by ...", a sentence's
// end.
func creditContext(text string, i int) bool {
	if i > 0 && isASCIILetter(text[i-1]) {
		return false // inside a word
	}
	before := strings.TrimRight(text[:i], " \t")
	if before == "" {
		return true
	}
	spaced := len(before) < i
	end := i
	for end < len(text) && isASCIILetter(text[end]) {
		end++
	}
	last := before[len(before)-1]
	if end == len(text) || text[end] != ':' {
		return spaced && strings.IndexByte(".!?", last) >= 0 // "... the quay. Photo by ..."
	}
	return spaced && strings.IndexByte(".!?,;", last) >= 0 || last == '(' || last == '[' ||
		strings.HasSuffix(before, " -") || strings.HasSuffix(before, " |") || strings.HasSuffix(before, " –") || strings.HasSuffix(before, " —")
}

// matchRule names the first line rule that matches text, or "".
func matchRule(text string) string {
	name, _ := matchRuleFacts(text)
	return name
}

// decoration is an emoji or symbol set before a line or a headline ("📌
// Read more", "🔥 Nimbus X3 launch"), with its joiners and a space.
func decoration(r rune) bool {
	return unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || r == '\uFE0F' || r == '\u200D' || r == ' '
}

// trimEmoji is s without the emoji that open or close it (a mail
// subject's "☕ ", a post's " 🔥"), with their joiners and spaces. Symbols
// below the arrows ("°", "©", "™") stay.
func trimEmoji(s string) string {
	emoji := func(r rune) bool {
		return r == '\uFE0F' || r == '\u200D' || r == ' ' || r >= 0x2190 && unicode.Is(unicode.So, r) || r >= 0x1F000 && r <= 0x1FAFF
	}
	if s == "" || s[0] < 0xE2 && s[len(s)-1] < 0x80 {
		return s // the cheap test first: most text opens and ends in ASCII
	}
	return strings.TrimFunc(s, emoji)
}

// pastEmoji is text without the emoji and symbols that open it ("📌 Read
// more: ...", "💬 88 comments"), or "" when it opens with none.
func pastEmoji(text string) string {
	if text == "" || text[0] < 0xE2 {
		return "" // every emoji and symbol of unicode.So opens with 0xE2 or above
	}
	rest := strings.TrimLeftFunc(text, decoration)
	if len(rest) == len(text) {
		return ""
	}
	return rest
}

// textFacts are what matchRule learns of a text on the way, for the
// later tests of removeBoilerplate: its word count, and, when scanned,
// the rules (and hiringBit) whose keywords open a word of it.
type textFacts struct {
	text    string
	words   int
	hits    ruleSet
	scanned bool
}

// matchRuleFacts is matchRule, also returning the facts it learnt.
func matchRuleFacts(text string) (string, textFacts) {
	words := wordCount(text)
	f := textFacts{text: text, words: words}
	if words > 60 {
		return "", f // no furniture line runs this long
	}
	rules := rulesForEmpty
	if text != "" {
		rules = rulesByFirstByte[text[0]]
	}
	var head prefixHead
	n := copy(head[:], text)
	for k := range n {
		head[k] = lowerASCII(head[k])
	}
	for _, ref := range rules {
		i := ref.rule
		r := &lineRules[i]
		if r.maxWords != 0 && words > r.maxWords || ref.prefixes != nil && !head.hasLowerPrefix(n, ref.prefixes) ||
			r.anyByte != "" && !holdsAny(text, r.anyByte) || r.afterDigits != "" && !digitsFollowedBy(text, r.afterDigits) {
			continue
		}
		if r.needles != nil {
			if !f.scanned {
				f.hits, f.scanned = needleHits(text), true
			}
			if !f.hits.has(int(i)) {
				continue
			}
		}
		if r.re.MatchString(text) {
			return r.name, f
		}
	}
	if rest := pastEmoji(text); rest != "" {
		name, _ := matchRuleFacts(rest) // the rules read the line as if the emoji were not there
		return name, f
	}
	if strings.Contains(text, " / ") {
		if en := englishHalf(text); en != "" && !strings.Contains(en, " / ") {
			name, _ := matchRuleFacts(en) // "Komentarze / Comments (8)": the English half of a two-language label
			return name, f
		}
	}
	return "", f
}

// digitsFollowedBy reports whether text either does not open with an
// ASCII digit, or its opening digits end the text or are followed by a
// byte of set or a non-ASCII byte.
func digitsFollowedBy(text, set string) bool {
	i := 0
	for i < len(text) && text[i] >= '0' && text[i] <= '9' {
		i++
	}
	return i == 0 || i == len(text) || text[i] >= 0x80 || strings.IndexByte(set, text[i]) >= 0
}

// holdsAny reports whether text holds one of the ASCII bytes of set, or
// the one non-ASCII character that set is. An ASCII byte in UTF-8 is
// always a character of its own, so the byte test is exact for an ASCII
// set.
func holdsAny(text, set string) bool {
	if set[0] >= 0x80 {
		return strings.Contains(text, set)
	}
	for i := 0; i < len(set); i++ {
		if strings.IndexByte(text, set[i]) >= 0 { // a vector scan each, faster than ContainsAny's byte loop
			return true
		}
	}
	return false
}

// needle is a keyword of line rules: one of its words must open a word
// of the text. A keyword several rules share ("photo") is one needle,
// with a bit for each of its rules.
type needle struct {
	word  string
	rules ruleSet
}

// needleIndex gives, for the first two bytes (lower case) of a word,
// the position in needleBuckets of the keywords that open with them, or
// 0 when none does: one pass over a block finds every rule worth trying,
// with an array lookup for most words and no hashing.
var needleIndex, needleBuckets = func() (*[1 << 16]uint8, [][]needle) {
	var index [1 << 16]uint8
	buckets := [][]needle{nil} // bucket 0: no keyword
	if hiringBit >= 64*len(ruleSet{}) {
		panic("content: no room for hiringBit in ruleSet")
	}
	needles := make([][]string, hiringBit+1)
	for i, r := range lineRules {
		needles[i] = r.needles
	}
	needles[hiringBit] = hiringWords
	for i, words := range needles {
	next:
		for _, n := range words {
			k := int(n[0])<<8 | int(n[1])
			if index[k] == 0 {
				index[k] = uint8(len(buckets))
				buckets = append(buckets, nil)
			}
			bucket := buckets[index[k]]
			for j := range bucket {
				if bucket[j].word == n {
					bucket[j].rules.add(i)
					continue next
				}
			}
			var rules ruleSet
			rules.add(i)
			buckets[index[k]] = append(bucket, needle{n, rules})
		}
	}
	if len(buckets) > 255 {
		panic("content: too many keyword pairs for needleIndex")
	}
	return &index, buckets
}()

// ruleSet holds a bit for each line rule.
type ruleSet [4]uint64

func (s *ruleSet) add(i int)     { s[i>>6] |= 1 << (i & 63) }
func (s ruleSet) has(i int) bool { return s[i>>6]&(1<<(i&63)) != 0 }

// or adds the rules of t to s.
func (s *ruleSet) or(t ruleSet) {
	for k := range s {
		s[k] |= t[k]
	}
}

// hiringBit is the bit of a ruleSet, past the line rules' bits, that
// needleHits sets when a word of text opens with one of hiringWords: the
// same test as containsFoldAny(text, hiringWords), made in the same pass.
var hiringBit = len(lineRules)

// needleHits returns the set of rules (a bit each) one of whose keywords
// opens a word of text, ignoring ASCII case, and hiringBit.
func needleHits(text string) ruleSet {
	var hits ruleSet
	for i := 0; i+3 <= len(text); i++ {
		if !wordBytes[text[i]] {
			continue
		}
		// i opens a word: look its first bytes up, then pass over the rest
		// of it
		if b := needleIndex[int(lowerASCII(text[i]))<<8|int(lowerASCII(text[i+1]))]; b != 0 {
			third := lowerASCII(text[i+2])
			for _, n := range needleBuckets[b] {
				if n.word[2] == third && len(text)-i >= len(n.word) && strings.EqualFold(text[i:i+len(n.word)], n.word) {
					hits.or(n.rules)
				}
			}
		}
		for i+1 < len(text) && wordBytes[text[i+1]] {
			i++
		}
	}
	return hits
}

// wordBytes is isWordByte as a table, for the byte loop of needleHits.
var wordBytes = func() (t [256]bool) {
	for c := range t {
		t[c] = isWordByte(byte(c))
	}
	return t
}()

func isWordByte(c byte) bool { return c >= 0x80 || isASCIILetter(c) || c >= '0' && c <= '9' }

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// wordCount counts the words of s, which are separated by white space
// (' ', '\t', '\n', as countWords has it), without allocating. It reads
// eight bytes at a time: a word opens at each byte that is not a space
// where the byte before it is one, or where the text starts.
func wordCount(s string) int {
	n := 0
	var prevWord uint64 // highBits' bit 7 when the byte before the current eight is not a space
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s, i)
		space := zeroBytes(x^lowBytes*' ') | zeroBytes(x^lowBytes*'\t') | zeroBytes(x^lowBytes*'\n')
		word := ^space & highBits
		n += bits.OnesCount64(word &^ (word<<8 | prevWord))
		prevWord = word >> 56 // the last byte's bit, moved to the first byte's place
	}
	in := prevWord != 0
	for ; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\t' || s[i] == '\n'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// countWords counts the words of s, stopping at limit.
func countWords(s string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(s) && n < limit; i++ {
		space := s[i] == ' ' || s[i] == '\t' || s[i] == '\n'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// hasNeedle is a cheap test that spares most blocks an unanchored pattern.
// hiringWords are the keywords of a hiring plug, one of which it holds.
var hiringWords = []string{"hiring", "join", "roles", "positions", "jobs", "careers"}

// containsFoldAny reports whether s holds one of the lower-case ASCII
// words at the start of a word, in any letter case, without lower-casing
// a copy of s.
func containsFoldAny(s string, words []string) bool {
	// first holds the words' first bytes by their low five bits, the same
	// for either case of a letter: most bytes of s fail this one test.
	var first uint32
	for _, w := range words {
		first |= 1 << (w[0] & 31)
	}
	for i := 0; i < len(s); i++ {
		if first&(1<<(s[i]&31)) == 0 || i > 0 && isWordByte(s[i-1]) {
			continue
		}
		c := lowerASCII(s[i])
		for _, w := range words {
			if w[0] == c && len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}

// hasPrefixFold reports whether text starts with one of the prefixes,
// ignoring case.
func hasPrefixFold(text string, prefixes []string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		// An ASCII letter folds to a non-ASCII one only where the lengths
		// in bytes differ, so an ASCII first byte must match, in either
		// case, before the EqualFold is worth calling.
		if len(text) < len(p) || p[0] < 0x80 && lowerASCII(text[0]) != lowerASCII(p[0]) {
			continue
		}
		if strings.EqualFold(text[:len(p)], p) {
			return true
		}
	}
	return false
}
