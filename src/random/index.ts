export { setRandomSeed, seededRandom } from "./seed";
