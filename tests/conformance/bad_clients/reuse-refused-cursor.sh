#!/usr/bin/env bash
# Breaks cursor-pagination only under a perturbation: a listing refused with a 400 is sent
# again with the same cursor, where it should start over or give up (the cursor is spent).
# Task: pagination
. "$(dirname "$0")/common.sh"
total=0 cursor="" refusals=0
for _ in $(seq 1 40); do
  page=$(api GET "/jobs?limit=100${cursor:+&cursor=$cursor}")
  case "$(status)" in
    200) ;;
    400) refusals=$((refusals + 1)); [ "$refusals" -le 2 ] || exit 1; sleep 1; continue ;;
    *) sleep 6; continue ;; # a 429 says at most 6 s here
  esac
  total=$((total + $(grep -o '"job_id"' <<< "$page" | wc -l)))
  cursor=$(field next_cursor <<< "$page")
  [ -n "$cursor" ] || { echo "$total jobs"; exit 0; }
done
exit 1
