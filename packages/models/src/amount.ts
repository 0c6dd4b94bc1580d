/** A decimal number as sign, significant digits (no leading/trailing zeros) and exponent. */
interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

const decimalLiteral = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a JSON number literal or a JS number's string form; undefined for anything else. */
function parseDecimal(literal: string): Decimal | undefined {
  const match = decimalLiteral.exec(literal);
  if (match === null) return undefined;
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  const allDigits = `${whole}${fraction}`;
  const significant = allDigits.replace(/^0+/, '');
  if (significant === '') return { negative: false, digits: '', exponent: 0 };
  const trimmed = significant.replace(/0+$/, '');
  const trailingZeros = significant.length - trimmed.length;
  return {
    negative: sign === '-',
    digits: trimmed,
    exponent: Number(exponentText) - fraction.length + trailingZeros,
  };
}

/**
 * How many decimal places a number has, read from its shortest round-trip form (the digits
 * a client would have to send), so `10.1` has 1, `1e-7` has 7 and `1.5e+21` has 0.
 */
export function decimalPlaces(value: number): number {
  const decimal = parseDecimal(String(Math.abs(value)));
  if (decimal === undefined) return Number.NaN;
  return Math.max(0, -decimal.exponent);
}

/**
 * Whether a JSON number literal denotes exactly the double it parses to, comparing decimal
 * values: `10.10` and `1e2` are exact (they equal `10.1` and `100`), `0.1` is exact for our
 * purpose (its shortest round-trip form is the literal), `0.12345678901234567890` is not.
 */
export function isExactLiteral(literal: string, parsed: number): boolean {
  const sent = parseDecimal(literal);
  const stored = parseDecimal(String(parsed));
  if (sent === undefined || stored === undefined) return false;
  const sameSign = sent.negative === stored.negative || sent.digits === '';
  return sameSign && sent.digits === stored.digits && sent.exponent === stored.exponent;
}
