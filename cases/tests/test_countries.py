"""Country names as people type them (cases.countries): English or Spanish, any case, accents optional,
common other names; suggestions for a misspelt name come from the shipped list only."""

import pytest

from cases import countries


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Mexico", "MX"),
        ("méxico", "MX"),
        ("  MEXICO ", "MX"),
        ("Estados Unidos", "US"),
        ("USA", "US"),
        ("El Salvador", "SV"),
        ("Haití", "HT"),
        ("haiti", "HT"),
        ("Brasil", "BR"),
        ("República Dominicana", "DO"),
        ("Rep. Dominicana", "DO"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Costa de Marfil", "CI"),
        ("Burma", "MM"),
        ("DR Congo", "CD"),
        ("Kosovo", "XK"),
        ("China", "CN"),
        ("Taiwán", "TW"),
    ],
)
def test_names_in_english_spanish_and_other_spellings_give_one_code(typed, code):
    assert countries.country_code(typed) == code


@pytest.mark.parametrize("typed", ["", "   ", "Guatamala", "Zzyzx", "Hondruas"])
def test_a_name_not_on_the_list_gives_no_code(typed):
    assert countries.country_code(typed) is None


def test_every_country_on_the_list_has_an_english_and_a_spanish_name_and_no_name_names_two():
    table, codes = countries._table()
    assert len(table) >= 240
    assert all(c.english and c.spanish for c in table.values())
    assert set(codes.values()) == set(table)  # each key points at one country (setdefault would hide a clash)


def test_a_name_on_file_matches_by_code_or_as_plain_text():
    assert countries.same_country("México", "MX", "Mexico")
    assert countries.same_country("United States", "US", "Estados Unidos")
    assert not countries.same_country("Guatemala", "MX", "Mexico")
    # A name the list does not know matches only the same text (any case, accents optional).
    assert countries.same_country("Ruritania", "XX", "ruritania")
    assert not countries.same_country("Ruritania", "MX", "Mexico")
    assert not countries.same_country("", "MX", "")


def test_suggestions_are_close_names_in_the_pages_language():
    assert countries.suggestions("Guatamala", language="en") == ["Guatemala"]
    assert countries.suggestions("Mexicco", language="en") == ["Mexico"]
    assert countries.suggestions("Mexicco", language="es") == ["México"]
    assert countries.suggestions("Hondruas", language="es") == ["Honduras"]
    assert countries.suggestions("qqqqqq", language="en") == []
