"""Settings of the server the status benchmark starts: the project's own, plus a minimal
Django view on the same server (tests/perf/bench_status_urls.py) as the baseline. Only
bench_status.py uses this module; production URLs have no such view."""

from crm.settings import *

ROOT_URLCONF = "tests.perf.bench_status_urls"

# A cache of its own per run (bench_status.py sets it): the bench database's projects must
# not meet what another database's run cached under the same project codes.
CACHES["default"]["KEY_PREFIX"] = env.str("BENCH_CACHE_PREFIX", default="bench")
