"""A changelist paginator that never counts a million rows (for every admin changelist).

It lives in audit, the lowest app, so that every admin (audit events included) can use it without
breaking the one-way dependencies between apps (see DESIGN.md).

Django's admin asks the paginator for `count` on every changelist page. At 1,000,000 cases a full
`COUNT(*)` costs more than the page itself, so:
- an unfiltered list of a big table reports PostgreSQL's own estimate (pg_class.reltuples);
- any other list counts at most CAP + 1 rows (`SELECT COUNT(*) FROM (... LIMIT CAP + 1)`), which
  an index serves in milliseconds; past the cap the page says "more than CAP".
"""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

CAP = 10_000


def estimated_rows(model, using: str = "default") -> int | None:
    """PostgreSQL's estimate of a table's rows (None elsewhere, or when never analysed)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    if not row or row[0] is None or row[0] < 0:
        return None
    return int(row[0])


class CappedCountPaginator(Paginator):
    """`count` is exact up to CAP; beyond it, an estimate (unfiltered) or CAP (filtered). See module doc."""

    cap = CAP

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not queryset.query.where:
            estimate = estimated_rows(queryset.model, queryset.db)
            if estimate is not None and estimate > self.cap:
                self.is_estimate = True
                return estimate
        capped = queryset.order_by()[: self.cap + 1].count()
        if capped > self.cap:
            self.is_capped = True
            return self.cap
        return capped

    is_estimate = False
    is_capped = False
