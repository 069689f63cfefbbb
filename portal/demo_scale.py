"""Load-test data for `seed_demo --scale N`: N more respondents, each with a case, hearings, documents.

Speed matters (a million cases for the bench), so rows are never built one by one:
- PostgreSQL: one INSERT ... SELECT FROM generate_series per batch, chaining respondent, case,
  hearing and document inserts through data-modifying CTEs; the server builds every row.
- Other databases (the embedded SQLite demo): bulk_create in batches.
Every record document points at one shared stored PDF. Each case also gets a few audit events
(AUDIT_EVENTS_PER_CASE, spread over three years) so the audit log grows with the data as it would.
Scale respondents take A-numbers from A-100-000-001 upwards, after the highest one already there,
so a second run adds N more.
Columns not named here get their model default, so a new field with a default needs no change.
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.models import Case, Hearing, ImmigrationCourt, RecordDocument, Respondent
from portal.demo import pdf_page_count, render_pdf, store_pdf

SCALE_A_NUMBER_FIRST = 100_000_001
SCALE_A_NUMBER_LAST = 199_999_999
HEARINGS_PER_CASE = 2  # one completed in the past, one scheduled ahead
DOCUMENTS_PER_CASE = 2  # Notice to Appear, Notice of Hearing
# What a respondent's portal use leaves behind: a case view, a document download, a calendar download.
AUDIT_ACTIONS = tuple(
    action.value
    for action in (
        AuditAction.CASE_VIEWED,
        AuditAction.RECORD_DOCUMENT_DOWNLOADED,
        AuditAction.HEARING_CALENDAR_DOWNLOADED,
    )
)
AUDIT_EVENTS_PER_CASE = len(AUDIT_ACTIONS)
AUDIT_SPREAD_DAYS = 3 * 365

FAMILY_NAMES = [
    "Ejemplo", "Muestra", "Prueba", "Modelo", "Exemple", "Exemplo", "Sample", "Demo", "Testa", "Ensayo",
    "Shili", "Mithal", "Misal", "Primerova", "Beispiel", "Esempio", "Voorbeeld", "Przyklad", "Rei", "Vidi",
]  # fmt: skip
GIVEN_NAMES = [
    "Ana", "Luis", "Marta", "Jorge", "Rosa", "Pedro", "Lucia", "Diego", "Sofia", "Mateo", "Jean", "Marie",
    "Wei", "Li", "Olga", "Ivan", "Amina", "Omar", "Grace", "Daniel", "Fatima", "Samuel", "Elena", "Hugo",
]  # fmt: skip
COUNTRIES = ["Guatemala", "Honduras", "El Salvador", "Mexico", "Haiti", "Venezuela", "China", "India", "Brazil"]
LANGUAGES = ["es", "es", "es", "en", "ht", "pt", "zh", "fr", "ru", "ar", "quc", "other"]
STATUSES = ["pending"] * 7 + ["admin_closed", "decided", "closed"]


@dataclass
class ScaleResult:
    respondents: int
    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def next_scale_a_number() -> int:
    highest = Respondent.objects.filter(
        a_number__gte=f"{SCALE_A_NUMBER_FIRST:09d}", a_number__lte=f"{SCALE_A_NUMBER_LAST:09d}"
    ).aggregate(m=Max("a_number"))["m"]
    return int(highest) + 1 if highest else SCALE_A_NUMBER_FIRST


def shared_document() -> dict:
    """Stores the one PDF every scale document points at; returns the document's file fields."""
    content, pages = render_pdf(
        title="Record document (load-test data)",
        lines=["Shared by every load-test case. Not an official record."],
    )
    key, sha256, size = store_pdf(content)
    assert pages == pdf_page_count(content)  # noqa: S101 - a broken renderer must not seed a million rows
    return {"file": key, "sha256": sha256, "size": size, "pages": pages}


def seed_scale(
    n: int,
    *,
    courts: list[ImmigrationCourt],
    batch_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    use_sql: bool | None = None,
) -> ScaleResult:
    """Adds n respondents, each with one case, two hearings and two documents, in batches."""
    if n <= 0:
        return ScaleResult(0, 0, 0.0)
    if use_sql is None:
        use_sql = connection.vendor == "postgresql"
    pairs = [(court.pk, court.judges.order_by("pk").values_list("pk", flat=True).first()) for court in courts]
    document = shared_document()
    first = next_scale_a_number()
    if first + n - 1 > SCALE_A_NUMBER_LAST:
        raise ValueError("The load-test A-number block is full.")
    batch_size = batch_size or (100_000 if use_sql else 2_000)
    insert = _insert_batch_sql if use_sql else _insert_batch_orm
    started = time.monotonic()
    done = 0
    while done < n:
        size = min(batch_size, n - done)
        with transaction.atomic():
            insert(first + done, size, pairs=pairs, document=document)
        done += size
        if progress:
            progress(done, n)
    if use_sql:
        with connection.cursor() as cursor:
            for model in (Respondent, Case, Hearing, RecordDocument, AuditEvent):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    rows = n * (2 + HEARINGS_PER_CASE + DOCUMENTS_PER_CASE + AUDIT_EVENTS_PER_CASE)
    return ScaleResult(n, rows, time.monotonic() - started)


# --- PostgreSQL: the server builds the rows ----------------------------------------------------


def _columns(model, expressions: dict[str, str], params: dict) -> tuple[str, str]:
    """Column list and SELECT list for `model`: the given SQL, else the field's default as a parameter."""
    columns, selects = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.column in expressions:
            selects.append(expressions[f.column])
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            selects.append("now()")
            continue
        name = f"default_{model._meta.model_name}_{f.column}"
        params[name] = f.get_db_prep_save(f.get_default(), connection)
        selects.append(f"%({name})s")
    return ", ".join(columns), ", ".join(selects)


def _insert(model, cols: str, selects: str, source: str) -> str:
    # Identifiers come from the models and the fixed text above; every value is a bound parameter.
    table = connection.ops.quote_name(model._meta.db_table)
    return f"INSERT INTO {table} ({cols}) SELECT {selects} FROM {source}"  # noqa: S608  # nosec B608


def _respondent_sql(params: dict) -> str:
    cols, selects = _columns(
        Respondent,
        {
            "a_number": "lpad(g::text, 9, '0')",
            "family_name": "(%(family)s::text[])[1 + g %% %(n_family)s]",
            "given_name": "(%(given)s::text[])[1 + (g / %(n_family)s) %% %(n_given)s]",
            "date_of_birth": "date '1960-01-01' + (g %% 15000)::int",
            "country_of_nationality": "(%(countries)s::text[])[1 + g %% %(n_countries)s]",
            "preferred_language": "(%(languages)s::text[])[1 + g %% %(n_languages)s]",
            "address_line1": "(100 + g %% 9000)::text || ' Example Street'",
            "city": "'Sampletown'",
            "state": "'TX'",
            "postal_code": "'79999'",
            "detained": "(g %% 40 = 0)",
        },
        params,
    )
    return _insert(Respondent, cols, selects, "generate_series(%(lo)s, %(hi)s) AS g")


def _case_sql(params: dict) -> str:
    cols, selects = _columns(
        Case,
        {
            "respondent_id": "r.id",
            "court_id": "(%(court_ids)s::bigint[])[1 + r.g %% %(n_courts)s]",
            "judge_id": "(%(judge_ids)s::bigint[])[1 + r.g %% %(n_courts)s]",
            "status": "(%(statuses)s::text[])[1 + r.g %% %(n_statuses)s]",
            "opened_on": "current_date - (r.g %% 1500)::int",
        },
        params,
    )
    return _insert(Case, cols, selects, "r")


def _hearing_sql(params: dict) -> str:
    internet = "c.id %% 2 = 1"
    cols, selects = _columns(
        Hearing,
        {
            "case_id": "c.id",
            "judge_id": "c.judge_id",
            "starts_at": (
                "CASE WHEN v.k = 0 THEN date_trunc('hour', now()) - ((60 + c.id %% 300) * interval '1 day')"
                " ELSE date_trunc('hour', now()) + ((1 + c.id %% 180) * interval '1 day') END"
            ),
            "mode": f"CASE WHEN {internet} THEN 'internet' ELSE 'in_person' END",
            "courtroom": f"CASE WHEN {internet} THEN '' ELSE 'Courtroom ' || (1 + c.id %% 8) END",
            "video_url": f"CASE WHEN {internet} THEN 'https://meet.example.org/load/' || c.id ELSE '' END",
            "meeting_details": f"CASE WHEN {internet} THEN 'Meeting ID 555 010 0100, passcode 0100' ELSE '' END",
            "dial_in": f"CASE WHEN {internet} THEN '(555) 010-0150' ELSE '' END",
            "status": "CASE WHEN v.k = 0 THEN 'completed' ELSE 'scheduled' END",
        },
        params,
    )
    return _insert(Hearing, cols, selects, "c CROSS JOIN (VALUES (0), (1)) AS v(k)")


def _document_sql(params: dict) -> str:
    cols, selects = _columns(
        RecordDocument,
        {
            "case_id": "c.id",
            "title": "CASE WHEN v.k = 0 THEN 'Notice to Appear' ELSE 'Notice of Hearing' END",
            "category": "CASE WHEN v.k = 0 THEN 'charging' ELSE 'notice' END",
            "filed_by": "CASE WHEN v.k = 0 THEN 'dhs' ELSE 'court' END",
            "filed_on": "c.opened_on + v.k * 20",
            "file": "%(doc_file)s",
            "sha256": "%(doc_sha256)s",
            "size": "%(doc_size)s",
            "pages": "%(doc_pages)s",
        },
        params,
    )
    return _insert(RecordDocument, cols, selects, "c CROSS JOIN (VALUES (0), (1)) AS v(k)")


def _audit_sql(params: dict) -> str:
    params["audit_actions"] = list(AUDIT_ACTIONS)
    params["audit_spread"] = AUDIT_SPREAD_DAYS
    cols, selects = _columns(
        AuditEvent,
        {
            "occurred_at": (
                "now() - ((c.id * 7 + v.k * 101) %% %(audit_spread)s) * interval '1 day'"
                " - ((c.id + v.k) %% 86400) * interval '1 second'"
            ),
            "actor_role": "'respondent'",
            "action": "(%(audit_actions)s::text[])[1 + v.k]",
            "target_type": "CASE WHEN v.k = 0 THEN 'case' WHEN v.k = 1 THEN 'record_document' ELSE 'hearing' END",
            "target_id": "c.id::text",
            "case_id": "c.id",
            "court_id": "c.court_id",
            "ip_address": "('192.0.2.' || (1 + c.id %% 250))::inet",
            "request_id": "md5(c.id::text || '-' || v.k)",
        },
        params,
    )
    values = ", ".join(f"({k})" for k in range(AUDIT_EVENTS_PER_CASE))
    return _insert(AuditEvent, cols, selects, f"c CROSS JOIN (VALUES {values}) AS v(k)")


def _insert_batch_sql(first: int, size: int, *, pairs: list[tuple[int, int]], document: dict) -> None:
    params = {
        "lo": first,
        "hi": first + size - 1,
        "family": FAMILY_NAMES,
        "n_family": len(FAMILY_NAMES),
        "given": GIVEN_NAMES,
        "n_given": len(GIVEN_NAMES),
        "countries": COUNTRIES,
        "n_countries": len(COUNTRIES),
        "languages": LANGUAGES,
        "n_languages": len(LANGUAGES),
        "court_ids": [court for court, _ in pairs],
        "judge_ids": [judge for _, judge in pairs],
        "n_courts": len(pairs),
        "statuses": STATUSES,
        "n_statuses": len(STATUSES),
        **{f"doc_{key}": value for key, value in document.items()},
    }
    sql = (
        f"WITH r AS ({_respondent_sql(params)} RETURNING id, a_number::bigint AS g), "
        f"c AS ({_case_sql(params)} RETURNING id, judge_id, court_id, opened_on), "
        f"h AS ({_hearing_sql(params)}), "
        f"a AS ({_audit_sql(params)}) "
        f"{_document_sql(params)}"
    )
    with connection.cursor() as cursor:
        # Load-test rows only: a crash may lose the last batch, and no commit waits for the disk.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(sql, params)


# --- Other databases: bulk_create ---------------------------------------------------------------


def _insert_batch_orm(first: int, size: int, *, pairs: list[tuple[int, int]], document: dict) -> None:
    today = timezone.localdate()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    people = Respondent.objects.bulk_create(
        [
            Respondent(
                a_number=f"{g:09d}",
                family_name=FAMILY_NAMES[g % len(FAMILY_NAMES)],
                given_name=GIVEN_NAMES[(g // len(FAMILY_NAMES)) % len(GIVEN_NAMES)],
                date_of_birth=datetime.date(1960, 1, 1) + datetime.timedelta(days=g % 15000),
                country_of_nationality=COUNTRIES[g % len(COUNTRIES)],
                preferred_language=LANGUAGES[g % len(LANGUAGES)],
                address_line1=f"{100 + g % 9000} Example Street",
                city="Sampletown",
                state="TX",
                postal_code="79999",
                detained=g % 40 == 0,
            )
            for g in range(first, first + size)
        ]
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                respondent=person,
                court_id=pairs[int(person.a_number) % len(pairs)][0],
                judge_id=pairs[int(person.a_number) % len(pairs)][1],
                status=STATUSES[int(person.a_number) % len(STATUSES)],
                opened_on=today - datetime.timedelta(days=int(person.a_number) % 1500),
            )
            for person in people
        ]
    )
    hearings, documents = [], []
    for case in cases:
        internet = case.pk % 2 == 1
        mode = {
            "mode": Hearing.Mode.INTERNET if internet else Hearing.Mode.IN_PERSON,
            "video_url": f"https://meet.example.org/load/{case.pk}" if internet else "",
            "dial_in": "(555) 010-0150" if internet else "",
            "courtroom": "" if internet else f"Courtroom {1 + case.pk % 8}",
        }
        hearings += [
            Hearing(case=case, judge_id=case.judge_id, status=Hearing.Status.COMPLETED,
                    starts_at=now - datetime.timedelta(days=60 + case.pk % 300), **mode),
            Hearing(case=case, judge_id=case.judge_id, status=Hearing.Status.SCHEDULED,
                    starts_at=now + datetime.timedelta(days=1 + case.pk % 180), **mode),
        ]  # fmt: skip
        documents += [
            RecordDocument(case=case, title="Notice to Appear", category="charging", filed_by="dhs",
                           filed_on=case.opened_on, **document),
            RecordDocument(case=case, title="Notice of Hearing", category="notice", filed_by="court",
                           filed_on=case.opened_on + datetime.timedelta(days=20), **document),
        ]  # fmt: skip
    Hearing.objects.bulk_create(hearings)
    RecordDocument.objects.bulk_create(documents)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                occurred_at=now - datetime.timedelta(days=(case.pk * 7 + k * 101) % AUDIT_SPREAD_DAYS),
                actor_role="respondent",
                action=action,
                target_type=("case", "record_document", "hearing")[k],
                target_id=str(case.pk),
                case_id=case.pk,
                court_id=case.court_id,
            )
            for case in cases
            for k, action in enumerate(AUDIT_ACTIONS)
        ]
    )
