"""Who may do what. One mechanism for every view: each view declares its access with one of the decorators
below, and a before_request hook enforces the declaration. A view that declares nothing is refused (fail
closed). Object-level predicates (is this user the leader of this panel?) live here too, named, so that views,
templates and tests all ask the same question."""
from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from reviewapp.accounts.queries import account_of
from reviewapp.domain import group_decision
from reviewapp.domain.online_application import opening_refusal
from reviewapp.graph.vocabulary import is_symmetric
from reviewapp.leading.queries import blind_setting, decision_of
from reviewapp.models import DraftStatus, PanelStage, RelationSource, ReportStatus, Role
from reviewapp.online.queries import call_facts
from reviewapp.panels.queries import expert_seat_on, seat_on

PUBLIC = "public"
LOGGED_IN = "logged_in"


def _declare(access):
    def decorator(view):
        view.access = access
        return view
    return decorator


def public(view):
    """Anyone, logged in or not (login page, public notices)."""
    return _declare(PUBLIC)(view)


def login_required(view):
    """Any logged-in user, whatever their roles."""
    return _declare(LOGGED_IN)(view)


def require_role(*roles: Role):
    """Logged-in users holding at least one of `roles`."""
    return _declare(frozenset(roles))


def access_of(endpoint: str):
    view = current_app.view_functions.get(endpoint)
    if endpoint == "static":
        return PUBLIC
    return getattr(view, "access", None)


def has_role(user, *roles: Role) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*roles))


def enforce_access():
    """before_request hook: apply the view's declared access."""
    if request.endpoint is None:  # 404 / 405: let the error handlers answer
        return None
    access = access_of(request.endpoint)
    if access == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if request.endpoint == "main.index":  # the site's front door: the login page, which shows what the public
            return redirect(url_for("auth.login"))  # may do, without a "please log in" reproach
        return current_app.login_manager.unauthorized()
    if awaiting_verification(current_user) and request.endpoint not in WHILE_AWAITING:
        if request.endpoint == "main.index":
            return redirect(url_for("accounts.awaiting"))
        abort(403)
    if access == LOGGED_IN:
        return None
    if access is None or not current_user.has_role(*access):
        abort(403)
    return None


def role_home_sections(user) -> list[Role]:
    """The roles whose home section this user sees, in a fixed order."""
    return [role for role in (Role.OFFICE, Role.LEADING_GROUP, Role.EXPERT, Role.APPLICANT, Role.RECOMMENDER)
            if user.has_role(role)]


# --- issue 18: the accounts of applicant organizations and recommenders ---

# what an account the office has not verified may open besides the public pages: its awaiting page and its own
# session (a registration can do nothing else until the office checks it against the organization registry)
WHILE_AWAITING = frozenset({"accounts.awaiting", "auth.logout", "auth.keep_alive", "auth.log_out_everywhere",
                            "auth.change_password",
                            "notifications.index", "notifications.read", "notifications.read_all"})


def is_external(user) -> bool:
    """An applicant organization's or a recommender's login (Art. 10, 15): never an office, expert or group page."""
    return has_role(user, Role.APPLICANT, Role.RECOMMENDER)


def awaiting_verification(user) -> bool:
    """An organization's account that registered itself and that the office has not verified yet (or refused)."""
    if not is_external(user):
        return False
    account = account_of(user)
    return account is not None and not account.verified


def may_invite_organizations(user) -> bool:
    """The office invites applicants and recommenders; a verified recommender, the organizations it recommends."""
    if has_role(user, Role.OFFICE):
        return True
    account = account_of(user) if has_role(user, Role.RECOMMENDER) else None
    return account is not None and account.verified


def _verified_account_of_applicant(user):
    """Issue 18: the account of an applicant organization's verified login, else None."""
    if not has_role(user, Role.APPLICANT):
        return None
    account = account_of(user)
    return account if account is not None and account.verified else None


def may_file_recusal_request(user) -> bool:
    """Art. 33: an applicant organization's verified login asks, for its own applications, that named persons or
    organizations be avoided (recusals/); it never sees the pool."""
    return _verified_account_of_applicant(user) is not None


def may_report_for_award(user, award) -> bool:
    """Art. 27, 29: the awarded organization's verified logins submit its use-of-funds reports and record its
    activities, for its own award while it stands (a revoked award's register takes nothing, Art. 31, 32)."""
    account = _verified_account_of_applicant(user)
    return account is not None and award.organization_id == account.organization_id and award.revoked_on is None


# --- issue 18: applying online (reviewapp/online) ---

def applicant_organization(user):
    """The organization a verified applicant login acts for (None for anyone else)."""
    account = _verified_account_of_applicant(user)
    return account.organization if account is not None else None


def recommender_organization(user):
    """The recommending body a verified recommender login acts for (Art. 10; None for anyone else)."""
    account = account_of(user) if has_role(user, Role.RECOMMENDER) else None
    return account.organization if account is not None and account.verified else None


def may_apply_online(user, cycle) -> bool:
    """A verified applicant organization, while the cycle takes applications under its published call and before
    the deadline (Art. 14, 15)."""
    return applicant_organization(user) is not None and opening_refusal(call_facts(cycle)) is None


def is_own_draft(user, draft) -> bool:
    """The organization's own online application: no other organization ever sees it (Art. 33 trade secrets)."""
    organization = applicant_organization(user)
    return organization is not None and draft.organization_id == organization.id


def is_draft_recommender(user, draft) -> bool:
    """The recommender the organization named, once the organization submitted it to it (Art. 15)."""
    organization = recommender_organization(user)
    return (organization is not None and draft.recommender_id == organization.id
            and draft.status in (DraftStatus.AWAITING_RECOMMENDATION, DraftStatus.REGISTERED))


def may_read_draft(user, draft) -> bool:
    return is_own_draft(user, draft) or is_draft_recommender(user, draft)


def is_own_application(user, application) -> bool:
    """Issue 18, Art. 33: a verified applicant login sees its own organization's applications and their files,
    never another organization's."""
    organization = applicant_organization(user)
    return organization is not None and organization.id == application.organization_id


def may_follow_application(user, application) -> bool:
    """Issue 18: the status page of an application is open to its own organization and to the recommender it names
    (Art. 10, 15), both only within Art. 33 (status in words, no expert, panel or score)."""
    if is_own_application(user, application):
        return True
    recommender = recommender_organization(user)
    return recommender is not None and recommender.id == application.recommender_id


def ensure_visible(allowed: bool) -> None:
    """Like ensure(), but answers 404: to an expert who may not see an applicant (not assigned, conflicted,
    panel dissolved), its pages and files do not exist, even by guessing their URLs (Art. 33 trade secrets)."""
    if not allowed:
        abort(404)


def ensure(allowed: bool) -> None:
    """Object-level check in a view, after the role check: `ensure(is_panel_leader(current_user, panel))`.
    Refuses with 403 when the predicate is false."""
    if not allowed:
        abort(403)


def can_view_application(user, application) -> bool:
    """The office sees every application. An expert sees one only while all of this holds: they sit on an
    active (not dissolved, Art. 17) panel that reviews it, they signed the cycle's declaration, they are not
    suspended or disqualified, and they have no conflict of interest with it (Art. 33) — a conflict found after
    the assignment cuts access at once."""
    if has_role(user, Role.OFFICE):
        return True
    if not has_role(user, Role.EXPERT):
        return False

    return expert_seat_on(user, application) is not None


def is_panel_member(user, panel) -> bool:
    """The user sits on `panel`, as leader or member, while it is active and they are an active expert (Art. 17:
    a dissolved panel's members lose access). Seeing its applicants also takes the signed declaration and no
    conflict: can_view_application."""

    return seat_on(user, panel) is not None


def is_panel_leader(user, panel) -> bool:
    """组长负责制 (Art. 17): the user leads `panel` while it is active and they are an active expert."""

    seat = seat_on(user, panel)
    return seat is not None and seat.is_leader


def may_read_report(user, report) -> bool:
    """A panel's report: the office; the leader who writes it while their panel is active and they may see the
    applicant; and the leading group, a submitted report, once its review of the cycle's candidate list is no longer
    blinded (reports name the applicant, Art. 20)."""
    if has_role(user, Role.OFFICE):
        return True
    if has_role(user, Role.LEADING_GROUP) and _group_may_read(user, report):
        return True

    seat = expert_seat_on(user, report.application, report.stage)
    return seat is not None and seat.is_leader and seat.panel_id == report.panel_id


def may_see_site_visit(user, application) -> bool:
    """The site visit of an applicant, its issues and their photos and evidence (Art. 19): confidential to the
    on-site panel and the office (Art. 33). An expert needs a seat on the active on-site panel that reviews the
    applicant, the signed declaration and no conflict (as can_view_application); the leader alone plans the visit
    and settles its issues (is_panel_leader)."""
    if has_role(user, Role.OFFICE):
        return True
    return has_role(user, Role.EXPERT) and expert_seat_on(user, application, PanelStage.ONSITE_REVIEW) is not None


def may_read_own_sheet(user, sheet) -> bool:
    """An expert's own submitted sheet stays readable to them, read-only, once the panel dissolved or the cycle
    closed (issue 17, the expert's history): never another expert's, never a draft, never for an applicant they are
    in conflict with (Art. 33), never once disqualified."""
    from reviewapp.experts.history import visible_to_author
    from reviewapp.panels.queries import expert_of

    expert = expert_of(user) if has_role(user, Role.EXPERT) else None
    return expert is not None and visible_to_author(sheet, expert)


def is_blinded(cycle, user) -> bool:
    """Does `user` see the cycle's ranking with applicants by code (Art. 20, the blinded group review)? The office
    never does."""
    return group_decision.is_blinded(blind_setting(cycle), decision_of(cycle) is not None, has_role(user, Role.OFFICE))


def _group_may_read(user, report) -> bool:
    cycle = report.application.cycle
    return (report.status is ReportStatus.SUBMITTED and cycle.candidates_proposed_at is not None
            and not is_blinded(cycle, user))


def may_see_candidate_list(user, cycle) -> bool:
    """The office and the leading group see a cycle's candidate list once the office has proposed it (Art. 20);
    before that there is nothing for the group to see."""
    return has_role(user, Role.OFFICE, Role.LEADING_GROUP) and cycle.candidates_proposed_at is not None


# --- the affiliation graph: an expert sees and changes only their own affiliations ---

def is_own_person(user, person) -> bool:
    """`person` is the user themselves in the graph: an expert sees their own relations, on their own page, and
    other people do not exist for them."""
    return person is not None and person.user_id is not None and person.user_id == getattr(user, "id", None)


def is_own_relation(user, relation) -> bool:
    """The user is one end of `relation`."""
    return is_own_person(user, relation.from_person) or is_own_person(user, relation.to_person)


def may_end_relation(user, relation) -> bool:
    """An expert may end what they declared themselves and nothing else: the office's and imported facts stay.
    They are the 'from' end of what they declare, or either end of a symmetric family type."""
    own_end = is_own_person(user, relation.from_person) or (
        is_own_person(user, relation.to_person) and is_symmetric(relation.type))
    return own_end and relation.source is RelationSource.DECLARED


# --- user administration: the office never locks itself out ---

def may_deactivate(acting, user) -> bool:
    """An office user may deactivate any account but their own."""
    return user.id != acting.id


def may_reset_second_factor(acting, user) -> bool:
    """Another office member resets a lost second factor, never its owner: a stolen office password alone must
    not remove the second factor."""
    return user.id != acting.id


def may_write_winner_register(user, award) -> bool:
    """The register of winners (Art. 26-29): the office writes it while the award stands; the leading group, which
    supervises the winners (Art. 6), only reads it."""
    return has_role(user, Role.OFFICE) and award.revoked_on is None


def template_predicates() -> dict:
    """The object predicates templates ask (to show only what the user may do), put in every template's context."""
    return {predicate.__name__: predicate for predicate in (
        can_view_application, is_panel_member, is_panel_leader, may_read_report, may_see_candidate_list,
        is_own_person, may_end_relation, may_deactivate, may_reset_second_factor, may_write_winner_register,
        may_apply_online, is_own_draft, is_draft_recommender, is_own_application, may_file_recusal_request,
        may_report_for_award)}


# Issue 17: each role's guide (reviewapp/help). The office reads them all (it trains and answers the others).
GUIDE_READERS = {"office": {Role.OFFICE}, "expert": {Role.EXPERT, Role.OFFICE},
                 "leader": {Role.EXPERT, Role.OFFICE}, "leading_group": {Role.LEADING_GROUP, Role.OFFICE}}


def may_read_guide(user, guide: str) -> bool:
    """The public guide is everyone's; a role's guide is for that role's users and the office."""
    return guide == "public" or has_role(user, *GUIDE_READERS.get(guide, ()))
