"""The bulk export: `manage.py export_archive DIR`, and the zip `build_export` makes to serve."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.http import http_date
from frictionless import validate

from archive import export
from archive.export import writers
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
        "fields": ["indicator"],
        "reference": {"resource": "indicators", "fields": ["slug"]},
    } in resources["statistics"]["schema"]["foreignKeys"]
    assert {"fields": ["parent"], "reference": {"resource": "", "fields": ["slug"]}} in resources[
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


def generate_corpus(articles):
    if articles:
        call_command("generate_corpus", articles=articles, seed=7, stdout=io.StringIO())


@pytest.mark.parametrize("articles", [0, 60, 3000])  # 3,000: about 15 s
def test_every_resource_of_the_package_is_valid_at_every_size(empty_archive, tmp_path, articles):
    generate_corpus(articles)

    call_command("export_archive", tmp_path, stdout=io.StringIO())

    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    package = json.loads((tmp_path / "datapackage.json").read_text())
    described = {resource["path"] for resource in package["resources"]}
    for table in export.TABLES:
        rows = read_csv(tmp_path / "data" / f"{table.name}.csv")
        jsonl = tmp_path / "data" / f"{table.name}.jsonl"
        if rows:
            assert len(read_jsonl(jsonl)) == len(rows), table.name
            assert f"data/{table.name}.jsonl" in described, table.name
        else:
            # Frictionless cannot read an empty JSON Lines file: the header-only CSV stands.
            assert not jsonl.exists(), table.name
            assert f"data/{table.name}.jsonl" not in described, table.name
    if articles:
        for aliases in ("person_aliases", "organisation_aliases", "place_aliases"):
            assert read_csv(tmp_path / "data" / f"{aliases}.csv"), aliases


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


# --- /api/export/ and build_export -----------------------------------------------------------


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

    monkeypatch.setattr(writers, "write_zip", counting_write_zip)
    return calls


def build(*arguments):
    out = io.StringIO()
    call_command("build_export", *arguments, stdout=out)
    return out.getvalue()


def download(client, **headers):
    response = client.get("/api/export/", **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_the_download_is_the_built_package_as_a_zip(client, corpus, export_cache, tmp_path):
    output = build()

    response, body = download(client)

    assert "Built " in output and "kzbe-archive.zip" in output
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="kzbe-archive.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "unzipped")
    assert "kzbe-archive/datapackage.json" in names
    assert "kzbe-archive/data/articles.csv" in names
    assert validate(tmp_path / "unzipped" / "kzbe-archive" / "datapackage.json").valid


def test_a_request_never_builds_the_package(
    client, corpus, export_cache, builds, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response, body = download(client)

    assert response.status_code == 503
    assert response["Retry-After"] == str(export.RETRY_AFTER_SECONDS)
    assert response["Content-Type"] == "application/problem+json"
    assert "has not been built yet" in json.loads(body)["detail"]
    assert builds == []
    assert not export.built_path().exists()


def test_the_download_says_when_it_was_built_and_answers_304_while_unchanged(
    client, corpus, export_cache
):
    build()
    first, _body = download(client)

    by_etag, etag_body = download(client, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date, _body = download(client, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    built_at = export.built_path().stat().st_mtime
    assert first["Last-Modified"] == http_date(built_at)
    assert first["ETag"].startswith('"')
    assert (by_etag.status_code, etag_body) == (304, b"")
    assert by_date.status_code == 304


def test_the_command_builds_only_when_the_data_changed(
    corpus, export_cache, builds, django_capture_on_commit_callbacks
):
    build()
    unchanged = build()
    with django_capture_on_commit_callbacks(execute=True):
        statistic = Statistic.objects.get(pk=7)
        statistic.unit = "members"
        statistic.save()
    build()
    build("--force")

    assert "up to date; nothing to build" in unchanged
    assert len(builds) == 3
    with zipfile.ZipFile(export.built_path()) as archive:
        assert b",members," in archive.read("kzbe-archive/data/statistics.csv")


def test_the_command_rebuilds_when_articles_are_withdrawn_in_bulk(
    client, corpus, export_cache, builds
):
    build()
    # The admin's bulk action uses QuerySet.update(), which sends no signals.
    Article.objects.filter(slug__startswith="prospects").update(status=Article.Status.WITHDRAWN)

    build()

    assert len(builds) == 2
    _response, body = download(client)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert b"prospects-of-expanding" not in archive.read("kzbe-archive/data/articles.csv")


def test_a_build_that_fails_half_way_leaves_the_served_package_alone(
    client, corpus, export_cache, monkeypatch
):
    build()
    before, before_body = download(client)
    Article.objects.filter(slug__startswith="prospects").update(status=Article.Status.WITHDRAWN)

    def fail_after_some_tables(directory):
        (Path(directory) / "data").mkdir()
        (Path(directory) / "data" / "topics.csv").write_text("slug,name\r\n")
        raise OSError("No space left on device")

    monkeypatch.setattr(writers, "write_package", fail_after_some_tables)
    with pytest.raises(CommandError, match="No space left on device"):
        build()

    after, after_body = download(client)
    assert after.status_code == 200
    assert after_body == before_body and after["ETag"] == before["ETag"]
    assert sorted(path.name for path in export_cache.iterdir() if path.suffix != ".lock") == [
        "kzbe-archive.version",
        "kzbe-archive.zip",
    ]


def test_a_build_killed_half_way_is_cleared_away_by_the_next(client, corpus, export_cache):
    export_cache.mkdir(parents=True)
    (export_cache / ".kzbe-archive-dead.part").write_bytes(b"PK\x03\x04 half a zip")

    assert download(client)[0].status_code == 503
    build()

    assert download(client)[0].status_code == 200
    assert not list(export_cache.glob("*.part"))


def test_a_build_never_runs_twice_at_once(corpus, export_cache, builds):
    export_cache.mkdir(parents=True)
    with export.build_lock(export_cache):
        output = build()

    assert "another build is running" in output
    assert builds == []


def test_the_export_keeps_each_name_given_in_another_language(exported):
    folder, _output = exported
    people = {row["slug"]: row for row in read_csv(folder / "data" / "people.csv")}
    topics = {row["slug"]: row for row in read_jsonl(folder / "data" / "topics.jsonl")}

    baimukhan = people["margulan-baimukhan"]
    assert (baimukhan["name"], baimukhan["name_kk"]) == ("Margulan Baimukhan", "Марғұлан Баймұхан")
    assert baimukhan["name_nl"] == ""
    assert topics["trade-and-investment"]["name_fr"] == "Commerce et investissement"
