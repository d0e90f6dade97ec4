#!/bin/sh
# Check that the manual page and 'hostrec COMMAND --help' agree on the
# options of every command, so that neither offers an option the other
# does not know.  Speaks TAP.
#
#  - every option 'hostrec COMMAND --help' lists is described in the
#    command's section of docs/manpages/hostrec.rst, or in QEMU OPTIONS or
#    TARGET OPTIONS when the command's synopsis ends in *QEMU-OPTIONS*;
#  - every option in the command's synopsis (its first paragraph) is one
#    'hostrec COMMAND --help' lists;
#  - every option QEMU OPTIONS and TARGET OPTIONS describe is listed by
#    at least one command.
set -u
hostrec=${1:?usage: manpagetest.sh HOSTREC MANPAGE}
man=${2:?usage: manpagetest.sh HOSTREC MANPAGE}

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

# The long options of 'hostrec $1 --help', one per line, without "--".
help_options() {
    "$hostrec" "$1" --help |
        sed -n '/^Application Options:/,/^$/p' |
        sed -n 's/^  --\([a-z][a-z-]*\).*/\1/p'
}

# The text of the man page section titled $1 (underlined with $2), up to
# the next title.
section() {
    awk -v title="$1" -v rule="$2" '
        { line[NR] = $0 }
        END {
            for (i = 1; i < NR && !start; i++)
                if (line[i] == title && line[i + 1] ~ ("^" rule rule "+$"))
                    start = i + 2
            for (i = start; start && i <= NR; i++) {
                if (i < NR && line[i] != "" && line[i + 1] ~ /^(-+|=+)$/)
                    break
                print line[i]
            }
        }
    ' "$man"
}

# The options ("--name") used in the text on standard input, without "--".
text_options() {
    grep -o -- '--[a-z][a-z-]*' | sed 's/^--//' | sort -u
}

commands=$("$hostrec" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
shared=$( (section 'QEMU OPTIONS' '='; section 'TARGET OPTIONS' '=') |
          grep '^``--' | text_options)

if [ -z "$commands" ]; then
    notok "'hostrec --help' lists commands"
fi

all_help=""
for cmd in $commands; do
    text=$(section "$cmd" '-')
    if [ -z "$text" ]; then
        notok "the manual has a section for '$cmd'"
        continue
    fi
    synopsis=$(printf '%s\n' "$text" | awk 'NF { p = 1 } p && !NF { exit } p')
    with_shared=no
    if printf '%s\n' "$synopsis" | grep -q 'QEMU-OPTIONS'; then
        with_shared=yes
    fi
    documented=$(printf '%s\n' "$text" | text_options)
    opts=$(help_options "$cmd")
    all_help="$all_help $opts"

    for opt in $opts; do
        if printf '%s\n' "$documented" | grep -qxF -- "$opt"; then
            ok "$cmd --$opt is in its manual section"
        elif [ "$with_shared" = yes ] && printf '%s\n' "$shared" | grep -qxF -- "$opt"; then
            ok "$cmd --$opt is in the manual's shared options"
        else
            notok "$cmd --help lists --$opt, which the manual does not describe for it"
        fi
    done

    for opt in $(printf '%s\n' "$synopsis" | text_options); do
        if printf '%s\n' "$opts" | grep -qxF -- "$opt"; then
            ok "$cmd synopsis --$opt is in '$cmd --help'"
        else
            notok "the manual's synopsis of $cmd has --$opt, which '$cmd --help' does not list"
        fi
    done
done

for opt in $shared; do
    if printf '%s\n' $all_help | grep -qxF -- "$opt"; then
        ok "shared option --$opt is offered by a command"
    else
        notok "the manual describes --$opt, which no command offers"
    fi
done

echo "1..$n"
exit $fail
