import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { recentAudit } from '$lib/server/events/service';
import { isAuditGroup } from '$lib/audit-labels';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const id = idParam(event.params.eventId);
	await guardLoad(() => requireEventAccess(db(), principal, id, 'audit.view'));
	const g = event.url.searchParams.get('nhom');
	const group = isAuditGroup(g) ? g : null;
	const rows = await recentAudit(db(), id, 200, group);
	return {
		group,
		entries: rows.map((r) => ({ ...r, at: r.at.toISOString(), data: JSON.stringify(r.data), pretty: JSON.stringify(r.data, null, 2) }))
	};
};
