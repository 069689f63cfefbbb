"""Sign-in's password step: argon2id at Django's default cost against the portal's (ADR 0130), same run.

    .venv/bin/python bench/bench_passwords.py [--seconds 5] [--arrivals 10]

Prints, for each parameter set: the wall time of a check under load, CPU time per check, and how many password
checks a second the machine's cores sustain with one process per core; then, for --arrivals sign-ins
a second, whether the cores keep up (utilisation
below 1) and the ratio of the two costs. Figures only: nothing here is asserted by a test.
"""

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor

from argon2 import PasswordHasher

SETS = {
    "django default (m=100 MiB, t=2, p=8)": (2, 102400, 8),
    "portal (OWASP m=19 MiB, t=2, p=1)": (2, 19456, 1),
}
PASSWORD = "correct horse battery staple"  # noqa: S105 - a benchmark input, not a credential


def _verify_for(seconds: float, params: tuple[int, int, int]) -> tuple[int, float]:
    t, m, p = params
    hasher = PasswordHasher(time_cost=t, memory_cost=m, parallelism=p)
    encoded = hasher.hash(PASSWORD)
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        hasher.verify(encoded, PASSWORD)
        done += 1
    return done, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--arrivals", type=float, default=10.0, help="sign-ins a second to check against")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    rates = {}
    for name, params in SETS.items():
        with ProcessPoolExecutor(cores) as pool:
            results = list(pool.map(_verify_for, [args.seconds] * cores, [params] * cores))
        checks = sum(done for done, _cpu in results)
        rate = checks / args.seconds
        rates[name] = rate
        print(
            f"{name}: {rate:.1f} checks/s on {cores} cores, {1000 * cores / rate:.0f} ms a check under load, "
            f"{1000 * sum(cpu for _done, cpu in results) / checks:.0f} ms CPU a check"
        )
        print(f"  {args.arrivals:g} sign-ins/s -> utilisation {args.arrivals / rate:.2f}")
    old, new = rates.values()
    print(f"ratio portal/default: {new / old:.1f}x the password checks per second")


if __name__ == "__main__":
    main()
