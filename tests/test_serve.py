"""docgen serve without a browser: the WSGI app, the form generated from the schema, the YAML
round trip, the preview, downloads equal to ``docgen render``, limits and separation of users."""
from __future__ import annotations

import copy
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile

import pytest

import docgen
from conftest import REFERENCE, ROOT, SAMPLES
from docgen import kinds
from docgen.loader import load_document
from docgen.serve import App, Limits, form, yamlio
from docgen.serve.preview import docx_html
from docgen.serve.workers import TimedOut, Workers
from serve_helpers import call, plain_values, small_campaign

STATIC = ROOT / "docgen" / "serve" / "static"


@pytest.fixture(scope="module")
def app():
    application = App(workers=Workers(1))
    yield application
    application.workers.close()


def cli(*args, cwd=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=180)


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


# --- the form comes from the schema ----------------------------------------------------------------
def _schema_fields(schema: dict, node: dict, path: str = "") -> dict:
    """path → (title, required) for every property in the schema, $refs followed."""
    while "$ref" in node:
        target = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    out = {}
    for name, sub in node.get("properties", {}).items():
        resolved = sub
        while "$ref" in resolved:
            target = schema
            for part in resolved["$ref"].lstrip("#/").split("/"):
                target = target[part]
            resolved = {**target, **{k: v for k, v in resolved.items() if k != "$ref"}}
        child = f"{path}.{name}" if path else name
        out[child] = (resolved.get("title"), name in node.get("required", []))
        out.update(_schema_fields(schema, resolved, child))
        if resolved.get("type") == "array" and isinstance(resolved.get("items"), dict):
            out.update(_schema_fields(schema, resolved["items"], child + "[]"))
    return out


def _form_fields(spec: dict, path: str = "") -> dict:
    out = {}
    if spec["type"] == "object":
        for field in spec["fields"]:
            child = f"{path}.{field['key']}" if path else field["key"]
            out[child] = (field["title"], field["required"])
            out.update(_form_fields(field, child))
    elif spec["type"] == "array":
        out.update(_form_fields(spec["item"], path + "[]"))
    return out


def test_form_has_every_schema_field_with_its_title_and_required_flag():
    schema = json.loads((ROOT / "schemas" / "campaign.schema.json").read_text(encoding="utf-8"))
    expected = _schema_fields(schema, schema)
    assert len(expected) > 60
    assert _form_fields(form.campaign_form()) == expected


def test_form_widgets_follow_the_schema():
    spec = form.campaign_form()
    fields = {f["key"]: f for f in spec["fields"]}
    task = fields["tasks"]["item"]
    by_key = {f["key"]: f for f in task["fields"]}
    assert fields["tasks"]["min_items"] == 1 and fields["tasks"]["required"]
    assert by_key["due"]["type"] == "date"
    assert by_key["owners"]["type"] == "array" and by_key["owners"]["item"]["type"] == "text"
    assert by_key["owners"]["item"]["placeholder"].startswith("例如：")
    assert by_key["content"]["type"] == "textarea"
    assert by_key["id"]["pattern"]
    goals = {f["key"]: f for f in fields["goals"]["fields"]}
    assert goals["targets"]["item"]["fields"][1]["type"] == "text_or_number"
    plan = {f["key"]: f for f in {f["key"]: f for f in fields["documents"]["fields"]}["plan"]["fields"]}
    attachment = plan["attachments"]["item"]
    assert attachment["type"] == "select"
    assert [o["value"] for o in attachment["options"]] == ["members", "tasks"]
    assert attachment["options"][0]["label"] == "领导小组成员名单（members）"
    speech = {f["key"]: f for f in {f["key"]: f for f in fields["documents"]["fields"]}["speech"]["fields"]}
    if "type" in speech and speech["type"]["type"] == "select":       # the meeting type, once the schema has it
        assert all("（" in o["label"] and "，" not in o["label"] for o in speech["type"]["options"])
    leader = {f["key"]: f for f in fields["leadership"]["fields"]}["leader"]
    assert leader["item_label"] == "组长"          # a shared definition is named after its list
    assert not any(f["description"].startswith(("必填", "可选")) for f in task["fields"])


def test_form_follows_a_changed_schema():
    """Other helpers change the schema (task id optional, a speech type): the form must follow."""
    schema = json.loads((ROOT / "schemas" / "campaign.schema.json").read_text(encoding="utf-8"))
    changed = copy.deepcopy(schema)
    changed["properties"]["tasks"]["items"]["required"] = ["title"]
    speech = changed["properties"]["documents"]["properties"]["speech"]
    speech["properties"]["type"] = {"type": "string", "enum": ["mobilization", "deployment"], "title": "会议类型",
                                    "description": "可选。mobilization（动员大会）或 deployment（部署会）。"}
    speech["properties"]["extra"] = {"anyOf": [{"type": "string"}, {"type": "integer"}], "title": "其他"}
    spec = form.form_spec(changed)
    fields = _form_fields(spec)
    assert fields["tasks[].id"] == ("任务编号", False)
    assert fields["documents.speech.type"] == ("会议类型", False)
    speech_spec = {f["key"]: f for f in
                   {f["key"]: f for f in {f["key"]: f for f in spec["fields"]}["documents"]["fields"]}["speech"]["fields"]}
    assert speech_spec["type"]["type"] == "select"
    assert [o["label"] for o in speech_spec["type"]["options"]] == ["动员大会（mobilization）", "部署会（deployment）"]
    assert speech_spec["extra"]["type"] == "raw"        # kept as it is, never lost
    # task id optional: a task without one is no longer given an empty (invalid) id
    data = form.to_data({"unit": {"name": "甲"}, "campaign": {"name": "乙"}, "tasks": [{"id": "", "title": "丙"}]}, spec)
    assert data["tasks"] == [{"title": "丙"}]
    data = form.to_data({"unit": {"name": "甲"}, "campaign": {"name": "乙"}, "tasks": [{"id": "", "title": "丙"}]})
    assert data["tasks"] == ([{"id": "", "title": "丙"}] if _task_id_required() else [{"title": "丙"}])


def _task_id_required() -> bool:
    """Whether the packaged schema (which another change may relax) requires task ids."""
    tasks = next(f for f in form.campaign_form()["fields"] if f["key"] == "tasks")
    return any(f["key"] == "id" and f["required"] for f in tasks["item"]["fields"])


def test_to_data_leaves_out_blanks_but_keeps_required_blanks_where_they_belong():
    values = {
        "unit": {"name": "  ", "short_name": ""},
        "campaign": {"name": "x", "basis": []},
        "goals": {"overall": "", "targets": []},
        "tasks": [{"id": "a", "title": "t", "owners": ["", "德育科", " "], "items": []}],
        "leadership": {"name": "", "leader": [], "office": {"location": "", "director": {"name": "", "post": ""}}},
        "documents": {"speech": {"occasion": "大会", "speaker": {"name": "", "post": ""}, "date": ""}},
    }
    data = form.to_data(values)
    assert data == {
        "unit": {"name": ""},
        "campaign": {"name": "x"},
        "tasks": [{"id": "a", "title": "t", "owners": ["德育科"]}],
        "documents": {"speech": {"occasion": "大会", "speaker": {"name": "", "post": ""}, "date": ""}},
    }
    assert list(form.to_data({"tasks": [], "campaign": {}, "unit": {}})) == ["unit", "campaign", "tasks"]
    targets = form.to_data({"goals": {"targets": [{"item": "a", "value": "30"}, {"item": "b", "value": "1.50"},
                                                  {"item": "c", "value": "95%以上"}]}})["goals"]["targets"]
    assert [t["value"] for t in targets] == ["30", "1.50", "95%以上"]          # typed text stays text
    opened = form.to_values({"goals": {"targets": [{"item": "a", "value": 30}]}})
    assert opened["goals"]["targets"][0]["value"] == 30                     # an opened number stays a number
    assert form.to_data(opened)["goals"]["targets"][0]["value"] == 30


def _campaign_files():
    files = [REFERENCE, *SAMPLES]
    files += sorted((ROOT / "tests" / "campaigns").glob("*.yaml")) if (ROOT / "tests" / "campaigns").is_dir() else []
    return [f for f in files if f.is_file()]


@pytest.mark.parametrize("path", _campaign_files(), ids=lambda p: p.name)
def test_yaml_round_trip_loses_no_data(path):
    original = load_document(path).data
    try:
        expected = docgen.load(path)
    except docgen.ValidationError:
        pytest.skip(f"{path.name} is an invalid-input case")
    values = plain_values(form.to_values(original))          # what the page holds after opening it
    text = yamlio.dump(form.to_data(json.loads(json.dumps(values))))
    assert docgen.loads(text) == expected
    assert form.to_data(form.to_values(original)) == original


def test_dump_is_readable_yaml_docgen_reads():
    data = {"unit": {"name": "甲单位"}, "campaign": {"name": "乙"}, "guiding_ideology": "第一行\n第二行",
            "tasks": [{"id": "a", "title": "yes", "due": "2026-03-05", "owners": ["on", "德育科"]}]}
    text = yamlio.dump(data)
    assert text.startswith("#")
    assert "guiding_ideology: |-\n  第一行\n  第二行" in text
    assert "due: 2026-03-05\n" in text                  # dates as people write them
    assert "title: 'yes'" in text and "- 'on'" in text   # YAML 1.1 booleans stay text
    assert load_document_text(text) == data


def load_document_text(text):
    from docgen.loader import parse

    return parse(text).data


# --- the page and its assets --------------------------------------------------------------------------
def test_page_is_self_contained_and_offline(app):
    page = call(app, "GET", "/")
    assert page.code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    config = json.loads(re.search(r'<script id="docgen-config" type="application/json">(.*?)</script>',
                                  page.text, re.S).group(1))
    assert config["form"] == form.campaign_form()
    assert [k["name"] for k in config["kinds"]] == list(kinds.KINDS)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/static/") for a in assets)
    for asset in assets:
        response = call(app, "GET", asset)
        assert response.code == 200, asset
        assert (STATIC / asset.rsplit("/", 1)[1]).read_bytes() == response.body
    for file in STATIC.iterdir():      # no CDN, no web font, no remote anything
        assert not re.search(r"(?:src|href|url)\s*[=(]\s*[\"']?(?:https?:)?//", file.read_text(encoding="utf-8")), file


def test_static_files_are_packaged():
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert "docgen.serve" in setup
    patterns = re.search(r"docgen\.serve = (.*)", setup).group(1).split(",")
    shipped = {f.name for f in STATIC.iterdir()}
    covered = {f.name for f in STATIC.iterdir() for p in patterns if f.match(p.strip().replace("static/", ""))}
    assert covered == shipped


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/index.html", "/static/nope.js", "/static/.hidden.js",
                                  "/etc/passwd", "/api/nothing"])
def test_unknown_paths_are_404(app, path):
    response = call(app, "GET", path)
    assert response.code == 404
    assert "error" in response.json()


def test_wrong_method_is_405(app):
    assert call(app, "GET", "/api/docx").code == 405


# --- validation: docgen's own, at the field ------------------------------------------------------
def test_check_reports_every_problem_with_the_cli_messages(app, tmp_path):
    values = small_campaign()
    values["unit"]["name"] = ""
    values["tasks"][0]["id"] = "禁烟 标识"             # a code has no spaces
    values["tasks"][1]["title"] = ""
    values["phases"] = [{"name": "整治", "start": "2026-06-01", "end": "2026-05-01"}]
    result = call(app, "POST", "/api/check", {"values": values}, query="kind=plan").json()
    fields = [p["field"] for p in result["problems"]]
    assert set(fields) == {"unit.name", "tasks[0].id", "tasks[1].title", "phases[0].end"}
    assert result["preview"] is None
    # The same file through the CLI: the same messages.
    saved = call(app, "POST", "/api/yaml", {"values": values, "name": "无烟.yaml"})
    assert saved.code == 200
    source = tmp_path / "无烟.yaml"
    source.write_bytes(saved.body)
    validated = cli("validate", source)
    assert validated.returncode == 2
    for problem in result["problems"]:
        assert problem["message"] in validated.stderr
        assert problem["text"].split("：", 1)[1].split("\n")[0] in validated.stderr
    assert docgen.validate(source) and [p.message for p in docgen.validate(source)] == [p["message"] for p in result["problems"]]


def test_missing_required_field_is_shown_at_that_field(app):
    """An uploaded file may lack a required key: the problem belongs to the missing field."""
    response = call(app, "POST", "/api/open", raw="unit: {}\ncampaign:\n  name: 甲\ntasks:\n  - title: 乙\n".encode(),
                    query="name=a.yaml")
    problems = response.json()["problems"]
    assert {p["field"] for p in problems} >= {"unit.name"}
    assert any(p["field"] == "tasks[0].id" for p in problems) == _task_id_required()


def test_check_valid_campaign_gives_a_preview_and_missing_kinds_say_what_they_need(app):
    result = call(app, "POST", "/api/check", {"values": small_campaign()}, query="kind=plan").json()
    assert result["problems"] == []
    preview = result["preview"]
    assert preview["title"] == "青溪县人民医院无烟医院创建工作实施方案"
    assert "完善禁烟标识" in preview["html"] and "（一）" in preview["html"]
    speech = call(app, "POST", "/api/check", {"values": small_campaign()}, query="kind=speech").json()["preview"]
    assert speech["missing"] == ["documents.speech.occasion", "documents.speech.speaker", "documents.speech.date"]
    assert speech["label"] == kinds.get("speech").label


def test_unknown_kind_and_bad_bodies(app):
    assert call(app, "POST", "/api/check", {"values": {}}, query="kind=poster").code == 400
    assert call(app, "POST", "/api/check", raw=b"{not json").code == 400
    assert call(app, "POST", "/api/check", raw=b"[1, 2]").code == 400
    assert call(app, "POST", "/api/check", raw=b"\xff\xfe").code == 400


# --- open / save ----------------------------------------------------------------------------------
def test_open_reference_and_save_it_back(app, reference_path):
    opened = call(app, "POST", "/api/open", raw=reference_path.read_bytes(), query="name=campaign.yaml").json()
    assert opened["problems"] == [] and opened["name"] == "campaign.yaml"
    saved = call(app, "POST", "/api/yaml", {"values": plain_values(opened["values"]), "name": opened["name"]})
    assert "campaign.yaml" in saved.headers["content-disposition"]
    assert saved.headers["content-type"].startswith("application/yaml")
    assert docgen.loads(saved.text) == docgen.load(reference_path)


def test_open_reports_the_files_own_problems_with_lines(app):
    bad = "unit:\n  name: 甲\n  nmae: 乙\ncampaign: {name: 丙}\ntasks:\n  - id: a\n    title: 丁\n    owners: 德育科\n"
    opened = call(app, "POST", "/api/open", raw=bad.encode("gb18030"), query="name=旧.yaml").json()
    texts = [p["text"] for p in opened["problems"]]
    assert any(t.startswith("旧.yaml:3:") and "nmae" in t for t in texts)
    assert any("tasks[0].owners" in t for t in texts)
    assert opened["values"]["unit"] == {"name": "甲", "short_name": "", "superior": ""}     # unknown key dropped
    assert opened["values"]["tasks"][0]["owners"] == ["德育科"]                              # one name, as a list
    syntax = call(app, "POST", "/api/open", raw="unit:\n  name: [甲\n".encode(), query="name=x.yaml").json()
    assert syntax["values"] is None and syntax["problems"][0]["line"]
    empty = call(app, "POST", "/api/open", raw=b"", query="name=x.yaml").json()
    assert empty["values"] is None and "空" in empty["problems"][0]["message"]


# --- downloads equal docgen render of the saved YAML ---------------------------------------------------
def _save_and_render(app, values, tmp_path, kind):
    saved = call(app, "POST", "/api/yaml", {"values": values})
    source = tmp_path / "saved.yaml"
    source.write_bytes(saved.body)
    out = tmp_path / f"{kind}.docx"
    result = cli("render", source, "--kind", kind, "-o", out)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.mark.parametrize("kind", list(kinds.KINDS))
def test_docx_download_equals_docgen_render_of_the_saved_yaml(app, reference_data, tmp_path, kind):
    values = plain_values(form.to_values(reference_data))
    response = call(app, "POST", "/api/docx", {"values": values}, query=f"kind={kind}")
    assert response.code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    campaign = docgen.load(REFERENCE)
    assert f"filename*=UTF-8''{urllib.request.quote(docgen.output_name(campaign, kind), safe='')}" \
        in response.headers["content-disposition"]
    rendered = _save_and_render(app, values, tmp_path, kind)
    assert document_xml(response.body) == document_xml(rendered)
    assert response.body == rendered


def test_docx_download_of_a_new_campaign_passes_docgen_check(app, tmp_path):
    response = call(app, "POST", "/api/docx", {"values": small_campaign()}, query="kind=plan")
    assert response.body == _save_and_render(app, small_campaign(), tmp_path, "plan")
    path = tmp_path / "dl.docx"
    path.write_bytes(response.body)
    report = docgen.check(path)
    assert report.errors == [], report.to_text()


def test_docx_of_invalid_or_incomplete_data_is_refused_with_the_problems(app):
    values = small_campaign()
    values["tasks"][0]["title"] = ""
    refused = call(app, "POST", "/api/docx", {"values": values}, query="kind=plan")
    assert refused.code == 422 and refused.json()["problems"][0]["field"] == "tasks[0].title"
    missing = call(app, "POST", "/api/docx", {"values": small_campaign()}, query="kind=summary")
    assert missing.code == 422 and "documents.summary.period" in missing.json()["missing"]["missing"]


def test_zip_holds_every_possible_kind_and_the_yaml(app, reference_data, tmp_path):
    values = plain_values(form.to_values(reference_data))
    response = call(app, "POST", "/api/zip", {"values": values, "name": "创建.yaml"})
    assert response.code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.body))
    names = archive.namelist()
    assert "创建.yaml" in names and len([n for n in names if n.endswith(".docx")]) == len(kinds.KINDS)
    source = tmp_path / "创建.yaml"
    source.write_bytes(archive.read("创建.yaml"))
    out = tmp_path / "out"
    assert cli("render", source, "--kind", "all", "-o", f"{out}/").returncode == 0
    for name in names:
        if name.endswith(".docx"):
            assert archive.read(name) == (out / name).read_bytes(), name
    small = zipfile.ZipFile(io.BytesIO(call(app, "POST", "/api/zip", {"values": small_campaign()}).body))
    note = small.read("未生成的文档.txt").decode("utf-8")
    assert kinds.get("speech").label in note and kinds.get("summary").label in note


# --- preview ------------------------------------------------------------------------------------------
def test_preview_html_carries_the_documents_formatting(reference_path):
    campaign = docgen.load(reference_path)
    plan = docx_html(docgen.render(campaign, "plan"))
    css = dict(re.findall(r"\.docx-preview \.(d\d+)\{([^}]*)\}", plan))
    title_class = re.search(r'<p class="(d\d+)">临川市教育局创建全国文明城市工作实施方案</p>', plan).group(1)
    assert "font-size:22pt" in css[title_class] and "text-align:center" in css[title_class]
    assert "方正小标宋简体" in css[title_class]
    body_class = re.search(r'<p class="(d\d+)">以习近平', plan).group(1)
    assert "text-indent:2em" in css[body_class] and "line-height:28.95pt" in css[body_class]
    assert "仿宋_GB2312" in css[body_class] and "letter-spacing:-0.25pt" in css[body_class]
    assert re.search(r"width:595\.\d+pt;min-height:841\.\d+pt;padding:104\.9\d*pt", plan)   # A4, 37 mm top
    notice = docx_html(docgen.render(campaign, "notice"))
    assert notice.count('class="sheet"') == 2                     # the attachment starts a new page
    assert "color:#FF0000" in notice and "border-bottom:1pt solid #FF0000" in notice
    members = docx_html(docgen.render(campaign, "members"))
    assert members.count("<tr>") >= 9 and "周文彬" in members


def test_preview_escapes_what_users_type(app):
    values = small_campaign()
    values["tasks"][0]["title"] = "<script>alert(1)</script>禁烟"
    html = call(app, "POST", "/api/check", {"values": values}, query="kind=plan").json()["preview"]["html"]
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- limits, separation, no writes ----------------------------------------------------------------
def test_upload_and_body_size_are_limited():
    small = App(workers=Workers(1), limits=Limits(max_body_bytes=1000))
    try:
        response = call(small, "POST", "/api/open", raw=b"#" * 1001, query="name=big.yaml")
        assert response.code == 413 and "上限" in response.json()["error"]
        assert call(small, "POST", "/api/check", raw=b" " * 2000).code == 413
    finally:
        small.workers.close()


def test_render_time_is_limited_and_the_worker_replaced():
    limited = App(workers=Workers(1), limits=Limits(render_seconds=0.05))
    try:
        big = small_campaign(tasks=[{"id": f"t{i}", "title": f"任务{i}", "content": "内容" * 40,
                                     "items": [{"title": f"事项{j}"} for j in range(5)]} for i in range(1500)])
        response = call(limited, "POST", "/api/check", {"values": big})
        assert response.code == 503 and "超时" in response.json()["error"]
        with pytest.raises(TimedOut):
            limited.workers.run(__import__("docgen.serve.documents", fromlist=["sleep"]).sleep, 5, timeout=0.3)
        started = time.perf_counter()
        assert limited.workers.run(pow, 2, 10, timeout=30) == 1024      # a fresh worker took over
        assert time.perf_counter() - started < 30
    finally:
        limited.workers.close()


def test_concurrent_users_get_their_own_documents(app):
    """Stateless requests: many people at once, each sees only their own campaign."""
    from docgen.serve.server import bind

    shared = App(workers=Workers(2))
    server = bind(shared, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict = {}

    def user(n: int) -> None:
        values = small_campaign()
        values["unit"]["name"] = f"第{n}卫生院"
        body = json.dumps({"values": values}).encode("utf-8")
        for _ in range(3):
            request = urllib.request.Request(f"{url}/api/check?kind=plan", data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                results.setdefault(n, []).append(json.loads(response.read())["preview"]["title"])

    try:
        users = [threading.Thread(target=user, args=(n,)) for n in range(6)]
        for t in users:
            t.start()
        for t in users:
            t.join(120)
        assert {n: set(titles) for n, titles in results.items()} == \
            {n: {f"第{n}卫生院无烟医院创建工作实施方案"} for n in range(6)}
    finally:
        server.shutdown()
        server.server_close()
        shared.workers.close()


def test_nothing_is_written_outside_a_temporary_folder(tmp_path, reference_data):
    """Run the whole app from an empty folder with an empty home: both stay empty."""
    work, home, temp = tmp_path / "cwd", tmp_path / "home", tmp_path / "tmp"
    for d in (work, home, temp):
        d.mkdir()
    script = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'tests')!r})
from docgen.serve import App
from docgen.serve.workers import Workers
from docgen.serve.form import to_values
from serve_helpers import call, plain_values
data = json.loads({json.dumps(json.dumps(reference_data, ensure_ascii=False))})
app = App(workers=Workers(1))
values = plain_values(to_values(data))
for path, query in [("/", ""), ("/api/check", "kind=notice"), ("/api/docx", "kind=plan"), ("/api/zip", ""),
                    ("/api/yaml", ""), ("/api/pdf", "kind=members")]:
    r = call(app, "GET" if path == "/" else "POST", path, None if path == "/" else {{"values": values}}, query=query)
    print(path, r.code)
app.workers.close()
"""
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(temp / "cache"),
           "XDG_CONFIG_HOME": str(temp / "config")}
    result = subprocess.run([sys.executable, "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "/api/zip 200" in result.stdout and "/api/docx 200" in result.stdout
    from docgen.pdf import find_soffice
    assert "/api/pdf 200" in result.stdout or find_soffice() is None
    assert list(work.iterdir()) == [] and list(home.iterdir()) == []
    assert not [p for p in temp.iterdir() if p.name.startswith("docgen-")]      # its own temp folders removed


# --- the command ------------------------------------------------------------------------------------
def test_serve_command_starts_answers_and_stops(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--no-browser", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200 and "公文生成" in response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(30)
    assert list(tmp_path.iterdir()) == []


def test_serve_help_and_busy_port():
    result = cli("serve", "--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--no-browser"):
        assert option in result.stdout
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = cli("serve", "--no-browser", "--port", busy.getsockname()[1])
    assert taken.returncode == 2 and "--port" in taken.stderr and "Traceback" not in taken.stderr


def test_server_process_does_not_load_the_renderer():
    """Start-up stays quick: rendering modules load in the workers, not in the server."""
    code = ("import sys; import docgen.cli, docgen.serve.server, docgen.serve.app; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml', 'jinja2', 'docxtpl', 'yaml')"
            " or m in ('docgen.api', 'docgen.templating', 'docgen.kinds')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stdout


@pytest.mark.skipif(__import__("docgen.pdf", fromlist=["find_soffice"]).find_soffice() is None,
                    reason="LibreOffice is not installed (PDF and page images need it)")
def test_pdf_and_page_images_through_libreoffice(app, reference_data):
    values = plain_values(form.to_values(reference_data))
    pdf = call(app, "POST", "/api/pdf", {"values": values}, query="kind=members")
    assert pdf.code == 200, pdf.text[:300]
    assert pdf.body.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in pdf.headers["content-disposition"] and ".pdf" in pdf.headers["content-disposition"]
    pages = call(app, "POST", "/api/pages", {"values": values}, query="kind=notice")
    assert pages.code == 200, pages.text[:300]
    images = pages.json()["pages"]
    assert len(images) >= 2                                   # the notice and its attachment
    import base64

    assert all(base64.b64decode(image).startswith(b"\x89PNG") for image in images)


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_app_follows_the_wsgi_specification(app, reference_data):
    """Checked by the standard library's PEP 3333 validator, so any WSGI server can host it."""
    from wsgiref.validate import validator

    checked = validator(app)
    assert call(checked, "GET", "/").code == 200
    assert call(checked, "GET", "/static/app.js").code == 200
    assert call(checked, "HEAD", "/").body == b""
    assert call(checked, "POST", "/api/docx", {"values": small_campaign()}, query="kind=plan").code == 200
    assert call(checked, "POST", "/api/check", raw=b"{").code == 400
    assert call(checked, "GET", "/nothing").code == 404


def test_deeply_nested_json_is_a_bad_request(app):
    assert call(app, "POST", "/api/check", raw=b"[" * 100000 + b"]" * 100000).code == 400


def test_serve_opens_the_browser_on_a_desktop_only(monkeypatch):
    from docgen.serve import server

    opened: list = []
    monkeypatch.setattr(server.webbrowser, "open", lambda url: opened.append(url))
    monkeypatch.setattr(server.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert server.browse("http://127.0.0.1:8000/") is False           # no desktop: no text browser in the terminal
    monkeypatch.setenv("DISPLAY", ":0")
    assert server.browse("http://127.0.0.1:8000/") is True
    for _ in range(100):
        if opened:
            break
        time.sleep(0.01)
    assert opened == ["http://127.0.0.1:8000/"]
    monkeypatch.setattr(server.sys, "platform", "win32")
    monkeypatch.delenv("DISPLAY")
    assert server.browse("http://127.0.0.1:8001/") is True
