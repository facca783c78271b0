"""Every endpoint that accepts a POST, with the world in which its form can be submitted with success, who submits it,
the page that renders the form (its fields are the fuzzing's starting point), valid values where the rendered form
is empty, and the pages that show what it stores. tests/fuzz/test_coverage.py fails when an endpoint is missing."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyotp

from reviewapp.extensions import db
from reviewapp.models import ComprehensiveReport, PublicSubmission, User
from tests.auth.conftest import next_code, secret_in
from tests.conftest import PASSWORD, credit_code, version_in
from tests.submissions.worlds import challenge_answer

W = Callable[[object], object]


@dataclass
class Target:
    endpoint: str
    world: str               # a fixture of tests/fuzz/worlds.py
    role: str                # the world's client that submits (a role allowed by tests/access.py)
    url: W                   # world -> the URL posted to (or a list of URLs to choose from)
    page: W | None = None    # world -> the page rendering the form (default: the URL itself)
    valid: W | dict = field(default_factory=dict)  # values that make the rendered form valid
    free_text: tuple[str, ...] = ()  # fields shown on pages ("str-": a prefix, "-note": a suffix): payloads go there
    views: W = lambda w: []  # world -> pages showing what the form stores, visited after each write
    view_as: str | None = None  # the client reading the views (default: the submitting one)
    success_renders: bool = False  # a 200 answer is a success (a lookup or a dry run), not the form shown again
    writes_on_rejection: tuple[str, ...] = ()  # tables a refusal may still write, with the reason in a comment
    fresh_client: bool = False  # a new anonymous client per example (the login form, which logs the client in)
    prepare: Callable[[str], dict] | None = None  # the rendered form -> values computed from it (the challenge)
    refusals: tuple[str, ...] = ("danger",)  # the categories of the messages that say a redirect refused

    def is_rejection(self, status: int, messages) -> bool:
        """A 4xx, the form shown again (200), or a redirect with a refusal's message."""
        if status >= 400:
            return True
        if status == 200:
            return not self.success_renders
        return any(category in self.refusals for category, _message in messages)

    def urls(self, world) -> list[str]:
        found = self.url(world)
        return found if isinstance(found, list) else [found]

    def page_url(self, world) -> str:
        return self.page(world) if self.page else self.urls(world)[0]

    def valid_values(self, world) -> dict:
        return self.valid(world) if callable(self.valid) else dict(self.valid)

    def is_free_text(self, name: str) -> bool:
        return any(name == f or (f.endswith("-") and name.startswith(f)) or (f.startswith("-") and name.endswith(f))
                   for f in self.free_text)


def _free_seat(w) -> dict:
    """A member's seat in the proposed panel, and the expert who joined the pool after the proposal."""
    key = f"a{w.spare_application.id}"
    return {"applicant": key, "seat": w.proposal.data["panels"][key]["members"][-1], "expert_id": str(w.reserve.id)}


# A failed check of a public form counts against the client and uses its challenge up (issue 13 item 1).
FAILED_CHECK = ("rate_limit_hit", "used_challenge")
# Writing an audit entry moves the head of the audit chain; both are written with whatever they record.
AUDIT = ("audit_entry", "audit_head")

def reset_token(w) -> str:
    """A mailed link's token for the expert, made once per world for the password the expert has (issue 16): the
    same URL every time it is asked for (a token made a second later differs, and the form's URL with it)."""
    from reviewapp.auth.reset import token_for

    if getattr(w, "reset_token", None) is None:
        with w.app.app_context():
            w.reset_token = token_for(db.session.get(User, w.expert_user.id))
    return w.reset_token


TARGETS = [
    # --- auth -------------------------------------------------------------------------------------------------------
    Target("auth.login", "base_world", "anonymous", lambda w: "/auth/login",
           valid={"username": "office", "password": PASSWORD}, fresh_client=True,
           # a failed login is counted for the throttle (issue #2) and audited: that is the point of the refusal
           writes_on_rejection=("login_attempt", *AUDIT)),
    Target("auth.set_language", "base_world", "anonymous", lambda w: "/auth/language", page=lambda w: "/auth/login",
           valid={"locale": "en", "next": "/notices/"}, free_text=("next",)),
    Target("auth.change_password", "base_world", "expert", lambda w: "/auth/password",
           valid={"current_password": PASSWORD, "new_password": "another-horse-battery",
                  "confirm": "another-horse-battery"}),
    # --- a forgotten password (issue 16): the request is counted for the client's limit whatever its outcome ---
    Target("auth.forgot_password", "base_world", "anonymous", lambda w: "/auth/password/forgotten",
           page=lambda w: "/auth/password/forgotten", valid={"username": "lizj"}, free_text=("username",),
           fresh_client=True),
    Target("auth.reset_password", "base_world", "anonymous", lambda w: f"/auth/password/reset/{reset_token(w)}",
           page=lambda w: f"/auth/password/reset/{reset_token(w)}",
           valid={"new_password": "another-horse-battery", "confirm": "another-horse-battery"}, fresh_client=True),
    Target("auth.accept_invitation", "invitation_world", "anonymous",
           lambda w: f"/auth/invitation/{w.invitation_token}", page=lambda w: f"/auth/invitation/{w.invitation_token}",
           valid={"new_password": "another-horse-battery", "confirm": "another-horse-battery"}, fresh_client=True),
    Target("notifications.mail_choice", "base_world", "expert", lambda w: "/notifications/mail-choice",
           page=lambda w: "/notifications/", valid={"choice": "essential"}),
    # --- the second factor (issue 13 item 5) --------------------------------------------------------------------------
    # a wrong code counts for the throttle and is audited, like a wrong password
    Target("auth.second_factor_login", "second_factor_world", "pending", lambda w: w.pending_login(),
           valid=lambda w: {"code": next_code(w.secret)}, writes_on_rejection=("login_attempt", *AUDIT)),
    Target("auth.two_factor_confirm", "second_factor_world", "expert", lambda w: "/auth/two-factor/confirm",
           page=lambda w: "/auth/two-factor", success_renders=True,  # the recovery codes, shown once
           prepare=lambda html: {"code": pyotp.TOTP(secret_in(html)).now()} if secret_in(html) else {}),
    Target("auth.two_factor_recovery_codes", "second_factor_world", "enrolled",
           lambda w: "/auth/two-factor/recovery-codes", page=lambda w: "/auth/two-factor", success_renders=True,
           valid=lambda w: {"renew-code": w.codes[0]}),
    Target("auth.two_factor_disable", "second_factor_world", "enrolled", lambda w: "/auth/two-factor/disable",
           page=lambda w: "/auth/two-factor", valid=lambda w: {"disable-code": w.codes[1]}),
    # --- admin ------------------------------------------------------------------------------------------------------
    Target("admin.new_user", "base_world", "office", lambda w: "/admin/users/new",
           valid={"username": "newexpert", "display_name": "新专家", "password": "correct-horse-battery-9",
                  "roles": "expert"},
           free_text=("display_name", "username"), views=lambda w: ["/admin/users", "/admin/audit", "/experts/"]),
    Target("admin.edit_user", "base_world", "office", lambda w: f"/admin/users/{w.other.id}",
           valid={"roles": "expert"},  # the page shows none ticked: see test_the_edit_page_shows_the_users_roles
           free_text=("display_name",), views=lambda w: ["/admin/users", "/admin/audit"]),
    Target("admin.reset_password", "base_world", "office", lambda w: f"/admin/users/{w.other.id}/password",
           page=lambda w: f"/admin/users/{w.other.id}", valid={"password": "fresh-horse-battery"}),
    Target("admin.set_active", "base_world", "office",
           lambda w: [f"/admin/users/{w.other.id}/deactivate", f"/admin/users/{w.other.id}/activate"],
           page=lambda w: "/admin/users"),
    # --- cycles -----------------------------------------------------------------------------------------------------
    Target("cycles.new", "base_world", "office", lambda w: "/cycles/new",
           valid={"name": "第十一届本溪市市长质量奖", "year": "2027", "reference_date": "2027-11-16"},
           free_text=("name", "announcement"), views=lambda w: ["/cycles/", "/admin/audit"]),
    Target("cycles.edit", "base_world", "office", lambda w: f"/cycles/{w.cycle.id}/edit",
           free_text=("name", "announcement"), views=lambda w: ["/cycles/", f"/cycles/{w.cycle.id}"]),
    Target("cycles.deadlines", "base_world", "office", lambda w: f"/cycles/{w.cycle.id}/deadlines",
           valid={"sheets_due_on": "2026-12-20", "report_due_on": "2026-12-24"},
           views=lambda w: [f"/cycles/{w.cycle.id}", f"/reviews/cycles/{w.cycle.id}"]),  # issue 16
    Target("cycles.advance", "base_world", "office", lambda w: f"/cycles/{w.cycle.id}/advance",
           page=lambda w: f"/cycles/{w.cycle.id}"),
    Target("cycles.new_acceptance_notice", "acceptance_world", "office",
           lambda w: f"/cycles/{w.cycle.id}/acceptance-notice", valid={"end_date": "2026-12-11"},
           free_text=("title", "body"), views=lambda w: ["/notices/", f"/cycles/{w.cycle.id}"]),
    Target("cycles.new_proposed_winner_notice", "decided_world", "office",
           lambda w: f"/cycles/{w.cycle.id}/proposed-winner-notice", valid={"end_date": "2026-12-11"},
           free_text=("title", "body"), views=lambda w: ["/notices/", f"/cycles/{w.cycle.id}"]),
    Target("cycles.withdraw_notice", "base_world", "office", lambda w: f"/cycles/notices/{w.notice.id}/withdraw",
           valid={"reason": "名单有误"}, free_text=("reason",),
           views=lambda w: ["/notices/", f"/notices/{w.notice.id}", f"/cycles/{w.cycle.id}"]),
    Target("cycles.publish_many", "acceptance_world", "office", lambda w: "/cycles/notices/publish",
           page=lambda w: "/cycles/notices", valid=lambda w: {"publish": f"{w.cycle.id}-acceptance"},
           free_text=("title-", "body-"), views=lambda w: ["/notices/", "/cycles/notices"]),
    Target("cycles.withdraw_many", "base_world", "office", lambda w: "/cycles/notices/withdraw",
           page=lambda w: "/cycles/notices", valid=lambda w: {"withdraw": str(w.notice.id), "reason": "名单有误"},
           free_text=("reason",), views=lambda w: ["/notices/", f"/notices/{w.notice.id}", "/cycles/notices"]),
    Target("cycles.new_call", "base_world", "office", lambda w: f"/cycles/{w.cycle.id}/call",
           free_text=("title", "body", "awards", "conditions", "where_to_apply", "contact_person", "contact_phone",
                      "contact_address"),
           views=lambda w: ["/notices/", f"/cycles/{w.cycle.id}", f"/notices/{w.call.id}"]),
    Target("cycles.call_media", "base_world", "office", lambda w: f"/cycles/notices/{w.call.id}/media",
           valid={"outlet": "本溪市人民政府网站"}, free_text=("outlet", "reference"),
           views=lambda w: [f"/notices/{w.call.id}", f"/cycles/notices/{w.call.id}/media"]),
    Target("cycles.holiday_schedule", "base_world", "office",
           lambda w: ["/cycles/calendar/2027", "/cycles/calendar/2028", "/cycles/calendar/1999",
                      "/cycles/calendar/2101"],
           valid={"text": "2027-02-05..2027-02-11 休\n2027-02-14 班", "source": "国办发明电〔2026〕1号"},
           free_text=("text", "source"), views=lambda w: ["/cycles/calendar", "/cycles/calendar/2027"]),
    # --- organizations ----------------------------------------------------------------------------------------------
    Target("organizations.new", "base_world", "office", lambda w: "/organizations/new",
           valid={"name": "本溪新注册有限公司", "credit_code": credit_code("210502", 901), "industry_code": "C31",
                  "kind": "enterprise", "contact_email": "a@example.cn"},
           free_text=("name", "address", "legal_representative", "person_in_charge", "contact_name",
                      "contact_phone"),
           views=lambda w: ["/organizations/", "/graph/people"]),
    Target("organizations.edit", "base_world", "office", lambda w: f"/organizations/{w.org.id}/edit",
           free_text=("name", "address", "legal_representative", "person_in_charge", "contact_name",
                      "contact_phone"),
           views=lambda w: ["/organizations/", f"/organizations/{w.org.id}", f"/graph/organizations/{w.org.id}"]),
    Target("organizations.add_credit_record", "base_world", "office",
           lambda w: f"/organizations/{w.org.id}/credit-records", page=lambda w: f"/organizations/{w.org.id}",
           valid={"start_date": "2025-03-01", "end_date": "", "source": "信用中国"},
           free_text=("source", "description"), views=lambda w: [f"/applications/{w.application.id}"]),
    Target("organizations.add_award_record", "base_world", "office",
           lambda w: f"/organizations/{w.org.id}/awards", page=lambda w: f"/organizations/{w.org.id}",
           valid={"awarded_on": "2020-12-01", "revoked_on": "", "revocation_article": ""},
           free_text=("cycle_name", "revocation_reason")),
    Target("organizations.add_finding", "base_world", "office",
           lambda w: f"/organizations/{w.org.id}/findings", page=lambda w: f"/organizations/{w.org.id}",
           valid={"found_on": "2026-01-05", "description": "虚假材料"}, free_text=("description",),
           views=lambda w: [f"/applications/{w.application.id}"]),
    # --- applications -----------------------------------------------------------------------------------------------
    Target("applications.new", "base_world", "office", lambda w: f"/applications/new/{w.cycle.id}",
           valid=lambda w: {"organization_id": str(w.twin.id), "recommendation_opinion": "同意推荐",
                            "recommendation_signatory": "张会长", "recommendation_date": "2026-11-10"},
           free_text=("form_data-", "recommendation_opinion", "recommendation_signatory"),
           views=lambda w: [f"/cycles/{w.cycle.id}", f"/organizations/{w.twin.id}"]),
    Target("applications.edit", "base_world", "office", lambda w: f"/applications/{w.application.id}/edit",
           free_text=("form_data-", "recommendation_opinion", "recommendation_signatory"),
           views=lambda w: [f"/applications/{w.application.id}", f"/cycles/{w.cycle.id}"]),
    Target("applications.judge", "base_world", "office", lambda w: f"/applications/{w.application.id}/judgements",
           page=lambda w: f"/applications/{w.application.id}", valid={"passed": "yes", "note": "核实"},
           free_text=("note",)),
    Target("applications.decide", "decision_world", "office", lambda w: f"/applications/{w.application.id}/decision",
           page=lambda w: f"/applications/{w.application.id}",
           valid={"decision": "reject", "reason": "材料不全", "override_reason": ""},
           free_text=("reason", "override_reason"), views=lambda w: [f"/cycles/{w.cycle.id}"]),
    Target("applications.decide_many", "decision_world", "office",
           lambda w: f"/applications/cycle/{w.cycle.id}/decisions",
           valid=lambda w: {"decision": "reject", "chosen": str(w.application.id),
                            f"reason-{w.application.id}": "材料不全"},
           free_text=("reason-", "override-"), views=lambda w: [f"/cycles/{w.cycle.id}"]),
    Target("applications.request_opinion", "decision_world", "office",
           lambda w: f"/applications/{w.application.id}/opinions", page=lambda w: f"/applications/{w.application.id}",
           valid={"department": "本溪市应急管理局", "subject": "请提供近三年安全生产情况。", "sent_on": "2026-11-20",
                  "reply_due": "2026-12-04"},
           free_text=("department", "subject"), views=lambda w: [f"/applications/{w.application.id}"]),
    Target("applications.record_reply", "opinion_world", "office",
           lambda w: f"/applications/opinions/{w.opinion.id}/reply", page=lambda w: f"/applications/{w.application.id}",
           valid=lambda w: {f"reply{w.opinion.id}-replied_on": "2026-11-25",
                            f"reply{w.opinion.id}-reply_text": "未发生生产安全事故。",
                            f"reply{w.opinion.id}-raises_problem": "no"},
           free_text=("-reply_text",), views=lambda w: [f"/applications/{w.application.id}"]),
    # --- investigations (Art. 8(4), 30) -------------------------------------------------------------------------
    Target("investigations.new", "decision_world", "office", lambda w: f"/investigations/new/{w.application.id}",
           valid={"source": "office", "scope": "核实申报材料的真实性"}, free_text=("scope",),
           views=lambda w: [f"/applications/{w.application.id}", f"/investigations/cycle/{w.cycle.id}"]),
    Target("investigations.add_evidence", "investigation_world", "office",
           lambda w: f"/investigations/{w.investigation.id}/evidence",
           page=lambda w: f"/investigations/{w.investigation.id}", valid={"note": "检测机构复函"}, free_text=("note",),
           views=lambda w: [f"/investigations/{w.investigation.id}"]),
    Target("investigations.conclude", "investigation_world", "office",
           lambda w: f"/investigations/{w.investigation.id}/conclusion",
           page=lambda w: f"/investigations/{w.investigation.id}",
           valid={"conclusion": "unfounded", "conclusion_text": "经核实，举报不实"}, free_text=("conclusion_text",),
           views=lambda w: [f"/investigations/{w.investigation.id}", f"/applications/{w.application.id}"]),
    Target("investigations.reverse", "investigation_world", "office",
           lambda w: f"/investigations/{w.exclusion.id}/reversal", page=lambda w: f"/investigations/{w.exclusion.id}",
           valid={"reason": "所依据的复函系他案材料"}, free_text=("reason",),
           views=lambda w: [f"/investigations/{w.exclusion.id}", f"/investigations/cycle/{w.cycle.id}"]),
    # --- awards -----------------------------------------------------------------------------------------------------
    Target("awards.approval", "approval_world", "office", lambda w: f"/awards/cycles/{w.cycle.id}/approval",
           valid={"approval_document": "本政发〔2026〕30号", "approved_on": "2026-11-25"},
           free_text=("approval_document",),
           views=lambda w: ["/awards/results", f"/awards/results/{w.cycle.id}", "/awards/ledger"]),
    Target("awards.outside", "base_world", "office", lambda w: "/awards/outside",
           valid=lambda w: {"organization_id": str(w.org.id), "awarded_on": "2026-10-01",
                            "document": "辽政发〔2026〕1号"},
           free_text=("document",), views=lambda w: ["/awards/ledger", f"/organizations/{w.org.id}"]),
    Target("awards.revoke", "base_world", "office", lambda w: f"/awards/{w.award.id}/revoke",
           valid={"clause": "art32_1", "event_on": "2026-10-01", "decided_on": "2026-11-20",
                  "decision_document": "本政发〔2026〕41号", "reason": "发生重大事故", "evidence": "调查报告"},
           free_text=("decision_document", "reason", "evidence"),
           views=lambda w: ["/notices/", f"/organizations/{w.org.id}", "/awards/ledger"]),
    # once per cycle (Art. 24): after the first decision every later one is refused; the scan: test_uploads.py
    Target("awards.commendation", "awarded_world", "office", lambda w: f"/awards/cycles/{w.cycle.id}/commendation",
           valid={"document_number": "本政发〔2026〕31号", "decided_on": "2026-11-26", "text": "对以下组织予以表彰。"},
           free_text=("title", "document_number", "text"),
           views=lambda w: [f"/awards/cycles/{w.cycle.id}/approval", "/awards/results",
                            f"/awards/results/{w.cycle.id}"]),
    # --- the register of winners (Art. 10, 26-29); the files: test_uploads.py ---------------------------------------
    Target("winners.add_activity", "awarded_world", "office", lambda w: f"/winners/{w.award.id}/activities",
           page=lambda w: f"/winners/{w.award.id}",
           valid={"activity-title": "卓越绩效管理经验交流会", "activity-place": "本溪市会议中心"},
           free_text=("activity-title", "activity-place", "activity-audience", "activity-summary"),
           views=lambda w: [f"/awards/results/{w.cycle.id}", "/winners/"]),
    Target("winners.add_misuse", "awarded_world", "office", lambda w: f"/winners/{w.award.id}/misuse",
           page=lambda w: f"/winners/{w.award.id}",
           valid={"misuse-source": "消费者来电", "misuse-description": "产品包装印有奖项标志"},
           free_text=("misuse-source", "misuse-description"),
           views=lambda w: [f"/winners/{w.award.id}", "/winners/", "/"]),
    Target("winners.handle_misuse", "awarded_world", "office", lambda w: f"/winners/misuse/{w.misuse.id}/handling",
           page=lambda w: f"/winners/misuse/{w.misuse.id}", valid={"finding": "属实", "action": "责令停止使用"},
           free_text=("finding", "action"), views=lambda w: [f"/winners/{w.award.id}", "/"]),
    Target("winners.close_misuse", "awarded_world", "office", lambda w: f"/winners/misuse/{w.handled.id}/close",
           page=lambda w: f"/winners/misuse/{w.handled.id}", views=lambda w: [f"/winners/{w.award.id}", "/"]),
    Target("winners.policy", "awarded_world", "office", lambda w: "/winners/policy",
           valid={"basis": "办公室2026年第3次主任会议决定"}, free_text=("basis",),
           views=lambda w: ["/winners/", f"/winners/{w.award.id}", "/winners/policy", "/"]),
    # --- duplicates -------------------------------------------------------------------------------------------------
    Target("duplicates.merge", "base_world", "office", lambda w: "/duplicates/merge", page=lambda w: "/duplicates/",
           valid=lambda w: {"kind": "organization", "survivor_id": str(w.org.id), "merged_id": str(w.twin.id)},
           views=lambda w: ["/duplicates/", "/organizations/"]),
    Target("duplicates.dismiss", "base_world", "office", lambda w: "/duplicates/dismiss", page=lambda w: "/duplicates/",
           valid={"reason": "不是同一家"}, free_text=("reason", "key"),
           views=lambda w: ["/duplicates/", "/admin/audit"]),
    Target("duplicates.confirm", "base_world", "office", lambda w: "/duplicates/confirm", page=lambda w: "/duplicates/",
           views=lambda w: [f"/graph/people/{w.expert.person_id}"]),
    Target("duplicates.undo", "base_world", "office", lambda w: f"/duplicates/merges/{w.merge.id}/undo",
           page=lambda w: "/duplicates/"),
    # --- experts ----------------------------------------------------------------------------------------------------
    Target("experts.new", "base_world", "office", lambda w: "/experts/new",
           valid={"name": "周专家", "specialties": "C31", "certificate_number": "ZJ-900", "username": "",
                  "password": ""},
           free_text=("name", "title", "phone", "certificate_number", "employer"),
           views=lambda w: ["/experts/", "/graph/people"]),
    Target("experts.edit", "base_world", "office", lambda w: f"/experts/{w.expert.id}/edit",
           free_text=("name", "title", "phone", "certificate_number", "employer"),
           views=lambda w: ["/experts/", f"/experts/{w.expert.id}"]),
    Target("experts.change_status", "base_world", "office", lambda w: f"/experts/{w.expert.id}/status",
           page=lambda w: f"/experts/{w.expert.id}", valid={"reason": "暂停一届"}, free_text=("reason",),
           views=lambda w: ["/experts/"]),
    Target("experts.record_availability", "base_world", "office",
           lambda w: f"/experts/{w.expert.id}/availability/{w.cycle.id}", page=lambda w: f"/experts/{w.expert.id}",
           valid=lambda w: {f"c{w.cycle.id}-answer": "declined", f"c{w.cycle.id}-reason": "出差"},
           free_text=("-reason",), views=lambda w: ["/experts/"]),
    Target("experts.invitations", "invitation_world", "office", lambda w: "/experts/invitations",
           valid=lambda w: {"chosen": str(w.invitee.id), f"username-{w.invitee.id}": "wang.fang"},
           free_text=("username-",), views=lambda w: ["/experts/invitations", f"/experts/{w.invitee.id}"]),
    Target("experts.resend_invitation", "invitation_world", "office",
           lambda w: f"/experts/{w.invited.id}/invitation", page=lambda w: "/experts/invitations"),
    Target("experts.availability_many", "base_world", "office", lambda w: f"/experts/availability/{w.cycle.id}",
           valid=lambda w: {"chosen": str(w.expert.id), "answer": "declined", "reason": "出差"},
           free_text=("reason",), views=lambda w: [f"/experts/availability/{w.cycle.id}", f"/experts/{w.expert.id}"]),
    Target("experts.update_contact", "base_world", "expert", lambda w: "/experts/me/contact",
           page=lambda w: "/experts/me", valid={"phone": "13900000000", "email": "li@example.cn"},
           free_text=("phone", "email"), views=lambda w: [f"/experts/{w.expert.id}", "/experts/"], view_as="office"),
    Target("experts.answer_availability", "base_world", "expert", lambda w: f"/experts/me/availability/{w.cycle.id}",
           page=lambda w: "/experts/me",
           valid=lambda w: {f"c{w.cycle.id}-answer": "declined", f"c{w.cycle.id}-reason": "出差"},
           free_text=("-reason",), views=lambda w: [f"/experts/{w.expert.id}"], view_as="office"),
    # --- the affiliation graph --------------------------------------------------------------------------------------
    Target("graph.new_person", "base_world", "office", lambda w: "/graph/people/new", valid={"name": "赵六"},
           free_text=("name", "note"), views=lambda w: ["/graph/people"]),
    Target("graph.add_person_relation", "base_world", "office", lambda w: f"/graph/people/{w.person.id}/relations",
           page=lambda w: f"/graph/people/{w.person.id}",
           valid=lambda w: {"direction": "out", "type": "director_of", "other": f"o{w.twin.id}",
                            "start_date": "2022-01-01", "share_percent": "", "degree": ""},
           free_text=("note",), views=lambda w: [f"/graph/organizations/{w.twin.id}"]),
    Target("graph.add_org_relation", "base_world", "office", lambda w: f"/graph/organizations/{w.org.id}/relations",
           page=lambda w: f"/graph/organizations/{w.org.id}",
           valid=lambda w: {"direction": "in", "type": "shareholder_of", "other": f"p{w.person.id}",
                            "share_percent": "12.5", "degree": "", "start_date": "2022-01-01"},
           free_text=("note", "other"), views=lambda w: [f"/graph/people/{w.person.id}"]),
    Target("graph.edit_relation", "base_world", "office", lambda w: f"/graph/relations/{w.relation.id}/edit",
           free_text=("note",), views=lambda w: [f"/graph/people/{w.person.id}", f"/graph/organizations/{w.org.id}"]),
    Target("graph.end_relation", "base_world", "office", lambda w: f"/graph/relations/{w.relation.id}/end",
           page=lambda w: f"/graph/people/{w.person.id}", valid={"end_date": "2026-11-01"}),
    Target("graph.record_office_conflict", "base_world", "office", lambda w: "/graph/declarations/office",
           page=lambda w: "/graph/declarations",
           valid=lambda w: {"office-person": f"p{w.expert.person_id}", "office-organization": f"o{w.org.id}",
                            "office-reason": "曾任顾问"},
           free_text=("office-reason",), views=lambda w: [f"/graph/organizations/{w.org.id}"]),
    Target("graph.record_avoidance_request", "base_world", "office", lambda w: "/graph/declarations/requests",
           page=lambda w: "/graph/declarations",
           valid=lambda w: {"request-person": f"p{w.expert.person_id}", "request-organization": f"o{w.org.id}",
                            "request-reason": "申请人请求"},
           free_text=("request-reason",)),
    Target("graph.decide_declaration", "base_world", "office", lambda w: f"/graph/declarations/{w.request.id}/decide",
           page=lambda w: "/graph/declarations", valid={"note": "同意", "accept": "y"}, free_text=("note", "next")),
    Target("graph.withdraw_declaration", "base_world", "office",
           lambda w: f"/graph/declarations/{w.request.id}/withdraw", page=lambda w: "/graph/declarations",
           valid={"note": "申请人撤回"}, free_text=("note", "next")),
    Target("graph.add_own_relation", "base_world", "expert", lambda w: "/graph/me/relations",
           page=lambda w: "/graph/me", valid=lambda w: {"type": "employed_by", "other": f"o{w.org.id}"},
           free_text=("other", "note"), views=lambda w: [f"/graph/people/{w.expert.person_id}", "/organizations/"],
           view_as="office"),
    Target("graph.end_own_relation", "base_world", "expert", lambda w: f"/graph/me/relations/{w.own.id}/end",
           page=lambda w: "/graph/me", valid={"end_date": "2026-11-01"}),
    Target("graph.declare_conflict", "base_world", "expert", lambda w: "/graph/me/declarations",
           page=lambda w: "/graph/me", valid={"reason": "曾任顾问"}, free_text=("reason",),
           views=lambda w: ["/graph/declarations"], view_as="office"),
    # --- the leading group ------------------------------------------------------------------------------------------
    Target("leading.decision", "leading_world", "office", lambda w: f"/leading/cycles/{w.cycle.id}/decision",
           valid={"decided_on": "2026-11-25", "meeting_reference": "第3次会议"},
           free_text=("meeting_reference", "note", "reason-"),
           views=lambda w: [f"/leading/cycles/{w.cycle.id}", f"/leading/cycles/{w.cycle.id}/decision/print"]),
    Target("leading.show_award_history", "leading_world", "office",
           lambda w: f"/leading/cycles/{w.cycle.id}/award-history", page=lambda w: f"/leading/cycles/{w.cycle.id}",
           valid={"reason": "核对第十二条名额"}, free_text=("reason",),
           views=lambda w: [f"/leading/cycles/{w.cycle.id}"]),
    Target("leading.opinions", "leading_world", "group", lambda w: f"/leading/cycles/{w.cycle.id}/opinions",
           page=lambda w: f"/leading/cycles/{w.cycle.id}",
           valid=lambda w: {f"vote-{w.apps['A'].id}": "agree", f"vote-{w.apps['B'].id}": "abstain"},
           free_text=("comment-",), views=lambda w: [f"/leading/cycles/{w.cycle.id}", "/"]),
    # --- panels -----------------------------------------------------------------------------------------------------
    Target("panels.new", "review_world", "office",
           lambda w: [f"/panels/cycles/{w.cycle.id}/document_review/new",
                      f"/panels/cycles/{w.cycle.id}/onsite_review/new", f"/panels/cycles/{w.cycle.id}/bogus/new"],
           page=lambda w: f"/panels/cycles/{w.cycle.id}/document_review", valid={"name": "第三评审组"},
           free_text=("name",), views=lambda w: [f"/panels/cycles/{w.cycle.id}/document_review"]),
    Target("panels.propose", "review_world", "office",
           lambda w: [f"/panels/cycles/{w.cycle.id}/document_review/propose",
                      f"/panels/cycles/{w.cycle.id}/onsite_review/propose"],
           page=lambda w: f"/panels/cycles/{w.cycle.id}/document_review",
           valid={"seconds": "1"}),  # the proposal page's longer search (issue 19): 1 to 20 seconds
    Target("panels.add_member", "review_world", "office", lambda w: f"/panels/{w.panel.id}/members",
           page=lambda w: f"/panels/cycles/{w.cycle.id}/document_review",
           valid=lambda w: {"expert_id": str(w.experts[3].id)}),
    Target("panels.member_action", "review_world", "office",
           lambda w: [f"/panels/{w.panel.id}/members/{w.member.id}/lead",
                      f"/panels/{w.panel.id}/members/{w.member.id}/remove"],
           page=lambda w: f"/panels/cycles/{w.cycle.id}/document_review"),
    Target("panels.add_applicant", "review_world", "office", lambda w: f"/panels/{w.panel.id}/applicants",
           page=lambda w: f"/panels/cycles/{w.cycle.id}/document_review",
           valid=lambda w: {"application_id": str(w.spare_application.id)}),
    Target("panels.remove_applicant", "review_world", "office",
           lambda w: f"/panels/{w.panel.id}/applicants/{w.entry.id}/remove",
           page=lambda w: f"/panels/cycles/{w.cycle.id}/document_review"),
    Target("panels.dissolve", "review_world", "office", lambda w: f"/panels/{w.panel.id}/dissolve",
           page=lambda w: f"/panels/cycles/{w.cycle.id}/document_review"),
    Target("panels.confirm", "review_world", "office", lambda w: f"/panels/proposals/{w.proposal.id}/confirm",
           page=lambda w: f"/panels/proposals/{w.proposal.id}"),
    Target("panels.replace", "review_world", "office", lambda w: f"/panels/proposals/{w.proposal.id}/replace",
           page=lambda w: f"/panels/proposals/{w.proposal.id}", valid=lambda w: _free_seat(w)),
    Target("panels.declaration", "review_world", "unsigned", lambda w: f"/panels/declaration/{w.cycle.id}",
           valid={"agree": "y"}, free_text=("reason-",), views=lambda w: ["/graph/declarations"], view_as="office"),
    # --- reviews ----------------------------------------------------------------------------------------------------
    Target("scoring.sheet", "review_world", "member1", lambda w: f"/reviews/{w.application.id}/document_review",
           free_text=("str-", "opp-", "comment"),
           views=lambda w: [f"/reviews/{w.application.id}/document_review/report"], view_as="leader"),
    # issue 17: the sheet saving itself while the expert types (JSON; a 200 is a saved draft)
    Target("scoring.autosave", "review_world", "member1",
           lambda w: f"/reviews/{w.application.id}/document_review/autosave",
           page=lambda w: f"/reviews/{w.application.id}/document_review",
           valid={"pct-4.1.2": "60", "str-4.1.2": "扎实", "opp-4.1.2": "缺少对标", "comment": "良好"},
           prepare=lambda html: {"version": str(version_in(html))}, free_text=("str-", "opp-", "comment"),
           views=lambda w: [f"/reviews/{w.application.id}/document_review"], success_renders=True),
    Target("reports.consolidate_report", "review_world", "leader",
           lambda w: f"/reviews/{w.application.id}/document_review/report",
           free_text=("just-", "cstr-", "copp-", "summary"), views=lambda w: [f"/reviews/cycles/{w.cycle.id}"],
           view_as="office",
           # "Draft saved, but the report cannot be submitted yet": the refusal of the submission keeps the draft
           writes_on_rejection=("panel_report", *AUDIT)),
    Target("scoring.reopen", "review_world", "office", lambda w: f"/reviews/sheets/{w.sheet.id}/reopen",
           page=lambda w: f"/reviews/applications/{w.application.id}/sheets", valid={"reason": "漏评"},
           free_text=("reason",), views=lambda w: ["/admin/audit"]),
    Target("reports.waive", "review_world", "office", lambda w: f"/reviews/{w.application.id}/document_review/waive",
           page=lambda w: f"/reviews/cycles/{w.cycle.id}", valid={"reason": "专家生病"}, free_text=("reason",),
           views=lambda w: ["/admin/audit"]),
    Target("reports.reopen_report", "review_world", "office", lambda w: f"/reviews/reports/{w.report.id}/reopen",
           page=lambda w: f"/reviews/cycles/{w.cycle.id}", valid={"reason": "需补充"}, free_text=("reason",),
           views=lambda w: ["/admin/audit", f"/reviews/reports/{w.report.id}"]),
    Target("reports.onsite_list", "onsite_list_world", "office", lambda w: f"/reviews/cycles/{w.cycle.id}/onsite-list",
           free_text=("note-",), views=lambda w: [f"/reviews/cycles/{w.cycle.id}"]),
    Target("reports.visit", "onsite_world", "leader", lambda w: f"/reviews/{w.application.id}/onsite_review/visit",
           free_text=("place", "agenda")),
    Target("reports.add_issue", "onsite_world", "leader",
           lambda w: f"/reviews/{w.application.id}/onsite_review/issues",
           page=lambda w: f"/reviews/{w.application.id}/onsite_review/visit", valid={"issue-text": "数据治理"},
           free_text=("issue-text",)),
    Target("reports.resolve_issue", "onsite_world", "leader", lambda w: f"/reviews/issues/{w.issue.id}/resolve",
           page=lambda w: f"/reviews/{w.application.id}/onsite_review/visit",
           valid=lambda w: {f"resolve-{w.issue.id}-resolution": "verified", f"resolve-{w.issue.id}-note": "查看"},
           free_text=("-note",)),
    # the on-site panel's leader gives the comprehensive score and report (Art. 17, 20); the office reopens it
    Target("reports.comprehensive", "comprehensive_world", "leader",
           lambda w: f"/reviews/{w.application.id}/comprehensive",
           free_text=("justification", "summary", "cstr-", "copp-"),
           views=lambda w: [f"/reviews/comprehensive/{w.latest(ComprehensiveReport).id}",
                            f"/reviews/cycles/{w.cycle.id}", f"/reviews/cycles/{w.cycle.id}/ranking"],
           view_as="office"),
    Target("reports.reopen_comprehensive", "comprehensive_world", "office",
           lambda w: f"/reviews/comprehensive/{w.submitted.id}/reopen", page=lambda w: f"/reviews/cycles/{w.cycle.id}",
           valid={"reason": "组长申请调整综合评分"}, free_text=("reason",),
           views=lambda w: ["/admin/audit", f"/reviews/comprehensive/{w.submitted.id}"]),
    Target("evaluation.ranking", "ranking_world", "office", lambda w: f"/reviews/cycles/{w.cycle.id}/ranking",
           views=lambda w: [f"/leading/cycles/{w.cycle.id}"]),
    # --- objections and reports (public), and their handling (office) -----------------------------------------------
    Target("submissions.objection", "submissions_world", "anonymous",
           lambda w: f"/submissions/objection/{w.notice.id}",
           valid=lambda w: {"application_id": str(w.apps["B"].id), "filer_name": "钱举人", "filer_contact": "138",
                            "facts": "事实", "reasons": "理由"},
           free_text=("filer_name", "filer_contact", "facts", "reasons"),
           prepare=challenge_answer, view_as="office",
           views=lambda w: ["/submissions/", f"/submissions/{w.latest(PublicSubmission).id}"],
           writes_on_rejection=FAILED_CHECK),
    Target("submissions.report", "submissions_world", "anonymous", lambda w: "/submissions/report",
           valid={"subject": "applicant", "subject_name": "甲钢铁有限公司", "filer_name": "钱举人",
                  "filer_contact": "138", "facts": "事实", "reasons": "理由"},
           free_text=("subject_name", "filer_name", "filer_contact", "facts", "reasons"),
           prepare=challenge_answer, view_as="office",
           views=lambda w: ["/submissions/", f"/submissions/{w.latest(PublicSubmission).id}"],
           writes_on_rejection=FAILED_CHECK),
    Target("submissions.status", "submissions_world", "anonymous", lambda w: "/submissions/status",
           valid=lambda w: {"receipt": w.submission.receipt}, success_renders=True),
    Target("submissions.change_status", "submissions_world", "office",
           lambda w: f"/submissions/{w.submission.id}/status", page=lambda w: f"/submissions/{w.submission.id}",
           valid={"decision": "受理"}, free_text=("decision",),
           views=lambda w: ["/submissions/"]),
    Target("submissions.link", "submissions_world", "office", lambda w: f"/submissions/{w.report.id}/link",
           page=lambda w: f"/submissions/{w.report.id}",
           valid=lambda w: {"organization_id": str(w.apps["A"].organization_id), "expert_id": str(w.expert.id)}),
    Target("submissions.change_list", "submissions_world", "office",
           lambda w: f"/submissions/{w.upheld.id}/list-change", page=lambda w: f"/submissions/{w.upheld.id}",
           valid={"change": "nomination", "reason": "异议成立"}, free_text=("reason",),
           views=lambda w: [f"/leading/cycles/{w.cycle.id}", "/notices/"]),
    Target("submissions.record_finding", "submissions_world", "office",
           lambda w: f"/submissions/{w.reviewer_report.id}/finding",
           page=lambda w: f"/submissions/{w.reviewer_report.id}",
           valid=lambda w: {"expert_id": str(w.expert.id), "text": "违规", "disqualify": ""}, free_text=("text",),
           views=lambda w: [f"/experts/{w.expert.id}"]),
    # --- issue 18: organizations' accounts ---------------------------------------------------------------------------
    Target("accounts.register", "base_world", "anonymous", lambda w: "/accounts/register",
           valid={"credit_code": credit_code("210502", 4242), "organization_name": "本溪华钢特种板材有限公司",
                  "contact_name": "李明", "phone": "024-42843576", "email": "liming@example.cn",
                  "username": "huagang", "password": "Taizihe-river-2026!", "confirm": "Taizihe-river-2026!"},
           free_text=("organization_name", "contact_name"), prepare=challenge_answer, view_as="office",
           views=lambda w: ["/accounts/pending"], writes_on_rejection=FAILED_CHECK),
    Target("accounts.verify", "registration_world", "office", lambda w: f"/accounts/{w.registration.id}/verify",
           page=lambda w: "/accounts/pending"),
    Target("accounts.refuse", "registration_world", "office", lambda w: f"/accounts/{w.registration.id}/refuse",
           page=lambda w: "/accounts/pending", valid={"reason": "信用代码不符"}, free_text=("reason",),
           views=lambda w: ["/admin/audit"]),
    Target("accounts.invite", "base_world", "office", lambda w: "/accounts/invite",
           valid=lambda w: {"role": "applicant", "organization": str(w.org.id), "display_name": "张三",
                            "email": "zs@example.cn", "username": "zhangsan"},
           free_text=("display_name",), views=lambda w: ["/admin/users"]),
    # --- issue 18: applying online (reviewapp/online) -----------------------------------------------------------------
    Target("online.draft", "online_world", "applicant", lambda w: f"/online/drafts/{w.draft.id}",
           free_text=("form_data-profile", "form_data-main_products", "form_data-quality_achievements",
                      "form_data-innovation")),
    Target("online.submit", "online_world", "applicant", lambda w: f"/online/drafts/{w.draft.id}/submit",
           page=lambda w: f"/online/drafts/{w.draft.id}", views=lambda w: [f"/online/opinions/{w.draft.id}"],
           view_as="recommender"),
    Target("online.decline", "online_world", "recommender", lambda w: f"/online/opinions/{w.awaiting.id}/decline",
           page=lambda w: f"/online/opinions/{w.awaiting.id}", valid={"reason": "材料不全"}, free_text=("reason",),
           views=lambda w: ["/"], view_as="second"),
    # Art. 16: correction requests (补正) and the organization's correction (reviewapp/tracking)
    Target("applications.send_back", "decision_world", "office",
           lambda w: f"/applications/{w.application.id}/corrections",
           page=lambda w: f"/applications/{w.application.id}",
           valid=lambda w: {"missing": "缺少自我评价报告", "due_on": (date.today() + timedelta(days=14)).isoformat()},
           free_text=("missing",)),
    Target("tracking.correct", "correction_world", "applicant",
           lambda w: f"/my/applications/{w.application.id}/correct", free_text=("form_data-",),
           views=lambda w: [f"/my/applications/{w.application.id}"]),
    Target("tracking.resubmit", "correction_world", "applicant",
           lambda w: f"/my/applications/{w.application.id}/resubmit",
           page=lambda w: f"/my/applications/{w.application.id}", valid={"note": "已补充"}, free_text=("note",),
           view_as="office", views=lambda w: [f"/applications/{w.application.id}"]),
    # issue 18, Art. 33: an organization's recusal request, the office's decision
    Target("recusals.mine", "recusal_world", "applicant", lambda w: "/recusals/mine",
           valid=lambda w: {"application": str(w.application.id), "named_person": "钱工",
                            "named_organization": "某竞争公司", "reason": "直接竞争对手"},
           free_text=("named_person", "named_organization", "reason"),
           views=lambda w: ["/recusals/mine"]),
    Target("recusals.handle", "recusal_world", "office", lambda w: f"/recusals/{w.request.id}/handle",
           page=lambda w: f"/recusals/{w.request.id}",
           valid=lambda w: {"handle-persons": str(w.person.id), "handle-competitor": "0", "handle-note": "已核实"},
           free_text=("handle-note",), views=lambda w: [f"/recusals/{w.request.id}", "/recusals/"]),
    Target("recusals.reject", "recusal_world", "office", lambda w: f"/recusals/{w.request.id}/reject",
           page=lambda w: f"/recusals/{w.request.id}", valid={"reject-reason": "与评审无关"},
           free_text=("reject-reason",), views=lambda w: [f"/recusals/{w.request.id}", "/recusals/"]),
    # issue 18, Art. 27: the winner's own activity (its files: test_uploads.py)
    Target("winners.submit_activity", "winner_account_world", "applicant",
           lambda w: f"/winners/mine/{w.award.id}/activities", page=lambda w: "/winners/mine",
           valid=lambda w: {f"activity{w.award.id}-title": "卓越绩效经验分享会",
                            f"activity{w.award.id}-place": "本溪市会议中心"},
           free_text=("-title", "-place", "-audience", "-summary"),
           views=lambda w: ["/winners/mine"]),
]

# Uploads are fuzzed with files by tests/fuzz/test_uploads.py and tests/fuzz/test_spreadsheets.py.
UPLOADS = {"applications.upload", "experts.import_check", "experts.import_run", "graph_import.check",
           "graph_import.run", "investigations.withdraw", "winners.add_funds_report",
           "reports.attach_evidence",  # a site-visit issue's photos (issue 17)
           "online.upload", "online.sign",  # issue 18: tests/online/test_online.py sends them bad files
           "tracking.upload",  # issue 18: the organization's corrected files
           "winners.submit_funds_report"}  # issue 18: the winner's own report

# Endpoints that take no user data at all: nothing to fuzz.
NOT_FUZZED = {
    # issue 18: buttons (tests/online/test_online.py)
    "online.start": "a button: only the CSRF token; opens the organization's one draft of the cycle",
    "online.remove_file": "a button behind a confirmation: only the CSRF token",
    "online.take_back": "a button behind a confirmation: only the CSRF token",
    "auth.logout": "a button: only the CSRF token, checked by tests/test_csrf.py; fuzzing it would only log out",
    "auth.log_out_everywhere": "a button: only the CSRF token; fuzzing it would only log out "
                               "(tests/auth/test_sessions.py)",
    "auth.keep_alive": "a script's button: no data but the CSRF header (tests/auth/test_sessions.py)",
    "auth.two_factor_start": "a button: only the CSRF token; starts an enrolment (tests/auth/test_second_factor.py)",
    "admin.reset_second_factor": "a button behind a confirmation: only the CSRF token "
                                 "(tests/auth/test_second_factor.py)",
    "notifications.read": "a button: the CSRF token and an optional `open` flag; only the user's own notice is "
                          "marked (tests/notifications/test_list.py)",
    "notifications.read_all": "a button: only the CSRF token (tests/notifications/test_list.py)",
    "applications.withdraw_correction": "a button behind a confirmation: only the CSRF token "
                                        "(tests/tracking/test_corrections.py)",
}
