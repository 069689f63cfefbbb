"""The seeded data of the motions engine: legal facts with their public sources, and the motion types.

Both are data (ADR 0120): a data migration and the demo write them with `catalogue_sync`, which only
adds what is missing, so a supervisor's later edit in the clerk admin is never overwritten.
Sources: /work/shared/notes/immigration-court-rules.md (checked December 2026). Where the note rests
on a secondary write-up, the fact carries `needs_verification`.
"""

import datetime

# 8 CFR chapter V (part 1003) took effect on 28 February 2003 (68 FR 9824); IIRIRA's amendments to the
# INA (the 180 days of INA 240(b)(5)(C)) on 1 April 1997.
CFR_CHAPTER_V = datetime.date(2003, 2, 28)
IIRIRA = datetime.date(1997, 4, 1)
STATUTE_2025 = datetime.date(2025, 7, 4)
CHECKED = datetime.date(2026, 12, 1)

LEGAL_FACTS = [
    {
        "key": "fee.motion_pending",
        "value": 0,
        "source": "8 CFR 1003.24(b)(2)(i): no fee for a motion while proceedings are pending",
        "source_url": "https://www.ecfr.gov/current/title-8/section-1003.24",
        "effective_from": CFR_CHAPTER_V,
    },
    {
        "key": "fee.reopen_no_notice",
        "value": 0,
        "source": "8 CFR 1003.24(b)(2)(iii): no fee to reopen an in absentia order for lack of notice",
        "source_url": "https://www.ecfr.gov/current/title-8/section-1003.24",
        "effective_from": CFR_CHAPTER_V,
    },
    {
        "key": "fee.reopen",
        "value": 900,
        "source": "2025 statute, EOIR PM 25-35 and successors (secondary sources): $900 for most motions to reopen",
        "source_url": "https://www.justice.gov/eoir/eoir-policy-manual/memoranda-pm-list",
        "effective_from": STATUTE_2025,
        "needs_verification": True,
        "note": "Fee-waiver request: form EOIR-26A. Verify the amount and its start date before relying on it.",
    },
    {
        "key": "fee.bia_appeal",
        "value": 900,
        "source": "2025 statute, EOIR PM 25-35 and successors (secondary sources): $900 for a BIA appeal (EOIR-26)",
        "source_url": "https://www.justice.gov/eoir/eoir-policy-manual/memoranda-pm-list",
        "effective_from": STATUTE_2025,
        "needs_verification": True,
    },
    {
        "key": "days.documents_before_master",
        "value": 15,
        "source": "Immigration Court Practice Manual 3.1(b): filings for a master hearing are due 15 days before it",
        "source_url": "https://www.justice.gov/eoir/reference-materials/ic/chapter-3/1",
        "effective_from": CHECKED,
        "needs_verification": True,
        "note": "In force before this date too: the date is when the manual was last checked.",
    },
    {
        "key": "days.reopen_in_absentia",
        "value": 180,
        "source": "INA 240(b)(5)(C)(i); 8 CFR 1003.23(b)(4)(ii): 180 days for exceptional circumstances",
        "source_url": "https://www.ecfr.gov/current/title-8/section-1003.23",
        "effective_from": IIRIRA,
    },
    {
        "key": "days.bia_appeal",
        "value": 30,
        "source": "8 CFR 1003.38(b); BIA Practice Manual 4.5: the appeal must be received within 30 days",
        "source_url": "https://www.ecfr.gov/current/title-8/section-1003.38",
        "effective_from": CFR_CHAPTER_V,
    },
]

_HEARING_WARNING = {
    "en": "Filing this does not cancel your hearing. Go to your hearing unless the court tells you otherwise.",
    "es": "Presentar esto no cancela su audiencia. Vaya a su audiencia a menos que el tribunal le diga otra cosa.",
}

_CONTINUE_EN = """The Respondent, {{ name }}, A-number {{ a_number }}, respectfully moves the Immigration Court \
to continue the {{ hearing_kind }} scheduled for {{ hearing_when }}.

Reason: {{ reason_label }}.{% if receipt_number %} The Respondent has a petition pending with USCIS, receipt \
number {{ receipt_number }}, status: {{ petition_status }}.{% endif %}

The Respondent states: {{ details }}

{% if earlier %}Earlier continuances in this case: {{ earlier }}
{% endif %}The Respondent can attend on these dates: {{ dates }}.

Good cause exists under 8 CFR 1003.29. The evidence is listed in the exhibit list."""

_CONTINUE_ES = """El demandado, {{ name }}, Número A {{ a_number }}, pide respetuosamente al tribunal de \
inmigración que aplace la {{ hearing_kind }} fijada para {{ hearing_when }}.

Motivo: {{ reason_label }}.{% if receipt_number %} El demandado tiene una petición pendiente ante USCIS, número \
de recibo {{ receipt_number }}, estado: {{ petition_status }}.{% endif %}

El demandado declara: {{ details }}

{% if earlier %}Aplazamientos anteriores en este caso: {{ earlier }}
{% endif %}El demandado puede asistir en estas fechas: {{ dates }}.

Existe causa justificada según 8 CFR 1003.29. Las pruebas figuran en la lista de anexos."""

_REOPEN_EN = """The Respondent, {{ name }}, A-number {{ a_number }}, respectfully moves the Immigration Court \
to reopen these proceedings and rescind the order of removal entered in absentia on {{ decided_on }}.
{% if no_notice %}
The Respondent did not receive notice of the hearing (INA 240(b)(5)(C)(ii); 8 CFR 1003.23(b)(4)(ii)). \
This motion may be filed at any time and no fee is required (8 CFR 1003.24(b)(2)(iii)).

Where the Respondent lived at the time: {{ lived_at }}

How the Respondent learned of the order, and when: {{ learned }} ({{ learned_on }})

The Respondent's declaration is attached. The address history on file is set out below.
{{ timeline }}
{% else %}
The Respondent failed to appear because of exceptional circumstances (INA 240(e)(1)): {{ circumstance_label }}, \
from {{ happened_from }} to {{ happened_to }}. This motion is filed within 180 days of the order \
(INA 240(b)(5)(C)(i); 8 CFR 1003.23(b)(4)(ii)).

The Respondent states: {{ details }}
{% if fee_waiver %}
The Respondent asks the Court to waive the filing fee; a fee-waiver request (EOIR-26A) is attached.{% endif %}
{% endif %}
The filing of this motion stays the Respondent's removal until the Court rules on it \
(8 CFR 1003.23(b)(4)(ii))."""

_REOPEN_ES = """El demandado, {{ name }}, Número A {{ a_number }}, pide respetuosamente al tribunal de \
inmigración que reabra este procedimiento y anule la orden de deportación dictada en su ausencia el {{ decided_on }}.
{% if no_notice %}
El demandado no recibió la notificación de la audiencia. Esta moción puede presentarse en cualquier momento y \
no tiene costo.

Dónde vivía el demandado en ese momento: {{ lived_at }}

Cómo y cuándo supo de la orden: {{ learned }} ({{ learned_on }})

Se adjunta la declaración del demandado y el historial de domicilios.
{{ timeline }}
{% else %}
El demandado no se presentó por circunstancias excepcionales: {{ circumstance_label }}, del {{ happened_from }} \
al {{ happened_to }}. Esta moción se presenta dentro de los 180 días de la orden.

El demandado declara: {{ details }}
{% if fee_waiver %}
El demandado pide que se le exima del pago; se adjunta la solicitud EOIR-26A.{% endif %}
{% endif %}
Presentar esta moción suspende la deportación del demandado hasta que el tribunal decida."""

_VIDEO_EN = """The Respondent, {{ name }}, A-number {{ a_number }}, respectfully moves the Immigration Court \
for permission to appear at the {{ hearing_kind }} scheduled for {{ hearing_when }} by video \
(8 CFR 1003.25(c)).

The Respondent states: {{ details }}

The Respondent confirms a private place, a device with a camera and a working internet connection for the \
hearing. The Respondent understands that the judge decides and will attend in person unless this motion is \
granted."""

_VIDEO_ES = """El demandado, {{ name }}, Número A {{ a_number }}, pide respetuosamente al tribunal de inmigración \
permiso para comparecer por video a la {{ hearing_kind }} fijada para {{ hearing_when }}.

El demandado declara: {{ details }}

El demandado confirma que tendrá un lugar privado, un dispositivo con cámara y una conexión a internet. Entiende \
que decide el juez y que asistirá en persona si no se concede esta moción."""

_WITHDRAW_EN = """The Respondent, {{ name }}, A-number {{ a_number }}, gives notice that the Respondent \
withdraws the following: {{ what_label }}{% if which %} ({{ which }}){% endif %}.

The Respondent states: {{ details }}

The Respondent has read an explanation of the consequences of this withdrawal and typed "I understand"."""

_WITHDRAW_ES = """El demandado, {{ name }}, Número A {{ a_number }}, comunica que retira lo siguiente: \
{{ what_label }}{% if which %} ({{ which }}){% endif %}.

El demandado declara: {{ details }}

El demandado leyó una explicación de las consecuencias de este retiro y escribió "Entiendo"."""

_VENUE_EN = """The Respondent, {{ name }}, A-number {{ a_number }}, respectfully moves the Immigration Court \
to change venue from the {{ court_name }} to the {{ new_court }} (8 CFR 1003.20).

The Respondent now lives at this fixed street address: {{ new_address }}.

Reason: {{ details }}

Where the Respondent's witnesses and evidence are: {{ witnesses }}

The Respondent's change of address (form EOIR-33) is attached, with proof of residence. The Respondent \
understands that a change of address alone does not move this case, and will attend every hearing of \
this Court until the Court grants this motion."""

_VENUE_ES = """El demandado, {{ name }}, Número A {{ a_number }}, pide respetuosamente al tribunal de \
inmigración que traslade su caso del {{ court_name }} al {{ new_court }}.

El demandado vive ahora en esta dirección fija: {{ new_address }}.

Motivo: {{ details }}

Dónde están sus testigos y pruebas: {{ witnesses }}

Se adjunta su cambio de dirección (formulario EOIR-33) y una prueba de domicilio. El demandado entiende \
que un cambio de dirección no traslada el caso, y asistirá a todas las audiencias de este tribunal hasta \
que se conceda esta moción."""

VENUE_TYPE = {
    "slug": "change-venue",
    "flow": "venue",
    "caption": "MOTION TO CHANGE VENUE",
    "titles": {"en": "Ask to move your case to the court where you live now",
               "es": "Pedir que su caso pase al tribunal de donde vive ahora"},
    "summaries": {
        "en": "A change of address never moves your case. Only the judge can, if you ask.",
        "es": "Un cambio de dirección nunca traslada su caso. Solo el juez puede hacerlo, si usted lo pide.",
    },
    "text_templates": {"en": _VENUE_EN, "es": _VENUE_ES},
    "order_text": "Upon consideration of the Respondent's motion to change venue, it is HEREBY ORDERED that the "
    "motion be [ ] GRANTED [ ] DENIED. If granted, venue is changed to the Immigration Court named in the motion.",
    "exhibits": [
        {"key": "residence", "en": "Proof of where you live (lease, bill, letter)",
         "es": "Prueba de dónde vive (contrato, factura, carta)", "required": True},
        {"key": "evidence", "en": "Other evidence", "es": "Otras pruebas", "required": False},
    ],
    "consequences": {
        "en": ["Your case will not move unless the judge grants a change of venue. DHS may oppose it.",
               _HEARING_WARNING["en"]],
        "es": ["Su caso no se trasladará a menos que el juez conceda el cambio de tribunal. DHS puede oponerse.",
               _HEARING_WARNING["es"]],
    },
    "fee_rule": "pending",
    "deadline_rule": "none",
    "legal_basis": "8 CFR 1003.20; ICPM 5.10(c)",
    "priority": 5,
    "position": 5,
}  # fmt: skip

MOTION_TYPES = [
    {
        "slug": "reopen-missed-hearing",
        "flow": "reopen",
        "caption": "MOTION TO REOPEN AND RESCIND IN ABSENTIA ORDER",
        "titles": {
            "en": "Reopen your case after a missed hearing",
            "es": "Reabrir su caso después de faltar a una audiencia",
        },
        "summaries": {
            "en": "If the judge ordered you removed because you missed a hearing, "
            "you can ask the judge to reopen your case.",
            "es": "Si el juez ordenó su deportación porque usted faltó a una audiencia, "
            "puede pedir que se reabra su caso.",
        },
        "text_templates": {"en": _REOPEN_EN, "es": _REOPEN_ES},
        "order_text": "Upon consideration of the Respondent's motion to reopen and rescind the in absentia order, "
        "it is HEREBY ORDERED that the motion be [ ] GRANTED [ ] DENIED. If granted, the order of removal "
        "is rescinded and proceedings are reopened.",
        "exhibits": [
            {"key": "declaration", "en": "Your signed declaration", "es": "Su declaración firmada", "required": False},
            {"key": "evidence", "en": "Proof of what happened", "es": "Pruebas de lo que pasó", "required": False},
            {
                "key": "fee_waiver",
                "en": "Fee-waiver request (EOIR-26A)",
                "es": "Solicitud de exención (EOIR-26A)",
                "required": False,
            },
        ],
        "consequences": {
            "en": [
                "Filing this motion stops (stays) your removal until the judge decides it.",
                _HEARING_WARNING["en"],
            ],
            "es": [
                "Presentar esta moción detiene (suspende) su deportación hasta que el juez decida.",
                _HEARING_WARNING["es"],
            ],
        },
        "fee_rule": "reopen",
        "deadline_rule": "reopen",
        "legal_basis": "INA 240(b)(5)(C); 8 CFR 1003.23(b)(4)(ii); ICPM 5.9",
        "priority": 0,
        "position": 1,
    },
    {
        "slug": "continue",
        "flow": "continue",
        "caption": "MOTION TO CONTINUE",
        "titles": {"en": "Ask to move your hearing to a later date", "es": "Pedir que su audiencia pase a otra fecha"},
        "summaries": {
            "en": "For example, to find a lawyer, because you are ill, "
            "or because USCIS has not decided a petition yet.",
            "es": "Por ejemplo, para buscar abogado, por enfermedad o porque USCIS no ha decidido una petición.",
        },
        "text_templates": {"en": _CONTINUE_EN, "es": _CONTINUE_ES},
        "order_text": "Upon consideration of the Respondent's motion to continue, it is HEREBY ORDERED that the "
        "motion be [ ] GRANTED [ ] DENIED. If granted, the hearing is rescheduled to ______________.",
        "exhibits": [
            {"key": "evidence", "en": "Proof of your reason", "es": "Prueba de su motivo", "required": False},
            {"key": "uscis_receipt", "en": "USCIS receipt notice", "es": "Aviso de recibo de USCIS", "required": False},
        ],
        "consequences": {"en": [_HEARING_WARNING["en"]], "es": [_HEARING_WARNING["es"]]},
        "fee_rule": "pending",
        "deadline_rule": "hearing",
        "legal_basis": "8 CFR 1003.29; ICPM 5.10(a)",
        "priority": 5,
        "position": 2,
    },
    {
        "slug": "appear-by-video",
        "flow": "video",
        "caption": "MOTION TO APPEAR BY VIDEO",
        "titles": {"en": "Ask to attend your hearing by video", "es": "Pedir asistir a su audiencia por video"},
        "summaries": {
            "en": "The judge decides. You must attend in person unless the judge grants it.",
            "es": "Decide el juez. Debe asistir en persona a menos que el juez lo conceda.",
        },
        "text_templates": {"en": _VIDEO_EN, "es": _VIDEO_ES},
        "order_text": "Upon consideration of the Respondent's motion to appear by video, it is HEREBY ORDERED that "
        "the motion be [ ] GRANTED [ ] DENIED.",
        "exhibits": [{"key": "evidence", "en": "Proof of your reason", "es": "Prueba de su motivo", "required": False}],
        "consequences": {
            "en": [
                "The judge decides. Until the judge grants this, you must attend in person.",
                _HEARING_WARNING["en"],
            ],
            "es": ["Decide el juez. Hasta que lo conceda, debe asistir en persona.", _HEARING_WARNING["es"]],
        },
        "fee_rule": "pending",
        "deadline_rule": "hearing",
        "legal_basis": "8 CFR 1003.25(c)",
        "priority": 5,
        "position": 3,
    },
    {
        "slug": "withdraw",
        "flow": "withdraw",
        "caption": "NOTICE OF WITHDRAWAL",
        "titles": {"en": "Withdraw an application or an appeal", "es": "Retirar una solicitud o una apelación"},
        "summaries": {
            "en": "Read the consequences first: some of them cannot be undone.",
            "es": "Lea primero las consecuencias: algunas no se pueden deshacer.",
        },
        "text_templates": {"en": _WITHDRAW_EN, "es": _WITHDRAW_ES},
        "order_text": "Upon consideration of the Respondent's withdrawal, it is HEREBY ORDERED that the withdrawal "
        "be [ ] ACCEPTED [ ] NOT ACCEPTED.",
        "exhibits": [],
        "consequences": {
            "en": [
                "If you withdraw an application, the judge will not decide it. You may not be able to file it again.",
                "If you withdraw an appeal to the Board of Immigration Appeals, the judge's decision becomes final "
                "at once. If that decision orders your removal, you can be removed.",
                "Talk to a lawyer or a free legal service before you withdraw anything.",
                _HEARING_WARNING["en"],
            ],
            "es": [
                "Si retira una solicitud, el juez no la decidirá. Tal vez no pueda presentarla otra vez.",
                "Si retira una apelación ante la Junta de Apelaciones de Inmigración, la decisión del juez queda "
                "firme de inmediato. Si esa decisión ordena su deportación, pueden deportarlo.",
                "Hable con un abogado o un servicio legal gratuito antes de retirar algo.",
                _HEARING_WARNING["es"],
            ],
        },
        "fee_rule": "pending",
        "deadline_rule": "none",
        "legal_basis": "BIA Practice Manual 4.11",
        "priority": 3,
        "final_effect": True,
        "position": 4,
    },
    VENUE_TYPE,
]


def catalogue_sync(legal_fact_model, motion_type_model) -> tuple[int, int]:
    """Adds the seeded legal facts and motion types that are missing; never changes an existing row.
    Takes the model classes so that a data migration can pass its historical models."""
    facts = 0
    for fact in LEGAL_FACTS:
        _obj, created = legal_fact_model.objects.get_or_create(
            key=fact["key"], effective_from=fact["effective_from"], defaults=fact
        )
        facts += created
    types = 0
    for motion_type in MOTION_TYPES:
        _obj, created = motion_type_model.objects.get_or_create(slug=motion_type["slug"], defaults=motion_type)
        types += created
    return facts, types
