"""Campaign files for the benchmark: the reference campaign, a large one, and many units.

    python bench/make_campaign.py large out.yaml          # 50 tasks, 30 leadership members
    python bench/make_campaign.py units out_dir/ 500      # 500 copies, one per unit name

Run from anywhere; the reference campaign is ../shared/reference/campaign.yaml next to the
checkout (as in the tests) or the first sample in samples/.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from reference_campaign import REFERENCE  # noqa: E402  (../shared, else the snapshot)

_UNITS = ["教育局", "卫生健康委员会", "民政局", "财政局", "住房和城乡建设局", "交通运输局", "文化和旅游局",
          "市场监督管理局", "第一中学", "第二中学", "实验小学", "人民医院", "中医院", "城关街道办事处",
          "新城街道办事处", "东湖街道办事处", "西山镇人民政府", "南岭镇人民政府"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
_GIVEN = ["志强", "丽华", "海涛", "建国", "晓梅", "德明", "文斌", "秀英", "国庆", "春燕", "立新", "玉兰"]


def reference_path() -> Path:
    if REFERENCE.is_file():
        return REFERENCE
    return sorted((ROOT / "samples").glob("*.yaml"))[0]


def reference_data() -> dict:
    return yaml.safe_load(reference_path().read_text(encoding="utf-8"))


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def large(tasks: int = 50, members: int = 30) -> dict:
    """The reference campaign grown to ``tasks`` main tasks (each with two items) and ``members`` members."""
    data = reference_data()
    base = data["tasks"]
    for n in range(len(base), tasks):
        template = copy.deepcopy(base[n % len(base)])
        template["id"] = f"task{n + 1}"
        template["title"] = f"{template['title']}（第{n + 1}项）"
        template["items"] = [
            {"title": f"细化第{n + 1}项任务的第{k}项措施", "content": "明确责任分工，制定推进计划，按月报送工作进展。",
             "owners": [f"第{k}责任科室"]}
            for k in (1, 2)
        ]
        base.append(template)
    people = data["leadership"]["members"]
    for n in range(len(people), members):
        name = _SURNAMES[n % len(_SURNAMES)] + _GIVEN[n % len(_GIVEN)]
        people.append({"name": name, "post": f"第{n + 1}科室负责人"})
    return data


def unit_variant(data: dict, index: int) -> dict:
    """The campaign as issued by the ``index``-th unit under the county (different names, same shape)."""
    out = copy.deepcopy(data)
    name = f"临川市{_UNITS[index % len(_UNITS)]}{index // len(_UNITS) + 1:03d}"
    out["unit"]["name"] = name
    out["unit"]["short_name"] = "本单位"
    return out


def write_units(folder: Path, count: int, start: int = 0) -> list:
    """``count`` unit campaign files in ``folder`` (text made once, names substituted: fast)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = dump(unit_variant(reference_data(), 0))
    first = unit_variant(reference_data(), 0)["unit"]["name"]
    paths = []
    for i in range(start, start + count):
        name = unit_variant({"unit": {"name": ""}}, i)["unit"]["name"]
        path = folder / f"unit{i:05d}.yaml"
        path.write_text(text.replace(first, name), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list) -> int:
    if len(argv) >= 2 and argv[0] == "large":
        Path(argv[1]).write_text(dump(large()), encoding="utf-8")
        return 0
    if len(argv) >= 3 and argv[0] == "units":
        write_units(Path(argv[1]), int(argv[2]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
