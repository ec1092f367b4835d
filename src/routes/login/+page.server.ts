import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { login, userCount } from '$lib/server/accounts/service';
import { setSessionCookie } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

function safeNext(next: string | null): string {
	// Only same-site paths: never redirect to another origin ("//evil.example" included).
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/events';
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	if ((await userCount(db())) === 0) redirect(303, '/setup');
	return { demo: config().demoSeed };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '');
		const password = String(form.get('password') ?? '');
		const res = await login(db(), {
			email,
			password,
			ip: event.getClientAddress(),
			userAgent: event.request.headers.get('user-agent')
		});
		if (!res.ok) {
			if (res.retryAfterSeconds) event.setHeaders({ 'Retry-After': String(res.retryAfterSeconds) });
			return fail(res.code === 'throttled' ? 429 : 400, { code: res.code, message: res.message, values: { email } });
		}
		setSessionCookie(event.cookies, res.token, res.session.expiresAt, config().production && event.url.protocol === 'https:');
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
};
