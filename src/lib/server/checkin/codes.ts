/**
 * What a scanner may send: the personal link in the giấy mời's QR (`${PUBLIC_URL}/r/<token>`), the bare
 * token, or the short code printed under the QR ("K7M-4QX") typed by hand. Pure functions; the scanner
 * page has the same rules in its own copy (checkin/shared/scan-text.ts, kept equal by a unit test).
 */
import { tokenFromScan } from '$lib/server/delegates/token';

/**
 * The token in what a scanner typed, or null. Beyond tokenFromScan, accepts a 32-character base32 run
 * anywhere between separators: handheld scanners on a wrong keyboard layout garble "https://" and "/"
 * but not the letters and digits of the token.
 */
export function extractToken(raw: string): string | null {
	const direct = tokenFromScan(raw);
	if (direct) return direct;
	const m = /(?:^|[^a-z0-9])([a-z2-7]{32})(?:[^a-z0-9]|$)/i.exec(raw.trim());
	return m ? m[1].toLowerCase() : null;
}

// The alphabet of delegate codes (delegates/token.ts): no 0/O, 1/I/L.
const CODE_RE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{3}-?[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{3}$/;

/** "k7m4qx", "K7M-4QX", " k7m 4qx " → "K7M-4QX"; null when it is not a delegate code. */
export function normaliseCode(raw: string): string | null {
	const s = raw.trim().toUpperCase().replace(/[\s.]/g, '').replace(/[–—_]/g, '-');
	if (!CODE_RE.test(s)) return null;
	const c = s.replace('-', '');
	return `${c.slice(0, 3)}-${c.slice(3)}`;
}

/** What the scan log keeps of a refused scan: never a whole token (it opens the reply page). */
export function scanExcerpt(raw: string): string {
	const token = extractToken(raw);
	if (token) return `${token.slice(0, 6)}…`;
	const s = raw.replace(/\p{Cc}/gu, ' ').trim();
	return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
