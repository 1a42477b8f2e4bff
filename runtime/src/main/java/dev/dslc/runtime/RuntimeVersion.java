package dev.dslc.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of dslc-runtime, which weight files record in their metadata. */
final class RuntimeVersion {
    /** Maven filters the project's version into this resource, so it is there in target/classes too. */
    private static final String RESOURCE = "dslc-runtime.properties";

    private RuntimeVersion() {
    }

    /** {@code 0.1.0-SNAPSHOT}, or {@code unknown} if the resource is missing (classes copied by hand). */
    static String current() {
        try (InputStream in = RuntimeVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
