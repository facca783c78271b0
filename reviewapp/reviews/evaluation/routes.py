"""The office's comprehensive evaluation pages (Art. 20): the ranking with its parts, the candidate list for the
leading group, the comprehensive evaluation report as a printable page and a PDF, each applicant's feedback
report (Art. 26), and reviewer calibration (Art. 8(3), 8(5), 17)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from reviewapp.charts import radar_svg
from reviewapp.city_calendar import city_today
from reviewapp.domain import comprehensive as rules
from reviewapp.domain.calibration import DEFAULT_LEAN_THRESHOLD, IN_LINE, LENIENT, SEVERE
from reviewapp.domain_text import explain
from reviewapp.downloads import audited_pdf
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.listing import id_arg
from reviewapp.models import Application, Cycle, Role
from reviewapp.permissions import require_role
from reviewapp.reviews.evaluation import operations, queries
from reviewapp.reviews.evaluation.feedback import feedback_filename, feedback_html
from reviewapp.reviews.evaluation.forms import CandidatesForm

bp = Blueprint("evaluation", __name__)


LEANING_LABELS = {LENIENT: _l("lenient"), SEVERE: _l("severe"), IN_LINE: _l("in line")}
SORTS = ("-mean", "mean")  # most lenient first, most severe first


def profile_chart(evaluation, ranked_row, size=220):
    """Per applicant, the 7 category percentages, document review against on-site review."""
    standard = evaluation.standard
    axes = [f"{c.code} {c.name}" for c in standard.categories]
    series = [(_("Document review"), [ranked_row.document_profile[c.code] for c in standard.categories])]
    if ranked_row.row.onsite.submitted:
        series.append((_("On-site review"), [ranked_row.onsite_profile[c.code] for c in standard.categories]))
    return radar_svg(axes, [(name, [float(v) if v is not None else None for v in values]) for name, values in series],
                     size=size, title=ranked_row.application.organization.name, missing_label=_("not scored"))


@bp.route("/cycles/<int:cycle_id>/ranking", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def ranking(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    evaluation = queries.evaluate(cycle)
    form = CandidatesForm()
    if form.validate_on_submit():
        levels = {r.entry.key: request.form.get(f"level-{r.entry.key}", "") for r in evaluation.ranked}
        reasons = {r.entry.key: request.form.get(f"reason-{r.entry.key}", "") for r in evaluation.ranked}
        with flashing_refusals() as outcome:
            warnings = operations.propose_candidates(evaluation, {k: v for k, v in levels.items() if v}, current_user,
                                                     reasons)
        if outcome.done:
            flash(_("The candidate list is proposed to the leading group."), "success")
            for message, params in warnings:  # passed over, with the reason the group will read
                flash(explain(message, params), "info")
            return redirect(url_for("evaluation.ranking", cycle_id=cycle.id))
    return render_template("reviews/ranking.html", cycle=cycle, evaluation=evaluation, form=form,
                           typed=request.form if request.method == "POST" else None, AWARD=rules.AWARD,
                           NOMINATION=rules.NOMINATION, profile_chart=profile_chart)


@bp.route("/cycles/<int:cycle_id>/ranking/report")
@require_role(Role.OFFICE)
def ranking_report(cycle_id: int):
    """The comprehensive evaluation report (综合评价报告): all applicants ranked, scores, category profiles,
    the panels' recommendations and the proposed candidates."""
    cycle = db.get_or_404(Cycle, cycle_id)
    evaluation = queries.evaluate(cycle)
    html = render_template("reviews/ranking_print.html", cycle=cycle, evaluation=evaluation,
                           profile_chart=profile_chart,
                           print_title=_("Benxi Mayor's Quality Award") + " " + _("Comprehensive evaluation report"),
                           header_rows=[(_("Award cycle"), cycle.name),
                                        (_("Weight of the document review"),
                                         f"{evaluation.settings['document_weight_percent']}%"),
                                        (_("Date"), format_date(city_today(), "long"))])
    if request.args.get("format") == "pdf":
        return audited_pdf(html, f"{cycle.name}-{_('Comprehensive evaluation report')}.pdf", subject=cycle,
                           details={"report": "comprehensive"})
    return html


@bp.route("/applications/<int:application_id>/feedback")
@require_role(Role.OFFICE)
def feedback(application_id: int):
    """The applicant feedback report (Art. 26): strengths and opportunities for improvement by category from the
    panels' submitted reports, and the category profile. No reviewer or panel names: the feedback is the
    panels' collective word."""
    application = db.get_or_404(Application, application_id)
    html = feedback_html(application)
    if request.args.get("format") == "pdf":
        return audited_pdf(html, feedback_filename(application), subject=application, details={"report": "feedback"})
    return html


def _sorted(rows: list[queries.CalibrationRow], sort: str) -> list[queries.CalibrationRow]:
    descending = sort.startswith("-")
    return sorted(rows, key=lambda row: (-row.overall.mean if descending else row.overall.mean,
                                         row.expert.person.name))


@bp.route("/calibration")
@require_role(Role.OFFICE)
def calibration_page():
    cycle_id = id_arg("cycle")
    cycle = db.get_or_404(Cycle, cycle_id) if cycle_id else None
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else SORTS[0]
    rows = _sorted(queries.calibration([cycle.id] if cycle else None), sort)
    return render_template("reviews/calibration.html", rows=rows, cycle=cycle, cycles=queries.cycles_newest_first(),
                           sort=sort, leaning_labels=LEANING_LABELS, threshold=DEFAULT_LEAN_THRESHOLD)
