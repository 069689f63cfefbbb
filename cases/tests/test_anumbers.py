import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cases.anumbers import format_a_number, mask_a_number, parse_a_number


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("A123456789", "123456789"),
        ("A-123-456-789", "123456789"),
        ("123 456 789", "123456789"),
        ("12345678", "012345678"),
        ("a123456789", "123456789"),
        ("  A 123-456-789 ", "123456789"),
        ("A-12-345-678", "012345678"),
    ],
)
def test_accepted_forms(text, stored):
    assert parse_a_number(text) == stored


@pytest.mark.parametrize(
    "text",
    [
        "",
        "A",
        "1234567",
        "1234567890",
        "B123456789",
        "A--123456789",
        "123_456_789",
        "A12345678x",
        "000000000",
        "-123456789",
        "123  456 789",
        "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19",
        "A123456789A",
    ],
)
def test_rejected_forms_name_the_accepted_ones(text):
    with pytest.raises(ValidationError) as excinfo:
        parse_a_number(text)
    message = excinfo.value.messages[0]
    assert "A-123-456-789" in message and "12345678" in message


digits = st.text(alphabet="0123456789", min_size=8, max_size=9).filter(lambda d: d.strip("0"))


@given(digits, st.sampled_from(["", "A", "a", "A-", "A "]), st.sampled_from(["", "-", " "]))
def test_any_grouping_of_8_or_9_digits_parses_to_9(number, prefix, sep):
    grouped = sep.join([number[:-6], number[-6:-3], number[-3:]])
    stored = parse_a_number(prefix + grouped)
    assert stored == number.zfill(9)
    assert parse_a_number(format_a_number(stored)) == stored


@given(st.text(max_size=20))
def test_parse_never_crashes_and_only_returns_9_digits(text):
    try:
        stored = parse_a_number(text)
    except ValidationError:
        return
    assert len(stored) == 9 and stored.isdigit()
    assert sum(c.isdigit() for c in text) in (8, 9)


def test_display_and_mask():
    assert format_a_number("012345678") == "A-012-345-678"
    assert mask_a_number("012345678") == "A-***-**5-678"
