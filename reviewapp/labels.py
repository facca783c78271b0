"""Human labels for stored codes (roles, audit actions), translated at render time."""
import json

from flask_babel import lazy_gettext as _l

from reviewapp.models import Role

ROLE_LABELS = {
    Role.OFFICE: _l("Office (领导小组办公室)"),
    Role.EXPERT: _l("Expert (评审专家)"),
    Role.LEADING_GROUP: _l("Leading group member (领导小组成员)"),
}

ACTION_LABELS = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "login_locked": _l("Login refused (locked)"),
    "login_refused_inactive": _l("Login refused (deactivated)"),
    "logout": _l("Logged out"),
    "password_changed": _l("Changed own password"),
    "password_reset": _l("Password reset by the office"),
    "locale_changed": _l("Changed language"),
    "user_created": _l("User created"),
    "user_updated": _l("User changed"),
    "user_activated": _l("User activated"),
    "user_deactivated": _l("User deactivated"),
}


def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return f"{label} ({action})" if label else action


def readable_json(value) -> str:
    """JSON for people: Chinese stays readable (no \\u escapes); Jinja still escapes the HTML."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
