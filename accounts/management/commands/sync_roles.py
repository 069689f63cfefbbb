from django.core.management.base import BaseCommand

from accounts.services import roles_sync


class Command(BaseCommand):
    help = "Makes the staff role groups match accounts/roles.py exactly."

    def handle(self, *args, **options):
        changed = roles_sync()
        if changed:
            self.stdout.write(f"Roles updated: {', '.join(changed)}")
        else:
            self.stdout.write("Roles already in step with accounts/roles.py")
