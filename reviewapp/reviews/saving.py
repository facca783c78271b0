"""What every write of the review does alike: the first save of a record that opening a page did not create, the
optimistic lock on its version, the limits on texts a view reads by name, and the percentages typed on a sheet or
a report."""
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from reviewapp.domain import limits
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import is_valid_percent, load_standard
from reviewapp.errors import Refused, StaleWrite
from reviewapp.extensions import db


def first_save(record) -> None:
    """Write a record that has never been saved (opening a page writes nothing; the first save creates it). When
    another tab or device created it in the meantime, the unique constraint refuses this insert: that save came
    first, so this one is stale."""
    if record.id is not None:
        return
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise StaleWrite from None


def next_version(record, expected_version: int) -> None:
    """Optimistic lock: move the record's version on from the one the page was loaded with. When another tab or
    device saved it since, the version has moved already and this save is stale."""
    model = type(record)
    moved = db.session.execute(update(model).where(model.id == record.id, model.version == expected_version)
                               .values(version=model.version + 1))
    if moved.rowcount != 1:
        raise StaleWrite


def refuse_long_texts(*checks) -> None:
    """Issue 13 item 6: texts a view reads by name (per item, per category, per applicant) are limited like a
    form's fields; nothing is saved while one is too long, and the refusal names where. checks: (texts, limit)
    pairs, or (texts, limit, name) where name(key) says how the page calls that text."""
    for texts, limit, *naming in checks:
        over = limits.too_long(texts, limit)
        if over:
            name = naming[0] if naming else str
            raise Refused(N_("Too long: %(where)s. A text here may have at most %(n)s characters; shorten it and "
                             "save again."), {"where": "、".join(name(key) for key in over), "n": limit})


def _as_percent(standard, value: str) -> int | None:
    """A step-5 percentage from 0 to 100 (GB/Z 19579 bands), or None for anything else."""
    if value.isascii() and value.isdigit() and len(value) <= 3 and is_valid_percent(standard, int(value)):
        return int(value)
    return None


def typed_percents(version: str, raw: dict[str, str]) -> dict[str, int]:
    """The valid percentages among what was typed, to show again after a refusal (an invalid one is named in the
    refusal and left blank)."""
    standard = load_standard(version)
    typed = {item.code: _as_percent(standard, (raw.get(item.code) or "").strip()) for item in standard.items}
    return {code: percent for code, percent in typed.items() if percent is not None}


def clean_percents(version: str, raw: dict[str, str]) -> dict[str, int]:
    """Step-5 percentages 0-100 only (GB/Z 19579 bands); a blank item stays unscored."""
    standard = load_standard(version)
    percents = {}
    for item in standard.items:
        value = (raw.get(item.code) or "").strip()
        if not value:
            continue
        percent = _as_percent(standard, value)
        if percent is None:
            raise Refused(N_("%(item)s: %(value)s is not a percentage in steps of %(step)s from 0 to 100."),
                          {"item": item.code, "value": value, "step": standard.percent_step})
        percents[item.code] = percent
    return percents
