#!/usr/bin/env bash
# compare.sh -- run identity_sample in two builds (or with two ISAs) and compare the
# digests bit for bit.
#
#   compare.sh [--skip-same-isa] NAME REF_COMMAND... -- TEST_COMMAND...
#
# Each command is an identity_sample invocation, emulator first where there is one, e.g.
#   compare.sh identity_reference build/tests/cross/identity_sample \
#       -- qemu-aarch64 -L /usr/aarch64-linux-gnu build-aarch64/tests/cross/identity_sample
# Both run at once; their digests are kept as NAME.ref.txt and NAME.test.txt in the current
# directory.  On a difference it prints the first differing block and how many differ,
# then dumps that block from both commands (identity_sample --dump) and prints the first
# differing inputs with both outputs' bits.  Exit status 0 when identical, 1 otherwise;
# with --skip-same-isa, 77 (CTest's SKIP_RETURN_CODE) when both commands use the same ISA
# (identity_sample --print-isa), which would compare a build's kernels with themselves.
set -u -o pipefail

if [ $# -lt 4 ]; then
    echo "usage: compare.sh NAME REF_COMMAND... -- TEST_COMMAND..." >&2
    exit 2
fi
skip_same_isa=
if [ "$1" = "--skip-same-isa" ]; then skip_same_isa=1; shift; fi
name=$1; shift
ref=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do ref+=("$1"); shift; done
if [ $# -eq 0 ]; then echo "compare.sh: no -- between the commands" >&2; exit 2; fi
shift
test=("$@")
if [ ${#ref[@]} -eq 0 ] || [ ${#test[@]} -eq 0 ]; then
    echo "compare.sh: empty command" >&2; exit 2
fi

if [ -n "$skip_same_isa" ]; then
    ref_isa=$("${ref[@]}" --print-isa) || { echo "FAIL: ${ref[*]} --print-isa"; exit 1; }
    test_isa=$("${test[@]}" --print-isa) || { echo "FAIL: ${test[*]} --print-isa"; exit 1; }
    if [ "$ref_isa" = "$test_isa" ]; then
        echo "skipped: both use the $ref_isa kernels"
        exit 77
    fi
fi

ref_out=$name.ref.txt
test_out=$name.test.txt
rm -f "$ref_out" "$test_out" "$name.ref-dump.txt" "$name.test-dump.txt"

echo "reference: ${ref[*]}"
echo "test:      ${test[*]}"
start=$SECONDS
"${ref[@]}" >"$ref_out" & ref_pid=$!
"${test[@]}" >"$test_out" & test_pid=$!
wait $ref_pid; ref_rc=$?
wait $test_pid; test_rc=$?
echo "both ran in $((SECONDS - start)) s"
if [ $ref_rc -ne 0 ] || [ $test_rc -ne 0 ]; then
    echo "FAIL: exit status: reference $ref_rc, test $test_rc"
    exit 1
fi

nref=$(wc -l <"$ref_out")
ntest=$(wc -l <"$test_out")
if [ "$nref" -eq 0 ]; then echo "FAIL: the reference wrote no digests"; exit 1; fi
if cmp -s "$ref_out" "$test_out"; then
    echo "identical: $nref blocks of 65536 results ($ref_out)"
    exit 0
fi

echo "FAIL: the digests differ ($nref reference lines, $ntest test lines)"
# Lines are "<set> <block> <hash>"; the sets and blocks come in the same order in both.
first=$(paste -d' ' "$ref_out" "$test_out" | awk '$1 != $4 || $2 != $5 || $3 != $6 { print; exit }')
ndiff=$(paste -d' ' "$ref_out" "$test_out" | awk '$1 != $4 || $2 != $5 || $3 != $6' | wc -l)
if [ -z "$first" ]; then
    echo "the test wrote $ntest lines where the reference wrote $nref (the first $nref agree)"
    exit 1
fi
echo "$ndiff differing blocks; per set:"
paste -d' ' "$ref_out" "$test_out" | awk '$3 != $6 { n[$1]++ } END { for (s in n) printf "  %-22s %d\n", s, n[s] }' | sort
read -r set block rhash tset tblock thash <<<"$first"
echo "first differing block: $set $block: reference $rhash, test $thash"
if [ "$set" != "$tset" ] || [ "$block" != "$tblock" ]; then
    echo "(the lines name different blocks: reference '$set $block', test '$tset $tblock')"
    exit 1
fi

# Pinpoint the inputs: dump that block from both and compare element by element.
block=$((10#$block))
"${ref[@]}" --dump "$set" "$block" >"$name.ref-dump.txt" & ref_pid=$!
"${test[@]}" --dump "$set" "$block" >"$name.test-dump.txt" & test_pid=$!
wait $ref_pid; ref_rc=$?
wait $test_pid; test_rc=$?
if [ $ref_rc -ne 0 ] || [ $test_rc -ne 0 ]; then
    echo "(--dump failed: reference $ref_rc, test $test_rc)"
    exit 1
fi
# Dump lines: "<index> <x bits> <dy bits or -> <output bits> <x as %a>".
paste -d' ' "$name.ref-dump.txt" "$name.test-dump.txt" | awk -v set="$set" -v block="$block" '
    $1 != $6 || $2 != $7 || $3 != $8 || $4 != $9 {
        n++
        if (n <= 10) {
            if ($2 != $7 || $3 != $8)
                printf "  index %s: the inputs differ (reference x %s dy %s, test x %s dy %s)\n", $1, $2, $3, $7, $8
            else
                printf "  %s block %s index %s: x = %s (%s)%s: reference %s, test %s\n", set, block, $1, $2, $5, ($3 == "-" ? "" : ", dy = " $3), $4, $9
        }
    }
    END {
        if (n > 10) printf "  ... %d differing elements in this block\n", n
        else printf "  %d differing element(s) in this block\n", n
    }'
echo "dumps: $name.ref-dump.txt, $name.test-dump.txt"

# Which side strays from the portable kernels: the first differing element again, from the
# scalar kernels of both builds (the last --isa given wins).
idx=$(paste -d' ' "$name.ref-dump.txt" "$name.test-dump.txt" \
      | awk '$4 != $9 { print NR; exit }')
if [ -n "$idx" ]; then
    rs=$("${ref[@]}" --isa scalar --dump "$set" "$block" | sed -n "${idx}p" | awk '{ print $4 }')
    ts=$("${test[@]}" --isa scalar --dump "$set" "$block" | sed -n "${idx}p" | awk '{ print $4 }')
    echo "  index $((idx - 1)) with --isa scalar: reference ${rs:-?}, test ${ts:-?}"
fi
exit 1
