"""
A local web server for the importer's tests, serving pages in the shapes of the real sources: a
Kazinform article (OpenGraph and JSON-LD), an MFA Kazakhstan press release (a <time> element,
no JSON-LD), Belgian federal press releases in French and in Dutch, RSS and Atom feeds listing
them, and the bad answers an importer meets (404, 500, a slow page, a huge one, JSON, a
redirect inside the network, a redirect loop).
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

KAZINFORM = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Belgian Senate delegation visits Astana - Kazinform</title>
<meta property="og:site_name" content="Kazinform">
<meta property="og:title" content="Belgian Senate delegation visits Astana">
<meta property="article:published_time" content="2023-03-02T10:15:00+06:00">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Belgian Senate delegation visits Astana (JSON-LD)",
 "datePublished": "2023-03-01T09:00:00+06:00",
 "author": {"@type": "Person", "name": "Kudrenok Tatyana"}}
</script></head>
<body><header><nav><a href="/">Go to the main site</a> | Politics | Economy | Society</nav></header>
<main><article><h1>Belgian Senate delegation visits Astana</h1>
<p>ASTANA. KAZINFORM – Roman Vassilenko met a delegation of the Belgian Senate, Kazinform
correspondent reports.</p>
<p>Ms Kuspan joined the talks on trade and investment. The sides discussed the new direct flights
between Astana and Brussels and agreed to meet again in the autumn.</p>
<p>The Belgian senators also visited the Astana International Financial Centre, where they were
told about the conditions offered to foreign investors.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/x">Weather in Almaty</a></li></ul></aside>
<footer>© 1997-2023 Kazinform. All rights reserved.</footer></body></html>
"""

MFA = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Kazakhstan and Belgium hold political consultations | Ministry of Foreign Affairs</title>
</head><body><div class="menu">About the Ministry · Press service · Contacts</div>
<div class="content"><h1>Kazakhstan and Belgium hold political consultations</h1>
<time datetime="2021-10-17">17 October 2021</time>
<p>On 17 October 2021, Deputy Minister of Foreign Affairs of Kazakhstan Roman Vassilenko held
political consultations with the Belgian side in Brussels.</p>
<p>The parties discussed trade and investment, and the preparation of a business mission planned
for November 2021.</p>
<p>Press service of the Ministry of Foreign Affairs of the Republic of Kazakhstan.</p>
</div><div class="footer">Ministry of Foreign Affairs of the Republic of Kazakhstan</div>
</body></html>
"""

BELGIUM_FR = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Visite d'une délégation kazakhe | SPF Affaires étrangères</title>
<meta property="og:title" content="Visite d’une délégation kazakhe à Bruxelles">
</head><body><nav>Accueil › Actualités › Communiqués de presse</nav>
<article><h1>Visite d’une délégation kazakhe à Bruxelles</h1>
<p>Bruxelles, le 17 octobre 2021</p>
<p>La ministre des Affaires étrangères a reçu aujourd’hui une délégation du Kazakhstan. Les deux
pays ont évoqué le commerce, l’investissement et la coopération dans le domaine de l’énergie.</p>
<p>Une mission économique belge au Kazakhstan est prévue pour l’automne 2021.</p>
</article><footer>SPF Affaires étrangères, Commerce extérieur et Coopération au
Développement</footer></body></html>
"""

BELGIUM_NL = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>Bezoek van een Kazachse delegatie | FOD Buitenlandse Zaken</title>
</head><body><nav>Home › Nieuws › Persberichten</nav>
<article><h1>Bezoek van een Kazachse delegatie aan Brussel</h1>
<p>De minister van Buitenlandse Zaken heeft vandaag een delegatie uit Kazachstan ontvangen. De
twee landen bespraken handel, investeringen en samenwerking op het gebied van energie.</p>
<p>Een Belgische economische missie naar Kazachstan is gepland voor het najaar van 2021.</p>
</article><footer>FOD Buitenlandse Zaken, Buitenlandse Handel en
Ontwikkelingssamenwerking</footer></body></html>
"""

PAGES = {
    "/kazinform/belgian-senate-delegation-visits-astana": KAZINFORM,
    "/mfa/press/political-consultations": MFA,
    "/diplomatie/fr/communique-kazakhstan": BELGIUM_FR,
    "/diplomatie/nl/persbericht-kazachstan": BELGIUM_NL,
}


def rss(base):
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><pubDate>{date}</pubDate></item>"
        for title, path, date in [
            (
                "Belgian Senate delegation visits Astana",
                "/kazinform/belgian-senate-delegation-visits-astana",
                "Thu, 02 Mar 2023 10:15:00 +0600",
            ),
            (
                "Kazakhstan and Belgium hold political consultations",
                "/mfa/press/political-consultations",
                "Sun, 17 Oct 2021 12:00:00 +0600",
            ),
        ]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Kazinform — Kazakhstan and Belgium</title><link>{base}/</link>"
        f"<description>News</description>{items}</channel></rss>"
    )


def atom(base):
    entries = "".join(
        f'<entry><title>{title}</title><link href="{base}{path}"/><id>{base}{path}</id>'
        f"<updated>{date}</updated></entry>"
        for title, path, date in [
            (
                "Visite d’une délégation kazakhe",
                "/diplomatie/fr/communique-kazakhstan",
                "2021-10-17T12:00:00Z",
            ),
            (
                "Bezoek van een Kazachse delegatie",
                "/diplomatie/nl/persbericht-kazachstan",
                "2021-10-17T12:00:00Z",
            ),
        ]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>SPF Affaires étrangères</title><id>{base}/</id>"
        f"<updated>2021-10-17T12:00:00Z</updated>{entries}</feed>"
    )


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="text/html; charset=utf-8", length=True):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        base = f"http://{self.headers['Host']}"
        path = self.path
        if path in PAGES:
            self.answer(200, PAGES[path])
        elif path == "/feeds/rss.xml":
            self.answer(200, rss(base), "application/rss+xml")
        elif path == "/feeds/atom.xml":
            self.answer(200, atom(base), "application/atom+xml")
        elif path == "/moved":
            self.redirect("/kazinform/belgian-senate-delegation-visits-astana")
        elif path == "/redirect-to-metadata":
            self.redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/loop":
            self.redirect("/loop")
        elif path == "/broken":
            self.answer(500, "<html><body><p>Internal error</p></body></html>")
        elif path == "/slow":
            time.sleep(3)
            self.answer(200, KAZINFORM)
        elif path == "/huge":
            self.answer(200, "<html><body>" + "<p>Astana and Brussels.</p>" * 20_000)
        elif path == "/huge-unannounced":
            # No Content-Length: the size is known only by reading.
            self.answer(200, "<html><body>" + "<p>Astana and Brussels.</p>" * 20_000, length=False)
        elif path == "/data.json":
            self.answer(200, '{"title": "not a page"}', "application/json")
        elif path == "/not-a-feed":
            self.answer(200, "<html><body><p>No feed here.</p></body></html>", "application/xml")
        else:
            self.answer(404, "<html><body><p>Not found</p></body></html>")


@pytest.fixture(scope="module")
def web_server():
    """The base address (http://127.0.0.1:PORT) of a server running for the module's tests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_addresses_allowed(settings):
    """The tests' server is on 127.0.0.1: allowed here, as an operator may allow it."""
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    settings.IMPORT_FETCH_TIMEOUT_SECONDS = 1
