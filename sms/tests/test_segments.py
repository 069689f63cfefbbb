"""Segment counting: GSM-7 (160 / 153) unless one character needs UCS-2 (70 / 67)."""

from sms.segments import count_segments, is_gsm7


def test_plain_text_is_gsm7_with_160_characters_in_one_segment():
    assert count_segments("a" * 160) == count_segments("a" * 160)
    assert (count_segments("a" * 160).encoding, count_segments("a" * 160).segments) == ("gsm7", 1)
    assert count_segments("a" * 161).segments == 2
    assert count_segments("a" * 306).segments == 2
    assert count_segments("a" * 307).segments == 3


def test_an_accented_a_switches_to_ucs2_and_70_character_segments():
    assert not is_gsm7("á")
    assert (count_segments("a" * 69 + "á").encoding, count_segments("a" * 69 + "á").segments) == ("ucs2", 1)
    assert count_segments("a" * 70 + "á").segments == 2
    assert count_segments("a" * 133 + "á").segments == 2
    assert count_segments("a" * 134 + "á").segments == 3


def test_letters_of_the_gsm7_alphabet_stay_gsm7():
    # é, ñ, ü and ¿ are in the GSM-7 basic alphabet: Spanish without á, í, ó, ú fits 160 characters.
    text = "¿" + "ñé" * 79 + "ü"
    assert len(text) == 160
    assert count_segments(text).encoding == "gsm7"
    assert count_segments(text).segments == 1


def test_extension_characters_count_twice_and_are_not_split():
    assert count_segments("€" * 80).units == 160
    assert count_segments("€" * 80).segments == 1
    assert count_segments("€" * 81).segments == 2
    # 152 plain characters, then a two-septet character: it starts the second segment whole.
    assert count_segments("a" * 152 + "[" + "a" * 10).segments == 2
    assert count_segments("a" * 152 + "[" + "a" * 153).segments == 3


def test_an_emoji_takes_two_ucs2_units():
    assert count_segments("😀" * 35).units == 70
    assert count_segments("😀" * 35).segments == 1
    assert count_segments("😀" * 36).segments == 2
