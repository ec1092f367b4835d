/**
 * Personal link tokens for delegates (reply page, QR at the door).
 *
 * The token is an HMAC of the app secret over (delegate id, version): it can be printed again at any time
 * without being stored, a database dump does not reveal it (only its SHA-256 is kept, for lookup), and
 * bumping the version revokes the old link (a substituted or cancelled delegate). Changing APP_SECRET
 * invalidates every printed QR code: keep it stable for the life of an event.
 */
import { createHmac } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { config } from '$lib/server/config';
import { hashToken } from '$lib/server/auth/tokens';

export function delegateToken(delegateId: number, version: number, secret = config().appSecret): string {
	const mac = createHmac('sha256', secret).update(`delegate:${delegateId}:${version}`).digest();
	return encodeBase32LowerCaseNoPadding(mac.subarray(0, 20));
}

export function delegateTokenHash(delegateId: number, version: number, secret?: string): string {
	return hashToken(delegateToken(delegateId, version, secret));
}

/** The personal link printed in the QR code and sent by mail. */
export function personalLink(token: string, base = config().publicUrl): string {
	return `${base}/r/${token}`;
}

/**
 * Extracts a token from whatever a scanner typed: the full link (with or without scheme, any host),
 * or the bare token. Returns null when nothing token-shaped is there.
 */
export function tokenFromScan(raw: string): string | null {
	const s = raw.trim();
	const m = /(?:^|\/r\/)([a-z2-7]{32})(?:[/?#\s]|$)/i.exec(s);
	return m ? m[1].toLowerCase() : null;
}

// Unambiguous characters for codes read aloud or typed: no 0/O, 1/I/L.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A short random code, e.g. "K7M-4QX", unique per event (the database enforces it). */
export function newDelegateCode(): string {
	const bytes = new Uint8Array(6);
	crypto.getRandomValues(bytes);
	let s = '';
	for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
	return `${s.slice(0, 3)}-${s.slice(3)}`;
}

/**
 * Inserts need the id for the token, but the id comes from the insert. Rows are inserted with a placeholder
 * hash (unique per row) and updated in the same transaction with the real one.
 */
export function placeholderTokenHash(): string {
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
