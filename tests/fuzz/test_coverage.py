"""A new form endpoint is fuzzed, or the suite says so: every endpoint of the URL map that accepts a POST is in
tests/fuzz/targets.py (forms), tests/fuzz/test_uploads.py or tests/fuzz/test_spreadsheets.py (files), or in the
short, commented list of endpoints that take no user data."""
from tests.fuzz.targets import NOT_FUZZED, TARGETS, UPLOADS


def post_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}


def test_every_post_endpoint_is_fuzzed(app):
    fuzzed = {target.endpoint for target in TARGETS} | UPLOADS | set(NOT_FUZZED)
    assert post_endpoints(app) - fuzzed == set(), "add the new endpoints to tests/fuzz/targets.py"


def test_the_fuzz_lists_name_only_post_endpoints(app):
    listed = [target.endpoint for target in TARGETS]
    assert len(listed) == len(set(listed)), "an endpoint is listed twice"
    assert (set(listed) | UPLOADS | set(NOT_FUZZED)) - post_endpoints(app) == set()


def test_each_target_submits_as_a_role_that_may(app):
    """The fuzzing must get past the access check, or it only fuzzes the 403 page."""
    from reviewapp.models import Role
    from reviewapp.permissions import PUBLIC
    from tests.access import ACCESS

    roles = {"office": Role.OFFICE, "expert": Role.EXPERT, "leader": Role.EXPERT, "member1": Role.EXPERT,
             "unsigned": Role.EXPERT, "group": Role.LEADING_GROUP, "applicant": Role.APPLICANT}  # issue 18
    for target in TARGETS:
        access = ACCESS[target.endpoint]
        if target.role == "anonymous":
            assert access == PUBLIC, target.endpoint
        elif access != PUBLIC and not isinstance(access, str):
            assert roles[target.role] in access, target.endpoint
