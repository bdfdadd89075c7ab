#!/bin/sh
# Re-create expected/ by running the reference simulator on every line of cases.txt.
# Usage: sh tests/dynamics/data/run_reference.sh /path/to/proNet   (run from anywhere)
set -e
PRONET=$(realpath "$1"); HERE=$(dirname "$(realpath "$0")")
grep -v '^#' "$HERE/cases.txt" | while read -r name net opts; do
  cd "$HERE/$net"
  "$PRONET" -m $opts -X "$HERE/expected/$name.pact.txt" -f "$HERE/expected/$name.fc.txt" \
    -v "$HERE/expected/$name.va.txt" aTableLine.txt cVector.txt piniVector.txt firmAffiliation.txt >/dev/null
done
