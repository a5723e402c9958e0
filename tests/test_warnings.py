"""DocgenWarning: issued by rendering, printed by the CLI as 提示 / warning, collected in batches."""
from __future__ import annotations

import warnings

from click.testing import CliRunner

from docgen import batch, cli, errors


def test_collect_warnings_keeps_docgen_warnings_once_in_order():
    with errors.collect_warnings() as notes:
        errors.warn("甲", location=errors.Location("a.yaml", 3))
        errors.warn("乙")
        errors.warn("甲", location=errors.Location("a.yaml", 3))
    assert [n.message for n in notes] == ["甲", "乙"]
    assert str(notes[0]) == "a.yaml:3：甲"


def test_other_warnings_are_not_swallowed():
    with warnings.catch_warnings(record=True) as outer:
        warnings.simplefilter("always")
        with errors.collect_warnings() as notes:
            warnings.warn("plain", UserWarning)
    assert notes == []
    assert [str(w.message) for w in outer] == ["plain"]


def test_cli_prints_render_warnings(monkeypatch, reference_path, tmp_path):
    from docgen import api  # the render command imports docgen.api lazily: patch the function it calls

    original = api.render

    def noisy(campaign, kind="plan", **kw):
        errors.warn("某项任务没有成效数据", location=errors.Location(str(reference_path), 7, path="tasks[0]"))
        return original(campaign, kind, **kw)

    monkeypatch.setattr(api, "render", noisy)
    result = CliRunner().invoke(cli.main, ["render", str(reference_path), "-o", str(tmp_path) + "/"])
    assert result.exit_code == 0, result.output
    assert "提示 / warning:" in result.output and "某项任务没有成效数据" in result.output


def test_batch_items_carry_warnings(monkeypatch, reference_path, tmp_path):
    from docgen import api

    original = api.render

    def noisy(campaign, kind="plan", **kw):
        errors.warn(f"注意 {kind}")
        return original(campaign, kind, **kw)

    monkeypatch.setattr(api, "render", noisy)
    sources = []
    for name in ("a", "b"):
        sources.append(tmp_path / f"{name}.yaml")
        sources[-1].write_bytes(reference_path.read_bytes())
    result = batch.render_batch(sources, ["plan"], tmp_path / "out", jobs=1)
    assert [item.warnings for item in result.written] == [("注意 plan",), ("注意 plan",)]
