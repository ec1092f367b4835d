/**
 * The database went away (PostgreSQL restarted, the network between the app and the server dropped, too many
 * connections). Requests that need it answer 503 with a Vietnamese message — a page, or the API's
 * {error:{code:'database_unavailable'}} — instead of a generic 500, and the process stays up: postgres.js
 * reconnects by itself on the next query once the server is back, so nothing needs a restart.
 *
 * Only connection failures count. A query error (a constraint, a syntax error) is a bug or a domain error, not
 * an outage.
 */

export const DATABASE_UNAVAILABLE_CODE = 'database_unavailable';

export const DATABASE_UNAVAILABLE_MESSAGE =
	'Tạm thời không kết nối được cơ sở dữ liệu. Dữ liệu đã lưu không bị ảnh hưởng; hệ thống tự kết nối lại khi cơ sở dữ liệu ' +
	'hoạt động trở lại. Vui lòng thử lại sau ít phút.';

/** Seconds a client should wait before retrying (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/** Socket errors of the connection to PostgreSQL, and postgres.js's own connection errors. */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT'
]);

/** SQLSTATEs of a server that is going away or refusing sessions. */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300']);

/** True when `e` (or what it wraps) says the database cannot be reached. */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
	if (!e || typeof e !== 'object' || depth > 4) return false;
	const err = e as { code?: unknown; command?: unknown; cause?: unknown; errors?: unknown };
	// nodemailer's errors carry the SMTP command (CONN, DATA…): an SMTP server that is down is not the database.
	if (typeof err.code === 'string' && err.command === undefined) {
		if (CONNECTION_CODES.has(err.code) || SERVER_GONE.has(err.code) || /^08[0-9A-Z]{3}$/.test(err.code)) return true;
	}
	if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
	return isDatabaseUnavailable(err.cause, depth + 1);
}

/** A short reason for the log: the code and where, never the query or its parameters. */
export function outageReason(e: unknown): string {
	const err = e as { code?: unknown; address?: unknown; port?: unknown; errors?: unknown[] };
	const inner = Array.isArray(err?.errors) && err.errors.length ? (err.errors[0] as typeof err) : err;
	const code = typeof inner?.code === 'string' ? inner.code : 'lỗi kết nối';
	const where = typeof inner?.address === 'string' ? ` ${inner.address}${inner.port ? `:${inner.port}` : ''}` : '';
	return `${code}${where}`;
}

// Process health for the log only (one line when the outage starts and one when it ends, not one per request).
let since: number | null = null;
let failures = 0;

/** Records a failed request; logs the start of an outage once. */
export function noteOutage(e: unknown, what: string): void {
	failures++;
	if (since !== null) return;
	since = Date.now();
	console.error(`[hoi-nghi] Mất kết nối cơ sở dữ liệu (${outageReason(e)}) khi ${what}: trả lời 503 cho tới khi kết nối lại.`);
}

/** Records a request that reached the database; logs the end of an outage once. */
export function noteDatabaseReachable(): void {
	if (since === null) return;
	const seconds = ((Date.now() - since) / 1000).toFixed(1);
	console.log(`[hoi-nghi] Đã kết nối lại cơ sở dữ liệu sau ${seconds} s (${failures} yêu cầu bị từ chối với 503).`);
	since = null;
	failures = 0;
}

export function outageInProgress(): boolean {
	return since !== null;
}
