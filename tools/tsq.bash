# tsq.bash — bash completion for tsq: commands, options and their values,
# indicator ids (in expressions too), region names and codes, source ids,
# and file names. The words come from tsq itself (tsq __complete), so they
# follow its command table and the database named by --db or $TSDB_PATH.
# make install puts this file in $(PREFIX)/share/bash-completion/completions/tsq;
# or source it from ~/.bashrc.

_tsq()
{
	local line=${COMP_LINE:0:COMP_POINT} tsq=${COMP_WORDS[0]} cur head out w i c
	local -a words
	# the words typed so far, split at blanks only, so that share:CN and
	# --from=2010 stay whole (bash also splits at : and =)
	read -ra words <<<"$line"
	[[ -z $line || $line == *[[:blank:]] ]] && words+=("")
	cur=${words[${#words[@]} - 1]}
	[[ $cur == [\'\"]* ]] && return 0 # inside quotes: an expression, left alone
	for i in "${!words[@]}"; do
		[[ ${words[i]} == "~/"* ]] && words[i]=$HOME/${words[i]#"~/"}
	done
	[[ $tsq == "~/"* ]] && tsq=$HOME/${tsq#"~/"}

	out=$("$tsq" __complete "${words[@]:1}" 2>/dev/null) || return 0
	COMPREPLY=()
	case $out in
	:files | :dirs)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen "-${out:1:1}" -- "$cur")
		return 0
		;;
	esac
	[[ -n $out ]] || return 0
	mapfile -t COMPREPLY <<<"$out"

	# bash replaces only what follows the last : or = of the word
	head=
	[[ $COMP_WORDBREAKS == *:* && $cur == *:* ]] && head=${cur%"${cur##*:}"}
	[[ $COMP_WORDBREAKS == *=* && ${cur#"$head"} == *=* ]] && head=${cur%"${cur##*=}"}
	for i in "${!COMPREPLY[@]}"; do
		w=${COMPREPLY[i]#"$head"}
		w=${w//\\/\\\\}
		for c in ' ' "'" '"' '(' ')' '&' ';' '|' '<' '>' '$' '`' '!'; do
			w=${w//"$c"/\\$c}
		done
		COMPREPLY[i]=$w
	done
	# index: and share: take their argument without a space
	[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]] && compopt -o nospace 2>/dev/null
	return 0
}
complete -F _tsq tsq
