package dev.dslc.runtime;

/**
 * The derivatives beyond the loss gradient that a generated class may offer,
 * one interface each: a class implements those it has (by default the input
 * gradient and the Hessian-vector product where each computes at most 5,000
 * operations, and the Jacobian for a scalar output; {@code dslc --derivatives}
 * and the Maven plugin's {@code derivatives} parameter choose). Every one is
 * exact to rounding, built symbolically by dslc, and allocates nothing.
 *
 * <pre>{@code
 * if (model instanceof ModelDerivatives.HessianVectorProduct h) {
 *     double loss = h.hessianVectorProduct(input, target, v, hv);
 * }
 * }</pre>
 */
public final class ModelDerivatives {

    private ModelDerivatives() {
    }

    /** dLoss/dInput. */
    public interface InputGradient {
        /**
         * Writes dLoss/dInput into {@code dInput}, laid out as the input.
         *
         * @param input  the example, {@link Model#inputSize()} numbers
         * @param target its target, {@link Model#targetSize()} numbers
         * @param dInput where the gradient goes, {@link Model#inputSize()} numbers
         * @return the loss
         */
        double inputGradient(double[] input, double[] target, double[] dInput);
    }

    /** dOutput/dInput. */
    public interface Jacobian {
        /**
         * Writes dOutput/dInput into {@code jac}, one row per output element, row-major:
         * {@code jac[k * inputSize + i]} is d output[k] / d input[i].
         *
         * @param input the example, {@link Model#inputSize()} numbers
         * @param jac   where the Jacobian goes, {@link Model#outputSize()} times {@link Model#inputSize()} numbers
         */
        void jacobian(double[] input, double[] jac);
    }

    /** (d2 Loss / dParameters2) v, built symbolically (reverse over reverse), never by differencing gradients. */
    public interface HessianVectorProduct {
        /**
         * Writes the Hessian of the loss with respect to the parameters, times {@code v}, into {@code hv}. Both
         * are laid out as the parameters; a {@code const} parameter is held fixed: its slice of {@code v} is not
         * read, and its slice of {@code hv} is zero.
         *
         * @param input  the example, {@link Model#inputSize()} numbers
         * @param target its target, {@link Model#targetSize()} numbers
         * @param v      the direction, {@link Model#parameterCount()} numbers
         * @param hv     where the product goes, {@link Model#parameterCount()} numbers
         * @return the loss
         */
        double hessianVectorProduct(double[] input, double[] target, double[] v, double[] hv);
    }
}
