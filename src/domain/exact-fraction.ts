/**
 * Exact decimal arithmetic for scoring (docs/decisions/001-score-rounding.md): fractions with
 * BigInt numerators and denominators, so that weights and thresholds mean the decimals written
 * in the scheme and a comparison is never off by a float's last bit.
 */
export type Fraction = { num: bigint; den: bigint };

/** Reads a number as the decimal it was written as, so that weight 0.1 means exactly 1/10. */
export function decimalFraction(x: number): Fraction {
  const [mantissa = '0', exponent = '0'] = String(x).toLowerCase().split('e');
  const [whole = '0', decimals = ''] = mantissa.split('.');
  const shift = Number(exponent) - decimals.length;
  const digits = BigInt(whole + decimals);
  return shift >= 0 ? { num: digits * 10n ** BigInt(shift), den: 1n } : { num: digits, den: 10n ** BigInt(-shift) };
}

export const isBelow = (a: Fraction, b: Fraction) => a.num * b.den < b.num * a.den;
export const times = (a: Fraction, b: Fraction): Fraction => ({ num: a.num * b.num, den: a.den * b.den });

/** Weighted mean of fractions, exact. */
export function weightedMean(parts: { value: Fraction; weight: Fraction }[]): Fraction {
  let num = 0n;
  let den = 1n;
  let weightNum = 0n;
  let weightDen = 1n;
  for (const { value, weight } of parts) {
    // num/den += (value * weight)
    const termNum = value.num * weight.num;
    const termDen = value.den * weight.den;
    num = num * termDen + termNum * den;
    den = den * termDen;
    weightNum = weightNum * weight.den + weight.num * weightDen;
    weightDen = weightDen * weight.den;
  }
  return { num: num * weightDen, den: den * weightNum };
}

/** Rounds a non-negative fraction to `decimals` places, half up, returning the decimal string. */
export function roundHalfUp(x: Fraction, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = (2n * x.num * scale + x.den) / (2n * x.den);
  return scaledToString(scaled, decimals);
}

function floorTo(x: Fraction, decimals: number): string {
  return scaledToString((x.num * 10n ** BigInt(decimals)) / x.den, decimals);
}

function scaledToString(scaled: bigint, decimals: number): string {
  const digits = scaled.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
}

/**
 * A score below a threshold printed so that it reads as below: 74.96 must not appear as
 * "75.0 is below 75". Uses one decimal when that already shows it, otherwise more.
 */
export function describeBelow(score: Fraction, threshold: Fraction): string {
  for (let decimals = 1; decimals <= 6; decimals++) {
    const shown = roundHalfUp(score, decimals);
    if (isBelow(decimalFraction(Number(shown)), threshold)) return shown;
  }
  return floorTo(score, 6);
}
