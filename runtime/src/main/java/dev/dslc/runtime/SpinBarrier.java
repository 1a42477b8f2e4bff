package dev.dslc.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for a fixed set of threads that takes no lock and
 * allocates nothing: the last to arrive starts the next generation. A waiter
 * spins briefly, as the others are usually a few microseconds behind, and then
 * parks, so that threads waiting through a held-out evaluation or on a busy
 * machine give their core back. {@link java.util.concurrent.CyclicBarrier}
 * would do the same job through a {@code ReentrantLock} and a condition.
 */
final class SpinBarrier {
    /**
     * About 200 microseconds of {@link Thread#onSpinWait} (20 ns each on this project's AMD EPYC machines): longer
     * than one 32-example block of a small model takes, so that threads meeting every block rarely pay for a park
     * and an unpark (tens of microseconds, more on a busy machine); short enough to give the core back during a
     * held-out evaluation.
     */
    private static final int SPINS = 10_000;

    private final int parties;
    private final Thread[] threads;
    private final AtomicIntegerArray parked;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;

    SpinBarrier(int parties) {
        this.parties = parties;
        this.threads = new Thread[parties];
        this.parked = new AtomicIntegerArray(parties);
    }

    /** Names the thread that will await as {@code party}; call before it first waits. */
    void register(int party, Thread thread) {
        threads[party] = thread;
    }

    /** Waits until every party has called this (once each) in the current generation. */
    void await(int party) {
        if (parties == 1) {
            return;
        }
        int current = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = current + 1;
            for (int p = 0; p < parties; p++) {
                if (parked.get(p) != 0) {
                    LockSupport.unpark(threads[p]);
                }
            }
            return;
        }
        for (int spin = 0; spin < SPINS; spin++) {
            if (generation != current) {
                return;
            }
            Thread.onSpinWait();
        }
        // Announced before the last check, so the releaser either sees it and unparks, or this thread sees the
        // new generation and does not park.
        parked.set(party, 1);
        while (generation == current) {
            LockSupport.park(this);
        }
        parked.set(party, 0);
    }
}
