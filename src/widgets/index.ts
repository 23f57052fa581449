// Interactive widgets on the Jupyter widgets protocol 2.1 (as ipywidgets 8): controls, layout boxes and interact.
import { installControlTarget } from "./registry";

export { Widget, StateError } from "./widget";
export type { Change, Observer, Validator, WidgetInit } from "./widget";
export { Control } from "./control";
export type { ControlOptions, LayoutOptions, StyleOptions } from "./control";
export { slider, intSlider, Slider, progress, Progress } from "./slider";
export type { SliderOptions, ProgressOptions } from "./slider";
export { dropdown, toggleButtons, Selection } from "./selection";
export type { DropdownOptions, ToggleButtonsOptions, SelectionOptions } from "./selection";
export { checkbox, Checkbox } from "./checkbox";
export type { CheckboxOptions } from "./checkbox";
export { button, Button } from "./button";
export type { ButtonOptions } from "./button";
export { text, Text } from "./text";
export type { TextOptions } from "./text";
export { hbox, vbox, Box } from "./box";
export type { BoxOptions } from "./box";
export { image, ImageWidget } from "./image";
export type { ImageOptions } from "./image";
export { interact, Interactive } from "./interact";
export type { ControlSpec, InteractValues, ValueOf, ControlOf } from "./interact";
export { widgetState } from "./registry";
export { learningRateSlider, setLearningRate } from "./training";

installControlTarget();
