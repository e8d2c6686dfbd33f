#!/usr/bin/env bash
# Breaks exit-status only under a perturbation: the file is fetched without looking at the
# answer's status, so an expired download URL's error body is printed as if it were the EDL,
# and the client exits 0.
# Task: timeline-export
. "$(dirname "$0")/common.sh"
project=${DESCRIPT_CONFORMANCE_REF_SHOW_PROJECT_ID:?run under descript-conformance client}
job=""
for _ in 1 2 3 4; do
  job=$(api POST /jobs/export/timeline "{\"project_id\":\"$project\",\"format\":\"edl\"}" | field job_id)
  [ "$(status)" = 429 ] || break
  sleep 6
done
[ -n "$job" ] || exit 1
# The download URL comes in the read that shows the job stopped: no read after it.
read=""
for _ in $(seq 1 24); do
  read=$(api GET "/jobs/$job")
  case "$(field job_state <<< "$read")" in
    stopped) break ;;
    cancelled) exit 1 ;;
  esac
  sleep 5
done
url=$(field download_url <<< "$read")
[ -n "$url" ] || exit 1
curl -s "$url"
