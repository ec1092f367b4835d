/**
 * Numbers and đồng amounts the Vietnamese way: "." groups thousands, "," marks decimals
 * (REFERENCE.md §9.2). Money is always a whole number of đồng.
 */

/** Inserts a dot every three digits from the right into a string of digits. */
function groupDigits(digits: string): string {
	return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

function toBigInt(n: number | bigint): bigint {
	if (typeof n === 'bigint') return n;
	if (!Number.isInteger(n)) throw new RangeError(`Không phải số nguyên: ${n}`);
	return BigInt(n);
}

/** "1.234.567", "-1.234.567": integers only, throws a RangeError on fractions, NaN, Infinity. */
export function formatNumber(n: number | bigint): string {
	const v = toBigInt(n);
	const abs = v < 0n ? -v : v;
	return (v < 0n ? '-' : '') + groupDigits(abs.toString());
}

/** "1.234.567 đồng", as the body of an official document writes an amount. */
export function formatDong(n: number | bigint): string {
	return `${formatNumber(n)} đồng`;
}

/** "1.234.567 ₫", the short form for tables. */
export function formatVnd(n: number | bigint): string {
	return `${formatNumber(n)} ₫`;
}

// Currency words a user may type after the amount, longest first so "đồng" wins over "đ".
const CURRENCY_SUFFIX = /\s*(?:vnđ|vnd|đồng|dong|đ|d|₫)\.?$/;

/**
 * Reads an amount of đồng typed by a user: "1.234.567", "1234567", "1 234 567", "1.234.567 đ",
 * "1.234.567đồng", "-50.000". Returns a safe integer, or null for anything else. Any comma is
 * refused: "1,5" is a decimal in Vietnamese but "1,500" is a thousand in English, and a money
 * field should ask again rather than guess.
 */
export function parseMoney(s: string): number | null {
	let t = s
		.normalize('NFC')
		.toLowerCase()
		.replace(/[\s\u00a0\u202f]+/g, ' ')
		.trim();
	t = t.replace(CURRENCY_SUFFIX, '');
	let negative = false;
	if (t.startsWith('-') || t.startsWith('\u2212')) {
		negative = true;
		t = t.slice(1);
	}
	// One grouping style per number: plain digits, dot groups or space groups of exactly three.
	if (!/^(?:\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+)$/.test(t)) return null;
	const value = Number(t.replace(/[. ]/g, ''));
	if (!Number.isSafeInteger(value)) return null;
	// `0 * -1` would be -0, which prints as "0" but is not Object.is-equal to 0.
	return negative && value !== 0 ? -value : value;
}

/**
 * "1,5", "0,3", "2,25", "18", "12.345,5": a decimal with a comma, at most `maxFractionDigits`
 * digits after it and no trailing zeros. Throws a RangeError on NaN or Infinity.
 */
export function formatDecimal(x: number, maxFractionDigits = 2): string {
	if (!Number.isFinite(x)) throw new RangeError(`Không phải số: ${x}`);
	if (!Number.isInteger(maxFractionDigits) || maxFractionDigits < 0 || maxFractionDigits > 20) {
		throw new RangeError(`Số chữ số thập phân không hợp lệ: ${maxFractionDigits}`);
	}
	// toFixed switches to exponent notation from 1e21; such numbers have no fraction anyway.
	if (Math.abs(x) >= 1e21) return formatNumber(BigInt(x));
	const fixed = Math.abs(x).toFixed(maxFractionDigits);
	const [intPart, fracPart = ''] = fixed.split('.');
	const frac = fracPart.replace(/0+$/, '');
	const body = groupDigits(intPart) + (frac ? `,${frac}` : '');
	// A negative that rounds to zero ("-0,001" with 2 digits) prints as "0", not "-0".
	const isZero = /^0(,0*)?$/.test(body);
	return x < 0 && !isZero ? `-${body}` : body;
}
