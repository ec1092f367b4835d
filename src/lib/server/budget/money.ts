/**
 * Budget arithmetic without floating point: money is integer đồng, a quantity is an integer number of
 * hundredths (numeric(12,2) in the database, "12.50" on the wire). Pure functions, unit-tested.
 */

/** Largest quantity numeric(12,2) holds: 9 999 999 999,99. */
export const MAX_QUANTITY_HUNDREDTHS = 999_999_999_999;

/**
 * Amount of a line: quantity × unit price, rounded to the whole đồng, half up (quantities and prices are
 * never negative). The same rule as the database CHECK `amount = round(quantity * unit_price)`.
 * Computed in BigInt: hundredths × price can pass 2^53 before the division.
 */
export function lineAmount(quantityHundredths: number, unitPrice: number): number {
	if (!Number.isSafeInteger(quantityHundredths) || quantityHundredths < 0) throw new RangeError(`Số lượng không hợp lệ: ${quantityHundredths}`);
	if (!Number.isSafeInteger(unitPrice) || unitPrice < 0) throw new RangeError(`Đơn giá không hợp lệ: ${unitPrice}`);
	const p = BigInt(quantityHundredths) * BigInt(unitPrice);
	const amount = (p + 50n) / 100n;
	return toSafe(amount);
}

/** Sum of integer đồng amounts; refuses (rather than rounds) a total beyond 2^53. */
export function sumMoney(values: Iterable<number>): number {
	let s = 0n;
	for (const v of values) {
		if (!Number.isSafeInteger(v)) throw new RangeError(`Số tiền không phải số nguyên: ${v}`);
		s += BigInt(v);
	}
	return toSafe(s);
}

function toSafe(v: bigint): number {
	if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError('Số tiền vượt quá giới hạn');
	return Number(v);
}

/** "12.50" (database / API) → 1250. Refuses anything but digits with at most two decimals. */
export function quantityFromDb(s: string | number): number {
	const t = typeof s === 'number' ? numberToPlain(s) : s.trim();
	const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
	if (!m) throw new RangeError(`Số lượng không hợp lệ: ${s}`);
	const v = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
	if (!Number.isSafeInteger(v) || v > MAX_QUANTITY_HUNDREDTHS) throw new RangeError(`Số lượng quá lớn: ${s}`);
	return v;
}

function numberToPlain(n: number): string {
	if (!Number.isFinite(n) || n < 0) return 'x';
	// A JSON number such as 12.5: at most two decimals are accepted, read from its shortest decimal form.
	const s = String(n);
	return /e/i.test(s) ? 'x' : s;
}

/** 1250 → "12.50" for the database. */
export function quantityToDb(hundredths: number): string {
	const whole = Math.floor(hundredths / 100);
	const frac = hundredths % 100;
	return `${whole}.${String(frac).padStart(2, '0')}`;
}

/** 1250 → "12,5"; 1200 → "12"; 123400 → "1.234" (Vietnamese: dot groups, comma decimals). */
export function formatQuantity(hundredths: number): string {
	const whole = Math.floor(hundredths / 100);
	const frac = hundredths % 100;
	const w = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	if (!frac) return w;
	return `${w},${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * A quantity typed by a user: "12", "12,5", "1.500" (one thousand five hundred), "1.500,25", "0,5".
 * A lone dot followed by one or two digits ("12.5") is read as a decimal point, as API clients and
 * phones send it; a dot followed by three digits is a thousands group. Returns hundredths or null.
 */
export function parseQuantity(raw: string): number | null {
	const t = raw.normalize('NFC').replace(/[\s\u00a0\u202f]+/g, '').trim();
	if (!t) return null;
	let whole: string;
	let frac = '';
	let m: RegExpExecArray | null;
	if ((m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(t))) {
		whole = m[1].replace(/\./g, '');
		frac = m[2] ?? '';
	} else if ((m = /^(\d+)\.(\d{1,2})$/.exec(t))) {
		whole = m[1];
		frac = m[2];
	} else return null;
	const v = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
	if (!Number.isSafeInteger(v) || v > MAX_QUANTITY_HUNDREDTHS) return null;
	return v;
}
