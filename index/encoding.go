package index

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText reads a document's bytes as text. Documents should be UTF-8,
// but files saved by other tools reach the seeds folder too, and a
// document read as the wrong encoding would be indexed as noise and quoted
// with U+FFFD in place of its letters. So: UTF-16 is decoded (with a byte
// order mark, or without one when every other byte is zero, as in English
// text); bytes that are not UTF-8 and hold no UTF-8 sequence of several
// bytes at all are read as Windows-1252 (Latin-1, and the quotation marks
// Windows adds to it); anything else is left to Parse, which marks each
// byte that is not UTF-8 with U+FFFD.
func decodeText(raw []byte) string {
	switch {
	case bytes.HasPrefix(raw, []byte{0xff, 0xfe}):
		return decodeUTF16(raw[2:], false)
	case bytes.HasPrefix(raw, []byte{0xfe, 0xff}):
		return decodeUTF16(raw[2:], true)
	}
	if be, ok := zeroHalves(raw); ok {
		return decodeUTF16(raw, be)
	}
	if utf8.Valid(raw) || hasMultiByteUTF8(raw) {
		return string(raw)
	}
	runes := make([]rune, len(raw))
	for i, b := range raw {
		runes[i] = rune(b)
		if b >= 0x80 && b < 0xa0 && windows1252[b-0x80] != 0 {
			runes[i] = windows1252[b-0x80]
		}
	}
	return string(runes)
}

func decodeUTF16(b []byte, bigEndian bool) string {
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(units))
}

// zeroHalves tells whether raw looks like UTF-16 without a byte order
// mark: in most pairs of bytes one half, always the same, is zero.
func zeroHalves(raw []byte) (bigEndian, ok bool) {
	if len(raw) < 4 || len(raw)%2 != 0 {
		return false, false
	}
	var even, odd int
	for i, b := range raw {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	pairs := len(raw) / 2
	switch {
	case odd*2 > pairs && even == 0:
		return false, true
	case even*2 > pairs && odd == 0:
		return true, true
	}
	return false, false
}

// hasMultiByteUTF8 tells whether raw holds a valid UTF-8 sequence of two
// or more bytes: a UTF-8 file with a damaged byte, not another encoding.
func hasMultiByteUTF8(raw []byte) bool {
	for len(raw) > 0 {
		r, n := utf8.DecodeRune(raw)
		if r != utf8.RuneError && n > 1 {
			return true
		}
		raw = raw[n:]
	}
	return false
}

// windows1252 maps the bytes 0x80 to 0x9F, control characters in Latin-1,
// to what Windows-1252 puts there (0: left as Latin-1 has it).
var windows1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}
