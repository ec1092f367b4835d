/**
 * Secrets kept in the database (the SMTP password) are sealed with AES-256-GCM under a key derived from
 * APP_SECRET, so a database dump alone does not reveal them.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { config } from './config';

function key(): Buffer {
	return createHash('sha256').update('hn-seal:' + config().appSecret).digest();
}

export function seal(plain: string): string {
	const iv = randomBytes(12);
	const c = createCipheriv('aes-256-gcm', key(), iv);
	const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
	return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Returns null when the value cannot be opened (another APP_SECRET, or tampered). */
export function unseal(sealed: string): string | null {
	const [v, iv, tag, body] = sealed.split('.');
	if (v !== 'v1' || !iv || !tag || body === undefined) return null;
	try {
		const d = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
		d.setAuthTag(Buffer.from(tag, 'base64url'));
		return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
	} catch {
		return null;
	}
}
