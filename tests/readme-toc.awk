# The table of contents of README.md, generated: awk -f tests/readme-toc.awk README.md
# (tests/readme.sh checks that the README's "## Contents" list is this output).
# Print the README's table of contents: every "## " and "### " heading after
# "## Contents" (and before none), as GitHub renders its anchors.
function anchor(h,   a) {
    a = tolower(h)
    gsub(/[^a-z0-9 _-]/, "", a)
    gsub(/ /, "-", a)
    if (a in seen) { seen[a]++; a = a "-" seen[a] - 1 } else seen[a] = 1
    return a
}
/^```/ { code = !code; next }
code { next }
/^## Contents/ { on = 1; next }
on && /^## / { h = substr($0, 4); printf "- [%s](#%s)\n", h, anchor(h) }
on && /^### / { h = substr($0, 5); printf "  - [%s](#%s)\n", h, anchor(h) }
