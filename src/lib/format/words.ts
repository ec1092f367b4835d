/**
 * Numbers and đồng amounts in Vietnamese words (bằng chữ), REFERENCE.md §9.2.
 *
 * Reading rules:
 * - "mười" for 10–19, "mươi" from 20;
 * - after "mươi", 1 reads "mốt" and 4 reads "tư" (both "bốn" and "tư" are accepted; "tư" is what
 *   the phpviet and doc_tien libraries and most bank slips print, so it is the one we print);
 *   after "mười", 1 and 4 stay "một", "bốn";
 * - 5 after any ten reads "lăm" (15 "mười lăm", 25 "hai mươi lăm"), otherwise "năm" (105);
 * - zero tens before a unit read "linh" (northern, the default) or "lẻ" (southern, an option);
 * - a group after a higher one is read in full, so zero hundreds read "không trăm"
 *   (2001 "hai nghìn không trăm linh một"), while a group of three zeros is skipped entirely
 *   (1 005 000 000 "một tỷ không trăm linh năm triệu");
 * - scales are nghìn, triệu, tỷ and then compounds of them: nghìn tỷ, triệu tỷ, tỷ tỷ.
 */

export interface NumberWordsOptions {
	/** Word for zero tens before a unit, as in 105: 'linh' (default) or 'lẻ'. */
	zeroTens?: 'linh' | 'lẻ';
}

export interface AmountWordsOptions extends NumberWordsOptions {
	/** Append " chẵn" after "đồng" (an amount with no odd part); default false. */
	chan?: boolean;
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const BILLION = 1_000_000_000n;

/** Words for 0–999. `full` reads the hundreds even when zero ("không trăm linh năm"). */
function readTriplet(n: number, full: boolean, zeroTens: string): string[] {
	const hundreds = Math.floor(n / 100);
	const tens = Math.floor(n / 10) % 10;
	const units = n % 10;
	const words: string[] = [];
	const withHundreds = full || hundreds > 0;
	if (withHundreds) words.push(DIGITS[hundreds], 'trăm');
	if (tens === 0) {
		if (units > 0) {
			if (withHundreds) words.push(zeroTens);
			words.push(DIGITS[units]);
		}
	} else if (tens === 1) {
		words.push('mười');
		if (units === 5) words.push('lăm');
		else if (units > 0) words.push(DIGITS[units]);
	} else {
		words.push(DIGITS[tens], 'mươi');
		if (units === 1) words.push('mốt');
		else if (units === 4) words.push('tư');
		else if (units === 5) words.push('lăm');
		else if (units > 0) words.push(DIGITS[units]);
	}
	return words;
}

/** Words for 1 … 999 999 999; `full` when a higher scale came before. */
function readBelowBillion(n: bigint, full: boolean, zeroTens: string): string[] {
	const groups: [number, string][] = [
		[Number(n / 1_000_000n), 'triệu'],
		[Number((n / 1000n) % 1000n), 'nghìn'],
		[Number(n % 1000n), '']
	];
	const words: string[] = [];
	let started = full;
	for (const [value, scale] of groups) {
		if (value === 0) continue;
		words.push(...readTriplet(value, started, zeroTens));
		if (scale) words.push(scale);
		started = true;
	}
	return words;
}

/** Words for n ≥ 1: everything above a tỷ is itself read as a number followed by "tỷ". */
function readPositive(n: bigint, full: boolean, zeroTens: string): string[] {
	if (n < BILLION) return readBelowBillion(n, full, zeroTens);
	const words = [...readPositive(n / BILLION, full, zeroTens), 'tỷ'];
	const rest = n % BILLION;
	if (rest > 0n) words.push(...readBelowBillion(rest, true, zeroTens));
	return words;
}

function toBigInt(n: number | bigint): bigint {
	if (typeof n === 'bigint') return n;
	// Above 2^53 a number is no longer the amount the caller meant; they must pass a bigint.
	if (!Number.isSafeInteger(n)) {
		throw new RangeError(`Cần một số nguyên an toàn (hoặc bigint): ${n}`);
	}
	return BigInt(n);
}

/** Lowercase Vietnamese words for an integer: 105 → "một trăm linh năm", -5 → "âm năm". */
export function numberToWords(n: number | bigint, opts: NumberWordsOptions = {}): string {
	const v = toBigInt(n);
	if (v === 0n) return DIGITS[0];
	const zeroTens = opts.zeroTens ?? 'linh';
	const words = readPositive(v < 0n ? -v : v, false, zeroTens);
	return (v < 0n ? 'âm ' : '') + words.join(' ');
}

/** "Một triệu tám trăm nghìn đồng" (with `chan`: "… đồng chẵn") for the "Bằng chữ" line. */
export function amountInWords(n: number | bigint, opts: AmountWordsOptions = {}): string {
	const words = numberToWords(n, opts);
	const capitalised = words.charAt(0).toUpperCase() + words.slice(1);
	return `${capitalised} đồng${opts.chan ? ' chẵn' : ''}`;
}
