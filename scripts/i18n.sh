#!/usr/bin/env bash
# Refresh the translation catalogs after changing user-facing strings:
#   scripts/i18n.sh                  extract, merge into reviewapp/translations/*/messages.po, compile
#   scripts/i18n.sh NEW.json ...     the same, and first fill the zh catalog from JSON files {"msgid": "译文"}
#                                    (a plural entry: {"singular": ["单数译文", "复数译文"]})
# Then fill any empty msgstr left in the zh catalog (tests/test_i18n.py fails while any is missing).
# Runs under a lock, so two people (or helpers) refreshing at once do not overwrite each other's translations.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/reviewapp-i18n.lock
flock 9
PYBABEL=.venv/bin/pybabel
# --ignore-dirs: Babel skips directories starting with "_" by default, and templates/_macros, _print hold strings too
$PYBABEL extract -F babel.cfg -k _l -k lazy_gettext -k N_ --ignore-dirs ".*" --no-location --sort-output -o /tmp/reviewapp-messages.pot . >/dev/null 2>&1
for lang in zh; do
  po=reviewapp/translations/$lang/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    $PYBABEL update --no-fuzzy-matching -i /tmp/reviewapp-messages.pot -d reviewapp/translations -l "$lang"
  else
    $PYBABEL init -i /tmp/reviewapp-messages.pot -d reviewapp/translations -l "$lang"
  fi
done
.venv/bin/python - "$@" <<'PY'
import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "reviewapp/translations/zh/LC_MESSAGES/messages.po"
wanted = {}
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        wanted.update(json.load(f))
with open(PO, "rb") as f:
    catalog = read_po(f)
filled, unknown = 0, []
for msgid, text in wanted.items():
    message = catalog.get(msgid)
    if message is None:
        unknown.append(msgid)
        continue
    message.string = tuple(text) if isinstance(text, list) else text
    message.flags.discard("fuzzy")
    filled += 1
with open(PO, "wb") as f:
    write_po(f, catalog, width=120, sort_output=True, include_lineno=False)
if wanted:
    print(f"i18n.sh: filled {filled} translations", file=sys.stderr)
for msgid in unknown:
    print(f"i18n.sh: not in the sources (skipped): {msgid!r}", file=sys.stderr)
PY
$PYBABEL compile -d reviewapp/translations
