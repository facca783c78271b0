#!/usr/bin/env bash
# Refresh the translation catalogs after changing user-facing strings:
#   scripts/i18n.sh          extract, merge into reviewapp/translations/*/messages.po, compile
# Then fill the empty msgstr entries of the zh catalog (tests/test_i18n.py fails while any is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
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
$PYBABEL compile -d reviewapp/translations
