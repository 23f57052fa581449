// Registers the tsdl-lite kernel with JupyterLite, and a kernel client that passes an interrupt on to the
// running kernel (JupyterLite's own only cancels the requests still queued).
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { IServerSettings } from "@jupyterlab/services";
import { IKernelClient, IKernelSpecs, LiteKernelClient } from "@jupyterlite/services";
import { TsdlLiteKernel } from "./tsdlKernel";

// The Node kernel's name: the course's notebooks name it, so they open on this kernel in the browser, and a
// notebook saved here opens on the Node kernel elsewhere.
export const KERNEL_NAME = "tsdl";
export const DISPLAY_NAME = "TypeScript (tsdl-lite)";

class InterruptingKernelClient extends LiteKernelClient {
  async interrupt(kernelId) {
    // eslint-disable-next-line no-underscore-dangle
    this._kernels.get(kernelId)?.interrupt?.();
    return super.interrupt(kernelId);
  }
}

const kernelClient = {
  id: "tsdl-lite:kernel-client",
  description: "JupyterLite's kernel client, telling the running kernel about an interrupt.",
  autoStart: true,
  requires: [IKernelSpecs],
  optional: [IServerSettings],
  provides: IKernelClient,
  activate: (_, kernelSpecs, serverSettings) => new InterruptingKernelClient({ kernelSpecs, serverSettings }),
};

const kernel = {
  id: "tsdl-lite:kernel",
  description: "The TypeScript kernel with TensorFlow.js and the tsdl library, in a Web Worker.",
  autoStart: true,
  requires: [IKernelSpecs],
  activate: (_, kernelSpecs) => {
    const logo = (size) => URLExt.join(PageConfig.getBaseUrl(), `kernel/logo-${size}.png`);
    kernelSpecs.register({
      spec: {
        name: KERNEL_NAME,
        display_name: DISPLAY_NAME,
        language: "typescript",
        argv: [],
        spec: { argv: [], env: {}, display_name: DISPLAY_NAME, language: "typescript", interrupt_mode: "message", metadata: {} },
        resources: { "logo-32x32": logo("32x32"), "logo-64x64": logo("64x64") },
      },
      create: async (options) => new TsdlLiteKernel(options),
    });
  },
};

export default [kernelClient, kernel];
