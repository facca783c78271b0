"""flask coi check: the conflict-of-interest exchange format on the command line (issue #4).

The case is self-contained: the command never touches the database, so other tools can call it anywhere."""
import json
import sys

import click

from reviewapp.domain.coi import CaseError, check_case, load_case

CHECK_HELP = """Check a self-contained case for conflicts of interest.

Reads FILE.json ("-" for standard input), a UTF-8 JSON case, without touching the
database, and prints the conflicts as JSON.

\b
Input:
  {"as_of": "YYYY-MM-DD",
   "entities": [{"id", "kind": "person"|"organization", "name", "uscc"?}],
   "relations": [{"type", "from", "to", "start"?, "end"?, "share"?, "degree"?}],
   "experts": [ids], "applicants": [ids],
   "declared"?: [{"expert", "applicant", "reason"}]}
  Dates are YYYY-MM-DD; experts are people, applicants organizations.
  Relation types: employed_by, director_of, supervisor_of, senior_manager_of,
  legal_representative_of, person_in_charge_of, shareholder_of (share in
  (0, 1]), actual_controller_of, subsidiary_of (child -> parent), spouse_of,
  in_law_of, blood_relative_of (degree), consulted_for, competitor_of,
  recommended, member_of.

\b
Output:
  {"conflicts": [{"expert", "applicant", "rule", "path": [ids from expert to
   applicant], "relations": [types along the path]}]}
  One object per (expert, applicant, rule) that holds, sorted by expert,
  applicant, rule; the path is one shortest explaining path for that rule
  (for R7: [expert, applicant] with relations ["declared"]).

\b
Exit status:
  0  the case was checked (with or without conflicts);
  2  bad input: unreadable file, invalid JSON, an unknown relation type, a
     dangling id, a bad date, a wrong kind for a relation's end, ... - one
     line on standard error names the offending entry, e.g.
     "error: relations[3]: unknown relation type 'friend_of'".
"""


class BadInput(Exception):
    """Input that cannot be checked; the message names the offending entry and fits on one line."""


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _read(file: str) -> bytes:
    try:
        with click.open_file(file, "rb") as handle:  # "-": standard input
            return handle.read()
    except OSError as error:
        raise BadInput(f"{file}: cannot read: {error.strerror or error}") from None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _parse(raw: bytes, file: str):
    name = "<stdin>" if file == "-" else file
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{name}: not UTF-8 text (byte {error.start})") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise BadInput(f"{name}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    except (ValueError, RecursionError) as error:
        raise BadInput(f"{name}: invalid JSON: {error}") from None


def check_file(file: str) -> dict:
    """The answer for the case in `file` ("-": stdin), or BadInput."""
    data = _parse(_read(file), file)
    try:
        case = load_case(data)
    except CaseError as error:
        raise BadInput(f"{error.entry}: {error.problem}") from None
    except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as error:
        # The loader names entries for every problem it knows; anything else is still bad input, not a crash.
        raise BadInput(f"case: malformed input ({type(error).__name__}: {error})") from None
    return check_case(case)


@click.group("coi")
def coi_group():
    """Conflicts of interest (Art. 33)."""


@coi_group.command("check", help=CHECK_HELP, short_help="Check a JSON case for conflicts of interest.")
@click.argument("file", metavar="FILE.json")
def coi_check_command(file):
    try:
        answer = check_file(file)
    except BadInput as error:
        click.echo(f"error: {_one_line(error)}", err=True)
        sys.exit(2)
    click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
