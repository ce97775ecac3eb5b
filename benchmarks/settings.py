"""
The production settings plus the two floors the benchmark compares every page with: a static
HTML file served by WhiteNoise (from BENCH_FLOOR_DIR, at /bench-floor.html) and a minimal Django
view returning the same bytes (at /bench/floor/). Nothing else differs from kzbe_site.settings.
"""

import os

from kzbe_site.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
# WhiteNoise serves the files of this folder at the site's root, as it would robots.txt.
WHITENOISE_ROOT = os.environ.get("BENCH_FLOOR_DIR") or None

# The synthetic corpus generator (`generate_corpus`) is a benchmark tool, not part of the product.
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # noqa: F405
