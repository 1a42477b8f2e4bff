package dev.dslc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.ParameterFile;
import dev.dslc.runtime.Sgd;
import dev.dslc.spark.models.Digits;
import dev.dslc.spark.models.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes wrong on a cluster is reported in one line that names the cause. */
class SparkErrorsTest {
    @TempDir
    Path dir;

    @Test
    void malformedCsvLine_isNamedWithItsLineAndColumn() throws IOException {
        StringBuilder csv = new StringBuilder("p0");
        for (int i = 1; i < 64; i++) {
            csv.append(",p").append(i);
        }
        csv.append(",digit\n");
        String row = "1,".repeat(64);
        csv.append(row).append("3\n").append(row).append("7\n\n");
        csv.append(row.replaceFirst("1,1,1,", "1,1,x,")).append("2\n").append(row).append("1\n");
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, csv);
        SparkTrainingException thrown = assertThrows(SparkTrainingException.class,
                () -> SparkExamples.readCsv(SparkSession.get(), file.toString(), Digits.INPUT_SIZE,
                        Digits.TARGET_SIZE));
        assertEquals(file + ":5: error: column 3: 'x' is not a number", thrown.getMessage());

        Files.writeString(file, row + "3\n" + row + "11\n");
        thrown = assertThrows(SparkTrainingException.class,
                () -> SparkExamples.readCsv(SparkSession.get(), file.toString(), Digits.INPUT_SIZE,
                        Digits.TARGET_SIZE));
        assertEquals(file + ":2: error: column 65: class index 11 is out of range: the model has 10 classes, 0 to 9",
                thrown.getMessage());
    }

    @Test
    void modelClassMissingOnTheExecutors_saysSoInOneLine() throws Exception {
        Model hidden = hiddenModel();
        SparkExamples data = SparkExamples.readCsv(SparkSession.get(), SparkTrainerTest.DIGITS, Digits.INPUT_SIZE,
                Digits.TARGET_SIZE);
        SparkTrainingException thrown = assertThrows(SparkTrainingException.class,
                () -> SparkTrainer.builder(new Sgd(0.1)).epochs(1).batchSize(500).build().train(hidden, data));
        assertEquals("model class hidden.HiddenDigits is not on the executors' class path: package it in the"
                + " application jar given to spark-submit, or pass its jar with --jars (docs/spark.md)",
                thrown.getMessage());
    }

    /** A model class that only the driver can load: compiled here, into a folder that is not on the class path. */
    private Model hiddenModel() throws Exception {
        Path source = dir.resolve("src/hidden/HiddenDigits.java");
        Files.createDirectories(source.getParent());
        StringBuilder code = new StringBuilder("""
                package hidden;
                public final class HiddenDigits implements dev.dslc.runtime.Model {
                    private final dev.dslc.spark.models.Digits digits = new dev.dslc.spark.models.Digits();
                """);
        for (String method : List.of("int inputSize()", "int outputSize()", "int targetSize()",
                "int parameterCount()", "double[] parameters()", "double[] gradients()",
                "java.util.List<dev.dslc.runtime.Parameter> parameterLayout()")) {
            code.append("public ").append(method).append(" { return digits.").append(method.split(" ")[1])
                    .append("; }\n");
        }
        code.append("""
                    public void forward(double[] x, double[] y) { digits.forward(x, y); }
                    public double loss(double[] x, double[] t) { return digits.loss(x, t); }
                    public double backward(double[] x, double[] t) { return digits.backward(x, t); }
                    public void zeroGradients() { digits.zeroGradients(); }
                }
                """);
        Files.writeString(source, code);
        Path classes = dir.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), source.toString());
        assertEquals(0, status);
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return (Model) loader.loadClass("hidden.HiddenDigits").getConstructor().newInstance();
    }

    @Test
    void parameterFileOfAnotherModel_isRefusedNamingTheFile() throws IOException {
        Path params = dir.resolve("mnist.params");
        ParameterFile.save(new Mnist(1L), params);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrainJob.run(List.of("--model", Digits.class.getName(), "--data", SparkTrainerTest.DIGITS,
                "--params", params.toString()), SparkSession.get(), print(out), print(err));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("TrainJob: error: " + params), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownModelClass_andBadOptions_areOneLineEach() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrainJob.run(List.of("--model", "com.example.Nope", "--data", SparkTrainerTest.DIGITS),
                SparkSession.get(), print(new ByteArrayOutputStream()), print(err));
        assertEquals(1, status);
        assertEquals("TrainJob: error: model class com.example.Nope is not on the driver's class path: package it"
                + " in the application jar given to spark-submit, or pass its jar with --jars (docs/spark.md)\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, TrainJob.run(List.of("--model", "X", "--data", "d.csv", "--batch", "0"), SparkSession.get(),
                print(new ByteArrayOutputStream()), print(err)));
        assertEquals("TrainJob: error: --batch must be a whole number above 0, got 0\nRun with --help for usage.\n",
                err.toString(StandardCharsets.UTF_8));
    }

    static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
