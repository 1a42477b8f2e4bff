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

and those of "Warm-up calls for row groups" (2026-12-03), each from the class
written with MethodEmitter.WARM_UP_CALLS_PER_STEP 0 (emitter-variant.sh):

  column-chunks-N       W1's gradient rows a call per group and per N columns,
                        for (int k = 0; k < N; k++) with j = from + k
  range-chunks-N        the same with for (int j = from; j < from + N; j++)
  row-calls             W1's gradient one row a call, its offset an argument
  merged-kernels        W1 @ x and W1's gradient rows one method, the kernel an
                        argument, so that their calls count together

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


GRADIENT_ROW_CALLS = """        for (int group = 0; group < 2; group++) {
            addScaledGradientRows0(input, target, dest, scale, group);
        }
"""


def chunks(columns, ranged):
    def variant(source):
        source = source.replace(GRADIENT_ROW_CALLS, GRADIENT_ROW_CALLS.replace(
            "            addScaledGradientRows0(input, target, dest, scale, group);\n",
            f"            for (int from = 0; from < 784; from += {columns}) {{\n"
            "                addScaledGradientRows0(input, target, dest, scale, group, from);\n            }\n"))
        start, end = method(source, "addScaledGradientRows0")
        rows = source[start:end].replace("int group)", "int group, int from)")
        loop = (f"for (int j = from; j < from + {columns}; j++) {{" if ranged
                else f"for (int k = 0; k < {columns}; k++) {{\n                    int j = from + k;")
        return source[:start] + rows.replace("for (int j = 0; j < 784; j++) {", loop) + source[end:]
    return variant


def row_calls(source):
    source = source.replace(GRADIENT_ROW_CALLS, """        for (int r = 0; r < 16; r++) {
            addScaledGradientRow(input, dest, scale * work[144 + r], W1_OFFSET + r * 784);
        }
""")
    start, _ = method(source, "addScaledGradientRows0")
    return source[:start] + """    private static void addScaledGradientRow(double[] input, double[] dest, double s, int offset) {
        for (int j = 0; j < 784; j++) {
            dest[offset + j] += s * input[j];
        }
    }

""" + source[start:]


def merged_kernels(source):
    def body(name):
        start, end = method(source, name)
        text = source[start:end]
        lines = text[text.index("{\n") + 2:text.rindex("    }\n")].rstrip("\n").split("\n")
        return "".join("    " + line + "\n" for line in lines)
    merged = ("    private void w1Rows(int kernel, double[] input, double[] dest, double scale, int index) {\n"
              "        if (kernel == 0) {\n            int i = index;\n" + body("forwardValuesRows0")
              + "        } else {\n            int group = index;\n" + body("addScaledGradientRows0") + "        }\n    }\n")
    start, end = method(source, "addScaledGradientRows0")
    source = source[:start] + source[end:]
    start, end = method(source, "forwardValuesRows0")
    source = source[:start] + merged + source[end:]
    return (source.replace("forwardValuesRows0(input, i);", "w1Rows(0, input, null, 0.0, i);")
            .replace("addScaledGradientRows0(input, target, dest, scale, group);", "w1Rows(1, input, dest, scale, group);"))


VARIANTS = {"bias-into-row-groups": bias_into_row_groups, "fold-offsets": fold_offsets, "row-loops": row_loops,
            "row-calls": row_calls, "merged-kernels": merged_kernels}
for n in (56, 112, 196):
    VARIANTS[f"column-chunks-{n}"] = chunks(n, False)
    VARIANTS[f"range-chunks-{n}"] = chunks(n, True)

if __name__ == "__main__":
    variant, src, dst, name = sys.argv[1:5]
    text = open(src).read()
    old_name = re.search(r"public final class (\w+)", text).group(1)
    text = re.sub(rf"\b{old_name}\b", name, VARIANTS[variant](text))
    open(dst, "w").write(text)
