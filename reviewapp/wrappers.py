"""The request class of the app: form and query values without NUL characters.

A NUL (U+0000) is never something a person typed, and PostgreSQL text cannot hold one (psycopg raises DataError,
a 500 on any form that stores text). Removing it where the input enters the app keeps every form, on every
database, answering as it would without it, instead of each form having to refuse it."""
from flask import Request, current_app
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

NUL = "\x00"


def _has_nul(text) -> bool:
    return isinstance(text, str) and NUL in text  # a malformed multipart part can leave a None behind


def _clean(text):
    return text.replace(NUL, "") if isinstance(text, str) else text


def without_nul(values: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any(_has_nul(key) or _has_nul(value) for key, value in values.items(multi=True)):
        return values  # the usual case: no copy
    return ImmutableMultiDict([(_clean(key), _clean(value)) for key, value in values.items(multi=True)])


class CleanRequest(Request):
    @property
    def max_content_length(self) -> int | None:
        """A body without files is read whole into memory, and werkzeug applies MAX_FORM_MEMORY_SIZE only to the
        parts of a multipart form: such a body gets MAX_FORM_BYTES, not the upload limit (issue 13 item 6)."""
        limit = super().max_content_length
        if self._max_content_length is None and current_app and self.mimetype != "multipart/form-data":
            form_limit = current_app.config.get("MAX_FORM_BYTES")
            if form_limit is not None:
                return form_limit if limit is None else min(limit, form_limit)
        return limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return without_nul(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = without_nul(self.__dict__["form"])
        for upload in self.__dict__["files"].values():  # an uploaded file's name is stored and shown too
            upload.filename = _clean(upload.filename)
