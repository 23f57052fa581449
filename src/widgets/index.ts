// Interactive widgets on the Jupyter widgets protocol 2.1 (as ipywidgets 8): controls, layout boxes, interact,
// and widgets for training. The controls' classes are exported as types: cells make controls with the functions.
import { installControlTarget } from "./registry";

export { Widget } from "./widget";
export type { Change, Observer, Validator, WidgetInit, StateError } from "./widget";
export type { Control, ControlOptions, LayoutOptions, StyleOptions } from "./control";
export { slider, intSlider, progress } from "./slider";
export type { Slider, Progress, SliderOptions, ProgressOptions } from "./slider";
export { dropdown, toggleButtons } from "./selection";
export type { Selection, DropdownOptions, ToggleButtonsOptions, SelectionOptions } from "./selection";
export { checkbox } from "./checkbox";
export type { Checkbox, CheckboxOptions } from "./checkbox";
export { button } from "./button";
export type { Button, ButtonOptions } from "./button";
export { text } from "./text";
export type { Text, TextOptions } from "./text";
export { hbox, vbox } from "./box";
export type { Box, BoxOptions } from "./box";
export { imageWidget } from "./image";
export type { ImageWidget, ImageOptions } from "./image";
export { interact } from "./interact";
export type { Interactive, ControlSpec, InteractValues, ValueOf, ControlOf } from "./interact";
export { widgetState } from "./registry";
export { learningRateSlider, setLearningRate } from "./training";
export { anyWidget } from "./anywidget";
export type { AnyWidget, AnyWidgetOptions } from "./anywidget";

installControlTarget();
