"""The award certificate (Art. 24, 28) as a printable page: printed by the office (awards.certificate) and downloaded
by the winner itself (reviewapp/tracking), the same way."""
from flask import render_template

from reviewapp.awards import official
from reviewapp.models import AwardRecord


def certificate_html(award: AwardRecord, decision) -> tuple[str, str, str]:
    """The page, its PDF's file name and the certificate's number."""
    context = official.certificate_context(award, decision)
    html = render_template("awards/certificate_print.html", print_title=context["award_name"], **context)
    return html, f"{context['award_name']} {context['organization']} {context['year']}.pdf", context["number"]
