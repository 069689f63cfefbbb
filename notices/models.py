"""Models arrive with the filings/notices issues."""
