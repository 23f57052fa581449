export { selectBackend, backendInfo, BackendInfo } from "./select";
export type { BackendAttempt, BackendName } from "./select";
