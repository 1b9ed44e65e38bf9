"""Shared test setup: a non-interactive matplotlib backend and hypothesis settings for a shared machine."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

from hypothesis import settings  # noqa: E402

# Timing on these shared machines is noisy: no per-example deadline.
settings.register_profile("gdlab", deadline=None, max_examples=60)
settings.load_profile("gdlab")
