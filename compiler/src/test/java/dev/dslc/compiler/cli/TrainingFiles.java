package dev.dslc.compiler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Models and CSV files for the train and predict commands' tests, written into a test's folder. */
final class TrainingFiles {

    /** Three classes of points around (-2, 0), (2, 0) and (0, 3): a softmax layer separates them. */
    static final String BLOBS = """
            model Blobs
            input  x[2]
            target y[3]
            param  W[3, 2] ~ xavier
            param  b[3]    = 0
            z = W @ x + b
            output softmax(z)
            loss   softmax_cross_entropy(z, y)
            """;

    /** A model whose loss is NaN from the start: the log of a negative number. */
    static final String NAN_LOSS = """
            model Broken
            input  x
            target t
            param  w = -1
            output w * x
            loss   log(w * x) + t
            """;

    private TrainingFiles() {
    }

    static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** {@code x1,x2,class} and {@code size} rows of {@link #BLOBS} data, the class as an index. */
    static String blobs(int size, long seed) {
        Random random = new Random(seed);
        double[][] centres = {{-2, 0}, {2, 0}, {0, 3}};
        StringBuilder csv = new StringBuilder("x1,x2,class\n");
        for (int i = 0; i < size; i++) {
            int k = i % 3;
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", centres[k][0] + 0.5 * random.nextGaussian(),
                    centres[k][1] + 0.5 * random.nextGaussian(), k));
        }
        return csv.toString();
    }

    /** The XOR truth table with a header. */
    static final String XOR_TABLE = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";
}
