from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.conflicts.service import expert_people
from reviewapp.domain.i18n import N_
from reviewapp.errors import flash_form_errors, flashing_refusals
from reviewapp.extensions import db
from reviewapp.graph import operations, queries
from reviewapp.graph.forms import (
    IN,
    OUT,
    DecisionForm,
    DeclarationFilterForm,
    DeclarationForm,
    EndRelationForm,
    OwnDeclarationForm,
    OwnRelationForm,
    PeopleSearchForm,
    PersonForm,
    RelationForm,
    WithdrawForm,
)
from reviewapp.graph.vocabulary import EXPERT_TYPES
from reviewapp.listing import page_arg
from reviewapp.models import ConflictDeclaration, DeclarationKind, Organization, Person, Relation, RelationSource, Role
from reviewapp.permissions import (
    ensure,
    ensure_visible,
    has_role,
    is_own_person,
    is_own_relation,
    may_end_relation,
    require_role,
)
from reviewapp.urls import safe_next

bp = Blueprint("graph", __name__)


STALE = N_("Someone else changed this relation while you were editing. Reload the page and make your change again.")


def entity_url(entity) -> str:
    if isinstance(entity, Person):
        return url_for("graph.person", person_id=entity.id)
    return url_for("graph.organization", org_id=entity.id)


@bp.context_processor
def graph_helpers():
    return {"entity_url": entity_url, "today": queries.today(), "is_person": lambda e: isinstance(e, Person)}



# --- people ---------------------------------------------------------------------------------------------------------

@bp.route("/people")
@require_role(Role.OFFICE)
def people():
    form = PeopleSearchForm(request.args)
    form.validate()
    page = queries.people_page(form.q.data, page_arg())
    return render_template("graph/people.html", form=form, page=page)


@bp.route("/people/new", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new_person():
    form = PersonForm()
    if form.validate_on_submit():
        person = operations.create_person(form.data, current_user)
        flash(_("%(name)s added to the people of the graph.", name=person.name), "success")
        return redirect(entity_url(person))
    return render_template("graph/person_form.html", form=form)


@bp.route("/people/<int:person_id>")
@require_role(Role.OFFICE, Role.EXPERT)
def person(person_id: int):
    person = db.get_or_404(Person, person_id)
    if not has_role(current_user, Role.OFFICE):
        # An expert sees only their own relations, on their own page; other people do not exist for them.
        ensure_visible(is_own_person(current_user, person))
        return redirect(url_for("graph.me"))
    return _render_entity(person)


@bp.route("/organizations/<int:org_id>")
@require_role(Role.OFFICE)
def organization(org_id: int):
    return _render_entity(db.get_or_404(Organization, org_id))


# --- relations, entered by the office -------------------------------------------------------------------------------

def _relation_form(anchor, **kwargs) -> RelationForm:
    # Nearly every type ends at an organization, so on an organization's page the other end usually comes first.
    kwargs.setdefault("data", {"direction": OUT if isinstance(anchor, Person) else IN})
    return RelationForm(anchor=anchor, resolve=queries.resolve_entity, **kwargs)


def _render_entity(entity, form=None, status: int = 200):
    return render_template(
        "graph/entity.html", entity=entity, rows=queries.relation_rows(entity),
        declarations=queries.declarations_about(entity),
        form=form if form is not None else _relation_form(entity, formdata=None),
        options=queries.person_options() + queries.organization_options()), status


def _add_relation(anchor):
    form = _relation_form(anchor)
    if form.validate_on_submit():
        source, target = (anchor, form.other_entity) if form.outgoing else (form.other_entity, anchor)
        with flashing_refusals(form, field="type") as outcome:
            operations.add_relation(source, target, form.relation_data(), RelationSource.OFFICE, current_user)
        if outcome.done:
            flash(_("Relation recorded."), "success")
            return redirect(entity_url(anchor))
    flash(_("The relation was not recorded: please correct the marked fields."), "danger")
    return _render_entity(anchor, form, 422)


@bp.route("/people/<int:person_id>/relations", methods=["POST"])
@require_role(Role.OFFICE)
def add_person_relation(person_id: int):
    return _add_relation(db.get_or_404(Person, person_id))


@bp.route("/organizations/<int:org_id>/relations", methods=["POST"])
@require_role(Role.OFFICE)
def add_org_relation(org_id: int):
    return _add_relation(db.get_or_404(Organization, org_id))


def _anchor(relation: Relation, token: str | None):
    """The end whose page the user came from (p12 / o5); the 'from' end unless the token names the other one."""
    return relation.target_entity if token == relation.entity_target_id else relation.source_entity


def _edit_data(relation: Relation, anchor) -> dict:
    outgoing = anchor is relation.source_entity
    other = relation.target_entity if outgoing else relation.source_entity
    return {"direction": OUT if outgoing else IN, "type": relation.type.value, "other": other.entity_id,
            "start_date": relation.start_date, "end_date": relation.end_date,
            "share_percent": None if relation.share is None else relation.share * 100, "degree": relation.degree,
            "note": relation.note, "token": queries.relation_token(relation)}


@bp.route("/relations/<int:relation_id>/edit", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def edit_relation(relation_id: int):
    relation = db.get_or_404(Relation, relation_id)
    anchor = _anchor(relation, request.args.get("anchor"))
    form = _relation_form(anchor, data=None if request.method == "POST" else _edit_data(relation, anchor))
    status = 200
    if form.validate_on_submit():
        source, target = (anchor, form.other_entity) if form.outgoing else (form.other_entity, anchor)
        with flashing_refusals(form, field="type", stale_message=STALE) as outcome:
            operations.update_relation(relation, source, target, form.relation_data(), form.token.data,
                                       current_user)
        if outcome.done:
            flash(_("Relation saved."), "success")
            return redirect(entity_url(anchor))
        status = 409 if outcome.stale else 422
    elif request.method == "POST":
        status = 422
    current_other = relation.target_entity if anchor is relation.source_entity else relation.source_entity
    return render_template("graph/relation_edit.html", form=form, relation=relation, anchor=anchor,
                           current_other=current_other,
                           options=queries.person_options() + queries.organization_options()), status


def _end(relation: Relation, operation, *args) -> None:
    form = EndRelationForm(relation=relation)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return
    with flashing_refusals(stale_message=STALE) as outcome:
        operation(*args, relation, form.end_date.data, form.token.data, current_user)
    if outcome.done:
        flash(_("Relation ended on %(date)s.", date=form.end_date.data.isoformat()), "success")


@bp.route("/relations/<int:relation_id>/end", methods=["POST"])
@require_role(Role.OFFICE)
def end_relation(relation_id: int):
    relation = db.get_or_404(Relation, relation_id)
    anchor = _anchor(relation, request.form.get("anchor"))
    _end(relation, operations.end_relation)
    return redirect(entity_url(anchor))


# --- an expert's own affiliations and declarations ------------------------------------------------------------------

def _own_person() -> Person:
    person = queries.own_person(current_user)
    if person is None:  # every expert login has its person (admin.operations.ensure_person)
        abort(404)
    return person


def _own_relation_form(person: Person, **kwargs) -> OwnRelationForm:
    return OwnRelationForm(anchor=person, resolve=partial(queries.resolve_entity, people="holders"),
                           types=EXPERT_TYPES, **kwargs)


def _own_declaration_form(**kwargs) -> OwnDeclarationForm:
    return OwnDeclarationForm(applicants=queries.applicant_choices(), **kwargs)


def _render_me(person: Person, form=None, declaration_form=None, status: int = 200):
    return render_template(
        "graph/me.html", person=person, rows=queries.relation_rows(person),
        form=form if form is not None else _own_relation_form(person, formdata=None),
        declaration_form=declaration_form if declaration_form is not None else _own_declaration_form(formdata=None),
        declarations=queries.own_declarations(person),
        options=queries.organization_options() + queries.holder_options()), status


@bp.route("/me")
@require_role(Role.EXPERT)
def me():
    return _render_me(_own_person())


@bp.route("/me/relations", methods=["POST"])
@require_role(Role.EXPERT)
def add_own_relation():
    person = _own_person()
    form = _own_relation_form(person)
    if form.validate_on_submit():
        with flashing_refusals(form, field="type") as outcome:
            operations.add_own_relation(person, form.other_entity, form.other.data, form.relation_data(),
                                        current_user)
        if outcome.done:
            flash(_("Your affiliation is recorded."), "success")
            return redirect(url_for("graph.me"))
    flash(_("The affiliation was not recorded: please correct the marked fields."), "danger")
    return _render_me(person, form=form, status=422)


@bp.route("/me/relations/<int:relation_id>/end", methods=["POST"])
@require_role(Role.EXPERT)
def end_own_relation(relation_id: int):
    relation = db.get_or_404(Relation, relation_id)
    ensure_visible(is_own_relation(current_user, relation))  # someone else's relation does not exist for them
    ensure(may_end_relation(current_user, relation))
    _end(relation, operations.end_own_relation)
    return redirect(url_for("graph.me"))


@bp.route("/me/declarations", methods=["POST"])
@require_role(Role.EXPERT)
def declare_conflict():
    person = _own_person()
    form = _own_declaration_form()
    if form.validate_on_submit():
        org = db.get_or_404(Organization, form.organization.data)
        if queries.accepted_declaration(person.id, org.id, DeclarationKind.EXPERT):
            flash(_("You have already declared a conflict with %(name)s.", name=org.name), "info")
        else:
            operations.declare_own_conflict(person, org, form.reason.data, current_user)
            flash(_("Your conflict with %(name)s is recorded: you will not review it.", name=org.name), "success")
        return redirect(url_for("graph.me"))
    flash(_("The conflict was not recorded: please correct the marked fields."), "danger")
    return _render_me(person, declaration_form=form, status=422)


# --- declarations, for the office -----------------------------------------------------------------------------------

def _resolve_expert(text: str | None):
    person = queries.resolve_entity(text, organizations=False)
    return person if person is not None and person.id in {p.id for p in expert_people()} else None


def _declaration_form(prefix: str, **kwargs) -> DeclarationForm:
    return DeclarationForm(prefix=prefix, resolve_person=_resolve_expert,
                           resolve_organization=partial(queries.resolve_entity, people="none"), **kwargs)


def _render_declarations(status: int = 200, **forms):
    filters = DeclarationFilterForm(request.args)
    filters.validate()
    kind = filters.kind.data if not filters.kind.errors else None
    state = filters.status.data if not filters.status.errors else None
    page = queries.declarations_page(kind or None, state or None, page_arg())
    forms.setdefault("office_form", _declaration_form("office", formdata=None))
    forms.setdefault("request_form", _declaration_form("request", formdata=None))
    return render_template("graph/declarations.html", filters=filters, page=page,
                           people=[(p.entity_id, p.name) for p in expert_people()],
                           organizations=queries.organization_options(), **forms), status


@bp.route("/declarations")
@require_role(Role.OFFICE)
def declarations():
    return _render_declarations()


def _record(prefix: str, operation, message: str):
    form = _declaration_form(prefix)
    if form.validate_on_submit():
        operation(form.person_entity, form.organization_entity, form.reason.data, current_user)
        flash(message, "success")
        return redirect(url_for("graph.declarations"))
    flash(_("Nothing was recorded: please correct the marked fields."), "danger")
    return _render_declarations(422, **{f"{prefix}_form": form})


@bp.route("/declarations/office", methods=["POST"])
@require_role(Role.OFFICE)
def record_office_conflict():
    return _record("office", operations.record_office_conflict, _("Conflict recorded; it counts at once (R7)."))


@bp.route("/declarations/requests", methods=["POST"])
@require_role(Role.OFFICE)
def record_avoidance_request():
    return _record("request", operations.record_avoidance_request,
                   _("Avoidance request recorded; it counts once accepted."))


@bp.route("/declarations/<int:declaration_id>/decide", methods=["POST"])
@require_role(Role.OFFICE)
def decide_declaration(declaration_id: int):
    declaration = db.get_or_404(ConflictDeclaration, declaration_id)
    form = DecisionForm()
    if form.validate_on_submit():
        with flashing_refusals(category="warning") as outcome:
            operations.decide_request(declaration, bool(form.accept.data), form.note.data, current_user)
        if outcome.done:
            flash(_("Request accepted: the expert will not review this applicant (R7).") if form.accept.data
                  else _("Request rejected."), "success")
    else:
        flash_form_errors(form)
    return redirect(safe_next(request.form.get("next"), "graph.declarations"))


@bp.route("/declarations/<int:declaration_id>/withdraw", methods=["POST"])
@require_role(Role.OFFICE)
def withdraw_declaration(declaration_id: int):
    declaration = db.get_or_404(ConflictDeclaration, declaration_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        with flashing_refusals(category="warning") as outcome:
            operations.withdraw_declaration(declaration, form.note.data, current_user)
        if outcome.done:
            flash(_("Declaration withdrawn."), "success")
    else:
        flash_form_errors(form)
    return redirect(safe_next(request.form.get("next"), "graph.declarations"))
