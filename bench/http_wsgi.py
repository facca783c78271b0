"""The gunicorn entry point of bench/load.py and bench/faults.py: `gunicorn ... bench.http_wsgi:app`.

ProductionConfig as deployed (CSRF on, SECRET_KEY required, DATABASE_URL and UPLOAD_FOLDER from the environment),
except that the session and remember-me cookies are not marked Secure: the benchmarks talk plain HTTP to 127.0.0.1,
and a client that honours the flag (as browsers and http.cookiejar do) never sends a Secure cookie over HTTP, so
nobody would stay logged in. In production TLS ends at the reverse proxy and the cookies stay Secure."""
from config import ProductionConfig
from reviewapp import create_app


class PlainHttpProductionConfig(ProductionConfig):
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


app = create_app(PlainHttpProductionConfig)
