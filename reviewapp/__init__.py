"""The application factory."""
from importlib import import_module
from pathlib import Path

from flask import Flask, request, session
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import config_from_env
from reviewapp import logs, security
from reviewapp.wrappers import CleanRequest


def create_app(config_class=None) -> Flask:
    config_class = config_class or config_from_env()
    if hasattr(config_class, "validate"):
        config_class.validate()
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True)
    app.request_class = CleanRequest
    app.config.from_object(config_class)
    logs.init_app(app)  # first: every later before_request, even one that refuses, has a request id
    _trust_proxies(app)
    _ensure_instance_folder(app)
    register_extensions(app)
    security.init_app(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Issue 13 item 1: behind TRUSTED_PROXIES reverse proxies, request.remote_addr (the public forms' and the
    login's limits), the scheme and the host are the client's, from the proxies' X-Forwarded-* headers; with 0,
    such headers are ignored, so a client cannot choose its address."""
    trusted = int(app.config.get("TRUSTED_PROXIES") or 0)
    if trusted > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=trusted)


def _ensure_instance_folder(app: Flask) -> None:
    from reviewapp.private_files import keep_private

    keep_private(app)  # issue 13 item 4: folders 0700, files 0600


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys, use WAL so readers don't block the writer, wait instead of failing on locks."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def select_locale() -> str:
    """The user's saved preference, else the one chosen in this session, else the browser's, else Chinese."""
    from flask import current_app

    languages = list(current_app.config["LANGUAGES"])
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def register_extensions(app: Flask) -> None:
    from reviewapp.extensions import babel, csrf, db, login_manager, migrate
    from reviewapp.permissions import enforce_access

    db.init_app(app)
    # render_as_batch: SQLite can only ALTER tables by copying them; Alembic's batch mode does that.
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "warning"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to see this page.")

    from reviewapp.auth import hashing, sessions

    hashing.init_app(app)  # argon2id at the configured cost
    sessions.init_app(app)  # the user_loader: server-side sessions, their timeouts and their end (issue 13, item 2)
    app.before_request(enforce_access)


def register_blueprints(app: Flask) -> None:
    from reviewapp import converters

    converters.register(app)  # before any route: every <int:...> is bounded (issue 13 item 6)
    from reviewapp.accounts.routes import bp as accounts_bp
    from reviewapp.admin.routes import bp as admin_bp
    from reviewapp.applications.routes import bp as applications_bp
    from reviewapp.auth.routes import bp as auth_bp
    from reviewapp.awards.routes import bp as awards_bp
    from reviewapp.conflicts.routes import bp as conflicts_bp
    from reviewapp.cycles.routes import bp as cycles_bp
    from reviewapp.duplicates.routes import bp as duplicates_bp
    from reviewapp.experts.routes import bp as experts_bp
    from reviewapp.graph.routes import bp as graph_bp
    from reviewapp.graph_import.routes import bp as graph_import_bp
    from reviewapp.health import bp as health_bp
    from reviewapp.help.routes import bp as help_bp
    from reviewapp.investigations.routes import bp as investigations_bp
    from reviewapp.leading.routes import bp as leading_bp
    from reviewapp.main.routes import bp as main_bp
    from reviewapp.notices.routes import bp as notices_bp
    from reviewapp.notifications.routes import bp as notifications_bp
    from reviewapp.online.routes import bp as online_bp
    from reviewapp.organizations.routes import bp as organizations_bp
    from reviewapp.panels.routes import bp as panels_bp
    from reviewapp.recusals.routes import bp as recusals_bp
    from reviewapp.reviews.evaluation.routes import bp as evaluation_bp
    from reviewapp.reviews.reports.routes import bp as reports_bp
    from reviewapp.reviews.scoring.routes import bp as scoring_bp
    from reviewapp.search.routes import bp as search_bp
    from reviewapp.submissions.routes import bp as submissions_bp
    from reviewapp.tracking.routes import bp as tracking_bp
    from reviewapp.winners.routes import bp as winners_bp
    # Views that live beside routes.py add themselves to its blueprint when imported: import them before registering.
    for module in ("reviewapp.auth.second_factor_routes", "reviewapp.reviews.evaluation.exports",
                   "reviewapp.reviews.scoring.exports"):
        import_module(module)

    app.register_blueprint(main_bp)
    app.register_blueprint(health_bp)  # /healthz, for the load balancer
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(cycles_bp, url_prefix="/cycles")
    app.register_blueprint(organizations_bp, url_prefix="/organizations")
    app.register_blueprint(applications_bp, url_prefix="/applications")
    app.register_blueprint(notices_bp, url_prefix="/notices")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")  # issue 16
    app.register_blueprint(conflicts_bp, url_prefix="/conflicts")
    app.register_blueprint(graph_import_bp, url_prefix="/imports")
    app.register_blueprint(graph_bp, url_prefix="/graph")
    app.register_blueprint(duplicates_bp, url_prefix="/duplicates")
    app.register_blueprint(experts_bp, url_prefix="/experts")
    app.register_blueprint(search_bp, url_prefix="/search")  # issue 17
    app.register_blueprint(help_bp, url_prefix="/help")  # issue 17
    app.register_blueprint(panels_bp, url_prefix="/panels")
    app.register_blueprint(leading_bp, url_prefix="/leading")
    app.register_blueprint(submissions_bp, url_prefix="/submissions")
    app.register_blueprint(investigations_bp, url_prefix="/investigations")
    app.register_blueprint(awards_bp, url_prefix="/awards")
    app.register_blueprint(accounts_bp, url_prefix="/accounts")  # issue 18: organizations' and recommenders' logins
    app.register_blueprint(online_bp, url_prefix="/online")  # issue 18: applying online, the recommender's opinion
    app.register_blueprint(tracking_bp, url_prefix="/my")  # issue 18: an organization follows its applications
    app.register_blueprint(winners_bp, url_prefix="/winners")  # the register of winners (Art. 6, 10, 26-29)
    app.register_blueprint(recusals_bp, url_prefix="/recusals")  # issue 18: organizations' recusal requests (Art. 33)
    app.register_blueprint(scoring_bp, url_prefix="/reviews")  # the review's three blueprints share /reviews
    app.register_blueprint(reports_bp, url_prefix="/reviews")
    app.register_blueprint(evaluation_bp, url_prefix="/reviews")


def register_errorhandlers(app: Flask) -> None:
    from flask import flash, redirect, render_template, request, url_for
    from flask_babel import gettext as _
    from flask_wtf.csrf import CSRFError
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm.exc import StaleDataError

    from reviewapp.extensions import db

    def render_error(error):
        code = getattr(error, "code", 500) or 500
        if code >= 500:
            db.session.rollback()
        return render_template(f"errors/{code}.html", error=error), code

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, render_error)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/400.html", error=error, csrf=True), 400

    @app.errorhandler(StaleDataError)
    def stale_save(error):
        """Two people saved the same record at once and the database's version check caught the second: nothing
        of it was written; show the record as it now is, with a message, instead of an error page."""
        db.session.rollback()
        app.logger.warning("two saves at once, the second refused: %s", error)
        flash(_("Someone else saved this record at the same time. Nothing was saved here: the page shows the "
                "record as it is now; make your change again."), "danger")
        return redirect(request.url if request.method == "GET" else (request.referrer or url_for("main.index")))

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        """The database cannot be reached (a restart, a network cut): a plain page that needs no database, and
        the client is told to retry; the pool's pre-ping reconnects by itself afterwards."""
        db.session.rollback()
        app.logger.error("the database did not answer: %s", logs.database_error(error))
        return render_template("errors/503.html"), 503, {"Retry-After": "10"}


def _request_translations():
    """Flask-Babel's translations for this request, looked up once: its own template callables look them up (the
    context, the locale, the cache) on every call, and a page makes dozens."""
    from flask import g
    from flask_babel import get_translations

    translations = g.get("_template_translations")
    if translations is None:
        translations = g._template_translations = get_translations()
    return translations


@pass_context
def _template_gettext(context, string: str, **variables):
    translated = _request_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


def _template_url_for(app: Flask):
    """url_for for templates, remembering per process the URLs that take no value but the static file's name
    (issue 19: the layout asks for about twenty on every page, each costing a build by the URL map). Such a URL
    depends only on the route and the application's root under the proxy, which is part of the key; the app
    registers no url_defaults that could change it. Anything else (values, _external, a blueprint-relative
    endpoint) is built as usual."""
    from flask import has_request_context, url_for

    known: dict[tuple, str] = {}

    def cached(endpoint: str, **values) -> str:
        if (endpoint.startswith(".") or (values and (endpoint != "static" or set(values) != {"filename"}))
                or not has_request_context()):  # mails and PDFs rendered outside a request: as usual
            return url_for(endpoint, **values)
        key = (endpoint, values.get("filename"), request.script_root)
        url = known.get(key)
        if url is None:
            url = known[key] = url_for(endpoint, **values)
        return url

    return cached


def register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    app.jinja_env.globals["url_for"] = _template_url_for(app)

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _request_translations().ugettext(s),
        ngettext=lambda s, p, n: _request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: _request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _request_translations().unpgettext(c, s, p, n),
        newstyle=True)
    # _() and gettext() in one call: Jinja's alias resolves "gettext" and calls it through the context, which calls
    # the translation function through the context again; a page makes dozens (issue 19). The same result: the
    # translation as markup under autoescape, always %-formatted with the variables (new-style gettext).
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = _template_gettext

    from reviewapp import audit_labels, domain_text, permissions
    from reviewapp.charts import text_lines
    from reviewapp.city_calendar import city_date
    from reviewapp.deadline_text import deadline, due_text, overdue_text, report_due_on, sheet_due_on
    from reviewapp.domain import limits
    from reviewapp.domain.industry import industry_label
    from reviewapp.models import ApplicationStatus, AwardKind, Role
    from reviewapp.models.labelled_enum import label
    from reviewapp.notifications.queries import unread_count

    app.add_template_filter(audit_labels.readable_json, "readable_json")
    app.add_template_filter(domain_text.reason_label, "reason_label")
    app.add_template_filter(industry_label, "industry")
    app.add_template_filter(text_lines, "lines")
    app.add_template_filter(city_date, "city_date")
    # also globals: macros imported without context (e.g. awards/_money.html through another macro file) see them
    app.jinja_env.globals.update(label=label, explain=domain_text.explain, AwardKind=AwardKind,
                                 deadline=deadline, due_text=due_text, overdue_text=overdue_text,  # issue 16
                                 sheet_due_on=sheet_due_on, report_due_on=report_due_on)

    @app.context_processor
    def inject_helpers():
        return {"Role": Role, "ApplicationStatus": ApplicationStatus, "AwardKind": AwardKind,
                "has_role": permissions.has_role, "languages": app.config["LANGUAGES"],
                "action_label": audit_labels.action_label,
                "object_type_label": audit_labels.object_type_label, "audit_details": audit_labels.audit_details,
                "label": label, "explain": domain_text.explain, "article_label": domain_text.article_label,
                "current_locale": str(get_locale()), "limits": limits, "unread_count": unread_count,
                **permissions.template_predicates()}


def register_cli(app: Flask) -> None:
    from reviewapp.commands import register

    register(app)
