"""docgen serve and what a Chinese keyboard types into the form's fields (``form.tidy``): dates
written as people write them, several names in one row of a list of names, full-width digits and
％ in numbers, full-width spaces around values, half-width punctuation in Chinese text.  Each case
goes through the WSGI app as the page sends it; what is saved is checked with docgen itself."""
from __future__ import annotations

import copy
import io
import zipfile

import docx
import pytest

import docgen
from conftest import REFERENCE, ROOT, SAMPLES
from docgen.loader import load_document, parse
from docgen.serve import App, form
from docgen.serve.workers import Workers
from serve_helpers import call, plain_values, small_campaign


@pytest.fixture(scope="module")
def app():
    application = App(workers=Workers(1))
    yield application
    application.workers.close()


def check(app, values, kind="plan"):
    return call(app, "POST", "/api/check", {"values": values}, query=f"kind={kind}").json()


def saved(app, values):
    """The campaign data of the YAML file the page saves."""
    response = call(app, "POST", "/api/yaml", {"values": values})
    assert response.code == 200
    return response.text, parse(response.text).data


def tidied_at(result, path):
    return [t for t in result["tidied"] if t["path"] == path]


# --- dates ---------------------------------------------------------------------------------------------
LOOSE_DATES = {
    "2026年5月1日": "2026-05-01", "2026.5.1": "2026-05-01", "2026/05/01": "2026-05-01", "2026-4-30": "2026-04-30",
    "２０２６－０５－０１": "2026-05-01", "２０２６年５月１日": "2026-05-01", "20260501": "2026-05-01",
    "2026 年 12 月 31 日": "2026-12-31", "2026年5月1号": "2026-05-01",
}


@pytest.mark.parametrize("typed", list(LOOSE_DATES))
def test_a_date_typed_as_people_write_it_is_saved_as_the_iso_date_docgen_validate_asks_for(app, typed):
    iso = LOOSE_DATES[typed]
    values = small_campaign()
    values["tasks"][0]["due"] = typed
    # The CLI path refuses the same text and names exactly this ISO form: the form writes it.
    cli_problems = docgen.validate(text=f"unit: {{name: 甲}}\ncampaign: {{name: 乙}}\ntasks:\n  - title: 丙\n"
                                        f"    due: '{typed}'\n")
    assert [p.code for p in cli_problems] == ["DG-SCHEMA-DATE-FORM"]
    assert f"应写成 {iso}" in cli_problems[0].message

    result = check(app, values)
    assert result["problems"] == []                                    # accepted, not an error
    [change] = tidied_at(result, "tasks[0].due")
    assert change["from"] == typed and change["to"] == iso
    year, month, day = (int(x) for x in iso.split("-"))
    assert f"已按 {iso} 记录" in change["note"] and f"{year}年{month}月{day}日" in change["note"]
    assert f"{month}月{day}日前" in result["preview"]["html"]

    text, data = saved(app, values)
    assert data["tasks"][0]["due"] == iso
    assert f"due: {iso}\n" in text                                     # plain, as a person writes it
    assert docgen.validate(text=text) == []


@pytest.mark.parametrize("typed, words", [
    ("2026年2月30日", "2026年2月没有30日"), ("2026-13-01", "没有 13 月"), ("五月一日", "不是日期"),
    ("2026年5月", "不是日期"), ("5/1/2026", "不是日期"), ("2026年5月1日前", "不是日期"),
])
def test_a_date_with_no_certain_iso_form_stays_as_typed_and_is_named_at_its_field(app, typed, words):
    values = small_campaign(phases=[{"name": "整治阶段", "start": "2026-05-01", "end": typed}])
    result = check(app, values)
    assert tidied_at(result, "phases[0].end") == []
    [problem] = [p for p in result["problems"] if p["field"] == "phases[0].end"]
    assert words in problem["message"]
    text, data = saved(app, values)                                    # a draft keeps what was typed
    assert data["phases"][0]["end"] == typed
    assert [p.message for p in docgen.validate(text=text)] == [problem["message"]]   # the CLI's words


def test_spaces_around_a_date_are_dropped_silently(app):
    values = small_campaign()
    values["tasks"][0]["due"] = " 2026-05-31\u3000"
    result = check(app, values)
    assert result["problems"] == []
    assert tidied_at(result, "tasks[0].due") == [{"path": "tasks[0].due", "from": " 2026-05-31\u3000",
                                                   "to": "2026-05-31", "note": None}]


def test_iso_date_is_the_validators_own_reading():
    from docgen.schema import iso_date

    for typed, iso in LOOSE_DATES.items():
        assert iso_date(typed) == iso
    assert iso_date("2026-05-01") == "2026-05-01"
    assert [iso_date(t) for t in ("2026年2月29日", "2026-00-10", "明天", "", "2026年5月")] == [None] * 5
    assert iso_date("2028年2月29日") == "2028-02-29"


# --- lists of names --------------------------------------------------------------------------------------
@pytest.mark.parametrize("separator", ["，", ",", "；", ";", " ， "])
def test_names_typed_in_one_row_are_split_into_one_row_each(app, separator):
    values = small_campaign()
    values["tasks"][1]["owners"] = [f"医务科{separator}护理部{separator}各临床科室", ""]
    result = check(app, values)
    assert result["problems"] == []
    [change] = tidied_at(result, "tasks[1].owners")
    assert change["to"] == ["医务科", "护理部", "各临床科室", ""]
    assert "已分成" in change["note"]
    _text, data = saved(app, values)
    assert data["tasks"][1]["owners"] == ["医务科", "护理部", "各临床科室"]
    assert "（责任单位：医务科、护理部、各临床科室）" in result["preview"]["html"]


def test_every_list_of_names_is_split_and_lists_of_sentences_are_not(app):
    values = small_campaign(documents={
        "plan": {"recipients": ["各科室，各病区"], "cc": ["县卫健局；县爱卫办"]},
        "summary": {"period": {"start": "2026-01-01", "end": "2026-06-30"},
                    "problems": ["部分科室重视不够，巡查不到位"], "next_steps": ["加强督查，定期通报"]},
    })
    values["tasks"][0]["items"] = [{"title": "张贴标识", "owners": ["后勤保障科,保卫科"]}]
    _text, data = saved(app, values)
    assert data["documents"]["plan"]["recipients"] == ["各科室", "各病区"]
    assert data["documents"]["plan"]["cc"] == ["县卫健局", "县爱卫办"]
    assert data["tasks"][0]["items"][0]["owners"] == ["后勤保障科", "保卫科"]
    assert data["documents"]["summary"]["problems"] == ["部分科室重视不够，巡查不到位"]
    assert data["documents"]["summary"]["next_steps"] == ["加强督查，定期通报"]
    # the validator's own definition of a list of names, not one of the form's
    from docgen.schema import NAME_LISTS
    assert {"owners", "recipients", "cc"} <= NAME_LISTS and "problems" not in NAME_LISTS


def test_a_dunhao_between_names_is_pointed_out_with_the_split_but_not_applied(app):
    values = small_campaign()
    values["tasks"][1]["owners"] = ["各县（市、区）教育局", "办公室、宣传科"]
    result = check(app, values)
    assert result["problems"] == []
    assert tidied_at(result, "tasks[1].owners[0]") == []               # a 、 inside a name's brackets
    [hint] = tidied_at(result, "tasks[1].owners[1]")
    assert hint["from"] == "办公室、宣传科" and hint["split"] == ["办公室", "宣传科"]
    assert "如果是 2 个责任单位" in hint["hint"] and "to" not in hint
    _text, data = saved(app, values)
    assert data["tasks"][1]["owners"] == ["各县（市、区）教育局", "办公室、宣传科"]


def test_a_comma_inside_brackets_does_not_split_a_name():
    assert form._split_outside_brackets("各县（市，区）教育局，局属各单位", "，,；;") == ["各县（市，区）教育局", "局属各单位"]


# --- numbers, spaces, punctuation --------------------------------------------------------------------------
def test_full_width_digits_and_percent_in_a_target_are_made_half_width(app):
    values = small_campaign(goals={"targets": [{"item": "控烟知晓率", "value": "９５％以上"},
                                               {"item": "巡查次数", "value": "３０"},
                                               {"item": "合格率", "value": "９９．５％"}]})
    values["tasks"][0]["id"] = "１"                                      # a task id, checked by a pattern
    result = check(app, values)
    assert result["problems"] == []
    assert tidied_at(result, "goals.targets[0].value")[0]["to"] == "95%以上"
    assert "半角" in tidied_at(result, "goals.targets[0].value")[0]["note"]
    _text, data = saved(app, values)
    assert [t["value"] for t in data["goals"]["targets"]] == ["95%以上", "30", "99.5%"]
    assert data["tasks"][0]["id"] == "1"
    html = result["preview"]["html"]
    assert "95%以上" in html and "99.5%" in html and "９" not in html


def test_full_width_spaces_around_values_are_not_saved(app):
    values = small_campaign(guiding_ideology="　　以习近平新时代中国特色社会主义思想为指导，\n坚持预防为主。　")
    values["unit"]["name"] = "　青溪县人民医院　"
    values["tasks"][0]["title"] = " 完善禁烟标识\u3000"
    values["tasks"][1]["owners"] = ["\u3000医务科", "各临床科室 "]
    result = check(app, values)
    assert result["problems"] == []
    assert all(t["note"] is None for t in result["tidied"])             # nothing to tell: only spaces went
    text, data = saved(app, values)
    assert data["unit"]["name"] == "青溪县人民医院"
    assert data["tasks"][0]["title"] == "完善禁烟标识"
    assert data["tasks"][1]["owners"] == ["医务科", "各临床科室"]
    assert data["guiding_ideology"] == "以习近平新时代中国特色社会主义思想为指导，\n坚持预防为主。"
    assert "\u3000" not in text.split("\n", 2)[2]                      # (the header comment has one)


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_half_width_punctuation_in_chinese_text_is_full_width_in_preview_and_download(app, tmp_path):
    values = small_campaign()
    values["tasks"][0]["content"] = "在门诊,病房和楼梯间张贴统一的禁烟标识(含电梯);做到全覆盖."
    expected = "在门诊，病房和楼梯间张贴统一的禁烟标识（含电梯）；做到全覆盖。"
    result = check(app, values)
    assert expected in result["preview"]["html"]
    download = call(app, "POST", "/api/docx", {"values": values}, query="kind=plan")
    assert download.code == 200
    assert expected in _docx_text(download.body)
    # the saved file keeps what was typed (the normaliser works on the way out, for the CLI too)
    text, data = saved(app, values)
    assert data["tasks"][0]["content"] == values["tasks"][0]["content"]
    assert docgen.render(docgen.loads(text), kind="plan") == download.body


# --- all together: the download is the CLI's document of the saved file, which round-trips ---------------
def _keyboard_campaign():
    values = small_campaign(goals={"targets": [{"item": "控烟知晓率", "value": "９５％以上"}]},
                            phases=[{"name": "宣传发动阶段", "start": "2026年5月1日", "end": "２０２６．５．３１"}],
                            documents={"plan": {"number": "青医发〔2026〕１２号", "date": "2026/4/28",
                                                "recipients": ["各科室；各病区"], "cc": ["县卫健局，县爱卫办"],
                                                "printed_by": "　青溪县人民医院办公室", "printed_on": "2026年4月28日"}})
    values["unit"]["name"] = "　青溪县人民医院　"
    values["tasks"][1]["owners"] = ["医务科、护理部；各临床科室"]
    values["tasks"][0]["due"] = "2026.6.30"
    return values


def test_a_campaign_typed_on_a_chinese_keyboard_downloads_what_docgen_render_makes(app, tmp_path):
    values = _keyboard_campaign()
    text, data = saved(app, values)
    assert data["phases"][0] == {"name": "宣传发动阶段", "start": "2026-05-01", "end": "2026-05-31"}
    assert data["documents"]["plan"] == {"number": "青医发〔2026〕１２号", "date": "2026-04-28",
                                         "recipients": ["各科室", "各病区"], "cc": ["县卫健局", "县爱卫办"],
                                         "printed_by": "青溪县人民医院办公室", "printed_on": "2026-04-28"}
    assert data["tasks"][1]["owners"] == ["医务科、护理部", "各临床科室"]
    source = tmp_path / "活动.yaml"
    source.write_text(text, encoding="utf-8")
    assert docgen.validate(source) == []
    for kind in ("plan", "notice"):
        download = call(app, "POST", "/api/docx", {"values": values}, query=f"kind={kind}")
        assert download.code == 200, download.text
        assert download.body == docgen.render(docgen.load(source), kind=kind)
    plan = _docx_text(call(app, "POST", "/api/docx", {"values": values}, query="kind=plan").body)
    assert "2026年6月30日前" in plan and "95%以上" in plan and "（2026年5月1日—5月31日）" in plan
    notice = _docx_text(call(app, "POST", "/api/docx", {"values": values}, query="kind=notice").body)
    assert "各科室，各病区：" in notice and "青医发〔2026〕12号" in notice

    # Opened again, the saved file is the same data and nothing more is tidied.
    opened = call(app, "POST", "/api/open", raw=text.encode("utf-8"), query="name=活动.yaml").json()
    assert opened["problems"] == []
    assert [t for t in form.tidy(opened["values"])[1] if "to" in t] == []    # (the 、 hint stays a hint)
    assert form.to_data(opened["values"]) == data
    assert saved(app, opened["values"])[0] == text


def test_a_file_with_loose_dates_opens_with_its_problems_and_saves_them_fixed(app):
    raw = ("unit: {name: 青溪县人民医院}\ncampaign: {name: 无烟医院创建}\n"
           "tasks:\n  - title: 完善禁烟标识\n    due: 2026年5月31日\n    owners: [医务科，护理部]\n").encode("utf-8")
    opened = call(app, "POST", "/api/open", raw=raw, query="name=a.yaml").json()
    assert {p["field"] for p in opened["problems"]} == {"tasks[0].due", "tasks[0].owners[0]"}   # the file's own
    assert check(app, opened["values"])["problems"] == []              # the form takes both in
    _text, data = saved(app, opened["values"])
    assert data["tasks"][0]["due"] == "2026-05-31" and data["tasks"][0]["owners"] == ["医务科", "护理部"]


def _campaign_files():
    files = [REFERENCE, *SAMPLES]
    return [f for f in files if f.is_file()]


@pytest.mark.parametrize("path", _campaign_files(), ids=lambda p: p.name)
def test_valid_campaigns_are_left_exactly_as_they_are(path):
    original = load_document(path).data
    values = plain_values(form.to_values(original))
    tidied, done = form.tidy(copy.deepcopy(values))
    assert done == [] and tidied == values
