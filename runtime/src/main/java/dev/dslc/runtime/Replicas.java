package dev.dslc.runtime;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Copies of a model for other threads. A generated class has a public
 * no-argument constructor (INTERFACES.md: {@code new Xor()}), so a copy is a
 * new instance whose parameters are then overwritten; that costs only the
 * instance's work arrays, and needs nothing of the model but its class. A
 * class without such a constructor cannot be copied, and trains on one thread.
 */
final class Replicas {
    private Replicas() {
    }

    /** Whether {@link #copy} can make a copy of {@code model}. */
    static boolean canCopy(Model model) {
        return constructor(model.getClass()) != null;
    }

    /**
     * {@code spares[index]} when it is another instance of {@code model}'s class (from an earlier run), else a
     * new one, as {@link #copy(Model)}; either way holding {@code model}'s parameters, with zero gradients.
     */
    static Model copy(Model model, Model[] spares, int index) {
        Model spare = spares != null && index < spares.length ? spares[index] : null;
        if (spare == null || spare == model || spare.getClass() != model.getClass()
                || spare.parameterCount() != model.parameterCount()) {
            return copy(model);
        }
        System.arraycopy(model.parameters(), 0, spare.parameters(), 0, model.parameterCount());
        spare.zeroGradients();
        return spare;
    }

    /** A new instance of {@code model}'s class holding the same parameters; its gradients are zero. */
    static Model copy(Model model) {
        Constructor<?> constructor = constructor(model.getClass());
        if (constructor == null) {
            throw new IllegalArgumentException(model.getClass().getName()
                    + " has no public no-argument constructor, so it cannot be copied for other threads");
        }
        Model copy;
        try {
            copy = (Model) constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("new " + model.getClass().getName() + "() failed: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + model.getClass().getName() + ": " + e, e);
        }
        if (copy.parameterCount() != model.parameterCount()) {
            throw new IllegalStateException("new " + model.getClass().getName() + "() has "
                    + copy.parameterCount() + " parameters, the model " + model.parameterCount());
        }
        System.arraycopy(model.parameters(), 0, copy.parameters(), 0, model.parameterCount());
        copy.zeroGradients();
        return copy;
    }

    private static Constructor<?> constructor(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            return null;
        }
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
