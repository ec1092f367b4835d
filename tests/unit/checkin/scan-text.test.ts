import { describe, expect, it } from 'vitest';
import { extractToken as serverToken, normaliseCode as serverCode, scanExcerpt } from '$lib/server/checkin/codes';
import { extractToken, looksGarbledByIme, normaliseCode, randomId, sha256Hex } from '../../../src/routes/(staff)/events/[eventId=id]/checkin/shared/scan-text';
import { hashToken } from '$lib/server/auth/tokens';
import { delegateToken, personalLink } from '$lib/server/delegates/token';

const token = delegateToken(42, 1, 'unit-secret-0123456789-0123456789');

const INPUTS = [
	personalLink(token, 'https://hoinghi.khanhhoa.gov.vn'),
	personalLink(token, 'http://192.168.1.10:3000'),
	`  ${token.toUpperCase()}\r\n`,
	token,
	`hoinghi.khanhhoa.gov.vn/r/${token}?utm=qr`,
	// A handheld scanner on a wrong keyboard layout: "https://" and "/" garbled, the token intact.
	`https;&&hoinghi.khanhhoa.gov.vn&r&${token}`,
	`${token}x`,
	'https://example.com/khong-phai',
	'',
	'K7M-4QX',
	'k7m 4qx',
	'k7m4qx',
	'K7M–4QX',
	'K7M-4Q0',
	'abc',
	'ĐẠI BIỂU'
];

describe('the scanner page reads scans as the server does', () => {
	it('extracts the same token and code from the same input', () => {
		for (const s of INPUTS) {
			expect(extractToken(s), s).toBe(serverToken(s));
			expect(normaliseCode(s), s).toBe(serverCode(s));
		}
		expect(extractToken(INPUTS[5])).toBe(token);
		expect(extractToken(`${token}x`)).toBeNull();
		expect(normaliseCode('k7m 4qx')).toBe('K7M-4QX');
		expect(normaliseCode('K7M-4Q0')).toBeNull(); // 0 is not in the code alphabet
	});

	it('hashes like the server (SHA-256 hex, no crypto.subtle needed)', () => {
		expect(sha256Hex(token)).toBe(hashToken(token));
		expect(sha256Hex('Nguyễn')).toBe(hashToken('Nguyễn'));
	});

	it('spots a scan garbled by a Vietnamese input method', () => {
		expect(looksGarbledByIme('https://hoinghi.vn/r/âbcdđ')).toBe(true);
		expect(looksGarbledByIme(personalLink(token, 'https://hoinghi.vn'))).toBe(false);
		expect(looksGarbledByIme('Nguyễn Thị Hồng')).toBe(false);
	});

	it('makes random ids fit the nonce rule', () => {
		const ids = new Set(Array.from({ length: 200 }, () => randomId()));
		expect(ids.size).toBe(200);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
	});

	it('never keeps a whole token in the scan log', () => {
		expect(scanExcerpt(personalLink(token, 'https://x.vn'))).toBe(`${token.slice(0, 6)}…`);
		expect(scanExcerpt('x'.repeat(200))).toHaveLength(81);
		expect(scanExcerpt('a\u0000b')).toBe('a b');
	});
});
