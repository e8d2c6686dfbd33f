#!/usr/bin/env bash
# The bash completion files the build makes (cmake/program_docs.sh): each is sourced into a
# bash without bash-completion, and its function asked what completes a command line, as bash
# asks it on <TAB>.
# Usage: completion_test.sh COMPLETIONS_DIR
set -euo pipefail
dir=$1
failures=0

# completes PROGRAM "WORDS TYPED" EXPECTED...: the last word is the one being completed.
completes() {
  local program=$1 line=$2
  shift 2
  read -ra COMP_WORDS <<<"$line"
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$line COMP_POINT=${#line}
  COMPREPLY=()
  local function
  function=$(complete -p "$program" | sed 's/.* -F \([^ ]*\) .*/\1/')
  "$function" "$program" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  if [ "${COMPREPLY[*]}" != "$*" ]; then
    echo "FAIL: '$line<TAB>' gives '${COMPREPLY[*]}', not '$*'" >&2
    failures=$((failures + 1))
  fi
}

for program in descript-mock descript descript-conformance; do
  # shellcheck disable=SC1090
  source "$dir/$program"
done

completes descript "descript jo" jobs
completes descript "descript p" publish projects published
completes descript "descript jobs " list get wait cancel
completes descript "descript jobs list --a" --all
completes descript "descript export timeline --format da" davinci_resolve
completes descript "descript --json jobs w" wait
completes descript-mock "descript-mock --cl" --clock
completes descript-mock "descript-mock --clock " wall scaled manual
completes descript-mock "descript-mock --seed " # a value of the user's: nothing offered
completes descript-conformance "descript-conformance sc" scenarios
completes descript-conformance "descript-conformance scenarios " list show
completes descript-conformance "descript-conformance server --al" --allow-spend

[ "$failures" -eq 0 ] || exit 1
echo "all completions as expected"
