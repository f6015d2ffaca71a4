// The Okabe–Ito palette (Okabe and Ito, "Color Universal Design", 2008): distinguishable with the
// common colour-vision deficiencies. Order: blue, orange, bluish green, yellow, sky blue,
// vermillion, reddish purple, black.
export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#F0E442", "#56B4E9", "#D55E00", "#CC79A7", "#000000"];
