// From-scratch building blocks of the course: Saito's functions, layers and two-layer network, numerical
// gradients and gradient descent, and Chollet's NaiveDense re-implementation. The chapters call them as `scratch.…`.
export { perceptron, stepFunction, sigmoid, relu, softmax, asOneHot, sumSquaresError, crossEntropyError } from "./functions";
export { MulLayer, AddLayer } from "./graph";
export { naiveRelu, naiveAdd, naiveMatrixDot } from "./naiveOps";
export { affineMatrix2d, affineTransform2d } from "./transform2d";
export type { Affine2dOptions } from "./transform2d";
export { Relu, Sigmoid, Affine, SoftmaxWithLoss } from "./layers";
export type { ScratchLayer } from "./layers";
export { numericalDiff, numericalGradient, gradientDescent, numericalGradientOf } from "./gradient";
export type { NumericalDiffOptions, GradientDescentOptions } from "./gradient";
export { TwoLayerNet, GradientCheck, gradientCheck, TWO_LAYER_PARAMS } from "./twoLayerNet";
export type { TwoLayerNetOptions, TwoLayerParam, GradientCheckRow, GradientCheckOptions } from "./twoLayerNet";
export { NaiveDense, NaiveSequential, BatchGenerator, oneTrainingStep, sparseCategoricalCrossentropy, naiveFit } from "./naive";
export type { NaiveFitOptions } from "./naive";
