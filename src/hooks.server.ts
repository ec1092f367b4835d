import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
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
	const h = response.headers;
	// Some responses (redirects from fetch, static files) have immutable headers.
	try {
		h.set('X-Content-Type-Options', 'nosniff');
		h.set('Referrer-Policy', 'same-origin');
		h.set('X-Frame-Options', 'DENY');
		h.set('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
		h.set('Cross-Origin-Opener-Policy', 'same-origin');
		if (event.url.pathname.startsWith('/api/') && !h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
	} catch {
		/* immutable headers */
	}
	return response;
};

export const handle: Handle = sequence(securityHeaders, authenticate);

export const handleError: HandleServerError = ({ error, event, status }) => {
	const errorId = crypto.randomUUID().slice(0, 8);
	if (status !== 404) {
		console.error(`[hoi-nghi] lỗi ${errorId} ${event.request.method} ${event.url.pathname}:`, error);
	}
	return {
		message: status === 404 ? 'Không tìm thấy trang' : 'Đã xảy ra lỗi không mong muốn',
		errorId
	};
};
