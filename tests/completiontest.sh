#!/bin/bash
# Check the bash completion (tools/bash-completion/hostrec, fed by
# 'hostrec complete', tools/hostrec-complete.c) against what the tool
# itself says in its --help texts, so that every command and option of
# the command table is completed, new ones included.  Speaks TAP.
#
#  - every global option and every command 'hostrec --help' lists is
#    completed;
#  - for every command, completing "--" offers exactly the long options
#    'hostrec COMMAND --help' lists, and --help;
#  - an option whose value is a FILE or PATH completes file names, and so
#    does every positional argument that names a file (an uppercase
#    placeholder of the usage line, e.g. DOMAIN.xml), through the bash
#    function itself, in a directory holding one file.
set -u
hostrec=${1:?usage: completiontest.sh HOSTREC SCRIPT}
script=${2:?usage: completiontest.sh HOSTREC SCRIPT}
case $hostrec in /*) ;; *) hostrec=$PWD/$hostrec ;; esac
case $script in /*) ;; *) script=$PWD/$script ;; esac

n=0
fail=0

ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}

notok() {
    n=$((n + 1))
    echo "not ok $n - $1"
    fail=1
}

check() {
    if [ "$2" = "$3" ]; then
        ok "$1"
    else
        notok "$1"
        echo "# expected: $(echo $3)"
        echo "# got:      $(echo $2)"
    fi
}

# What the bash function offers for the words "$@" (the last one being
# completed), run as bash would, in the directory $dir.
complete_words() {
    (
        cd "$dir" || exit 1
        # shellcheck disable=SC1090
        . "$script"
        hostrec() { "$hostrec" "$@"; }
        COMP_WORDS=(hostrec "$@")
        COMP_CWORD=$#
        COMP_LINE="hostrec $*"
        COMP_POINT=${#COMP_LINE}
        COMP_WORDBREAKS=' 	
"'"'"'><;|&('
        _hostrec
        printf '%s\n' "${COMPREPLY[@]}"
    )
}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
touch "$dir/guest-one.xml"

help=$("$hostrec" --help)
commands=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
globals=$(printf '%s\n' "$help" | sed -n '/^Global options/,/^Commands:/p' |
          grep -o -- '^  \(-[a-z], \)\?--[a-z][a-z-]*' | grep -o -- '--[a-z][a-z-]*')

if [ -z "$commands" ]; then
    notok "'hostrec --help' lists commands"
fi

check "the commands are completed" \
    "$("$hostrec" complete -- '' | sort)" "$(printf '%s\n' $commands | sort)"

got=$("$hostrec" complete -- -)
for g in $globals --help --version; do
    if printf '%s\n' "$got" | grep -qx -- "$g"; then
        ok "global option $g is completed"
    else
        notok "global option $g is completed"
    fi
done

check "--default-cpu-deprecated-features takes on or off" \
    "$(complete_words --default-cpu-deprecated-features '')" "$(printf 'on\noff')"

for cmd in $commands; do
    cmdhelp=$("$hostrec" "$cmd" --help)
    options=$(printf '%s\n' "$cmdhelp" | sed -n '/^Application Options:/,/^$/p' |
              sed -n 's/^  \(-[a-zA-Z], \)\?\(--[a-z][a-z-]*\).*/\2/p')
    check "'$cmd --' offers the options of '$cmd --help'" \
        "$(complete_words "$cmd" -- | sort)" \
        "$(printf '%s\n' $options --help | sort)"

    # options whose value is a file
    for opt in $(printf '%s\n' "$cmdhelp" | sed -n '/^Application Options:/,/^$/p' |
                 sed -n 's/^  \(-[a-zA-Z], \)\?\(--[a-z][a-z-]*\)=\(FILE\|PATH\) .*/\2/p'); do
        check "'$cmd $opt' completes file names" \
            "$(complete_words "$cmd" "$opt" guest-)" "guest-one.xml"
    done

    # positional arguments: literal words are offered, placeholders are
    # files
    usage=$(printf '%s\n' "$cmdhelp" | sed -n 's/^  hostrec [a-z-]* \[OPTION…\] *//p' | head -n 1)
    before=()
    for arg in $usage; do
        case $arg in
        *[A-Z]*)
            check "'$cmd ${before[*]}' completes $arg as a file name" \
                "$(complete_words "$cmd" "${before[@]}" guest-)" "guest-one.xml"
            before+=(guest-one.xml)
            ;;
        *)
            check "'$cmd ${before[*]}' offers '$arg'" \
                "$(complete_words "$cmd" "${before[@]}" '')" "$arg"
            before+=("$arg")
            ;;
        esac
    done
done

echo "1..$n"
exit $fail
