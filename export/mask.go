package export

import (
	"regexp"
	"strings"
)

// Numbers that must not appear in full in public outputs (PIPL art. 28): ID-card numbers
// (18 characters, or the old 15 digits), bank card numbers (16 to 19 digits), and mobile numbers,
// also written with spaces or dashes or after +86. A match must not touch other digits.
var (
	longNumber = regexp.MustCompile(`\d{14,18}[\dXx]`)
	mobile     = regexp.MustCompile(`(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}`)
)

// Mask hides ID-card, bank-card and mobile numbers anywhere in text, keeping the first 3 and the
// last 4 digits: 230381199310129394 → 230***********9394, 150 8945 0837 → 150****0837.
func Mask(text string) string {
	text = replaceIsolated(longNumber, text)
	return replaceIsolated(mobile, text)
}

// replaceIsolated masks the matches of re that are not part of a longer run of digits.
func replaceIsolated(re *regexp.Regexp, text string) string {
	locs := re.FindAllStringIndex(text, -1)
	if locs == nil {
		return text
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		start, end := l[0], l[1]
		if (start > 0 && isDigit(text[start-1])) || (end < len(text) && isDigit(text[end])) {
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(maskDigits(text[start:end]))
		last = end
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
