package dev.dslc.compiler.check;

import javax.lang.model.SourceVersion;

/** Class names: derived from file names, and checked against Java's rules. */
public final class JavaNames {

    private JavaNames() {
    }

    /** {@code two_layer.nn} -> {@code TwoLayer}; {@code xor.nn} -> {@code Xor}. */
    public static String classNameFromFile(String fileName) {
        String base = fileName.endsWith(".nn") ? fileName.substring(0, fileName.length() - 3) : fileName;
        StringBuilder name = new StringBuilder();
        for (String part : base.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.toString();
    }

    public static boolean isClassName(String name) {
        return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name) && !name.equals("var")
                && !name.equals("record") && !name.equals("yield") && !name.equals("sealed") && !name.equals("permits");
    }
}
