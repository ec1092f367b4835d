import { db } from '$lib/server/db';
import { membershipsOf } from '$lib/server/auth/access';
import { requirePrincipal } from '$lib/server/http';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const orgs = await membershipsOf(db(), principal.user.id);
	return {
		user: principal.user,
		organisations: orgs.map((o) => ({ id: o.id, name: o.name, role: o.role })),
		canAdmin: principal.user.isSystemAdmin || orgs.some((o) => o.role === 'admin')
	};
};
