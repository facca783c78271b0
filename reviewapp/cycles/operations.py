"""Cycles: creation, settings, moving through the stages of Art. 13, the call (Art. 14), public notices, holiday
schedules."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reviewapp import audit
from reviewapp.city_calendar import city_today, workday_calendar
from reviewapp.cycles import queries
from reviewapp.domain import cycle_stages
from reviewapp.domain.call import CallContent, call_problems
from reviewapp.domain.credit_code import check_credit_code
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.deadlines import FIELDS as DEADLINE_FIELDS
from reviewapp.domain.deadlines import order_problems
from reviewapp.domain.i18n import N_
from reviewapp.domain.workdays import UnknownCalendarYear, parse_schedule
from reviewapp.errors import BatchRefused, Refused, StaleWrite
from reviewapp.extensions import db
from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    CallPublication,
    Cycle,
    GroupDecision,
    HolidaySchedule,
    ListEntry,
    Notice,
    NoticeKind,
    PanelStage,
    Stage,
)
from reviewapp.models.base import utcnow
from reviewapp.panels import operations as panel_operations

CYCLE_FIELDS = ("name", "year", "reference_date", "application_deadline", "standard_version", "award_quota",
                "nomination_quota", "announcement")


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def create_cycle(data: dict, acting) -> Cycle:
    cycle = Cycle(settings=with_defaults(data["settings"]))
    for name in CYCLE_FIELDS:
        setattr(cycle, name, data[name].strip() if isinstance(data[name], str) else data[name])
    db.session.add(cycle)
    audit.record("cycle_created", cycle, user=acting, details={"name": cycle.name, "year": cycle.year})
    db.session.commit()
    return cycle


LOCKED_AFTER_APPLICATION = ("reference_date", "standard_version")
# Art. 14, 15: what the published call states is the cycle's; only an amended call changes it
SET_BY_THE_CALL = ("application_deadline", "award_quota", "nomination_quota")


def update_cycle(cycle: Cycle, data: dict, expected_version: int, acting) -> None:
    if cycle.version != expected_version:
        raise StaleWrite
    if queries.current_call(cycle) is not None and any(getattr(cycle, name) != data[name]
                                                       for name in SET_BY_THE_CALL):
        raise Refused(N_("The application deadline and the quotas are those the published call states (Art. 14); "
                         "publish an amended call to change them."))
    if cycle.stage not in (Stage.ANNOUNCEMENT, Stage.APPLICATION) and any(
            getattr(cycle, name) != data[name] for name in LOCKED_AFTER_APPLICATION):
        # Eligibility and scores were judged against them: changing them now would rewrite past decisions.
        raise Refused(N_("The reference date and the evaluation standard are fixed once the acceptance review "
                         "has started."))
    changes = {}
    for name in CYCLE_FIELDS:
        value = data[name].strip() if isinstance(data[name], str) else data[name]
        if getattr(cycle, name) != value:
            changes[name] = [_plain(getattr(cycle, name)), _plain(value)]
            setattr(cycle, name, value)
    settings = with_defaults({**cycle.settings, **data["settings"]})
    if cycle.candidates_proposed_at is not None and \
            settings["blind_group_review"] != with_defaults(cycle.settings)["blind_group_review"]:
        # the leading group's blinded view ends with its decision, audit-logged; never by a settings change
        raise Refused(N_("The leading group's blinded review cannot be switched once the candidate list has been "
                         "proposed (Art. 20)."))
    refusals = cycle_stages.fixed_setting_refusals(cycle.stage.value, with_defaults(cycle.settings), settings)
    if refusals:
        raise Refused.because_of((message, {}) for message in refusals)
    if settings != cycle.settings:
        changes["settings"] = [cycle.settings, settings]
        cycle.settings = settings
    if changes:
        audit.record("cycle_updated", cycle, user=acting, details=changes)
    db.session.commit()


def set_deadlines(cycle: Cycle, dates: dict, expected_version: int, acting) -> None:
    """The dates people work to (issue 16), all or nothing: a date out of the procedure's order refuses the save.
    Any date may lie in the past (a late cycle's records); late work itself is never refused by them."""
    if cycle.version != expected_version:
        raise StaleWrite
    problems = order_problems(dates)
    if problems:
        raise Refused.because_of([(message, params) for _field, message, params in problems], field=problems[0][0])
    changes = {name: [_plain(getattr(cycle, name)), _plain(dates[name])] for name in DEADLINE_FIELDS
               if getattr(cycle, name) != dates[name]}
    for name in changes:
        setattr(cycle, name, dates[name])
    if changes:
        audit.record("cycle_deadlines_set", cycle, user=acting, details=changes)
    db.session.commit()


# Art. 17: a review's panels are dissolved when the cycle leaves that review; the on-site panels carry on through
# the comprehensive evaluation (Art. 20: the panel gives the comprehensive score and forms its report).
PANELS_ENDING_WITH = {Stage.DOCUMENT_REVIEW: PanelStage.DOCUMENT_REVIEW,
                      Stage.COMPREHENSIVE_EVALUATION: PanelStage.ONSITE_REVIEW}


def advance(cycle: Cycle, acting) -> Stage:
    """Move the cycle to the next stage of Art. 13, or refuse with what is missing. Leaving a review dissolves its
    panels (Art. 17) in the same transaction."""
    blockers = queries.stage_blockers(cycle)
    if blockers:
        raise Refused.because_of((b.message, b.params) for b in blockers)
    previous = cycle.stage
    cycle.stage = Stage(cycle_stages.next_stage(previous.value))
    if previous in PANELS_ENDING_WITH:
        panel_operations.dissolve_at_stage_end(cycle, PANELS_ENDING_WITH[previous], acting)
    # Applications are registered only while the cycle is in its application stage (Art. 15).
    cycle.open_for_applications = cycle.stage is Stage.APPLICATION
    audit.record("cycle_stage_changed", cycle, user=acting,
                 details={"from": previous.value, "to": cycle.stage.value})
    try:
        db.session.commit()
    except IntegrityError:  # another cycle was opened for applications at the same moment
        db.session.rollback()
        raise Refused(N_("Another cycle is open for applications; only one cycle may be open at a time.")) from None
    return cycle.stage


CALL_STAGES = (Stage.ANNOUNCEMENT, Stage.APPLICATION)


def call_stage_refusal(cycle: Cycle) -> tuple[str, dict] | None:
    """Art. 14, 15: a call, or an amended call, is published until applications close."""
    if cycle.stage in CALL_STAGES:
        return None
    return N_("A call is published, or amended, only before applications close (Art. 14, 15)."), {}


def publish_call(cycle: Cycle, title: str, body: str, content: CallContent, acting) -> Notice:
    """Art. 14: publish the call for applications, or an amended call that supersedes the current one. The cycle's
    deadline and quotas become the call's (one source of truth, Art. 15); the earlier call stays visible."""
    refusal = call_stage_refusal(cycle)
    if refusal is not None:
        raise Refused(*refusal)
    today = city_today()
    problems = call_problems(content, today)
    if problems:
        raise Refused.because_of(problems)
    previous = queries.current_call(cycle)
    notice = Notice(cycle_id=cycle.id, kind=NoticeKind.CALL, title=title.strip(), body=body.strip(),
                    start_date=today, end_date=content.deadline, working_days=_working_days(today, content.deadline),
                    entries=[], details=content.as_json(), supersedes_id=previous.id if previous else None,
                    published_by_id=acting.id)
    db.session.add(notice)
    _take_from_call(cycle, content)
    audit.record("call_published", notice, user=acting,
                 details={"cycle_id": cycle.id, "deadline": content.deadline.isoformat(),
                          "award_quota": content.award_quota, "nomination_quota": content.nomination_quota,
                          "supersedes": previous.id if previous else None,
                          "previous_deadline": previous.end_date.isoformat() if previous else None})
    db.session.commit()
    return notice


def _working_days(start, end) -> int:
    try:
        return workday_calendar().working_days_between(start, end)
    except (UnknownCalendarYear, ValueError):  # a year whose holidays are not entered yet: the call names its date
        return 0


def _take_from_call(cycle: Cycle, content: CallContent) -> None:
    cycle.application_deadline = content.deadline
    cycle.award_quota, cycle.nomination_quota = content.award_quota, content.nomination_quota


def record_call_publication(notice: Notice, outlet: str, published_on, reference: str, acting) -> CallPublication:
    """Art. 14: the call appears in the city's main media and on the government website; the office records
    each outlet and date, shown on the public call."""
    if notice.kind is not NoticeKind.CALL or notice.withdrawn:
        raise Refused(N_("Media publications are recorded for a published call only (Art. 14)."))
    if published_on > city_today():
        raise Refused(N_("A publication cannot be dated after today (%(today)s)."),
                      {"today": city_today().isoformat()}, field="published_on")
    outlet = outlet.strip()
    if any(m.outlet == outlet and m.published_on == published_on for m in notice.media):
        raise Refused(N_("This publication is already recorded."), field="outlet")
    publication = CallPublication(notice_id=notice.id, outlet=outlet, published_on=published_on,
                                  reference=reference.strip() or None, recorded_by_id=acting.id)
    db.session.add(publication)
    audit.record("call_media_recorded", notice, user=acting,
                 details={"outlet": outlet, "published_on": published_on.isoformat(), "reference": reference})
    db.session.commit()
    return publication


def acceptance_entries(cycle: Cycle) -> list[dict]:
    """The snapshot a published acceptance notice keeps: it never changes afterwards."""
    entries = []
    for application in queries.applications_of(cycle):
        if application.status is ApplicationStatus.ACCEPTED:
            code = check_credit_code(application.organization.credit_code or "")
            entries.append({"number": application.number, "organization": application.organization.name,
                            "division": code.division_name if code.valid else None,
                            "award": application.award.value})
    return entries


PUBLISHED_IN = {
    NoticeKind.ACCEPTANCE: (Stage.ACCEPTANCE_REVIEW, N_("The acceptance notice is published during the acceptance "
                                                        "review.")),
    NoticeKind.PROPOSED_WINNERS: (Stage.PROPOSED_NOTICE, N_("The proposed-winner notice is published in the "
                                                            "proposed-winner notice stage (Art. 21).")),
}


def stage_refusal(cycle: Cycle, kind: NoticeKind) -> tuple[str, dict] | None:
    """Why a notice of this kind cannot be published at the cycle's stage, or None: the form page shows it
    instead of the form."""
    stage, message = PUBLISHED_IN[kind]
    return None if cycle.stage is stage else (message, {})


def _check_stage(cycle: Cycle, kind: NoticeKind) -> None:
    refusal = stage_refusal(cycle, kind)
    if refusal is not None:
        raise Refused(*refusal)


def publish_acceptance_notice(cycle: Cycle, title: str, body: str, start, end, acting, commit: bool = True) -> Notice:
    """Art. 16: the acceptance list is publicly noticed for at least the cycle's number of working days."""
    _check_stage(cycle, NoticeKind.ACCEPTANCE)
    facts = queries.stage_facts(cycle)
    if facts.undecided:
        raise Refused(N_("%(n)s application(s) still await the acceptance decision."), {"n": facts.undecided})
    if facts.accepted == 0:
        raise Refused(N_("No application has been accepted."))
    if queries.current_notice(cycle, NoticeKind.ACCEPTANCE) is not None:
        raise Refused(N_("An acceptance notice is already published; withdraw it first to publish a new one."))
    return _publish(cycle, NoticeKind.ACCEPTANCE, title, body, start, end, acceptance_entries(cycle), acting, commit)


def proposed_winner_entries(cycle: Cycle) -> list[dict]:
    """The approved list as the proposed-winner notice keeps it (Art. 21): awards first, then nominations."""
    entries = db.session.scalars(select(ListEntry).where(ListEntry.cycle_id == cycle.id)).all()
    entries = sorted(entries, key=lambda e: (e.level is not AwardKind.AWARD, -(e.combined_score or 0)))
    return [{"application_id": e.application_id, "number": e.application.number,
             "organization": e.application.organization.name, "level": e.level.value,
             "repeat_winner": e.repeat_winner} for e in entries]


def publish_proposed_winner_notice(cycle: Cycle, title: str, body: str, start, end, acting,
                                   commit: bool = True) -> Notice:
    """Art. 21: the list the leading group approved is publicly noticed for at least the cycle's number of
    working days; objections may be filed while it runs (Art. 22)."""
    _check_stage(cycle, NoticeKind.PROPOSED_WINNERS)
    if db.session.scalar(select(GroupDecision.id).where(GroupDecision.cycle_id == cycle.id)) is None:
        raise Refused(N_("The leading group's decision on the candidate list has not been recorded (Art. 20)."))
    if queries.current_notice(cycle, NoticeKind.PROPOSED_WINNERS) is not None:
        raise Refused(N_("A proposed-winner notice is already published; withdraw it first to publish a new one."))
    return _publish(cycle, NoticeKind.PROPOSED_WINNERS, title, body, start, end, proposed_winner_entries(cycle),
                    acting, commit)


def _publish(cycle: Cycle, kind: NoticeKind, title: str, body: str, start, end, entries: list[dict],
             acting, commit: bool = True) -> Notice:
    """A public notice on the official calendar: never back-dated, at least the cycle's working days, and a
    snapshot of its list that never changes afterwards (Art. 16, 21)."""
    if start < city_today():
        # A notice cannot be back-dated: the public must be able to read it for its whole period.
        raise Refused(N_("A notice cannot start in the past (today is %(today)s)."),
                      {"today": city_today().isoformat()})
    minimum = with_defaults(cycle.settings)["notice_working_days"]
    try:
        period = workday_calendar().check_notice_period(start, end, minimum)
    except UnknownCalendarYear as unknown:
        raise Refused(unknown.message, unknown.params) from None
    if not period.ok:
        raise Refused(period.message, period.params)
    notice = Notice(cycle_id=cycle.id, kind=kind, title=title.strip(), body=body.strip(),
                    start_date=start, end_date=end, working_days=period.working_days,
                    entries=entries, published_by_id=acting.id)
    db.session.add(notice)
    audit.record("notice_published", notice, user=acting,
                 details={"cycle_id": cycle.id, "kind": notice.kind.value, "start": start.isoformat(),
                          "end": end.isoformat(), "working_days": period.working_days,
                          "entries": len(notice.entries)})
    _commit_unless_batch(commit)
    return notice


# A notice may be withdrawn only until the cycle moves past the stage in which a new one can be published in its
# place (PUBLISHED_IN): later the cycle would carry on without a valid notice (Art. 16, 21).
TOO_LATE_TO_WITHDRAW = {
    NoticeKind.CALL: N_("The call can no longer be withdrawn: applications are open. Publish an amended call to "
                        "correct it (Art. 14)."),
    NoticeKind.ACCEPTANCE: N_("The acceptance notice can no longer be withdrawn: the cycle has moved past the "
                              "acceptance review, where a new notice could be published (Art. 16)."),
    NoticeKind.PROPOSED_WINNERS: N_("The proposed-winner notice can no longer be withdrawn: the cycle has moved past "
                                    "the proposed-winner notice stage, where a new notice could be published "
                                    "(Art. 21)."),
}


def withdrawal_refusal(notice: Notice, cycle: Cycle | None) -> tuple[str, dict] | None:
    """Why the notice cannot be withdrawn now, or None: the page shows it instead of the form."""
    if notice.withdrawn:
        return N_("This notice has already been withdrawn."), {}
    if notice.kind not in TOO_LATE_TO_WITHDRAW or cycle is None:
        return None
    published_in = Stage.ANNOUNCEMENT if notice.kind is NoticeKind.CALL else PUBLISHED_IN[notice.kind][0]
    if cycle_stages.STAGES.index(cycle.stage.value) > cycle_stages.STAGES.index(published_in.value):
        return TOO_LATE_TO_WITHDRAW[notice.kind], {}
    return None


def withdraw_notice(notice: Notice, reason: str, acting, commit: bool = True) -> None:
    refusal = withdrawal_refusal(notice, notice.cycle)
    if refusal is not None:
        raise Refused(*refusal)
    notice.withdrawn_at = utcnow()
    notice.withdrawn_by_id = acting.id
    notice.withdrawal_reason = reason.strip()
    if notice.kind is NoticeKind.CALL and notice.cycle is not None:
        # the call it superseded, if any, is the current one again, and with it its deadline (Art. 15)
        db.session.flush()
        current = queries.current_call(notice.cycle)
        if current is not None:
            _take_from_call(notice.cycle, CallContent.from_json(current.details))
    audit.record("notice_withdrawn", notice, user=acting, details={"reason": notice.withdrawal_reason})
    _commit_unless_batch(commit)


def _commit_unless_batch(commit: bool) -> None:
    """A notice published or withdrawn alone commits; one of several (issue 17) waits for the others."""
    if commit:
        db.session.commit()
    else:
        db.session.flush()


PUBLISHERS = {NoticeKind.ACCEPTANCE: publish_acceptance_notice,
              NoticeKind.PROPOSED_WINNERS: publish_proposed_winner_notice}


def publish_many(notices: list[tuple[str, Cycle, NoticeKind, str, str, object, object]], acting) -> list[Notice]:
    """Issue 17: several notices (key, cycle, kind, title, body, start, end) published at once, each through its
    own rules (its stage, its list, at least the cycle's working days from today on: Art. 16, 21); all or nothing:
    BatchRefused maps each refused key to why."""
    return _all_or_nothing([(key, lambda c=cycle, k=kind, t=title, b=body, s=start, e=end:
                             PUBLISHERS[k](c, t, b, s, e, acting, commit=False))
                            for key, cycle, kind, title, body, start, end in notices])


def withdraw_many(notices: list[Notice], reason: str, acting) -> None:
    """Issue 17: several notices withdrawn at once with one reason, each through its own rules; all or nothing."""
    if not (reason or "").strip():
        raise Refused(N_("Give the reason for the withdrawal."))
    _all_or_nothing([(notice.id, lambda n=notice: withdraw_notice(n, reason, acting, commit=False))
                     for notice in notices])


def _all_or_nothing(writes: list) -> list:
    if not writes:
        raise Refused(N_("Choose at least one notice."))
    done, refusals = [], {}
    for key, write in writes:
        try:
            done.append(write())
        except Refused as refusal:
            refusals[key] = refusal.problems
    if refusals:
        db.session.rollback()
        raise BatchRefused(refusals)
    db.session.commit()
    return done


def save_holiday_schedule(year: int, text: str, source: str, acting) -> HolidaySchedule:
    """Store the State Council's schedule for a year; parse errors propagate (ScheduleParseError)."""
    parse_schedule(year, text)
    schedule = db.session.scalar(select(HolidaySchedule).where(HolidaySchedule.year == year)) \
        or HolidaySchedule(year=year)
    schedule.text, schedule.source = text.strip(), source.strip()
    schedule.entered_by_id, schedule.entered_at = acting.id, utcnow()
    db.session.add(schedule)
    audit.record("holiday_schedule_saved", schedule, user=acting, details={"year": year, "source": schedule.source})
    db.session.commit()
    return schedule
