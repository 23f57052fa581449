// The models of ipywidgets 8 that tsdl's controls use, with the default state ipywidgets sends for each
// (packages/schema/jupyterwidgetmodels.latest.md). Pure data: a control's state is its model's defaults
// overlaid with what the caller chose.
import type { WidgetState } from "./protocol";

const BASE = "@jupyter-widgets/base";
const CONTROLS = "@jupyter-widgets/controls";
/** The model-module versions of ipywidgets 8 (protocol versions, not npm versions). */
export const BASE_VERSION = "2.0.0";
export const CONTROLS_VERSION = "2.0.0";

/** Which frontend classes render a model. */
export interface ModelSpec {
  modelName: string;
  modelModule: string;
  modelModuleVersion: string;
  viewName: string | null;
  viewModule: string;
  viewModuleVersion: string;
}

function identity(spec: ModelSpec): WidgetState {
  return {
    _model_module: spec.modelModule,
    _model_module_version: spec.modelModuleVersion,
    _model_name: spec.modelName,
    _view_count: null,
    _view_module: spec.viewModule,
    _view_module_version: spec.viewModuleVersion,
    _view_name: spec.viewName,
  };
}

function controls(name: string, view: string | null = name.replace(/Model$/, "View")): ModelSpec {
  return { modelName: name, modelModule: CONTROLS, modelModuleVersion: CONTROLS_VERSION, viewName: view, viewModule: CONTROLS, viewModuleVersion: CONTROLS_VERSION };
}

function style(name: string): ModelSpec {
  return { modelName: name, modelModule: CONTROLS, modelModuleVersion: CONTROLS_VERSION, viewName: "StyleView", viewModule: BASE, viewModuleVersion: BASE_VERSION };
}

const LAYOUT_KEYS = [
  "align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right", "border_top", "bottom", "display", "flex", "flex_flow",
  "grid_area", "grid_auto_columns", "grid_auto_flow", "grid_auto_rows", "grid_column", "grid_gap", "grid_row", "grid_template_areas",
  "grid_template_columns", "grid_template_rows", "height", "justify_content", "justify_items", "left", "margin", "max_height", "max_width",
  "min_height", "min_width", "object_fit", "object_position", "order", "overflow", "padding", "right", "top", "visibility", "width",
] as const;

/** CSS properties of a Layout model (snake_case, as on the wire). */
export type LayoutKey = (typeof LAYOUT_KEYS)[number];

export const LAYOUT: ModelSpec = { modelName: "LayoutModel", modelModule: BASE, modelModuleVersion: BASE_VERSION, viewName: "LayoutView", viewModule: BASE, viewModuleVersion: BASE_VERSION };

export function layoutDefaults(): WidgetState {
  return { ...identity(LAYOUT), ...Object.fromEntries(LAYOUT_KEYS.map((k) => [k, null])) };
}

export function isLayoutKey(key: string): key is LayoutKey {
  return (LAYOUT_KEYS as readonly string[]).includes(key);
}

/** The style models of the controls, with their defaults beyond the identity. */
export const STYLES = {
  SliderStyleModel: { spec: style("SliderStyleModel"), defaults: { description_width: "", handle_color: null } },
  DescriptionStyleModel: { spec: style("DescriptionStyleModel"), defaults: { description_width: "" } },
  CheckboxStyleModel: { spec: style("CheckboxStyleModel"), defaults: { background: null, description_width: "" } },
  ButtonStyleModel: {
    spec: style("ButtonStyleModel"),
    defaults: { button_color: null, font_family: null, font_size: null, font_style: null, font_variant: null, font_weight: null, text_color: null, text_decoration: null },
  },
  TextStyleModel: { spec: style("TextStyleModel"), defaults: { background: null, description_width: "", font_size: null, text_color: null } },
  ToggleButtonsStyleModel: { spec: style("ToggleButtonsStyleModel"), defaults: { button_width: "", description_width: "", font_weight: "" } },
  ProgressStyleModel: { spec: style("ProgressStyleModel"), defaults: { bar_color: null, description_width: "" } },
  HTMLStyleModel: { spec: style("HTMLStyleModel"), defaults: { background: null, description_width: "", font_size: null, text_color: null } },
} satisfies Record<string, { spec: ModelSpec; defaults: WidgetState }>;

export type StyleModelName = keyof typeof STYLES;

export function styleDefaults(name: StyleModelName): WidgetState {
  return { ...identity(STYLES[name].spec), ...STYLES[name].defaults };
}

/** What every DOM widget has besides its layout reference. */
const DOM = { _dom_classes: [], tabbable: null, tooltip: null };
const DESCRIPTION = { description: "", description_allow_html: false };
const SLIDER = { ...DOM, ...DESCRIPTION, behavior: "drag-tap", continuous_update: true, disabled: false, orientation: "horizontal", readout: true };
const SELECTION = { ...DOM, ...DESCRIPTION, _options_labels: [], disabled: false, index: null };
const PROGRESS = { ...DOM, ...DESCRIPTION, bar_style: "", orientation: "horizontal" };
const BOX = { ...DOM, box_style: "", children: [] };

/** A control's model, its defaults (layout and style are references, filled in when it is created) and its style model. */
export interface ControlModel {
  spec: ModelSpec;
  defaults: WidgetState;
  style?: StyleModelName;
}

export const MODELS = {
  FloatSlider: { spec: controls("FloatSliderModel"), defaults: { ...SLIDER, max: 100.0, min: 0.0, readout_format: ".2f", step: 0.1, value: 0.0 }, style: "SliderStyleModel" },
  IntSlider: { spec: controls("IntSliderModel"), defaults: { ...SLIDER, max: 100, min: 0, readout_format: "d", step: 1, value: 0 }, style: "SliderStyleModel" },
  Dropdown: { spec: controls("DropdownModel"), defaults: { ...SELECTION }, style: "DescriptionStyleModel" },
  ToggleButtons: {
    spec: controls("ToggleButtonsModel"),
    defaults: { ...SELECTION, button_style: "", icons: [], tooltips: [] },
    style: "ToggleButtonsStyleModel",
  },
  Checkbox: { spec: controls("CheckboxModel"), defaults: { ...DOM, ...DESCRIPTION, disabled: false, indent: true, value: false }, style: "CheckboxStyleModel" },
  Button: { spec: controls("ButtonModel"), defaults: { ...DOM, button_style: "", description: "", disabled: false, icon: "" }, style: "ButtonStyleModel" },
  Text: {
    spec: controls("TextModel"),
    defaults: { ...DOM, ...DESCRIPTION, continuous_update: true, disabled: false, placeholder: "\u200b", value: "" },
    style: "TextStyleModel",
  },
  FloatProgress: { spec: controls("FloatProgressModel", "ProgressView"), defaults: { ...PROGRESS, max: 100.0, min: 0.0, value: 0.0 }, style: "ProgressStyleModel" },
  IntProgress: { spec: controls("IntProgressModel", "ProgressView"), defaults: { ...PROGRESS, max: 100, min: 0, value: 0 }, style: "ProgressStyleModel" },
  HBox: { spec: controls("HBoxModel"), defaults: { ...BOX } },
  VBox: { spec: controls("VBoxModel"), defaults: { ...BOX } },
  HTML: { spec: controls("HTMLModel"), defaults: { ...DOM, ...DESCRIPTION, placeholder: "\u200b", value: "" }, style: "HTMLStyleModel" },
  Image: { spec: controls("ImageModel"), defaults: { ...DOM, format: "png", height: "", value: new Uint8Array(0), width: "" } },
} satisfies Record<string, ControlModel>;

export type ModelKind = keyof typeof MODELS;

/** A fresh copy of a control's default state, identity included (arrays are copied, never shared). */
export function controlDefaults(kind: ModelKind): WidgetState {
  const model: ControlModel = MODELS[kind];
  const copy = Object.fromEntries(Object.entries(model.defaults).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  return { ...identity(model.spec), ...copy };
}

/** The state identity of any spec (for custom models such as anywidget's). */
export function identityState(spec: ModelSpec): WidgetState {
  return identity(spec);
}
