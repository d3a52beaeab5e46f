"""Benchmarks: scripts run by hand at full scale (see README.md), and at small scale by
tests/test_benchmarks.py so that a schema change that breaks one breaks the suite."""

import os


def django_setup(database_url: str | None = None) -> None:
    """Set Django up for a benchmark started as a script (``database_url`` is the default
    for ``DATABASE_URL``); under pytest Django is already set up and nothing happens."""
    from django.apps import apps

    if apps.ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
    if database_url:
        os.environ.setdefault("DATABASE_URL", database_url)
    import django

    django.setup()


def small_by_default() -> bool:
    """``BENCH_SCALE=small`` makes ``--small`` the default (a few hundred rows)."""
    return os.environ.get("BENCH_SCALE", "").lower() == "small"


def add_scale_arguments(parser, size_option: str, full: int, small: int, help_size: str) -> None:
    parser.add_argument(
        "--small",
        action="store_true",
        default=small_by_default(),
        help=f"small scale ({small:,} instead of {full:,}; also BENCH_SCALE=small)",
    )
    parser.add_argument(size_option, type=int, default=None, help=f"{help_size} (default {full:,})")


def chosen_size(args, value: int | None, full: int, small: int) -> int:
    if value is not None:
        return value
    return small if args.small else full
