"""The court glossary (docs/glossary.md) is the standard for every translation, and the help names real buttons.

Two families of checks, both plain file reads (no database):

(a) Terms. For each rule below, a Spanish catalogue entry whose English says the term must say it the
    glossary's way (`spanish`), and wording the glossary rejects (`FORBIDDEN`) appears nowhere in the
    Spanish catalogue or the Spanish help. Every rule names a row of docs/glossary.md, so the rules and
    the document cannot drift apart. A justified exception goes in `ALLOWED`, with its reason.
(b) Buttons. When a help page (templates/guidance/<lang>/) tells people to choose “something”, some
    template must render that label in that language: for English a msgid or literal template text,
    for Spanish a msgstr or literal Spanish template text. Quoted examples that are not labels are in
    `NOT_LABELS`.

When (a) fails after new strings: translate them with the glossary's term (docs/glossary.md).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PO_FILE = BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
GLOSSARY_DOC = BASE_DIR / "docs" / "glossary.md"
TEMPLATES = BASE_DIR / "templates"
HELP = {lang: TEMPLATES / "guidance" / lang for lang in ("en", "es")}


@dataclass(frozen=True)
class Rule:
    term: str  # the English term, as in the first column of docs/glossary.md
    english: str  # regex (case-insensitive) on the msgid: the entry speaks of the term
    spanish: str  # regex (case-insensitive unless `exact_case`) every msgstr of such an entry must match
    exact_case: bool = False


RULES: tuple[Rule, ...] = (
    Rule("respondent", r"\brespondents?\b", r"\bdemandad[oa]s?\b"),
    Rule("immigration judge", r"\bimmigration judges?\b", r"\b(juez|jueces) de inmigración\b"),
    Rule("master calendar hearing", r"\bmaster calendar\b", r"\bcalendario maestro\b"),
    Rule("hearing notice", r"\bhearing notices?\b|\bnotices? of hearing\b", r"\bavisos? de audiencia\b"),
    Rule("removal", r"\bremoval\b|\border(ed)? you removed\b|\bremoved from the United States\b", r"\bdeportación\b"),
    Rule("in absentia", r"\bin absentia\b|\bwithout you\b|\bin your absence\b", r"\ben (su )?ausencia\b"),
    Rule("A-number", r"\bA-numbers?\b", r"\bNúmero A\b", exact_case=True),
    Rule("Notice to Appear", r"\bnotice to appear\b", r"\baviso de comparecencia\b"),
    Rule("charging document", r"\bcharging document", r"\bdocumentos? de cargos\b"),
    Rule("record of proceedings", r"\brecord of proceedings\b", r"\bexpediente del procedimiento\b"),
    Rule("filing", r"\bfilings?\b", r"\bpresent"),
    Rule(
        "service",
        r"\bserv(e|es|ed|ing)\b|\b(certificate|proof) of service\b|\belectronic service\b",
        r"\bnotifi[cq]",
    ),
    Rule("certificate of service", r"\bcertificate of service\b", r"\bcertificado de notificación\b"),
    Rule("proof of service", r"\bproof of service\b", r"\bprueba de notificación\b"),
    Rule("motion", r"\bmotions?\b", r"\bmocion(es)?\b|\bmoción\b"),
    Rule("adjournment", r"\badjourn", r"\baplaz"),
    Rule("attorney of record", r"\battorney of record\b|\bis of record\b", r"\babogado registrado\b|\bregistrado\b"),
    Rule("address of record", r"\baddress of record\b", r"\bdirección registrada\b"),
    Rule("change of address", r"\bchanges? of address\b|\baddress changes?\b", r"\bcambios? de dirección\b"),
    Rule("DHS", r"\bDHS\b|\bDepartment of Homeland Security\b", r"\bDHS\b|\bDepartamento de Seguridad Nacional\b"),
    Rule(
        "Board of Immigration Appeals",
        r"\bBoard of Immigration Appeals\b|\bBIA\b",
        r"\bJunta de Apelaciones de Inmigración\b",
    ),
    Rule("access code", r"\baccess codes?\b", r"\bcódigos? de acceso\b"),
    Rule("meeting passcode", r"\bpasscode\b", r"\bcontraseña de la reunión\b"),
    Rule(
        "second sign-in step",
        r"\bsecond (sign-in )?steps?\b|\bsecond factors?\b|\bsecond way to sign in\b|\bsecond step for signing in\b",
        r"\bsegundos? pasos?\b",
    ),
    Rule("credible fear", r"\b(credible|reasonable) fear\b", r"\btemor (creíble|razonable)\b"),
    Rule("legal advice", r"\blegal advice\b", r"\basesoría legal\b"),
)

# Wording the glossary rejects, anywhere in Spanish text (catalogue and help): (term, regex, why).
# Matched without regard to case, unless the regex says otherwise with (?-i:...).
FORBIDDEN: tuple[tuple[str, str, str], ...] = (
    ("in absentia", r"\bsin usted\b", "a removal order is made «en su ausencia», not «sin usted»"),
    ("respondent", r"\brespondientes?\b", "the respondent is «demandado» everywhere"),
    ("master calendar hearing", r"\bcalendario principal\b|\baudiencia preliminar\b", "«calendario maestro»"),
    ("record of proceedings", r"\bexpediente del caso\b", "«expediente del procedimiento»"),
    ("charging document", r"\bacusación\b", "a charging document is not a criminal accusation"),
    ("service", r"\b(certificado|prueba) de entrega\b|\bentrega electrónica\b|\bentregu[ée]\b", "«notificación»"),
    ("A-number", r"(?-i:\bnúmero A\b)", "«Número A» with a capital N, as on the form"),
    (
        "second sign-in step",
        r"\bsegundos? factor(es)?\b|\bsegunda forma de iniciar sesión\b|\bsegundo paso para entrar\b",
        "one name: «segundo paso para iniciar sesión»",
    ),
    (
        "email / mail",
        r"\bcorreos?\b(?!\s+(electrónicos?|postal(es)?|no deseado))",
        "bare «correo» is both email and paper mail: say «correo electrónico» or «correo postal»",
    ),
    ("removal", r"\bremoción\b", "«deportación» (review glossary)"),
    ("credible fear", r"\bmiedo (creíble|razonable)\b", "«temor creíble»"),
    ("legal advice", r"\bconsejos? legal(es)?\b", "«asesoría legal»"),
    ("meeting passcode", r"\bcódigo de acceso de la reunión\b", "«código de acceso» is only the portal letter's code"),
    ("plain wording", r"\bBienvenido\b|¿Es nuevo aquí\?|¿Listo para\b", "masculine-only address to the reader"),
    ("plain wording", r"\bhuella digital SHA", "«huella digital» is the biometric fingerprint"),
)

# (msgid, term, why): an entry where the glossary's rule does not apply.
# None is needed today; add one only with a reason a reviewer can check, e.g.
# ("Remove “%(title)s”", "service", "«quitar»: not legal service").
ALLOWED: tuple[tuple[str, str, str], ...] = (
    (
        "We do not know which immigration court serves ZIP code %(zip)s. Check it; if it is right, call your "
        "court to ask which court serves your area.",
        "service",
        "a court serving an area («atiende»), not legal service",
    ),
    ("ZIP code served by a court", "service", "a court serving an area («atendido»), not legal service"),
    ("ZIP codes served by courts", "service", "a court serving an area («atendidos»), not legal service"),
)

# Quoted text that is an example or words to type, not a label people choose.
NOT_LABELS = {
    "en": {"green river bakery window", "password123", "in your absence", "I understand"},
    "es": {"río verde panadería ventana", "password123", "Entiendo"},
}

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text.strip()[1:-1])


def parse_po(text: str) -> list[dict[str, str]]:
    """The catalogue's live entries as {"msgid": ..., "msgstr": ..., "msgstr[0]": ...}; obsolete ones skipped."""
    entries = []
    for block in text.split("\n\n"):
        entry: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry = {}
                break
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(\".*\")$", line)
            if match:
                key = match.group(1)
                entry[key] = _unquote(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += _unquote(line)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def _msgstrs(entry: dict[str, str]) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def _rejected(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def catalogue_problems(po_text: str) -> list[str]:
    """Every way the Spanish catalogue departs from the glossary (empty when it follows it)."""
    allowed = {(msgid, term) for msgid, term, _why in ALLOWED}
    problems = []
    for entry in parse_po(po_text):
        # Placeholders name values, not words: "%(filing)s" is not the word "filing".
        english = re.sub(r"%\(\w+\)[sd]|\{\{?\s*\w+\s*\}?\}", " ", entry["msgid"] + " " + entry.get("msgid_plural", ""))
        for rule in RULES:
            if (entry["msgid"], rule.term) in allowed or not re.search(rule.english, english, re.IGNORECASE):
                continue
            flags = 0 if rule.exact_case else re.IGNORECASE
            for text in _msgstrs(entry):
                if not re.search(rule.spanish, text, flags):
                    problems.append(f"{rule.term}: {entry['msgid']!r} -> {text!r} (wants /{rule.spanish}/)")
        for text in _msgstrs(entry):
            problems += [
                f"{term}: {entry['msgid']!r} -> {text!r} ({why})"
                for term, pattern, why in FORBIDDEN
                if (entry["msgid"], term) not in allowed and _rejected(pattern, text)
            ]
    return problems


def _visible_text(html: str) -> str:
    html = re.sub(r"{%.*?%}|{#.*?#}", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _help_pages(lang: str) -> list[Path]:
    return sorted(HELP[lang].rglob("*.html"))


def help_wording_problems() -> list[str]:
    """Rejected wording in the Spanish help pages (answers, steps, glossary)."""
    problems = []
    for page in _help_pages("es"):
        text = _visible_text(page.read_text(encoding="utf-8"))
        for term, pattern, why in FORBIDDEN:
            problems += [
                f"{page.relative_to(BASE_DIR)}: «{m.group(0)}» ({term}: {why})"
                for m in re.finditer(pattern, text, re.IGNORECASE)
            ]
    return problems


def _label(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip(" .:;,!…").casefold()


def _template_literals() -> set[str]:
    """Text written straight into templates (outside tags), per line and per element, help pages excluded."""
    literals = set()
    for path in TEMPLATES.rglob("*.html"):
        if any(folder in path.parents for folder in HELP.values()):
            continue
        text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "\n", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        literals.update(_label(chunk) for chunk in re.split(r"<[^>]+>|\n", text) if chunk.strip())
    return literals


def rendered_labels(po_text: str) -> dict[str, set[str]]:
    entries = parse_po(po_text)
    literals = _template_literals()
    spanish_literals = {text for text in literals if re.search(r"[áéíóúñ¿¡]", text)}
    return {
        "en": {_label(e["msgid"]) for e in entries} | {_label(e.get("msgid_plural", "")) for e in entries} | literals,
        "es": {_label(text) for e in entries for text in _msgstrs(e)} | spanish_literals,
    }


def button_problems(po_text: str) -> list[str]:
    """Quoted labels that no template renders in that language: in the help pages, and in catalogue
    strings such as the registration letter's steps (“%(title)s”-style quotes of a value are skipped)."""
    labels = rendered_labels(po_text)
    problems = []
    for lang in HELP:
        for page in _help_pages(lang):
            for quoted in re.findall(r"“([^”]+)”", page.read_text(encoding="utf-8")):
                if quoted not in NOT_LABELS[lang] and _label(quoted) not in labels[lang]:
                    problems.append(f"{page.relative_to(BASE_DIR)}: “{quoted}” is not a label any {lang} page renders")
    for entry in parse_po(po_text):
        for lang, texts in (("en", [entry["msgid"]]), ("es", _msgstrs(entry))):
            for quoted in (q for text in texts for q in re.findall(r"“([^”]+)”", text) if "%(" not in q):
                if quoted not in NOT_LABELS[lang] and _label(quoted) not in labels[lang]:
                    problems.append(f"catalogue {entry['msgid']!r}: “{quoted}” is not a label any {lang} page renders")
    return problems


def _glossary_doc_terms() -> set[str]:
    """The English column of the table in docs/glossary.md."""
    rows = re.findall(r"^\|\s*([^|]+?)\s*\|", GLOSSARY_DOC.read_text(encoding="utf-8"), re.MULTILINE)
    terms = set()
    for cell in rows:
        terms.update(part.strip().strip("*") for part in cell.split("/"))
        terms.add(cell.strip().strip("*"))
    return terms


@pytest.fixture(scope="module")
def po_text() -> str:
    return PO_FILE.read_text(encoding="utf-8")


def test_every_rule_names_a_term_of_the_glossary_document():
    terms = _glossary_doc_terms()
    named = {rule.term for rule in RULES} | {term for term, _p, _w in FORBIDDEN if term != "plain wording"}
    assert not named - terms, f"add these terms to docs/glossary.md or fix the rule: {sorted(named - terms)}"


# Per rule: an English msgid, Spanish the rule must reject (most of it found by the review) and the
# glossary's Spanish, which must pass every rule.
RULE_SAMPLES: dict[str, tuple[str, str, str]] = {
    "respondent": (
        "Explanation for the respondent",
        "Explicación para el respondiente",
        "Explicación para el demandado",
    ),
    "immigration judge": ("Ask the immigration judge.", "Pregunte al juez.", "Pregunte al juez de inmigración."),
    "master calendar hearing": (
        "Master calendar hearing",
        "Audiencia preliminar (master calendar)",
        "Audiencia de calendario maestro",
    ),
    "hearing notice": (
        "Keep your hearing notice.",
        "Guarde su carta de la audiencia.",
        "Guarde su aviso de audiencia.",
    ),
    "removal": ("Removal proceedings", "Procedimiento de expulsión", "Procedimiento de deportación"),
    "in absentia": (
        "If you do not attend, the judge may order you removed from the United States without you.",
        "Si no asiste, el juez puede ordenar su deportación de los Estados Unidos sin usted.",
        "Si no asiste, el juez puede ordenar su deportación de los Estados Unidos en su ausencia.",
    ),
    "A-number": ("A-number", "número A", "Número A"),
    "Notice to Appear": ("Notice to Appear", "Notificación para comparecer", "Aviso de comparecencia"),
    "charging document": (
        "Charging document (Notice to Appear)",
        "Documento de acusación (Aviso de comparecencia)",
        "Documento de cargos (Aviso de comparecencia)",
    ),
    "record of proceedings": ("record of proceedings", "expediente del caso", "expediente del procedimiento"),
    "filing": (
        "Your draft filings are kept.",
        "Sus borradores de documentos se conservan.",
        "Sus borradores de presentaciones se conservan.",
    ),
    "service": ("Documents served", "Documentos entregados", "Documentos notificados"),
    "certificate of service": ("Certificate of service", "Certificado de entrega", "Certificado de notificación"),
    "proof of service": ("Proof of service", "Prueba de entrega", "Prueba de notificación"),
    "motion": ("Motion to continue", "Petición para continuar", "Moción de aplazamiento"),
    "adjournment": ("Why it was adjourned:", "Por qué se pospuso:", "Por qué se aplazó:"),
    "attorney of record": (
        "Give the name of the attorney of record.",
        "Escriba el nombre del abogado.",
        "Escriba el nombre del abogado registrado.",
    ),
    "address of record": (
        "It will be mailed to your address of record.",
        "Se enviará por correo postal a la dirección que consta en su expediente.",
        "Se enviará por correo postal a su dirección registrada.",
    ),
    "change of address": ("Change of address (EOIR-33)", "Nueva dirección (EOIR-33)", "Cambio de dirección (EOIR-33)"),
    "DHS": ("A copy goes to DHS.", "Una copia va al gobierno.", "Una copia va al DHS."),
    "Board of Immigration Appeals": (
        "Board of Immigration Appeals",
        "Junta de Apelaciones",
        "Junta de Apelaciones de Inmigración",
    ),
    "access code": ("Enter your access code", "Escriba su clave", "Escriba su código de acceso"),
    "meeting passcode": (
        "Meeting ID and passcode",
        "ID de la reunión y código de acceso",
        "ID y contraseña de la reunión",
    ),
    "second sign-in step": (
        "Second sign-in step",
        "Segundo factor de verificación",
        "Segundo paso para iniciar sesión",
    ),
    "credible fear": ("Credible fear review", "Revisión de miedo creíble", "Revisión de temor creíble"),
    "legal advice": (
        "We cannot give legal advice.",
        "No podemos dar consejos legales.",
        "No podemos dar asesoría legal.",
    ),
}

# Wording each FORBIDDEN pattern must catch, and wording close to it that must pass.
REJECTED_SAMPLES = (
    "ordenar su deportación sin usted",
    "el respondiente",
    "audiencia del calendario principal",
    "audiencia preliminar",
    "Elija “Expediente del caso”",
    "Documento de acusación",
    "Certificado de entrega",
    "entrega electrónica",
    "Yo entregué una copia",
    "su número A",
    "Segundo factor de verificación",
    "segunda forma de iniciar sesión",
    "segundo paso para entrar",
    "Enviado por correo",
    "Le enviamos un correo con un enlace",
    "Procedimiento de deportación (remoción)",
    "miedo creíble",
    "consejos legales",
    "código de acceso de la reunión",
    "Bienvenido",
    "¿Es nuevo aquí?",
    "¿Listo para presentar?",
    "Huella digital SHA-256",
)
ACCEPTED_SAMPLES = (
    "Le enviamos un correo electrónico. El correo postal tarda más. Busque en su carpeta de correo no deseado.",
    "en su ausencia",
    "sin que usted esté presente",
    "Su Número A",
    "Entregado en el portal",
    "su huella digital",
)


def _entry(msgid: str, msgstr: str) -> str:
    return f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'


def test_every_rule_rejects_the_wrong_term_and_accepts_the_glossarys():
    assert set(RULE_SAMPLES) == {rule.term for rule in RULES}, "give every rule a sample"
    for term, (msgid, wrong, right) in RULE_SAMPLES.items():
        caught = catalogue_problems(_entry(msgid, wrong))
        assert any(problem.startswith(f"{term}: ") for problem in caught), f"{term}: {wrong!r} passed"
        assert catalogue_problems(_entry(msgid, right)) == [], f"{term}: {right!r} was refused"


def test_every_rejected_wording_is_caught_and_near_misses_pass():
    for term, pattern, _why in FORBIDDEN:
        assert any(_rejected(pattern, sample) for sample in REJECTED_SAMPLES), f"no sample exercises {term}: {pattern}"
    for sample in REJECTED_SAMPLES:
        assert any(_rejected(pattern, sample) for _term, pattern, _why in FORBIDDEN), f"{sample!r} passed"
    for sample in ACCEPTED_SAMPLES:
        assert not [term for term, pattern, _why in FORBIDDEN if _rejected(pattern, sample)], sample


def test_the_spanish_catalogue_follows_the_glossary(po_text):
    problems = catalogue_problems(po_text)
    assert not problems, "translate these with docs/glossary.md:\n" + "\n".join(problems)


def test_the_spanish_help_follows_the_glossary():
    problems = help_wording_problems()
    assert not problems, "\n".join(problems)


def test_help_pages_name_only_buttons_and_links_that_exist(po_text):
    problems = button_problems(po_text)
    assert not problems, "\n".join(problems)


def test_every_allowed_exception_is_still_needed_and_real(po_text):
    msgids = {entry["msgid"] for entry in parse_po(po_text)}
    terms = {rule.term for rule in RULES} | {term for term, _p, _w in FORBIDDEN}
    for msgid, term, why in ALLOWED:
        assert msgid in msgids, f"ALLOWED names a msgid the catalogue no longer has: {msgid!r}"
        assert term in terms and why
