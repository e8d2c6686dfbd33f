#!/usr/bin/env bash
# Any CI: start descript-mock, run your integration tests against it, stop it, then check
# your client with descript-conformance and leave a JUnit report.
#
#   DESCRIPT_MOCK_PREFIX=/opt/descript-mock \
#   CONFORMANCE_DRIVER=./my-driver.sh \
#   examples/ci/integration.sh ./run-my-integration-tests
#
# DESCRIPT_MOCK_PREFIX  where descript-mock is installed (cmake --install ... --prefix)
# CONFORMANCE_DRIVER    your client's conformance driver (empty: the conformance step is skipped)
# SCENARIOS             the scenarios to run it in (default below)
# REPORT                the JUnit report's path (default conformance.xml)
# Your tests get DESCRIPT_API_BASE_URL and DESCRIPT_API_TOKEN; the mock runs a simulated
# minute per real second, so a job takes seconds.
set -euo pipefail
prefix=${DESCRIPT_MOCK_PREFIX:?set DESCRIPT_MOCK_PREFIX to where descript-mock is installed}
scenarios=${SCENARIOS:-import-success import-partial rate-limited lost-response pagination webhook}
report=${REPORT:-conformance.xml}
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]  (your integration tests)" >&2; exit 2; }

log=$(mktemp)
"$prefix/bin/descript-mock" --port 0 --clock scaled --time-scale 60 --quiet >"$log" 2>&1 &
mock=$!
trap 'kill "$mock" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q "listening on" "$log" && break
  kill -0 "$mock" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
DESCRIPT_API_BASE_URL=$(sed -n 's/^descript-mock listening on //p' "$log")
[ -n "$DESCRIPT_API_BASE_URL" ] || { echo "descript-mock did not start" >&2; exit 1; }
export DESCRIPT_API_BASE_URL DESCRIPT_API_TOKEN=integration-token
echo "descript-mock at $DESCRIPT_API_BASE_URL" >&2

status=0
"$@" || status=$?
kill -TERM "$mock"
wait "$mock" || { echo "descript-mock did not stop cleanly" >&2; status=1; }
trap 'rm -f "$log"' EXIT
[ "$status" -eq 0 ] || { echo "integration tests failed ($status)" >&2; exit "$status"; }

if [ -n "${CONFORMANCE_DRIVER:-}" ]; then
  args=()
  for scenario in $scenarios; do args+=(--scenario "$scenario"); done
  "$prefix/bin/descript-conformance" client "${args[@]}" --report-junit "$report" -- "$CONFORMANCE_DRIVER"
fi
