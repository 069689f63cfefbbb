"""The password hash: argon2id at one of OWASP's equivalent configurations (ADR 0130).

Django's defaults (m = 100 MiB, t = 2, p = 8) cost about 300 ms and both cores per hash on a 2-core
server, so ten sign-ins a second queue for seconds. OWASP's Password Storage Cheat Sheet rates
m = 19 MiB, t = 2, p = 1 as equivalent in strength to its other argon2id rows; it costs about 47 ms on
one core here (bench/bench_passwords.py prints both). The algorithm name stays "argon2", so hashes
made with the old parameters still verify, and Django re-hashes them with these on the next
successful sign-in (`must_update` compares the stored parameters with these).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19456  # KiB = 19 MiB
    parallelism = 1
