"""Country names as people type them, in English and Spanish: matched without case or accents.

`Respondent.country_of_nationality` is free text ("Guatemala", "MEXICO", "El Salvador "). The public
hearing lookup (ADR 0110) compares what a visitor types with it. Both sides go through `country_code`:
a name from the shipped list (cases/data/countries.tsv: ISO code, English name, Spanish name, other
names people write) becomes its ISO code, so "México", "mexico" and "Mexico" are one country, and
"Estados Unidos" matches "United States". A stored name outside the list is compared as normalised text.

Suggestions for a misspelt name come from the shipped list only, never from what the court has on
file, so they say nothing about any respondent.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "countries.tsv"
_NOT_LETTERS = re.compile(r"[^0-9a-z]+")
# Words that do not tell two countries apart: "The Gambia" is "Gambia", "Rep. Dominicana" is "Dominicana".
_FILLER = {"the", "rep", "republic", "of", "la", "el", "de", "del", "republica"}


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces: "Côte d'Ivoire" -> "cote d ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(_NOT_LETTERS.sub(" ", plain).split())


def _key(text: str) -> str:
    words = normalise(text).split()
    kept = [word for word in words if word not in _FILLER]
    return " ".join(kept or words)


@dataclass(frozen=True)
class Country:
    code: str
    english: str
    spanish: str

    def name_in(self, language: str) -> str:
        return self.spanish if (language or "").startswith("es") else self.english


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Country], dict[str, str]]:
    """(countries by code, code by the key of each name), read once from the shipped list."""
    countries: dict[str, Country] = {}
    codes: dict[str, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, english, spanish, *others = line.split("\t")
        countries[code] = Country(code, english, spanish)
        for name in (english, spanish, *others):
            codes.setdefault(_key(name), code)
    return countries, codes


def country_code(text: str) -> str | None:
    """The ISO code of a country name in English or Spanish (any case, accents optional), or None."""
    key = _key(text)
    return _table()[1].get(key) if key else None


def country(code: str) -> Country:
    return _table()[0][code]


def same_country(on_file: str, typed_code: str, typed_text: str) -> bool:
    """True when the name on file is the country the visitor named (by code, or as normalised text)."""
    stored = country_code(on_file)
    if stored is not None:
        return stored == typed_code
    return bool(_key(on_file)) and _key(on_file) == _key(typed_text)


def suggestions(text: str, *, language: str, limit: int = 3) -> list[str]:
    """Up to `limit` country names close to `text`, in the page's language, from the shipped list only."""
    key = _key(text)
    if not key:
        return []
    countries, codes = _table()
    found: list[str] = []
    for close in difflib.get_close_matches(key, list(codes), n=limit * 3, cutoff=0.7):
        name = countries[codes[close]].name_in(language)
        if name not in found:
            found.append(name)
    return found[:limit]
