"""What a load of the demo created and found, and its refusal."""
from dataclasses import dataclass, field

from reviewapp.models import Cycle


class DemoRefused(Exception):
    """The demo cannot be loaded into this database as it is (e.g. another cycle is open for applications)."""


@dataclass
class DemoSummary:
    created: dict[str, int] = field(default_factory=dict)
    outcomes: list[dict] = field(default_factory=list)  # one per demo application, in registration order
    warnings: list[str] = field(default_factory=list)
    current_cycle: Cycle | None = None

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())
