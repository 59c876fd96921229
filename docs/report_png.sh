#!/usr/bin/env bash
# Make docs/report.png: the HTML report of the example pair as headless Chromium shows it in a
# window 1024 px wide, tall enough for the whole page. Run from anywhere, after the set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
height=${1:-3740}  # the page's height at 1024 px (document.documentElement.scrollHeight)
page=$(mktemp --suffix=.html)
profile=$(mktemp -d)
trap 'rm -rf "$page" "$profile"' EXIT
MA_MATCH_CACHE_DIR= .venv/bin/ma-match examples/resume_dual.txt examples/posting_family_medicine.txt \
  --format html >"$page"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$profile" --window-size="1024,$height" --screenshot="$PWD/docs/report.png" \
  "file://$page" >/dev/null 2>&1
echo "docs/report.png written (1024 x $height)"
