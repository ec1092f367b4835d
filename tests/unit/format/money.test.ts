import { describe, it, expect } from 'vitest';
import { formatDecimal, formatDong, formatNumber, formatVnd, parseMoney } from '$lib/format/money';

describe('formatNumber', () => {
	it('groups thousands with dots', () => {
		expect(formatNumber(0)).toBe('0');
		expect(formatNumber(7)).toBe('7');
		expect(formatNumber(999)).toBe('999');
		expect(formatNumber(1000)).toBe('1.000');
		expect(formatNumber(12345)).toBe('12.345');
		expect(formatNumber(123456)).toBe('123.456');
		expect(formatNumber(1234567)).toBe('1.234.567');
		expect(formatNumber(2_340_000)).toBe('2.340.000');
		expect(formatNumber(Number.MAX_SAFE_INTEGER)).toBe('9.007.199.254.740.991');
	});

	it('puts a minus sign before negatives', () => {
		expect(formatNumber(-1234567)).toBe('-1.234.567');
		expect(formatNumber(-5)).toBe('-5');
		expect(formatNumber(-0)).toBe('0');
	});

	it('accepts bigints beyond the safe range', () => {
		expect(formatNumber(999_999_999_999_999_999n)).toBe('999.999.999.999.999.999');
		expect(formatNumber(-1_000_000n)).toBe('-1.000.000');
	});

	it('throws on non-integers', () => {
		expect(() => formatNumber(1.5)).toThrow(RangeError);
		expect(() => formatNumber(NaN)).toThrow(RangeError);
		expect(() => formatNumber(Infinity)).toThrow(RangeError);
	});
});

describe('formatDong / formatVnd', () => {
	it('adds the unit', () => {
		expect(formatDong(1234567)).toBe('1.234.567 đồng');
		expect(formatDong(1_800_000n)).toBe('1.800.000 đồng');
		expect(formatVnd(1234567)).toBe('1.234.567 ₫');
		expect(formatVnd(0)).toBe('0 ₫');
	});

	it('throws on non-integers like formatNumber', () => {
		expect(() => formatDong(0.5)).toThrow(RangeError);
		expect(() => formatVnd(NaN)).toThrow(RangeError);
	});
});

describe('parseMoney', () => {
	it('accepts integer đồng forms', () => {
		expect(parseMoney('1.234.567')).toBe(1234567);
		expect(parseMoney('1234567')).toBe(1234567);
		expect(parseMoney('1 234 567')).toBe(1234567);
		expect(parseMoney('1.234.567 đ')).toBe(1234567);
		expect(parseMoney('1.234.567đ')).toBe(1234567);
		expect(parseMoney('1.234.567đồng')).toBe(1234567);
		expect(parseMoney('1.234.567 đồng')).toBe(1234567);
		expect(parseMoney('1.234.567 ₫')).toBe(1234567);
		expect(parseMoney('1.234.567 VNĐ')).toBe(1234567);
		expect(parseMoney('1.234.567 vnd')).toBe(1234567);
		expect(parseMoney('  500.000  ')).toBe(500000);
		expect(parseMoney('1  234')).toBe(1234);
		expect(parseMoney('0')).toBe(0);
		expect(parseMoney('999')).toBe(999);
	});

	it('accepts non-breaking spaces and NFD text', () => {
		expect(parseMoney('1\u00a0234\u00a0567')).toBe(1234567);
		expect(parseMoney('1\u202f234\u202f567\u00a0đ')).toBe(1234567);
		expect(parseMoney('1.234.567 đồng'.normalize('NFD'))).toBe(1234567);
	});

	it('accepts a leading minus', () => {
		expect(parseMoney('-50.000')).toBe(-50000);
		expect(parseMoney('\u221250.000 đ')).toBe(-50000);
		expect(Object.is(parseMoney('-0'), 0)).toBe(true);
	});

	it('rejects decimals, commas and bad grouping', () => {
		for (const bad of [
			'1,5',
			'1,500',
			'1,234,567',
			'1.234.567,00',
			'1.5',
			'1.50',
			'1.2345',
			'12.34.567',
			'1.234 567',
			'.234',
			'1.',
			'',
			'   ',
			'đ',
			'abc',
			'1e6',
			'2,34 triệu',
			'2 triệu',
			'+500',
			'--5',
			'0x10'
		]) {
			expect(parseMoney(bad), bad).toBeNull();
		}
	});

	it('rejects amounts beyond the safe integer range', () => {
		expect(parseMoney('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
		expect(parseMoney('9007199254740992')).toBeNull();
		expect(parseMoney('99.999.999.999.999.999')).toBeNull();
	});

	it('round-trips formatNumber and formatDong', () => {
		for (const n of [0, 5, 1000, 1_800_000, 2_340_000, 123_456_789_012]) {
			expect(parseMoney(formatNumber(n))).toBe(n);
			expect(parseMoney(formatDong(n))).toBe(n);
			expect(parseMoney(formatVnd(n))).toBe(n);
		}
	});
});

describe('formatDecimal', () => {
	it('uses a comma and drops trailing zeros', () => {
		expect(formatDecimal(1.5)).toBe('1,5');
		expect(formatDecimal(0.3)).toBe('0,3');
		expect(formatDecimal(2.25)).toBe('2,25');
		expect(formatDecimal(18)).toBe('18');
		expect(formatDecimal(0)).toBe('0');
		expect(formatDecimal(1.1 + 0.2)).toBe('1,3');
	});

	it('rounds to maxFractionDigits', () => {
		expect(formatDecimal(2.256)).toBe('2,26');
		expect(formatDecimal(1 / 3)).toBe('0,33');
		expect(formatDecimal(1 / 3, 4)).toBe('0,3333');
		expect(formatDecimal(2.5, 0)).toBe('3');
		expect(formatDecimal(1.999)).toBe('2');
	});

	it('groups the integer part and keeps the sign', () => {
		expect(formatDecimal(12345.5)).toBe('12.345,5');
		expect(formatDecimal(-1.5)).toBe('-1,5');
		expect(formatDecimal(-0.001)).toBe('0');
		expect(formatDecimal(-0)).toBe('0');
		expect(formatDecimal(1e21)).toBe('1.000.000.000.000.000.000.000');
	});

	it('throws on NaN, Infinity and a bad digit count', () => {
		expect(() => formatDecimal(NaN)).toThrow(RangeError);
		expect(() => formatDecimal(Infinity)).toThrow(RangeError);
		expect(() => formatDecimal(1, -1)).toThrow(RangeError);
		expect(() => formatDecimal(1, 1.5)).toThrow(RangeError);
	});
});
