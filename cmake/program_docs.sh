#!/usr/bin/env bash
# Writes a program's man page (with help2man) or its bash completion file from its --help and
# the --help of each of its subcommands, as CLI11 prints them, so that both say what the
# program accepts. The build runs it (cmake/program_docs.cmake).
# Usage: program_docs.sh man PROGRAM OUTPUT SUMMARY [FROM=TO]...
#        program_docs.sh completion PROGRAM OUTPUT
# PROGRAM is the built program's path; its file name is the name the outputs use. FROM=TO
# replaces text of the help (the build's source paths shown as defaults, by installed ones).
set -euo pipefail

mode=$1 program=$2 output=$3
name=$(basename "$program")
# Run by its bare name, so that the usage lines say `descript jobs list`, not the build's path.
program_dir=$(cd "$(dirname "$program")" && pwd)
export PATH="$program_dir:$PATH"

# Every subcommand path, depth first: "", "jobs", "jobs list", ...
paths=()
subcommands_of() {
  # shellcheck disable=SC2086 # the path is words
  "$name" $1 --help | sed -n '/^Subcommands:$/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p'
}
walk() {
  paths+=("$1")
  local sub
  for sub in $(subcommands_of "$1"); do walk "${1:+$1 }$sub"; done
}
walk ""

# An option line of a --help: "  --name TYPE...   description" (options of a group are indented
# further). Prints the names, then "=" and the choices when it takes one of a set, "=*" when it
# takes any value.
options_of() {
  # shellcheck disable=SC2086
  "$name" $1 --help | sed -n 's/^ \{2,\}\(-[^ ]*\)\(.*\)$/\1\2/p' | while read -r names rest; do
    local value=""
    case "$rest" in
      "TEXT:{"*) value="=$(sed 's/^TEXT:{\([^}]*\)}.*/\1/; s/,/ /g' <<<"$rest")" ;;
      TEXT* | INT* | UINT* | FLOAT* | BOOLEAN* | NUMBER*) value="=*" ;;
    esac
    tr ',' '\n' <<<"$names" | sed "s/\$/$value/"
  done
}

# The completion function is written as it reads: its $ are its own, not this script's.
# shellcheck disable=SC2016
write_completion() {
  local function_name="_${name//-/_}" path words=() option_lines names values choices=() option
  for path in "${paths[@]}"; do
    [ -n "$path" ] && words+=("/${path// //}")
  done
  {
    echo "# bash completion for $name: its subcommands and options, generated from its --help"
    echo "# shellcheck shell=bash disable=SC2207"
    echo "$function_name() {"
    echo '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path="" i'
    echo '  local subcommands="" options=""'
    echo '  COMPREPLY=()'
    echo '  # The subcommands typed so far, as /jobs/list.'
    echo '  for ((i = 1; i < COMP_CWORD; i++)); do'
    echo '    case "$path/${COMP_WORDS[i]}" in'
    if [ ${#words[@]} -gt 0 ]; then
      echo "      $(IFS='|'; echo "${words[*]}")) path=\"\$path/\${COMP_WORDS[i]}\" ;;"
    fi
    echo '    esac'
    echo '  done'
    echo '  # The value of an option is one of its choices, or (none offered) a file name.'
    echo '  case "$path" in'
    for path in "${paths[@]}"; do
      option_lines=$(options_of "$path")
      names=() values=()
      while IFS= read -r option; do
        [ -n "$option" ] || continue
        names+=("${option%%=*}")
        case "$option" in
          *=\*) values+=("${option%%=*}") ;;
          *=*) choices+=("        ${option%%=*}) COMPREPLY=(\$(compgen -W \"${option#*=}\" -- \"\$cur\")); return ;;") ;;
        esac
      done <<<"$option_lines"
      echo "    \"${path:+/${path// //}}\")"
      echo "      subcommands=\"$(subcommands_of "$path" | paste -sd ' ')\""
      echo "      options=\"${names[*]}\""
      if [ ${#values[@]} -gt 0 ] || [ ${#choices[@]} -gt 0 ]; then
        echo '      case "$prev" in'
        [ ${#choices[@]} -eq 0 ] || printf '%s\n' "${choices[@]}"
        [ ${#values[@]} -eq 0 ] || echo "        $(IFS='|'; echo "${values[*]}")) return ;;"
        echo '      esac'
      fi
      choices=()
      echo '      ;;'
    done
    echo '  esac'
    echo '  if [[ $cur == -* ]]; then'
    echo '    COMPREPLY=($(compgen -W "$options" -- "$cur"))'
    echo '  elif [ -n "$subcommands" ]; then'
    echo '    COMPREPLY=($(compgen -W "$subcommands" -- "$cur"))'
    echo '  fi'
    echo '}'
    echo "complete -o bashdefault -o default -F $function_name $name"
  } >"$output"
}

# The replacements the caller asked for, as a sed program.
substitutions=()
for replacement in "${@:5}"; do
  substitutions+=(-e "s|${replacement%%=*}|${replacement#*=}|g")
done
[ ${#substitutions[@]} -gt 0 ] || substitutions=(-e '')

# Text as roff: backslashes kept, and a line that starts as a request (or, for help2man's include
# file, as a section's name) does would not be text.
roff_text() {
  sed 's/\\/\\e/g; s/^[.'"'"'[]/\\\&&/' <<<"$1"
}

# A subcommand's --help as roff: its summary, then each option as a tagged paragraph.
subcommand_roff() {
  local path=$1 line term text indent
  # shellcheck disable=SC2086
  "$name" $path --help | sed "${substitutions[@]}" | {
    read -r summary
    read -r usage
    printf '.SS "%s"\n%s\n' "${usage#Usage: }" "$(roff_text "$summary")"
    local skip="" heading=""
    flush_heading() {
      [ -z "$heading" ] || printf '.PP\n\\fI%s\\fR\n' "$heading"
      heading=""
    }
    while IFS= read -r line; do
      indent=${line%%[! ]*}
      line=${line#"$indent"}
      case "$line" in
        "") ;;
        # A heading is written with the first entry under it: none for -h,--help alone.
        Options: | Positionals: | Subcommands:) heading=$line ;;
        "[Option Group: "*"]")
          line=${line#"[Option Group: "}
          heading="${line%]}:"
          ;;
        *) # "term   text" or, when the term is long, "term" then the text on a line of its own,
          # indented to the column of the descriptions.
          term=${line%%  *}
          text=${line#"$term"}
          text=${text#"${text%%[! ]*}"}
          if [ "$term" = "-h,--help" ]; then
            skip=yes # every subcommand has it; the page says it once
          elif [[ $term == -* || $term == [a-z]* && $text != "" ]]; then
            skip=""
            flush_heading
            printf '.TP\n\\fB%s\\fR\n' "$(sed 's/\\/\\e/g; s/-/\\-/g' <<<"$term")"
            [ -z "$text" ] || roff_text "$text"
          elif [ ${#indent} -ge 20 ]; then
            [ -n "$skip" ] || roff_text "$line"
          else
            flush_heading
            printf '.PP\n'
            roff_text "$line"
          fi
          ;;
      esac
    done
  }
}

write_man() {
  local summary=$4 include path
  include=$(mktemp)
  trap 'rm -f "$include"' RETURN
  # help2man refuses an include file with no section: a program without subcommands has none.
  local include_args=()
  if [ ${#paths[@]} -gt 1 ]; then
    echo "[COMMANDS]" >"$include"
    for path in "${paths[@]:1}"; do subcommand_roff "$path" >>"$include"; done
    include_args=(--include="$include")
  fi
  help2man --no-info --section=1 --manual="descript-mock" --name="$summary" \
    "${include_args[@]}" --output="$output.in" "$name"
  # help2man writes the help's hyphens as roff's \-.
  local replacement roff_substitutions=(-e '')
  for replacement in "${@:5}"; do
    replacement=${replacement//-/\\\\-}
    roff_substitutions+=(-e "s|${replacement%%=*}|${replacement#*=}|g")
  done
  sed "${roff_substitutions[@]}" "$output.in" >"$output"
  rm -f "$output.in"
}

case "$mode" in
  completion) write_completion ;;
  man) write_man "$@" ;;
  *) echo "program_docs.sh: unknown mode $mode" >&2; exit 2 ;;
esac
