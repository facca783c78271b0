"""Art. 6: who may use the register of winners, on real records - the office reads and writes, the leading group
reads only, an expert is refused, an anonymous visitor is sent to log in."""
import io
from datetime import date

import pytest

from reviewapp.demo.documents import minimal_pdf
from reviewapp.models import FundsReport, Role, TitleMisuseKind, TitleMisuseReport

READ = ["/winners/", "/winners/{award}", "/winners/misuse/{misuse}", "/winners/files/funds/{funds}"]
WRITE = ["/winners/{award}/activities", "/winners/{award}/funds-reports", "/winners/{award}/misuse",
         "/winners/misuse/{misuse}/handling", "/winners/misuse/{misuse}/close", "/winners/policy"]


@pytest.fixture
def ids(db, app, winner):
    from reviewapp.winners.operations import file_path

    funds = FundsReport(award_record_id=winner.id, report_year=1, received_on=date(2025, 8, 1), stored_name="h8probe",
                        original_name="r.pdf", mimetype="application/pdf", size=10, sha256="0" * 64)
    misuse = TitleMisuseReport(award_record_id=winner.id, kind=TitleMisuseKind.ON_PRODUCT,
                               received_on=date(2026, 11, 1), source="来电", description="包装")
    db.session.add_all([funds, misuse])
    db.session.commit()
    file_path(funds).parent.mkdir(parents=True, exist_ok=True)
    file_path(funds).write_bytes(minimal_pdf(["probe"]))
    yield {"award": winner.id, "misuse": misuse.id, "funds": funds.id}
    file_path(funds).unlink(missing_ok=True)


def _status(client, url, method):
    if method == "GET":
        with client.get(url) as response:
            return response.status_code
    return client.post(url, data={"funds-attachment": (io.BytesIO(b""), "")},
                       content_type="multipart/form-data").status_code


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADING_GROUP, Role.EXPERT, None])
def test_art6_office_writes_leading_group_reads_others_are_refused(db, client, auth, make_user, ids, role):
    if role is not None:
        make_user("someone", role)
        auth.login("someone")
    for template in READ + WRITE:
        url = template.format(**ids)
        for method in (["GET"] if template in READ else ["POST"]) + (["GET"] if template == "/winners/policy" else []):
            status = _status(client, url, method)
            if role is None:
                assert status == 302, (url, method, status)
            elif role is Role.OFFICE or (role is Role.LEADING_GROUP and template in READ):
                assert status in (200, 302, 400), (url, method, role, status)
            else:
                assert status == 403, (url, method, role, status)
