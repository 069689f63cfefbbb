"""Staff roles, defined here in code and synced to Django groups by `manage.py sync_roles`.

A role is a group with exactly these model permissions. Court scoping (a clerk sees only the
courts they are assigned to) is applied on top, in the admin's querysets.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    key: str
    group_name: str
    label: str
    permissions: tuple[str, ...]  # "app_label.codename"


_COURT_RECORDS_VIEW = (
    "cases.view_immigrationcourt",
    "cases.view_judge",
    "cases.view_respondent",
    "cases.view_case",
    "cases.view_hearing",
    "cases.view_recorddocument",
    "audit.view_auditevent",
    # The filing-service outage log (every clerk reads it; supervisors record it, below).
    "filings.view_serviceoutage",
    "filings.view_addresschange",
    # Electronic service of notices: preferences with their history, and service records (the failed
    # ones are the clerk's queue; marking one reviewed needs only the view permission).
    "delivery.view_servicepreference",
    "delivery.view_servicepreferencechange",
    "delivery.view_servicerecord",
)
_COURT_RECORDS_EDIT = (
    "cases.change_judge",
    "cases.add_judge",
    "cases.add_respondent",
    "cases.change_respondent",
    "cases.add_case",
    "cases.change_case",
    "cases.add_hearing",
    "cases.change_hearing",
    "cases.add_recorddocument",
    "cases.change_recorddocument",
    # Filing review (accept / reject through actions; status itself is read-only).
    "filings.view_filing",
    "filings.change_filing",
    "filings.view_filingdocument",
    # Notices and mailing batches.
    "notices.view_notice",
    "notices.view_mailingbatch",
    "notices.add_mailingbatch",
    "notices.change_mailingbatch",
    # Guided requests (motions): forward to the judge and record rulings; the decision that ended a case.
    "motions.view_motion",
    "motions.change_motion",
    "motions.view_casedecision",
    "motions.add_casedecision",
    "motions.change_casedecision",
    "motions.view_legalfact",
    "motions.view_motiontype",
    "motions.view_zipcourt",
    # The free legal help list shown on the help pages, per court.
    "guidance.view_legalserviceprovider",
    "guidance.add_legalserviceprovider",
    "guidance.change_legalserviceprovider",
)

ROLES: tuple[Role, ...] = (
    Role("clerk", "Clerk", _("Clerk"), _COURT_RECORDS_VIEW + _COURT_RECORDS_EDIT),
    Role(
        "supervisor",
        "Supervisor",
        _("Supervisor"),
        (
            *_COURT_RECORDS_VIEW,
            *_COURT_RECORDS_EDIT,
            "cases.change_immigrationcourt",
            "filings.add_serviceoutage",
            "filings.change_serviceoutage",
            # Fees and deadlines as dated data (motions): a supervisor records a change of the law.
            "motions.add_legalfact",
            "motions.change_legalfact",
            "motions.add_zipcourt",
            "motions.change_zipcourt",
            # The list of reasons clerks pick when they accept or reject a filing (ADR 0115).
            "filings.view_reviewreason",
            "filings.add_reviewreason",
            "filings.change_reviewreason",
        ),
    ),
    Role("support", "Support agent", _("Support agent"), ("accounts.view_user",)),
    # Prints and mails letters for the courts they are assigned to. The only role that opens
    # registration letters and print files, which carry access codes in plain text.
    Role(
        "mailroom",
        "Mailroom",
        _("Mailroom clerk"),
        (
            "cases.view_immigrationcourt",
            "notices.view_notice",
            "notices.view_mailingbatch",
            "notices.add_mailingbatch",
            "notices.change_mailingbatch",
            "notices.print_letters",
        ),
    ),
)

ROLES_BY_KEY = {role.key: role for role in ROLES}
COURT_ROLES = ("clerk", "supervisor", "mailroom")
