"""Configuration classes. Every setting can come from the environment."""
import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def _env_optional_int(name: str) -> int | None:
    value = os.environ.get(name)
    return int(value) if value else None


# Public (it is in the source): only the development configuration (scripts/run-demo.sh) and the tests may use it.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"
MIN_SECRET_KEY_LENGTH = 32
# Public too: the audit chain's key for development and the tests only (production requires its own AUDIT_KEY).
DEVELOPMENT_AUDIT_KEY = "dev-only-audit-key-not-secret"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'reviewapp.sqlite'}"
    )
    # pre-ping: a restarted PostgreSQL must not leave dead connections in the pool.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # Sessions (issue 13, item 2), ended on the server: an idle limit by role (the office's shorter), an absolute
    # lifetime, and remember-me bounded; a warning this many minutes before an idle end on every page.
    SESSION_IDLE_MINUTES_OFFICE = _env_int("SESSION_IDLE_MINUTES_OFFICE", 30)
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 120)
    SESSION_MAX_HOURS = _env_int("SESSION_MAX_HOURS", 12)
    REMEMBER_DAYS = _env_int("REMEMBER_DAYS", 7)
    SESSION_WARNING_MINUTES = _env_int("SESSION_WARNING_MINUTES", 5)
    REMEMBER_COOKIE_DURATION = timedelta(days=REMEMBER_DAYS)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh": "简体中文", "en": "English"}
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    # Per file, checked with a clear message; the request limit leaves room for the rest of the form.
    MAX_UPLOAD_BYTES = _env_int("MAX_UPLOAD_MB", 50) * 1024 * 1024
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES + 1024 * 1024
    # Issue 13 item 6: forms' texts. One text part of a form with files (Flask's default 500 kB): the longest text
    # allowed, 20,000 characters (reviewapp/domain/limits.py), is 60 kB in UTF-8. A form without a file
    # (url-encoded: a Chinese character takes 9 bytes) as a whole: a panel report filled to every limit is 2.3 MB.
    MAX_FORM_MEMORY_SIZE = 128 * 1024
    MAX_FORM_BYTES = 3 * 1024 * 1024
    # Login throttling (issue 13, item 5; reviewapp/domain/login_throttle.py): after the free failures within the
    # window, each attempt on the account / from the address waits 2 s, doubled per failure, up to the cap. The
    # account's cap stays low so that strangers cannot lock a user out; an address the account logged in from
    # within LOGIN_KNOWN_ADDRESS_DAYS is not held back by the account's delay.
    LOGIN_ACCOUNT_FREE_FAILURES = _env_int("LOGIN_ACCOUNT_FREE_FAILURES", 5)
    LOGIN_ACCOUNT_MAX_DELAY_SECONDS = _env_int("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", 120)
    LOGIN_ADDRESS_FREE_FAILURES = _env_int("LOGIN_ADDRESS_FREE_FAILURES", 10)
    LOGIN_ADDRESS_MAX_DELAY_SECONDS = _env_int("LOGIN_ADDRESS_MAX_DELAY_SECONDS", 3600)
    LOGIN_FAILURE_WINDOW_MINUTES = _env_int("LOGIN_FAILURE_WINDOW_MINUTES", 60)
    LOGIN_KNOWN_ADDRESS_DAYS = _env_int("LOGIN_KNOWN_ADDRESS_DAYS", 30)
    # Second factor (TOTP): minutes between the right password and the code; whether every office account must
    # have one (production); the key that encrypts the TOTP secrets in the database (a Fernet key; without it a
    # key is derived from SECRET_KEY).
    LOGIN_SECOND_FACTOR_MINUTES = _env_int("LOGIN_SECOND_FACTOR_MINUTES", 5)
    REQUIRE_OFFICE_TOTP = False
    TOTP_KEY = os.environ.get("TOTP_KEY")
    PASSWORD_MIN_LENGTH = _env_int("PASSWORD_MIN_LENGTH", 10)
    # issue 16: a forgotten password is reset by a link mailed to the address of the user's expert record, valid
    # this long and once (it names the password it replaces)
    PASSWORD_RESET_MINUTES = _env_int("PASSWORD_RESET_MINUTES", 60)
    # issue 17: the invitation mailed to an expert whose account the office created: a link to set the first
    # password, made like the reset link (once), valid this many days
    INVITATION_DAYS = _env_int("INVITATION_DAYS", 7)
    # argon2id's cost (reviewapp/domain/passwords.py); unset: argon2's own defaults, which production keeps.
    PASSWORD_HASH_TIME_COST = _env_optional_int("PASSWORD_HASH_TIME_COST")
    PASSWORD_HASH_MEMORY_COST = _env_optional_int("PASSWORD_HASH_MEMORY_COST")  # KiB
    PASSWORD_HASH_PARALLELISM = _env_optional_int("PASSWORD_HASH_PARALLELISM")
    # Behind a reverse proxy (issue 13 item 1): how many proxies in front of the app set X-Forwarded-For/-Proto/
    # -Host. 0 trusts no such header (the app faces the clients); 1 for one nginx in front. Too high a number lets
    # clients choose their address, and with it the rate limits of the public forms and the login.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)
    # Logging (reviewapp/logs.py, issue 14): the level, and "text" or "json" (one JSON object a line) on stderr.
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    # The public forms' proof of work (reviewapp/domain/challenge.py): the counter the browser must find is drawn
    # below ALTCHA_MAX_NUMBER, each try costing ALTCHA_COST PBKDF2 iterations. The signing key defaults to one
    # derived from SECRET_KEY. Filings and failed checks per client and hour, and the public's evidence per day.
    # (5000, 500): about a second in a desktop Chromium, a few on a phone, over a second of CPU per filing for a
    # script (the browser's PBKDF2 is native; fewer, dearer tries favour it over scripts).
    ALTCHA_MAX_NUMBER = _env_int("ALTCHA_MAX_NUMBER", 5_000)
    ALTCHA_COST = _env_int("ALTCHA_COST", 500)
    ALTCHA_HMAC_KEY = os.environ.get("ALTCHA_HMAC_KEY")
    SUBMISSION_RATE_LIMIT = _env_int("SUBMISSION_RATE_LIMIT", 5)
    SUBMISSION_FAILED_CHECK_LIMIT = _env_int("SUBMISSION_FAILED_CHECK_LIMIT", 10)
    EVIDENCE_DAILY_QUOTA_MB = _env_int("EVIDENCE_DAILY_QUOTA_MB", 500)
    AUDIT_PAGE_SIZE = 50
    SHEET_AUTOSAVE_SECONDS = _env_int("SHEET_AUTOSAVE_SECONDS", 30)  # issue 17: a draft sheet saves itself this often
    # The audit chain's HMAC key (issue 13 item 3): outside the database and not SECRET_KEY, so that write access
    # to the database cannot rewrite the trail unnoticed. Required in production.
    AUDIT_KEY = os.environ.get("AUDIT_KEY")
    # Encrypted backups (issue 13 item 8): the base64 of 32 random bytes, in the environment or a file
    # (`flask backup-key`). Production refuses a plain backup unless `flask backup --unencrypted` says so.
    BACKUP_KEY = os.environ.get("BACKUP_KEY")
    BACKUP_KEY_FILE = os.environ.get("BACKUP_KEY_FILE")
    BACKUP_ENCRYPTION_REQUIRED = False
    # Notifications (issue 16, reviewapp/notifications/): `flask notify send` delivers the outbox. MAIL_BACKEND: "smtp"
    # (production), "file" (one .eml file per mail under MAIL_FILE_FOLDER: development and the demo) or "console"
    # (the log). SMTP: MAIL_USE_TLS is STARTTLS on MAIL_PORT (587), MAIL_USE_SSL is TLS from the start (465); the
    # login only if MAIL_USERNAME is set. PUBLIC_URL is where the mails' links point (the address people use).
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_HOST = os.environ.get("MAIL_HOST", "localhost")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_flag("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_flag("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "本溪市市长质量奖办公室 <noreply@localhost>")
    MAIL_TIMEOUT_SECONDS = _env_int("MAIL_TIMEOUT_SECONDS", 30)
    MAIL_FILE_FOLDER = os.environ.get("MAIL_FILE_FOLDER", str(INSTANCE_DIR / "mail"))
    SMS_BACKEND = os.environ.get("SMS_BACKEND", "log")  # no provider yet: the log only
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://localhost:5000")
    # The sender's retries (reviewapp/domain/delivery.py): the first wait, doubled per failure up to the longest;
    # failed for good after the maximum of attempts. A run sends at most NOTIFY_BATCH messages: about 50 s at the
    # 100 mails/s measured against a local server (bench/notify.py), within the timer's minute.
    NOTIFY_MAX_ATTEMPTS = _env_int("NOTIFY_MAX_ATTEMPTS", 8)
    NOTIFY_FIRST_RETRY_SECONDS = _env_int("NOTIFY_FIRST_RETRY_SECONDS", 60)
    NOTIFY_MAX_RETRY_SECONDS = _env_int("NOTIFY_MAX_RETRY_SECONDS", 6 * 3600)
    NOTIFY_BATCH = _env_int("NOTIFY_BATCH", 5000)
    TODAY = None  # a fixed date for "today" (tests only); None means the real date in Benxi
    DEMO_DATA_ALLOWED = False  # `flask demo`: development and tests only (issue 13 item 4)


class DevelopmentConfig(Config):
    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
    AUDIT_KEY = os.environ.get("AUDIT_KEY") or DEVELOPMENT_AUDIT_KEY
    DEMO_DATA_ALLOWED = True  # `flask demo` creates accounts with the public demo password
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")  # nothing leaves the machine: the mails are files


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing"
    AUDIT_KEY = DEVELOPMENT_AUDIT_KEY
    DEMO_DATA_ALLOWED = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False  # request tests opt back in where CSRF itself is tested
    ALTCHA_MAX_NUMBER, ALTCHA_COST = 20, 1  # the real protocol, at a cost tests (and the fuzzing) solve at once
    # argon2id at its smallest cost: a hash takes a millisecond instead of a tenth of a second, in hundreds of
    # logins. tests/auth/test_password_hashing.py checks the production cost.
    PASSWORD_HASH_TIME_COST, PASSWORD_HASH_MEMORY_COST, PASSWORD_HASH_PARALLELISM = 1, 8, 1
    MAIL_BACKEND = "console"  # the mail tests start their own SMTP server and point MAIL_HOST/MAIL_PORT at it
    PUBLIC_URL = "http://reviewapp.test"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REQUIRE_OFFICE_TOTP = os.environ.get("REQUIRE_OFFICE_TOTP", "1") != "0"
    BACKUP_ENCRYPTION_REQUIRED = True

    @classmethod
    def validate(cls) -> None:
        key = cls.SECRET_KEY or ""
        if len(key) < MIN_SECRET_KEY_LENGTH or key == DEVELOPMENT_SECRET_KEY:
            raise RuntimeError(
                f"SECRET_KEY must be set in production to a random string of at least {MIN_SECRET_KEY_LENGTH} "
                "characters, e.g. the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(48))' "
                "(see README).")
        audit_key = cls.AUDIT_KEY or ""
        if len(audit_key) < MIN_SECRET_KEY_LENGTH or audit_key in (DEVELOPMENT_AUDIT_KEY, key):
            raise RuntimeError(
                f"AUDIT_KEY must be set in production to a random string of at least {MIN_SECRET_KEY_LENGTH} "
                "characters, different from SECRET_KEY (it keys the audit trail's hash chain), e.g. the output of: "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))' (see README).")
        if cls.TOTP_KEY and not _is_fernet_key(cls.TOTP_KEY):
            raise RuntimeError(
                "TOTP_KEY must be a Fernet key (it encrypts the second factor's secrets; issue 13 item 5), e.g. the "
                "output of: python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
                " (see README).")


def _is_fernet_key(value: str) -> bool:
    """32 bytes in URL-safe base64, as Fernet wants them."""
    import base64
    import binascii

    try:
        return len(base64.urlsafe_b64decode(value.encode())) == 32
    except (binascii.Error, ValueError):
        return False


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


class SchemaConfig(Config):
    """For `flask db ...` alone when no configuration is named: Alembic's commands read and change the schema of
    DATABASE_URL and sign nothing, serve nothing and write no audit entry, so they need no secret. The keys are
    random, thrown away with the process; the demo stays refused."""

    SECRET_KEY = secrets.token_urlsafe(48)
    AUDIT_KEY = secrets.token_urlsafe(48)


# `flask` options that take a value, before the command's name
_FLASK_OPTIONS_WITH_VALUE = {"--app", "-A", "--env-file", "-e"}


def schema_command(argv: list[str]) -> bool:
    """Whether this process is `flask [options] db ...` (the console script, or `python -m flask`)."""
    if not argv or not (Path(argv[0]).name == "flask" or argv[0].endswith("flask/__main__.py")):
        return False
    args = iter(argv[1:])
    for arg in args:
        if arg in _FLASK_OPTIONS_WITH_VALUE:
            next(args, None)
        elif not arg.startswith("-"):
            return arg == "db"
    return False


def config_from_env(argv: list[str] | None = None) -> type[Config]:
    """Issue 13 item 4: no silent default. Without REVIEWAPP_ENV the app refuses to start rather than run the
    development configuration (public SECRET_KEY, debugger) by accident; only run-demo.sh chooses development.
    The schema commands (`flask db ...`) are the exception: they need no secret (SchemaConfig)."""
    name = os.environ.get("REVIEWAPP_ENV")
    if name is None and schema_command(sys.argv if argv is None else argv):
        return SchemaConfig
    if name not in CONFIGS:
        raise RuntimeError(
            f"REVIEWAPP_ENV must name the configuration, not {name!r}: REVIEWAPP_ENV=production (with SECRET_KEY "
            "set; see README), or REVIEWAPP_ENV=development for the local demo only (scripts/run-demo.sh).")
    return CONFIGS[name]
