"""
Fetching a web page or a feed for the importer, without letting an address reach inside.

An editor gives an address; the server fetches it. That server can reach addresses an editor
cannot (the database, a cloud's metadata service at 169.254.169.254, the admin on 127.0.0.1),
so a fetch:

- takes http:// and https:// only;
- resolves the host itself and refuses it if *any* address it resolves to is private,
  loopback, link-local, multicast, reserved or otherwise not global, then connects to the
  address it checked (never resolving again, so a name that changes its answer between the
  check and the connection, "DNS rebinding", gets nowhere), with TLS still checked against
  the host's name;
- follows at most MAX_REDIRECTS redirects, each checked like the first address;
- gives up after IMPORT_FETCH_TIMEOUT_SECONDS in all, and stops reading once the answer passes
  IMPORT_MAX_FILE_BYTES.

IMPORT_ALLOW_PRIVATE_ADDRESSES lifts the address rule, for an archive that imports from its
own network (and for the tests' local server); the other rules stay.

Only the standard library (http.client) is used: it never reads proxy settings from the
environment and resolves nothing on its own once given a connected address.

Each refusal is a FetchError subclass whose message names what went wrong, for the editor.
"""

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_REDIRECTS = 5
READ_CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "kzbe-archive-importer/1 (a press archive; an editor asked for this page)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """The address could not be fetched; the message says why, for an editor."""


class BadScheme(FetchError):
    pass


class RefusedAddress(FetchError):
    pass


class PageWillNotLoad(FetchError):
    """The server answered with an error (`status`), or could not be reached (`status` None)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class FetchTimeout(FetchError):
    pass


class TooLarge(FetchError):
    pass


class NotHTML(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


@dataclass
class Fetched:
    """What a fetch brought back: the bytes as sent, with where and when they came from."""

    requested_url: str
    url: str  # after redirects
    media_type: str
    charset: str
    data: bytes
    fetched_at: datetime

    @property
    def name(self):
        """The last part of the address, or its host: the name the file is kept under."""
        parts = urlsplit(self.url)
        return parts.path.rstrip("/").rpartition("/")[2] or parts.hostname or "page"


def check_scheme(url):
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise BadScheme(
            _("only http:// and https:// addresses can be fetched, not “%s”") % (url[:200],)
        )
    if not parts.hostname:
        raise BadScheme(_("“%s” names no host") % (url[:200],))
    return parts


def is_refused(address):
    """Whether an IP address is one a fetch may not reach (unless the operator allows it)."""
    address = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def checked_address(host, port):
    """
    The address to connect to: the first `host` resolves to, once every one of them is allowed.
    """
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise PageWillNotLoad(
            _("the address “%(host)s” was not found (%(reason)s)") % {"host": host, "reason": error}
        ) from error
    addresses = list(dict.fromkeys(answer[4][0] for answer in answers))
    if not addresses:
        raise PageWillNotLoad(_("the address “%s” was not found") % host)
    if not settings.IMPORT_ALLOW_PRIVATE_ADDRESSES:
        refused = [address for address in addresses if is_refused(address)]
        if refused:
            raise RefusedAddress(
                _(
                    "refused: “%(host)s” leads to %(addresses)s, an address inside a network "
                    "(private, loopback, link-local or reserved), which the importer does not "
                    "fetch from"
                )
                % {"host": host, "addresses": ", ".join(refused)}
            )
    return addresses[0]


def _connection(parts, address, timeout):
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    if parts.scheme.lower() == "https":
        connection = http.client.HTTPSConnection(parts.hostname, port, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)

    # Connect to the address that was checked; the host's name is still what TLS checks and
    # what the Host header says.
    def connect_to_checked(_address, timeout=None, source_address=None):
        return socket.create_connection((address, port), timeout, source_address)

    connection._create_connection = connect_to_checked
    return connection


def _media_type(content_type):
    message = Message()
    message["content-type"] = content_type or "application/octet-stream"
    return message.get_content_type(), message.get_param("charset") or ""


def _too_large(limit):
    return TooLarge(
        _("too large: the limit is %(limit)s bytes (%(mib)s MiB) for one page")
        % {"limit": f"{limit:,}", "mib": f"{limit / 2**20:g}"}
    )


def _read(response, limit, deadline, url):
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    data = bytearray()
    while chunk := response.read1(READ_CHUNK_BYTES):
        data += chunk
        if len(data) > limit:
            raise _too_large(limit)
        if time.monotonic() > deadline:
            raise _timed_out(url)
    return bytes(data)


def _timed_out(url):
    seconds = settings.IMPORT_FETCH_TIMEOUT_SECONDS
    return FetchTimeout(
        ngettext(
            "timed out: “%(url)s” did not answer in full within %(seconds)d second",
            "timed out: “%(url)s” did not answer in full within %(seconds)d seconds",
            seconds,
        )
        % {"url": url[:200], "seconds": seconds}
    )


def fetch(url, media_types=HTML_TYPES):
    """
    The answer at `url`, following redirects; `media_types` are the types accepted (None for
    any). Raises a FetchError saying what went wrong.
    """
    requested, limit = url, settings.IMPORT_MAX_FILE_BYTES
    timeout = settings.IMPORT_FETCH_TIMEOUT_SECONDS
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        parts = check_scheme(url)
        address = checked_address(parts.hostname, parts.port)
        connection = _connection(parts, address, timeout)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        try:
            connection.request(
                "GET",
                target,
                headers={"User-Agent": USER_AGENT, "Accept": ", ".join(media_types or ["*/*"])},
            )
            response = connection.getresponse()
            if response.status in REDIRECT_STATUSES and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status != 200:
                raise PageWillNotLoad(
                    _("the page will not load: the server answered %(status)d %(reason)s")
                    % {"status": response.status, "reason": response.reason},
                    status=response.status,
                )
            media_type, charset = _media_type(response.getheader("Content-Type"))
            if media_types is not None and media_type not in media_types:
                raise NotHTML(
                    _("not a web page: the server sent %(type)s, not HTML") % {"type": media_type}
                )
            data = _read(response, limit, deadline, url)
        except TimeoutError as error:
            raise _timed_out(url) from error
        except (OSError, http.client.HTTPException) as error:
            raise PageWillNotLoad(
                _("the page will not load: %(reason)s") % {"reason": error or type(error).__name__}
            ) from error
        finally:
            connection.close()
        return Fetched(requested, url, media_type, charset, data, timezone.now())
    raise TooManyRedirects(
        _("too many redirects: more than %(count)d from “%(url)s”")
        % {"count": MAX_REDIRECTS, "url": requested[:200]}
    )
