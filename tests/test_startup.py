"""Start-up (issue 14, the operator's basics): every gunicorn worker, every `flask` command and the notice sender
import wsgi, so the heavy libraries that only some requests need are imported where they are used. bench/startup.py
measures the time."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# WeasyPrint (a third of the start-up): only a PDF download needs it; networkx: the conflict engine; zxcvbn: a
# password change.
IMPORTED_WHEN_USED = ("weasyprint", "networkx", "zxcvbn")


def test_import_wsgi_leaves_the_heavy_libraries_for_later():
    code = f"import json, sys, wsgi; print(json.dumps([m for m in {IMPORTED_WHEN_USED!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "REVIEWAPP_ENV": "testing"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
