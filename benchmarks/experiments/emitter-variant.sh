#!/usr/bin/env bash
# Generates a benchmark network's class with the emitter's code-shape constants changed, for
# ColdStart --variant and TrainingStep -p modelClass= (docs/performance.md, "Cold start"):
#
#   benchmarks/experiments/emitter-variant.sh NAME MODEL.nn OUT [FILE 'sed expression']...
#   benchmarks/experiments/emitter-variant.sh Rows4 mlp784x16x16x10.nn /tmp/exp \
#       compiler/src/main/java/dev/dslc/compiler/emit/Contractions.java 's/ROWS_PER_LOOP = 8;/ROWS_PER_LOOP = 4;/'
#
# writes OUT/src/exp/NAME.java (class exp.NAME) and compiles it into OUT/classes. The edited compiler
# sources are restored when it ends, whatever happens; ./dslc rebuilds the compiler when its sources change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ $# -ge 3 && $(( ($# - 3) % 2 )) -eq 0 ]] || { sed -n 2,9p "${BASH_SOURCE[0]}" >&2; exit 2; }
name=$1 model=$2 out=$3
shift 3
cd "$root"
backup="$(mktemp -d)"
edited=()
restore() {
  for file in "${edited[@]}"; do cp "$backup/$(basename "$file")" "$file"; done
  rm -rf "$backup"
}
trap restore EXIT
while [[ $# -gt 0 ]]; do
  cp "$1" "$backup/$(basename "$1")"
  edited+=("$1")
  sed -i "$2" "$1"
  shift 2
done
mkdir -p "$out/src" "$out/classes"
sed "s/^model .*/model $name/" "benchmarks/src/main/nn/dev/dslc/benchmarks/models/$model" > "$out/src/$name.nn"
./dslc "$out/src/$name.nn" -d "$out/src" -p exp >&2
javac -nowarn -cp runtime/target/classes -d "$out/classes" "$out/src/exp/$name.java"
echo "$out/src/exp/$name.java"
