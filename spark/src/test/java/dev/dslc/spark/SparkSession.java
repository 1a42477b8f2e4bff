package dev.dslc.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The one local[2] Spark context the tests share: starting one takes seconds. */
final class SparkSession {
    private static JavaSparkContext context;

    private SparkSession() {
    }

    static synchronized JavaSparkContext get() {
        if (context == null) {
            SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("dslc-spark tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.broadcast.compress", "false")   // as TrainJob sets it
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            context = new JavaSparkContext(conf);
            Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
        }
        return context;
    }
}
