"""The audit log in words: what each recorded action and object type is called, and an entry's details as labelled
values people read (the recorded JSON stays in the database)."""
import json
from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    CreditRecordKind,
    DeclarationKind,
    ExpertNoteKind,
    ExpertStatus,
    FindingKind,
    InvestigationConclusion,
    ListChangeSource,
    MaterialKind,
    MoneyKind,
    NoticeKind,
    OrgKind,
    OutsideAwardKind,
    PanelStage,
    RelationSource,
    RelationType,
    ReportStatus,
    SheetStatus,
    SiteIssueKind,
    SiteIssueResolution,
    Stage,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
)

# What an audit entry is about: every table an entry can name (obj.__tablename__), and the explicit object types.
OBJECT_TYPE_LABELS = {
    "application": _l("Application"),
    "assignment_proposal": _l("Assignment proposal"),
    "audit_entry": _l("Audit entry"),
    "audit_head": _l("Audit chain"),
    "award_record": _l("Award record"),
    "organization_account": _l("Organization's account"),
    "application_draft": _l("Online application"),
    "recusal_request": _l("Recusal request"),  # issue 18, Art. 33
    "candidate": _l("Candidate"),
    "commendation_decision": _l("Commendation decision"),
    "commendation_scan": _l("Scanned commendation decision"),
    "conflict_declaration": _l("Conflict declaration"),
    "credit_record": _l("Credit record"),
    "cycle": _l("Award cycle"),
    "entity_merge": _l("Merge of duplicates"),
    "expert": _l("Expert"),
    "expert_availability": _l("Expert availability"),
    "expert_note": _l("Note on an expert"),
    "graph_change": _l("Change of the graph"),  # issue 19
    "graph_version": _l("Graph version"),
    "group_decision": _l("Leading group decision"),
    "group_opinion": _l("Leading group member's opinion"),
    "holiday_schedule": _l("Holiday schedule"),
    "impartiality_declaration": _l("Impartiality declaration"),
    "investigation": _l("Investigation"),
    "investigation_evidence": _l("Evidence of an investigation"),
    "site_issue_evidence": _l("Photo or evidence of a site-visit issue"),
    "judgement_record": _l("Acceptance judgement"),
    "list_change": _l("Change of the approved list"),
    "list_entry": _l("Entry of the approved list"),
    "login_attempt": _l("Login attempt"),
    "material": _l("Material"),
    "correction_request": _l("Correction request (Art. 16)"),
    "misconduct_finding": _l("Misconduct finding"),
    "money_entry": _l("Incentive money entry"),
    "notice": _l("Public notice"),
    "call_publication": _l("Publication of the call in the media"),
    "opinion_request": _l("Opinion requested from a department"),
    "organization": _l("Organization"),
    "outside_award": _l("Outside award"),
    "panel": _l("Review panel"),
    "panel_applicant": _l("Panel applicant"),
    "panel_member": _l("Panel member"),
    "panel_report": _l("Panel report"),
    "comprehensive_report": _l("Comprehensive evaluation report"),
    "person": _l("Person"),
    "public_submission": _l("Objection or report"),
    "rate_limit_hit": _l("Rate limit hit"),
    "recovery_code": _l("Recovery code"),
    "notification": _l("In-app notification"),
    "outbox_message": _l("Outbox message (mail or text message)"),
    "relation": _l("Relation"),
    "score_sheet": _l("Score sheet"),
    "site_issue": _l("Site visit issue"),
    "site_visit": _l("Site visit"),
    "submission_evidence": _l("Evidence of a submission"),
    "suggestion_dismissal": _l("Dismissed suggestion"),
    "used_challenge": _l("Used check of a public form"),
    "winner_activity": _l("Winner's sharing, exchange or promotion activity"),
    "winner_funds_report": _l("Winner's use-of-funds report"),
    "winner_misuse_report": _l("Report of title misuse"),
    "winner_duty_policy": _l("Policy for the winners' duties"),
    "user": _l("User"),
    "withdrawal": _l("Withdrawal"),
    "user_role": _l("User role"),
    "user_session": _l("Login session"),
    "import": _l("Spreadsheet import"),
}


ACTION_LABELS = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "login_locked": _l("Login refused (locked)"),
    "login_refused_inactive": _l("Login refused (deactivated)"),
    "login_second_factor_failed": _l("Wrong second-factor code at login"),
    "second_factor_enabled": _l("Second factor set up"),
    "second_factor_disabled": _l("Second factor turned off"),
    "second_factor_reset": _l("Second factor reset by the office"),
    "recovery_codes_renewed": _l("New recovery codes made"),
    "logout": _l("Logged out"),
    "logout_everywhere": _l("Logged out everywhere"),
    "session_idle_ended": _l("Session ended after inactivity"),
    "session_lifetime_ended": _l("Session reached its maximum length"),
    "password_changed": _l("Changed own password"),
    "mail_choice_changed": _l("Choice of mails changed"),
    "password_reset_requested": _l("Link to set a new password mailed"),
    "password_reset_by_mail": _l("New password set by the mailed link"),
    "invitation_sent": _l("Invitation to set a password mailed"),
    "invitation_accepted": _l("First password set by the invitation link"),
    # issue 18: organizations' accounts
    "organization_account_registered": _l("Organization registered online"),
    "organization_account_verified": _l("Organization's account verified"),
    "organization_account_refused": _l("Organization's registration refused"),
    "organization_account_invited": _l("Organization's account invited"),
    # issue 18: applying online (reviewapp/online)
    "draft_started": _l("Online application started"),
    "draft_saved": _l("Online application saved"),
    "draft_file_uploaded": _l("File uploaded to an online application"),
    "draft_file_removed": _l("File removed from an online application"),
    "draft_file_downloaded": _l("File of an online application downloaded"),
    "draft_submitted": _l("Online application submitted to the recommender"),
    "draft_taken_back": _l("Online application taken back by the organization"),
    "draft_signed": _l("Recommendation opinion signed online"),
    "draft_declined": _l("Recommendation declined"),
    "recusal_requested": _l("Recusal request sent by an applicant organization"),  # issue 18, Art. 33
    "recusal_request_handled": _l("Recusal request handled"),
    "recusal_request_rejected": _l("Recusal request not adopted"),
    "password_reset": _l("Password reset by the office"),
    "locale_changed": _l("Changed language"),
    "audit_rekeyed": _l("Audit trail rekeyed (flask audit rekey)"),
    "user_created": _l("User created"),
    "user_updated": _l("User changed"),
    "user_activated": _l("User activated"),
    "user_deactivated": _l("User deactivated"),
    "cycle_created": _l("Cycle created"),
    "cycle_updated": _l("Cycle changed"),
    "cycle_deadlines_set": _l("Cycle's deadlines set"),
    "cycle_stage_changed": _l("Cycle moved to the next stage"),
    "holiday_schedule_saved": _l("Holiday schedule saved"),
    "organization_created": _l("Organization registered"),
    "organization_updated": _l("Organization changed"),
    "credit_record_added": _l("Credit record added"),
    "award_record_added": _l("Award history added"),
    "finding_added": _l("Misconduct finding added"),
    "relation_created": _l("Relation recorded"),
    "relation_ended": _l("Relation ended"),
    "graph_imported": _l("Entities and relations imported"),
    "relation_updated": _l("Relation changed"),
    "person_created": _l("Person added to the graph"),
    "conflict_declared": _l("Conflict declared by the expert"),
    "conflict_recorded": _l("Conflict recorded by the office"),
    "avoidance_request_recorded": _l("Avoidance request recorded"),
    "avoidance_request_accepted": _l("Avoidance request accepted"),
    "avoidance_request_rejected": _l("Avoidance request rejected"),
    "declaration_withdrawn": _l("Declared conflict withdrawn"),
    "application_registered": _l("Application registered"),
    "application_updated": _l("Application changed"),
    "material_uploaded": _l("Material uploaded"),
    "material_downloaded": _l("Material downloaded"),
    "correction_requested": _l("Sent back for correction (Art. 16)"),
    "correction_withdrawn": _l("Correction request withdrawn"),
    "correction_lapsed": _l("Correction not made in time"),
    "correction_resubmitted": _l("Corrected application resubmitted"),
    "application_corrected": _l("Application corrected by the organization"),
    "feedback_downloaded": _l("Feedback report downloaded by the organization (Art. 26)"),
    "certificate_downloaded": _l("Certificate downloaded by the winner"),
    "commendation_downloaded": _l("Commendation decision downloaded by the winner"),
    "judgement_recorded": _l("Judgement recorded"),
    "application_accepted": _l("Application accepted"),
    "application_rejected": _l("Application rejected"),
    "opinion_requested": _l("Opinion requested from a department"),
    "opinion_reply_recorded": _l("Department's reply recorded"),
    "opinion_scan_downloaded": _l("Scanned reply downloaded"),
    "application_excluded": _l("Application excluded (Art. 30)"),
    "exclusion_reversed": _l("Exclusion reversed"),
    "application_withdrawn": _l("Application withdrawn (Art. 5)"),
    "withdrawal_letter_downloaded": _l("Withdrawal letter downloaded"),
    "investigation_opened": _l("Investigation opened"),
    "investigation_evidence_added": _l("Evidence added to an investigation"),
    "investigation_evidence_downloaded": _l("Investigation evidence downloaded"),
    "investigation_concluded": _l("Investigation concluded"),
    "finding_removed": _l("Misconduct finding removed"),
    "notice_published": _l("Notice published"),
    "call_published": _l("Call for applications published"),
    "call_media_recorded": _l("Publication of the call in the media recorded"),
    "notice_withdrawn": _l("Notice withdrawn"),
    "expert_created": _l("Expert added to the pool"),
    "expert_updated": _l("Expert changed"),
    "expert_employer_changed": _l("Expert's employer changed"),
    "expert_status_changed": _l("Expert's status changed"),
    "expert_availability_recorded": _l("Expert's availability recorded"),
    "experts_imported": _l("Experts imported"),
    "experts_exported": _l("Expert pool exported"),
    "score_sheet_saved": _l("Score sheet saved"),
    "score_sheet_submitted": _l("Score sheet submitted"),
    "score_sheet_reopened": _l("Score sheet reopened by the office"),
    "panel_report_saved": _l("Panel report saved"),
    "panel_report_submitted": _l("Panel report submitted"),
    "panel_report_waiver": _l("Exception recorded for missing sheets"),
    "panel_report_reopened": _l("Panel report reopened by the office"),
    "comprehensive_report_saved": _l("Comprehensive evaluation report saved"),
    "comprehensive_report_submitted": _l("Comprehensive evaluation report submitted"),
    "comprehensive_report_reopened": _l("Comprehensive evaluation report reopened by the office"),
    "report_pdf_downloaded": _l("Report downloaded as PDF"),
    "onsite_list_confirmed": _l("On-site list confirmed"),
    "site_visit_planned": _l("Site visit planned"),
    "site_issue_added": _l("Site visit issue added"),
    "site_issue_resolved": _l("Site visit issue resolved"),
    "site_issue_evidence_added": _l("Photo or evidence attached to a site visit issue"),
    "site_issue_evidence_downloaded": _l("Site visit photo or evidence downloaded"),
    "candidates_proposed": _l("Candidate list proposed"),
    "score_sheets_exported": _l("Score sheets exported"),
    "ranking_exported": _l("Comprehensive evaluation exported"),
    "cycle_approval_recorded": _l("City government's approval recorded"),
    "commendation_decision_recorded": _l("Commendation decision recorded"),
    "commendation_scan_downloaded": _l("Scanned commendation decision downloaded"),
    "outside_award_recorded": _l("Outside award recorded"),
    "award_revoked": _l("Award revoked"),
    "award_certificate_printed": _l("Award certificate printed"),
    "money_ledger_exported": _l("Incentive money ledger exported"),
    "money_entry_recorded": _l("Incentive money line recorded"),
    "winner_activity_recorded": _l("Winner's activity recorded"),
    "winner_funds_report_recorded": _l("Use-of-funds report recorded as received"),
    "winner_misuse_recorded": _l("Report of title misuse recorded"),
    "winner_misuse_updated": _l("Finding and action on a misuse report saved"),
    "winner_misuse_closed": _l("Report of title misuse closed"),
    "winner_duty_policy_saved": _l("Policy for the winners' duties saved"),
    "winner_file_downloaded": _l("File of the register of winners downloaded"),
    "group_decision_recorded": _l("Leading group's decision recorded"),
    "ranking_unblinded": _l("Ranking unblinded for the leading group"),
    "group_opinions_saved": _l("Leading group member's opinions saved as a draft"),
    "group_opinions_submitted": _l("Leading group member's opinions submitted"),
    "award_history_shown_to_group": _l("Award history shown to the blinded leading group"),
    "submission_filed": _l("Objection or report filed"),
    "submission_status_changed": _l("Objection or report handled"),
    "submission_linked": _l("Objection or report linked to its subject"),
    "submission_evidence_downloaded": _l("Evidence downloaded"),
    "approved_list_changed": _l("Approved list changed after an objection"),
    "expert_note_recorded": _l("Finding recorded on an expert's record"),
    "assignment_proposed": _l("Automatic assignment proposed"),
    "assignment_edited": _l("Assignment draft edited"),
    "assignment_confirmed": _l("Assignment confirmed"),
    "impartiality_declaration_signed": _l("Impartiality declaration signed"),
    "panel_created": _l("Panel formed"),
    "panel_dissolved": _l("Panel dissolved"),
    "panel_leader_set": _l("Panel leader set"),
    "panel_member_added": _l("Panel member added"),
    "panel_member_removed": _l("Panel member removed"),
    "panel_applicant_added": _l("Applicant added to a panel"),
    "panel_applicant_removed": _l("Applicant removed from a panel"),
    "entity_merged": _l("Duplicate entities merged"),
    "entity_merge_undone": _l("Merge undone"),
    "possible_conflict_confirmed": _l("Possible conflict confirmed"),
    "suggestion_dismissed": _l("Suggestion dismissed"),
}


def action_label(action: str, with_code: bool = False) -> str:
    """What an action is called ("登录"). The audit log keeps the recorded code in the cell's data-code; its filter
    names the code only where two actions share a name (with_code=True)."""
    found = ACTION_LABELS.get(action)
    if not found:
        return action
    return f"{found} ({action})" if with_code else str(found)


def object_type_label(object_type: str | None) -> str:
    if not object_type:
        return ""
    found = OBJECT_TYPE_LABELS.get(object_type)
    return str(found) if found else object_type


def readable_json(value) -> str:
    """JSON for people: Chinese stays readable (no \\u escapes); Jinja still escapes the HTML."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# What the audit log's detail keys mean; a key not listed shows as recorded.
AUDIT_DETAIL_LABELS = {
    "name": _l("Name"), "kind": _l("Kind"), "application_id": _l("Application"), "application": _l("Application"),
    "reason": _l("Reason"), "organization_id": _l("Organization"), "organization": _l("Organization"),
    "cycle_id": _l("Award cycle"), "stage": _l("Stage"), "number": _l("Number"), "type": _l("Type"),
    "from": _l("Previous status"), "to": _l("New status"), "from_name": _l("Relation of"),
    "to_name": _l("Relation with"), "expert_id": _l("Expert"), "expert": _l("Expert"),
    "username": _l("Username"), "person": _l("Person"), "person_name": _l("Person"), "year": _l("Year"),
    "was_leader": _l("Was the leader"), "leader": _l("Leader"), "date": _l("Date"), "note": _l("Note"),
    "roles": _l("Roles"), "resolution": _l("Resolution"), "total": _l("Total"), "scored": _l("Items scored"),
    "recommend": _l("Recommended"), "stage_ended": _l("Review ended"), "amount": _l("Amount"),
    "remote_addr": _l("Address"), "source": _l("Source"), "present": _l("Present"), "receipt": _l("Receipt"),
    "panels": _l("Panels"), "applicants": _l("Applicants"), "experts": _l("Experts"), "document": _l("Document"),
    "approved_on": _l("Approved on"), "awarded_on": _l("Awarded on"), "credit_code": _l("Unified social credit code"),
    "remember": _l("Remember me"), "declared": _l("Declared conflicts"), "version": _l("Version"),
    "demo": _l("Demo data"),
    "override_reason": _l("Override reason"), "accepted_over": _l("Items accepted over"),
    "department": _l("Department"), "due": _l("Reply due by"), "raises_problem": _l("Raises a problem"),
    "scope": _l("Counted per"), "seconds": _l("Wait (seconds)"), "second_factor": _l("Second factor"),
    "sessions_ended": _l("Sessions ended"),
    "below_minimum": _l("Below the cycle's minimum score, with the reason"),
    "deadline": _l("Application deadline"), "previous_deadline": _l("Previous deadline"),
    "supersedes": _l("Supersedes the call"), "award_quota": _l("Awards (quota)"),
    "nomination_quota": _l("Nomination awards (quota)"), "outlet": _l("Outlet"), "published_on": _l("Published on"),
    "reference": _l("Issue, page or web address"),
    "action": _l("Action"),
    "added": _l("Added"),
    "adjusted": _l("Adjusted"),
    "applicant": _l("Applicant"),
    "approved": _l("Approved"),
    "article": _l("Article"),
    "available": _l("Available"),
    "award": _l("Award applied for"),
    "award_record_id": _l("Award record"),
    "awards": _l("Awards won"),
    "back_dated": _l("Entered afterwards"),
    "ban_until": _l("Barred until"),
    "basis": _l("Basis"),
    "because": _l("Because"),
    "before": _l("Before"),
    "by_expert": _l("By the expert"),
    "candidate": _l("Was a candidate"),
    "candidates": _l("Candidates"),
    "changes": _l("Changes"),
    "city_award_id": _l("City award"),
    "clause": _l("Clause"),
    "closed_on": _l("Closed on"),
    "combined": _l("Combined score"),
    "conclusion": _l("Conclusion"),
    "created": _l("Records created"),
    "credit_record_id": _l("Credit record"),
    "cycle": _l("Award cycle"),
    "cycle_name": _l("Award cycle"),
    "decided_on": _l("Decided on"),
    "decision": _l("Decision"),
    "decision_id": _l("Decision"),
    "declared_by_expert": _l("Declared by the expert"),
    "declared_employer": _l("Declared employer"),
    "document_number": _l("Document number"),
    "eligibility": _l("Eligibility"),
    "email": _l("E-mail"),
    "end": _l("End"),
    "entities_created": _l("Entities created"),
    "entities_matched": _l("Entities matched"),
    "entries": _l("Entries"),
    "essential_only": _l("Essential mails only"),
    "event_on": _l("Date of the event"),
    "evidence": _l("Evidence"),
    "failed_checks": _l("Failed checks"),
    "file": _l("File"),
    "filename": _l("File"),
    "finding": _l("Finding"),
    "for_expert": _l("For the expert"),
    "found_on": _l("Found on"),
    "funds_report_due_days": _l("Use-of-funds report due (days)"),
    "held_on": _l("Held on"),
    "holds_city_award": _l("Holds the city award"),
    "investigation_id": _l("Investigation"),
    "issue_id": _l("Site-visit issue"),
    "item": _l("Item"),
    "justification": _l("Justification"),
    "key": _l("Key"),
    "letter": _l("Letter"),
    "level": _l("Level"),
    "listed": _l("Was listed"),
    "locale": _l("Language"),
    "login": _l("Login"),
    "meeting_reference": _l("Meeting"),
    "member": _l("Member"),
    "merged": _l("Merged"),
    "merged_id": _l("Merged"),
    "misuse_open_days": _l("Misuse report open (days)"),
    "money": _l("Money"),
    "moved": _l("Records moved"),
    "not_onsite": _l("Not on site"),
    "notice_id": _l("Notice"),
    "onsite": _l("On site"),
    "open_items": _l("Open items"),
    "opinion_request_id": _l("Opinion request"),
    "organization_name": _l("Organization"),
    "organizations_created": _l("Organizations created"),
    "passed": _l("Passed"),
    "passed_over": _l("Passed over"),
    "phone": _l("Phone"),
    "previous_end": _l("Previous end"),
    "proposed": _l("Proposed value"),
    "received_on": _l("Received on"),
    "recovered": _l("Recovered"),
    "relations_created": _l("Relations created"),
    "relations_ended": _l("Relations ended"),
    "relations_present": _l("Relations already present"),
    "removed": _l("Taken off"),
    "repeat_winner": _l("Won before"),
    "revocation_article": _l("Revocation article"),
    "scan_sha256": _l("Scan fingerprint (SHA-256)"),
    "score": _l("Score"),
    "sha256": _l("Fingerprint (SHA-256)"),
    "size": _l("Size (bytes)"),
    "solver": _l("Solver"),
    "start": _l("Start"),
    "status": _l("Status"),
    "subject": _l("About"),
    "submission_id": _l("Objection or report"),
    "survivor": _l("Kept"),
    "text": _l("Text"),
    "title": _l("Title"),
    "unchanged": _l("Unchanged"),
    "unfilled": _l("Unfilled"),
    "updated": _l("Updated"),
    "with_declaration": _l("With the declaration"),
    "working_days": _l("Working days"),
}
# detail keys whose text values are enum values (a stage, a resolution ...): shown by their label
_ENUM_VALUED_KEYS = frozenset({"stage", "from", "to", "stage_ended", "resolution", "kind", "type", "source", "subject",
                               "status", "conclusion", "level", "award"})
# the enums such values come from; where two share a value (AwardKind.AWARD and MoneyKind.AWARD), the first wins
_VALUE_ENUMS = (Stage, OrgKind, CreditRecordKind, AwardKind, FindingKind, ApplicationStatus, MaterialKind, NoticeKind,
                SubmissionKind, SubmissionSubject, SubmissionStatus, ListChangeSource, MoneyKind, OutsideAwardKind,
                ExpertNoteKind, RelationType, RelationSource, DeclarationKind, PanelStage, ExpertStatus, SheetStatus,
                ReportStatus, SiteIssueKind, SiteIssueResolution, InvestigationConclusion)
_LABEL_BY_VALUE = {value: text for enum_class in reversed(_VALUE_ENUMS)
                   for value, text in enum_class.__labels__.items()}


@dataclass(frozen=True)
class AuditDetail:
    label: str
    value: str
    label_is_code: bool  # a key without a label, shown as recorded
    value_is_code: bool  # a recorded code or structure (rule ids, fingerprints), not words


# actions whose details hold changes as [before, after] (an edit) or as "from"/"to" (a stage or status moving)
CHANGE_ACTIONS = ("_updated", "_changed", "_edited")


def audit_details(details: dict | None, action: str | None = None) -> list[AuditDetail]:
    """An audit entry's details as labelled values people read; the recorded JSON stays in the database. A move
    reads "from … to …" (a stage change, an edited field); what has no label stays as recorded, marked as code."""
    details = dict(details or {})
    found = []
    if "from_name" in details and "to_name" in details:  # a relation: its ends by name, not by their ids
        details.pop("from", None), details.pop("to", None)
    elif details.get("from") in _LABEL_BY_VALUE and details.get("to") in _LABEL_BY_VALUE:  # a stage or status moved
        start, end = details.pop("from"), details.pop("to")
        label = _l("Stage") if start in Stage._value2member_map_ or end in Stage._value2member_map_ else _l("Change")
        found.append(AuditDetail(str(label), _from_to(("from", start), ("to", end)), False, False))
    edits = action is not None and action.endswith(CHANGE_ACTIONS)
    for key, value in sorted(details.items()):
        label = str(AUDIT_DETAIL_LABELS.get(key, key))
        if edits and isinstance(value, list) and len(value) == 2:
            found.append(AuditDetail(label, _from_to((key, value[0]), (key, value[1])), key not in AUDIT_DETAIL_LABELS,
                                     False))
            continue
        text, is_code = _detail_value(key, value)
        found.append(AuditDetail(label, text, key not in AUDIT_DETAIL_LABELS, is_code))
    return found


def _from_to(start: tuple[str, object], end: tuple[str, object]) -> str:
    return gettext("from %(start)s to %(end)s", start=_detail_value(*start)[0], end=_detail_value(*end)[0])


def _detail_value(key: str, value) -> tuple[str, bool]:
    if isinstance(value, bool):
        return (gettext("Yes") if value else gettext("No")), False
    if value is None:
        return "—", False
    if isinstance(value, str) and key in _ENUM_VALUED_KEYS and value in _LABEL_BY_VALUE:
        return str(_LABEL_BY_VALUE[value]), False
    if isinstance(value, list) and all(isinstance(item, (str, int)) and not isinstance(item, bool) for item in value):
        words = [str(_LABEL_BY_VALUE.get(item, item)) if key in _ENUM_VALUED_KEYS else str(item) for item in value]
        text = gettext(", ").join(words) if words else "—"
    else:
        text = readable_json(value) if isinstance(value, dict | list) else str(value)
    return text, any("a" <= ch.lower() <= "z" for ch in text)
