package dev.dslc.runtime;

import java.nio.ByteBuffer;

/**
 * The element types dslc reads from weight files, with their safetensors
 * names; all little-endian. Every one converts to a double exactly.
 */
enum TensorDtype {
    F64(8),
    F32(4),
    F16(2),
    BF16(2);

    private final int size;

    TensorDtype(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** The dtype of a safetensors name ({@code "F32"}), or null if dslc does not read it. */
    static TensorDtype ofName(String name) {
        for (TensorDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        return null;
    }

    /** The type a save writes for {@code precision}. */
    static TensorDtype of(WeightOptions.Precision precision) {
        return precision == WeightOptions.Precision.F32 ? F32 : F64;
    }

    /** Reads one element at the buffer's position, which must be little-endian. */
    double read(ByteBuffer littleEndian) {
        return switch (this) {
            case F64 -> littleEndian.getDouble();
            case F32 -> littleEndian.getFloat();
            case F16 -> halfToDouble(littleEndian.getShort() & 0xFFFF);
            case BF16 -> Float.intBitsToFloat((littleEndian.getShort() & 0xFFFF) << 16);
        };
    }

    /** Writes one element; F32 rounds to the nearest float. Only F64 and F32 are written. */
    void write(ByteBuffer littleEndian, double value) {
        switch (this) {
            case F64 -> littleEndian.putDouble(value);
            case F32 -> littleEndian.putFloat((float) value);
            default -> throw new IllegalStateException("dslc writes F64 and F32, not " + this);
        }
    }

    /** IEEE 754 binary16 to double (Java 17 has no Float.float16ToFloat). */
    static double halfToDouble(int bits) {
        int exponent = (bits >>> 10) & 0x1F;
        int fraction = bits & 0x3FF;
        double magnitude;
        if (exponent == 0) {
            magnitude = fraction * 0x1p-24;
        } else if (exponent == 0x1F) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = (0x400 + fraction) * Math.scalb(1.0, exponent - 25);
        }
        return (bits & 0x8000) != 0 ? -magnitude : magnitude;
    }
}
