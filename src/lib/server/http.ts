/**
 * Glue between routes and services: keeps routes thin (guard → parse → call → fail/redirect) and turns
 * domain errors into form failures, error pages or JSON with a stable code.
 */
import { error, fail, json, redirect, type RequestEvent } from '@sveltejs/kit';
import { DomainError, isDomainError, isNumberOutOfRange, notFound, NUMBER_OUT_OF_RANGE_MESSAGE } from '$lib/server/errors';
import type { Principal } from '$lib/server/auth/access';
import {
	DATABASE_UNAVAILABLE_CODE,
	DATABASE_UNAVAILABLE_MESSAGE,
	RETRY_AFTER_SECONDS,
	isDatabaseUnavailable,
	noteOutage
} from '$lib/server/db/unavailable';
import { loggablePath } from '$lib/server/log';
import { isId } from '$lib/server/ids';

export { MAX_ID, isId } from '$lib/server/ids';

/** The signed-in principal of a page or action; redirects to the login page otherwise. */
export function requirePrincipal(event: Pick<RequestEvent, 'locals' | 'url'>): Principal {
	const p = event.locals.principal;
	if (!p) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return p;
}

export function idParam(value: string | undefined): number {
	const n = Number(value);
	if (!value || !isId(n)) error(404, { message: 'Không tìm thấy' });
	return n;
}

/** For load functions: a domain error becomes the error page with its status and message. */
export async function guardLoad<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (isDomainError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
}

/**
 * For form actions: a domain error becomes fail(status, { code, message, errors, values }).
 * `values` echoes what the user typed (never passwords).
 */
export async function runAction<T>(
	fn: () => Promise<T>,
	values: Record<string, unknown> = {}
): Promise<T | ReturnType<typeof fail>> {
	try {
		return await fn();
	} catch (e) {
		if (isDomainError(e)) {
			return fail(e.status, {
				code: e.code,
				message: e.message,
				errors: e.fields ?? {},
				values: stripSecrets(values),
				details: e.details ?? null
			});
		}
		// A number in a (hand-made) form too large for its column: the input's fault, said as such.
		if (isNumberOutOfRange(e))
			return fail(400, { code: 'invalid_input', message: NUMBER_OUT_OF_RANGE_MESSAGE, errors: {}, values: stripSecrets(values), details: null });
		throw e;
	}
}

export function stripSecrets(values: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(values)) {
		if (/password|secret|token/i.test(k)) continue;
		out[k] = v instanceof File ? undefined : v;
	}
	return out;
}

export function formValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v;
	return out;
}

// ---------------------------------------------------------------- JSON API

export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
	return json({ error: { code, message, ...extra } }, { status });
}

type ApiHandler = (event: RequestEvent, principal: Principal) => Promise<Response> | Response;

/**
 * Wraps a /api/v1 handler: requires a principal (API token or session), maps domain errors to
 * { error: { code, message, fields } } and unexpected ones to a 500 with an error id.
 */
export function api(handler: ApiHandler) {
	return async (event: RequestEvent): Promise<Response> => {
		const principal = event.locals.principal;
		if (!principal) {
			return apiError(401, 'unauthenticated', 'Cần khóa API hợp lệ (Authorization: Bearer …) hoặc đăng nhập', {});
		}
		try {
			return await handler(event, principal);
		} catch (e) {
			if (isDomainError(e)) {
				return apiError(e.status, e.code, e.message, {
					...(e.fields ? { fields: e.fields } : {}),
					...(e.details ? { details: e.details } : {})
				});
			}
			if (isNumberOutOfRange(e)) return apiError(400, 'invalid_input', NUMBER_OUT_OF_RANGE_MESSAGE);
			if (isDatabaseUnavailable(e)) {
				noteOutage(e, `${event.request.method} ${loggablePath(event.url.pathname)}`);
				const res = apiError(503, DATABASE_UNAVAILABLE_CODE, DATABASE_UNAVAILABLE_MESSAGE);
				res.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
				return res;
			}
			const errorId = crypto.randomUUID().slice(0, 8);
			console.error(`[hoi-nghi] lỗi API ${errorId} ${event.request.method} ${loggablePath(event.url.pathname)}:`, e);
			return apiError(500, 'internal_error', 'Đã xảy ra lỗi không mong muốn', { errorId });
		}
	};
}

/** Reads a JSON object body; a malformed or non-object body is a 400 with code invalid_json. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new DomainError('invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ');
	}
	if (!body || typeof body !== 'object' || Array.isArray(body))
		throw new DomainError('invalid_json', 'Nội dung gửi lên phải là một đối tượng JSON');
	return body as Record<string, unknown>;
}

/** Like readJsonObject, but an empty body is an empty object (endpoints whose fields are all optional). */
export async function readOptionalJsonObject(request: Request): Promise<Record<string, unknown>> {
	const text = await request.text();
	if (!text.trim()) return {};
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new DomainError('invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ');
	}
	if (!body || typeof body !== 'object' || Array.isArray(body))
		throw new DomainError('invalid_json', 'Nội dung gửi lên phải là một đối tượng JSON');
	return body as Record<string, unknown>;
}

export function apiIdParam(value: string | undefined): number {
	const n = Number(value);
	if (!value || !/^\d+$/.test(value) || !isId(n)) {
		throw notFound();
	}
	return n;
}
