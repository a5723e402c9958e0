"""Where the reference campaign is, for the tests, the benchmark and the docs scripts.

The contract is ``../shared/reference/campaign.yaml`` next to the checkout; a clone elsewhere (a
user's ``/tmp/docgen``) uses the snapshot in ``tests/reference/``, which a test keeps identical to
the shared file whenever both are present. No imports beyond the standard library: the benchmark
runs without pytest.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference" / "campaign.yaml"
SNAPSHOT = ROOT / "tests" / "reference" / "campaign.yaml"
REFERENCE = SHARED if SHARED.is_file() else SNAPSHOT
