import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { recentAudit } from '$lib/server/events/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const id = idParam(event.params.eventId);
	await guardLoad(() => requireEventAccess(db(), principal, id, 'audit.view'));
	const rows = await recentAudit(db(), id, 200);
	return {
		entries: rows.map((r) => ({ ...r, at: r.at.toISOString(), data: JSON.stringify(r.data) }))
	};
};
