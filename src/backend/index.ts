export { selectBackend, backendInfo, BackendInfo } from "./select";
export type { BackendAttempt, BackendName } from "./select";
export { profileKernels, KernelProfile } from "./kernelProfile";
export type { KernelTiming } from "./kernelProfile";
