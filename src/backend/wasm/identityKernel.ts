// Identity and same-dtype Cast for the wasm backend that share their input's heap block,
// as the cpu backend's do (and a large cast from int32 or bool to float32 is deferred: deferredCast.ts). The wasm kernels copy: autodiff clones every tensor it saves
// for the backward pass (Dense(784→512) weights and inputs, activations: ~3 MB a training
// step), and copies within the threaded backend's SharedArrayBuffer are slow in V8.
// Sharing is safe because tensors are immutable; a block's reference count says when
// something (RMSprop's in-place slots) may write into it.
import * as tf from "@tensorflow/tfjs";

import { deferringCast } from "./deferredCast";
import { KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";

/** Returns `x` under a new reference; the backend frees the block when the last one goes. */
function share(x: TensorInfo, backend: tf.KernelBackend): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Wraps the wasm Identity: every non-string tensor is shared, not copied. */
export function sharingIdentity(fallback: KernelFn): KernelFn {
  const tsdlSharingIdentity: KernelFn = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    return x.dtype === "string" ? fallback(args) : share(x, args.backend);
  };
  return tsdlSharingIdentity;
}

/** Wraps the wasm Cast: a cast to the dtype the tensor already has shares it. */
export function sharingCast(fallback: KernelFn): KernelFn {
  const tsdlSharingCast: KernelFn = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    return args.attrs.dtype === x.dtype && x.dtype !== "string" ? share(x, args.backend) : fallback(args);
  };
  return tsdlSharingCast;
}

export const identityOverrides: WasmKernelOverride[] = [
  { kernelName: "Identity", note: "shared", wrap: sharingIdentity },
  { kernelName: "Cast", note: "shared or deferred", wrap: (original) => sharingCast(deferringCast(original)) },
];
