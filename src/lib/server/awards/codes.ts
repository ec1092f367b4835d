/**
 * Verification codes printed on certificates ("K7QM-2XPA-9R"): 10 characters from 31 unambiguous ones
 * (no 0/O, 1/I/L), about 49.5 bits from crypto.getRandomValues with rejection sampling (no modulo bias), so
 * they cannot be guessed or enumerated. The public page /v/CODE confirms the award.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const VERIFICATION_CODE = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{2}$/;

export function newVerificationCode(): string {
	const out: string[] = [];
	const limit = 256 - (256 % ALPHABET.length);
	while (out.length < 10) {
		const bytes = new Uint8Array(16);
		crypto.getRandomValues(bytes);
		for (const b of bytes) {
			if (b >= limit) continue;
			out.push(ALPHABET[b % ALPHABET.length]);
			if (out.length === 10) break;
		}
	}
	const s = out.join('');
	return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Normalises what someone typed from the paper: case, spaces, missing dashes, O→0 confusions removed. */
export function normalizeVerificationCode(raw: string): string | null {
	const s = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
	if (s.length !== 10) return null;
	const code = `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
	return VERIFICATION_CODE.test(code) ? code : null;
}
