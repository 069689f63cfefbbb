"""Reply keywords in English and Spanish: STOP and its synonyms, START, HELP.

A text is a keyword when its whole body, trimmed, without accents, case or end punctuation, is one of
the words below (as carriers and Twilio match them): "Stop", "stop.", " STOP " and "Párar" all stop;
"Stop sending me the hearing" does not (a person writing a sentence gets no automatic reply). The
language the keyword was written in chooses the reply's language when the number is not on file.
"""

import re
import unicodedata
from dataclasses import dataclass

STOP_WORDS = {
    "en": {"STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT OUT", "REVOKE"},
    "es": {"PARAR", "PARA", "ALTO", "DETENER", "CANCELAR", "BAJA", "FIN", "TERMINAR", "NO MAS", "DESUSCRIBIR"},
}
START_WORDS = {
    "en": {"START", "UNSTOP", "YES", "SUBSCRIBE", "RESUME"},
    "es": {"INICIAR", "INICIO", "COMENZAR", "REANUDAR", "ALTA", "SI", "REACTIVAR"},
}
HELP_WORDS = {
    "en": {"HELP", "INFO"},
    "es": {"AYUDA", "INFORMACION"},
}

_KINDS = (("stop", STOP_WORDS), ("start", START_WORDS), ("help", HELP_WORDS))


@dataclass(frozen=True)
class Keyword:
    kind: str  # "stop" | "start" | "help" | "other"
    language: str | None  # the language of the word, None for "other"


def normalize(body: str) -> str:
    """Upper case, no accents, no punctuation around words, single spaces."""
    decomposed = unicodedata.normalize("NFKD", body or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[^\w\s]", " ", plain.upper())
    return " ".join(words.split())


def parse_keyword(body: str) -> Keyword:
    """What an inbound text asks for."""
    word = normalize(body)
    for kind, table in _KINDS:
        for language, words in table.items():
            if word in words:
                return Keyword(kind, language)
    return Keyword("other", None)
