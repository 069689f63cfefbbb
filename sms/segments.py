"""How many SMS segments a text costs (3GPP TS 23.038 and 23.040).

A text goes as GSM-7 when every character is in the GSM 7-bit default alphabet or its extension
table, else as UCS-2. GSM-7: 160 septets in one segment, 153 per segment when split (the rest is
the concatenation header); an extension character ({ } [ ] ~ \\ | ^ €, form feed) takes two septets
(escape + character) and is never split across segments. UCS-2: 70 UTF-16 code units in one
segment, 67 when split; a character outside the Basic Multilingual Plane (an emoji) takes two
units and is never split. So one accented "á" (not in GSM-7, unlike "é" or "ñ") turns a 160-character
segment into a 70-character one.
"""

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class SegmentCount:
    encoding: str  # "gsm7" | "ucs2"
    segments: int
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)


def is_gsm7(text: str) -> bool:
    """True when every character can go in the GSM 7-bit alphabet (basic or extension table)."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _pack(widths: list[int], single: int, part: int) -> int:
    total = sum(widths)
    if total <= single:
        return 1
    segments, used = 1, 0
    for width in widths:
        if used + width > part:  # a two-unit character starts the next segment rather than being split
            segments, used = segments + 1, 0
        used += width
    return segments


def count_segments(text: str) -> SegmentCount:
    """The encoding a phone network uses for `text`, and the segments (billed messages) it takes."""
    if not text:
        return SegmentCount("gsm7", 1, 0)
    if is_gsm7(text):
        widths = [2 if ch in GSM7_EXTENSION else 1 for ch in text]
        return SegmentCount("gsm7", _pack(widths, GSM7_SINGLE, GSM7_PART), sum(widths))
    widths = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return SegmentCount("ucs2", _pack(widths, UCS2_SINGLE, UCS2_PART), sum(widths))
