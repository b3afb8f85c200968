package org.neurite.tensor.ops;

import java.util.SplittableRandom;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Arithmetic;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Pointwise arithmetic with NumPy broadcasting. Each op is its forward followed by its backward
 * rule; a rule that receives a broadcast gradient sums it back to the input's shape (sumTo).
 */
public final class Elementwise {
    private Elementwise() {}

    /** Below this many elements a loop is not worth handing to another thread. */
    static final int PARALLEL_GRAIN = Arithmetic.PARALLEL_GRAIN;

    static Tensor arith(Tensor a, Tensor b, Arithmetic.Op op) {
        float[] x = a.data(), y = b.data();
        if (a.shape().equals(b.shape())) {
            float[] o = Buffers.uninitialized(x.length);
            Arithmetic.sameShape(op, x, y, o);
            return Tensor.of(o, a.shape());
        }
        if (b.size() == 1 || a.size() == 1) {
            // tensor with scalar: the common "x * 0.5", "1 - x" shapes
            boolean scalarB = b.size() == 1;
            Shape outShape = Shape.broadcast(a.shape(), b.shape());
            float[] o = Buffers.uninitialized(outShape.size());
            Arithmetic.withScalar(op, scalarB ? x : y, scalarB ? b.item() : a.item(), scalarB, o);
            return Tensor.of(o, outShape);
        }
        Shape out = Shape.broadcast(a.shape(), b.shape());
        float[] o = Buffers.uninitialized(out.size());
        Broadcasting.walk(out, Broadcasting.alignedStrides(a.shape(), out), Broadcasting.alignedStrides(b.shape(), out),
                (oo, ao, sa, bo, sb, n) -> Arithmetic.run(op, x, ao, sa, y, bo, sb, o, oo, n));
        return Tensor.of(o, out);
    }

    /** Generic broadcast binary op for the rarer functions (maximum, masks, comparisons). */
    static Tensor binary(Tensor a, Tensor b, Arithmetic.FloatBinary f) {
        float[] x = a.data(), y = b.data();
        if (a.shape().equals(b.shape())) {
            float[] o = Buffers.uninitialized(x.length);
            Arithmetic.zip(f, x, y, o);
            return Tensor.of(o, a.shape());
        }
        Shape out = Shape.broadcast(a.shape(), b.shape());
        float[] o = Buffers.uninitialized(out.size());
        Broadcasting.walk(out, Broadcasting.alignedStrides(a.shape(), out), Broadcasting.alignedStrides(b.shape(), out),
                (oo, ao, sa, bo, sb, n) -> Arithmetic.zipRun(f, x, ao, sa, y, bo, sb, o, oo, n));
        return Tensor.of(o, out);
    }

    static Tensor unary(Tensor a, Arithmetic.FloatUnary f) {
        float[] o = Buffers.uninitialized(a.size());
        Arithmetic.map(f, a.data(), o);
        return Tensor.of(o, a.shape());
    }

    // add: d/da = 1, d/db = 1
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = arith(a, b, Arithmetic.Op.ADD);
        return Tensor.record(out, "add", new Tensor[] {a, b},
                g -> new Tensor[] {g.sumTo(a.shape()), g.sumTo(b.shape())});
    }

    // sub: d/da = 1, d/db = -1
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = arith(a, b, Arithmetic.Op.SUB);
        return Tensor.record(out, "sub", new Tensor[] {a, b},
                g -> new Tensor[] {g.sumTo(a.shape()), b.requiresGrad() ? g.neg().sumTo(b.shape()) : null});
    }

    // mul: d/da = b, d/db = a
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = arith(a, b, Arithmetic.Op.MUL);
        return Tensor.record(out, "mul", new Tensor[] {a, b}, g -> new Tensor[] {
            a.requiresGrad() ? g.mul(b).sumTo(a.shape()) : null,
            b.requiresGrad() ? g.mul(a).sumTo(b.shape()) : null});
    }

    // div: d/da = 1/b, d/db = -a/b^2
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = arith(a, b, Arithmetic.Op.DIV);
        return Tensor.record(out, "div", new Tensor[] {a, b}, g -> new Tensor[] {
            a.requiresGrad() ? g.div(b).sumTo(a.shape()) : null,
            b.requiresGrad() ? g.mul(a).div(b.mul(b)).neg().sumTo(b.shape()) : null});
    }

    public static Tensor addScalar(Tensor a, float c) {
        Tensor out = arith(a, Tensor.scalar(c), Arithmetic.Op.ADD);
        return Tensor.record(out, "add_scalar", new Tensor[] {a}, g -> new Tensor[] {g});
    }

    public static Tensor mulScalar(Tensor a, float c) {
        Tensor out = arith(a, Tensor.scalar(c), Arithmetic.Op.MUL);
        return Tensor.record(out, "mul_scalar", new Tensor[] {a}, g -> new Tensor[] {g.mul(c)});
    }

    public static Tensor neg(Tensor a) {
        Tensor out = arith(a, Tensor.scalar(-1f), Arithmetic.Op.MUL);
        return Tensor.record(out, "neg", new Tensor[] {a}, g -> new Tensor[] {g.neg()});
    }

    // exp: d/da = exp(a) = out
    public static Tensor exp(Tensor a) {
        Tensor out = unary(a, v -> (float) Math.exp(v));
        return Tensor.record(out, "exp", new Tensor[] {a}, g -> new Tensor[] {g.mul(out)});
    }

    // log: d/da = 1/a
    public static Tensor log(Tensor a) {
        Tensor out = unary(a, v -> (float) Math.log(v));
        return Tensor.record(out, "log", new Tensor[] {a}, g -> new Tensor[] {g.div(a)});
    }

    // sqrt: d/da = 1 / (2 sqrt(a))
    public static Tensor sqrt(Tensor a) {
        Tensor out = unary(a, v -> (float) Math.sqrt(v));
        return Tensor.record(out, "sqrt", new Tensor[] {a}, g -> new Tensor[] {g.div(out.mul(2f))});
    }

    // abs: d/da = sign(a) (0 at 0, as PyTorch)
    public static Tensor abs(Tensor a) {
        Tensor out = unary(a, Math::abs);
        return Tensor.record(out, "abs", new Tensor[] {a}, g -> new Tensor[] {g.mul(unary(a, Math::signum))});
    }

    // pow with a constant exponent: d/da = c a^(c-1)
    public static Tensor pow(Tensor a, float c) {
        Tensor out = unary(a, v -> (float) Math.pow(v, c));
        return Tensor.record(out, "pow", new Tensor[] {a}, g -> new Tensor[] {g.mul(a.pow(c - 1f).mul(c))});
    }

    // maximum: the gradient goes to the larger input, split evenly on ties (as PyTorch)
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = binary(a, b, Math::max);
        return Tensor.record(out, "maximum", new Tensor[] {a, b}, g -> {
            Tensor toA = binary(a, b, (p, q) -> p > q ? 1f : p == q ? 0.5f : 0f);
            return new Tensor[] {g.mul(toA).sumTo(a.shape()), g.mul(toA.rsub(1f)).sumTo(b.shape())};
        });
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = binary(a, b, Math::min);
        return Tensor.record(out, "minimum", new Tensor[] {a, b}, g -> {
            Tensor toA = binary(a, b, (p, q) -> p < q ? 1f : p == q ? 0.5f : 0f);
            return new Tensor[] {g.mul(toA).sumTo(a.shape()), g.mul(toA.rsub(1f)).sumTo(b.shape())};
        });
    }

    // clamp: gradient passes where min <= a <= max
    public static Tensor clamp(Tensor a, float min, float max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        Tensor out = unary(a, v -> Math.min(max, Math.max(min, v)));
        return Tensor.record(out, "clamp", new Tensor[] {a},
                g -> new Tensor[] {g.mul(unary(a, v -> v >= min && v <= max ? 1f : 0f))});
    }

    // where: condition selects; the condition itself gets no gradient
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Shape abShape = Shape.broadcast(a.shape(), b.shape());
        Shape outShape = Shape.broadcast(condition.shape(), abShape);
        Tensor mask = binary(condition, Tensor.zeros(outShape), (c, z) -> c != 0 ? 1f : 0f);
        Tensor av = a.broadcastTo(outShape).detach();
        Tensor bv = b.broadcastTo(outShape).detach();
        float[] o = Buffers.uninitialized(outShape.size());
        Arithmetic.select(mask.data(), av.data(), bv.data(), o);
        return Tensor.record(Tensor.of(o, outShape), "where", new Tensor[] {a, b},
                g -> new Tensor[] {g.mul(mask).sumTo(a.shape()), g.mul(mask.rsub(1f)).sumTo(b.shape())});
    }

    /** 1 where a > b, else 0; a comparison has no gradient. */
    public static Tensor greater(Tensor a, Tensor b) {
        return binary(a, b, (p, q) -> p > q ? 1f : 0f);
    }

    // dropout: the same kept-mask scales the gradient
    public static Tensor dropout(Tensor a, float rate, SplittableRandom random) {
        if (rate < 0f || rate >= 1f) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        if (rate == 0f) return a;
        float scale = 1f / (1f - rate);
        float[] m = Buffers.uninitialized(a.size());
        Arithmetic.dropoutMask(m, rate, scale, random);
        Tensor mask = Tensor.of(m, a.shape());
        Tensor out = arith(a, mask, Arithmetic.Op.MUL);
        return Tensor.record(out, "dropout", new Tensor[] {a}, g -> new Tensor[] {g.mul(mask)});
    }
}
