"""
gunicorn settings for the archive in production: `gunicorn -c gunicorn.conf.py`.

Every value can be overridden from the environment (the names are gunicorn's own where it has
them). Static files are served by WhiteNoise from the same processes; put a CDN or a caching
proxy in front for heavy traffic.
"""

import multiprocessing
import os

wsgi_app = "kzbe_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: one request at a time each, so the pool size is the concurrency.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never take a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Heartbeat files in memory rather than on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Behind a proxy on another host, list its address so X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
