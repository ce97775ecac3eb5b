"""The bulk export: `manage.py export_archive DIR` and the cached zip at /api/export/."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from frictionless import validate

from archive import export
from archive.models import Article, Statistic

from .unpublished import make_draft_with_facts

EXPECTED_ROWS = {
    "articles": 5,
    "people": 15,
    "organisations": 30,
    "places": 7,
    "topics": 10,
    "events": 15,
    "roles": 20,
    "statistics": 7,
    "indicators": 5,
}


@pytest.fixture
def exported(tmp_path, corpus):
    out = io.StringIO()
    call_command("export_archive", tmp_path / "package", stdout=out)
    return tmp_path / "package", out.getvalue()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_export_validates_against_its_own_datapackage(exported):
    folder, _output = exported

    report = validate(folder / "datapackage.json")

    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])


def test_the_export_holds_every_published_record_as_csv_and_json_lines(exported):
    folder, output = exported

    for table, rows in EXPECTED_ROWS.items():
        assert len(read_csv(folder / "data" / f"{table}.csv")) == rows, table
        assert len(read_jsonl(folder / "data" / f"{table}.jsonl")) == rows, table
    assert "articles: 5 rows" in output


def test_the_datapackage_describes_keys_and_foreign_keys(exported):
    folder, _output = exported
    package = json.loads((folder / "datapackage.json").read_text())
    resources = {resource["name"]: resource for resource in package["resources"]}

    assert package["profile"] == "tabular-data-package"
    assert resources["articles"]["schema"]["primaryKey"] == ["slug"]
    assert {
        "fields": "indicator",
        "reference": {"resource": "indicators", "fields": "slug"},
    } in resources["statistics"]["schema"]["foreignKeys"]
    assert {"fields": "parent", "reference": {"resource": "", "fields": "slug"}} in resources[
        "organisations"
    ]["schema"]["foreignKeys"]
    assert resources["statistics-jsonl"]["path"] == "data/statistics.jsonl"


def test_the_export_keeps_the_original_text_dates_and_hedges(exported):
    folder, _output = exported
    articles = {row["slug"]: row for row in read_csv(folder / "data" / "articles.csv")}
    statistics = {row["id"]: row for row in read_jsonl(folder / "data" / "statistics.jsonl")}

    kuspan = articles["kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"]
    assert "Go to the main site" in kuspan["raw_text"]
    assert kuspan["date_edtf"] == "2021-06-22" and kuspan["published_time"] == "17:44:00"
    astana = articles["inter-parliamentary-diplomacy-btw-kazakhstan-and-belgium-discussed"]
    assert (astana["date_edtf"], astana["date_lower"], astana["date_upper"]) == (
        "[2022-09..]",
        "2022-09-01",
        "",
    )
    assert astana["date_is_inferred"] == "true"
    assert statistics[3]["qualifier"] == "almost"
    assert statistics[3]["value"] == 9 and statistics[3]["scale"] == 9
    assert statistics[5]["value"] == 9.96 and statistics[5]["absolute_value"] == 9960000000
    assert statistics[5]["rank"] == "preferred"


def test_the_export_leaves_out_drafts_and_every_fact_resting_on_them(tmp_path, corpus):
    make_draft_with_facts()

    call_command("export_archive", tmp_path, stdout=io.StringIO())

    for path in (tmp_path / "data").iterdir():
        text = path.read_text(encoding="utf-8")
        assert "secret-talks-in-vienna" not in text, path.name
        assert "Secret envoy" not in text, path.name
    assert len(read_csv(tmp_path / "data" / "statistics.csv")) == 7
    assert validate(tmp_path / "datapackage.json").valid


def test_csv_cells_cannot_run_as_formulas_but_json_lines_keep_the_text(tmp_path, corpus):
    Statistic.objects.filter(pk=1).update(rank_reason="=1+1", rank="preferred")

    call_command("export_archive", tmp_path, stdout=io.StringIO())

    row = next(r for r in read_csv(tmp_path / "data" / "statistics.csv") if r["id"] == "1")
    assert row["rank_reason"] == "'=1+1"
    record = next(r for r in read_jsonl(tmp_path / "data" / "statistics.jsonl") if r["id"] == 1)
    assert record["rank_reason"] == "=1+1"


def test_the_command_refuses_a_file_as_its_folder(tmp_path, corpus):
    target = tmp_path / "a-file"
    target.write_text("not a folder")

    with pytest.raises(CommandError, match="is not a folder"):
        call_command("export_archive", target)


# --- /api/export/ -----------------------------------------------------------------------------


@pytest.fixture
def export_cache(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "cache"
    return settings.EXPORT_CACHE_DIR


@pytest.fixture
def builds(monkeypatch):
    """Counts the times the zip is actually built."""
    calls = []
    real_write_zip = export.write_zip

    def counting_write_zip(path):
        calls.append(path)
        real_write_zip(path)

    monkeypatch.setattr(export, "write_zip", counting_write_zip)
    return calls


def download(client, **headers):
    response = client.get("/api/export/", **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_the_download_is_the_same_package_as_a_zip(client, corpus, export_cache, tmp_path):
    response, body = download(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="kzbe-archive.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "unzipped")
    assert "kzbe-archive/datapackage.json" in names
    assert "kzbe-archive/data/articles.csv" in names
    assert validate(tmp_path / "unzipped" / "kzbe-archive" / "datapackage.json").valid


def test_the_download_is_built_once_not_per_request(client, corpus, export_cache, builds):
    first, first_body = download(client)
    second, second_body = download(client)

    assert len(builds) == 1
    assert first_body == second_body
    assert first["ETag"] == second["ETag"]


def test_the_download_is_rebuilt_when_a_record_changes(
    client, corpus, export_cache, builds, django_capture_on_commit_callbacks
):
    before, _body = download(client)
    with django_capture_on_commit_callbacks(execute=True):
        statistic = Statistic.objects.get(pk=7)
        statistic.unit = "members"
        statistic.save()

    after, body = download(client)

    assert len(builds) == 2
    assert after["ETag"] != before["ETag"]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert b",members," in archive.read("kzbe-archive/data/statistics.csv")


def test_the_download_is_rebuilt_when_articles_are_withdrawn_in_bulk(
    client, corpus, export_cache, builds
):
    download(client)
    # The admin's bulk action uses QuerySet.update(), which sends no signals.
    Article.objects.filter(slug__startswith="prospects").update(status=Article.Status.WITHDRAWN)

    _response, body = download(client)

    assert len(builds) == 2
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert b"prospects-of-expanding" not in archive.read("kzbe-archive/data/articles.csv")


def test_the_download_answers_304_to_its_etag(client, corpus, export_cache):
    first, _body = download(client)

    again, body = download(client, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert body == b""


def test_old_builds_are_cleared_away(
    client, corpus, export_cache, django_capture_on_commit_callbacks
):
    download(client)
    with django_capture_on_commit_callbacks(execute=True):
        Statistic.objects.get(pk=7).save()
    download(client)

    assert len(list(export_cache.glob("*.zip"))) == 1
