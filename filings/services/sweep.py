"""The periodic sweep of the filings app: a lost message delays a scan or a PDF, never loses it."""

from filings.services.generated import filing_pdfs_sweep
from filings.services.scanning import scans_sweep


def stuck_work_sweep() -> int:
    """Re-sends the scan of every document stuck in `scanning` and the rendering of every submitted
    filing still missing its certificate or receipt PDF; returns how many it re-sent."""
    return len(scans_sweep()) + len(filing_pdfs_sweep())
