// Saito's computational-graph layers on plain numbers: each pairs a forward with a backward.

/** z = x · y; backward passes dz·y to x and dz·x to y. Introduced in chapter 06-backprop-from-scratch. */
export class MulLayer {
  private x = 0;
  private y = 0;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }

  /** Returns [dx, dy]. */
  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}

/** z = x + y; backward passes dz unchanged to both. Introduced in chapter 06-backprop-from-scratch. */
export class AddLayer {
  forward(x: number, y: number): number {
    return x + y;
  }

  /** Returns [dx, dy]. */
  backward(dout: number): [number, number] {
    return [dout, dout];
  }
}
