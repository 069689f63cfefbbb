"""`manage.py seed_demo [--scale N]`: the fictional demo data, and load-test rows on request.

Never in production: the demo staff include a superuser, and every demo account's password is
published (README). The bench (bench/run.py) seeds its throwaway database with DJANGO_ENV=development
and runs only the server it measures with production settings.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases import demo as cases_demo
from portal import demo
from portal.demo_scale import seed_scale


class Command(BaseCommand):
    help = (
        "Creates the fictional demo courts, staff, respondents, cases, hearings and record documents "
        "(idempotent). With --scale N, also adds N load-test respondents, each with a case, hearings "
        "and documents, in fast bulk inserts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, metavar="N", help="add N load-test respondents")
        parser.add_argument("--batch-size", type=int, default=None, help="respondents per bulk insert")
        parser.add_argument("--quiet-table", action="store_true", help="do not print the demo tables")

    def handle(self, *args, scale, batch_size, quiet_table, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run in production (DJANGO_ENV=production, the default when DEBUG is "
                "off): it creates staff accounts, a superuser among them, whose password is published. "
                "Load demo data only into a demonstration database, with DJANGO_ENV=development."
            )
        if scale < 0:
            raise CommandError("--scale must be 0 or more.")
        result = demo.seed_demo()
        if not quiet_table:
            self.print_tables(result)
        if scale:
            self.seed_scale(scale, result.courts, batch_size)

    def print_tables(self, result: demo.DemoResult) -> None:
        out = self.stdout
        out.write("")
        out.write("Demo respondents (fictional). Sign in at /accounts/login/ or register with an access code:")
        header = ("A-number", "name", "court", "next hearing (court time)", "account", "access code")
        out.write(demo.format_table(header, demo.respondent_rows(result.respondents)))
        lookup = cases_demo.lookup_example(result.respondents)
        if lookup:
            a_number, country = lookup
            out.write(f"Hearing lookup without signing in (/hearing-lookup/): A-number {a_number}, country {country}")
        out.write("")
        out.write("Staff sign-ins (clerk admin at /admin/):")
        out.write(demo.format_table(("email", "role"), result.staff))
        out.write("")
        out.write(f'Every demo account\'s password: "{demo.DEMO_PASSWORD}" (demonstration only).')
        if result.documents_created:
            out.write(f"Record documents rendered this run: {result.documents_created}")

    def seed_scale(self, n: int, courts, batch_size: int | None) -> None:
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  load-test respondents: {done:,}/{total:,}")

        self.stdout.write(f"Adding {n:,} load-test respondents with cases, hearings and documents...")
        result = seed_scale(n, courts=courts, batch_size=batch_size, progress=progress)
        self.stdout.write(
            f"Added {result.respondents:,} respondents ({result.rows:,} rows) in {result.seconds:.1f} s: "
            f"{result.rows_per_second:,.0f} rows/s"
        )
