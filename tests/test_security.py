"""
Production hardening as a visitor, an editor and an attacker meet it: HTTPS and security headers,
the Content Security Policy, the admin's address and its lock-out after failed logins.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

PROJECT_DIR = settings.BASE_DIR

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "archive.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://archive.example",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
}


def run_in_project(args, **env):
    """Run a Python command in a fresh process with only the given DJANGO_* variables."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def setting_in_process(name, **env):
    code = f"from kzbe_site import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = run_in_project(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- Settings ---------------------------------------------------------------------------------


def test_the_deployment_checklist_is_clean_with_production_settings():
    result = run_in_project(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checklist_is_clean_behind_a_tls_proxy():
    result = run_in_project(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION_ENV,
        DJANGO_BEHIND_TLS_PROXY="1",
    )
    assert result.returncode == 0, result.stderr


def test_the_deployment_checklist_flags_a_site_without_https():
    result = run_in_project(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION_ENV,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr


def test_local_development_runs_on_plain_http():
    """`make run` (DEBUG on, http://127.0.0.1): no redirect to https, cookies sent over http."""
    debug = {"DJANGO_DEBUG": "1"}
    assert setting_in_process("SECURE_SSL_REDIRECT", **debug) == "False"
    assert setting_in_process("SESSION_COOKIE_SECURE", **debug) == "False"
    assert setting_in_process("CSRF_COOKIE_SECURE", **debug) == "False"
    assert setting_in_process("SECURE_HSTS_SECONDS", **debug) == "0"


def test_production_is_https_only_with_secure_cookies():
    assert setting_in_process("SECURE_SSL_REDIRECT", **PRODUCTION_ENV) == "True"
    assert setting_in_process("SESSION_COOKIE_SECURE", **PRODUCTION_ENV) == "True"
    assert setting_in_process("CSRF_COOKIE_SECURE", **PRODUCTION_ENV) == "True"
    assert setting_in_process("SECURE_HSTS_SECONDS", **PRODUCTION_ENV) == "31536000"
    assert setting_in_process("CSRF_TRUSTED_ORIGINS", **PRODUCTION_ENV) == (
        "['https://archive.example']"
    )


def test_the_forwarded_protocol_is_trusted_only_when_told_of_a_proxy():
    assert setting_in_process("SECURE_PROXY_SSL_HEADER", **PRODUCTION_ENV) == "None"
    assert setting_in_process(
        "SECURE_PROXY_SSL_HEADER", **PRODUCTION_ENV, DJANGO_BEHIND_TLS_PROXY="1"
    ) == repr(("HTTP_X_FORWARDED_PROTO", "https"))


def test_hsts_and_session_lifetime_come_from_the_environment():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SECURE_HSTS_SECONDS": "600",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "0",
        "DJANGO_SESSION_COOKIE_AGE": "3600",
        "DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE": "1",
    }
    assert setting_in_process("SECURE_HSTS_SECONDS", **env) == "600"
    assert setting_in_process("SECURE_HSTS_INCLUDE_SUBDOMAINS", **env) == "False"
    assert setting_in_process("SESSION_COOKIE_AGE", **env) == "3600"
    assert setting_in_process("SESSION_EXPIRE_AT_BROWSER_CLOSE", **env) == "True"


def test_a_malformed_number_in_the_environment_is_refused_by_name():
    result = run_in_project(
        ["-c", "import kzbe_site.settings"], **PRODUCTION_ENV, DJANGO_SECURE_HSTS_SECONDS="1 year"
    )
    assert result.returncode != 0
    assert "DJANGO_SECURE_HSTS_SECONDS must be a whole number" in result.stderr


def test_plain_http_is_redirected_to_https(corpus, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/articles/?page=2")
    assert response.status_code == 301
    assert response.url == "https://testserver/articles/?page=2"


def test_behind_a_proxy_a_forwarded_https_request_is_served(corpus, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = Client().get("/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_security_headers_are_sent(client, corpus, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(client, editor):
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "editor-password", "next": "/admin/"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
    assert session["max-age"] == 8 * 60 * 60


# --- Content Security Policy ------------------------------------------------------------------


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict_policy(directives):
    for directive in ("script-src", "style-src"):
        assert directives[directive] == ["'self'"], directive
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    header = " ".join(" ".join(sources) for sources in directives.values())
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


# The API's own pages join this list once the API exists (e.g. "/api/articles/").
PAGES_UNDER_THE_STRICT_POLICY = [
    "/",
    "/articles/",
    "/admin/login/",
    "/api/",
    "/api/articles/",
    "/api/docs/",
    "/oai/?verb=Identify",
]


def test_the_api_documentation_has_no_inline_style_or_script(client):
    page = client.get("/api/docs/").content.decode()
    assert "<style" not in page
    assert "<script>" not in page and "style=" not in page


@pytest.mark.parametrize("path", PAGES_UNDER_THE_STRICT_POLICY)
def test_pages_forbid_inline_scripts_and_styles(client, corpus, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_strict_policy(csp_directives(response))


def test_the_admin_works_under_the_strict_policy(editor_client, corpus):
    """The admin ships no inline <script> or style="": it needs no relaxed policy."""
    response = editor_client.get(reverse("admin:archive_article_changelist"))
    assert response.status_code == 200
    assert_strict_policy(csp_directives(response))
    page = response.content.decode()
    assert "<script>" not in page
    assert 'style="' not in page


def test_not_found_pages_carry_the_policy_too(client, corpus):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert_strict_policy(csp_directives(response))


def test_https_sites_upgrade_insecure_requests():
    result = setting_in_process("CONTENT_SECURITY_POLICY", **PRODUCTION_ENV)
    assert "'upgrade-insecure-requests': True" in result
    local = setting_in_process("CONTENT_SECURITY_POLICY", DJANGO_DEBUG="1")
    assert "'upgrade-insecure-requests': False" in local


def test_a_report_address_for_violations_can_be_configured():
    result = setting_in_process(
        "CONTENT_SECURITY_POLICY", **PRODUCTION_ENV, DJANGO_CSP_REPORT_URI="/csp-reports/"
    )
    assert "'report-uri': ['/csp-reports/']" in result


# --- The admin's address ----------------------------------------------------------------------

ADMIN_URL_PROBE = """
import django
django.setup()
from django.test import Client
from django.urls import reverse
client = Client()
print(reverse("admin:index"), reverse("admin:login"))
print(client.get("/curators-7f3k/login/").status_code, client.get("/admin/login/").status_code)
"""


def test_the_admin_lives_at_the_configured_address(tmp_path):
    result = run_in_project(
        ["-c", ADMIN_URL_PROBE],
        DJANGO_SETTINGS_MODULE="kzbe_site.settings",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_ADMIN_URL="/curators-7f3k/",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/curators-7f3k/", "/curators-7f3k/login/", "200", "404"]


def test_an_empty_admin_address_is_refused():
    result = run_in_project(
        ["-c", "import kzbe_site.settings"], DJANGO_DEBUG="1", DJANGO_ADMIN_URL="/"
    )
    assert result.returncode != 0
    assert "DJANGO_ADMIN_URL must not be empty" in result.stderr


# --- Lock-out after failed logins (django-axes) -----------------------------------------------


def attempt_login(client, password, address="198.51.100.7", username="editor"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_an_address_is_locked_out_after_repeated_failures(client, editor):
    limit = settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        response = attempt_login(client, "wrong")
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    response = attempt_login(client, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "try again in 30 minutes" in page
    assert response["Retry-After"] == "1800"
    # Even the right password is refused while locked out.
    response = attempt_login(client, "editor-password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_page_is_in_the_admin_design_under_the_strict_policy(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = attempt_login(client, "wrong")
    assert response.status_code == 429
    assert "Kazakhstan–Belgium Relations Archive" in response.content.decode()
    assert_strict_policy(csp_directives(response))


def test_a_lock_out_does_not_shut_out_other_addresses(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attempt_login(client, "wrong", address="198.51.100.7")
    response = attempt_login(Client(), "editor-password", address="203.0.113.20")
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_a_successful_login_clears_earlier_failures(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt_login(client, "wrong")
    assert attempt_login(client, "editor-password").status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt_login(client, "wrong").status_code == 200


def test_the_lock_out_ends_after_the_cool_off(client, editor):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attempt_login(client, "wrong")
    assert attempt_login(client, "editor-password").status_code == 429
    # Let the cool-off pass by moving the recorded failures back in time.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )
    assert attempt_login(client, "editor-password").status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_header_does_not_escape_the_lock_out(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    response = Client().post(
        reverse("admin:login"),
        {"username": "editor", "password": "editor-password"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert response.status_code == 429


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, editor, settings):
    settings.BEHIND_TLS_PROXY = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            # The left entry is whatever the client claimed; the proxy appended the right one.
            HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7",
        )
    # Another client behind the same proxy is not locked out ...
    response = Client().post(
        reverse("admin:login"),
        {"username": "editor", "password": "editor-password"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert response.status_code == 302
    # ... and forging the left-hand entry does not get the locked-out client back in.
    response = Client().post(
        reverse("admin:login"),
        {"username": "editor", "password": "editor-password"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7",
    )
    assert response.status_code == 429


def test_force_login_still_works_for_the_suite(editor_client, corpus):
    """The axes backend has no get_user, so the test client's force_login uses ModelBackend."""
    assert editor_client.get(reverse("admin:index")).status_code == 200


def test_staff_sessions_expire(editor_client):
    assert editor_client.session.get_expiry_age() == 8 * 60 * 60
