import { describe, it, expect } from 'vitest';
import { amountInWords, numberToWords } from '$lib/format/words';

const cases = (table: [number | bigint, string][]) => {
	for (const [n, words] of table) {
		expect(numberToWords(n), String(n)).toBe(words);
	}
};

describe('numberToWords: units and tens', () => {
	it('reads 0–10', () => {
		cases([
			[0, 'không'],
			[1, 'một'],
			[2, 'hai'],
			[3, 'ba'],
			[4, 'bốn'],
			[5, 'năm'],
			[6, 'sáu'],
			[7, 'bảy'],
			[8, 'tám'],
			[9, 'chín'],
			[10, 'mười']
		]);
	});

	it('uses "mười" for 10–19, with "lăm" for 15 and plain "một", "bốn"', () => {
		cases([
			[11, 'mười một'],
			[12, 'mười hai'],
			[14, 'mười bốn'],
			[15, 'mười lăm'],
			[19, 'mười chín']
		]);
	});

	it('uses "mươi" from 20, with "mốt", "tư" and "lăm"', () => {
		cases([
			[20, 'hai mươi'],
			[21, 'hai mươi mốt'],
			[24, 'hai mươi tư'],
			[25, 'hai mươi lăm'],
			[30, 'ba mươi'],
			[41, 'bốn mươi mốt'],
			[44, 'bốn mươi tư'],
			[45, 'bốn mươi lăm'],
			[50, 'năm mươi'],
			[55, 'năm mươi lăm'],
			[99, 'chín mươi chín']
		]);
	});
});

describe('numberToWords: hundreds', () => {
	it('reads zero tens as "linh" and keeps "năm", "một", "bốn" after it', () => {
		cases([
			[100, 'một trăm'],
			[101, 'một trăm linh một'],
			[104, 'một trăm linh bốn'],
			[105, 'một trăm linh năm'],
			[110, 'một trăm mười'],
			[111, 'một trăm mười một'],
			[115, 'một trăm mười lăm'],
			[121, 'một trăm hai mươi mốt'],
			[124, 'một trăm hai mươi tư'],
			[200, 'hai trăm'],
			[999, 'chín trăm chín mươi chín']
		]);
	});

	it('says "lẻ" with the southern option', () => {
		expect(numberToWords(105, { zeroTens: 'lẻ' })).toBe('một trăm lẻ năm');
		expect(numberToWords(401, { zeroTens: 'lẻ' })).toBe('bốn trăm lẻ một');
		expect(numberToWords(2001, { zeroTens: 'lẻ' })).toBe('hai nghìn không trăm lẻ một');
		expect(numberToWords(2001, { zeroTens: 'linh' })).toBe('hai nghìn không trăm linh một');
	});
});

describe('numberToWords: nghìn and triệu', () => {
	it('reads later groups in full ("không trăm") and skips empty groups', () => {
		cases([
			[1000, 'một nghìn'],
			[1001, 'một nghìn không trăm linh một'],
			[1010, 'một nghìn không trăm mười'],
			[1100, 'một nghìn một trăm'],
			[2001, 'hai nghìn không trăm linh một'],
			[10_000, 'mười nghìn'],
			[15_000, 'mười lăm nghìn'],
			[21_000, 'hai mươi mốt nghìn'],
			[100_000, 'một trăm nghìn'],
			[105_000, 'một trăm linh năm nghìn'],
			[1_000_000, 'một triệu'],
			[1_000_001, 'một triệu không trăm linh một'],
			[1_005_000, 'một triệu không trăm linh năm nghìn'],
			[1_800_000, 'một triệu tám trăm nghìn'],
			[2_340_000, 'hai triệu ba trăm bốn mươi nghìn'],
			[131_050_031, 'một trăm ba mươi mốt triệu không trăm năm mươi nghìn không trăm ba mươi mốt'],
			[
				999_999_999,
				'chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín'
			]
		]);
	});
});

describe('numberToWords: tỷ and above', () => {
	it('reads the tỷ range with zero groups in the middle', () => {
		cases([
			[1_000_000_000, 'một tỷ'],
			[1_000_000_001, 'một tỷ không trăm linh một'],
			[1_000_000_070, 'một tỷ không trăm bảy mươi'],
			[1_000_005_000, 'một tỷ không trăm linh năm nghìn'],
			[1_005_000_000, 'một tỷ không trăm linh năm triệu'],
			[1_005_000_005, 'một tỷ không trăm linh năm triệu không trăm linh năm'],
			[1_500_000_000, 'một tỷ năm trăm triệu'],
			[2_500_000_000, 'hai tỷ năm trăm triệu'],
			[
				1_234_567_891,
				'một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt'
			],
			[10_000_000_000, 'mười tỷ'],
			[125_000_000_000, 'một trăm hai mươi lăm tỷ']
		]);
	});

	it('reads the nghìn tỷ range', () => {
		cases([
			[1_000_000_000_000, 'một nghìn tỷ'],
			[2_000_000_000_000, 'hai nghìn tỷ'],
			[10_000_000_000_000, 'mười nghìn tỷ'],
			[1_001_000_000_000, 'một nghìn không trăm linh một tỷ'],
			[1_000_000_000_005, 'một nghìn tỷ không trăm linh năm'],
			[1_000_500_000_000, 'một nghìn tỷ năm trăm triệu'],
			[1_234_000_000_000, 'một nghìn hai trăm ba mươi tư tỷ']
		]);
	});

	it('reads up to 999 999 999 999 999 999 and beyond with bigints', () => {
		const NINES =
			'chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín';
		expect(numberToWords(999_999_999)).toBe(NINES);
		cases([
			[1_000_000_000_000_000n, 'một triệu tỷ'],
			[1_000_000_000_000_000_000n, 'một tỷ tỷ'],
			[1_000_000_005_000_000_000n, 'một tỷ không trăm linh năm tỷ'],
			[999_999_999_999_999_999n, `${NINES} tỷ ${NINES}`]
		]);
	});

	it('gives the same words for a number and its bigint', () => {
		for (const n of [0, 7, 105, 2001, 1_800_000, 1_005_000_000, 9_007_199_254_740_991]) {
			expect(numberToWords(BigInt(n))).toBe(numberToWords(n));
		}
	});
});

describe('numberToWords: sign and bad input', () => {
	it('reads negatives with "âm"', () => {
		expect(numberToWords(-5)).toBe('âm năm');
		expect(numberToWords(-1_800_000)).toBe('âm một triệu tám trăm nghìn');
		expect(numberToWords(-21n)).toBe('âm hai mươi mốt');
		expect(numberToWords(-0)).toBe('không');
	});

	it('throws on fractions, NaN, Infinity and unsafe numbers', () => {
		expect(() => numberToWords(1.5)).toThrow(RangeError);
		expect(() => numberToWords(NaN)).toThrow(RangeError);
		expect(() => numberToWords(Infinity)).toThrow(RangeError);
		expect(() => numberToWords(2 ** 53)).toThrow(RangeError);
	});
});

describe('amountInWords', () => {
	it('capitalises and ends with "đồng"', () => {
		expect(amountInWords(1_800_000)).toBe('Một triệu tám trăm nghìn đồng');
		expect(amountInWords(2_340_000)).toBe('Hai triệu ba trăm bốn mươi nghìn đồng');
		expect(amountInWords(0)).toBe('Không đồng');
		expect(amountInWords(1_000_000_001n)).toBe('Một tỷ không trăm linh một đồng');
		expect(amountInWords(-500_000)).toBe('Âm năm trăm nghìn đồng');
	});

	it('adds "chẵn" only when asked', () => {
		expect(amountInWords(1_800_000, { chan: true })).toBe('Một triệu tám trăm nghìn đồng chẵn');
		expect(amountInWords(1_800_000, { chan: false })).toBe('Một triệu tám trăm nghìn đồng');
	});

	it('passes the zero-tens option through', () => {
		expect(amountInWords(105_000, { zeroTens: 'lẻ' })).toBe('Một trăm lẻ năm nghìn đồng');
		expect(amountInWords(1_005_000, { zeroTens: 'lẻ', chan: true })).toBe(
			'Một triệu không trăm lẻ năm nghìn đồng chẵn'
		);
	});

	it('produces NFC text', () => {
		const s = amountInWords(1_234_567_891);
		expect(s).toBe(s.normalize('NFC'));
	});
});
