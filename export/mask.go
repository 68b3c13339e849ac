package export

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Numbers that must not appear in full in public outputs (PIPL art. 28): ID-card numbers
// (18 characters, or the old 15 digits), bank card numbers (16 to 19 digits), and mobile numbers,
// also written with spaces or dashes or after +86. A match must not touch other digits.
//
// Villagers type them in every way an input method allows: full-width digits (１５０８９４５０８３７,
// Ｘ), a full-width space or dash between groups, an ID card as 6-8-4 or 6-4-4-4, a bank card in
// groups of four. Matching runs over the text with those folded to ASCII (fold); the masks are
// put back in place of the original characters. Groups must have their usual lengths, so that a
// date range (2026-12-03 2026-12-17) is no card number.
var (
	longNumber = regexp.MustCompile(`\d{14,18}[\dXx]`)
	idGrouped  = regexp.MustCompile(`\d{6}[- ](?:\d{8}|\d{4}[- ]\d{4})[- ]\d{3}[\dXx]`)
	cardGroups = regexp.MustCompile(`[3-6]\d{3}(?:[- ]\d{4}){3}(?:[- ]\d{1,3})?`) // card numbers start 3-6, unlike years and round sums
	mobile     = regexp.MustCompile(`(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}`)
)

// Mask hides ID-card, bank-card and mobile numbers anywhere in text, keeping the first 3 and the
// last 4 digits: 230381199310129394 → 230***********9394, 150 8945 0837 → 150****0837,
// １５０８９４５０８３７ → 150****0837.
func Mask(text string) string {
	for _, re := range []*regexp.Regexp{longNumber, idGrouped, cardGroups, mobile} {
		text = replaceIsolated(re, text)
	}
	return text
}

// fold returns text with full-width digits, Ｘ/ｘ, the full-width space and dashes as their
// ASCII forms, and for each byte of the folded text the byte of text it came from (with one
// more entry, len(text), at the end). Every folded character is one ASCII byte, every other
// character is kept as it is.
func fold(text string) (string, []int) {
	var b strings.Builder
	at := make([]int, 0, len(text)+1)
	for i, r := range text {
		f := r
		switch {
		case r >= '０' && r <= '９':
			f = '0' + (r - '０')
		case r == 'Ｘ' || r == 'ｘ':
			f = 'X'
		case r == '　':
			f = ' '
		case r == '－' || r == '—' || r == '‐' || r == '–':
			f = '-'
		}
		b.WriteRune(f)
		for k := 0; k < utf8.RuneLen(f); k++ {
			at = append(at, i)
		}
	}
	at = append(at, len(text))
	return b.String(), at
}

// replaceIsolated masks the matches of re, found in the folded text, that are not part of a
// longer run of digits.
func replaceIsolated(re *regexp.Regexp, text string) string {
	folded, at := fold(text)
	locs := re.FindAllStringIndex(folded, -1)
	if locs == nil {
		return text
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		start, end := l[0], l[1]
		if (start > 0 && isDigit(folded[start-1])) || (end < len(folded) && isDigit(folded[end])) {
			continue
		}
		b.WriteString(text[last:at[start]])
		b.WriteString(maskDigits(folded[start:end]))
		last = at[end]
	}
	b.WriteString(text[last:])
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// maskDigits keeps the first 3 and last 4 digits of a number, drops its separators and a +86
// prefix, and stars the rest.
func maskDigits(s string) string {
	s = strings.TrimPrefix(s, "+")
	var ds []byte
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) || s[i] == 'X' || s[i] == 'x' {
			ds = append(ds, s[i])
		}
	}
	if len(ds) == 13 && ds[0] == '8' && ds[1] == '6' { // +86 and a mobile number
		ds = ds[2:]
	}
	if len(ds) <= 7 {
		return string(ds)
	}
	return string(ds[:3]) + strings.Repeat("*", len(ds)-7) + string(ds[len(ds)-4:])
}
