"""Writes to the register of winners (Art. 10, 26-29): the office records; the leading group only reads (Art. 6)."""
from datetime import date

from reviewapp import audit
from reviewapp.city_calendar import city_today
from reviewapp.domain import winner_duties
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (
    AwardRecord,
    FundsReport,
    TitleMisuseKind,
    TitleMisuseReport,
    WinnerActivity,
    WinnerActivityKind,
    WinnerDutyPolicy,
)
from reviewapp.models.winner import WinnerFileMixin
from reviewapp.notifications.operations import notify_office
from reviewapp.notifications.rendering import app_path
from reviewapp.uploads import StoredUpload, kept_if_committed, store_upload, upload_folder
from reviewapp.winners import queries

# what a winner records itself (Art. 27); a promotion (Art. 10) is the recommender's or the office's
ORGANIZATION_ACTIVITIES = (WinnerActivityKind.SHARING.value, WinnerActivityKind.EXCHANGE.value)


def _check_in_register(award: AwardRecord) -> None:
    if award.revoked_on is not None:
        raise Refused(N_("This award was revoked on %(date)s: its register takes no more entries (Art. 31, 32)."),
                      {"date": award.revoked_on.isoformat()})


def _attach(record: WinnerFileMixin, stored: StoredUpload) -> None:
    for column, value in stored.columns().items():
        setattr(record, column, value)


def file_path(record: WinnerFileMixin):
    return upload_folder() / record.stored_name


def _tell_office(award: AwardRecord, kind: str, **params) -> None:
    """Issue 18: what a winner submits through its own account reaches the office's register; the office is told."""
    notify_office(kind, app_path("winners.register", award_id=award.id), organization=award.organization.name,
                  **params)


def record_activity(award: AwardRecord, data: dict, upload: tuple[str, bytes] | None, acting,
                    by_organization: bool = False) -> WinnerActivity:
    """Art. 27 (sharing events, exchange activities) and Art. 10 (promotion by a recommender or the office).
    `by_organization`: the winner records it through its own account (issue 18); it never records a promotion."""
    _check_in_register(award)
    if by_organization and data["kind"] not in ORGANIZATION_ACTIVITIES:
        raise Refused(N_("A winner records its own sharing events and exchange activities (Art. 27)."), field="kind")
    if data["held_on"] < award.awarded_on:
        raise Refused(N_("The activity cannot be before the award (%(date)s)."),
                      {"date": award.awarded_on.isoformat()}, field="held_on")
    kind = WinnerActivityKind(data["kind"])
    promoter_id = (data["promoter_id"] or None) if kind is WinnerActivityKind.PROMOTION else None
    activity = WinnerActivity(award_record_id=award.id, kind=kind, held_on=data["held_on"],
                              title=data["title"].strip(), place=data["place"].strip(),
                              audience=(data["audience"] or "").strip() or None,
                              promoter_id=promoter_id,
                              summary=(data["summary"] or "").strip() or None, recorded_by_id=acting.id,
                              by_organization=by_organization)
    stored = store_upload(*upload, field="attachment") if upload is not None else None
    with kept_if_committed(stored):
        if stored is not None:
            _attach(activity, stored)
        db.session.add(activity)
        audit.record("winner_activity_recorded", activity, user=acting,
                     details={"award_record_id": award.id, "kind": kind.value,
                              "held_on": activity.held_on.isoformat(), "title": activity.title,
                              "file": activity.original_name, "by_organization": by_organization})
        if by_organization:
            _tell_office(award, "winner_activity_submitted")
        db.session.commit()
    return activity


def record_funds_report(award: AwardRecord, year: int, received_on: date, note: str | None,
                        upload: tuple[str, bytes], acting, by_organization: bool = False) -> FundsReport:
    """Art. 29: the use-of-funds report for a year after the award, received on `received_on`, with its file.
    `by_organization`: the winner submits it through its own account (issue 18), for a year that is over."""
    _check_in_register(award)
    problems = winner_duties.funds_report_problems(award.awarded_on, award.repeat, year, received_on, city_today(),
                                                  set(queries.funds_reports_of(award)))
    if by_organization and not problems:
        state = queries.winner_state(award, city_today())
        if year not in winner_duties.reportable_years(state.funds):
            problems = [(N_("The report for year %(year)s after the award can be submitted once that year is over."),
                         {"year": year})]
    if problems:
        raise Refused.because_of(problems)
    report = FundsReport(award_record_id=award.id, report_year=year, received_on=received_on,
                         note=(note or "").strip() or None, recorded_by_id=acting.id, by_organization=by_organization)
    stored = store_upload(*upload, field="attachment")
    with kept_if_committed(stored):
        _attach(report, stored)
        db.session.add(report)
        audit.record("winner_funds_report_recorded", report, user=acting,
                     details={"award_record_id": award.id, "year": year, "received_on": received_on.isoformat(),
                              "file": report.original_name, "sha256": report.sha256,
                              "by_organization": by_organization})
        if by_organization:
            _tell_office(award, "winner_funds_report_submitted", year=year)
        db.session.commit()
    return report


def record_misuse(award: AwardRecord, data: dict, acting) -> TitleMisuseReport:
    """Art. 28: a report that the winner misuses the title (without the year, after validity, on products)."""
    _check_in_register(award)
    if data["received_on"] > city_today():
        raise Refused(N_("The date received %(date)s is in the future."), {"date": data["received_on"].isoformat()},
                      field="received_on")
    report = TitleMisuseReport(award_record_id=award.id, kind=TitleMisuseKind(data["kind"]),
                               received_on=data["received_on"], source=data["source"].strip(),
                               description=data["description"].strip(), recorded_by_id=acting.id)
    db.session.add(report)
    audit.record("winner_misuse_recorded", report, user=acting,
                 details={"award_record_id": award.id, "kind": report.kind.value,
                          "received_on": report.received_on.isoformat(), "source": report.source})
    db.session.commit()
    return report


def _check_open(report: TitleMisuseReport) -> None:
    if report.closed_on is not None:
        raise Refused(N_("This misuse report was closed on %(date)s and can no longer be changed."),
                      {"date": report.closed_on.isoformat()})


def save_misuse_handling(report: TitleMisuseReport, finding: str | None, action: str | None, acting) -> None:
    """Art. 28, 6: the office's finding and the action taken, while the report is open."""
    _check_open(report)
    report.finding, report.action = (finding or "").strip() or None, (action or "").strip() or None
    audit.record("winner_misuse_updated", report, user=acting,
                 details={"award_record_id": report.award_record_id, "finding": report.finding,
                          "action": report.action})
    db.session.commit()


def close_misuse(report: TitleMisuseReport, closed_on: date | None, acting) -> None:
    """Art. 28, 6: closing needs the saved finding and action; it is final."""
    _check_open(report)
    problems = winner_duties.misuse_closing_problems(report.finding or "", report.action or "", report.received_on,
                                                     closed_on, city_today())
    if problems:
        raise Refused.because_of(problems)
    report.closed_on = closed_on
    audit.record("winner_misuse_closed", report, user=acting,
                 details={"award_record_id": report.award_record_id, "closed_on": closed_on.isoformat()})
    db.session.commit()


def save_policy(funds_report_due_days: int, misuse_open_days: int, basis: str, acting) -> WinnerDutyPolicy:
    """The office's policy for the duties' dates, with its basis (Art. 29 and 28 set no date)."""
    row = queries.policy_row()
    if row is None:
        row = WinnerDutyPolicy()
        db.session.add(row)
    before = {"funds_report_due_days": row.funds_report_due_days, "misuse_open_days": row.misuse_open_days}
    row.funds_report_due_days, row.misuse_open_days = funds_report_due_days, misuse_open_days
    row.basis, row.updated_by_id = basis.strip(), acting.id
    audit.record("winner_duty_policy_saved", row, user=acting,
                 details={"before": before, "funds_report_due_days": funds_report_due_days,
                          "misuse_open_days": misuse_open_days, "basis": row.basis})
    db.session.commit()
    return row
