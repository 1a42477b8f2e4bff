package dev.dslc.spark;

import dev.dslc.runtime.CsvExampleParser;
import dev.dslc.runtime.CsvFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A data set on Spark, ready for {@link SparkTrainer}: an RDD of examples,
 * each numbered from 0 in the order the input lists them (the numbers the
 * seeded split and shuffles of {@code dev.dslc.runtime.ExampleOrder} refer
 * to), kept in executor memory.
 *
 * <pre>{@code
 * SparkExamples data = SparkExamples.readCsv(spark, "hdfs:///data/digits.csv", Digits.INPUT_SIZE, Digits.TARGET_SIZE);
 * SparkExamples mine = SparkExamples.of(rdd);   // a JavaRDD<Example> built any other way
 * }</pre>
 */
public final class SparkExamples {
    private final JavaSparkContext spark;
    private final JavaRDD<IndexedExample> examples;
    private final long count;

    private SparkExamples(JavaSparkContext spark, JavaRDD<IndexedExample> examples) {
        this.spark = spark;
        this.examples = examples.persist(StorageLevel.MEMORY_ONLY());
        this.count = this.examples.count();
        if (count > Integer.MAX_VALUE) {
            throw new SparkTrainingException(count + " examples: the example order holds at most "
                    + Integer.MAX_VALUE);
        }
    }

    /** Numbers the examples of {@code rdd} in its order and keeps them in memory. */
    public static SparkExamples of(JavaRDD<Example> rdd) {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(rdd.context());
        return new SparkExamples(spark, rdd.zipWithIndex()
                .map(pair -> new IndexedExample(pair._2(), pair._1().input(), pair._1().target())));
    }

    /**
     * Reads CSV in the format of {@code dslc train} (docs/training.md): the inputs then the targets, or the inputs
     * then a class index; an optional header line; blank lines skipped; {@code .gz} decompressed. {@code path} is
     * anything {@code textFile} reads: a file, a directory, a glob, on any Hadoop file system.
     *
     * @throws SparkTrainingException naming the path and line of the first problem, or a missing path
     */
    public static SparkExamples readCsv(JavaSparkContext spark, String path, int inputSize, int targetSize) {
        JavaPairRDD<String, Long> lines = spark.textFile(path).zipWithIndex();
        List<Tuple2<String, Long>> head;
        try {
            head = lines.filter(line -> !line._1().isBlank()).take(2);
        } catch (RuntimeException e) {
            throw new SparkTrainingException(path + ": error: cannot read it: " + firstLine(e), e);
        }
        if (head.isEmpty()) {
            throw new SparkTrainingException(path + ":1: error: no data: the file is empty");
        }
        boolean header = CsvExampleParser.isHeader(head.get(0)._1());
        if (header && head.size() == 1) {
            throw new SparkTrainingException(path + ":" + (head.get(0)._2() + 1)
                    + ": error: no data: the file has only a header");
        }
        Tuple2<String, Long> first = head.get(header ? 1 : 0);
        CsvExampleParser parser;
        try {
            parser = CsvExampleParser.forFirstRow(strip(first._1()), inputSize, targetSize, Path.of(path),
                    (int) (first._2() + 1));
        } catch (CsvFileException e) {
            throw new SparkTrainingException(errorLine(e));
        }
        long headerLine = header ? head.get(0)._2() : -1;
        JavaRDD<ParsedLine> parsed = lines.mapPartitions(
                (Iterator<Tuple2<String, Long>> part) -> parse(part, parser, path, headerLine))
                .persist(StorageLevel.MEMORY_ONLY());
        JavaRDD<Long> bad = parsed.filter(line -> line.error() != null).map(ParsedLine::line);
        if (!bad.isEmpty()) {
            long firstBad = bad.reduce(Math::min);
            String message = parsed.filter(line -> line.line() == firstBad).first().error();
            parsed.unpersist(false);
            throw new SparkTrainingException(message);
        }
        SparkExamples examples = new SparkExamples(spark, parsed.zipWithIndex()
                .map(pair -> new IndexedExample(pair._2(), pair._1().input(), pair._1().target())));
        parsed.unpersist(false);
        return examples;
    }

    private static Iterator<ParsedLine> parse(Iterator<Tuple2<String, Long>> lines, CsvExampleParser parser,
                                              String path, long headerLine) {
        List<ParsedLine> parsed = new ArrayList<>();
        while (lines.hasNext()) {
            Tuple2<String, Long> line = lines.next();
            long index = line._2();
            if (index == headerLine || line._1().isBlank()) {
                continue;
            }
            try {
                double[][] example = parser.parse(strip(line._1()), Path.of(path), (int) (index + 1));
                parsed.add(new ParsedLine(index + 1, example[0], example[1], null));
            } catch (CsvFileException e) {
                parsed.add(new ParsedLine(index + 1, null, null, errorLine(e)));
            }
        }
        return parsed.iterator();
    }

    private static String strip(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** {@code data.csv:4: error: reason}, as {@code dslc train} prints it. */
    private static String errorLine(CsvFileException e) {
        return e.file() + ":" + e.line() + ": error: " + e.reason();
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** How many examples there are. */
    public long count() {
        return count;
    }

    /** The Spark context the examples live in. */
    public JavaSparkContext spark() {
        return spark;
    }

    JavaRDD<IndexedExample> rdd() {
        return examples;
    }

    /** Drops the examples from executor memory. */
    public void release() {
        examples.unpersist(false);
    }
}
