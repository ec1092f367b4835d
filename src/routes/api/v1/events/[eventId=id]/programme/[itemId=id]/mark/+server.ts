import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { getProgramme, markProgrammeItem, type ProgrammeMark } from '$lib/server/programme/service';
import type { RequestHandler } from './$types';

/** The stage manager's mark: { mark: 'start' | 'end' | 'clear' }; returns the live state. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'programme.edit');
	const body = await readJsonObject(request);
	const mark = String(body.mark ?? '') as ProgrammeMark;
	if (!['start', 'end', 'clear'].includes(mark)) throw invalid({ mark: 'mark phải là start, end hoặc clear' });
	await markProgrammeItem(db(), principal, eventId, apiIdParam(params.itemId), mark);
	const { live } = await getProgramme(db(), principal, eventId);
	return json(live);
});
