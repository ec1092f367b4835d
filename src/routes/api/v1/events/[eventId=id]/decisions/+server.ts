import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { createDecision, getDecision, listDecisions } from '$lib/server/awards/service';
import { parseDecisionInput } from '$lib/server/awards/schema';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) =>
	json({ decisions: await listDecisions(db(), principal, apiIdParam(params.eventId)) })
);

/** Records a decision: { number, decisionDate, formId, issuer?, authorityLine?, signer…, fund?, fundUnit? }. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'award.edit');
	const input = parseDecisionInput(await readJsonObject(request));
	const id = await createDecision(db(), principal, eventId, input);
	return json(await getDecision(db(), principal, eventId, id), { status: 201 });
});
