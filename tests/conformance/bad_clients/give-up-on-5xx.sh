#!/usr/bin/env bash
# Breaks exit-status only under a perturbation: the first 5xx answer to a job read ends it
# with a failure, where it should retry with backoff.
. "$(dirname "$0")/common.sh"
job=$(api POST /jobs/import/project_media "$import_body" | field job_id)
[ -n "$job" ] || exit 1
for _ in $(seq 1 40); do
  state=$(api GET "/jobs/$job" | field job_state)
  case "$(status)" in 5*) echo "server error $(status): giving up" >&2; exit 1 ;; esac
  case "$state" in stopped|cancelled) exit 0 ;; esac
  sleep 3
done
exit 1
