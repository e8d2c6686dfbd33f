#!/usr/bin/env bash
# Breaks stop-at-terminal: reads the job once more after it has stopped.
. "$(dirname "$0")/common.sh"
job=$(api POST /jobs/import/project_media "$import_body" | field job_id)
sleep 5
poll_until_done "$job" 5
sleep 3
api GET "/jobs/$job" > /dev/null
