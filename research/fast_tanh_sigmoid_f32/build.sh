#!/bin/sh
set -e
cd "$(dirname "$0")"
CF="-O2 -std=c11 -ffp-contract=off -Wall -Wextra"
gcc $CF -march=x86-64-v3 -c proto_ts_scalar.c -o proto_ts_scalar.o
gcc $CF -march=x86-64-v4 -mtune=znver3 -c proto_ts_avx512.c -o proto_ts_avx512.o
gcc $CF -I../../include -I../../tests -I. accuracy_proto.c ../../tests/oracle_f32.c proto_ts_scalar.o proto_ts_avx512.o -o accuracy_proto -lmpfr -lgmp -lm -lpthread
gcc $CF bitcheck.c proto_ts_scalar.o proto_ts_avx512.o -o bitcheck -lm
gcc $CF bench.c proto_ts_scalar.o proto_ts_avx512.o -o bench -lm
