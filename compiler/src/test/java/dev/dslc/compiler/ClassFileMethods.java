package dev.dslc.compiler;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytecode size of every method in a class file: the {@code code_length}
 * of each method's {@code Code} attribute (JVMS 4.7.3), which is what
 * HotSpot's 8,000-byte limit on compiling a method ({@code
 * -XX:-DontCompileHugeMethods}) is measured against. Abstract and native
 * methods have no code and are left out.
 *
 * <pre>{@code
 * Map<String, Integer> sizes = ClassFileMethods.codeLengths(ModelLoader.compile(generated).get("Xor"));
 * int backward = sizes.get("backward([D[D)D");   // keyed by name and descriptor
 * }</pre>
 */
final class ClassFileMethods {
    private static final int MAGIC = 0xCAFEBABE;

    private ClassFileMethods() {
    }

    /** Method name plus descriptor ({@code backward([D[D)D}) to its bytecode length, in class-file order. */
    static Map<String, Integer> codeLengths(byte[] classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            String[] utf8 = constantPoolStrings(in);
            in.readUnsignedShort(); // access flags
            in.readUnsignedShort(); // this class
            in.readUnsignedShort(); // super class
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                in.skipBytes(6); // access flags, name, descriptor
                skipAttributes(in);
            }
            Map<String, Integer> lengths = new LinkedHashMap<>();
            int methods = in.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                in.readUnsignedShort(); // access flags
                String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        in.skipBytes(4); // max_stack, max_locals
                        lengths.put(name, in.readInt());
                        in.skipBytes(length - 8);
                    } else {
                        in.skipBytes(length);
                    }
                }
            }
            return lengths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the constant pool, keeping its UTF-8 entries by index (JVMS 4.4). */
    private static String[] constantPoolStrings(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[index] = in.readUTF();                       // Utf8
                case 3, 4 -> in.skipBytes(4);                               // Integer, Float
                case 5, 6 -> {                                              // Long, Double: two slots
                    in.skipBytes(8);
                    index++;
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);                   // Class, String, MethodType, Module, Package
                case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);              // refs, NameAndType, (Invoke)Dynamic
                case 15 -> in.skipBytes(3);                                 // MethodHandle
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + index);
            }
        }
        return utf8;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort(); // name
            in.skipBytes(in.readInt());
        }
    }
}
