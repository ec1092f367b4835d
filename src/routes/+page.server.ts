import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { userCount } from '$lib/server/accounts/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, '/events');
	if ((await userCount(db())) === 0) redirect(303, '/setup');
	redirect(303, '/login');
};
