#!/usr/bin/env bash
# Breaks exit-status only under a perturbation: a job_state it does not know is taken for a
# failure, where it should keep waiting (the API may add states).
. "$(dirname "$0")/common.sh"
job=$(api POST /jobs/import/project_media "$import_body" | field job_id)
[ -n "$job" ] || exit 1
for _ in $(seq 1 40); do
  state=$(api GET "/jobs/$job" | field job_state)
  if [ "$(status)" = 200 ]; then
    case "$state" in
      queued|running) ;;
      stopped|cancelled) exit 0 ;;
      *) echo "job_state '$state': failed" >&2; exit 1 ;;
    esac
  fi
  sleep 3
done
exit 1
