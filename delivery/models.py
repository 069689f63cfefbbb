"""Models of the delivery app."""

from django.db import models  # noqa: F401
