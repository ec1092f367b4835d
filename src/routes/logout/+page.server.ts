import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await invalidateSession(db(), locals.session.id);
		deleteSessionCookie(cookies, config().production && url.protocol === 'https:');
		redirect(303, '/login');
	}
};
