package dev.dslc.spark;

import dev.dslc.runtime.Model;
import java.lang.reflect.InvocationTargetException;

/**
 * Makes a model from its class name, on the driver or on an executor, with
 * a message that says what to do when that fails. Generated classes have a
 * public no-argument constructor (INTERFACES.md), which this uses; the
 * parameters are overwritten afterwards.
 */
final class ModelClasses {
    private ModelClasses() {
    }

    /**
     * A new instance of {@code className}, loaded through {@code loader}, initialised from {@code seed} (the
     * {@code (long)} constructor) or, when it is null, as the no-argument constructor does; {@code where} is
     * "driver's" or "executors'".
     */
    static Model newInstance(String className, ClassLoader loader, String where, Long seed) {
        return newInstance(load(className, loader, where), seed);
    }

    /** The model class {@code className}, loaded through {@code loader}; {@code where} as above. */
    static Class<?> load(String className, ClassLoader loader, String where) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SparkTrainingException("model class " + className + " is not on the " + where
                    + " class path: package it in the application jar given to spark-submit, or pass its jar"
                    + " with --jars (docs/spark.md)" + (e instanceof LinkageError ? " (" + e + ")" : ""));
        }
        if (!Model.class.isAssignableFrom(type)) {
            throw new SparkTrainingException(className + " is not a dslc model: it does not implement "
                    + Model.class.getName());
        }
        return type;
    }

    /** A new instance of the model class {@code type}, from {@code seed} or, when it is null, as {@code new T()}. */
    static Model newInstance(Class<?> type, Long seed) {
        String className = type.getName();
        try {
            return (Model) (seed == null ? type.getConstructor().newInstance()
                    : type.getConstructor(long.class).newInstance(seed));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new SparkTrainingException(className + " has no public " + (seed == null ? "no-argument" : "(long seed)")
                    + " constructor; classes that dslc generates have one");
        } catch (InvocationTargetException e) {
            throw new SparkTrainingException("new " + className + "() failed: " + e.getCause(), e.getCause());
        } catch (InstantiationException e) {
            throw new SparkTrainingException(className + " is abstract");
        }
    }

    /** The model class as an executor's task loads it: through the task's context class loader, which sees the jars. */
    static Class<?> onExecutor(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(className, loader != null ? loader : ModelClasses.class.getClassLoader(), "executors'");
    }
}
