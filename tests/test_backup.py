"""Backup and restore: nothing curated is lost, and a damaged backup loads nothing at all."""

import hashlib
import hmac
import io
import json
import stat

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.backup import MANIFEST_NAME, SIGNATURE_NAME, backed_up_models, manifest_signature
from archive.models import Article, Organisation, Statistic, Topic

pytestmark = pytest.mark.django_db

SIGNING_KEY = "backup-signing-key-for-the-tests-only-0123456789"


@pytest.fixture(autouse=True)
def signing_key(settings):
    settings.BACKUP_SIGNING_KEY = SIGNING_KEY


def snapshot():
    """Every backed-up record, every field (many-to-many included), keyed by model."""
    return {
        model._meta.label_lower: serializers.serialize(
            "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in backed_up_models()
    }


def backup(directory):
    out = io.StringIO()
    call_command("backup", str(directory), stdout=out)
    return out.getvalue()


def restore(directory, *options):
    out = io.StringIO()
    call_command("restore", str(directory), *options, stdout=out)
    return out.getvalue()


def empty_everything(request):
    """What a fresh database looks like: no archive records, no logins, no change log."""
    request.getfixturevalue("empty_archive")
    User.objects.all().delete()  # takes the admin's change log with it
    assert not any(
        model._default_manager.exists() for model in apps.get_app_config("archive").get_models()
    )


def manifest_of(directory):
    return json.loads((directory / MANIFEST_NAME).read_text())


def rewrite_manifest(directory, manifest, key=None):
    """Write a changed manifest; signed again only by whoever holds `key`."""
    text = json.dumps(manifest).encode()
    (directory / MANIFEST_NAME).write_bytes(text)
    if key is not None:
        signature = manifest_signature(text, key.encode())
        (directory / SIGNATURE_NAME).write_text(f"hmac-sha256 {signature}\n")


def rewrite(directory, entry_model, edit, key=None):
    """Change one backup file and, like a careful forger, its checksum in the manifest."""
    manifest = manifest_of(directory)
    entry = next(item for item in manifest["files"] if item["model"] == entry_model)
    path = directory / entry["file"]
    path.write_text(edit(path.read_text()))
    entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    rewrite_manifest(directory, manifest, key)


@pytest.fixture
def editors_work(corpus, editor):
    """The corpus plus what an editor's day leaves behind: a login and a change-log entry."""
    article = Article.objects.get(slug__startswith="kazakhstani-belgian-mps")
    LogEntry.objects.log_actions(
        editor.pk, [article], ADDITION, change_message="Imported", single_object=True
    )


def test_a_restore_brings_back_every_record_field_by_field(editors_work, request, tmp_path):
    before = snapshot()
    assert before["archive.article"] and before["auth.user"] and before["admin.logentry"]
    backup(tmp_path / "backup")

    empty_everything(request)
    output = restore(tmp_path / "backup", "--include-users")

    assert snapshot() == before
    assert "5  archive.article" in output
    assert User.objects.get(username="editor").check_password("editor-password")
    assert list(User.objects.get(username="editor").groups.all()) == [
        Group.objects.get(name="Editors")
    ]


def test_the_manifest_lists_every_file_with_its_checksum_count_and_schema(corpus, tmp_path):
    backup(tmp_path / "backup")
    manifest = manifest_of(tmp_path / "backup")
    assert manifest["format"] == 1
    assert manifest["schema"]["archive"] == latest_archive_migration()
    assert manifest["created_at"]
    by_model = {entry["model"]: entry for entry in manifest["files"]}
    assert by_model["archive.statistic"]["count"] == Statistic.objects.count()
    for entry in manifest["files"]:
        content = (tmp_path / "backup" / entry["file"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(json.loads(content)) == entry["count"]


def test_every_model_of_the_archive_is_backed_up(corpus, tmp_path):
    """Generic on purpose: a model added to the archive app is in the next backup untouched."""
    backup(tmp_path / "backup")
    listed = {entry["model"] for entry in manifest_of(tmp_path / "backup")["files"]}
    archive_models = {m._meta.label_lower for m in apps.get_app_config("archive").get_models()}
    assert archive_models <= listed
    assert {"auth.group", "auth.user", "admin.logentry"} <= listed


def test_files_come_in_the_order_they_load(corpus, tmp_path):
    backup(tmp_path / "backup")
    order = [entry["model"] for entry in manifest_of(tmp_path / "backup")["files"]]
    assert order.index("archive.person") < order.index("archive.role")
    assert order.index("archive.organisation") < order.index("archive.role")
    assert order.index("archive.article") < order.index("archive.statistic")
    assert order.index("auth.group") < order.index("auth.user") < order.index("admin.logentry")


def test_the_backup_is_readable_only_by_its_owner(corpus, tmp_path):
    """It holds password hashes."""
    backup(tmp_path / "backup")
    assert stat.S_IMODE((tmp_path / "backup").stat().st_mode) == 0o700
    for path in (tmp_path / "backup").rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path.name


def test_a_restored_archive_takes_new_records(corpus, request, tmp_path):
    """Primary keys are kept, and the database's id counters moved past them."""
    backup(tmp_path / "backup")
    empty_everything(request)
    restore(tmp_path / "backup", "--include-users")
    topic = Topic.objects.create(name="Water management", slug="water-management")
    assert topic.pk > max(Topic.objects.exclude(pk=topic.pk).values_list("pk", flat=True))


def test_a_tampered_file_is_refused_and_nothing_is_loaded(corpus, request, tmp_path):
    backup(tmp_path / "backup")
    statistics = next((tmp_path / "backup").glob("*_archive_statistic.json"))
    statistics.write_text(statistics.read_text().replace('"almost"', '"exact"'))
    empty_everything(request)

    with pytest.raises(CommandError) as error:
        restore(tmp_path / "backup")

    assert f"{statistics.name} does not match its SHA-256 checksum" in str(error.value)
    assert "nothing was loaded" in str(error.value)
    assert not Article.objects.exists() and not Statistic.objects.exists()


def test_a_missing_file_is_refused(corpus, request, tmp_path):
    backup(tmp_path / "backup")
    people = next((tmp_path / "backup").glob("*_archive_person.json"))
    people.unlink()
    empty_everything(request)
    with pytest.raises(CommandError, match=f"{people.name} is missing"):
        restore(tmp_path / "backup")
    assert not Article.objects.exists()


def test_a_folder_without_a_manifest_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match=r"no manifest\.json: not a complete backup"):
        restore(tmp_path)


def test_a_manifest_cannot_point_outside_the_backup(corpus, request, tmp_path):
    backup(tmp_path / "backup")
    manifest = manifest_of(tmp_path / "backup")
    manifest["files"][0]["file"] = "../../etc/passwd"
    rewrite_manifest(tmp_path / "backup", manifest, key=SIGNING_KEY)
    empty_everything(request)
    with pytest.raises(CommandError, match=r"'\.\./\.\./etc/passwd' is not a backup file name"):
        restore(tmp_path / "backup")


def test_a_failure_while_loading_leaves_nothing_half_written(corpus, request, tmp_path):
    """Even with valid checksums: the last files fail to load, and the first are undone."""
    backup(tmp_path / "backup")
    rewrite(
        tmp_path / "backup",
        "archive.statistic",
        lambda text: text.replace('"indicator": [', '"indicator": ["no-such-indicator", ', 1),
        key=SIGNING_KEY,
    )
    empty_everything(request)
    with pytest.raises(CommandError) as error:
        restore(tmp_path / "backup", "--include-users")
    assert "Loading failed, so nothing was kept" in str(error.value)
    assert "_archive_statistic.json" in str(error.value)
    assert not Topic.objects.exists()
    assert not Organisation.objects.exists()
    assert not Statistic.objects.exists()


def test_a_restore_into_a_database_with_records_is_refused(corpus, tmp_path):
    backup(tmp_path / "backup")
    before = snapshot()
    with pytest.raises(CommandError, match=r"already holds records \(archive.topic"):
        restore(tmp_path / "backup")
    assert snapshot() == before


def test_a_restore_is_refused_once_a_login_exists(corpus, request, tmp_path):
    """Loading over an account created first could silently replace it (same id)."""
    backup(tmp_path / "backup")
    empty_everything(request)
    User.objects.create_superuser("admin", password="admin-password-123")
    with pytest.raises(CommandError, match=r"already holds records \(auth.user\)"):
        restore(tmp_path / "backup")
    assert not Article.objects.exists()


def test_a_backup_from_another_schema_is_refused(corpus, request, tmp_path):
    backup(tmp_path / "backup")
    manifest = manifest_of(tmp_path / "backup")
    manifest["schema"]["archive"] = "0009_from_the_future"
    rewrite_manifest(tmp_path / "backup", manifest, key=SIGNING_KEY)
    empty_everything(request)
    with pytest.raises(CommandError, match="taken at another schema"):
        restore(tmp_path / "backup")
    assert not Article.objects.exists()


def test_a_backup_never_writes_into_a_folder_in_use(corpus, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="is not an empty folder"):
        backup(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


def test_the_backup_command_reports_what_it_wrote(corpus, tmp_path):
    output = backup(tmp_path / "backup")
    assert f"{Statistic.objects.count():>7}  archive.statistic" in output
    assert f"schema {latest_archive_migration()}" in output


# --- Signed, and nothing the manifest does not list, and no access by surprise ----------------


def test_the_backup_refuses_to_run_without_a_signing_key(corpus, settings, tmp_path):
    settings.BACKUP_SIGNING_KEY = ""

    with pytest.raises(CommandError, match="DJANGO_BACKUP_SIGNING_KEY is not set"):
        backup(tmp_path / "backup")

    assert not (tmp_path / "backup").exists()


def test_the_signing_key_must_not_be_the_secret_key(corpus, settings, tmp_path):
    settings.BACKUP_SIGNING_KEY = settings.SECRET_KEY = "x" * 50

    with pytest.raises(CommandError, match="must not be DJANGO_SECRET_KEY"):
        backup(tmp_path / "backup")


def test_the_manifest_is_signed_with_the_key(corpus, tmp_path):
    backup(tmp_path / "backup")

    manifest = (tmp_path / "backup" / MANIFEST_NAME).read_bytes()
    expected = hmac.new(SIGNING_KEY.encode(), manifest, hashlib.sha256).hexdigest()
    assert (tmp_path / "backup" / SIGNATURE_NAME).read_text() == f"hmac-sha256 {expected}\n"


def test_a_manifest_rewritten_without_the_key_is_refused(corpus, request, tmp_path):
    """The forger fixes the checksum, but cannot sign the manifest again."""
    backup(tmp_path / "backup")
    rewrite(tmp_path / "backup", "archive.statistic", lambda t: t.replace('"almost"', '"exact"'))
    empty_everything(request)

    with pytest.raises(CommandError, match="signature does not match") as error:
        restore(tmp_path / "backup", "--include-users")

    assert "Nothing was loaded" in str(error.value)
    assert not Article.objects.exists()


def test_a_backup_signed_with_another_key_is_refused(corpus, request, settings, tmp_path):
    backup(tmp_path / "backup")
    empty_everything(request)
    settings.BACKUP_SIGNING_KEY = "another-key-for-another-archive-0123456789"

    with pytest.raises(CommandError, match="signed with another DJANGO_BACKUP_SIGNING_KEY"):
        restore(tmp_path / "backup", "--include-users")


def test_an_unsigned_backup_is_refused(corpus, request, tmp_path):
    backup(tmp_path / "backup")
    (tmp_path / "backup" / SIGNATURE_NAME).unlink()
    empty_everything(request)

    with pytest.raises(CommandError, match="the backup is not signed"):
        restore(tmp_path / "backup", "--include-users")


SESSION = {
    "model": "sessions.session",
    "pk": "a" * 32,
    "fields": {"session_data": "forged", "expire_date": "2099-01-01T00:00:00Z"},
}
SUPERUSER = {
    "model": "auth.User",
    "fields": {
        "username": "intruder",
        "password": "md5$salt$0123456789abcdef0123456789abcdef",
        "is_superuser": True,
        "is_staff": True,
        "is_active": True,
        "date_joined": "2026-01-01T00:00:00Z",
    },
}


@pytest.mark.parametrize(
    "stowaway, model", [(SESSION, "sessions.session"), (SUPERUSER, "auth.user")]
)
def test_records_of_a_model_the_manifest_does_not_list_are_refused(
    corpus, request, tmp_path, stowaway, model
):
    """Even signed (by a key holder, or an old build): a file holds its own model only."""
    backup(tmp_path / "backup")

    def smuggle(text):
        # Appended: once loaded, the topics still number what the manifest says.
        return json.dumps([*json.loads(text), stowaway])

    rewrite(tmp_path / "backup", "archive.topic", smuggle, key=SIGNING_KEY)
    empty_everything(request)

    with pytest.raises(CommandError, match=f"holds records of {model}, which the manifest"):
        restore(tmp_path / "backup", "--include-users")

    assert not Topic.objects.exists()
    assert not User.objects.exists()
    assert not Session.objects.exists()


def test_a_backup_that_adds_a_superuser_is_refused_without_the_flag(
    corpus, editor, request, tmp_path
):
    User.objects.create_superuser("root", password="root-password-123")
    backup(tmp_path / "backup")
    empty_everything(request)

    with pytest.raises(CommandError) as error:
        restore(tmp_path / "backup")

    message = str(error.value)
    assert "would change who can sign in" in message
    assert "2 logins (editor, root), 1 of them superusers (root)" in message
    assert "--include-users" in message
    assert not User.objects.exists() and not Article.objects.exists()


def test_a_backup_that_changes_a_group_s_permissions_is_refused_without_the_flag(
    corpus, request, tmp_path
):
    User.objects.all().delete()
    editors = Group.objects.get(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="delete_user"))
    backup(tmp_path / "backup")
    empty_everything(request)
    editors.permissions.remove(Permission.objects.get(codename="delete_user"))

    with pytest.raises(CommandError, match="the groups Editors and their permissions"):
        restore(tmp_path / "backup")

    assert not editors.permissions.filter(codename="delete_user").exists()


def test_a_backup_without_logins_restores_without_the_flag(corpus, request, tmp_path):
    User.objects.all().delete()
    before = snapshot()
    backup(tmp_path / "backup")
    empty_everything(request)

    output = restore(tmp_path / "backup")

    assert snapshot() == before
    assert "5  archive.article" in output


def latest_archive_migration():
    from django.db.migrations.loader import MigrationLoader

    (leaf,) = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("archive")
    return leaf[1]


# --- Received files (the originals articles were imported from) --------------------------------

PAGE = (
    b"<html><head><meta property='og:title' content='Kazakh delegation in Brussels'></head>"
    b"<body><article><p>BRUSSELS. KAZINFORM - A delegation of the Mazhilis met Belgian senators "
    b"to discuss trade, transport and investment between the two countries.</p></article>"
    b"</body></html>"
)


@pytest.fixture
def received_file(corpus):
    """A page imported as an editor would; its suggestions and log are not what is tested."""
    from reversion.models import Revision

    from archive.importing.webpages import import_page
    from archive.models import StatusChange, Suggestion

    result = import_page(PAGE, "delegation.html")
    assert result.outcome == "imported", result.message
    Suggestion.objects.all().delete()
    StatusChange.objects.all().delete()
    Revision.objects.all().delete()
    return result.article.received_files.get()


def test_a_backup_carries_the_received_files_and_a_restore_puts_them_back(
    received_file, request, tmp_path
):
    name = received_file.file.name
    backup(tmp_path / "backup")
    entry = manifest_of(tmp_path / "backup")["originals"][0]
    assert entry["name"] == name and entry["sha256"] == hashlib.sha256(PAGE).hexdigest()
    assert (tmp_path / "backup" / entry["file"]).read_bytes() == PAGE

    empty_everything(request)
    received_file.file.storage.delete(name)
    restore(tmp_path / "backup")

    restored = Article.objects.get(original_filename="delegation.html").received_files.get()
    assert restored.file.name == name
    assert restored.file.read() == PAGE


def test_a_changed_received_file_is_refused_and_nothing_is_loaded(received_file, request, tmp_path):
    backup(tmp_path / "backup")
    entry = manifest_of(tmp_path / "backup")["originals"][0]
    (tmp_path / "backup" / entry["file"]).write_bytes(PAGE.replace(b"trade", b"war"))
    empty_everything(request)
    received_file.file.storage.delete(received_file.file.name)

    with pytest.raises(CommandError, match=f"{entry['file']} does not match its SHA-256"):
        restore(tmp_path / "backup")
    assert not Article.objects.exists()
    assert not received_file.file.storage.exists(received_file.file.name)


def test_a_backup_missing_a_received_file_is_refused(received_file, request, tmp_path):
    backup(tmp_path / "backup")
    manifest = manifest_of(tmp_path / "backup")
    manifest["originals"] = []
    rewrite_manifest(tmp_path / "backup", manifest, key=SIGNING_KEY)
    empty_everything(request)

    with pytest.raises(CommandError, match="received files missing from the backup"):
        restore(tmp_path / "backup")


def test_a_received_file_cannot_be_restored_outside_the_storage(received_file, request, tmp_path):
    backup(tmp_path / "backup")
    manifest = manifest_of(tmp_path / "backup")
    manifest["originals"][0]["name"] = "../../etc/cron.d/job"
    rewrite_manifest(tmp_path / "backup", manifest, key=SIGNING_KEY)
    empty_everything(request)

    with pytest.raises(CommandError, match="is not a received file's name"):
        restore(tmp_path / "backup")


def test_a_backup_stops_when_a_received_file_is_gone_from_storage(received_file, tmp_path):
    received_file.file.storage.delete(received_file.file.name)
    with pytest.raises(CommandError, match="missing from the originals storage"):
        backup(tmp_path / "backup")
