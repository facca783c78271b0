from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale

from reviewapp.conflicts import service
from reviewapp.conflicts.explain import hops, sentence
from reviewapp.domain.coi import load_policy
from reviewapp.extensions import db
from reviewapp.models import Cycle, Organization, Person, Role
from reviewapp.permissions import login_required, require_role

bp = Blueprint("conflicts", __name__)
# Every app context (a request, a command) gives back the engines it leased (service.LiveEngines, issue 19).
bp.record_once(lambda state: state.app.teardown_appcontext(service.release_engines))


@bp.route("/policy/<version>")
@login_required
def policy(version: str):
    """The recusal rules, their basis and parameters: anyone who reviews or runs a cycle may read them."""
    try:
        policy = load_policy(version)
    except ValueError:
        abort(404)
    return render_template("conflicts/policy.html", policy=policy, english=str(get_locale()) == "en")


@bp.route("/cycles/<int:cycle_id>")
@require_role(Role.OFFICE)
def matrix(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    result = service.cycle_matrix(cycle)
    only_conflicted = request.args.get("only") == "conflicted"
    rule = request.args.get("rule") or None
    experts = [p for p in result.experts if not only_conflicted or
               any(key[0] == p.id for key in result.findings)]
    return render_template("conflicts/matrix.html", cycle=cycle, matrix=result, experts=experts, rule=rule,
                           only_conflicted=only_conflicted, policy=load_policy(cycle.coi_policy_version))


@bp.route("/cycles/<int:cycle_id>/experts/<int:person_id>/organizations/<int:org_id>")
@require_role(Role.OFFICE)
def pair(cycle_id: int, person_id: int, org_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    person, org = db.get_or_404(Person, person_id), db.get_or_404(Organization, org_id)
    engine = service.cycle_engine(cycle)
    findings = service.conflicts_between(cycle, person.id, org.id)
    names = {entity_id: entity.name for entity_id, entity in engine.entities.items()}
    explained = [{"finding": f, "sentence": sentence(f, names), "hops": hops(f)} for f in findings]
    return render_template("conflicts/pair.html", cycle=cycle, person=person, org=org, explained=explained,
                           names=names, cycle_entities=engine.entities, policy=load_policy(cycle.coi_policy_version),
                           english=str(get_locale()) == "en")
