package dev.dslc.benchmarks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * micrograd's {@code Value}, ported as written: each operation makes a
 * node that keeps its operands and a closure that applies its local
 * derivative; {@link #backward()} builds a topological order with a
 * visited set and runs the closures in reverse. {@link Value} is the same
 * algorithm tuned (a switch instead of closures, a mark instead of the set).
 *
 * <pre>{@code
 * MicrogradValue w = new MicrogradValue(0.5), x = new MicrogradValue(2.0);
 * MicrogradValue y = w.mul(x).tanh();
 * y.backward();            // w.grad == x.data * (1 - y.data * y.data)
 * }</pre>
 */
final class MicrogradValue extends TapeValue<MicrogradValue> {
    private final List<MicrogradValue> children;
    private Runnable backward = () -> { };

    MicrogradValue(double data) {
        this(data, List.of());
    }

    private MicrogradValue(double data, List<MicrogradValue> children) {
        super(data);
        this.children = children;
    }

    @Override
    MicrogradValue add(MicrogradValue other) {
        MicrogradValue out = new MicrogradValue(data + other.data, List.of(this, other));
        out.backward = () -> {
            grad += out.grad;
            other.grad += out.grad;
        };
        return out;
    }

    @Override
    MicrogradValue mul(MicrogradValue other) {
        MicrogradValue out = new MicrogradValue(data * other.data, List.of(this, other));
        out.backward = () -> {
            grad += other.data * out.grad;
            other.grad += data * out.grad;
        };
        return out;
    }

    @Override
    MicrogradValue sub(MicrogradValue other) {
        return add(other.neg());
    }

    @Override
    MicrogradValue neg() {
        return mul(new MicrogradValue(-1.0));
    }

    @Override
    MicrogradValue exp() {
        MicrogradValue out = new MicrogradValue(Math.exp(data), List.of(this));
        out.backward = () -> grad += out.data * out.grad;
        return out;
    }

    @Override
    MicrogradValue log() {
        MicrogradValue out = new MicrogradValue(Math.log(data), List.of(this));
        out.backward = () -> grad += out.grad / data;
        return out;
    }

    @Override
    MicrogradValue tanh() {
        MicrogradValue out = new MicrogradValue(Math.tanh(data), List.of(this));
        out.backward = () -> grad += (1 - out.data * out.data) * out.grad;
        return out;
    }

    @Override
    MicrogradValue sigmoid() {
        MicrogradValue out = new MicrogradValue(1.0 / (1.0 + Math.exp(-data)), List.of(this));
        out.backward = () -> grad += out.data * (1 - out.data) * out.grad;
        return out;
    }

    @Override
    MicrogradValue relu() {
        MicrogradValue out = new MicrogradValue(data > 0 ? data : 0.0, List.of(this));
        out.backward = () -> grad += (out.data > 0 ? 1.0 : 0.0) * out.grad;
        return out;
    }

    @Override
    void backward() {
        List<MicrogradValue> topo = new ArrayList<>();
        build(this, new HashSet<>(), topo);
        grad = 1.0;
        for (int i = topo.size() - 1; i >= 0; i--) {
            topo.get(i).backward.run();
        }
    }

    private static void build(MicrogradValue v, Set<MicrogradValue> visited, List<MicrogradValue> topo) {
        if (visited.add(v)) {
            for (MicrogradValue child : v.children) {
                build(child, visited, topo);
            }
            topo.add(v);
        }
    }
}
