import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { ceremonyAwards, deleteAward, updateAward } from '$lib/server/awards/service';
import { parseAwardInput } from '$lib/server/awards/schema';
import type { RequestHandler } from './$types';

/** Edits a recipient (a new kind recomputes its prize); `delegateId` links who comes on stage, null unlinks. */
export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const awardId = apiIdParam(params.awardId);
	await requireEventAccess(db(), principal, eventId, 'award.edit');
	const body = await readJsonObject(request);
	const input = parseAwardInput(body, { partial: true });
	const delegateId = body.delegateId === undefined ? undefined : body.delegateId === null || body.delegateId === '' ? null : Number(body.delegateId);
	await updateAward(db(), principal, eventId, awardId, { ...input, ...(delegateId !== undefined ? { delegateId } : {}) });
	return json((await ceremonyAwards(db(), eventId)).find((a) => a.id === awardId));
});

export const DELETE: RequestHandler = api(async ({ params }, principal) => {
	await deleteAward(db(), principal, apiIdParam(params.eventId), apiIdParam(params.awardId));
	return new Response(null, { status: 204 });
});
