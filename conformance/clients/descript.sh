#!/usr/bin/env bash
# The reference `descript` program as a conformance client: one task per built-in scenario,
# as scenarios/README.md states them. A client author writes the same for their own client.
#
#   descript-conformance client --scenario import-success -- conformance/clients/descript.sh
#
# DESCRIPT (default: descript on PATH) is the program to drive; the harness sets
# DESCRIPT_API_BASE_URL, DESCRIPT_API_TOKEN and the DESCRIPT_CONFORMANCE_* variables.
set -uo pipefail
descript=${DESCRIPT:-descript}
intro=https://media.example.com/intro.mp4
talk=https://media.example.com/talk.mp4

# The job id of the first "Created job ID" line. It reads all of its input: a reader that
# quits early (head) makes the writer fail under pipefail.
job_of() { awk '/^Created job / && !id { id = $3 } END { if (id) print id }'; }

case "${DESCRIPT_CONFORMANCE_SCENARIO:?run me under descript-conformance client}" in
  import-success|rate-limited|strict-polling|server-errors|unknown-fields|import-failure)
    exec "$descript" import --name Conformance --media "$intro" --wait ;;
  import-partial|import-partial-guide-shape)
    exec "$descript" import --name Conformance --media "$intro" --media "$talk" --wait ;;
  agent-success|agent-failure)
    exec "$descript" agent --name Conformance --prompt "Add captions" --wait ;;
  publish-success|publish-busy)
    exec "$descript" publish --project-id "$DESCRIPT_CONFORMANCE_REF_SHOW_PROJECT_ID" --wait ;;
  conversation)
    show=$DESCRIPT_CONFORMANCE_REF_SHOW_PROJECT_ID
    first=$("$descript" --json agent --project-id "$show" --prompt "Tighten the intro" --wait) ||
      exit 1
    conversation=""
    [[ $first =~ \"conversation_id\":\ \"([^\"]*)\" ]] && conversation=${BASH_REMATCH[1]}
    [ -n "$conversation" ] || exit 1
    exec "$descript" agent --project-id "$show" --conversation-id "$conversation" \
      --prompt "Now add a title card" --wait ;;
  transcript-export)
    exec "$descript" export transcript "$DESCRIPT_CONFORMANCE_REF_SHOW_PROJECT_ID" --format srt \
      --output - ;;
  timeline-export)
    file=$(mktemp -u "${TMPDIR:-/tmp}/descript-timeline.XXXXXX.edl")
    "$descript" export timeline "$DESCRIPT_CONFORMANCE_REF_SHOW_PROJECT_ID" --format edl --wait \
      --download "$file" || exit 1
    status=0
    cat "$file" || status=1
    rm -f "$file"
    exit "$status" ;;
  cancel)
    job=$("$descript" agent --name Conformance --prompt "Rewrite the script" | job_of)
    [ -n "$job" ] || exit 1
    "$descript" jobs cancel "$job" || exit 1
    # `jobs get` of a cancelled job exits 5, as `jobs wait` would: here, that is success.
    status=0
    "$descript" jobs get "$job" || status=$?
    [ "$status" -eq 5 ] ;;
  lost-response)
    # The answer to the submission is lost: never submit again; find the job instead.
    "$descript" agent --name Conformance --prompt "Add captions" --wait && exit 0
    job="" listing=$("$descript" --json jobs list --type agent --limit 1)
    [[ $listing =~ \"job_id\":\ \"([^\"]*)\" ]] && job=${BASH_REMATCH[1]}
    [ -n "$job" ] || exit 1
    echo "found the job of the lost submission: $job"
    exec "$descript" jobs wait "$job" ;;
  pagination)
    exec "$descript" jobs list --all --limit 100 ;;
  retention)
    exec "$descript" jobs get "$DESCRIPT_CONFORMANCE_REF_EXPIRED_JOB_ID" ;;
  webhook)
    listen="127.0.0.1:$DESCRIPT_CONFORMANCE_FREE_PORT"
    job=$("$descript" agent --name Conformance --prompt "Add captions" \
            --callback-url "http://$listen/descript/callback" | job_of)
    [ -n "$job" ] || exit 1
    exec "$descript" jobs wait "$job" --webhook-listen "$listen" ;;
  busy-drive)
    exec "$descript" jobs list ;;
  *)
    echo "descript.sh: no task for scenario $DESCRIPT_CONFORMANCE_SCENARIO" >&2
    exit 2 ;;
esac
