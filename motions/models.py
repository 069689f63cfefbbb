"""Models of the motions app."""

from django.db import models  # noqa: F401
