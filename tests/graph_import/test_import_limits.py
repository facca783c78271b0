"""Issue 13 item 6 through the office's pages: a zip bomb posted to either import (the affiliation graph, the
expert pool) is refused at once with a message that says what to do, and nothing is kept or written."""
import io
import time
from pathlib import Path

import pytest

from tests.domain.test_spreadsheet import bomb

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    return bomb()


@pytest.mark.parametrize("url", ["/imports/check", "/experts/import/check"])
def test_item6_an_import_refuses_a_zip_bomb_at_once_and_keeps_nothing(app, db, office, client, zip_bomb, url):
    kept = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    before = set(kept.iterdir()) if kept.exists() else set()
    started = time.monotonic()
    response = client.post(url, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(zip_bomb), "bomb.xlsx"), "dry_run": "y"})
    assert time.monotonic() - started < 5
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "该工作簿解压后超过 40 MB" in page
    assert (set(kept.iterdir()) if kept.exists() else set()) == before
