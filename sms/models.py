"""Models of the sms app."""

from django.db import models  # noqa: F401
