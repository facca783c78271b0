"""The applicant feedback report of Art. 26 as a printable page: the office's copy (reviews/evaluation) and the
organization's own download (reviewapp/tracking) render it here, the same way."""
from flask import render_template
from flask_babel import format_date
from flask_babel import gettext as _

from reviewapp.charts import radar_svg
from reviewapp.city_calendar import city_today
from reviewapp.domain.standard import load_standard
from reviewapp.models import Application
from reviewapp.reviews.evaluation import queries
from reviewapp.reviews.reports.queries import submitted_reports


def feedback_html(application: Application) -> str:
    """Strengths and opportunities for improvement by category from the panels' submitted reports, and the category
    profile. No reviewer or panel names: the feedback is the panels' collective word (Art. 26, 33)."""
    standard = load_standard(application.cycle.standard_version)
    profiles = [(report, queries.category_profile(standard, report)) for report in submitted_reports(application)]
    chart = radar_svg([f"{c.code} {c.name}" for c in standard.categories],
                      [(report.stage.label, [float(p[c.code]) for c in standard.categories])
                       for report, p in profiles], size=260, title=application.organization.name) if profiles else None
    return render_template("reviews/feedback_print.html", application=application, standard=standard,
                           profiles=profiles, chart=chart,
                           print_title=_("Benxi Mayor's Quality Award") + " " + _("Feedback report"),
                           header_rows=[(_("Award cycle"), application.cycle.name),
                                        (_("Applicant"), application.organization.name),
                                        (_("Date"), format_date(city_today(), "long"))])


def feedback_filename(application: Application) -> str:
    return f"{application.number}-{_('Feedback report')}.pdf"
