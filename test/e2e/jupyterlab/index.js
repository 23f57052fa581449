// The e2e JupyterLab: @jupyterlab/application with the standard extensions a student's notebook needs
// (notebook, completer, tooltip, menus, kernel status, vega/json/javascript renderers), Jupyter widgets
// (@jupyter-widgets/jupyterlab-manager) and the anywidget frontend module.
import { JupyterLab } from "@jupyterlab/application";
import { PageConfig } from "@jupyterlab/coreutils";

// Chunks and CSS assets load from the server's static URL, which is only known at run time.
// eslint-disable-next-line no-undef
__webpack_public_path__ = PageConfig.getOption("fullStaticUrl") + "/";

const styles = import("./build/style.js");

/**
 * anywidget's npm package ships its frontend (AnyModel, AnyView) as an AMD module, without a lab plugin;
 * this registers it with the widget manager as the module "anywidget", as its lab extension does.
 */
function anywidgetPlugin() {
  return {
    id: "tsdl-e2e:anywidget",
    autoStart: true,
    requires: [require("@jupyter-widgets/base").IJupyterWidgetRegistry],
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
}

// Plugins that need a package this app leaves out (language server, search, table of contents, metadata
// form, console, file editor) would only fail to activate.
const unprovided = [":language-server", ":search", ":toc", ":update-raw-mimetype", "tooltip-extension:consoles", "tooltip-extension:files"];
const withoutUnprovided = (m) => m.default.filter(({ id }) => !unprovided.some((s) => id.includes(s)));

const extensions = [
  import("@jupyterlab/application-extension"),
  import("@jupyterlab/apputils-extension"),
  import("@jupyterlab/codemirror-extension"),
  import("@jupyterlab/completer-extension"),
  import("@jupyterlab/docmanager-extension"),
  import("@jupyterlab/filebrowser-extension"),
  import("@jupyterlab/mainmenu-extension"),
  import("@jupyterlab/markdownviewer-extension"),
  import("@jupyterlab/markedparser-extension"),
  import("@jupyterlab/notebook-extension").then(withoutUnprovided),
  import("@jupyterlab/rendermime-extension"),
  import("@jupyterlab/shortcuts-extension"),
  import("@jupyterlab/statusbar-extension"),
  import("@jupyterlab/theme-light-extension"),
  import("@jupyterlab/tooltip-extension").then(withoutUnprovided),
  import("@jupyterlab/translation-extension"),
  import("@jupyterlab/ui-components-extension"),
  import("@jupyter-widgets/jupyterlab-manager/lib/plugin"),
  // A module whose export is the list of plugins (JupyterLab reads `default` only from ES modules).
  Promise.resolve([anywidgetPlugin()]),
];

const mimeExtensions = [
  import("@jupyterlab/javascript-extension"),
  import("@jupyterlab/json-extension"),
  import("@jupyterlab/vega5-extension"),
];

window.addEventListener("load", async () => {
  await styles;
  const lab = new JupyterLab({ mimeExtensions: await Promise.all(mimeExtensions) });
  lab.registerPluginModules(await Promise.all(extensions));
  await lab.start();
  await lab.restored;
  // The tests wait for this marker before they touch the page.
  document.body.dataset.tsdlLabReady = "true";
});
