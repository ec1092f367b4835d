/**
 * The browser's copy of the scan rules (src/lib/server/checkin/codes.ts and delegates/token.ts run on the
 * server and import server-only config): what a scanner typed → the token or the printed code. A unit test
 * keeps both copies equal. SHA-256 comes from @oslojs/crypto because crypto.subtle exists only on secure
 * origins and the door's laptop may reach the server by a plain-http LAN address.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

export function extractToken(raw: string): string | null {
	const s = raw.trim();
	const direct = /(?:^|\/r\/)([a-z2-7]{32})(?:[/?#\s]|$)/i.exec(s);
	if (direct) return direct[1].toLowerCase();
	const m = /(?:^|[^a-z0-9])([a-z2-7]{32})(?:[^a-z0-9]|$)/i.exec(s);
	return m ? m[1].toLowerCase() : null;
}

const CODE_RE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{3}-?[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{3}$/;

export function normaliseCode(raw: string): string | null {
	const s = raw.trim().toUpperCase().replace(/[\s.]/g, '').replace(/[–—_]/g, '-');
	if (!CODE_RE.test(s)) return null;
	const c = s.replace('-', '');
	return `${c.slice(0, 3)}-${c.slice(3)}`;
}

export function sha256Hex(text: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}

/**
 * A Vietnamese input method (Unikey, Telex) left on turns a scanner's "aa" into "â", "dd" into "đ"…:
 * text that looks like a link but carries Vietnamese letters is almost surely that.
 */
export function looksGarbledByIme(raw: string): boolean {
	return /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i.test(raw) && /(https?|\/r\/|[a-z2-7]{12,})/i.test(raw);
}

/** A random id for nonces and devices (base64url of 16 random bytes). */
export function randomId(bytes = 16): string {
	const b = new Uint8Array(bytes);
	crypto.getRandomValues(b);
	let s = '';
	for (const x of b) s += String.fromCharCode(x);
	return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
