"""Shared fixtures: the reference campaign (../shared/reference, else its snapshot), samples, and campaign builders."""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run against this checkout even when an older docgen is installed
sys.path.insert(0, str(ROOT / "tests"))

from reference_campaign import REFERENCE  # noqa: E402
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


class _NoDates(yaml.SafeLoader):
    """Keeps dates as strings, like docgen's loader."""


_NoDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def read_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates)


@pytest.fixture(scope="session")
def reference_path() -> Path:
    if not REFERENCE.is_file():
        pytest.fail(f"reference campaign missing: {REFERENCE}")
    return REFERENCE


@pytest.fixture(scope="session")
def reference_data(reference_path) -> dict:
    return read_yaml(reference_path)


@pytest.fixture
def campaign_data(reference_data) -> dict:
    """A fresh, mutable copy of the reference data."""
    return copy.deepcopy(reference_data)


@pytest.fixture
def write_yaml(tmp_path):
    """Write data (dict or text) to a YAML file in tmp_path and return its path."""

    def _write(data, name: str = "campaign.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
