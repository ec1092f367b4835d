import { describe, it, expect } from 'vitest';
import { formatPhone, normalizePhone } from '$lib/format/phone';

describe('normalizePhone', () => {
	it('accepts mobiles typed in the usual ways', () => {
		for (const raw of [
			'0912345678',
			'0912.345.678',
			'0912 345 678',
			'0912-345-678',
			'+84 912 345 678',
			'+84912345678',
			'84912345678',
			'(+84) 912-345-678',
			'+84 (0) 912 345 678',
			'0084 912 345 678',
			'912345678',
			'  0912 345 678  ',
			'０９１２３４５６７８'
		]) {
			expect(normalizePhone(raw), raw).toBe('0912345678');
		}
	});

	it('accepts every current mobile prefix family', () => {
		expect(normalizePhone('0321234567')).toBe('0321234567');
		expect(normalizePhone('0561234567')).toBe('0561234567');
		expect(normalizePhone('0701234567')).toBe('0701234567');
		expect(normalizePhone('0841234567')).toBe('0841234567');
		expect(normalizePhone('841234567')).toBe('0841234567');
		expect(normalizePhone('0981234567')).toBe('0981234567');
	});

	it('accepts 11-digit landlines with a 02x area code', () => {
		expect(normalizePhone('0259 3822 123')).toBe('02593822123');
		expect(normalizePhone('0259.3822.123')).toBe('02593822123');
		expect(normalizePhone('+84 259 3822 123')).toBe('02593822123');
		expect(normalizePhone('842593822123')).toBe('02593822123');
		expect(normalizePhone('2593822123')).toBe('02593822123');
		expect(normalizePhone('024 3825 1234')).toBe('02438251234');
	});

	it('returns null for implausible numbers', () => {
		for (const bad of [
			'',
			'abc',
			'0912 345 67a',
			'0912 345 67',
			'09123456789',
			'091234567890',
			'0123456789',
			'01612345678',
			'0412345678',
			'0612345678',
			'0259382212',
			'1900 1234',
			'113',
			'+1 212 555 1234',
			'+85 912 345 678',
			'0912+345678',
			'0912345678 ext 12',
			'8423456789'
		]) {
			expect(normalizePhone(bad), bad).toBeNull();
		}
	});
});

describe('formatPhone', () => {
	it('groups mobiles 4-3-3 and landlines 4-4-3', () => {
		expect(formatPhone('0912345678')).toBe('0912 345 678');
		expect(formatPhone('02593822123')).toBe('0259 3822 123');
	});

	it('normalises before grouping', () => {
		expect(formatPhone('+84912345678')).toBe('0912 345 678');
		expect(formatPhone('0259.3822.123')).toBe('0259 3822 123');
	});

	it('returns other input unchanged (trimmed)', () => {
		expect(formatPhone(' 1900 1234 ')).toBe('1900 1234');
		expect(formatPhone('')).toBe('');
	});
});
