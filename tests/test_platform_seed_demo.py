"""seed_demo never runs in production (issue 13, finding 4): its staff include a superuser, and every
demo account's password is published in the README."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from cases.models import Respondent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("args", [(), ("--scale", "3")])
def test_seed_demo_refuses_in_production(settings, args):
    settings.PRODUCTION = True
    out = StringIO()
    with pytest.raises(CommandError, match="refuses to run in production"):
        call_command("seed_demo", *args, stdout=out)
    assert not User.objects.exists()
    assert not Respondent.objects.exists()
    assert out.getvalue() == ""  # no table of accounts and their password either


def test_the_bench_settings_are_no_way_around_it(settings):
    """The bench seeds its database as a demonstration database; its production settings may not seed."""
    settings.PRODUCTION = True
    settings.SETTINGS_MODULE = "bench.settings"
    with pytest.raises(CommandError, match="refuses to run in production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
