"""Who may use each endpoint, gathered from the features' own lists (tests/<feature>/access.py)."""
from reviewapp.models import Role
from reviewapp.permissions import LOGGED_IN, PUBLIC

OFFICE = frozenset({Role.OFFICE})
EXPERT = frozenset({Role.EXPERT})
# issue 18: the organizations' accounts; they reach none of the office's, experts' or group's endpoints
APPLICANT = frozenset({Role.APPLICANT})
RECOMMENDER = frozenset({Role.RECOMMENDER})

CORE = {
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "health.healthz": PUBLIC,
    "auth.set_language": PUBLIC,
    "auth.logout": LOGGED_IN,
    "auth.change_password": LOGGED_IN,
    "auth.forgot_password": PUBLIC,  # issue 16: a link by mail
    "auth.reset_password": PUBLIC,
    "auth.accept_invitation": PUBLIC,  # issue 17: the office's invitation by mail
    "auth.log_out_everywhere": LOGGED_IN,
    "auth.keep_alive": LOGGED_IN,
    "main.index": LOGGED_IN,
    "admin.users": OFFICE,
    "admin.new_user": OFFICE,
    "admin.edit_user": OFFICE,
    "admin.reset_password": OFFICE,
    "admin.set_active": OFFICE,
    "admin.audit_log": OFFICE,
    "cycles.index": OFFICE,
    "cycles.new": OFFICE,
    "cycles.show": OFFICE,
    "cycles.edit": OFFICE,
    "cycles.deadlines": OFFICE,  # issue 16
    "cycles.advance": OFFICE,
    "cycles.new_acceptance_notice": OFFICE,
    "cycles.new_proposed_winner_notice": OFFICE,
    "cycles.withdraw_notice": OFFICE,
    "cycles.notices_many": OFFICE,  # issue 17: several notices at once
    "cycles.publish_many": OFFICE,
    "cycles.withdraw_many": OFFICE,
    "cycles.new_call": OFFICE,
    "cycles.call_media": OFFICE,
    "cycles.calendar": OFFICE,
    "cycles.holiday_schedule": OFFICE,
    "organizations.index": OFFICE,
    "organizations.new": OFFICE,
    "organizations.show": OFFICE,
    "organizations.edit": OFFICE,
    "organizations.add_credit_record": OFFICE,
    "organizations.add_award_record": OFFICE,
    "organizations.add_finding": OFFICE,
    "applications.new": OFFICE,
    "applications.show": frozenset({Role.OFFICE, Role.EXPERT}),
    "applications.edit": OFFICE,
    "applications.upload": OFFICE,
    "applications.download": frozenset({Role.OFFICE, Role.EXPERT}),
    "applications.judge": OFFICE,
    "applications.decide": OFFICE,
    "notices.index": PUBLIC,
    "notices.show": PUBLIC,
}


def _gather() -> dict:
    import importlib
    import pkgutil

    import tests

    access = dict(CORE)
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                feature = importlib.import_module(f"tests.{module.name}.access")
            except ModuleNotFoundError:
                continue
            overlap = set(access) & set(feature.ACCESS)
            assert not overlap, f"endpoints listed twice: {overlap}"
            access.update(feature.ACCESS)
    return access


ACCESS = _gather()
