#!/usr/bin/env bash
# Breaks retry-after: after a 429 it tries again at once.
. "$(dirname "$0")/common.sh"
for _ in $(seq 1 20); do
  job=$(api POST /jobs/import/project_media "$import_body" | field job_id)
  [ "$(status)" = 201 ] && break
  sleep 0.2
done
sleep 5
poll_until_done "$job" 5
