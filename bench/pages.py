"""Page benchmark (issue #8, "Benchmarks"): SQL queries per page as the data grows 10x, and report PDF render times.

Seeds a fresh SQLite database with a cycle in the document review: `n` applicants, each on its own five-member
panel whose sheets are all submitted, and the leader's report; the demo expert sits on every panel (so their
assignment list grows with n). Then, in-process through Flask's test client, counts the SQL statements of the
pages people live in at n and at 10 n, and times the PDF of a panel report and of the comprehensive report
(at 10 n: 40 applicants by default, 5 landscape pages and ~700 table cells) - the whole request, wall and CPU.

    .venv/bin/python -m bench.pages [--small 4] [--repeat 5]

Nothing is asserted: the aims are printed next to the figures as PASS/MISS (no query growth; issue #19: the
comprehensive report < 1 s, the panel report < 0.6 s). The PDF verdict is on the request's CPU time, which is its
wall time on an idle core (one thread, no I/O to wait for) and stays put when other processes share the cores;
the wall time and the load average are printed beside it.
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/pages.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.aims import aim  # noqa: E402

AIM_PDF_S = {"panel report PDF": 0.6, "comprehensive report PDF": 1.0}  # issue #19, "Documents"
PASSWORD = "bench-password-1"


@contextmanager
def counted(engine):
    from sqlalchemy import event

    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def make_app(folder: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite'}"
    from config import TestingConfig
    from reviewapp import create_app

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
        UPLOAD_FOLDER = str(folder / "uploads")

    return create_app(BenchConfig)


def seed(app, n: int):
    """A cycle in the document review with n applicants; returns (cycle, the bench expert's user, office user)."""
    from datetime import date

    from sqlalchemy import select

    from reviewapp.admin.operations import create_user
    from reviewapp.domain.cycle_settings import default_settings
    from reviewapp.domain.standard import load_standard
    from reviewapp.extensions import db
    from reviewapp.models import (
        Application,
        ApplicationStatus,
        AwardKind,
        Cycle,
        Expert,
        ImpartialityDeclaration,
        Organization,
        OrgKind,
        Panel,
        PanelApplicant,
        PanelMember,
        PanelReport,
        PanelStage,
        Person,
        ReportStatus,
        Role,
        ScoreSheet,
        SheetStatus,
        Stage,
    )
    from reviewapp.models.base import utcnow

    items = [item.code for item in load_standard().items]
    create_user("office", "办公室", PASSWORD, [Role.OFFICE], "zh")
    bench_user = create_user("expert", "基准专家", PASSWORD, [Role.EXPERT], "zh")
    bench_expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == bench_user.id))
    cycle = Cycle(name="基准届次", year=2026, reference_date=date(2026, 3, 1), standard_version="GB/T 19580-2012",
                  award_quota=2, nomination_quota=5, stage=Stage.DOCUMENT_REVIEW, settings=default_settings())
    db.session.add(cycle)
    db.session.flush()
    db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=bench_expert.id, text_version="2026.1",
                                           text_sha256="x" * 64))
    recommender = Organization(name="本溪市质量协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
    db.session.add(recommender)
    for i in range(n):
        org = Organization(name=f"基准申报组织{i:04d}", kind=OrgKind.ENTERPRISE)
        db.session.add(org)
        db.session.flush()
        application = Application(cycle_id=cycle.id, organization_id=org.id, number=f"2026-{i + 1:04d}",
                                  award=AwardKind.AWARD, recommender_id=recommender.id,
                                  recommendation_opinion="同意推荐", recommendation_signatory="会长",
                                  recommendation_date=date(2026, 3, 1), status=ApplicationStatus.ACCEPTED)
        panel = Panel(cycle_id=cycle.id, stage=PanelStage.DOCUMENT_REVIEW, name=f"评审组{i:04d}")
        db.session.add_all([application, panel])
        db.session.flush()
        members = [bench_expert]
        for j in range(4):
            person = Person(name=f"专家{i:04d}-{j}")
            db.session.add(person)
            db.session.flush()
            expert = Expert(person_id=person.id)
            db.session.add(expert)
            db.session.flush()
            members.append(expert)
        for j, expert in enumerate(members):
            db.session.add(PanelMember(panel_id=panel.id, expert_id=expert.id, is_leader=j == 0))
            db.session.add(ScoreSheet(application_id=application.id, expert_id=expert.id,
                                      stage=PanelStage.DOCUMENT_REVIEW,
                                      percents={code: 50 + 5 * ((i + j) % 5) for code in items},
                                      status=SheetStatus.SUBMITTED, submitted_at=utcnow()))
        db.session.add(PanelApplicant(panel_id=panel.id, application_id=application.id,
                                      stage=PanelStage.DOCUMENT_REVIEW))
        db.session.add(PanelReport(application_id=application.id, panel_id=panel.id,
                                   stage=PanelStage.DOCUMENT_REVIEW, consensus={code: 60 for code in items},
                                   recommend=True, status=ReportStatus.SUBMITTED, submitted_at=utcnow()))
    db.session.commit()
    return cycle.id, db.session.scalar(select(Application.id).where(Application.cycle_id == cycle.id).limit(1))


def shape(pdf: bytes, html: str) -> tuple[int, int]:
    """(pages, table cells) of a report: what its render time grows with, printed beside it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document), len(re.findall(r"<t[dh][\s>]", html))
    finally:
        document.close()


def measure(n: int, repeat: int) -> dict:
    from reviewapp.extensions import db
    from reviewapp.models import PanelReport

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp))
        with app.app_context():
            db.create_all()
            cycle_id, application_id = seed(app, n)
            report_id = db.session.query(PanelReport.id).first()[0]
        expert, office = app.test_client(), app.test_client()
        expert.post("/auth/login", data={"username": "expert", "password": PASSWORD})
        office.post("/auth/login", data={"username": "office", "password": PASSWORD})
        pages = {
            "expert: assignments (home)": (expert, "/"),
            "expert: score sheet": (expert, f"/reviews/{application_id}/document_review"),
            "leader: consolidation": (expert, f"/reviews/{application_id}/document_review/report"),
            "office: review progress": (office, f"/reviews/cycles/{cycle_id}"),
            "office: comprehensive evaluation": (office, f"/reviews/cycles/{cycle_id}/ranking"),
        }
        with app.app_context():
            engine = db.engine
        # requests run outside any app context, as under a server: each gets its own `g` (and logged-in user)
        result = {}
        for name, (client, url) in pages.items():
            client.get(url)  # warm caches (the standard's table, templates)
            with counted(engine) as statements:
                status = client.get(url).status_code
            result[name] = (len(statements), status)
        timings = {}
        for name, page in (("panel report PDF", f"/reviews/reports/{report_id}"),
                           ("comprehensive report PDF", f"/reviews/cycles/{cycle_id}/ranking/report")):
            url = page + "?format=pdf"
            pdf = office.get(url)
            assert pdf.mimetype == "application/pdf", url
            walls, cpus = [], []
            for _ in range(repeat):
                start, start_cpu = time.perf_counter(), time.process_time()
                office.get(url)
                walls.append(time.perf_counter() - start)
                cpus.append(time.process_time() - start_cpu)
            timings[name] = (statistics.median(walls), statistics.median(cpus),
                            shape(pdf.data, office.get(page).get_data(as_text=True)))
        return {"queries": result, "pdf": timings}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=4, help="applicants at the small scale (the large is 10x)")
    parser.add_argument("--repeat", type=int, default=5, help="PDF renders timed per report (median printed)")
    args = parser.parse_args(argv)
    small = measure(args.small, args.repeat)
    large = measure(args.small * 10, args.repeat)
    print(f"SQL queries per page, {args.small} vs {args.small * 10} applicants (the bench expert sits on every panel)")
    for name, (count, status) in small["queries"].items():
        big, big_status = large["queries"][name]
        verdict = "PASS" if big == count and status == big_status == 200 else "MISS"
        print(f"  {name:36} {count:4} -> {big:4}  (HTTP {status}/{big_status})  no growth: {verdict}")
    print(f"PDF render, whole request (median of {args.repeat}, {args.small * 10} applicants, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for name, (wall, cpu, (pages, cells)) in large["pdf"].items():
        print(f"  {name:36} {cpu:6.3f} s CPU  {wall:6.3f} s wall  ({pages} pages, {cells} table cells)")
    for name, (wall, cpu, (pages, cells)) in large["pdf"].items():
        aim("pdf", f"{name} ({pages} pages, {cells} table cells)",
            f"{cpu:.2f} s CPU (wall {wall:.2f} s, load {os.getloadavg()[0]:.1f})", f"< {AIM_PDF_S[name]:g} s",
            ok=cpu < AIM_PDF_S[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
