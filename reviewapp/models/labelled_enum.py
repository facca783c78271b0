"""Stored codes that carry the label people read, as Indico's RichEnum does: each enum lists its labels beside its
members, and a member says `.label` in the user's language.

    class NoticeKind(LabelledEnum):
        ACCEPTANCE = "acceptance"
        __labels__ = {ACCEPTANCE: _l("Acceptance list (受理名单)")}

In the class body a member's name still stands for its value, so `__labels__` maps values to lazy_gettext labels,
translated when read. A member without a label reads as its value (a code)."""
import enum


class LabelledEnum(str, enum.Enum):
    """A str enum, stored as its value (models/graph.py str_enum), with the labels of its members."""

    @property
    def label(self) -> str:
        found = getattr(type(self), "__labels__", {}).get(self.value)
        return str(found) if found is not None else self.value

    @classmethod
    def labelled_values(cls, members=None) -> list[tuple[str, object]]:
        """(value, label) of `members` (default: all), the labels still lazy: for the choices of forms built before
        the request's language is known."""
        labels = getattr(cls, "__labels__", {})
        return [(member.value, labels.get(member.value, member.value)) for member in (members or cls)]


def label(member) -> str:
    """The label of a member of a LabelledEnum; anything else (a code stored as text, None) as it is."""
    return member.label if isinstance(member, LabelledEnum) else getattr(member, "value", str(member))
