package dev.dslc.compiler.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of dslc that is running, as {@code dslc --version} prints it. */
final class Version {

    /** The Maven coordinates' properties file that maven-archiver puts in every jar. */
    private static final String POM_PROPERTIES = "/META-INF/maven/dev.dslc/dslc-compiler/pom.properties";

    private Version() {
    }

    /**
     * The jar manifest's {@code Implementation-Version}, else the version in
     * the jar's Maven properties, else {@code dev} (classes run from an IDE or
     * from {@code target/classes}).
     *
     * <pre>{@code
     * Version.current()   // "0.1.0-SNAPSHOT"
     * }</pre>
     */
    static String current() {
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        String fromPom = fromPomProperties();
        return fromPom != null ? fromPom : "dev";
    }

    private static String fromPomProperties() {
        try (InputStream in = Version.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
