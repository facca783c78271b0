"""URL integers no database can hold are not found (issue 13 item 6).

Werkzeug's `int` converter takes any number of digits; a 20-digit id then reached SQLite as a value it cannot bind
(OverflowError, a 500). Every id here is a 64-bit signed integer at most, so anything larger names nothing: the
route does not match and the answer is 404, before any view or query runs."""
from enum import Enum

from werkzeug.routing import BaseConverter, IntegerConverter, ValidationError

from reviewapp.models import PanelStage

LARGEST_ID = 2**63 - 1  # SQLite INTEGER, PostgreSQL bigint


class BoundedIntegerConverter(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=min_of(max, LARGEST_ID), signed=signed)


def min_of(value, limit):
    return limit if value is None else min(value, limit)


class EnumConverter(BaseConverter):
    """<panel_stage:stage> in a URL: the enum member itself reaches the view; any other value is a 404."""
    enum: type[Enum]

    def to_python(self, value: str):
        try:
            return self.enum(value)
        except ValueError:
            raise ValidationError() from None

    def to_url(self, value) -> str:
        return value.value if isinstance(value, self.enum) else str(self.enum(value).value)


class PanelStageConverter(EnumConverter):
    enum = PanelStage
    regex = "|".join(stage.value for stage in PanelStage)


def register(app) -> None:
    """Replace `int` itself, so that every <int:...> of every blueprint is bounded without each one saying so; add
    the stage converter, so that no view parses a stage out of its URL by hand."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.url_map.converters["panel_stage"] = PanelStageConverter
