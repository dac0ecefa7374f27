# fish completion for iv: iv itself is asked what may follow.
function __iv_words
	set -l tokens (commandline -opc)
	if test (count $tokens) -le 1
		iv commands 2>/dev/null
	else
		iv completions $tokens[2..-1] 2>/dev/null
	end
end
complete -c iv -f -a '(__iv_words)'
complete -c iv -l db -r -d 'use this store'
complete -c iv -l user -x -d 'act for this user'
complete -c iv -l help -d 'show help'
complete -c iv -l version -d 'show the version'
