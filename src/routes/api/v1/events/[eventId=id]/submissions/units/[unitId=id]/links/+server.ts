import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { issueLink } from '$lib/server/submissions/service';
import type { RequestHandler } from './$types';

/** A new personal link for the unit ({revokeOthers: true} to revoke the others); answered once. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const body = await readJsonObject(request);
	if (body.revokeOthers !== undefined && typeof body.revokeOthers !== 'boolean') throw invalid({ revokeOthers: 'Phải là true hoặc false' });
	const r = await issueLink(db(), principal, eventId, apiIdParam(params.unitId), { revokeOthers: body.revokeOthers === true });
	return json(r, { status: 201 });
});
