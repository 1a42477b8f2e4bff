package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** L-BFGS on functions whose minima are known: the two-loop recursion, the line search and the whole method. */
class LbfgsTest {

    /** Rosenbrock's function, minimum 0 at (1, 1). */
    private static double rosenbrock(double[] p, double[] g) {
        double a = 1 - p[0];
        double b = p[1] - p[0] * p[0];
        g[0] = -2 * a - 400 * p[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    }

    @Test
    void rosenbrock_fromTheClassicStart_reachesTheMinimum() {
        double[] x = {-1.2, 1.0};
        Lbfgs.Result result = Lbfgs.builder().build().minimize(LbfgsTest::rosenbrock, x, 100);
        // PyTorch's defaults: the search stops once g'd is above -1e-9, here 1.3e-6 from (1, 1)
        assertEquals(new Lbfgs.Result(result.value(), 35, 44, Lbfgs.Stop.NO_DESCENT), result);
        assertEquals(1.0, x[0], 1e-6);
        assertEquals(1.0, x[1], 2e-6);
        assertTrue(result.value() < 1e-12, result.toString());

        double[] y = {-1.2, 1.0};
        Lbfgs.Result tight = Lbfgs.builder().changeTolerance(1e-20).gradientTolerance(1e-10).build()
                .minimize(LbfgsTest::rosenbrock, y, 100);
        assertEquals(38, tight.iterations());
        assertEquals(1.0, y[0], 1e-10);
        assertEquals(1.0, y[1], 1e-10);
    }

    /** A symmetric positive definite matrix with eigenvalues 1 to {@code n} (a rotation of their diagonal). */
    private static double[][] spd(int n, long seed) {
        Random random = new Random(seed);
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = random.nextGaussian();
            }
        }
        // Gram-Schmidt: orthonormal columns
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[i][j] * q[i][k];
                }
                for (int i = 0; i < n; i++) {
                    q[i][j] -= dot * q[i][k];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[i][j] * q[i][j];
            }
            for (int i = 0; i < n; i++) {
                q[i][j] /= Math.sqrt(norm);
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += q[i][k] * (k + 1) * q[j][k];
                }
            }
        }
        return a;
    }

    private static double[] times(double[][] a, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += a[i][j] * x[j];
            }
        }
        return y;
    }

    private static double norm(double[] x) {
        return Math.sqrt(LbfgsHistory.dot(new int[] {0, x.length}, x, x));
    }

    /**
     * On f = x'Ax/2 - b'x with exact line searches, L-BFGS with at least n pairs makes conjugate directions, as
     * conjugate gradients do, so it reaches the minimum in n iterations: the two-loop recursion is right.
     */
    @Test
    void twoLoopRecursion_withExactLineSearches_solvesAQuadraticInNIterations() {
        int n = 8;
        double[][] a = spd(n, 3L);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = i % 2 == 0 ? 1.0 : -2.0;
        }
        int[] all = {0, n};
        LbfgsHistory history = new LbfgsHistory(n, n, all);
        double[] x = new double[n];
        double[] g = new double[n];
        double[] d = new double[n];
        double[] norms = new double[n + 1];
        double[] ax = times(a, x);
        for (int i = 0; i < n; i++) {
            g[i] = ax[i] - b[i];
        }
        norms[0] = norm(g);
        for (int k = 1; k <= n; k++) {
            history.direction(g, d);
            double[] ad = times(a, d);
            double t = -LbfgsHistory.dot(all, g, d) / LbfgsHistory.dot(all, d, ad);
            double[] s = history.nextStep();
            double[] y = history.nextChange();
            for (int i = 0; i < n; i++) {
                x[i] += t * d[i];
                s[i] = t * d[i];
                y[i] = t * ad[i];
                g[i] += y[i];
            }
            assertTrue(history.commit());
            norms[k] = norm(g);
        }
        assertTrue(norms[n - 1] > 1e-3, "not done before the n-th iteration: " + norms[n - 1]);
        assertTrue(norms[n] < 1e-12 * norms[0], "done at the n-th: " + norms[n]);
        assertEquals(n, history.size());
    }

    @Test
    void history_keepsTheNewestPairs_andDropsOnesWithoutPositiveCurvature() {
        int[] all = {0, 1};
        LbfgsHistory history = new LbfgsHistory(2, 1, all);
        history.nextStep()[0] = 1.0;
        history.nextChange()[0] = -1.0;
        assertEquals(false, history.commit());
        assertEquals(0, history.size());
        double[] d = new double[1];
        history.direction(new double[] {3.0}, d);
        assertEquals(-3.0, d[0]);
        // pairs from f = c x^2 / 2: y = c s, so H = 1 / c, whichever pairs are kept
        for (double c : new double[] {5.0, 2.0, 4.0}) {
            history.nextStep()[0] = 1.0;
            history.nextChange()[0] = c;
            assertTrue(history.commit());
        }
        assertEquals(2, history.size());
        history.direction(new double[] {3.0}, d);
        assertEquals(-0.75, d[0], 1e-15);
    }

    private static StrongWolfe.Line along(java.util.function.DoubleUnaryOperator f,
                                          java.util.function.DoubleUnaryOperator slope) {
        return (t, g) -> {
            g[0] = slope.applyAsDouble(t);
            return f.applyAsDouble(t);
        };
    }

    private static StrongWolfe searched(java.util.function.DoubleUnaryOperator f,
                                        java.util.function.DoubleUnaryOperator slope, double t) {
        StrongWolfe search = new StrongWolfe(1, new int[] {0, 1});
        double g0 = slope.applyAsDouble(0);
        search.search(along(f, slope), new double[] {1.0}, f.applyAsDouble(0), new double[] {g0}, g0, t, 1e-9, 25);
        return search;
    }

    @Test
    void lineSearch_acceptsAFirstStepThatMeetsBothConditions() {
        // (t - 3)^2 at t = 1: value 4 <= 9 - 6e-4, slope |-4| <= 0.9 * 6
        StrongWolfe search = searched(t -> (t - 3) * (t - 3), t -> 2 * (t - 3), 1.0);
        assertEquals(1.0, search.step());
        assertEquals(4.0, search.value());
        assertArrayEquals(new double[] {-4.0}, search.gradient());
        assertEquals(1, search.evaluations());
        assertEquals(1, search.acceptedEvaluation());
    }

    @Test
    void lineSearch_extrapolatesATooShortStep_atMostTenfold() {
        // (t - 100)^2: at t = 1 the slope -198 is still steeper than 0.9 * 200; the cubic's minimum, 100,
        // is clamped to 10 t, where the slope -180 meets the curvature condition exactly
        StrongWolfe search = searched(t -> (t - 100) * (t - 100), t -> 2 * (t - 100), 1.0);
        assertEquals(10.0, search.step());
        assertEquals(8100.0, search.value());
        assertEquals(2, search.evaluations());
    }

    @Test
    void lineSearch_zoomsIntoAnOvershoot_byCubicInterpolation() {
        // (t - 0.25)^2 from t = 1 fails sufficient decrease; the cubic through both ends is the parabola itself
        StrongWolfe search = searched(t -> (t - 0.25) * (t - 0.25), t -> 2 * (t - 0.25), 1.0);
        assertEquals(0.25, search.step(), 1e-15);
        assertEquals(0.0, search.value(), 1e-30);
        assertEquals(2, search.evaluations());
        assertEquals(2, search.acceptedEvaluation());
    }

    @Test
    void lineSearch_backsAwayFromNaN_byBisection() {
        // undefined beyond t = 0.6: the NaN end makes the cubic undefined, so the zoom halves [0, 1] first
        StrongWolfe search = searched(t -> t < 0.6 ? (t - 0.25) * (t - 0.25) : Double.NaN,
                t -> t < 0.6 ? 2 * (t - 0.25) : Double.NaN, 1.0);
        assertEquals(0.25, search.step(), 1e-15);
        assertEquals(3, search.evaluations());
    }

    @Test
    void lineSearch_keepsTheStart_whenNothingIsLower() {
        // a slope that lies: the value only rises, so after its evaluations the search stays at step 0
        StrongWolfe search = new StrongWolfe(1, new int[] {0, 1});
        search.search(along(t -> t, t -> 1.0), new double[] {1.0}, 0.0, new double[] {-1.0}, -1.0, 1.0, 1e-9, 10);
        assertEquals(0.0, search.step());
        assertEquals(0, search.acceptedEvaluation());
        assertEquals(0.0, search.value());
    }

    @Test
    void cubicMinimum_isExactForACubic_andClamped() {
        // t^3 - 3t: minimum at 1, from (0, 0, -3) and (2, 2, 9), either order
        assertEquals(1.0, StrongWolfe.cubicMinimum(0, 0, -3, 2, 2, 9, 0, 2), 1e-15);
        assertEquals(1.0, StrongWolfe.cubicMinimum(2, 2, 9, 0, 0, -3, 0, 2), 1e-15);
        assertEquals(1.5, StrongWolfe.cubicMinimum(0, 0, -3, 2, 2, 9, 1.5, 2));
        // no minimum (a straight line's cubic is degenerate: the middle of the bounds)
        assertEquals(3.0, StrongWolfe.cubicMinimum(0, 0, 1, 1, 1, 1, 2, 4));
    }

    @Test
    void stops_onTheGradientTolerance_theValueTolerance_andTheIterationLimit() {
        double[] x = {3.0};
        Lbfgs.Result quadratic = Lbfgs.builder().build().minimize((p, g) -> {
            g[0] = 2 * (p[0] - 1);
            return (p[0] - 1) * (p[0] - 1);
        }, x, 50);
        assertEquals(new Lbfgs.Result(0.0, 2, 3, Lbfgs.Stop.GRADIENT_TOLERANCE), quadratic);
        assertEquals(Lbfgs.Stop.GRADIENT_TOLERANCE, quadratic.stop());
        assertEquals(1.0, x[0], 1e-7);

        double[] y = {-1.2, 1.0};
        Lbfgs.Result limited = Lbfgs.builder().build().minimize(LbfgsTest::rosenbrock, y, 3);
        assertEquals(Lbfgs.Stop.MAX_ITERATIONS, limited.stop());
        assertEquals(3, limited.iterations());

        Lbfgs.Result atMinimum = Lbfgs.builder().build().minimize(LbfgsTest::rosenbrock, new double[] {1, 1}, 10);
        assertEquals(new Lbfgs.Result(0.0, 0, 1, Lbfgs.Stop.GRADIENT_TOLERANCE), atMinimum);

        Lbfgs.Result notFinite = Lbfgs.builder().build().minimize((p, g) -> Double.NaN, new double[] {1}, 10);
        assertEquals(Lbfgs.Stop.NOT_FINITE, notFinite.stop());
    }

    @Test
    void builder_rejectsSettingsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Lbfgs.builder().history(0).build());
        assertThrows(IllegalArgumentException.class, () -> Lbfgs.builder().initialStep(0).build());
        assertThrows(IllegalArgumentException.class, () -> Lbfgs.builder().gradientTolerance(-1).build());
        assertThrows(IllegalArgumentException.class, () -> Lbfgs.builder().lineSearchEvaluations(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> Lbfgs.builder().build().minimize(LbfgsTest::rosenbrock, new double[2], -1));
    }
}
