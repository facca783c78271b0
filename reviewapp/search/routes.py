from flask import Blueprint, render_template, request

from reviewapp.models import Role
from reviewapp.permissions import require_role
from reviewapp.search.forms import MAX_QUERY, SearchForm
from reviewapp.search.queries import LIMIT, search

bp = Blueprint("search", __name__)


@bp.route("/")
@require_role(Role.OFFICE)
def index():
    form = SearchForm(request.args)
    asked = "q" in request.args
    results = search(form.q.data) if asked and form.validate() else None
    return render_template("search/index.html", form=form, results=results, asked=asked, limit=LIMIT)


@bp.app_context_processor
def search_box():
    """The box's length limit, wherever the box is (the search page, the office's home)."""
    return {"search_max_query": MAX_QUERY}
