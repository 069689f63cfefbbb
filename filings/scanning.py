"""The clamd client filings scans uploads with; it lives in common.clamd so that the clerk admin
(cases, below filings) scans record documents with the very same client and verdicts."""

from common.clamd import CHUNK_SIZE, ClamdUnavailable, ScanResult, parse_reply, ping, scan_path, scan_stream

__all__ = ["CHUNK_SIZE", "ClamdUnavailable", "ScanResult", "parse_reply", "ping", "scan_path", "scan_stream"]
