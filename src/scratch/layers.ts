// Saito's layers (common/layers.py) with tf ops: each pairs a forward with a backward and keeps what
// the backward needs. A layer owns the tensors it caches and frees them on its next forward or on dispose();
// the caller owns what forward and backward return.
import * as tf from "@tensorflow/tfjs";
import { asOneHot, crossEntropyError, softmax } from "./functions";

/** A layer of Saito's kind: forward computes, backward turns dL/d(out) into dL/d(in). */
export interface ScratchLayer {
  forward(x: tf.Tensor): tf.Tensor;
  backward(dout: tf.Tensor): tf.Tensor;
  dispose(): void;
}

/** ReLU: remembers where x ≤ 0 and blocks the gradient there. Introduced in chapter 06-backprop-from-scratch. */
export class Relu implements ScratchLayer {
  private mask: tf.Tensor | undefined;

  forward(x: tf.Tensor): tf.Tensor {
    tf.dispose(this.mask);
    this.mask = tf.keep(tf.lessEqual(x, 0));
    return tf.relu(x);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    if (!this.mask) throw new Error("Relu.backward: call forward first");
    return tf.tidy(() => tf.where(this.mask!, tf.zerosLike(dout), dout));
  }

  dispose(): void {
    tf.dispose(this.mask);
    this.mask = undefined;
  }
}

/** Sigmoid: remembers its output y, since dy/dx = y(1 − y). Introduced in chapter 06-backprop-from-scratch. */
export class Sigmoid implements ScratchLayer {
  private out: tf.Tensor | undefined;

  forward(x: tf.Tensor): tf.Tensor {
    const out = tf.sigmoid(x);
    tf.dispose(this.out);
    this.out = tf.keep(out.clone());
    return out;
  }

  backward(dout: tf.Tensor): tf.Tensor {
    if (!this.out) throw new Error("Sigmoid.backward: call forward first");
    return tf.tidy(() => tf.mul(dout, tf.mul(tf.sub(1, this.out!), this.out!)));
  }

  dispose(): void {
    tf.dispose(this.out);
    this.out = undefined;
  }
}

/**
 * Affine: out = x·W + b. Remembers x; backward returns dx = dout·Wᵀ and stores dW = xᵀ·dout and db = Σ dout
 * (over the batch). W and b are variables, so an optimizer can update them in place. Inputs of more than
 * two dimensions are flattened to [N, features]. Introduced in chapter 06-backprop-from-scratch.
 */
export class Affine implements ScratchLayer {
  private x: tf.Tensor2D | undefined;
  private inputShape: number[] = [];
  dW: tf.Tensor | undefined;
  db: tf.Tensor | undefined;

  constructor(
    readonly W: tf.Variable,
    readonly b: tf.Variable,
  ) {
    if (W.rank !== 2 || b.rank !== 1 || b.shape[0] !== W.shape[1]) {
      throw new Error(`Affine: expected W [in,out] and b [out]; got W [${W.shape.join(",")}] and b [${b.shape.join(",")}]`);
    }
  }

  forward(x: tf.Tensor): tf.Tensor {
    this.inputShape = x.shape;
    const x2 = tf.keep(x.reshape([x.shape[0]!, -1]) as tf.Tensor2D);
    tf.dispose(this.x);
    this.x = x2;
    return tf.tidy(() => tf.add(tf.matMul(x2, this.W), this.b));
  }

  backward(dout: tf.Tensor): tf.Tensor {
    if (!this.x) throw new Error("Affine.backward: call forward first");
    const x = this.x;
    tf.dispose([this.dW, this.db]);
    this.dW = tf.keep(tf.matMul(x, dout as tf.Tensor2D, true, false));
    this.db = tf.keep(tf.sum(dout, 0));
    return tf.tidy(() => tf.matMul(dout as tf.Tensor2D, this.W, false, true).reshape(this.inputShape));
  }

  dispose(): void {
    tf.dispose([this.x, this.dW, this.db]);
    this.x = this.dW = this.db = undefined;
  }
}

/**
 * Softmax followed by the cross-entropy loss. forward(x, t) returns the mean loss; backward() returns
 * (y − t) / N, the famously simple gradient of the pair. `t` is int32 labels [N] or one-hot [N,K].
 * Introduced in chapter 06-backprop-from-scratch.
 */
export class SoftmaxWithLoss {
  private y: tf.Tensor | undefined;
  private t: tf.Tensor | undefined;

  forward(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    const y = tf.keep(softmax(x));
    const oneHot = tf.keep(asOneHot(t, x.shape[x.rank - 1]!));
    tf.dispose([this.y, this.t]);
    this.y = y;
    this.t = oneHot;
    return crossEntropyError(y, oneHot);
  }

  backward(dout: number | tf.Tensor = 1): tf.Tensor {
    if (!this.y || !this.t) throw new Error("SoftmaxWithLoss.backward: call forward first");
    const batch = this.y.shape[0]!;
    return tf.tidy(() => tf.mul(tf.div(tf.sub(this.y!, this.t!), batch), dout));
  }

  dispose(): void {
    tf.dispose([this.y, this.t]);
    this.y = this.t = undefined;
  }
}
