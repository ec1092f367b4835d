import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { setPresentationOrder } from '$lib/server/submissions/service';
import { presentedSubmissions } from '$lib/server/submissions/programme';
import { parseOrder } from '$lib/server/submissions/schema';
import type { RequestHandler } from './$types';

/**
 * Sets the speaking order: { order: [{id, speakingMinutes}, …] } listing every presented tham luận. The
 * programme's tham luận items follow in the same transaction; `programme` says what changed there (null:
 * no programme yet).
 */
export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const parsed = parseOrder((await readJsonObject(request)).order);
	if (!parsed.ok) throw invalid(parsed.errors);
	const r = await setPresentationOrder(db(), principal, eventId, parsed.value);
	return json({ presented: await presentedSubmissions(db(), eventId), programme: r.programme });
});
