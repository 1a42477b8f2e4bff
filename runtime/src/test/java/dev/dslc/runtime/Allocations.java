package dev.dslc.runtime;

import java.lang.management.ManagementFactory;

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
}
