"""Issue 13 item 4, safe by default: no configuration is chosen by accident, production needs a real SECRET_KEY,
what the app writes is readable by its owner only, and the demo (public password) never runs in production."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

import config
from config import DEVELOPMENT_SECRET_KEY, DevelopmentConfig, ProductionConfig, TestingConfig, config_from_env
from reviewapp import create_app
from reviewapp.extensions import db as _db
from reviewapp.models import User
from tests.graph_import.test_imports import check as import_check
from tests.graph_import.test_imports import workbook

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k" * 48


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- choosing the configuration -------------------------------------------------------------------------------

def test_item4_without_reviewapp_env_the_app_refuses_to_start_and_says_what_to_set(monkeypatch):
    monkeypatch.delenv("REVIEWAPP_ENV", raising=False)
    with pytest.raises(RuntimeError, match="REVIEWAPP_ENV=production"):
        config_from_env()


def test_item4_an_unknown_reviewapp_env_is_refused(monkeypatch):
    monkeypatch.setenv("REVIEWAPP_ENV", "prod")
    with pytest.raises(RuntimeError, match="REVIEWAPP_ENV"):
        config_from_env()


@pytest.mark.parametrize("name, chosen", [("production", "ProductionConfig"), ("development", "DevelopmentConfig")])
def test_reviewapp_env_chooses_the_configuration(monkeypatch, name, chosen):
    monkeypatch.setenv("REVIEWAPP_ENV", name)
    # looked up now: tests/test_config.py reloads the config module, which makes new class objects
    assert config_from_env() is getattr(config, chosen)


def test_item4_the_wsgi_entry_point_refuses_to_start_without_reviewapp_env(tmp_path):
    """What gunicorn and `flask --app wsgi` load: the refusal names the setting, and nothing is created."""
    env = {key: value for key, value in os.environ.items() if key not in ("REVIEWAPP_ENV", "SECRET_KEY")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'never.sqlite'}"
    done = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0
    assert "REVIEWAPP_ENV must name the configuration" in done.stderr
    assert not (tmp_path / "never.sqlite").exists()


@pytest.mark.parametrize("key", [None, "", DEVELOPMENT_SECRET_KEY, "short-but-set"])
def test_item4_production_refuses_a_missing_public_or_short_secret_key(key):
    class Production(ProductionConfig):
        SECRET_KEY = key

    with pytest.raises(RuntimeError, match="SECRET_KEY must be set in production"):
        create_app(Production)


def test_the_development_key_is_only_in_development_and_the_tests(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    import importlib

    fresh = importlib.reload(config)
    try:
        assert fresh.Config.SECRET_KEY is None and fresh.ProductionConfig.SECRET_KEY is None
        assert fresh.DevelopmentConfig.SECRET_KEY == DEVELOPMENT_SECRET_KEY
    finally:
        importlib.reload(config)


def test_run_demo_chooses_development_explicitly():
    script = (ROOT / "scripts/run-demo.sh").read_text()
    assert "export REVIEWAPP_ENV=development" in script
    assert script.index("export REVIEWAPP_ENV=development") < script.index("flask --app wsgi db upgrade")


# --- flask demo -----------------------------------------------------------------------------------------------

@pytest.fixture
def production_app(app):
    class Production(ProductionConfig):
        SECRET_KEY = REAL_KEY
        AUDIT_KEY = "a" * 48  # issue 13 item 3 requires it in production too
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        UPLOAD_FOLDER = app.config["UPLOAD_FOLDER"]

    production = create_app(Production)
    yield production
    with production.app_context():
        _db.session.remove()
        _db.engine.dispose()


def test_item4_flask_demo_refuses_in_production_and_creates_nothing(production_app, db):
    with production_app.app_context():  # the command runs in the app whose context is current
        result = production_app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "demo data is for the local demo only" in result.output and "Nothing was created" in result.output
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_flask_demo_still_runs_where_it_is_chosen(app):
    assert app.config["DEMO_DATA_ALLOWED"] and DevelopmentConfig.DEMO_DATA_ALLOWED
    assert not ProductionConfig.DEMO_DATA_ALLOWED and not config.Config.DEMO_DATA_ALLOWED


# --- file modes -----------------------------------------------------------------------------------------------

@pytest.fixture
def fresh_instance(tmp_path, database_url):
    """An app on a new SQLite file and a new upload folder, as after installing."""
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite file's mode")

    class Fresh(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'data' / 'reviewapp.sqlite'}"
        UPLOAD_FOLDER = str(tmp_path / "uploads")

    (tmp_path / "data").mkdir(mode=0o755)
    fresh = create_app(Fresh)
    yield fresh, tmp_path
    with fresh.app_context():
        _db.session.remove()
        _db.engine.dispose()


def test_item4_flask_db_upgrade_creates_the_database_for_its_owner_only(fresh_instance):
    fresh, folder = fresh_instance
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    database = folder / "data" / "reviewapp.sqlite"
    with fresh.app_context():  # a connection in WAL mode makes the -wal and -shm files
        with _db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
            companions = [Path(f"{database}{suffix}") for suffix in ("-wal", "-shm")]
            assert all(path.exists() for path in companions)
            assert {path.name: mode(path) for path in [database, *companions]} == {
                path.name: 0o600 for path in [database, *companions]}
    assert mode(folder / "uploads") == 0o700
    assert mode(Path(fresh.instance_path)) == 0o700


def test_item4_an_existing_world_readable_database_and_folders_are_tightened_at_start(tmp_path, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite file's mode")
    database, uploads = tmp_path / "old.sqlite", tmp_path / "uploads"
    database.touch()
    database.chmod(0o644)
    uploads.mkdir()
    uploads.chmod(0o755)

    class Old(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
        UPLOAD_FOLDER = str(uploads)

    old = create_app(Old)
    assert (mode(database), mode(uploads)) == (0o600, 0o700)
    with old.app_context():
        _db.engine.dispose()


def test_item4_files_a_request_writes_are_for_the_owner_only(app, client, office):
    """The office's import check keeps the file (reviewapp/graph_import): the folder 0700, the file 0600."""
    data = workbook()
    response = import_check(client, data)
    assert response.status_code == 200
    imports = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    kept = list(imports.iterdir())
    assert kept and all(mode(path) == 0o600 for path in kept)
    assert mode(imports) == 0o700 and mode(Path(app.config["UPLOAD_FOLDER"])) == 0o700


def test_private_folder_leaves_someone_elses_folder_alone(tmp_path, monkeypatch):
    from reviewapp import private_files

    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    someone_else = os.geteuid() + 1
    monkeypatch.setattr(private_files.os, "geteuid", lambda: someone_else)
    private_files.private_folder(folder)
    assert mode(folder) == 0o755


@pytest.mark.parametrize("argv, schema", [
    (["/srv/.venv/bin/flask", "--app", "wsgi", "db", "check"], True),
    (["/srv/.venv/bin/flask", "-A", "wsgi", "db", "upgrade"], True),
    (["/usr/lib/python3/site-packages/flask/__main__.py", "db", "current"], True),
    (["/srv/.venv/bin/flask", "--app", "db", "run"], False),  # an app named "db" is not the db command
    (["/srv/.venv/bin/flask", "--app", "wsgi", "demo"], False),
    (["/srv/.venv/bin/flask", "--app", "wsgi", "create-user", "db"], False),
    (["/srv/.venv/bin/gunicorn", "db"], False),
    ([], False),
])
def test_item4_only_the_schema_commands_run_without_a_named_configuration(monkeypatch, argv, schema):
    """`flask db ...` signs nothing and serves nothing, so it needs no secret; anything else must name its
    configuration."""
    monkeypatch.delenv("REVIEWAPP_ENV", raising=False)
    if schema:
        chosen = config_from_env(argv)
        assert chosen is config.SchemaConfig and not chosen.DEMO_DATA_ALLOWED
        assert chosen.SECRET_KEY != DEVELOPMENT_SECRET_KEY and chosen.AUDIT_KEY != config.DEVELOPMENT_AUDIT_KEY
    else:
        with pytest.raises(RuntimeError, match="REVIEWAPP_ENV must name the configuration"):
            config_from_env(argv)


def test_item4_flask_db_upgrade_runs_without_reviewapp_env_but_other_commands_refuse(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("REVIEWAPP_ENV", "SECRET_KEY")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'schema.sqlite'}"
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
    upgraded = subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
    assert upgraded.returncode == 0, upgraded.stderr
    checked = subprocess.run(flask + ["db", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "No new upgrade operations detected" in checked.stdout + checked.stderr
    refused = subprocess.run(flask + ["create-user", "x", "--role", "office", "--password", "p"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "REVIEWAPP_ENV must name the configuration" in refused.stderr
