import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { listBatches, updateBatch } from '$lib/server/awards/batches';
import type { RequestHandler } from './$types';

/** Sets a batch's presenter ({ presenterDelegateId } or { presenterDelegateId: null, presenterName, presenterPosition }) or title. */
export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const batchId = apiIdParam(params.batchId);
	await requireEventAccess(db(), principal, eventId, 'award.edit');
	const b = await readJsonObject(request);
	const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
	await updateBatch(db(), principal, eventId, batchId, {
		title: str(b.title),
		presenterDelegateId: b.presenterDelegateId === undefined ? undefined : b.presenterDelegateId === null ? null : apiIdParam(String(b.presenterDelegateId)),
		presenterName: str(b.presenterName),
		presenterPosition: str(b.presenterPosition)
	});
	return json((await listBatches(db(), principal, eventId)).batches.find((x) => x.id === batchId));
});
