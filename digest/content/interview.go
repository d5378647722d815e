package content

import "strings"

// isInterview reports an article set as questions and answers: three or
// more paragraphs open with a question mark-up ("Q:", "Q.", "Question:").
// Its questions are the interviewer's, not section headings, so it has no
// takeaways of its own and gets key points instead.
func isInterview(art []*block) bool {
	n := 0
	asked := map[string]int{} // questions under each interviewer's label
	for _, b := range art {
		if isQuestionLine(b.text) {
			n++
			if n >= 3 {
				return true
			}
		}
		// "GBI: Where does the city's drinking water come from?": an
		// outlet's or interviewer's label over its questions
		if head, rest, ok := strings.Cut(b.text, ": "); ok && len(head) <= 30 && strings.HasSuffix(rest, "?") && withoutSpeaker(b.text) != b.text {
			if asked[head]++; asked[head] >= 3 {
				return true
			}
		}
	}
	return false
}

// questionMarks open an interviewer's question.
var questionMarks = []string{"Q:", "Q.", "Q -", "Q –", "Q —", "Question:"}

func isQuestionLine(s string) bool {
	if len(s) < 3 || (s[0] != 'Q' && s[0] != 'q') {
		return false
	}
	for _, m := range questionMarks {
		if len(s) > len(m) && strings.EqualFold(s[:len(m)], m) && s[len(m)] == ' ' {
			return true
		}
	}
	return false
}

// withoutSpeaker cuts the speaker's label off an answer: "A: ", "Wen
// Tallis: " (one to three capitalised words before the colon).
func withoutSpeaker(s string) string {
	head, rest, ok := strings.Cut(s, ": ")
	if !ok || len(head) > 40 || rest == "" {
		return s
	}
	for _, w := range strings.Fields(head) {
		if w == "" || !isUpper([]rune(w)[0]) {
			return s
		}
	}
	if n := len(strings.Fields(head)); n < 1 || n > 3 {
		return s
	}
	return rest
}
