# fish completion for one iv-* program (installed once per program under its
# name): options and commands come from the program's own --help.
set -l __iv_prog (string replace -r '^.*/(.*)\.fish$' '$1' (status current-filename))
complete -c $__iv_prog -a "($__iv_prog --help 2>/dev/null | string match -r -g '^  +(?:-[a-zA-Z], )?(--[a-z][a-z-]*)')"
complete -c $__iv_prog -a "($__iv_prog --help 2>/dev/null | sed -n '/^Commands:/,/^\$/s/^  \([a-z][a-z-]*\) .*/\1/p')"
