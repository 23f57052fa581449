// The course's JupyterLite: JupyterLab with the extensions a student's notebook needs, Jupyter widgets
// (@jupyter-widgets/jupyterlab-manager, and the anywidget frontend module), JupyterLite's in-browser services
// (contents and settings in the browser's storage, kernels in the page), and the tsdl-lite kernel. Plugins are registered as JupyterLite's own app template does, without module federation:
// this site loads no extension from elsewhere.
import { JupyterLab } from "@jupyterlab/application";
import { PageConfig } from "@jupyterlab/coreutils";
import { IServiceManager } from "@jupyterlab/services";
import { PluginRegistry } from "@lumino/coreutils";
import tsdlLite from "./tsdlKernelPlugin";
import { IJupyterWidgetRegistry } from "@jupyter-widgets/base";

// Chunks and CSS assets load from the site's build folder, known only at run time.
// eslint-disable-next-line no-undef
__webpack_public_path__ = PageConfig.getOption("fullStaticUrl") + "/";

const styles = import("./build/style.js");

// What JupyterLite's lab app turns off (server-backed managers, news, downloads through a server), and the
// service worker this site does without (its kernel reads the site's files directly).
const disabled = [
  "@jupyterlab/application-extension:logo",
  "@jupyterlab/application-extension:main",
  "@jupyterlab/application-extension:tree-resolver",
  "@jupyterlab/application-extension:router",
  "@jupyterlab/apputils-extension:licenses-client",
  "@jupyterlab/apputils-extension:announcements",
  "@jupyterlab/apputils-extension:resolver",
  "@jupyterlab/docmanager-extension:download",
  "@jupyterlab/filebrowser-extension:download",
  "@jupyterlab/filebrowser-extension:share-file",
  "@jupyterlab/services-extension:config-section-manager",
  "@jupyterlab/services-extension:connection-status",
  "@jupyterlab/services-extension:default-drive",
  "@jupyterlab/services-extension:event-manager",
  "@jupyterlab/services-extension:kernel-manager",
  "@jupyterlab/services-extension:kernel-spec-manager",
  "@jupyterlab/services-extension:nbconvert-manager",
  "@jupyterlab/services-extension:session-manager",
  "@jupyterlab/services-extension:setting-manager",
  "@jupyterlab/services-extension:user-manager",
  "@jupyterlab/services-extension:workspace-manager",
  "@jupyterlite/application-extension:licenses-client",
  "@jupyterlab/apputils-extension:licenses-plugin",
  // Needs the language-server packages this site leaves out.
  "@jupyterlite/application-extension:lsp-connection-manager",
  "@jupyterlite/application-extension:service-worker-manager",
  // Replaced by tsdlKernelPlugin's client, which also tells the running kernel about an interrupt.
  "@jupyterlite/services-extension:kernel-client",
];

// Plugins that need a package this site leaves out (language server, search, table of contents, metadata
// form, console, file editor) would only fail to activate.
const unprovided = [":language-server", ":search", ":toc", ":update-raw-mimetype", "tooltip-extension:consoles", "tooltip-extension:files"];

/**
 * anywidget's npm package ships its frontend (AnyModel, AnyView) as an AMD module, without a lab plugin;
 * this registers it with the widget manager as the module "anywidget", as its lab extension does.
 */
const anywidgetPlugin = {
  id: "tsdl-lite:anywidget",
  description: "The anywidget frontend module, for tsdl's anyWidget().",
  autoStart: true,
  requires: [IJupyterWidgetRegistry],
  activate: (_app, registry) =>
    registry.registerWidget({
      name: "anywidget",
      // The version pinned in package.json (its exports map hides anywidget/package.json from webpack).
      version: "0.11.0",
      exports: async () => {
        const m = await import("anywidget");
        return m.default ?? m;
      },
    }),
};

const extensions = [
  import("@jupyterlab/application-extension"),
  import("@jupyterlab/apputils-extension"),
  import("@jupyterlab/codemirror-extension"),
  import("@jupyterlab/completer-extension"),
  import("@jupyterlab/docmanager-extension"),
  import("@jupyterlab/filebrowser-extension"),
  import("@jupyterlab/launcher-extension"),
  import("@jupyterlab/mainmenu-extension"),
  import("@jupyterlab/markdownviewer-extension"),
  import("@jupyterlab/markedparser-extension"),
  import("@jupyterlab/notebook-extension"),
  import("@jupyterlab/rendermime-extension"),
  import("@jupyterlab/services-extension"),
  import("@jupyterlab/shortcuts-extension"),
  import("@jupyterlab/statusbar-extension"),
  import("@jupyterlab/theme-light-extension"),
  import("@jupyterlab/tooltip-extension"),
  import("@jupyterlab/translation-extension"),
  import("@jupyterlab/ui-components-extension"),
  import("@jupyterlite/application-extension"),
  import("@jupyterlite/apputils-extension"),
  import("@jupyterlite/services-extension"),
  import("@jupyter-widgets/jupyterlab-manager/lib/plugin"),
  Promise.resolve({ default: [anywidgetPlugin] }),
  Promise.resolve({ default: tsdlLite }),
];

const mimeExtensions = [import("@jupyterlab/javascript-extension"), import("@jupyterlab/json-extension"), import("@jupyterlab/vega5-extension")];

/** The active plugins of an extension module. */
function pluginsOf(module) {
  const exported = Object.prototype.hasOwnProperty.call(module, "__esModule") || module.default ? module.default : module;
  return (Array.isArray(exported) ? exported : [exported]).filter(
    ({ id }) => !PageConfig.Extension.isDisabled(id) && !disabled.includes(id) && !unprovided.some((s) => id.includes(s)),
  );
}

async function main() {
  await styles;
  const plugins = (await Promise.all(extensions)).flatMap(pluginsOf);
  const mime = (await Promise.all(mimeExtensions)).flatMap(pluginsOf);
  const pluginRegistry = new PluginRegistry();
  pluginRegistry.registerPlugins(plugins);
  const serviceManager = await pluginRegistry.resolveRequiredService(IServiceManager);
  const lab = new JupyterLab({ pluginRegistry, mimeExtensions: mime, serviceManager, availablePlugins: plugins });
  lab.name = PageConfig.getOption("appName") || "JupyterLite";
  // As JupyterLite's own template: tests and the bench read notebooks through it.
  if ((PageConfig.getOption("exposeAppInBrowser") || "").toLowerCase() === "true") window.jupyterapp = lab;
  await lab.start({ bubblingKeydown: true });
  await lab.restored;
  // Tests and the bench wait for this marker before they touch the page.
  document.body.dataset.tsdlLabReady = "true";
}

void main();
