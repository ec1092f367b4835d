import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { db } from '$lib/server/db';
import { membershipsOf } from '$lib/server/auth/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async (_event, principal) => {
	const orgs = await membershipsOf(db(), principal.user.id);
	return json({
		user: { id: principal.user.id, email: principal.user.email, fullName: principal.user.fullName },
		organisations: orgs.map((o) => ({ id: o.id, name: o.name, role: o.role }))
	});
});
