"""Server-side sessions on the request side (issue 13, item 2). A login starts a UserSession row; the browser holds
its random token (in the signed session cookie and, when remembered, the remember-me cookie) and the database only
its hash. Every request loads its user through that row in one query; the row's end (logout, "log out everywhere",
a password change, a deactivation, the idle limit, the lifetime) makes both cookies worthless at once."""
import hmac
from datetime import datetime, timedelta
from functools import cache, lru_cache

from flask import Flask, current_app, flash, g, jsonify, redirect, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_url
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from reviewapp import audit
from reviewapp.conflicts import graph_version
from reviewapp.domain.sessions import Ending, SessionPolicy, SessionState, new_token, session_state, token_hash
from reviewapp.extensions import db, login_manager
from reviewapp.models import Role, User, UserRole, UserSession
from reviewapp.models.base import utcnow
from reviewapp.notifications.queries import unread_of

ENDING_ACTIONS = {Ending.IDLE: "session_idle_ended", Ending.LIFETIME: "session_lifetime_ended"}


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.before_request(load_user_first)
    app.context_processor(lambda: {"session_clock": session_clock})


def policy() -> SessionPolicy:
    cfg = current_app.config
    return SessionPolicy(idle_office=timedelta(minutes=cfg["SESSION_IDLE_MINUTES_OFFICE"]),
                         idle_others=timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]),
                         lifetime=timedelta(hours=cfg["SESSION_MAX_HOURS"]),
                         remember_lifetime=timedelta(days=cfg["REMEMBER_DAYS"]))


def state_of(record: UserSession, now: datetime) -> SessionState:
    idle = policy().idle_limit(record.user.has_role(Role.OFFICE), record.remember)
    return session_state(record.last_seen_at, record.expires_at, idle, now)


# --- starting and ending --------------------------------------------------------------------------------------

def start(user: User, remember: bool) -> UserSession:
    """A new session for a user who has just proved who they are; commits. Sessions that ran out and were never
    used again are cleared on the way (their rows hold no secret, only clutter)."""
    now = utcnow()
    db.session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    token = new_token()
    record = UserSession(user=user, token_hash=token_hash(token), created_at=now, last_seen_at=now,
                         expires_at=policy().expires_at(now, remember), remember=remember,
                         user_agent=(request.user_agent.string or "")[:200] or None)
    db.session.add(record)
    db.session.commit()
    _attach(user, record, token)
    return record


def end_all(user: User, keep: UserSession | None = None) -> int:
    """Delete the user's sessions (all but `keep`, the one in use, when given); the caller audits and commits.
    Returns how many ended."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    return db.session.execute(stmt).rowcount


def end(record: UserSession | None) -> None:
    if record is not None:
        db.session.execute(delete(UserSession).where(UserSession.id == record.id))


def _attach(user: User, record: UserSession, token: str) -> None:
    user.current_session, user.session_token = record, token


# --- every request ---------------------------------------------------------------------------------------------

@cache
def _session_query():
    """The user loader's statement, built once per process: building it (the operators, the subqueries) and
    computing its cache key cost more than running it, on every request (issue 19). The session row and its user
    as two plain entities, the roles as one aggregated column: a joined collection costs the ORM a nested row
    processor on every request."""
    roles = (select(func.aggregate_strings(UserRole.role, ",")).where(UserRole.user_id == UserSession.user_id)
             .scalar_subquery())
    return (select(UserSession, User, unread_of(UserSession.user_id), roles, *graph_version.columns())
            .join(User, User.id == UserSession.user_id).where(UserSession.token_hash == bindparam("digest"))
            .options(lazyload(User.role_links)))  # only if set_roles asks for them


def load_user(token: str) -> User | None:
    """Flask-Login's user_loader, for the session cookie and the remember-me cookie alike: the session row and its
    user (with the roles and the count of unread notices the navbar shows) in one query."""
    digest = token_hash(token)
    row = db.session.execute(_session_query(), {"digest": digest}).one_or_none()
    if row is None or not hmac.compare_digest(row[0].token_hash, digest):
        _forget_cookies()
        return None
    record, user, unread, roles, graph_token, graph_seq = row
    set_committed_value(record, "user", user)
    user.roles_on_load = frozenset(Role(role) for role in roles.split(",")) if roles else frozenset()
    now = utcnow()
    state = state_of(record, now)
    if state.ended is not None or not user.active:
        _end_on_use(record, state.ended)
        return None
    if state.touch:
        _touch(record, now)
    _attach(user, record, token)
    user.unread_on_load = unread
    graph_version.keep_read(graph_version.of_columns(graph_token, graph_seq))
    return user


def load_user_first() -> None:
    """Load the user before the view runs, also on public pages: a session that ran out is ended (a write and a
    commit) before the view has anything of its own in the transaction. Then say why, in the visitor's language
    (the loader itself cannot translate: choosing the language asks for the user being loaded)."""
    if request.endpoint == "static":
        return
    current_user._get_current_object()
    ended = g.get("session_ended")
    if ended is not None and not g.get("session_end_told"):
        ending, minutes = ended
        if ending is Ending.IDLE:
            flash(_("You were logged out after %(minutes)s minutes without activity. Please log in again.",
                    minutes=minutes), "warning")
        else:
            flash(_("Your session reached its maximum length. Please log in again."), "warning")
        g.session_end_told = True


def _touch(record: UserSession, now: datetime) -> None:
    """Record activity in its own short transaction: the request's transaction stays read-only (a GET commits
    nothing), and the loaded row is not expired by a commit."""
    with db.engine.begin() as connection:
        connection.execute(update(UserSession).where(UserSession.id == record.id).values(last_seen_at=now))
    set_committed_value(record, "last_seen_at", now)


def _end_on_use(record: UserSession, ending: Ending | None) -> None:
    """The session ran out (or its user was deactivated): delete it, audit why, and tell the user on the login
    page why they must log in again."""
    user = record.user
    idle = policy().idle_limit(user.has_role(Role.OFFICE), record.remember)
    # a statement, not the ORM's delete: two requests of the same browser may find the same session ended at once;
    # only the one that deleted the row records it
    deleted = db.session.execute(delete(UserSession).where(UserSession.id == record.id)).rowcount
    if ending is not None and deleted:
        audit.record(ENDING_ACTIONS[ending], user, user=user)
    db.session.commit()
    if ending is not None:
        g.session_ended = (ending, int(idle.total_seconds() // 60) if idle else 0)
    _forget_cookies()


def _forget_cookies() -> None:
    """A token that opens nothing: drop it from the session, and have Flask-Login delete the remember-me cookie,
    so the next requests do not look it up again."""
    session.pop("_user_id", None)
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        session["_remember"] = "clear"


def unauthorized():
    """Flask-Login's answer to a visitor who must log in: the login page, with `next` back to where they were. A
    script's request (the keep-alive) gets a 401 it can act on rather than the login page's HTML."""
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error="session_ended"), 401
    if not g.get("session_end_told"):  # load_user_first already said why
        flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


# --- the page's clock and the keep-alive ---------------------------------------------------------------------

def session_clock() -> dict | None:
    """What the warning script needs (static/js/session-expiry.js): seconds until the session ends if nothing
    happens, whether activity would extend it, and how long before the end to warn."""
    record = getattr(current_user, "current_session", None) if current_user.is_authenticated else None
    if record is None:
        return None
    now = utcnow()
    state = state_of(record, now)
    return {"expires_in": max(0, int((state.ends_at - now).total_seconds())), "can_extend": state.can_extend,
            "warn_before": int(current_app.config["SESSION_WARNING_MINUTES"] * 60)}


def keep_alive(user: User) -> dict:
    """The user is still there (the warning's button): record the activity now, whatever the last write."""
    now = utcnow()
    _touch(user.current_session, now)
    return session_clock()


# --- one's own sessions, listed on the password page ------------------------------------------------------------

def active_sessions(user: User) -> list[UserSession]:
    now = utcnow()
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                              .order_by(UserSession.last_seen_at.desc())).all()
    return [row for row in rows if state_of(row, now).ended is None]


@lru_cache(maxsize=256)
def describe_user_agent(user_agent: str | None) -> str:
    """"Chrome · Windows" for a person to recognise a device (ua-parser's maintained rules)."""
    from ua_parser import parse

    if not user_agent:
        return ""
    found = parse(user_agent)
    parts = [found.user_agent.family if found.user_agent else None, found.os.family if found.os else None]
    return " · ".join(part for part in parts if part and part != "Other")  # "" when unknown: the page says so
