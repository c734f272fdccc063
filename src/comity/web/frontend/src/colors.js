// Colours: Goldstein scores on a diverging red–yellow–green scale, PLOVER types categorical.
import { scaleDiverging, scaleOrdinal } from "d3-scale";
import { interpolateRdYlGn, schemeTableau10, schemeSet3 } from "d3-scale-chromatic";

const goldstein = scaleDiverging([-10, 0, 10], interpolateRdYlGn).clamp(true);
const plover = scaleOrdinal([...schemeTableau10, ...schemeSet3]);

export const goldsteinColor = (score) => goldstein(score ?? 0);
export const ploverColor = (type) => plover(type);
