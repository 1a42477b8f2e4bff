package dev.dslc.runtime;

import java.lang.management.ManagementFactory;
import java.util.stream.LongStream;

/** Measures heap allocation on the current thread, after running the work once to warm the JIT up. */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /** Runs {@code work} to warm up, then again measured; returns bytes allocated per each of its {@code calls}. */
    static double bytesPerCall(Runnable work, long calls) {
        work.run();
        work.run();
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        work.run();
        long after = THREADS.getThreadAllocatedBytes(thread);
        return (double) (after - before) / calls;
    }

    /** Bytes allocated so far by the threads with these ids, together. */
    static long allocatedBy(long[] threadIds) {
        long total = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(threadIds)) {
            total += bytes;
        }
        return total;
    }

    /**
     * Counts what the training thread and the trainer's own threads allocate from the end of epoch {@code from}
     * to the end of epoch {@code to}.
     */
    static final class EpochMeter implements TrainingListener {
        private final int from;
        private final int to;
        private long[] threads;
        private long before;
        private long after;

        EpochMeter(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void epochFinished(EpochResult epoch) {
            if (epoch.epoch() == from) {
                threads = LongStream.concat(LongStream.of(Thread.currentThread().getId()),
                        Thread.getAllStackTraces().keySet().stream()
                                .filter(t -> t.getName().startsWith("dslc-trainer-")).mapToLong(Thread::getId))
                        .toArray();
                before = allocatedBy(threads);
            } else if (epoch.epoch() == to) {
                after = allocatedBy(threads);
            }
        }

        /** {@return how many threads were measured: the caller and the trainer's} */
        int threadCount() {
            return threads.length;
        }

        /** {@return the bytes allocated between the two epochs} */
        long bytes() {
            return after - before;
        }
    }
}
