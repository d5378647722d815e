package content

// Pattern fragments that several rules share, so that one list of names
// serves every rule that needs it.
const (
	// fullName is a person's name of two or three capitalised words:
	// "Ada Quint", "Mary-Jo O’Neill Park".
	fullName = `\p{Lu}[\p{L}'’-]+( \p{Lu}[\p{L}'’-]+){1,2}`
	// stampVerbs open a date stamp: "Published", "Last updated".
	stampVerbs = `posted|published|updated|last updated|first published|issued|modified|submitted|released|release date|embargoed until`
	// dayNames and monthNames are the short English names; a rule
	// follows them with [a-z]* for the long ones.
	dayNames   = `mon|tue|wed|thu|fri|sat|sun`
	monthNames = `jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec`
)
