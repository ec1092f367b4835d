import { json, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { sequence } from '@sveltejs/kit/hooks';
import { boot } from '$lib/server/boot';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { validateApiToken } from '$lib/server/auth/api-token';
import {
	DATABASE_UNAVAILABLE_CODE,
	DATABASE_UNAVAILABLE_MESSAGE,
	RETRY_AFTER_SECONDS,
	isDatabaseUnavailable,
	noteDatabaseReachable,
	noteOutage
} from '$lib/server/db/unavailable';
import { loggablePath } from '$lib/server/log';

export const init: ServerInit = async () => {
	await boot();
};

function clientIp(event: Parameters<Handle>[0]['event']): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.principal = null;
	const ip = clientIp(event);
	const secure = config().production && event.url.protocol === 'https:';

	const authz = event.request.headers.get('authorization');
	if (authz && event.url.pathname.startsWith('/api/')) {
		const m = /^Bearer\s+(\S+)$/i.exec(authz);
		const res = m ? await validateApiToken(db(), m[1]) : null;
		noteDatabaseReachable();
		if (res) {
			event.locals.user = res.user;
			event.locals.principal = { user: res.user, via: 'token', ip };
		}
		// A bad token never falls back to the cookie: the API client must know its token failed.
		return resolve(event);
	}

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const res = await validateSessionToken(db(), token);
		noteDatabaseReachable();
		if (res) {
			event.locals.user = res.user;
			event.locals.session = res.session;
			event.locals.principal = { user: res.user, via: 'session', ip };
			setSessionCookie(event.cookies, token, res.session.expiresAt, secure);
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID();
	const response = await resolve(event);
	// Answered without reading the request's body (an upload refused before it was looked at): read the rest
	// and drop it before answering, as Node does for a body nobody reads. Left in the connection, it keeps the
	// connection from carrying the client's next request (a reset), and closing early breaks the client's
	// upload mid-write (EPIPE). The body size limit still applies; past it, the connection is closed.
	let drained = true;
	if (event.request.body && !event.request.bodyUsed) {
		try {
			await event.request.body.pipeTo(new WritableStream());
		} catch {
			drained = false;
		}
	}
	const h = response.headers;
	// Some responses (redirects from fetch, static files) have immutable headers.
	try {
		h.set('X-Content-Type-Options', 'nosniff');
		h.set('Referrer-Policy', 'same-origin');
		h.set('X-Frame-Options', 'DENY');
		h.set('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
		h.set('Cross-Origin-Opener-Policy', 'same-origin');
		if (event.url.pathname.startsWith('/api/') && !h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
		// JSON is data, never a document: nothing in it may load or be framed, even if a browser were to render it.
		if (!h.has('Content-Security-Policy') && (h.get('Content-Type') ?? '').includes('application/json'))
			h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
		if (!drained) h.set('Connection', 'close');

	} catch {
		/* immutable headers */
	}
	return response;
};

// The page answered while the database is unreachable when no rendered page can be used (the failure came
// before any page was rendered). Plain and self-contained: it must not need the database, scripts or files.
const OUTAGE_STYLE = 'body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}h1{color:#9f1d1d;font-size:1.5rem}';
const OUTAGE_HTML =
	`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
	`<title>Tạm thời không truy cập được — Hội Nghị</title><style>${OUTAGE_STYLE}</style></head><body>` +
	`<h1>Tạm thời không truy cập được</h1><p>${DATABASE_UNAVAILABLE_MESSAGE}</p>` +
	`<p>Mã: ${DATABASE_UNAVAILABLE_CODE}</p></body></html>`;
const OUTAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(OUTAGE_STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function wantsJsonAction(event: RequestEvent): boolean {
	return event.request.method === 'POST' && (event.request.headers.get('accept') ?? '').includes('application/json');
}

/** A 503 that says the database is unreachable, in the shape the caller reads (API, form action, data, page). */
function outageResponse(event: RequestEvent, rendered: Response | null): Response {
	const headers = new Headers({ 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' });
	const error = { code: DATABASE_UNAVAILABLE_CODE, message: DATABASE_UNAVAILABLE_MESSAGE };
	if (event.url.pathname.startsWith('/api/')) return json({ error }, { status: 503, headers });
	if (event.isDataRequest) return json(error, { status: 503, headers });
	if (wantsJsonAction(event)) return json({ type: 'error', error }, { status: 503, headers });
	if (rendered && (rendered.headers.get('content-type') ?? '').startsWith('text/html')) {
		// The error page SvelteKit rendered (with handleError's message): keep it, say 503.
		const h = new Headers(rendered.headers);
		for (const [k, v] of headers) h.set(k, v);
		return new Response(rendered.body, { status: 503, headers: h });
	}
	headers.set('content-type', 'text/html; charset=utf-8');
	headers.set('content-security-policy', OUTAGE_CSP);
	return new Response(OUTAGE_HTML, { status: 503, headers });
}

/**
 * The database went away (PostgreSQL restarted, the network dropped): every request that needed it answers
 * 503 with a Vietnamese message instead of a 500, and the process stays up; postgres.js reconnects on the
 * next query once the server is back (db/unavailable.ts).
 */
const databaseOutage: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (e) {
		if (!isDatabaseUnavailable(e)) throw e;
		noteOutage(e, `${event.request.method} ${loggablePath(event.url.pathname)}`);
		return outageResponse(event, null);
	}
	if (event.locals.databaseUnavailable && response.status >= 500) return outageResponse(event, response);
	return response;
};

export const handle: Handle = sequence(securityHeaders, databaseOutage, authenticate);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (isDatabaseUnavailable(error)) {
		event.locals.databaseUnavailable = true;
		noteOutage(error, `${event.request.method} ${loggablePath(event.url.pathname)}`);
		return { message: DATABASE_UNAVAILABLE_MESSAGE, code: DATABASE_UNAVAILABLE_CODE };
	}
	const errorId = crypto.randomUUID().slice(0, 8);
	if (status !== 404) {
		console.error(`[hoi-nghi] lỗi ${errorId} ${event.request.method} ${loggablePath(event.url.pathname)}:`, error);
	}
	return {
		message: status === 404 ? 'Không tìm thấy trang' : 'Đã xảy ra lỗi không mong muốn',
		errorId
	};
};
