"""The project as an operator meets it: settings from the environment, checks, migrations."""

import pytest
from django.conf import settings
from django.core.management import call_command

from .processes import run_in_project

PROJECT_DIR = settings.BASE_DIR


def run_python(code, **env):
    return run_in_project(["-c", code], **env)


def run_manage(*arguments, **env):
    return run_in_project(["manage.py", *arguments], **env)


def test_it_refuses_to_serve_without_a_secret_key_when_debug_is_off():
    result = run_python("import kzbe_site.wsgi", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_runserver_refuses_too():
    result = run_manage("runserver", "--noreload", "127.0.0.1:0", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["check"], "System check identified no issues"),
        (["makemigrations", "--check", "--dry-run"], "No changes detected"),
    ],
)
def test_commands_run_without_a_secret_key_before_the_secrets_are_in_place(command, says):
    result = run_manage(*command, DJANGO_DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert says in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_DEBUG", "ture", "DJANGO_DEBUG must be one of"),
        ("DJANGO_SECURE_SSL_REDIRECT", "maybe", "DJANGO_SECURE_SSL_REDIRECT must be one of"),
        ("DJANGO_SESSION_COOKIE_AGE", "8h", "DJANGO_SESSION_COOKIE_AGE must be a whole number"),
        ("DJANGO_ALLOWED_HOSTS", "archive.example,,www.example", "has an empty item"),
    ],
)
def test_a_malformed_setting_stops_the_site_with_its_name(variable, value, message):
    result = run_python(
        "import kzbe_site.settings", DJANGO_SECRET_KEY="x" * 50, **{variable: value}
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_the_deploy_check_still_refuses_to_run_without_a_secret_key():
    result = run_manage("check", "--deploy", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_it_reads_the_database_from_database_url():
    code = (
        "from kzbe_site import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    )
    result = run_python(
        code,
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://archivist:secret@db.example:5433/kzbe",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "kzbe", "db.example", "5433"]


def test_it_defaults_to_a_sqlite_file_in_the_project_folder():
    code = "from kzbe_site import settings; print(settings.DATABASES['default']['NAME'])"
    result = run_python(code, DJANGO_DEBUG="1")
    assert result.stdout.strip() == str(PROJECT_DIR / "db.sqlite3")


def test_static_files_are_compressed_and_hashed_when_debug_is_off():
    code = "from kzbe_site import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = run_python(code, DJANGO_SECRET_KEY="x" * 50)
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_allowed_hosts_come_from_the_environment():
    code = "from kzbe_site import settings; print(settings.ALLOWED_HOSTS)"
    result = run_python(
        code, DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="archive.example, www.example"
    )
    assert result.stdout.strip() == "['archive.example', 'www.example']"


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
