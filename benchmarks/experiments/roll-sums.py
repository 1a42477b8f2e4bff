#!/usr/bin/env python3
"""Rolls a generated class's written-out products into loops, as a hand-made code-shape variant.

    python3 benchmarks/experiments/roll-sums.py SRC.java DST.java NAME [--statements N]

In SRC (a class dslc wrote, class name anything), every run of statements
``double p_0 = E_0; ... double p_{n-1} = E_{n-1};`` whose expressions have at least
8 products and differ only in integer literals that grow by a constant step from one
to the next (a matrix product unrolled element by element) becomes
``for (int k = 0; k < n; k++) { work[T + k] = E(k); }``, the same expression with each
growing literal written ``(c + k * step)``, so the sums are the same to the bit; its
values move to new work-array slots T.. and the method's later reads of ``p_k`` read
them there. With ``--statements N``, runs of at least N statements ``work[a] = E;``
that are affine in the same way (element-wise kernels) are rolled too. DST is class
NAME. This is how docs/performance.md's "sums written out in loops" variant was made
before the emitter did it (``MethodPlan.writesSumsOut``); check a variant with
``SameSteps`` before timing it.
"""
import argparse
import re

LITERAL = re.compile(r'(?<![\w.])\d+(?![\w.])')
DECLARATION = re.compile(r'^(\s*)double (\w+?)_(\d+) = (.*);$')
STATEMENT = re.compile(r'^(\s*)(work\[\d+\]) = (.*);$')
MIN_PRODUCTS = 8


def normalised(expr):
    return re.sub(r'\[(\w+_OFFSET)\]', r'[\1 + 0]', expr)


def literals(expr):
    return [int(x) for x in LITERAL.findall(expr)]


def skeleton(expr):
    return LITERAL.sub('#', expr)


def affine_prefix(exprs):
    """How many of exprs, from the first, are the first with its literals stepped; and the steps."""
    if len(exprs) < 2 or skeleton(exprs[1]) != skeleton(exprs[0]):
        return 1, []
    first = literals(exprs[0])
    steps = [b - a for a, b in zip(first, literals(exprs[1]))]
    count = 2
    while count < len(exprs) and skeleton(exprs[count]) == skeleton(exprs[0]) and all(
            v == f + count * s for v, f, s in zip(literals(exprs[count]), first, steps)):
        count += 1
    return count, steps


def template(expr, steps):
    pending = iter(steps)

    def term(match):
        step = next(pending)
        value = int(match.group(0))
        if step == 0:
            return str(value)
        return '(%d + k)' % value if step == 1 else '(%d + k * %d)' % (value, step)

    return LITERAL.sub(term, expr)


def roll(lines, work_end, statements):
    out, renames, next_slot, i = [], {}, work_end, 0
    while i < len(lines):
        declaration = DECLARATION.match(lines[i])
        if declaration and declaration.group(3) == '0' and declaration.group(4).count('*') >= MIN_PRODUCTS:
            indent, base = declaration.group(1), declaration.group(2)
            exprs, j = [], i
            while j < len(lines):
                m = DECLARATION.match(lines[j])
                if not (m and m.group(2) == base and int(m.group(3)) == len(exprs)):
                    break
                exprs.append(normalised(m.group(4)))
                j += 1
            count, steps = affine_prefix(exprs)
            if count == len(exprs) > 1:
                out += ['%sfor (int k = 0; k < %d; k++) {' % (indent, count),
                        '%s    work[%d + k] = %s;' % (indent, next_slot, template(exprs[0], steps)), indent + '}']
                renames.update({'%s_%d' % (base, k): 'work[%d]' % (next_slot + k) for k in range(count)})
                next_slot += count
                i = j
                continue
        statement = STATEMENT.match(lines[i]) if statements else None
        if statement and not re.search(r'\w+_\d+', statement.group(3)):
            indent, exprs, j = statement.group(1), [], i
            while j < len(lines):
                m = STATEMENT.match(lines[j])
                if not m or m.group(1) != indent or re.search(r'\w+_\d+', m.group(3)):
                    break
                exprs.append(normalised(m.group(2) + ' = ' + m.group(3)))
                j += 1
            count, steps = affine_prefix(exprs)
            if count >= statements:
                out += ['%sfor (int k = 0; k < %d; k++) {' % (indent, count),
                        '%s    %s;' % (indent, template(exprs[0], steps)), indent + '}']
                i += count
                continue
        line = lines[i]
        if line == '    }':
            renames = {}  # locals end with their method
        for local in sorted(renames, key=len, reverse=True):
            line = re.sub(r'(?<!\w)%s(?!\w)' % re.escape(local), renames[local], line)
        out.append(line)
        i += 1
    return out, next_slot


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('source')
    parser.add_argument('destination')
    parser.add_argument('name')
    parser.add_argument('--statements', type=int, default=0)
    args = parser.parse_args()
    text = open(args.source).read()
    old = re.search(r'public final class (\w+)', text).group(1)
    text = text.replace('class ' + old, 'class ' + args.name).replace(old + '(', args.name + '(')
    work_end = int(re.search(r'private final double\[\] work = new double\[(\d+)\];', text).group(1))
    lines, slots = roll(text.split('\n'), work_end, args.statements)
    text = '\n'.join(lines).replace('work = new double[%d];' % work_end, 'work = new double[%d];' % slots, 1)
    open(args.destination, 'w').write(text)
    print('work array %d -> %d doubles' % (work_end, slots))


if __name__ == '__main__':
    main()
