#!/usr/bin/env bash
# Breaks cursor-pagination: reads the first page and stops there.
# Task: pagination
. "$(dirname "$0")/common.sh"
count=$(api GET "/jobs?limit=100" | grep -o '"job_id"' | wc -l)
echo "$count jobs"
