"""Reference rows the filings app cannot work without: the review reasons clerks start with.

Seeded by migration 0003 and again after every `migrate` and every test-database flush (post_migrate,
connected in FilingsConfig.ready), adding only what is missing: supervisors switch a reason off and
edit its wording, never delete it, so a missing seeded reason is always a lost row, never a choice.
"""

# code, decision, label, requires_text, position
SEED_REASONS = (
    ("complete", "accept", "Complete and in order.", False, 10),
    ("timely-by-outage", "accept", "Timely: the filing service was down on the deadline day.", False, 20),
    ("accept-other", "accept", "Other reason (explain below)", True, 90),
    ("illegible", "reject", "The document cannot be read.", False, 10),
    ("wrong-case", "reject", "The document belongs to a different case.", False, 20),
    ("incomplete", "reject", "The filing is incomplete (pages or required parts are missing).", False, 30),
    ("no-translation", "reject", "A document in another language has no certified English translation.", False, 40),
    ("other", "reject", "Other reason (explain below)", True, 90),
)


def review_reasons_sync(review_reason_model) -> int:
    """Adds the seeded reasons that are missing (never changes one); how many it added."""
    added = 0
    for code, decision, label, requires_text, position in SEED_REASONS:
        _reason, created = review_reason_model.objects.get_or_create(
            code=code,
            defaults={"decision": decision, "label": label, "requires_text": requires_text, "position": position},
        )
        added += created
    return added
