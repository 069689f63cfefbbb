"""The periodic sweep: work whose message was lost (broker down, worker killed) is sent again."""

from notices.services.mailing import stuck_print_files_requeue
from notices.services.notices import stuck_notices_requeue


def notices_sweep_stuck(*, older_than) -> tuple[int, int]:
    """Re-sends notices stuck in `requested` and print files stuck in `pending`; returns how many of each."""
    return stuck_notices_requeue(older_than=older_than), stuck_print_files_requeue(older_than=older_than)
