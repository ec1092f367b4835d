import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { removeUnit, updateUnit } from '$lib/server/submissions/service';
import { parseUnitInput } from '$lib/server/submissions/schema';
import type { RequestHandler } from './$types';

/** Changes a unit's name, email or contact ({name, email, contactName}). */
export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const parsed = parseUnitInput(await readJsonObject(request));
	if (!parsed.ok) throw invalid(parsed.errors);
	await updateUnit(db(), principal, eventId, apiIdParam(params.unitId), parsed.value);
	return json({ ok: true });
});

/** Removes an invited unit that has sent nothing. */
export const DELETE: RequestHandler = api(async ({ params }, principal) => {
	await removeUnit(db(), principal, apiIdParam(params.eventId), apiIdParam(params.unitId));
	return json({ ok: true });
});
