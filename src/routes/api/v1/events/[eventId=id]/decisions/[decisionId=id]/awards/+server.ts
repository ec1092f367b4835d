import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { addAward, getDecision } from '$lib/server/awards/service';
import { parseAwardInput } from '$lib/server/awards/schema';
import type { RequestHandler } from './$types';

/** Adds a recipient: { kind, name, salutation?, position?, unit?, achievement?, delegateId? }; the prize is computed now. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const decisionId = apiIdParam(params.decisionId);
	await requireEventAccess(db(), principal, eventId, 'award.edit');
	const body = await readJsonObject(request);
	const input = parseAwardInput(body);
	const delegateId = body.delegateId == null || body.delegateId === '' ? null : Number(body.delegateId);
	const id = await addAward(db(), principal, eventId, decisionId, { ...input, delegateId });
	const detail = await getDecision(db(), principal, eventId, decisionId);
	return json(detail.awards.find((a) => a.id === id), { status: 201 });
});
