"""Staff roles: the groups kept in step with accounts.roles, and putting a person in one."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.roles import ROLES, ROLES_BY_KEY
from audit.actions import AuditAction
from audit.services import audit_record


def _permissions_for(codes: tuple[str, ...]) -> list[Permission]:
    wanted = {tuple(code.split(".", 1)) for code in codes}
    perms = [
        p for p in Permission.objects.select_related("content_type") if (p.content_type.app_label, p.codename) in wanted
    ]
    found = {(p.content_type.app_label, p.codename) for p in perms}
    missing = wanted - found
    if missing:
        raise LookupError(f"Unknown permissions in accounts.roles: {sorted(missing)}")
    return perms


@transaction.atomic
def roles_sync() -> list[str]:
    """Makes each role's group hold exactly the permissions in accounts.roles; audited when changed."""
    changes = []
    for role in ROLES:
        group, created = Group.objects.get_or_create(name=role.group_name)
        wanted = set(_permissions_for(role.permissions))
        current = set(group.permissions.all())
        if created or wanted != current:
            group.permissions.set(wanted)
            changes.append(role.key)
            audit_record(
                actor=None,
                actor_role="system",
                action=AuditAction.ROLE_SYNCED,
                target=group,
                data={
                    "added": sorted(p.codename for p in wanted - current),
                    "removed": sorted(p.codename for p in current - wanted),
                },
            )
    return changes


def role_assign(*, user, role_key: str) -> None:
    """Puts a user in a role's group (staff roles also need is_staff for the admin)."""
    group = Group.objects.get(name=ROLES_BY_KEY[role_key].group_name)
    user.groups.add(group)
    if hasattr(user, "_role_names"):
        del user._role_names
