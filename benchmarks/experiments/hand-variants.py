"""Hand-made variants of the generated 784-16-16-10 class that docs/performance.md
times ("Products of up to 512 multiply-adds, and what holds 784-16-16-10 back"),
for shapes the emitter does not write:

    python3 hand-variants.py VARIANT SRC.java DST.java NAME

  bias-into-row-groups  each 8-row loop of W1's gradient also adds its rows' bias
                        gradient (the row scales); SRC written with
                        MethodPlan.ROWS_PER_UNIT 8 (emitter-variant.sh), so that
                        each loop is a part of its own
  fold-offsets          index constants that javac folds (W1_OFFSET + 784 + j) and
                        the dot products' row start out of their inner loop
  row-loops             W2's and W3's gradient rows as one loop over the rows,
                        their offsets variables

Check a variant with SameSteps before timing it (README).
"""
import re
import sys


def method(source, name):
    start = source.index(f"    private void {name}(")
    return start, source.index("\n    }\n", start) + len("\n    }\n")


def bias_into_row_groups(source):
    # the part that adds B1's gradient goes; each W1 row group adds its rows' share, s_k being that gradient
    bias = re.search(r"\n    private void (addScaledGradientPart\d+)\([^)]*\) \{\n        final double\[\] work = this.work;\n"
                     r"        dest\[B1_OFFSET\] \+= .*?\n    }\n", source, re.S)
    source = source.replace(bias.group(0), "\n").replace(f"        {bias.group(1)}(input, target, dest, scale);\n", "")
    for first in (0, 8):
        last = re.search(r"            double s7 = scale \* work\[(\d+)\];\n(?=            for \(int j = 0; j < 784;)",
                         source[source.index("dL/dW1") if first == 0 else source.index("+= s7 * xj", source.index("dL/dW1")):])
        adds = "".join(f"            dest[B1_OFFSET{' + ' + str(first + k) if first + k else ''}] += s{k};\n" for k in range(8))
        source = source.replace(last.group(0), last.group(0) + adds, 1)
    return source


def fold_offsets(source):
    old = re.search(r"( +)for \(int l = 0; l < 784; l\+\+\) \{\n(?:.*\n)*?\1\}\n", source)
    indent = old.group(1)
    rows = f"{indent}int row0 = W1_OFFSET + i * 784;\n" + "".join(f"{indent}int row{r} = row0 + {784 * r};\n" for r in (1, 2, 3))
    loop = old.group(0)
    for r in range(4):
        loop = loop.replace(f"param[W1_OFFSET + i * 784 + l{' + ' + str(784 * r) if r else ''}]", f"param[row{r} + l]")
    source = source.replace(old.group(0), rows + loop, 1)
    return re.sub(r"dest\[W1_OFFSET \+ j \+ (\d+)\]", r"dest[j + (W1_OFFSET + \1)]", source)


def row_loops(source):
    for parameter, rows, delta, x in (("W3", 10, 112, 32), ("W2", 16, 160, 0)):
        part = re.search(r"    private void (addScaledGradientPart\d+)\(double\[\] input, double\[\] target, double\[\] dest,\n"
                         r"            double scale\) \{\n        final double\[\] work = this.work;\n"
                         rf"        // dL/d{parameter} = .*?\n    }}\n", source, re.S)
        head = part.group(0)[:part.group(0).index("        // dL/d")]
        body = (f"        for (int i = 0; i < {rows}; i++) {{\n"
                f"            double s = scale * work[i + {delta}];\n"
                f"            int row = {parameter}_OFFSET + i * 16;\n"
                f"            for (int j = 0; j < 16; j++) {{\n"
                f"                dest[row + j] += s * work[j + {x}];\n"
                f"            }}\n        }}\n    }}\n")
        source = source.replace(part.group(0), head + body)
    return source


VARIANTS = {"bias-into-row-groups": bias_into_row_groups, "fold-offsets": fold_offsets, "row-loops": row_loops}

if __name__ == "__main__":
    variant, src, dst, name = sys.argv[1:5]
    text = open(src).read()
    old_name = re.search(r"public final class (\w+)", text).group(1)
    text = re.sub(rf"\b{old_name}\b", name, VARIANTS[variant](text))
    open(dst, "w").write(text)
